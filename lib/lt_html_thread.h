/* lt_html_thread.h — phpBB thread pages (prosilver markup, 3.0 to 3.3).
 *
 * Each post: its author (the profile link), date-time (the displayed date,
 * as in text exports; the <time datetime> when that cannot be read), its
 * own words (div.content without quotes) and its quoted words (<blockquote>
 * without the "NAME wrote:" line). Signatures, profile boxes, buttons,
 * pagination and navigation are outside what is read.
 *
 * One page is one lt_thread_page; pages of one thread share a key (the
 * canonical URL without its start= parameter, or the topic's t= number)
 * and are joined by lt_joiner (lt_thread_join.h).
 */
#ifndef LANTERN_LT_HTML_THREAD_H
#define LANTERN_LT_HTML_THREAD_H

#include <libxml/HTMLparser.h>

#include "lt_config.h"
#include "lt_thread.h"

typedef struct lt_thread_page {
    lt_thread *thread;         /* id: the page's source; posts in page order */
    unsigned long *post_ids;   /* phpBB's p-number of each post (0: unknown) */
    char *key;                 /* identifies the thread across its pages */
    long start;                /* index of the page's first post, -1 unknown */
} lt_thread_page;

void lt_thread_page_free(lt_thread_page *p);

/* 1 if the page holds phpBB posts. */
int lt_html_is_thread_page(htmlDocPtr doc);

/* Reads a thread page. `source` names it; posts are numbered from
 * start + 1 (from 1 when start is unknown) until the pages are joined. */
lt_status lt_html_read_thread_page(htmlDocPtr doc, const char *source,
                                   const lt_config *config, const lt_warn *warn,
                                   lt_thread_page **out, lt_error *err);

#endif
