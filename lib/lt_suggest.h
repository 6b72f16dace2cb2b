/* lt_suggest.h — completions of what is being typed, from the index.
 *
 * The last word of the text (when the text does not end in a space) is
 * completed with the words of the index's spelling data (the words as
 * people wrote them) that start with it, most common first. Only words
 * found in at least LT_SUGGEST_MIN_DOCS documents are
 * offered: a rare word (a child's name in one post) is never suggested to
 * strangers typing its first letters.
 */
#ifndef LANTERN_LT_SUGGEST_H
#define LANTERN_LT_SUGGEST_H

#include <stddef.h>

#include "lt_searcher.h"

#define LT_SUGGEST_MIN_DOCS 3
#define LT_SUGGEST_MIN_PREFIX 2
#define LT_SUGGEST_MAX 10

typedef struct lt_suggestions {
    char **v;      /* whole queries: the text with its last word completed */
    size_t n;
} lt_suggestions;

/* Up to `max` (at most LT_SUGGEST_MAX) completions of `text`. */
lt_status lt_suggest(lt_searcher *s, const char *text, size_t max,
                     lt_suggestions *out, lt_error *err);
void lt_suggestions_release(lt_suggestions *sg);

#endif
