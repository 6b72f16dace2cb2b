/* lt_rank.h — from matching posts to ranked threads.
 *
 * Xapian returns the best posts (LT_RANK_PER_THREAD for each thread of the
 * page, and a margin), grouped here by thread (a post's id is its
 * thread's and "#N"). Each post's score is multiplied by its kind's prior
 * (adviser posts and FAQ sections, from the ranking profile) and by its
 * coordination (the share of the query's concepts it holds), and a thread
 * ranks by its best post after that. The prior is in the match
 * (lt_rank_prior_query): applied to the posts fetched alone, it could not
 * bring up an answer that Xapian ranked below them, and at a million
 * posts, where many posts of a common word weigh nearly alike, page one
 * missed most of the answers it would have shown. The post that stands for the thread
 * is its best adviser answer when that scores nearly as well (the
 * profile's answer_share): what people come for is the answer.
 */
#ifndef LANTERN_LT_RANK_H
#define LANTERN_LT_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "lt_query.h"
#include "xc.h"

/* Posts fetched for each thread a page shows. */
#define LT_RANK_PER_THREAD 3

typedef struct lt_ranked_thread {
    uint32_t item;        /* the index in the MSet of the post that stands for it */
    double score;         /* that post's score after its prior */
    uint32_t more;        /* other matching posts of the thread (at least) */
} lt_ranked_thread;

/* What ranking needs of each item of an MSet, read once (LT_SLOT_KIND_ID):
 * its kind (LT_KIND_*, 0 when unknown) and its document id. */
typedef struct lt_candidates {
    uint32_t n;
    char *kind;
    char **id;
} lt_candidates;

lt_status lt_rank_candidates(xc_database *db, xc_mset *m, lt_candidates *c, xc_error *xe);
void lt_candidates_release(lt_candidates *c);

/* The length of the thread part of a post's id: all before its "#N". */
size_t lt_rank_thread_len(const char *id);

/* *out (xc_query_free it): `q` restricted to the documents of the items
 * items[0..n) of `m` (n > 0; items NULL: the first n), whose candidates
 * are `c`: by their docids where the shim can, else by their ids. */
xc_status lt_rank_restrict_items(xc_database *db, const xc_query *q, const xc_mset *m,
                                 const lt_candidates *c, const uint32_t *items, uint32_t n,
                                 xc_query **out, xc_error *xe);

/* Weighs `evidence` (phrases, neighbouring pairs) on the items from
 * `from` up to `top` of `m` alone: a query restricted to them
 * (lt_rank_restrict_items), so Xapian's matcher never prunes and every
 * weight is exact. Each item's
 * weight is added to extra[item] (one entry per item of m). An item's
 * weight does not depend on the others weighed with it. */
lt_status lt_rank_evidence(xc_database *db, xc_mset *m, const lt_candidates *c,
                           uint32_t from, uint32_t top, const xc_query *evidence,
                           const lt_rank_profile *p, double *extra, xc_error *xe);

/* Weighs `titles` (the query's words in the title field) on the posts
 * of `m` alone, as lt_rank_evidence does, and adds the weight of each
 * post from item `from` on to extra[i] and the concepts of the title
 * words it matched to masks[i]: what it adds for an item does not depend
 * on the items after it, so a longer `c` can go on from a shorter's end.
 * A post holding every term of `titles` gets no weight here: the match
 * holds their AND (lt_query_build), so it has it already.
 * Out of the match, a title costs a few postings for the posts fetched
 * instead of a posting list as long as the posts' own. */
lt_status lt_rank_titles(xc_database *db, xc_mset *m, const lt_candidates *c, uint32_t from,
                         const xc_query *titles, const lt_rank_profile *p,
                         const lt_concepts *concepts, double *extra, uint32_t *masks,
                         xc_error *xe);

/* The coordination of the items [from, n) of `m` (matched by enq's
 * query): the share of the query's concepts each holds, to the power
 * `power`, as a factor of its score, into scale[item]. `masks` (may be
 * NULL) holds concepts each item holds beyond the terms it matched (its
 * title's). */
lt_status lt_rank_coordination(xc_enquire *enq, xc_mset *m, uint32_t from, uint32_t n,
                               const lt_concepts *concepts, const uint32_t *masks, double power,
                               double *scale, xc_error *xe);

/* *out (xc_query_free it): `match` with each post's weight multiplied by
 * its kind's prior under profile `p`, for the matcher to rank by. */
xc_status lt_rank_prior_query(xc_query *match, const lt_rank_profile *p, xc_query **out,
                              xc_error *xe);

/* Ranks the threads of the posts of `m`, matched by a query under
 * lt_rank_prior_query (the first c->n of them: a shorter `c` ranks a
 * prefix); a thread's `more` counts its other posts among them. `scale`
 * (may be NULL) multiplies each item's score. `extra` (may be NULL) adds
 * to each item's weight before its prior. *out (free() it) holds *n
 * threads, best first. */
lt_status lt_rank_threads(xc_mset *m, const lt_candidates *c, const lt_rank_profile *p,
                          const double *extra, const double *scale,
                          lt_ranked_thread **out, size_t *n, xc_error *xe);

#endif
