/* lt_ingest.c — dispatching a file to its reader. */
#include "lt_ingest.h"

#include <string.h>

#include "lt_buf.h"
#include "lt_input.h"
#include "lt_jsonl_reader.h"
#include "lt_text_reader.h"
#include "lt_utf8.h"

/* Bytes looked at to tell formats apart. */
#define SNIFF_BYTES 8192

/* Repairs raw bytes into `out`: UTF-8 as such, legacy 8-bit text through
 * windows-1252. */
static lt_status decode_text(const char *name, const lt_buf *raw, lt_buf *out,
                             const lt_warn *warn) {
    lt_status rc;
    size_t repaired = 0;
    if (lt_utf8_looks_legacy(raw->data, raw->len)) {
        lt_buf tmp;
        lt_buf_init(&tmp, raw->max + raw->max / 2);
        rc = lt_cp1252_to_utf8(raw->data, raw->len, &tmp);
        if (rc == LT_OK)
            rc = lt_utf8_clean(tmp.data, tmp.len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES,
                               out, NULL);
        lt_buf_release(&tmp);
        if (rc == LT_OK)
            lt_warnf(warn, "%s:1: not UTF-8; read as windows-1252", name);
        return rc;
    }
    rc = lt_utf8_clean(raw->data, raw->len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES, out,
                       &repaired);
    if (rc == LT_OK && repaired)
        lt_warnf(warn, "%s:1: %zu invalid UTF-8 sequence%s replaced", name, repaired,
                 repaired == 1 ? "" : "s");
    return rc;
}

static lt_status ingest_text(lt_input *in, const char *source,
                             const lt_config *config, const lt_warn *warn,
                             lt_thread_fn fn, void *ctx, lt_ingest_result *result,
                             lt_error *err) {
    lt_buf raw, text;
    lt_thread *t = NULL;
    lt_status rc;
    lt_buf_init(&raw, LT_MAX_DOCUMENT_BYTES);
    lt_buf_init(&text, LT_MAX_DOCUMENT_BYTES + LT_MAX_DOCUMENT_BYTES / 2);
    rc = lt_input_read_all(in, LT_MAX_DOCUMENT_BYTES, &raw, err);
    if (rc != LT_OK) goto done;
    result->bytes = raw.len;
    rc = decode_text(source, &raw, &text, warn);
    if (rc != LT_OK) {
        rc = lt_error_set(err, rc, "%s: out of memory", source);
        goto done;
    }
    rc = lt_text_read(source, text.data, text.len, config, warn, &t, err);
    if (rc != LT_OK) goto done;
    if (lt_set_string(&t->id, source, strlen(source)) != LT_OK) {
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", source);
        goto done;
    }
    rc = fn(ctx, t, err);
    if (rc == LT_OK) result->threads = 1;
done:
    lt_thread_free(t);
    lt_buf_release(&raw);
    lt_buf_release(&text);
    return rc;
}

lt_status lt_ingest_file(const char *path, const char *source,
                         const lt_config *config, const lt_warn *warn,
                         lt_thread_fn fn, void *ctx, lt_ingest_result *result,
                         lt_error *err) {
    lt_input *in = NULL;
    const char *head;
    size_t head_len;
    lt_status rc;
    memset(result, 0, sizeof *result);
    rc = lt_input_open(path, &in, err);
    if (rc != LT_OK) return rc;
    rc = lt_input_peek(in, SNIFF_BYTES, &head, &head_len, err);
    if (rc != LT_OK) goto done;
    if (head_len == 0) {
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: empty file", source);
        goto done;
    }
    result->format = lt_format_detect(path, head, head_len);
    switch (result->format) {
    case LT_FORMAT_BINARY:
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: binary data, not a forum thread",
                          source);
        break;
    case LT_FORMAT_HTML:
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: HTML input is not supported yet",
                          source);
        break;
    case LT_FORMAT_JSONL: {
        lt_jsonl_counts counts;
        rc = lt_jsonl_read(in, source, config, warn, fn, ctx, &counts, err);
        result->threads = counts.threads;
        result->bad_parts = counts.bad;
        result->bytes = lt_input_bytes(in);
        break;
    }
    case LT_FORMAT_TEXT:
        rc = ingest_text(in, source, config, warn, fn, ctx, result, err);
        break;
    }
done:
    /* Messages from the input layer name the path; readers name the source. */
    lt_input_close(in);
    return rc;
}
