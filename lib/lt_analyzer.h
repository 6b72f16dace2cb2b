/* lt_analyzer.h — text into index terms, Lantern's way.
 *
 * Words are split as Xapian's term generator splits them (lt_words.h),
 * lower-cased and stemmed with libstemmer's Snowball English; each becomes
 * "Z" + field prefix + stem, with its position, so phrases and proximity
 * work on stems. Only stems are indexed (Xapian's STEM_ALL_Z): measured
 * twice as fast to index as stems plus words as written, with half the
 * memory and a smaller index. The words as written go to the spelling
 * data instead, counted here in the same pass.
 */
#ifndef LANTERN_LT_ANALYZER_H
#define LANTERN_LT_ANALYZER_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"
#include "lt_counts.h"
#include "xc.h"

/* Words longer than this are not indexed (Xapian's own default). */
#define LT_MAX_WORD_BYTES 64

typedef struct lt_analyzer lt_analyzer;

lt_analyzer *lt_analyzer_new(void);
void lt_analyzer_free(lt_analyzer *a);

/* Adds the words of text[0..len) to doc in field `prefix`, at positions
 * from *pos on (advanced past them), or without positions when pos is
 * NULL (a field no phrase is looked for in). When `spelling` is not
 * NULL, each word as written (lower case) is counted there too. */
lt_status lt_analyzer_index(lt_analyzer *a, xc_document *doc, const char *prefix,
                            const char *text, size_t len, uint32_t *pos,
                            lt_counts *spelling, xc_error *xe);

/* Counts the words of text[0..len) as written (lower case) into `counts`:
 * exactly what lt_analyzer_index gives the spelling data for that text. */
lt_status lt_analyzer_count(lt_analyzer *a, const char *text, size_t len, lt_counts *counts);

/* Writes the stem of lower-case word w into out (replacing it), through
 * the cache of the analyzer's stemmer. */
lt_status lt_analyzer_stem(lt_analyzer *a, const char *w, size_t len, lt_buf *out);

#endif
