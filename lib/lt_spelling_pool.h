/* lt_spelling_pool.h — the spelling data of a sharded build, in one shard.
 *
 * Xapian's spelling suggestion over several databases is not always the
 * one it gives over the same words in one database (tests/test_parallel.c
 * met "soical" corrected to "local" by three shards, to "social" by one).
 * So an index written in shards keeps all its spelling data in a database
 * of its own, with no documents: every shard's writer hands the words of
 * its batches (and the words of documents it removes) to the pool, and the
 * spelling database's writer gives them to Xapian. Readers then see
 * exactly the spelling data one writer would have written.
 */
#ifndef LANTERN_LT_SPELLING_POOL_H
#define LANTERN_LT_SPELLING_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "lt_counts.h"
#include "lt_error.h"

typedef struct lt_spelling_pool lt_spelling_pool;

lt_spelling_pool *lt_spelling_pool_new(void);
void lt_spelling_pool_free(lt_spelling_pool *p);

/* Calls fn(ctx) after each lt_spelling_pool_give (from the giving
 * thread): the owner's cue that there is work. */
void lt_spelling_pool_notify(lt_spelling_pool *p, void (*fn)(void *ctx), void *ctx);

/* Moves every count of `words` into the pool; `words` is left empty. */
lt_status lt_spelling_pool_give(lt_spelling_pool *p, lt_counts *words);

/* Takes back n of `word` (a removed document's): from words the pool has
 * not passed on first, the rest to be removed from what it has. */
lt_status lt_spelling_pool_take_back(lt_spelling_pool *p, const char *word, uint32_t n);

/* How many distinct words wait to be given to Xapian (to add or remove). */
size_t lt_spelling_pool_words(lt_spelling_pool *p);

/* Whether anything waits to be given to Xapian. */
int lt_spelling_pool_pending(lt_spelling_pool *p);

/* Hands over what waits: *add (words to add) and *remove (words to take
 * away), both to be freed by the caller; the pool starts again empty. */
lt_status lt_spelling_pool_drain(lt_spelling_pool *p, lt_counts **add, lt_counts **remove);

#endif
