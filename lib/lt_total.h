/* lt_total.h — how many threads a search matches, when not all were seen.
 *
 * Xapian estimates how many posts match; a page counts threads. Scaling
 * the posts' estimate by the threads per post among the best matches
 * overcounts: those nearly always come from as many threads as posts, so
 * a word found in every post was said to match more threads than the
 * archive holds. The answer lies between two bounds: every matching post in a
 * thread of its own (threads = posts), and matching posts clustered into
 * threads as the archive's posts are (threads = posts x the archive's
 * threads per post). The estimate is their geometric mean, so it is off
 * by at most the square root of the archive's posts per thread when the
 * truth lies between them, and exact for an archive of one post per
 * thread.
 */
#ifndef LANTERN_LT_TOTAL_H
#define LANTERN_LT_TOTAL_H

#include <stddef.h>
#include <stdint.h>

#include "lt_error.h"
#include "xc.h"

/* Documents sampled to measure threads per post. */
#define LT_TOTAL_SAMPLE 128

/* The archive's threads per post, as the mean over sampled posts of
 * 1 / (posts in the post's thread): this mean over every post is exactly
 * threads / posts. The sample is spread over the docids, the same for the
 * same index. *ratio is 0 when too few documents could be sampled (an
 * empty index, or one with most documents deleted). A remote shard
 * answers each sampled post over the network: call this once per
 * revision, not per search. *docs gets the index's documents, which the
 * ratio goes with. */
lt_status lt_total_threads_per_post(xc_database *db, double *ratio, uint32_t *docs,
                                    xc_error *xe);

/* The threads matched, from Xapian's estimate of the posts matched, the
 * distinct threads among the posts seen, the archive's threads per post
 * (0: unknown, the posts' estimate is the bound) and its documents. */
uint32_t lt_total_estimate(uint32_t posts_estimate, size_t threads_seen,
                           double threads_per_post, uint32_t doc_count);

#endif
