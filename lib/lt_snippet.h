/* lt_snippet.h — the passage of a post that shows why it matched.
 *
 * Built in two steps: first find the spans (words whose lower-case form or
 * stem is one of the query's) and the window of text with the most
 * distinct matches; then write that window HTML-escaped, with each match
 * wrapped in <mark>. Windows are cut only between words, so never inside a
 * UTF-8 character; white space (line breaks too) folds to single spaces.
 */
#ifndef LANTERN_LT_SNIPPET_H
#define LANTERN_LT_SNIPPET_H

#include <stddef.h>

#include "lt_buf.h"
#include "lt_stem.h"

/* The words to highlight: exact lower-case words and stems. */
typedef struct lt_highlight lt_highlight;

lt_highlight *lt_highlight_new(void);
void lt_highlight_free(lt_highlight *h);
/* A word that matches as it is (a phrase word, an unstemmed term). */
lt_status lt_highlight_add_word(lt_highlight *h, const char *w, size_t len);
/* A stem: any word with this stem matches. */
lt_status lt_highlight_add_stem(lt_highlight *h, const char *stem, size_t len);
size_t lt_highlight_count(const lt_highlight *h);

/* Appends to `out` the best window of at most about `max_bytes` bytes of
 * text[0..len), escaped and marked. *matches (may be NULL) receives the
 * number of matched words in the window; with none, nothing is written
 * unless `lead_if_none` asks for the opening of the text instead. */
lt_status lt_snippet_make(const lt_highlight *h, lt_stemmer *stemmer,
                          const char *text, size_t len, size_t max_bytes,
                          int lead_if_none, lt_buf *out, size_t *matches);

/* Appends s[0..len) to out with & < > " ' escaped for HTML. */
lt_status lt_html_escape(lt_buf *out, const char *s, size_t len);

#endif
