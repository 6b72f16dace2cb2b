/* lt_rank.c — grouping matches by thread and applying the priors. */
#include "lt_rank.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_hash.h"
#include "lt_schema.h"
#include "lt_thread.h"
#include "lt_xc.h"

typedef struct group {
    char *key;
    size_t key_len;
    lt_ranked_thread t;
    uint32_t order;       /* first appearance: ties keep Xapian's order */
    uint32_t kept;        /* posts of the thread in the MSet */
    int has_answer;       /* an adviser's post of the thread is among them */
    uint32_t answer;      /* the best of those: its item */
    double answer_score;
} group;

static double prior(const lt_rank_profile *p, char kind) {
    if (kind == LT_KIND_ADVISER) return p->adviser_prior > 0 ? p->adviser_prior : 1.0;
    if (kind == LT_KIND_FAQ) return p->faq_prior > 0 ? p->faq_prior : 1.0;
    return 1.0;
}

xc_status lt_rank_prior_query(xc_query *match, const lt_rank_profile *p, xc_query **out,
                              xc_error *xe) {
    /* The kinds in the order the writer gives them (lt_writer.c): an FAQ
     * section is one whoever wrote it. */
    lt_buf faq, adviser;
    const char *terms[2];
    double factors[2];
    size_t n = 0;
    xc_status st;
    lt_buf_init(&faq, 64);
    lt_buf_init(&adviser, 64);
    if (lt_schema_term(&faq, LT_PREFIX_TYPE, lt_doc_type_name(LT_TYPE_FAQ),
                       strlen(lt_doc_type_name(LT_TYPE_FAQ)), 0) != LT_OK ||
        lt_schema_term(&adviser, LT_PREFIX_ROLE, lt_role_name(LT_ROLE_ADVISER),
                       strlen(lt_role_name(LT_ROLE_ADVISER)), 0) != LT_OK) {
        lt_buf_release(&faq);
        lt_buf_release(&adviser);
        xe->status = XC_ERR_NOMEM;
        snprintf(xe->message, sizeof xe->message, "out of memory");
        return xe->status;
    }
    /* FAQ sections are indexed as the service's advisers' (lt_html_page.c):
     * their class comes first whenever there is one, even at 1. */
    if (prior(p, LT_KIND_FAQ) != 1.0 || prior(p, LT_KIND_ADVISER) != 1.0) {
        terms[n] = faq.data;
        factors[n++] = prior(p, LT_KIND_FAQ);
        terms[n] = adviser.data;
        factors[n++] = prior(p, LT_KIND_ADVISER);
    }
    st = xc_query_new_prior(match, terms, factors, n, out, xe);
    lt_buf_release(&faq);
    lt_buf_release(&adviser);
    return st;
}

void lt_candidates_release(lt_candidates *c) {
    uint32_t i;
    for (i = 0; c->id && i < c->n; i++) free(c->id[i]);
    free(c->id);
    free(c->kind);
    memset(c, 0, sizeof *c);
}

lt_status lt_rank_candidates(xc_database *db, xc_mset *m, lt_candidates *c, xc_error *xe) {
    uint32_t n = xc_mset_size(m), i;
    memset(c, 0, sizeof *c);
    if (xc_mset_read_values(db, m, LT_SLOT_KIND_ID, xe) != XC_OK) return lt_status_from_xc(xe->status);
    c->kind = calloc(n ? n : 1, 1);
    c->id = calloc(n ? n : 1, sizeof *c->id);
    if (!c->kind || !c->id) {
        lt_candidates_release(c);
        return LT_ENOMEM;
    }
    c->n = n;
    for (i = 0; i < n; i++) {
        const char *v;
        size_t len;
        if (xc_mset_value(m, i, LT_SLOT_KIND_ID, &v, &len, xe) != XC_OK) {
            lt_candidates_release(c);
            return lt_status_from_xc(xe->status);
        }
        if (len > 0) {
            c->kind[i] = v[0];
            v++;
            len--;
        }
        if (!(c->id[i] = malloc(len + 1))) {
            lt_candidates_release(c);
            return LT_ENOMEM;
        }
        memcpy(c->id[i], v, len);
        c->id[i][len] = '\0';
    }
    return LT_OK;
}

