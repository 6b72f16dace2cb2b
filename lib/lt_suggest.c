/* lt_suggest.c — prefix completions ranked by document frequency. */
#include "lt_suggest.h"

#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_searcher_internal.h"
#include "lt_stem.h"
#include "lt_utf8.h"
#include "lt_words.h"
#include "lt_xc.h"

/* Terms under one prefix looked at, at most: enough for any real prefix,
 * a bound for a two-letter one on a huge index. */
#define MAX_SCAN 50000

typedef struct candidate {
    char term[128];
    uint32_t freq;
} candidate;

typedef struct scan {
    candidate best[LT_SUGGEST_MAX];
    size_t n, max, scanned;
    lt_searcher *s;
    lt_stemmer *stemmer;
    lt_buf stem, term;
    xc_error *xe;
} scan;

/* Documents holding the word (in any form): its stem's frequency in the
 * post bodies. */
static uint32_t docs_with(scan *sc, const char *w, size_t len) {
    uint32_t freq = 0;
    if (lt_stem(sc->stemmer, w, len, &sc->stem) != LT_OK) return 0;
    lt_buf_reset(&sc->term);
    lt_buf_append_char(&sc->term, 'Z');
    lt_buf_append(&sc->term, sc->stem.data, sc->stem.len);
    if (lt_buf_status(&sc->term) != LT_OK ||
        xc_database_term_freq(lt_searcher_db(sc->s), sc->term.data, &freq, sc->xe) != XC_OK)
        return 0;
    return freq;
}

/* A word of the spelling data: kept among the most frequent `max` when
 * enough documents hold it. */
static int consider(void *ctx, const char *term, size_t len, uint32_t freq) {
    scan *sc = ctx;
    size_t i, at;
    if (++sc->scanned > MAX_SCAN) return 1;
    if (len >= sizeof sc->best[0].term) return 0;
    /* Cheap test first: a word seen fewer times than the floor cannot be
     * in enough documents. */
    if (freq < LT_SUGGEST_MIN_DOCS) return 0;
    /* Keep the best `max` by frequency, sorted, ties by term order. */
    for (at = 0; at < sc->n && sc->best[at].freq >= freq; at++) {}
    if (at >= sc->max) return 0;
    if (docs_with(sc, term, len) < LT_SUGGEST_MIN_DOCS) return 0;
    if (sc->n < sc->max) sc->n++;
    for (i = sc->n - 1; i > at; i--) sc->best[i] = sc->best[i - 1];
    memcpy(sc->best[at].term, term, len);
    sc->best[at].term[len] = '\0';
    sc->best[at].freq = freq;
    return 0;
}

void lt_suggestions_release(lt_suggestions *sg) {
    size_t i;
    for (i = 0; i < sg->n; i++) free(sg->v[i]);
    free(sg->v);
    sg->v = NULL;
    sg->n = 0;
}

lt_status lt_suggest(lt_searcher *s, const char *text, size_t max,
                     lt_suggestions *out, lt_error *err) {
    lt_word_iter it;
    lt_buf lower, last, q;
    size_t start = 0, end = 0, len = strlen(text), i, last_start = 0;
    int have = 0;
    scan sc;
    xc_error xe;
    lt_status rc = LT_OK;
    out->v = NULL;
    out->n = 0;
    memset(&sc, 0, sizeof sc);
    if (max > LT_SUGGEST_MAX) max = LT_SUGGEST_MAX;
    if (len == 0 || len > LT_SEARCH_MAX_QUERY_BYTES || !lt_utf8_valid(text, len) ||
        text[len - 1] == ' ' || max == 0)
        return LT_OK;
    lt_buf_init(&lower, 256);
    lt_buf_init(&last, 256);
    lt_buf_init(&q, LT_SEARCH_MAX_QUERY_BYTES + 256);
    lt_word_iter_init(&it, text, len);
    /* The iterator reuses `lower`: keep the word the text ends in. */
    while (lt_word_next(&it, &start, &end, &lower)) {
        have = end == len;
        last_start = start;
        lt_buf_reset(&last);
        lt_buf_append(&last, lower.data, lower.len);
    }
    /* Complete only a word the text ends in, long enough to mean something. */
    if (!have || lt_buf_status(&last) != LT_OK || last.len < LT_SUGGEST_MIN_PREFIX ||
        (last.data[0] >= 'A' && last.data[0] <= 'Z'))
        goto done;
    memset(&sc, 0, sizeof sc);
    sc.max = max;
    sc.s = s;
    sc.xe = &xe;
    lt_buf_init(&sc.stem, 256);
    lt_buf_init(&sc.term, 256);
    if (!(sc.stemmer = lt_stemmer_new())) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    /* Completions come from the spelling data: the words as people wrote
     * them (the index itself holds only stems). */
    xe.status = XC_OK;
    if (xc_database_spellings(lt_searcher_db(s), last.data, consider, &sc, &xe) != XC_OK ||
        xe.status != XC_OK) {
        rc = lt_error_from_xc(err, lt_searcher_name(s), &xe);
        goto done;
    }
    out->v = calloc(sc.n ? sc.n : 1, sizeof *out->v);
    if (!out->v) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < sc.n; i++) {
        lt_buf_reset(&q);
        lt_buf_append(&q, text, last_start);
        lt_buf_append_str(&q, sc.best[i].term);
        if (!(out->v[i] = lt_buf_detach(&q, NULL))) {
            rc = lt_error_set(err, LT_ENOMEM, "out of memory");
            break;
        }
        out->n++;
    }
done:
    lt_stemmer_free(sc.stemmer);
    lt_buf_release(&sc.stem);
    lt_buf_release(&sc.term);
    if (rc != LT_OK) lt_suggestions_release(out);
    lt_buf_release(&lower);
    lt_buf_release(&last);
    lt_buf_release(&q);
    return rc;
}
