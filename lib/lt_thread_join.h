/* lt_thread_join.h — joining the pages of a thread into one thread.
 *
 * A thread split over several pages (?start=15 …) is one thread when its
 * pages are ingested together. Pages wait here until flushed; then pages
 * with one key are ordered (by their start= offset, else by phpBB's
 * increasing post numbers), duplicate posts dropped, and the posts
 * numbered through. The joined thread's id is the source of its first page.
 *
 * The indexer flushes when it leaves a folder and at the end of a run, and
 * the joiner flushes by itself past LT_JOIN_MAX_PENDING pages, so memory
 * stays bounded whatever the crawl's size.
 */
#ifndef LANTERN_LT_THREAD_JOIN_H
#define LANTERN_LT_THREAD_JOIN_H

#include "lt_html_thread.h"

#define LT_JOIN_MAX_PENDING 512

typedef struct lt_joiner lt_joiner;

lt_joiner *lt_joiner_new(lt_thread_fn fn, void *ctx);
/* Frees pending pages without delivering them. Accepts NULL. */
void lt_joiner_free(lt_joiner *j);

/* Takes ownership of `page` (also on failure). May flush. */
lt_status lt_joiner_add(lt_joiner *j, lt_thread_page *page, lt_error *err);

/* Delivers every pending thread to fn and empties the joiner. */
lt_status lt_joiner_flush(lt_joiner *j, lt_error *err);

#endif
