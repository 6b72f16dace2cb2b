/* lt_rank.h — from matching posts to ranked threads.
 *
 * Xapian returns up to LT_RANK_PER_THREAD posts of each thread. Each post's
 * score is multiplied by its kind's prior (adviser posts and FAQ sections,
 * from the ranking profile), and a thread is ranked, and shown, by its best
 * post after that. So when a parent's question and an adviser's answer
 * both match, the answer stands for the thread unless the question matches
 * far better: what people come for is the answer.
 */
#ifndef LANTERN_LT_RANK_H
#define LANTERN_LT_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "lt_query.h"
#include "xc.h"

#define LT_RANK_PER_THREAD 3

typedef struct lt_ranked_thread {
    uint32_t item;        /* the index in the MSet of the post that stands for it */
    double score;         /* that post's score after its prior */
    uint32_t more;        /* other matching posts of the thread (at least) */
} lt_ranked_thread;

/* Ranks the threads of `m` (searched with LT_RANK_PER_THREAD posts per
 * thread). *out (free() it) holds *n threads, best first. */
lt_status lt_rank_threads(xc_mset *m, const lt_rank_profile *p, lt_ranked_thread **out,
                          size_t *n, xc_error *xe);

#endif
