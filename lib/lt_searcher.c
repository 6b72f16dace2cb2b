/* lt_searcher.c — query building, matching, and turning matches into hits. */
#include "lt_searcher.h"
#include "lt_searcher_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lt_buf.h"
#include "lt_rank.h"
#include "lt_record.h"
#include "lt_schema.h"
#include "lt_snippet.h"
#include "lt_spelling.h"
#include "lt_stem.h"
#include "lt_tiers.h"
#include "lt_total.h"
#include "lt_utf8.h"
#include "lt_xc.h"
#include "xc.h"

#define DEFAULT_LIMIT 10
#define DEFAULT_SNIPPET_BYTES 240
/* Reopen-and-retry rounds when the writer has moved the index on. */
#define MODIFIED_RETRIES 3

struct lt_searcher {
    xc_database *db;
    lt_stemmer *stemmer;
    lt_vocab *vocab;       /* built in, from the index, and added files */
    char *name;            /* the first path, for messages */
    /* The index's threads per post (lt_total.h), measured at the first
     * search that needs it and again after each reopen: 0 when unknown. */
    int ratio_measured;
    double threads_per_post;
    uint32_t ratio_docs;   /* documents when it was measured */
};

void lt_search_options_init(lt_search_options *o) {
    memset(o, 0, sizeof *o);
    o->limit = DEFAULT_LIMIT;
    o->role_filter = -1;
    o->type_filter = -1;
}

/* ---- The vocabulary stored in the index (lt_writer_store_vocabulary) ---- */

typedef struct vocab_load {
    lt_searcher *s;
    lt_buf text;          /* "key = alt" / "key ~ alt" lines for lt_vocab_parse */
    const char *key;
    xc_error *xe;
    int failed;
} vocab_load;

static int add_synonym_line(void *ctx, const char *syn, size_t len, uint32_t wdf) {
    vocab_load *l = ctx;
    int related = len > 2 && syn[0] == '~' && syn[1] == ' ';
    (void)wdf;
    if (related) { syn += 2; len -= 2; }
    lt_buf_appendf(&l->text, "%s %c %.*s\n", l->key, related ? '~' : '=', (int)len, syn);
    return 0;
}

static int add_synonym_key(void *ctx, const char *term, size_t len, uint32_t wdf) {
    vocab_load *l = ctx;
    char key[1024];
    (void)wdf;
    /* Keys with '=' or '~' in them were never written by Lantern. */
    if (len >= sizeof key || memchr(term, '=', len) || memchr(term, '~', len)) return 0;
    memcpy(key, term, len);
    key[len] = '\0';
    l->key = key;
    if (xc_database_synonyms(l->s->db, key, add_synonym_line, l, l->xe) != XC_OK) {
        l->failed = 1;
        return 1;
    }
    return 0;
}

/* Adds the index's stored vocabulary: a site's own entries come with the
 * index. Shards that cannot give their synonyms (remote ones) add none;
 * the built-in vocabulary still works. */
static lt_status load_index_vocabulary(lt_searcher *s, lt_error *err) {
    vocab_load l;
    xc_error xe;
    lt_status rc = LT_OK;
    l.s = s;
    l.xe = &xe;
    l.failed = 0;
    lt_buf_init(&l.text, 16u << 20);
    if (xc_database_synonym_keys(s->db, add_synonym_key, &l, &xe) == XC_OK && !l.failed &&
        lt_buf_status(&l.text) == LT_OK && l.text.len)
        rc = lt_vocab_parse(s->vocab, s->stemmer, "the index's vocabulary", l.text.data,
                            l.text.len, err);
    lt_buf_release(&l.text);
    return rc;
}

