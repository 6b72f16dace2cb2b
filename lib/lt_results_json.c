/* lt_results_json.c — building the search JSON with jansson. */
#include "lt_results_json.h"

#include <math.h>

/* jansson's _new setters take the reference: no decref after them. */
static int set_opt_str(json_t *o, const char *key, const char *v) {
    return json_object_set_new(o, key, v ? json_string(v) : json_null());
}

json_t *lt_results_to_json(const lt_results *r) {
    json_t *o = json_object(), *hits = json_array();
    size_t i;
    int bad = 0;
    if (!o || !hits) goto fail;
    bad |= json_object_set_new(o, "query", json_string(r->query));
    bad |= set_opt_str(o, "corrected", r->corrected);
    /* true when the results are the correction's (the query as typed
     * found too little): show "Showing results for …". */
    bad |= json_object_set_new(o, "showing_corrected", json_boolean(r->showing_corrected));
    bad |= json_object_set_new(o, "total", json_integer(r->total));
    bad |= json_object_set_new(o, "took_ms", json_real(round(r->took_ms * 1000) / 1000));
    bad |= json_object_set_new(o, "offset", json_integer(r->offset));
    bad |= json_object_set_new(o, "limit", json_integer(r->limit));
    for (i = 0; i < r->n_hits; i++) {
        const lt_hit *h = &r->hits[i];
        json_t *ho = json_object();
        if (!ho) goto fail;
        bad |= json_object_set_new(ho, "rank", json_integer(h->rank));
        bad |= json_object_set_new(ho, "score", json_real(round(h->score * 10000) / 10000));
        bad |= json_object_set_new(ho, "doc", json_string(h->doc));
        bad |= json_object_set_new(ho, "thread", json_string(h->thread));
        bad |= json_object_set_new(ho, "post", json_integer(h->post));
        bad |= json_object_set_new(ho, "title", json_string(h->title));
        bad |= json_object_set_new(ho, "author", json_string(h->author));
        bad |= json_object_set_new(ho, "role", json_string(lt_role_name(h->role)));
        bad |= json_object_set_new(ho, "type", json_string(lt_doc_type_name(h->type)));
        bad |= set_opt_str(ho, "date", h->date[0] ? h->date : NULL);
        bad |= set_opt_str(ho, "url", h->url);
        bad |= set_opt_str(ho, "forum", h->forum);
        bad |= json_object_set_new(ho, "snippet", json_string(h->snippet));
        bad |= json_object_set_new(ho, "more_in_thread", json_integer(h->more_in_thread));
        bad |= json_array_append_new(hits, ho);
    }
    bad |= json_object_set_new(o, "results", hits);
    hits = NULL;
    if (bad) goto fail;
    return o;
fail:
    json_decref(hits);
    json_decref(o);
    return NULL;
}

char *lt_results_to_json_string(const lt_results *r) {
    json_t *o = lt_results_to_json(r);
    char *s;
    if (!o) return NULL;
    s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(o);
    return s;
}
