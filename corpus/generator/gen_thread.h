/* gen_thread.h — one generated thread at a time, shaped like the forum's:
 * a parent's question, peer replies, long adviser answers (in most
 * threads), quotes of earlier posts, and dates spread over years.
 */
#ifndef LANTERN_GEN_THREAD_H
#define LANTERN_GEN_THREAD_H

#include <stdint.h>

#include "lt_thread.h"

typedef struct gen gen;

/* `vocab_size` ranks of vocabulary (0: the default, 200000). */
gen *gen_new(uint64_t seed, size_t vocab_size);
void gen_free(gen *g);

/* The thread numbered `index`: the same index and seed give the same
 * thread whatever was generated before it. Its id is "gen-<index>". */
lt_status gen_thread(gen *g, uint64_t index, lt_thread **out);

#endif
