/* lt_stem.h — Snowball English stems from libstemmer, the same stemmer the
 * shim plugs into Xapian, so highlighted words are the ones that matched.
 *
 * A stemmer keeps the stems it gave in a cache, touched as it fills: an
 * indexer stems the same words again and again, and a searcher every word
 * of the posts it shows.
 *
 * A stemmer is not thread-safe: one per thread (one per searcher).
 */
#ifndef LANTERN_LT_STEM_H
#define LANTERN_LT_STEM_H

#include <stddef.h>

#include "lt_buf.h"

typedef struct lt_stemmer lt_stemmer;

/* With a cache of 2^16 words' stems (some 2 MB): for indexing. */
lt_stemmer *lt_stemmer_new(void);
/* With a cache of 2^slots_log2 (4 to 20) words' stems, 36 bytes each: a
 * small one stays in the processor's caches, for a few posts' words. */
lt_stemmer *lt_stemmer_new_sized(unsigned slots_log2);
void lt_stemmer_free(lt_stemmer *s);

/* Writes the stem of the lower-case word w[0..len) into `out` (replacing
 * its contents). */
lt_status lt_stem(lt_stemmer *s, const char *w, size_t len, lt_buf *out);

#endif
