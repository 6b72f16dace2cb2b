/* lt_tiers.h — a query's threads in one ranking, of which every page is a
 * slice.
 *
 * Threads are ranked on the posts fetched, not on every match, and more
 * posts fetched can rank another thread above: were the posts fetched to
 * grow with the page, the next page would repeat threads and skip others.
 * So the ranking is built in tiers that do not depend on the page: the
 * first settles the first LT_TIER_THREADS threads from the best posts for
 * them; each next one ranks LT_TIER_GROWTH times the posts and settles,
 * after those already settled, its own best threads not among them, up to
 * LT_TIER_GROWTH times as many places. A page takes its places from as
 * many tiers as it reaches: the first page, from the first alone. The
 * posts of the deepest tier a page needs are matched once, and each tier
 * ranks the first of them (a query's best posts are the first of its best
 * posts, however many are matched).
 */
#ifndef LANTERN_LT_TIERS_H
#define LANTERN_LT_TIERS_H

#include <stddef.h>
#include <stdint.h>

#include "lt_match.h"
#include "lt_query.h"
#include "lt_rank.h"
#include "xc.h"

#define LT_TIER_THREADS 10
#define LT_TIER_GROWTH 2
/* Enough tiers to reach the deepest page (lt_tiers.c) from LT_TIER_THREADS. */
#define LT_MAX_TIERS 16

/* What a query is made of (lt_query_build), for all its tiers. */
typedef struct lt_query_parts {
    xc_query *match, *checks, *evidence, *titles;
    lt_concepts concepts;
} lt_query_parts;

/* One ranking of the threads of the best `fetch` posts. */
typedef struct lt_tier {
    lt_candidates view;   /* the match's candidates, the first `fetch` */
    lt_ranked_thread *threads;
    size_t n_threads;
    uint32_t fetch;
    int complete;         /* the posts fetched were every match */
} lt_tier;

/* A place in the ranking: thread `thread` of tier `tier`. */
typedef struct lt_place {
    uint32_t tier;
    uint32_t thread;
} lt_place;

/* What ranking adds to each post of the deepest match (lt_rank.h), kept
 * from tier to tier: a tier's posts are the first of the next's, and
 * none of these depends on the posts after it. One entry per post. */
typedef struct lt_marks {
    double *evidence;     /* phrase evidence, for the first n_evidence */
    double *titles;       /* title weight, for the first n_marked */
    uint32_t *concepts;   /* the concepts its title holds, likewise */
    double *scale;        /* its coordination, likewise */
    uint32_t n_evidence, n_marked;
} lt_marks;

typedef struct lt_tiers {
    xc_query *match;      /* the query's match under the kinds' priors */
    xc_query *counted;    /* what a post must match, unweighed: for counting */
    lt_match m;           /* the posts of the deepest tier */
    lt_candidates cand;   /* their kinds and ids */
    lt_marks marks;       /* for the posts of m */
    lt_tier tier[LT_MAX_TIERS];
    uint32_t n_tiers;
    lt_place *order;      /* the ranking, best first */
    size_t n_order;
} lt_tiers;

/* Builds the ranking of `q` under profile `p` up to `need` places, or
 * all of it when the last tier saw every match. Release `t` with
 * lt_tiers_release, also after a failure. */
lt_status lt_tiers_build(xc_database *db, const lt_query_parts *q, const lt_rank_profile *p,
                         size_t need, lt_tiers *t, xc_error *xe);
void lt_tiers_release(lt_tiers *t);

/* The thread at place `i` (< t->n_order). */
lt_ranked_thread *lt_tiers_thread(const lt_tiers *t, size_t i);

/* Counts every match of the threads at places [from, from + n) (their
 * `more`), where the tier that ranked them did not see every match
 * (lt_more.h). */
lt_status lt_tiers_count_more(xc_database *db, lt_tiers *t, size_t from, size_t n, xc_error *xe);

#endif
