/* gen_write.h — a thread written in each of Lantern's input formats, as
 * the real exports look (see corpus/FORMAT.md and the HTML readers). */
#ifndef LANTERN_GEN_WRITE_H
#define LANTERN_GEN_WRITE_H

#include <stddef.h>

#include "lt_buf.h"
#include "lt_thread.h"

/* Posts per page of a forum thread in HTML, as phpBB's default. */
#define GEN_POSTS_PER_PAGE 15

/* "Thu Feb 01, 2018 6:48 pm" from "2018-02-01T18:48". */
void gen_phpbb_date(const char *iso, char out[32]);

lt_status gen_write_postby(const lt_thread *t, lt_buf *out);
lt_status gen_write_posted(const lt_thread *t, lt_buf *out);
/* Page `page` (0-based) of the thread in phpBB prosilver markup; its
 * canonical link carries start=page*GEN_POSTS_PER_PAGE. */
lt_status gen_write_html_page(const lt_thread *t, size_t page, lt_buf *out);
size_t gen_html_pages(const lt_thread *t);
/* One JSON Lines record, with its newline. */
lt_status gen_write_jsonl(const lt_thread *t, lt_buf *out);
/* One line per post, for the peer engines of the benchmarks:
 * doc-id TAB thread-id TAB title TAB text TAB quoted, tabs and line
 * breaks inside fields made spaces. */
lt_status gen_write_tsv(const lt_thread *t, lt_buf *out);

#endif
