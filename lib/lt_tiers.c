/* lt_tiers.c — a query's threads in one ranking (lt_tiers.h). */
#include "lt_tiers.h"

#include <stdlib.h>
#include <string.h>

#include "lt_more.h"
#include "lt_searcher.h"
#include "lt_xc.h"

/* Posts fetched at most for one ranking: enough for the deepest page,
 * the posts of one thread apart. */
#define MAX_FETCH ((LT_SEARCH_MAX_OFFSET + LT_SEARCH_MAX_LIMIT) * LT_RANK_PER_THREAD + 10)

/* Posts fetched to settle `settles` threads: several posts per thread,
 * and a margin for threads the priors move up. */
static uint32_t tier_fetch(size_t settles) {
    uint64_t fetch = (uint64_t)settles * LT_RANK_PER_THREAD + 10;
    return fetch > MAX_FETCH ? MAX_FETCH : (uint32_t)fetch;
}

static void marks_release(lt_marks *k) {
    free(k->evidence);
    free(k->titles);
    free(k->concepts);
    free(k->scale);
    memset(k, 0, sizeof *k);
}

/* Marks for the n posts of a new match, none weighed yet. */
static lt_status marks_init(lt_marks *k, uint32_t n) {
    marks_release(k);
    k->evidence = calloc(n ? n : 1, sizeof *k->evidence);
    k->titles = calloc(n ? n : 1, sizeof *k->titles);
    k->concepts = calloc(n ? n : 1, sizeof *k->concepts);
    k->scale = calloc(n ? n : 1, sizeof *k->scale);
    return k->evidence && k->titles && k->concepts && k->scale ? LT_OK : LT_ENOMEM;
}

/* Ranks the threads of the best tier_fetch(settles) posts of t's match.
 * Threads are grouped here, not by Xapian's collapse: that reads the
 * thread of every document the matcher considers (a B-tree lookup each,
 * half the time of a query); this reads the ids of the posts fetched.
 * What a tier before weighed of the same posts is not weighed again. */
static lt_status rank_tier(xc_database *db, const lt_query_parts *q, lt_tiers *all_tiers,
                           size_t settles, const lt_rank_profile *p, lt_tier *t,
                           xc_error *xe) {
    const lt_match *m = &all_tiers->m;
    lt_marks *k = &all_tiers->marks;
    double *extra = NULL;
    uint32_t all, evidence_top, i;
    int coordinate = p->coordination > 0 && q->concepts.n > 1;
    lt_status rc = LT_OK;
    memset(t, 0, sizeof *t);
    t->fetch = tier_fetch(settles);
    t->view = all_tiers->cand;
    if (t->view.n > t->fetch) t->view.n = t->fetch;
    all = t->view.n;
    t->complete = xc_mset_size(m->mset) < t->fetch;
    /* Evidence reads positions: only for the posts that can reach the
     * threads settled, not the margin fetched for the priors. */
    evidence_top = (uint32_t)settles + 5 < all ? (uint32_t)settles + 5 : all;
    if (q->evidence && evidence_top > k->n_evidence) {
        rc = lt_rank_evidence(db, m->mset, &t->view, k->n_evidence, evidence_top, q->evidence, p,
                              k->evidence, xe);
        if (rc == LT_OK) k->n_evidence = evidence_top;
    }
    if (rc == LT_OK && all > k->n_marked) {
        if (q->titles)
            rc = lt_rank_titles(db, m->mset, &t->view, k->n_marked, q->titles, p, &q->concepts,
                                k->titles, k->concepts, xe);
        /* Coordination: a post holding every part of the question beats
         * one repeating a part of it (a single-word query has nothing to
         * share out). */
        if (rc == LT_OK && coordinate)
            rc = lt_rank_coordination(m->enq, m->mset, k->n_marked, all, &q->concepts,
                                      k->concepts, p->coordination, k->scale, xe);
        if (rc == LT_OK) k->n_marked = all;
    }
    if (rc == LT_OK && !(extra = calloc(all ? all : 1, sizeof *extra))) rc = LT_ENOMEM;
    for (i = 0; rc == LT_OK && i < all; i++)
        extra[i] = (i < evidence_top && q->evidence ? k->evidence[i] : 0.0) + k->titles[i];
    if (rc == LT_OK)
        rc = lt_rank_threads(m->mset, &t->view, p, extra, coordinate ? k->scale : NULL,
                             &t->threads, &t->n_threads, xe);
    free(extra);
    return rc;
}

static const char *place_id(const lt_tiers *t, lt_place pl) {
    const lt_tier *tier = &t->tier[pl.tier];
    uint32_t item = tier->threads[pl.thread].item;
    return item < tier->view.n ? tier->view.id[item] : "";
}

/* Orders thread ids (each a post's id: its thread, then "#N"). */
static int by_thread_id(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = lt_rank_thread_len(x), ly = lt_rank_thread_len(y);
    int d = memcmp(x, y, lx < ly ? lx : ly);
    return d ? d : (lx > ly) - (lx < ly);
}

/* Appends tier k's threads that are not settled yet to the order, up to
 * `upto` places in all. */
