/* lt_stem.h — Snowball English stems from libstemmer, the same stemmer the
 * shim plugs into Xapian, so highlighted words are the ones that matched.
 *
 * A stemmer is not thread-safe: one per thread (one per searcher).
 */
#ifndef LANTERN_LT_STEM_H
#define LANTERN_LT_STEM_H

#include <stddef.h>

#include "lt_buf.h"

typedef struct lt_stemmer lt_stemmer;

lt_stemmer *lt_stemmer_new(void);
void lt_stemmer_free(lt_stemmer *s);

/* Writes the stem of the lower-case word w[0..len) into `out` (replacing
 * its contents). */
lt_status lt_stem(lt_stemmer *s, const char *w, size_t len, lt_buf *out);

#endif
