/* lt_spelling.c — correcting the words an index has never seen. */
#include "lt_spelling.h"

#include <stdlib.h>
#include <string.h>

#include "lt_schema.h"
#include "lt_words.h"
#include "lt_xc.h"

#define MAX_EDITS 2

/* 1 if `term` indexes any document. */
static int term_known(xc_database *db, const char *term, xc_error *xe, int *failed) {
    uint32_t freq = 0;
    if (xc_database_term_freq(db, term, &freq, xe) != XC_OK) *failed = 1;
    return freq > 0;
}

/* 1 if the index holds the word as written or by its stem, in the post
 * bodies or the titles. */
static int word_known(xc_database *db, lt_stemmer *stemmer, const char *w, size_t len,
                      lt_buf *term, lt_buf *stem, xc_error *xe, int *failed) {
    static const char *const prefixes[] = {LT_PREFIX_BODY, LT_PREFIX_TITLE};
    size_t i;
    if (lt_stem(stemmer, w, len, stem) != LT_OK) return 1;
    for (i = 0; i < 2; i++) {
        lt_buf_reset(term);
        lt_buf_append_str(term, prefixes[i]);
        lt_buf_append(term, w, len);
        if (lt_buf_status(term) == LT_OK && term_known(db, term->data, xe, failed)) return 1;
        lt_buf_reset(term);
        lt_buf_append_char(term, 'Z');
        lt_buf_append_str(term, prefixes[i]);
        lt_buf_append(term, stem->data, stem->len);
        if (lt_buf_status(term) == LT_OK && term_known(db, term->data, xe, failed)) return 1;
    }
    return 0;
}

static int is_operator(const char *s, size_t len) {
    return (len == 3 && (!memcmp(s, "AND", 3) || !memcmp(s, "NOT", 3) ||
                         !memcmp(s, "XOR", 3))) ||
           (len == 2 && !memcmp(s, "OR", 2));
}

lt_status lt_spelling_correct(xc_database *db, lt_stemmer *stemmer,
                              const char *query, lt_buf *out, int *changed,
                              lt_error *err) {
    lt_word_iter it;
    lt_buf lower, term, stem;
    size_t start, end, copied = 0, len = strlen(query);
    xc_error xe;
    int failed = 0;
    lt_status rc = LT_OK;
    *changed = 0;
    lt_buf_reset(out);
    lt_buf_init(&lower, 1024);
    lt_buf_init(&term, 1024);
    lt_buf_init(&stem, 1024);
    lt_word_iter_init(&it, query, len);
    while (lt_word_next(&it, &start, &end, &lower)) {
        char *suggestion = NULL;
        if (lt_buf_status(&lower) != LT_OK || is_operator(query + start, end - start))
            continue;
        /* "title:word", "author:name": the field's value is not prose. */
        if (end < len && query[end] == ':') continue;
        if (start > 0 && query[start - 1] == ':') continue;
        /* Digits are dates, numbers, section numbers: never "corrected". */
        if (lower.data[0] >= '0' && lower.data[0] <= '9') continue;
        if (word_known(db, stemmer, lower.data, lower.len, &term, &stem, &xe, &failed) ||
            failed)
            continue;
        if (xc_database_spelling(db, lower.data, MAX_EDITS, &suggestion, &xe) != XC_OK) {
            failed = 1;
            break;
        }
        if (suggestion && strcmp(suggestion, lower.data) != 0) {
            lt_buf_append(out, query + copied, start - copied);
            lt_buf_append_str(out, suggestion);
            copied = end;
            *changed = 1;
        }
        free(suggestion);
    }
    lt_buf_append(out, query + copied, len - copied);
    if (failed) rc = lt_error_from_xc(err, "spelling", &xe);
    else if (lt_buf_status(out) != LT_OK) rc = lt_error_set(err, LT_ENOMEM, "out of memory");
    lt_buf_release(&lower);
    lt_buf_release(&term);
    lt_buf_release(&stem);
    return rc;
}
