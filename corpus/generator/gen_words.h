/* gen_words.h — the generator's vocabulary and its random numbers.
 *
 * Words are drawn with a Zipf-like spread over a large vocabulary: the
 * first ranks are real English and the field's words, the long tail is
 * made-up words, so that an index of generated text has as many distinct
 * terms as real text of that size. Everything follows from the seed.
 */
#ifndef LANTERN_GEN_WORDS_H
#define LANTERN_GEN_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"

typedef struct gen_rng { uint64_t s; } gen_rng;

void gen_rng_seed(gen_rng *r, uint64_t seed);
uint64_t gen_rng_next(gen_rng *r);
/* Uniform in [0, n). */
uint32_t gen_rng_below(gen_rng *r, uint32_t n);
/* Uniform in [0, 1). */
double gen_rng_unit(gen_rng *r);

/* The topics of the field, each with its own words that its threads use
 * more often than others. */
typedef struct gen_topic {
    const char *name;
    const char *const *titles;      /* title templates */
    const char *const *words;       /* the topic's words and phrases */
} gen_topic;

size_t gen_topic_count(void);
const gen_topic *gen_topic_get(size_t i);

typedef struct gen_vocab gen_vocab;

/* Builds the Zipf table over `size` ranks (at least the real words). */
gen_vocab *gen_vocab_new(size_t size, double exponent);
void gen_vocab_free(gen_vocab *v);

/* Appends one word drawn from the whole vocabulary. */
void gen_vocab_word(const gen_vocab *v, gen_rng *r, lt_buf *out);

/* Names for members and advisers. */
const char *gen_member_name(gen_rng *r, char buf[64]);
const char *gen_adviser_name(gen_rng *r);

#endif
