/* sd_http.c — building responses: compression, headers, errors. */
#define _GNU_SOURCE  /* strcasestr */
#include "sd_http.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

/* Bodies smaller than this go out as they are: gzip would not pay. */
#define GZIP_MIN_BYTES 512

static const char page_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

double sd_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

const char *sd_param(sd_request *r, const char *name) {
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* 1 if Accept-Encoding lists gzip with a quality above zero. */
static int accepts_gzip(sd_request *r) {
    const char *ae = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_ACCEPT_ENCODING);
    const char *p;
    if (!ae) return 0;
    for (p = ae; (p = strcasestr(p, "gzip")) != NULL; p += 4) {
        const char *q = p + 4;
        while (*q == ' ') q++;
        if (!strncmp(q, ";q=", 3) || !strncmp(q, "; q=", 4)) {
            q = strchr(q, '=') + 1;
            if (strtod(q, NULL) <= 0.0) continue;
        }
        return 1;
    }
    return 0;
}

/* Each thread keeps its deflate state and resets it per body: setting one
 * up allocates and clears some 270 KB, which took as long as compressing
 * a 6 KB answer (about 80 us of 170 per answer of the benchmark's mix).
 * Level 1, as web servers compress by default: on the benchmark's answers
 * (5.6 KB of JSON) 35.6% of the bytes against level 6's 33.0%, for 30%
 * fewer instructions in deflate. */
static pthread_key_t deflater_key;
static pthread_once_t deflater_once = PTHREAD_ONCE_INIT;
static int deflater_key_ok;

static void deflater_free(void *z) {
    deflateEnd(z);
    free(z);
}

static void deflater_key_create(void) {
    deflater_key_ok = pthread_key_create(&deflater_key, deflater_free) == 0;
}

/* This thread's deflate state, ready for a new body; NULL when none can be
 * had (the body then goes out as it is). */
static z_stream *deflater(void) {
    z_stream *z;
    if (pthread_once(&deflater_once, deflater_key_create) != 0 || !deflater_key_ok) return NULL;
    if ((z = pthread_getspecific(deflater_key)) != NULL) return deflateReset(z) == Z_OK ? z : NULL;
    if (!(z = calloc(1, sizeof *z))) return NULL;
    if (deflateInit2(z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return NULL;
    }
    if (pthread_setspecific(deflater_key, z) != 0) {
        deflater_free(z);
        return NULL;
    }
    return z;
}

static int gzip_body(const lt_buf *in, lt_buf *out) {
    z_stream *z = deflater();
    if (!z || lt_buf_reserve(out, deflateBound(z, in->len)) != LT_OK) return -1;
    z->next_in = (Bytef *)in->data;
    z->avail_in = (uInt)in->len;
    z->next_out = (Bytef *)out->data;
    z->avail_out = (uInt)(out->cap - 1);
    if (deflate(z, Z_FINISH) != Z_STREAM_END) return -1;
    out->len = z->total_out;
    return 0;
}

enum MHD_Result sd_respond(sd_request *r, unsigned status, const char *content_type,
                           lt_buf *body, unsigned flags) {
    struct MHD_Response *resp;
    enum MHD_Result ret;
    lt_buf packed;
    size_t len;
    char *data;
    int gz = 0;
    lt_buf_init(&packed, body->len + 1024);
    if (body->len >= GZIP_MIN_BYTES && accepts_gzip(r) && gzip_body(body, &packed) == 0) {
        gz = 1;
        data = lt_buf_detach(&packed, &len);
    } else {
        data = lt_buf_detach(body, &len);
    }
    lt_buf_release(&packed);
    lt_buf_reset(body);
    if (!data) return MHD_NO;
    resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    if (gz) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    if (flags & SD_NO_STORE) MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (flags & SD_CACHE)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600");
    if (flags & SD_PAGE) {
        MHD_add_response_header(resp, "Content-Security-Policy", page_csp);
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
    if ((flags & SD_API) && r->config->allow_origin) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", r->config->allow_origin);
        if (strcmp(r->config->allow_origin, "*") != 0)
            MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Origin");
    }
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    r->status = status;
    r->bytes = len;
    if (r->deferred) {
        r->ready = resp;
        return MHD_YES;
    }
    ret = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

enum MHD_Result sd_respond_error(sd_request *r, unsigned status, const char *message) {
    json_t *o = json_pack("{s:s, s:i}", "error", message, "status", (int)status);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    lt_buf body;
    enum MHD_Result ret;
    json_decref(o);
    lt_buf_init(&body, 64 * 1024);
    lt_buf_append_str(&body, s ? s : "{\"error\":\"out of memory\"}");
    lt_buf_append_char(&body, '\n');
    free(s);
    ret = sd_respond(r, status, "application/json; charset=utf-8", &body,
                     SD_NO_STORE | SD_API);
    lt_buf_release(&body);
    return ret;
}
