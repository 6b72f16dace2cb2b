/* lt_text_reader.h — forum threads saved as text from phpBB pages.
 *
 * Two styles are read (see corpus/FORMAT.md):
 *   "post-by":  "Post by NAME » Thu Feb 01, 2018 6:48 pm" above each post,
 *               with profile lines ("Posts: 12", "Joined: …", "User avatar",
 *               the author's name) and a subject line between posts;
 *   "posted":   "Posted: Mon Jun 20, 2022 2:47 pm" then "by NAME".
 * Page chrome ("Post Reply", "Page 1 of 1", profile blocks, navigation) is
 * dropped; quotes are kept apart from the post's own words (lt_quote.h).
 */
#ifndef LANTERN_LT_TEXT_READER_H
#define LANTERN_LT_TEXT_READER_H

#include <stddef.h>

#include "lt_config.h"
#include "lt_thread.h"

typedef enum lt_text_style {
    LT_TEXT_NONE = 0,     /* neither style */
    LT_TEXT_POST_BY,
    LT_TEXT_POSTED
} lt_text_style;

/* Which style text[0..len) is written in (cleaned UTF-8). */
lt_text_style lt_text_detect(const char *text, size_t len);

/* Reads one thread from cleaned text (see lt_utf8_clean). `name` is used
 * in messages; the thread's id is left for the caller to set. Problems
 * that lose nothing (an unreadable date) go to `warn`; a text in neither
 * style fails with LT_EFORMAT. */
lt_status lt_text_read(const char *name, const char *text, size_t len,
                       const lt_config *config, const lt_warn *warn,
                       lt_thread **out, lt_error *err);

#endif