size_t lt_rank_thread_len(const char *id) {
    const char *hash = strrchr(id, '#');
    return hash ? (size_t)(hash - id) : strlen(id);
}

xc_status lt_rank_restrict_items(xc_database *db, const xc_query *q, const xc_mset *m,
                                 const lt_candidates *c, const uint32_t *items, uint32_t n,
                                 xc_query **out, xc_error *xe) {
    xc_query **ids = calloc(n ? n : 1, sizeof *ids), *any = NULL, *docs = NULL, *pair[2];
    xc_docid *docids = calloc(n ? n : 1, sizeof *docids);
    lt_buf term;
    xc_status st = XC_OK;
    uint32_t i, made = 0;
    *out = NULL;
    if (!ids || !docids) {
        free(ids);
        free(docids);
        return XC_ERR_NOMEM;
    }
    lt_buf_init(&term, 2048);
    for (i = 0; i < n && st == XC_OK; i++) {
        uint32_t item = items ? items[i] : i;
        const char *id = item < c->n ? c->id[item] : "";
        xc_mset_item it;
        if (lt_schema_term(&term, LT_PREFIX_ID, id, strlen(id), 0) != LT_OK) st = XC_ERR_NOMEM;
        else if ((st = xc_query_new_term(term.data, 1, 0, &ids[i], xe)) == XC_OK) made++;
        if (st == XC_OK && (st = xc_mset_item_get(m, item, &it, xe)) == XC_OK)
            docids[i] = it.docid;
    }
    /* The ids' OR is what a remote shard matches; the docids, the rest. */
    if (st == XC_OK) st = xc_query_new_op(XC_OP_OR, ids, n, 0, &any, xe);
    if (st == XC_OK) st = xc_query_new_docids(db, docids, n, any, &docs, xe);
    if (st == XC_OK) {
        pair[0] = (xc_query *)q;
        pair[1] = docs;
        st = xc_query_new_op(XC_OP_FILTER, pair, 2, 0, out, xe);
    }
    for (i = 0; i < made; i++) xc_query_free(ids[i]);
    xc_query_free(any);
    xc_query_free(docs);
    free(ids);
    free(docids);
    lt_buf_release(&term);
    return st;
}

static int by_score(const void *a, const void *b) {
    const group *x = a, *y = b;
    if (x->t.score != y->t.score) return x->t.score > y->t.score ? -1 : 1;
    return x->order < y->order ? -1 : 1;
}

/* The concepts of the terms each of a set of documents matched, and how
 * many terms, by the document's index in the set. */
typedef struct coord_ctx {
    const lt_concepts *concepts;
    uint32_t *mask;
    uint32_t *terms;   /* may be NULL */
} coord_ctx;

static int coord_term(void *ctx, size_t index, const char *term, size_t len) {
    coord_ctx *c = ctx;
    c->mask[index] |= lt_concepts_of(c->concepts, term, len);
    if (c->terms) c->terms[index]++;
    return 0;
}

static int count_term(void *ctx, const char *term, size_t len, uint32_t wdf) {
    (void)term;
    (void)len;
    (void)wdf;
    ++*(uint32_t *)ctx;
    return 0;
}

/* An item of an MSet by its document: for finding it again. */
typedef struct item_of_doc {
    xc_docid docid;
    uint32_t item;
} item_of_doc;

