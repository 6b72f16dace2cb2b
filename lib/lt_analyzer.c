/* lt_analyzer.c — tokenizing, stemming, posting terms. */
#include "lt_analyzer.h"

#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_stem.h"
#include "lt_words.h"

struct lt_analyzer {
    lt_stemmer *stemmer;   /* caches its stems (lt_stem.h) */
    lt_buf lower, stem, term;
};

lt_analyzer *lt_analyzer_new(void) {
    lt_analyzer *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->stemmer = lt_stemmer_new();
    if (!a->stemmer) {
        lt_analyzer_free(a);
        return NULL;
    }
    lt_buf_init(&a->lower, 4 * LT_MAX_WORD_BYTES);
    lt_buf_init(&a->stem, 4 * LT_MAX_WORD_BYTES);
    lt_buf_init(&a->term, 8 * LT_MAX_WORD_BYTES);
    return a;
}

void lt_analyzer_free(lt_analyzer *a) {
    if (!a) return;
    lt_stemmer_free(a->stemmer);
    lt_buf_release(&a->lower);
    lt_buf_release(&a->stem);
    lt_buf_release(&a->term);
    free(a);
}

lt_status lt_analyzer_stem(lt_analyzer *a, const char *w, size_t len, lt_buf *out) {
    return lt_stem(a->stemmer, w, len, out);
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
