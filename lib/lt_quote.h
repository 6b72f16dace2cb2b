/* lt_quote.h — keeping quoted words apart from a post's own words.
 *
 * Text exports flatten a phpBB quote into a line "NAME wrote: DATE words…"
 * (sometimes "NAME wrote: ↑", the date on the next line, the words after).
 * A line is a quote header when NAME is the author of an earlier post of
 * the thread or a phpBB date follows "wrote:", so a parent writing "my sw
 * wrote: a letter" is not taken for a quote. The quote runs to the end of
 * that line (or, when the line holds only the header, to the next blank
 * line), and on over following lines that repeat words of the quoted
 * author's earlier posts: exports do not mark where a quote ends, but the
 * thread itself shows what was said.
 */
#ifndef LANTERN_LT_QUOTE_H
#define LANTERN_LT_QUOTE_H

#include "lt_buf.h"
#include "lt_lines.h"
#include "lt_thread.h"

/* Appends the own words of lines[0..n) to `own` and the quoted words to
 * `quoted`, lines of a paragraph joined by LF and paragraphs by a blank
 * line. `thread` holds the posts before this one. */
lt_status lt_quote_split(const lt_line *lines, size_t n,
                         const lt_thread *thread, lt_buf *own,
                         lt_buf *quoted);

/* Appends lines[0..n) to `out` as paragraphs, as above, without looking
 * for quotes. */
lt_status lt_lines_join(const lt_line *lines, size_t n, lt_buf *out);

#endif