static lt_status settle(lt_tiers *t, uint32_t k, size_t upto) {
    const lt_tier *tier = &t->tier[k];
    const char **seen = malloc((t->n_order ? t->n_order : 1) * sizeof *seen);
    size_t i, had = t->n_order;
    if (!seen) return LT_ENOMEM;
    for (i = 0; i < had; i++) seen[i] = place_id(t, t->order[i]);
    qsort(seen, had, sizeof *seen, by_thread_id);
    for (i = 0; i < tier->n_threads && t->n_order < upto; i++) {
        lt_place pl = {k, (uint32_t)i};
        const char *id = place_id(t, pl);
        if (had && bsearch(&id, seen, had, sizeof *seen, by_thread_id)) continue;
        t->order[t->n_order++] = pl;
    }
    free(seen);
    return LT_OK;
}

/* Matches the best tier_fetch(reach) posts afresh. Their first posts are
 * those matched before, so the tiers ranked keep their items; only their
 * views move to the new candidates. */
static lt_status match_to(xc_database *db, const lt_query_parts *q, const lt_rank_profile *p,
                          size_t reach, lt_tiers *t, xc_error *xe) {
    lt_status rc;
    uint32_t k;
    lt_match_release(&t->m);
    lt_candidates_release(&t->cand);
    rc = lt_match_run(db, t->match, q->checks, tier_fetch(reach), p, &t->m, xe);
    if (rc == LT_OK) rc = lt_rank_candidates(db, t->m.mset, &t->cand, xe);
    if (rc == LT_OK) rc = marks_init(&t->marks, t->cand.n);
    for (k = 0; k < t->n_tiers; k++) {
        t->tier[k].view.id = t->cand.id;
        t->tier[k].view.kind = t->cand.kind;
    }
    return rc;
}

lt_status lt_tiers_build(xc_database *db, const lt_query_parts *q, const lt_rank_profile *p,
                         size_t need, lt_tiers *t, xc_error *xe) {
    size_t settles = LT_TIER_THREADS, reach = settles;
    lt_status rc;
    memset(t, 0, sizeof *t);
    /* Places for the page, and for the last tier's threads past it. */
    if (!(t->order = malloc((need + MAX_FETCH) * sizeof *t->order))) return LT_ENOMEM;
    /* The matcher ranks posts as the page will, priors included, so that
     * the posts fetched are those whose threads the page shows. */
    if (lt_rank_prior_query(q->match, p, &t->match, xe) != XC_OK)
        return lt_status_from_xc(xe->status);
    {
        /* Counting a thread's matches needs no weights: without the
         * priors, Xapian's operators would walk the query once a kind. */
        xc_query *pair[2] = {q->match, q->checks};
        if (xc_query_new_op(q->checks ? XC_OP_FILTER : XC_OP_AND, pair, q->checks ? 2 : 1, 0,
                            &t->counted, xe) != XC_OK)
            return lt_status_from_xc(xe->status);
    }
    /* The posts of the deepest tier the page needs are matched once; a
     * tier past them (long threads filled the posts of those before)
     * matches again, deeper. */
    while (reach < need && tier_fetch(reach) < MAX_FETCH) reach *= LT_TIER_GROWTH;
    if ((rc = match_to(db, q, p, reach, t, xe)) != LT_OK) return rc;
    for (;;) {
        lt_tier *tier = &t->tier[t->n_tiers];
        int last;
        if (settles > reach && (rc = match_to(db, q, p, reach = settles, t, xe)) != LT_OK)
            return rc;
        rc = rank_tier(db, q, t, settles, p, tier, xe);
        t->n_tiers++;   /* its threads are freed by lt_tiers_release, ranked or not */
        if (rc != LT_OK) return rc;
        last = tier->complete || tier->fetch >= MAX_FETCH || t->n_tiers == LT_MAX_TIERS;
        /* The last tier settles all its threads: none deeper will come. */
        if ((rc = settle(t, t->n_tiers - 1, last ? need + MAX_FETCH : settles)) != LT_OK)
            return rc;
        if (last || t->n_order >= need) return LT_OK;
        settles *= LT_TIER_GROWTH;
    }
}

void lt_tiers_release(lt_tiers *t) {
    uint32_t k;
    for (k = 0; k < t->n_tiers; k++) free(t->tier[k].threads);
    lt_candidates_release(&t->cand);
    marks_release(&t->marks);
    lt_match_release(&t->m);
    xc_query_free(t->match);
    xc_query_free(t->counted);
    free(t->order);
    memset(t, 0, sizeof *t);
}

lt_ranked_thread *lt_tiers_thread(const lt_tiers *t, size_t i) {
    return &t->tier[t->order[i].tier].threads[t->order[i].thread];
}

lt_status lt_tiers_count_more(xc_database *db, lt_tiers *t, size_t from, size_t n, xc_error *xe) {
    lt_ranked_thread *shown = calloc(n ? n : 1, sizeof *shown);
    lt_status rc = LT_OK;
    uint32_t k;
    size_t i, n_shown;
    if (!shown) return LT_ENOMEM;
    for (k = 0; k < t->n_tiers && rc == LT_OK; k++) {
        if (t->tier[k].complete) continue;
        for (i = 0, n_shown = 0; i < n; i++)
            if (t->order[from + i].tier == k) shown[n_shown++] = *lt_tiers_thread(t, from + i);
        if (n_shown) rc = lt_more_count(db, t->counted, &t->tier[k].view, shown, n_shown, xe);
        for (i = 0, n_shown = 0; rc == LT_OK && i < n; i++)
            if (t->order[from + i].tier == k) lt_tiers_thread(t, from + i)->more = shown[n_shown++].more;
    }
    free(shown);
    return rc;
}
