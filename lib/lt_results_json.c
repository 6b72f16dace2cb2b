/* lt_results_json.c — writing the search JSON (lt_results_json.h). */
#include "lt_results_json.h"

#include <math.h>
#include <string.h>

#include "lt_json_out.h"

/* Reals to 10 significant digits, as the JSON has always printed them. */
#define REAL_DIGITS 10
/* Far past a page of LT_SEARCH_MAX_LIMIT hits with their snippets. */
#define MAX_JSON_BYTES (64u << 20)

/* `"key":` then a string, null for NULL when `nullable`, else a failure. */
static lt_status string_field(lt_buf *b, const char *key, const char *v, int nullable) {
    lt_buf_append_str(b, key);
    if (!v && !nullable) return LT_EFORMAT;
    return lt_json_string_or_null(b, v);
}

static lt_status hit_json(lt_buf *b, const lt_hit *h) {
    lt_status rc;
    lt_buf_appendf(b, "{\"rank\":%u,\"score\":", h->rank);
    if ((rc = lt_json_real(b, round(h->score * 10000) / 10000, REAL_DIGITS)) != LT_OK ||
        (rc = string_field(b, ",\"doc\":", h->doc, 0)) != LT_OK ||
        (rc = string_field(b, ",\"thread\":", h->thread, 0)) != LT_OK)
        return rc;
    lt_buf_appendf(b, ",\"post\":%u", h->post);
    if ((rc = string_field(b, ",\"title\":", h->title, 0)) != LT_OK ||
        (rc = string_field(b, ",\"author\":", h->author, 0)) != LT_OK ||
        (rc = string_field(b, ",\"role\":", lt_role_name(h->role), 0)) != LT_OK ||
        (rc = string_field(b, ",\"type\":", lt_doc_type_name(h->type), 0)) != LT_OK ||
        (rc = string_field(b, ",\"date\":", h->date[0] ? h->date : NULL, 1)) != LT_OK ||
        (rc = string_field(b, ",\"url\":", h->url, 1)) != LT_OK ||
        (rc = string_field(b, ",\"forum\":", h->forum, 1)) != LT_OK ||
        (rc = string_field(b, ",\"snippet\":", h->snippet, 0)) != LT_OK)
        return rc;
    lt_buf_appendf(b, ",\"more_in_thread\":%u}", h->more_in_thread);
    return lt_buf_status(b);
}

char *lt_results_to_json_string(const lt_results *r) {
    lt_buf b;
    lt_status rc;
    size_t i;
    lt_buf_init(&b, MAX_JSON_BYTES);
    lt_buf_reserve(&b, 1024 + r->n_hits * 1024);
    rc = string_field(&b, "{\"query\":", r->query, 0);
    if (rc == LT_OK) rc = string_field(&b, ",\"corrected\":", r->corrected, 1);
    /* true when the results are the correction's (the query as typed
     * found too little): show "Showing results for …". */
    lt_buf_appendf(&b, ",\"showing_corrected\":%s,\"total\":%u,\"took_ms\":",
                   r->showing_corrected ? "true" : "false", (unsigned)r->total);
    if (rc == LT_OK) rc = lt_json_real(&b, round(r->took_ms * 1000) / 1000, REAL_DIGITS);
    lt_buf_appendf(&b, ",\"offset\":%u,\"limit\":%u,\"results\":[", r->offset, r->limit);
    for (i = 0; rc == LT_OK && i < r->n_hits; i++) {
        if (i) lt_buf_append_char(&b, ',');
        rc = hit_json(&b, &r->hits[i]);
    }
    lt_buf_append(&b, "]}", 2);
    if (rc == LT_OK) rc = lt_buf_status(&b);
    if (rc != LT_OK) {
        lt_buf_release(&b);
        return NULL;
    }
    return lt_buf_detach(&b, NULL);
}