lt_status lt_searcher_open(const char *const *paths, size_t n_paths,
                           lt_searcher **out, lt_error *err) {
    lt_searcher *s;
    xc_error xe;
    lt_status rc;
    char *schema = NULL;
    xc_database_stats stats;
    *out = NULL;
    if (n_paths == 0) return lt_error_set(err, LT_EINVAL, "no index given");
    s = calloc(1, sizeof *s);
    /* The stemmer's cache holds the words of many pages' snippets (which
     * stem every word of the posts shown, thousands for a page of long
     * ones): with room for a page only, each query stemmed them afresh.
     * Its memory is touched only as it fills. */
    if (!s || !(s->name = strdup(paths[0])) || !(s->stemmer = lt_stemmer_new_sized(16))) {
        lt_searcher_free(s);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    if (xc_database_open(paths, n_paths, &s->db, &xe) != XC_OK ||
        xc_database_stats_get(s->db, &stats, &xe) != XC_OK ||
        xc_database_get_metadata(s->db, LT_SCHEMA_KEY, &schema, &xe) != XC_OK) {
        rc = lt_error_from_xc(err, s->name, &xe);
        goto fail;
    }
    if (!(s->vocab = lt_vocab_new())) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = lt_vocab_add_builtin(s->vocab, s->stemmer, err)) != LT_OK) goto fail;
    if ((rc = load_index_vocabulary(s, err)) != LT_OK) goto fail;
    if (stats.doc_count > 0 && strcmp(schema, LT_SCHEMA_VERSION) != 0) {
        rc = lt_error_set(err, LT_EINDEX,
                          "%s: written by another version of Lantern (schema '%s', this one "
                          "reads '%s'): index the archive again into a new folder",
                          s->name, schema, LT_SCHEMA_VERSION);
        goto fail;
    }
    free(schema);
    *out = s;
    return LT_OK;
fail:
    free(schema);
    lt_searcher_free(s);
    return rc;
}

xc_database *lt_searcher_db(lt_searcher *s) { return s->db; }
const char *lt_searcher_name(const lt_searcher *s) { return s->name; }

lt_status lt_searcher_add_vocabulary(lt_searcher *s, const char *path, lt_error *err) {
    return lt_vocab_load(s->vocab, s->stemmer, path, err);
}

void lt_searcher_free(lt_searcher *s) {
    if (!s) return;
    lt_vocab_free(s->vocab);
    xc_database_free(s->db);
    lt_stemmer_free(s->stemmer);
    free(s->name);
    free(s);
}

void lt_searcher_cache_lengths(lt_searcher *s, int on) { xc_database_cache_lengths(s->db, on); }

void lt_searcher_keep_postings(size_t bytes) { xc_postings_cache_budget(bytes); }

size_t lt_searcher_kept_postings(void) { return xc_postings_cache_bytes(); }

lt_status lt_searcher_reopen(lt_searcher *s, int *changed, lt_error *err) {
    xc_error xe;
    int moved = 1;
    if (xc_database_reopen(s->db, &moved, &xe) != XC_OK)
        return lt_error_from_xc(err, s->name, &xe);
    /* The daemon reopens every second: measure again only what moved. */
    if (moved) s->ratio_measured = 0;
    if (changed) *changed = moved;
    return LT_OK;
}

lt_status lt_searcher_info(lt_searcher *s, lt_index_info *out, lt_error *err) {
    xc_error xe;
    xc_database_stats st;
    if (xc_database_stats_get(s->db, &st, &xe) != XC_OK ||
        xc_database_revision(s->db, &out->revision, &xe) != XC_OK)
        return lt_error_from_xc(err, s->name, &xe);
    out->doc_count = st.doc_count;
    return LT_OK;
}

/* Frees the hits of r and what the last attempt at the search left. */
static void clear_results(lt_results *r) {
    size_t i;
    for (i = 0; i < r->n_hits; i++) {
        lt_hit *h = &r->hits[i];
        free(h->doc);
        free(h->thread);
        free(h->title);
        free(h->author);
        free(h->url);
        free(h->forum);
        free(h->snippet);
    }
    free(r->hits);
    free(r->corrected);
    r->hits = NULL;
    r->n_hits = 0;
    r->corrected = NULL;
}

