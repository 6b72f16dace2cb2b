/* lt_words.h — splitting text into words as Xapian's term generator does.
 *
 * Word characters are Xapian's (Unicode letters, digits, marks, connector
 * punctuation); an apostrophe or '&' between two word characters joins them
 * ("doesn't", "AT&T"), as does '.' or ',' between digits ("1,000"). Each
 * word comes out lower-cased, so it can be compared with indexed terms.
 */
#ifndef LANTERN_LT_WORDS_H
#define LANTERN_LT_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"

typedef struct lt_word_iter {
    const char *text;
    size_t len;
    size_t pos;
} lt_word_iter;

void lt_word_iter_init(lt_word_iter *it, const char *text, size_t len);

/* Finds the next word: its bytes are text[*start..*end), its lower-case
 * form replaces the contents of `lower`. Returns 0 at the end. */
int lt_word_next(lt_word_iter *it, size_t *start, size_t *end, lt_buf *lower);

/* Xapian's word characters and lower case (ASCII answered here, the
 * rest by Xapian's Unicode tables: text is mostly ASCII, and a call into
 * Xapian per character was a few percent of a query's snippets). */
int lt_is_word_char(uint32_t cp);
uint32_t lt_char_lower(uint32_t cp);

/* The share (0 to 1) of text's characters that are word characters or
 * white space. Prose in any script scores well above 0.7; binary junk read
 * as text scores around 0.5. */
double lt_words_text_share(const char *text, size_t len);

#endif
