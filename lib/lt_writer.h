/* lt_writer.h — the index writer: threads in, Xapian documents out.
 *
 * One document per post (or FAQ section), id SOURCE#N. Adding a thread
 * first removes every document the index holds for that thread id, with
 * their words in the spelling data, so re-indexing replaces a thread and a
 * post that vanished from it disappears from search and "did you mean".
 *
 * Changes are grouped in batches: each batch is one Xapian transaction,
 * committed whole once it holds `batch_posts` posts (between threads, never
 * inside one) or at lt_writer_close. If anything fails, the open batch is
 * thrown away and earlier batches stay: the index never holds half a
 * thread or a half-written batch.
 */
#ifndef LANTERN_LT_WRITER_H
#define LANTERN_LT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"
#include "lt_counts.h"
#include "lt_spelling_pool.h"
#include "lt_thread.h"
#include "lt_vocab.h"

typedef struct lt_writer lt_writer;

typedef struct lt_writer_options {
    size_t batch_posts;   /* posts per commit; 0 means the default */
    /* Posts between Xapian's flushes of what it buffers (postings and
     * positions) into the tables inside a batch, uncommitted; 0 means the
     * default. Xapian's buffers grow slower to update as they fill, while
     * each commit rewrites every block the batch touched, more of them the
     * larger the index: small flushes inside large batches pay neither. */
    size_t flush_posts;
    int no_sync;          /* skip fsync (throwaway or benchmark indexes) */
    int create;           /* create the index when missing */
    /* A database of a sharded index: a shard's spelling words go to the
     * pool, and the pool's owner (the spelling database's writer) gives
     * them all to Xapian (lt_spelling_pool.h). NULL: the writer keeps its
     * own. */
    lt_spelling_pool *spelling_pool;
    int spelling_owner;
} lt_writer_options;

#define LT_WRITER_DEFAULT_BATCH 5000
#define LT_WRITER_DEFAULT_FLUSH 1000

typedef struct lt_writer_stats {
    uint64_t threads;
    uint64_t posts_added;
    uint64_t docs_removed;   /* old versions replaced or vanished */
    uint64_t threads_removed;   /* whole threads removed (remove, prune) */
    uint64_t posts_removed;     /* their documents */
    uint64_t commits;
} lt_writer_stats;

/* Opens (or creates) the index at `path`. Another writer holding it gives
 * LT_ELOCKED. `options` may be NULL for the defaults. */
lt_status lt_writer_open(const char *path, const lt_writer_options *options,
                         lt_writer **out, lt_error *err);

/* Replaces whatever the index holds for t->id with t's posts. */
lt_status lt_writer_add_thread(lt_writer *w, const lt_thread *t, lt_error *err);

/* Removes every document of thread `id`, with its stored text and its
 * words in the spelling data. *docs (may be NULL) gets how many documents
 * there were: 0 when the index holds no thread `id`. */
lt_status lt_writer_remove_thread(lt_writer *w, const char *id, uint64_t *docs,
                                  lt_error *err);

/* Removes, as lt_writer_remove_thread does, every thread of the index
 * whose term (lt_writer_thread_term) is not in `keep`: what makes an index
 * match its inputs again after threads vanished from them. */
lt_status lt_writer_prune(lt_writer *w, const lt_counts *keep, lt_error *err);

/* Writes into `out` the term every document of thread `id` carries. */
lt_status lt_writer_thread_term(lt_buf *out, const char *id);

/* Stores `vocab` in the index's synonym table in place of what was there
 * (each key mapped to its alternatives, related ones written "~ words"),
 * so the index carries the vocabulary it was built with. */
lt_status lt_writer_store_vocabulary(lt_writer *w, const lt_vocab *vocab, lt_error *err);

/* Commits the open batch. */
lt_status lt_writer_commit(lt_writer *w, lt_error *err);

/* Commits and frees the writer. On failure nothing of the last batch is
 * kept, and the writer is freed all the same. */
lt_status lt_writer_close(lt_writer *w, lt_error *err);

/* Frees the writer, throwing away the open batch. Accepts NULL. */
void lt_writer_free(lt_writer *w);

const lt_writer_stats *lt_writer_get_stats(const lt_writer *w);
/* Documents in the index, pending changes included. */
lt_status lt_writer_doc_count(lt_writer *w, uint32_t *out, lt_error *err);

#endif