static int by_docid(const void *a, const void *b) {
    const item_of_doc *x = a, *y = b;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* Weighs q on the items[0..n) of m alone (n > 0): a query restricted to
 * them (lt_rank_restrict_items), so Xapian's matcher never prunes and
 * every weight is exact.
 * Each weight is added to weight[item]; with `concepts`, the concepts of
 * the terms each item matched are added to mask[item], and their number
 * set in terms[item]. */
static lt_status weigh_items(xc_database *db, xc_mset *m, const lt_candidates *c,
                             const uint32_t *items, uint32_t n, const xc_query *q,
                             const lt_rank_profile *p, const lt_concepts *concepts,
                             double *weight, uint32_t *mask, uint32_t *terms, xc_error *xe) {
    xc_query *filtered = NULL;
    item_of_doc *docids = calloc(n, sizeof *docids);
    xc_enquire *enq = NULL, *terms_enq = NULL;
    xc_mset *em = NULL;
    lt_status rc = LT_OK;
    uint32_t i, k, n_found = 0;
    /* The items weighed, their docids, and the concepts of their terms. */
    uint32_t *found_item = NULL, *found_mask = NULL, *found_terms = NULL;
    xc_docid *found_docid = NULL;
    if (!docids) {
        rc = LT_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        xc_mset_item item;
        if (xc_mset_item_get(m, items[i], &item, xe) != XC_OK) goto xapian;
        docids[i].docid = item.docid;
        docids[i].item = items[i];
    }
    if (lt_rank_restrict_items(db, q, m, c, items, n, &filtered, xe) != XC_OK) goto xapian;
    /* No more than n documents can match, so the match never fills and
     * nothing is pruned. */
    if (xc_enquire_new(db, &enq, xe) != XC_OK || xc_enquire_set_query(enq, filtered, xe) != XC_OK ||
        xc_enquire_set_bm25(enq, p->k1, 0.0, 1.0, p->b, 0.5, xe) != XC_OK ||
        xc_enquire_mset(enq, 0, n, n, &em, xe) != XC_OK)
        goto xapian;
    /* The terms each item matched, from q as it is: Xapian compares every
     * term of the query with the document's, and the restriction adds an
     * id term per item, so that asking the restricted query costs in the
     * square of the items (a minute for 10,000 posts). */
    if (concepts && (xc_enquire_new(db, &terms_enq, xe) != XC_OK ||
                     xc_enquire_set_query(terms_enq, q, xe) != XC_OK))
        goto xapian;
    qsort(docids, n, sizeof *docids, by_docid);
    found_item = calloc(n, sizeof *found_item);
    found_docid = calloc(n, sizeof *found_docid);
    found_mask = calloc(n, sizeof *found_mask);
    found_terms = calloc(n, sizeof *found_terms);
    if (!found_item || !found_docid || !found_mask || !found_terms) {
        rc = LT_ENOMEM;
        goto done;
    }
    for (k = 0; k < xc_mset_size(em) && n_found < n; k++) {
        xc_mset_item ev;
        item_of_doc key, *found;
        if (xc_mset_item_get(em, k, &ev, xe) != XC_OK) goto xapian;
        key.docid = ev.docid;
        if (!(found = bsearch(&key, docids, n, sizeof *docids, by_docid))) continue;
        weight[found->item] += ev.weight;
        found_item[n_found] = found->item;
        found_docid[n_found++] = ev.docid;
    }
    if (concepts && n_found) {
        coord_ctx cc = {concepts, found_mask, found_terms};
        if (xc_enquire_matching_terms_of(terms_enq, found_docid, n_found, coord_term, &cc, xe) !=
            XC_OK)
            goto xapian;
        for (k = 0; k < n_found; k++) {
            mask[found_item[k]] |= found_mask[k];
            terms[found_item[k]] = found_terms[k];
        }
    }
    goto done;
xapian:
    rc = xe->status != XC_OK ? lt_status_from_xc(xe->status) : LT_ENOMEM;
done:
    free(docids);
    free(found_item);
    free(found_docid);
    free(found_mask);
    free(found_terms);
    xc_query_free(filtered);
    xc_enquire_free(enq);
    xc_enquire_free(terms_enq);
    xc_mset_free(em);
    return rc;
}

lt_status lt_rank_evidence(xc_database *db, xc_mset *m, const lt_candidates *c,
                           uint32_t from, uint32_t top, const xc_query *evidence,
                           const lt_rank_profile *p, double *extra, xc_error *xe) {
    uint32_t all = xc_mset_size(m), n = top < all ? top : all, i;
    uint32_t *items;
    lt_status rc;
    if (n > c->n) n = c->n;
    if (n <= from) return LT_OK;
    if (!(items = malloc((n - from) * sizeof *items))) return LT_ENOMEM;
    for (i = from; i < n; i++) items[i - from] = i;
    rc = weigh_items(db, m, c, items, n - from, evidence, p, NULL, extra, NULL, NULL, xe);
    free(items);
    return rc;
}

static int same_thread(const char *a, const char *b) {
    size_t la = lt_rank_thread_len(a);
    return la == lt_rank_thread_len(b) && !memcmp(a, b, la);
}

/* Orders item numbers by their thread, then by rank. */
typedef struct by_thread_ctx {
    const lt_candidates *c;
    uint32_t item;
} by_thread_ctx;

static int by_thread(const void *a, const void *b) {
    const by_thread_ctx *x = a, *y = b;
    const char *s = x->c->id[x->item], *t = y->c->id[y->item];
    size_t ls = lt_rank_thread_len(s), lt = lt_rank_thread_len(t);
    int d = memcmp(s, t, ls < lt ? ls : lt);
    if (d) return d;
    if (ls != lt) return ls < lt ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

/* Posts whose titles are weighed one by one; past them, a post takes the
 * weight of its thread's best ranked post (only a search that fetched
 * many posts of a few long threads goes past). */
#define TITLE_POSTS_EACH 200

lt_status lt_rank_titles(xc_database *db, xc_mset *m, const lt_candidates *c, uint32_t from,
                         const xc_query *titles, const lt_rank_profile *p,
                         const lt_concepts *concepts, double *extra, uint32_t *masks,
                         xc_error *xe) {
    uint32_t n = xc_mset_size(m) < c->n ? xc_mset_size(m) : c->n, i, j, n_weighed = 0;
    by_thread_ctx *order;
    uint32_t *weighed, *first_of;
    double *weight;
    uint32_t *mask, *terms, all_terms = 0;
    unsigned char *wanted;
    lt_status rc;
    int past = n > TITLE_POSTS_EACH;   /* some posts take their thread's weight */
    if (n <= from) return LT_OK;
    if (xc_query_terms(titles, count_term, &all_terms, xe) != XC_OK)
        return lt_status_from_xc(xe->status);
    order = past ? malloc(n * sizeof *order) : NULL;
    first_of = past ? malloc(n * sizeof *first_of) : NULL;
    weighed = malloc(n * sizeof *weighed);
    wanted = calloc(n, 1);
    weight = calloc(n, sizeof *weight);
    mask = calloc(n, sizeof *mask);
    terms = calloc(n, sizeof *terms);
    if (!weighed || !wanted || !weight || !mask || !terms || (past && (!order || !first_of))) {
        rc = LT_ENOMEM;
        goto done;
    }
    if (past) {
        /* A post's thread's first post among all n: the same whichever
         * more posts come after, so items marked before keep their marks. */
        for (i = 0; i < n; i++) order[i].c = c, order[i].item = i;
        qsort(order, n, sizeof *order, by_thread);
        for (i = 0; i < n; i = j)
            for (j = i; j < n && same_thread(c->id[order[i].item], c->id[order[j].item]); j++)
                first_of[order[j].item] = order[i].item;
    }
    /* The posts weighed: those marked here, or the first of their thread. */
    for (i = from; i < n; i++) wanted[i < TITLE_POSTS_EACH ? i : first_of[i]] = 1;
    for (i = 0; i < n; i++)
        if (wanted[i]) weighed[n_weighed++] = i;
    rc = weigh_items(db, m, c, weighed, n_weighed, titles, p, concepts, weight, mask, terms, xe);
    for (i = from; rc == LT_OK && i < n; i++) {
        uint32_t by = i < TITLE_POSTS_EACH ? i : first_of[i];
        /* A title holding every word matched the query's AND of them
         * (lt_query_build): its weight is in the post's already. */
        if (terms[by] < all_terms) extra[i] += weight[by];
        masks[i] |= mask[by];
    }
done:
    free(order);
    free(weighed);
    free(wanted);
    free(first_of);
    free(weight);
    free(mask);
    free(terms);
    return rc;
}

static unsigned bits(uint32_t x) {
    unsigned n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}

lt_status lt_rank_coordination(xc_enquire *enq, xc_mset *m, uint32_t from, uint32_t n,
                               const lt_concepts *concepts, const uint32_t *masks, double power,
                               double *scale, xc_error *xe) {
    uint32_t i, k, *mask;
    xc_docid *docids;
    coord_ctx cc;
    lt_status rc = LT_OK;
    if (n > xc_mset_size(m)) n = xc_mset_size(m);
    if (n <= from) return LT_OK;
    mask = calloc(n - from, sizeof *mask);
    docids = calloc(n - from, sizeof *docids);
    if (!mask || !docids) {
        rc = LT_ENOMEM;
        goto done;
    }
    for (i = from, k = 0; i < n; i++, k++) {
        xc_mset_item item;
        if (xc_mset_item_get(m, i, &item, xe) != XC_OK) goto xapian;
        docids[k] = item.docid;
        if (masks) mask[k] = masks[i];
    }
    cc.concepts = concepts;
    cc.mask = mask;
    cc.terms = NULL;
    if (xc_enquire_matching_terms_of(enq, docids, n - from, coord_term, &cc, xe) != XC_OK)
        goto xapian;
    for (i = from, k = 0; i < n; i++, k++)
        scale[i] = concepts->n ? pow((double)bits(mask[k]) / (double)concepts->n, power) : 1.0;
    goto done;
xapian:
    rc = lt_status_from_xc(xe->status);
done:
    free(mask);
    free(docids);
    return rc;
}

lt_status lt_rank_threads(xc_mset *m, const lt_candidates *c, const lt_rank_profile *p,
                          const double *extra, const double *scale,
                          lt_ranked_thread **out, size_t *n_out, xc_error *xe) {
    uint32_t n = xc_mset_size(m) < c->n ? xc_mset_size(m) : c->n, i;
    group *g = calloc(n ? n : 1, sizeof *g);
    size_t ng = 0, k, slots = 2, slot, mask, *index;
    lt_status rc = LT_OK;
    *out = NULL;
    *n_out = 0;
    while (slots < 2 * (size_t)n) slots *= 2;   /* at most half full */
    mask = slots - 1;
    index = calloc(slots, sizeof *index);   /* 1 + a group's number; 0: none */
    if (!g || !index) {
        free(g);
        free(index);
        return LT_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        const char *key;
        size_t key_len;
        xc_mset_item item;
        double score;
        if (xc_mset_item_get(m, i, &item, xe) != XC_OK) {
            rc = lt_status_from_xc(xe->status);
            break;
        }
        /* The match weighed the post with its prior already. */
        score = (item.weight + (extra ? extra[i] : 0.0) * prior(p, i < c->n ? c->kind[i] : 0)) *
                (scale ? scale[i] : 1.0);
        key = i < c->n ? c->id[i] : "";
        key_len = lt_rank_thread_len(key);
        /* Threads by a hash of their ids: a deep page groups tens of
         * thousands of posts, and a search through the groups for each
         * was most of its time. */
        for (slot = (size_t)lt_hash(key, key_len) & mask;
             (k = index[slot]) != 0 &&
             !(g[k - 1].key_len == key_len && !memcmp(g[k - 1].key, key, key_len));
             slot = (slot + 1) & mask)
            ;
        if (k == 0) {   /* a thread not seen before */
            k = ng++;
            index[slot] = ng;
            if (!(g[k].key = malloc(key_len ? key_len : 1))) {
                rc = LT_ENOMEM;
                break;
            }
            memcpy(g[k].key, key, key_len);
            g[k].key_len = key_len;
            g[k].order = i;
            g[k].t.item = i;
            g[k].t.score = score;
            g[k].kept = 1;
        } else {
            k--;
            g[k].kept++;
            if (score > g[k].t.score) {
                g[k].t.score = score;
                g[k].t.item = i;
            }
        }
        if (i < c->n && c->kind[i] == LT_KIND_ADVISER &&
            (!g[k].has_answer || score > g[k].answer_score)) {
            g[k].has_answer = 1;
            g[k].answer = i;
            g[k].answer_score = score;
        }
    }
    if (rc == LT_OK) {
        for (k = 0; k < ng; k++) {
            g[k].t.more = g[k].kept - 1;
            /* The thread ranks by its best post, but the answer stands for
             * it when it matches nearly as well: that is what people come
             * for, and the question they asked is usually the best match. */
            if (g[k].has_answer && p->answer_share > 0 &&
                g[k].answer_score >= p->answer_share * g[k].t.score)
                g[k].t.item = g[k].answer;
        }
        qsort(g, ng, sizeof *g, by_score);
        *out = malloc((ng ? ng : 1) * sizeof **out);
        if (!*out) rc = LT_ENOMEM;
        for (k = 0; rc == LT_OK && k < ng; k++) (*out)[k] = g[k].t;
        if (rc == LT_OK) *n_out = ng;
    }
    for (k = 0; k < ng; k++) free(g[k].key);
    free(g);
    free(index);
    return rc;
}
