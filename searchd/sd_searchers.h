/* sd_searchers.h — one searcher per worker thread.
 *
 * A Xapian database object is not shared between threads, so each thread
 * that serves requests opens its own read-only view on first use. Views
 * move to the newest commit at most once a second on their own, at once
 * after sd_searchers_reopen_all (SIGHUP); Xapian's commits are atomic, so a
 * view is never half-written. A view that fails (the index was replaced)
 * is thrown away and opened afresh on the next request.
 */
#ifndef LANTERN_SD_SEARCHERS_H
#define LANTERN_SD_SEARCHERS_H

#include <stddef.h>

#include "lt_searcher.h"

/* Remembers the shards to open and a vocabulary file to add (NULL for
 * none; the strings must outlive the daemon) and checks now that they open. */
lt_status sd_searchers_init(const char *const *dbs, size_t n, const char *vocabulary,
                            lt_error *err);
/* Frees every thread's searcher; call after all workers have stopped. */
void sd_searchers_shutdown(void);

/* The calling thread's searcher, up to date per the rules above. */
lt_status sd_searcher_get(lt_searcher **out, lt_error *err);
/* After an index error: drop this thread's searcher. */
void sd_searcher_discard(void);

/* Asks every thread's searcher to reopen before its next search. Safe to
 * call from any thread. */
void sd_searchers_reopen_all(void);

#endif
