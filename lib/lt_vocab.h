/* lt_vocab.h — the field's vocabulary: what people type, and the words
 * the answers use for it (data/vocabulary.txt, and a site's own file).
 *
 * Keys match the query's words by stem, longest key first; each entry's
 * alternatives are word lists, searched as a term (one word) or a phrase.
 */
#ifndef LANTERN_LT_VOCAB_H
#define LANTERN_LT_VOCAB_H

#include <stddef.h>

#include "lt_error.h"
#include "lt_stem.h"

#define LT_VOCAB_MAX_ENTRIES 100000
#define LT_VOCAB_MAX_WORDS 8        /* words in a key or an alternative */

typedef struct lt_vocab_words {
    char **words;        /* lower case, as lt_words splits them */
    size_t n;
} lt_vocab_words;

typedef enum lt_vocab_relation {
    LT_VOCAB_SAME = 0,      /* "words = …": the same meaning (abbreviations, spellings) */
    LT_VOCAB_RELATED = 1    /* "words ~ …": how the answers put it (lay to formal) */
} lt_vocab_relation;

typedef struct lt_vocab_entry {
    char *text;                  /* the key as written */
    lt_vocab_words key_stems;    /* the key's words, stemmed */
    lt_vocab_words *alts;        /* alternatives */
    lt_vocab_relation *relations;  /* of each alternative */
    size_t n_alts;
} lt_vocab_entry;

typedef struct lt_vocab lt_vocab;

lt_vocab *lt_vocab_new(void);
void lt_vocab_free(lt_vocab *v);

/* Adds the entries of `text` (the format of data/vocabulary.txt); errors
 * say "NAME:LINE: what is wrong". Entries with one key merge. */
lt_status lt_vocab_parse(lt_vocab *v, lt_stemmer *stemmer, const char *name,
                         const char *text, size_t len, lt_error *err);
lt_status lt_vocab_load(lt_vocab *v, lt_stemmer *stemmer, const char *path, lt_error *err);
/* Adds the vocabulary built into liblantern. */
lt_status lt_vocab_add_builtin(lt_vocab *v, lt_stemmer *stemmer, lt_error *err);

/* The longest entry whose key's stems equal stems[0..k); returns k, or 0
 * when no key starts here. */
size_t lt_vocab_match(const lt_vocab *v, const char *const *stems, size_t n,
                      const lt_vocab_entry **out);

size_t lt_vocab_size(const lt_vocab *v);
const lt_vocab_entry *lt_vocab_entry_at(const lt_vocab *v, size_t i);

#endif
