/* sd_api.c — the JSON endpoints. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lt_results_json.h"
#include "lt_suggest.h"
#include "lt_thread_json.h"
#include "lt_thread_view.h"
#include "lt_utf8.h"
#include "sd_handlers.h"
#include "sd_metrics.h"
#include "sd_params.h"
#include "sd_searchers.h"

#define JSON_TYPE "application/json; charset=utf-8"

static const char *get_param(void *ctx, const char *name) { return sd_param(ctx, name); }

/* An index error: this thread's view is dropped and reopened next time. */
static enum MHD_Result unavailable(sd_request *r, const lt_error *err) {
    sd_searcher_discard();
    fprintf(stderr, "lantern-searchd: index error: %s\n", err->message);
    return sd_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "the index cannot be read just now");
}

static enum MHD_Result send_json(sd_request *r, json_t *o) {
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    lt_buf body;
    enum MHD_Result ret;
    json_decref(o);
    if (!s) return sd_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    lt_buf_init(&body, strlen(s) + 2);
    lt_buf_append_str(&body, s);
    lt_buf_append_char(&body, '\n');
    free(s);
    ret = sd_respond(r, MHD_HTTP_OK, JSON_TYPE, &body, SD_NO_STORE | SD_API);
    lt_buf_release(&body);
    return ret;
}

enum MHD_Result sd_api_search(sd_request *r) {
    sd_search_params p;
    char why[256];
    lt_searcher *s;
    lt_results *res;
    lt_error err;
    char *json;
    lt_buf body;
    enum MHD_Result ret;
    if (sd_params_parse(get_param, r, &p, why, sizeof why) != 0)
        return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, why);
    if (!p.q[0]) return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, "q is required");
    if (sd_searcher_get(&s, &err) != LT_OK) return unavailable(r, &err);
    if (lt_search(s, p.q, &p.options, &res, &err) != LT_OK) {
        if (err.status == LT_EINVAL) return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, err.message);
        return unavailable(r, &err);
    }
    json = lt_results_to_json_string(res);
    lt_results_free(res);
    if (!json) return sd_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    /* The same bytes as lantern-search --json, newline included. */
    lt_buf_init(&body, strlen(json) + 2);
    lt_buf_append_str(&body, json);
    lt_buf_append_char(&body, '\n');
    free(json);
    ret = sd_respond(r, MHD_HTTP_OK, JSON_TYPE, &body, SD_NO_STORE | SD_API);
    lt_buf_release(&body);
    return ret;
}

enum MHD_Result sd_api_suggest(sd_request *r) {
    const char *q = sd_param(r, "q");
    lt_searcher *s;
    lt_suggestions sg;
    lt_error err;
    json_t *o, *arr;
    size_t i;
    if (!q) return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, "q is required");
    if (strlen(q) > LT_SEARCH_MAX_QUERY_BYTES)
        return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, "q is too long");
    if (!lt_utf8_valid(q, strlen(q)))
        return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, "q is not valid UTF-8");
    if (sd_searcher_get(&s, &err) != LT_OK) return unavailable(r, &err);
    if (lt_suggest(s, q, 8, &sg, &err) != LT_OK) return unavailable(r, &err);
    arr = json_array();
    for (i = 0; arr && i < sg.n; i++) json_array_append_new(arr, json_string(sg.v[i]));
    lt_suggestions_release(&sg);
    o = arr ? json_pack("{s:s, s:o}", "query", q, "suggestions", arr) : NULL;
    return send_json(r, o);
}

enum MHD_Result sd_api_thread(sd_request *r) {
    const char *id = sd_param(r, "id");
    lt_searcher *s;
    lt_thread *t;
    lt_error err;
    lt_status rc;
    if (!id || !*id) return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, "id is required");
    if (strlen(id) > LT_MAX_NAME_BYTES || !lt_utf8_valid(id, strlen(id)))
        return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, "id is not a thread id");
    if (sd_searcher_get(&s, &err) != LT_OK) return unavailable(r, &err);
    rc = lt_thread_view(s, id, &t, &err);
    if (rc == LT_ENOTFOUND) return sd_respond_error(r, MHD_HTTP_NOT_FOUND, "no such thread");
    if (rc == LT_EINVAL) return sd_respond_error(r, MHD_HTTP_BAD_REQUEST, err.message);
    if (rc != LT_OK) return unavailable(r, &err);
    {
        /* The thread in the JSON Lines input format (corpus/FORMAT.md). */
        json_t *o = lt_thread_to_json(t);
        lt_thread_free(t);
        return send_json(r, o);
    }
}

enum MHD_Result sd_api_health(sd_request *r) {
    lt_searcher *s;
    lt_index_info info;
    lt_error err;
    if (sd_searcher_get(&s, &err) != LT_OK || lt_searcher_info(s, &info, &err) != LT_OK) {
        json_t *o = json_pack("{s:s, s:s}", "status", "unavailable", "error", err.message);
        char *txt = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        lt_buf body;
        enum MHD_Result ret;
        sd_searcher_discard();
        json_decref(o);
        lt_buf_init(&body, 4096);
        lt_buf_append_str(&body, txt ? txt : "{\"status\":\"unavailable\"}");
        lt_buf_append_char(&body, '\n');
        free(txt);
        ret = sd_respond(r, MHD_HTTP_SERVICE_UNAVAILABLE, JSON_TYPE, &body, SD_NO_STORE | SD_API);
        lt_buf_release(&body);
        return ret;
    }
    return send_json(r, json_pack("{s:s, s:I, s:I}", "status", "ok", "documents",
                                  (json_int_t)info.doc_count, "revision",
                                  (json_int_t)info.revision));
}

enum MHD_Result sd_api_metrics(sd_request *r) {
    lt_searcher *s;
    lt_index_info info = {0, 0};
    lt_error err;
    lt_buf body;
    enum MHD_Result ret;
    if (sd_searcher_get(&s, &err) != LT_OK || lt_searcher_info(s, &info, &err) != LT_OK)
        sd_searcher_discard();
    lt_buf_init(&body, 1u << 20);
    sd_metrics_render(&body, info.doc_count, info.revision);
    ret = sd_respond(r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", &body,
                     SD_NO_STORE);
    lt_buf_release(&body);
    return ret;
}