void lt_results_free(lt_results *r) {
    if (!r) return;
    clear_results(r);
    free(r->query);
    free(r);
}

/* ---- Filters from the options ---- */

/* Wraps *q as "q FILTER (f1 AND f2 …)" with the options' role, type and
 * date filters, when there are any. */
static xc_status add_filters(const lt_search_options *o, xc_query **q, lt_buf *term,
                             xc_error *xe) {
    xc_query *filters[3] = {NULL, NULL, NULL}, *all = NULL, *joined = NULL;
    size_t n = 0, i;
    xc_status st = XC_OK;
    if (o->role_filter >= 0) {
        const char *r = lt_role_name((lt_role)o->role_filter);
        lt_schema_term(term, LT_PREFIX_ROLE, r, strlen(r), 0);
        st = xc_query_new_term(term->data, 1, 0, &filters[n++], xe);
    }
    if (st == XC_OK && o->type_filter >= 0) {
        const char *t = lt_doc_type_name((lt_doc_type)o->type_filter);
        lt_schema_term(term, LT_PREFIX_TYPE, t, strlen(t), 0);
        st = xc_query_new_term(term->data, 1, 0, &filters[n++], xe);
    }
    if (st == XC_OK && (o->date_from[0] || o->date_to[0])) {
        char lo[13] = "000000000000", hi[13] = "999999999999";
        if (o->date_from[0]) lt_schema_date_value(o->date_from, lo);
        if (o->date_to[0]) lt_schema_date_value(o->date_to, hi);
        st = xc_query_new_value_range(LT_SLOT_DATE, lo, hi, &filters[n++], xe);
    }
    if (st == XC_OK && n > 0) {
        st = xc_query_new_op(XC_OP_AND, filters, n, 0, &all, xe);
        if (st == XC_OK) {
            xc_query *pair[2] = {*q, all};
            st = xc_query_new_op(XC_OP_FILTER, pair, 2, 0, &joined, xe);
        }
        if (st == XC_OK) {
            xc_query_free(*q);
            *q = joined;
        }
    }
    xc_query_free(all);
    for (i = 0; i < n; i++) xc_query_free(filters[i]);
    return st;
}

/* ---- Highlighting ---- */

typedef struct highlight_ctx {
    lt_highlight *h;
    int failed;
} highlight_ctx;

/* Takes the words of the free-text fields from the query's terms: plain
 * terms match as words, Z terms as stems; filters are not highlighted. */
