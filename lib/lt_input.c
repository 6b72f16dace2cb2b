/* lt_input.c — a buffered, bounded reader over zlib's gz files. */
#include "lt_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (64u * 1024u)

struct lt_input {
    gzFile gz;
    char *path;
    int compressed;
    char *buf;          /* buffered bytes not yet consumed: buf[pos..end) */
    size_t pos, end, cap;
    int at_eof;         /* gzread has reported the end */
    int checked_direct; /* `compressed` has been set */
    size_t line_no;
    uint64_t delivered;
};

lt_status lt_input_open(const char *path, lt_input **out, lt_error *err) {
    lt_input *in;
    struct stat st;
    int fd;
    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return lt_error_set(err, errno == ENOENT ? LT_ENOTFOUND : LT_EIO,
                            "%s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return lt_error_set(err, LT_EIO, "%s: not a regular file", path);
    }
    in = calloc(1, sizeof *in);
    if (!in || !(in->path = strdup(path)) || !(in->buf = malloc(CHUNK))) {
        if (in) free(in->path);
        free(in);
        close(fd);
        return lt_error_set(err, LT_ENOMEM, "%s: out of memory", path);
    }
    in->cap = CHUNK;
    in->gz = gzdopen(fd, "rb");
    if (!in->gz) {
        close(fd);
        free(in->buf);
        free(in->path);
        free(in);
        return lt_error_set(err, LT_ENOMEM, "%s: out of memory", path);
    }
    gzbuffer(in->gz, CHUNK);
    *out = in;
    return LT_OK;
}

void lt_input_close(lt_input *in) {
    if (!in) return;
    gzclose(in->gz);
    free(in->buf);
    free(in->path);
    free(in);
}

int lt_input_compressed(const lt_input *in) { return in->compressed; }
size_t lt_input_line_no(const lt_input *in) { return in->line_no; }
uint64_t lt_input_bytes(const lt_input *in) { return in->delivered; }

/* Reads more bytes into the buffer, growing it to hold `want` unconsumed
 * bytes when asked. Returns LT_OK with at_eof set at the end. */
static lt_status fill(lt_input *in, size_t want, lt_error *err) {
    int n, errnum;
    const char *msg;
    if (in->at_eof) return LT_OK;
    if (in->pos > 0 && in->pos == in->end) in->pos = in->end = 0;
    if (in->pos > 0 && in->end + CHUNK > in->cap) {
        memmove(in->buf, in->buf + in->pos, in->end - in->pos);
        in->end -= in->pos;
        in->pos = 0;
    }
    if (want < CHUNK) want = CHUNK;
    if (in->end + want > in->cap) {
        size_t cap = in->end + want;
        char *nb = realloc(in->buf, cap);
        if (!nb) return lt_error_set(err, LT_ENOMEM, "%s: out of memory", in->path);
        in->buf = nb;
        in->cap = cap;
    }
    n = gzread(in->gz, in->buf + in->end, (unsigned)(in->cap - in->end));
    if (!in->checked_direct && n >= 0) {
        /* gzdirect is only meaningful once gzread has looked at the data. */
        in->compressed = !gzdirect(in->gz);
        in->checked_direct = 1;
    }
    if (n > 0) {
        in->end += (size_t)n;
        return LT_OK;
    }
    msg = gzerror(in->gz, &errnum);
    if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
        /* zlib reports a cut-off stream as Z_BUF_ERROR at the end. */
        if (errnum == Z_ERRNO)
            return lt_error_set(err, LT_EIO, "%s: %s", in->path, strerror(errno));
        if (errnum == Z_BUF_ERROR)
            return lt_error_set(err, LT_EFORMAT,
                                "%s: truncated gzip data (unexpected end of file)",
                                in->path);
        return lt_error_set(err, LT_EFORMAT, "%s: damaged gzip data: %s",
                            in->path, msg ? msg : "unknown zlib error");
    }
    in->at_eof = 1;
    return LT_OK;
}

lt_status lt_input_peek(lt_input *in, size_t n, const char **data,
                        size_t *len, lt_error *err) {
    while (in->end - in->pos < n && !in->at_eof) {
        lt_status rc = fill(in, n - (in->end - in->pos), err);
        if (rc != LT_OK) return rc;
    }
    *data = in->buf + in->pos;
    *len = in->end - in->pos < n ? in->end - in->pos : n;
    return LT_OK;
}

lt_status lt_input_read_all(lt_input *in, size_t max, lt_buf *out,
                            lt_error *err) {
    size_t start = out->len;
    for (;;) {
        size_t have = in->end - in->pos;
        lt_status rc;
        if (have) {
            if (out->len - start + have > max)
                return lt_error_set(err, LT_ELIMIT, "%s: larger than %zu bytes",
                                    in->path, max);
            if (lt_buf_append(out, in->buf + in->pos, have) != LT_OK)
                return lt_error_set(err, LT_ENOMEM, "%s: out of memory", in->path);
            in->pos = in->end;
            in->delivered += have;
        }
        if (in->at_eof) return LT_OK;
        rc = fill(in, CHUNK, err);
        if (rc != LT_OK) return rc;
    }
}

lt_status lt_input_read_line(lt_input *in, size_t max, lt_buf *line,
                             int *eof, lt_error *err) {
    int too_long = 0, got_any = 0;
    lt_buf_reset(line);
    *eof = 0;
    for (;;) {
        const char *start, *nl;
        size_t take;
        if (in->pos == in->end) {
            lt_status rc;
            if (in->at_eof) {
                if (!got_any) { *eof = 1; return LT_OK; }
                break;   /* a last line without its LF */
            }
            rc = fill(in, CHUNK, err);
            if (rc != LT_OK) return rc;
            continue;
        }
        start = in->buf + in->pos;
        nl = memchr(start, '\n', in->end - in->pos);
        take = nl ? (size_t)(nl - start) : in->end - in->pos;
        got_any = 1;
        if (!too_long && line->len + take > max) {
            too_long = 1;
            lt_buf_reset(line);
        }
        if (!too_long && lt_buf_append(line, start, take) != LT_OK)
            return lt_error_set(err, LT_ENOMEM, "%s: out of memory", in->path);
        in->pos += take + (nl ? 1 : 0);
        in->delivered += take + (nl ? 1 : 0);
        if (nl) break;
    }
    in->line_no++;
    if (too_long)
        return lt_error_set(err, LT_ELIMIT, "%s:%zu: line longer than %zu bytes",
                            in->path, in->line_no, max);
    return LT_OK;
}
