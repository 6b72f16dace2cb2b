/* lt_stem.c — libstemmer behind a cache of the stems it gave. */
#include "lt_stem.h"

#include <libstemmer.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lt_hash.h"

/* The cache: word → stem, open addressing, emptied when half full or
 * when its arena is (offset 0 of which marks an empty slot). Words follow Zipf's law, so a modest cache answers
 * most lookups: an indexer's words, and a searcher's snippets, which stem
 * every word of the posts shown. Allocated at the first stem; its pages
 * are only touched as it fills. */
#define DEFAULT_SLOTS_LOG2 16
#define MAX_SLOTS_LOG2 20
#define ARENA_BYTES_PER_SLOT 16   /* a word and its stem, on average */

typedef struct cache_slot {
    uint32_t hash;
    uint32_t word;     /* offset into the arena; 0 when empty */
    uint32_t stem;     /* offset into the arena */
    uint32_t word_len, stem_len;   /* bytes (a word may hold a NUL) */
} cache_slot;

struct lt_stemmer {
    struct sb_stemmer *sb;
    cache_slot *slots;   /* NULL until the first stem, or without memory */
    uint32_t n_slots;    /* a power of two */
    size_t used;
    char *arena;
    size_t arena_len, arena_bytes;
};

lt_stemmer *lt_stemmer_new_sized(unsigned slots_log2) {
    lt_stemmer *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (slots_log2 < 4) slots_log2 = 4;
    if (slots_log2 > MAX_SLOTS_LOG2) slots_log2 = MAX_SLOTS_LOG2;
    s->n_slots = 1u << slots_log2;
    s->arena_bytes = (size_t)s->n_slots * ARENA_BYTES_PER_SLOT;
    s->sb = sb_stemmer_new("english", "UTF_8");
    if (!s->sb) {
        free(s);
        return NULL;
    }
    return s;
}

lt_stemmer *lt_stemmer_new(void) { return lt_stemmer_new_sized(DEFAULT_SLOTS_LOG2); }

void lt_stemmer_free(lt_stemmer *s) {
    if (!s) return;
    sb_stemmer_delete(s->sb);
    free(s->slots);
    free(s->arena);
    free(s);
}

static void cache_clear(lt_stemmer *s) {
    memset(s->slots, 0, s->n_slots * sizeof *s->slots);
    s->used = 0;
    s->arena_len = 1;
}

/* The cache, made at the first call; NULL without memory for it (the
 * stemmer then works without). */
static cache_slot *cache(lt_stemmer *s) {
    if (s->slots) return s->slots;
    s->slots = calloc(s->n_slots, sizeof *s->slots);
    s->arena = malloc(s->arena_bytes);
    if (!s->slots || !s->arena) {
        free(s->slots);
        free(s->arena);
        s->slots = NULL;
        s->arena = NULL;
        return NULL;
    }
    s->arena_len = 1;
    return s->slots;
}

/* Copies w into the arena; its offset (the caller has checked the room). */
static uint32_t arena_put(lt_stemmer *s, const char *w, size_t len) {
    uint32_t at = (uint32_t)s->arena_len;
    memcpy(s->arena + at, w, len);
    s->arena_len += len;
    return at;
}

/* The stem from libstemmer itself, into out (emptied first). */
static lt_status stem_uncached(lt_stemmer *s, const char *w, size_t len, lt_buf *out) {
    const sb_symbol *r;
    lt_buf_reset(out);
    if (len > INT_MAX) return LT_ELIMIT;
    /* The result lives in the stemmer until its next call: copy it now. */
    r = sb_stemmer_stem(s->sb, (const sb_symbol *)w, (int)len);
    if (!r) return LT_ENOMEM;
    return lt_buf_append(out, (const char *)r, (size_t)sb_stemmer_length(s->sb));
}

lt_status lt_stem(lt_stemmer *s, const char *w, size_t len, lt_buf *out) {
    cache_slot *slots = cache(s);
    uint32_t h, i;
    lt_status rc;
    /* A word that could not go into the arena is stemmed every time. */
    if (!slots || len >= s->arena_bytes / 4) return stem_uncached(s, w, len, out);
    h = (uint32_t)lt_hash(w, len);
    for (i = h & (s->n_slots - 1); slots[i].word; i = (i + 1) & (s->n_slots - 1)) {
        const cache_slot *sl = &slots[i];
        if (sl->hash == h && sl->word_len == len && !memcmp(s->arena + sl->word, w, len)) {
            lt_buf_reset(out);
            return lt_buf_append(out, s->arena + sl->stem, sl->stem_len);
        }
    }
    if ((rc = stem_uncached(s, w, len, out)) != LT_OK) return rc;
    if (s->used >= s->n_slots / 2 || s->arena_len + len + out->len > s->arena_bytes) {
        cache_clear(s);
        i = h & (s->n_slots - 1);
    }
    if (s->arena_len + len + out->len > s->arena_bytes) return LT_OK;
    slots[i].hash = h;
    slots[i].word = arena_put(s, w, len);
    slots[i].stem = arena_put(s, out->data, out->len);
    slots[i].word_len = (uint32_t)len;
    slots[i].stem_len = (uint32_t)out->len;
    s->used++;
    return LT_OK;
}