static int highlight_term(void *ctx, const char *term, size_t len, uint32_t wdf) {
    highlight_ctx *c = ctx;
    int stem = 0;
    (void)wdf;
    if (len && term[0] == 'Z') { stem = 1; term++; len--; }
    if (len >= 2 && term[0] == 'X' && term[1] == 'Q') { term += 2; len -= 2; }
    else if (len >= 1 && term[0] == 'S') { term++; len--; }
    if (len == 0 || (term[0] >= 'A' && term[0] <= 'Z')) return 0;
    if ((stem ? lt_highlight_add_stem(c->h, term, len)
              : lt_highlight_add_word(c->h, term, len)) != LT_OK) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

/* ---- Results ---- */

static char *span_dup(lt_span sp) {
    char *p = malloc(sp.len + 1);
    if (!p) return NULL;
    memcpy(p, sp.s, sp.len);
    p[sp.len] = '\0';
    return p;
}

/* The snippet comes from the post's own words; failing a match there,
 * from the words it quotes; failing that, the opening of its own words. */
static lt_status make_snippet(lt_searcher *s, const lt_highlight *h, const lt_record *r,
                              size_t bytes, char **out) {
    lt_buf b;
    size_t matches = 0;
    lt_status rc;
    lt_buf_init(&b, bytes * 8 + 1024);
    rc = lt_snippet_make(h, s->stemmer, r->text.s, r->text.len, bytes, 0, &b, &matches);
    if (rc == LT_OK && matches == 0)
        rc = lt_snippet_make(h, s->stemmer, r->quoted.s, r->quoted.len, bytes, 0, &b,
                             &matches);
    if (rc == LT_OK && matches == 0)
        rc = lt_snippet_make(h, s->stemmer, r->text.s, r->text.len, bytes, 1, &b, NULL);
    if (rc == LT_OK) *out = lt_buf_detach(&b, NULL);
    lt_buf_release(&b);
    if (rc == LT_OK && !*out) rc = LT_ENOMEM;
    return rc;
}

static lt_status fill_hit(lt_searcher *s, const xc_mset *mset, uint32_t i,
                          const lt_highlight *h, size_t snippet_bytes, lt_hit *hit,
                          xc_error *xe, lt_error *err) {
    xc_mset_item item;
    xc_document *doc = NULL;
    const char *data;
    size_t len;
    lt_record r;
    lt_status rc = LT_OK;
    if (xc_mset_item_get(mset, i, &item, xe) != XC_OK ||
        xc_mset_document(mset, i, &doc, xe) != XC_OK ||
        xc_document_data(doc, &data, &len, xe) != XC_OK) {
        rc = lt_status_from_xc(xe->status);
        goto done;
    }
    if (lt_record_decode(data, len, &r) != LT_OK) {
        rc = lt_error_set(err, LT_EINDEX, "%s: document %u has a damaged record",
                          s->name, item.docid);
        goto done;
    }
    hit->score = item.weight;
    hit->post = r.position;
    hit->role = r.role;
    hit->type = r.type;
    if (r.date.len == LT_DATE_LEN) memcpy(hit->date, r.date.s, LT_DATE_LEN + 1);
    hit->date[r.date.len == LT_DATE_LEN ? LT_DATE_LEN : 0] = '\0';
    if (!(hit->doc = span_dup(r.doc)) || !(hit->thread = span_dup(r.thread)) ||
        !(hit->title = span_dup(r.title)) || !(hit->author = span_dup(r.author)) ||
        (r.url.len && !(hit->url = span_dup(r.url))) ||
        (r.forum.len && !(hit->forum = span_dup(r.forum)))) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    rc = make_snippet(s, h, &r, snippet_bytes, &hit->snippet);
    if (rc != LT_OK) lt_error_set(err, rc, "out of memory");
done:
    xc_document_free(doc);
    return rc;
}

/* Fills res->corrected when some word of the query is unknown to the
 * index and the spelling data has a near word for it. */
static lt_status suggest_correction(lt_searcher *s, const char *query, lt_results *res,
                                    lt_error *err) {
    lt_buf fixed;
    int changed = 0;
    lt_status rc;
    lt_buf_init(&fixed, LT_SEARCH_MAX_QUERY_BYTES * 4);
    rc = lt_spelling_correct(s->db, s->stemmer, query, &fixed, &changed, err);
    if (rc == LT_OK && changed && !(res->corrected = lt_buf_detach(&fixed, NULL)))
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
    lt_buf_release(&fixed);
    return rc;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The threads matched (lt_total.h) when the posts fetched were not every
 * match. */
static lt_status estimate_total(lt_searcher *s, uint32_t posts_estimate, size_t n_threads,
                                uint32_t *total, xc_error *xe) {
    if (!s->ratio_measured) {
        if (lt_total_threads_per_post(s->db, &s->threads_per_post, &s->ratio_docs, xe) != LT_OK)
            return lt_status_from_xc(xe->status);
        s->ratio_measured = 1;
    }
    *total = lt_total_estimate(posts_estimate, n_threads, s->threads_per_post,
                               s->ratio_docs);
    return LT_OK;
}

/* Runs `query` and fills res->hits and res->total: the page is a slice
 * of one ranking (lt_tiers.h). XC_ERR_MODIFIED in xe->status tells the
 * caller to reopen and try again. */
static lt_status run_query(lt_searcher *s, const char *query, const lt_search_options *o,
                           lt_results *res, xc_error *xe, lt_error *err) {
    const lt_rank_profile *p = o->profile ? o->profile : &lt_profile_default;
    lt_parsed_query pq;
    lt_query_parts q;
    lt_tiers tiers;
    uint32_t i, n;
    size_t need = (size_t)o->offset + o->limit;
    lt_highlight *h = NULL;
    highlight_ctx hc;
    lt_buf term;
    lt_status rc = LT_OK;
    size_t bytes = o->snippet_bytes ? o->snippet_bytes : DEFAULT_SNIPPET_BYTES;
    double ceiling = 0;

    memset(&q, 0, sizeof q);
    memset(&tiers, 0, sizeof tiers);
    xe->status = XC_OK;
    lt_buf_init(&term, 1024);
    if (lt_query_parse(query, &pq) != LT_OK) {
        lt_buf_release(&term);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    rc = lt_query_build(&pq, p, s->vocab, s->stemmer, &q.match, &q.checks, &q.evidence,
                        &q.titles, &q.concepts, err);
    lt_parsed_query_release(&pq);
    if (rc != LT_OK) goto done;
    if (add_filters(o, &q.match, &term, xe) != XC_OK) {
        rc = lt_error_from_xc(err, s->name, xe);
        goto done;
    }
    if ((rc = lt_tiers_build(s->db, &q, p, need, &tiers, xe)) != LT_OK) {
        if (xe->status != XC_OK) lt_error_from_xc(err, s->name, xe);
        else lt_error_set(err, rc, "out of memory");
        goto done;
    }
    h = lt_highlight_new();
    hc.h = h;
    hc.failed = 0;
    if (!h || xc_query_terms(q.match, highlight_term, &hc, xe) != XC_OK || hc.failed ||
        (q.evidence && xc_query_terms(q.evidence, highlight_term, &hc, xe) != XC_OK) ||
        (q.titles && xc_query_terms(q.titles, highlight_term, &hc, xe) != XC_OK) || hc.failed) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    /* The last tier saw every match: every thread is settled and counted.
     * Otherwise they are estimated from Xapian's estimate of the posts. */
    if (tiers.tier[tiers.n_tiers - 1].complete) {
        res->total = (uint32_t)tiers.n_order;
    } else if ((rc = estimate_total(s, tiers.m.posts_estimate,
                                    tiers.tier[tiers.n_tiers - 1].n_threads, &res->total,
                                    xe)) != LT_OK) {
        lt_error_from_xc(err, s->name, xe);
        goto done;
    }
    n = tiers.n_order > o->offset ? (uint32_t)(tiers.n_order - o->offset) : 0;
    if (n > o->limit) n = o->limit;
    if (!(res->hits = calloc(n ? n : 1, sizeof *res->hits))) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    /* Every match of a long thread, not only those fetched for ranking. */
    if ((rc = lt_tiers_count_more(s->db, &tiers, o->offset, n, xe)) != LT_OK) {
        if (xe->status != XC_OK) lt_error_from_xc(err, s->name, xe);
        else lt_error_set(err, rc, "out of memory");
        goto done;
    }
    /* A later tier can settle a thread scoring above one settled before
     * it; the score shown is the lowest up to its place, so that scores
     * fall as the ranks rise, on every page alike. */
    for (i = 0; i < o->offset && i < tiers.n_order; i++) {
        double sc = lt_tiers_thread(&tiers, i)->score;
        if (i == 0 || sc < ceiling) ceiling = sc;
    }
    for (i = 0; i < n; i++) {
        const lt_ranked_thread *t = lt_tiers_thread(&tiers, o->offset + i);
        lt_hit *hit = &res->hits[i];
        res->n_hits = i + 1;
        hit->rank = o->offset + i + 1;
        rc = fill_hit(s, tiers.m.mset, t->item, h, bytes, hit, xe, err);
        if (rc != LT_OK) {
            if (xe->status != XC_OK) lt_error_from_xc(err, s->name, xe);
            goto done;
        }
        hit->score = (o->offset + i > 0 && ceiling < t->score) ? ceiling : t->score;
        ceiling = hit->score;
        hit->more_in_thread = t->more;
    }
done:
    lt_tiers_release(&tiers);
    lt_concepts_release(&q.concepts);
    xc_query_free(q.evidence);
    xc_query_free(q.titles);
    lt_highlight_free(h);
    xc_query_free(q.checks);
    xc_query_free(q.match);
    lt_buf_release(&term);
    return rc;
}

/* The whole search. A correction only changes words the index knows in
 * no form (lt_spelling.h): as typed they match nothing, so the corrected
 * query finds all the typed one would and more. It is searched in its
 * place, and the results say so (showing_corrected), unless the caller
 * asked for the query exactly as typed; if it finds nothing, the query as
 * typed is searched after all. */
static lt_status search_once(lt_searcher *s, const char *query, const lt_search_options *o,
                             lt_results *res, xc_error *xe, lt_error *err) {
    const lt_rank_profile *p = o->profile ? o->profile : &lt_profile_default;
    lt_status rc = suggest_correction(s, query, res, err);
    if (rc != LT_OK) return rc;
    if (res->corrected && p->use_correction && !o->exact) {
        char *keep_corrected = res->corrected;
        res->corrected = NULL;
        rc = run_query(s, keep_corrected, o, res, xe, err);
        if (rc == LT_OK && res->n_hits > 0) {
            res->corrected = keep_corrected;
            res->showing_corrected = 1;
            return LT_OK;
        }
        clear_results(res);
        res->corrected = keep_corrected;
        if (rc != LT_OK) return rc;
    }
    return run_query(s, query, o, res, xe, err);
}

lt_status lt_search(lt_searcher *s, const char *query,
                    const lt_search_options *options, lt_results **out,
                    lt_error *err) {
    lt_search_options defaults;
    lt_results *res;
    lt_status rc;
    xc_error xe;
    double t0 = now_ms();
    int attempt;
    size_t qlen = strlen(query);

    *out = NULL;
    if (!options) {
        lt_search_options_init(&defaults);
        options = &defaults;
    }
    if (options->limit == 0 || options->limit > LT_SEARCH_MAX_LIMIT)
        return lt_error_set(err, LT_EINVAL, "limit must be from 1 to %d",
                            LT_SEARCH_MAX_LIMIT);
    if (options->offset > LT_SEARCH_MAX_OFFSET)
        return lt_error_set(err, LT_EINVAL, "offset must be at most %d",
                            LT_SEARCH_MAX_OFFSET);
    if (qlen > LT_SEARCH_MAX_QUERY_BYTES)
        return lt_error_set(err, LT_EINVAL, "query longer than %d bytes",
                            LT_SEARCH_MAX_QUERY_BYTES);
    if (!lt_utf8_valid(query, qlen))
        return lt_error_set(err, LT_EINVAL, "query is not valid UTF-8");
    res = calloc(1, sizeof *res);
    if (!res || !(res->query = strdup(query))) {
        free(res);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    res->offset = options->offset;
    res->limit = options->limit;
    for (attempt = 0;; attempt++) {
        rc = search_once(s, query, options, res, &xe, err);
        if (rc == LT_OK || xe.status != XC_ERR_MODIFIED || attempt >= MODIFIED_RETRIES)
            break;
        /* The writer has committed twice since our snapshot: move on. */
        clear_results(res);
        res->showing_corrected = 0;
        s->ratio_measured = 0;
        if (xc_database_reopen(s->db, NULL, &xe) != XC_OK) {
            rc = lt_error_from_xc(err, s->name, &xe);
            break;
        }
    }
    if (rc != LT_OK) {
        lt_results_free(res);
        return rc;
    }
    res->took_ms = now_ms() - t0;
    *out = res;
    return LT_OK;
}
