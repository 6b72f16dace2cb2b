/* lt_analyzer.c — tokenizing, stemming through a cache, posting terms. */
#include "lt_analyzer.h"

#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_stem.h"
#include "lt_words.h"

/* The stem cache: word → stem, open addressing, emptied when full. Words
 * follow Zipf's law, so a modest cache answers almost every lookup. */
#define CACHE_SLOTS (1u << 16)
#define CACHE_MAX_USED (CACHE_SLOTS / 2)

typedef struct cache_slot {
    uint32_t hash;
    uint32_t word;     /* offset into the arena; 0 when empty */
    uint32_t stem;     /* offset into the arena */
} cache_slot;

struct lt_analyzer {
    lt_stemmer *stemmer;
    cache_slot *slots;
    size_t used;
    char *arena;
    size_t arena_len, arena_cap;
    lt_buf lower, stem, term;
};

lt_analyzer *lt_analyzer_new(void) {
    lt_analyzer *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->stemmer = lt_stemmer_new();
    a->slots = calloc(CACHE_SLOTS, sizeof *a->slots);
    a->arena_cap = 1u << 20;
    a->arena = malloc(a->arena_cap);
    if (!a->stemmer || !a->slots || !a->arena) {
        lt_analyzer_free(a);
        return NULL;
    }
    a->arena_len = 1;
    lt_buf_init(&a->lower, 4 * LT_MAX_WORD_BYTES);
    lt_buf_init(&a->stem, 4 * LT_MAX_WORD_BYTES);
    lt_buf_init(&a->term, 8 * LT_MAX_WORD_BYTES);
    return a;
}

void lt_analyzer_free(lt_analyzer *a) {
    if (!a) return;
    lt_stemmer_free(a->stemmer);
    free(a->slots);
    free(a->arena);
    lt_buf_release(&a->lower);
    lt_buf_release(&a->stem);
    lt_buf_release(&a->term);
    free(a);
}

static uint32_t hash_of(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static void cache_clear(lt_analyzer *a) {
    memset(a->slots, 0, CACHE_SLOTS * sizeof *a->slots);
    a->used = 0;
    a->arena_len = 1;
}

/* Copies s into the arena; returns its offset, or 0 when there is no room
 * (the caller then works without the cache). */
static uint32_t arena_put(lt_analyzer *a, const char *s, size_t len) {
    uint32_t at;
    if (a->arena_len + len + 1 > a->arena_cap) return 0;
    at = (uint32_t)a->arena_len;
    memcpy(a->arena + at, s, len);
    a->arena[at + len] = '\0';
    a->arena_len += len + 1;
    return at;
}

lt_status lt_analyzer_stem(lt_analyzer *a, const char *w, size_t len, lt_buf *out) {
    uint32_t h = hash_of(w, len), i = h & (CACHE_SLOTS - 1), word, stem;
    lt_status rc;
    for (;;) {
        cache_slot *sl = &a->slots[i];
        if (!sl->word) break;
        if (sl->hash == h && !strncmp(a->arena + sl->word, w, len) &&
            a->arena[sl->word + len] == '\0') {
            lt_buf_reset(out);
            return lt_buf_append_str(out, a->arena + sl->stem);
        }
        i = (i + 1) & (CACHE_SLOTS - 1);
    }
    rc = lt_stem(a->stemmer, w, len, out);
    if (rc != LT_OK) return rc;
    if (a->used >= CACHE_MAX_USED || a->arena_len + len + out->len + 2 > a->arena_cap) {
        cache_clear(a);
        i = h & (CACHE_SLOTS - 1);
    }
    word = arena_put(a, w, len);
    stem = word ? arena_put(a, out->data, out->len) : 0;
    if (word && stem) {
        a->slots[i].hash = h;
        a->slots[i].word = word;
        a->slots[i].stem = stem;
        a->used++;
    }
    return LT_OK;
}

/* Whether a word goes to the spelling data: not one with a digit in it
 * (dates, phone numbers, "s20"), whose "corrections" would be noise; the
 * vocabulary (lt_vocab.h) is what reads abbreviations. */
static int spelling_word(const char *w, size_t len) {
    size_t i;
    for (i = 0; i < len; i++)
        if (w[i] >= '0' && w[i] <= '9') return 0;
    return 1;
}

lt_status lt_analyzer_index(lt_analyzer *a, xc_document *doc, const char *prefix,
                            const char *text, size_t len, uint32_t *pos,
                            lt_counts *spelling, xc_error *xe) {
    lt_word_iter it;
    size_t start, end, plen = strlen(prefix);
    lt_word_iter_init(&it, text, len);
    while (lt_word_next(&it, &start, &end, &a->lower)) {
        lt_status rc;
        if (lt_buf_status(&a->lower) != LT_OK || a->lower.len > LT_MAX_WORD_BYTES) {
            /* Over-long "words" (a URL, a run of digits) are skipped, as
             * Xapian does; they keep their position. */
            lt_buf_reset(&a->lower);
            if (pos) ++*pos;
            continue;
        }
        rc = lt_analyzer_stem(a, a->lower.data, a->lower.len, &a->stem);
        if (rc != LT_OK) return rc;
        lt_buf_reset(&a->term);
        lt_buf_append_char(&a->term, 'Z');
        lt_buf_append(&a->term, prefix, plen);
        lt_buf_append(&a->term, a->stem.data, a->stem.len);
        if (lt_buf_status(&a->term) != LT_OK) return LT_ENOMEM;
        if ((pos ? xc_document_add_posting(doc, a->term.data, ++*pos, 1, xe)
                 : xc_document_add_term(doc, a->term.data, 1, xe)) != XC_OK)
            return LT_EINDEX;
        if (spelling && spelling_word(a->lower.data, a->lower.len) &&
            lt_counts_add(spelling, a->lower.data, a->lower.len, 1) != LT_OK)
            return LT_ENOMEM;
    }
    return LT_OK;
}

lt_status lt_analyzer_count(lt_analyzer *a, const char *text, size_t len, lt_counts *counts) {
    lt_word_iter it;
    size_t start, end;
    lt_word_iter_init(&it, text, len);
    while (lt_word_next(&it, &start, &end, &a->lower)) {
        if (lt_buf_status(&a->lower) != LT_OK || a->lower.len > LT_MAX_WORD_BYTES) {
            lt_buf_reset(&a->lower);
            continue;
        }
        if (spelling_word(a->lower.data, a->lower.len) &&
            lt_counts_add(counts, a->lower.data, a->lower.len, 1) != LT_OK)
            return LT_ENOMEM;
    }
    return LT_OK;
}
