/* lt_vocab.c — reading the vocabulary and matching keys by stem. */
#include "lt_vocab.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_thread.h"
#include "lt_utf8.h"
#include "lt_words.h"

/* data/vocabulary.txt, built in by CMake (cmake/embed_text.cmake). */
extern const unsigned char lt_builtin_vocabulary[];
extern const size_t lt_builtin_vocabulary_len;

struct lt_vocab {
    lt_vocab_entry *v;
    size_t n, cap;
};

lt_vocab *lt_vocab_new(void) { return calloc(1, sizeof(lt_vocab)); }

static void words_release(lt_vocab_words *w) {
    size_t i;
    for (i = 0; i < w->n; i++) free(w->words[i]);
    free(w->words);
    w->words = NULL;
    w->n = 0;
}

static void entry_release(lt_vocab_entry *e) {
    size_t i;
    free(e->text);
    words_release(&e->key_stems);
    for (i = 0; i < e->n_alts; i++) words_release(&e->alts[i]);
    free(e->alts);
    free(e->relations);
}

void lt_vocab_free(lt_vocab *v) {
    size_t i;
    if (!v) return;
    for (i = 0; i < v->n; i++) entry_release(&v->v[i]);
    free(v->v);
    free(v);
}

size_t lt_vocab_size(const lt_vocab *v) { return v->n; }
const lt_vocab_entry *lt_vocab_entry_at(const lt_vocab *v, size_t i) { return &v->v[i]; }

/* Splits s[0..len) into lower-case words (stemmed when asked). Returns
 * LT_EFORMAT when there are none or too many. */
static lt_status split_words(const char *s, size_t len, lt_stemmer *stemmer, int stem,
                             lt_vocab_words *out) {
    lt_word_iter it;
    lt_buf lower, st;
    size_t start, end;
    lt_status rc = LT_OK;
    out->words = calloc(LT_VOCAB_MAX_WORDS, sizeof *out->words);
    out->n = 0;
    if (!out->words) return LT_ENOMEM;
    lt_buf_init(&lower, 256);
    lt_buf_init(&st, 256);
    lt_word_iter_init(&it, s, len);
    while (lt_word_next(&it, &start, &end, &lower)) {
        const lt_buf *w = &lower;
        if (out->n == LT_VOCAB_MAX_WORDS) { rc = LT_EFORMAT; break; }
        if (stem) {
            if (lt_stem(stemmer, lower.data, lower.len, &st) != LT_OK) { rc = LT_ENOMEM; break; }
            w = &st;
        }
        if (!(out->words[out->n] = strndup(w->data, w->len))) { rc = LT_ENOMEM; break; }
        out->n++;
    }
    if (rc == LT_OK && out->n == 0) rc = LT_EFORMAT;
    lt_buf_release(&lower);
    lt_buf_release(&st);
    if (rc != LT_OK) words_release(out);
    return rc;
}

static int same_words(const lt_vocab_words *a, const lt_vocab_words *b) {
    size_t i;
    if (a->n != b->n) return 0;
    for (i = 0; i < a->n; i++) if (strcmp(a->words[i], b->words[i])) return 0;
    return 1;
}

static lt_vocab_entry *entry_for(lt_vocab *v, lt_vocab_words *key, const char *text,
                                 size_t text_len, lt_status *rc) {
    size_t i;
    lt_vocab_entry *e;
    for (i = 0; i < v->n; i++) {
        if (same_words(&v->v[i].key_stems, key)) {
            words_release(key);
            return &v->v[i];
        }
    }
    if (v->n >= LT_VOCAB_MAX_ENTRIES) { *rc = LT_ELIMIT; return NULL; }
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 128;
        lt_vocab_entry *nv = realloc(v->v, cap * sizeof *nv);
        if (!nv) { *rc = LT_ENOMEM; return NULL; }
        v->v = nv;
        v->cap = cap;
    }
    e = &v->v[v->n];
    memset(e, 0, sizeof *e);
    if (!(e->text = strndup(text, text_len))) { *rc = LT_ENOMEM; return NULL; }
    e->key_stems = *key;
    key->words = NULL;
    key->n = 0;
    v->n++;
    return e;
}

static lt_status add_alt(lt_vocab_entry *e, lt_vocab_words *alt, lt_vocab_relation rel) {
    size_t i;
    lt_vocab_words *na;
    lt_vocab_relation *nr;
    for (i = 0; i < e->n_alts; i++)
        if (same_words(&e->alts[i], alt)) {
            /* Said twice: "the same" wins over "related". */
            if (rel == LT_VOCAB_SAME) e->relations[i] = LT_VOCAB_SAME;
            words_release(alt);
            return LT_OK;
        }
    na = realloc(e->alts, (e->n_alts + 1) * sizeof *na);
    if (!na) return LT_ENOMEM;
    e->alts = na;
    nr = realloc(e->relations, (e->n_alts + 1) * sizeof *nr);
    if (!nr) return LT_ENOMEM;
    e->relations = nr;
    e->relations[e->n_alts] = rel;
    e->alts[e->n_alts++] = *alt;
    alt->words = NULL;
    alt->n = 0;
    return LT_OK;
}

static void trim(const char **s, size_t *len) {
    while (*len && (**s == ' ' || **s == '\t')) { (*s)++; (*len)--; }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
        (*len)--;
}

lt_status lt_vocab_parse(lt_vocab *v, lt_stemmer *stemmer, const char *name,
                         const char *text, size_t len, lt_error *err) {
    size_t pos = 0, line_no = 0;
    if (!lt_utf8_valid(text, len))
        return lt_error_set(err, LT_EFORMAT, "%s: not valid UTF-8", name);
    while (pos < len) {
        const char *line = text + pos, *eq, *nl = memchr(text + pos, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - line) : len - pos, key_len;
        lt_vocab_words key;
        lt_vocab_entry *e;
        const char *rest, *key_text, *tilde;
        size_t rest_len;
        lt_vocab_relation rel;
        lt_status rc = LT_OK;
        pos += line_len + (nl ? 1 : 0);
        line_no++;
        trim(&line, &line_len);
        if (!line_len || line[0] == '#') continue;
        /* The first '=' or '~' parts the key from its alternatives. */
        eq = memchr(line, '=', line_len);
        tilde = memchr(line, '~', line_len);
        if (tilde && (!eq || tilde < eq)) eq = tilde;
        if (!eq)
            return lt_error_set(err, LT_EFORMAT,
                                "%s:%zu: expected 'words = alternative | …' or 'words ~ …'",
                                name, line_no);
        rel = *eq == '~' ? LT_VOCAB_RELATED : LT_VOCAB_SAME;
        key_text = line;
        key_len = (size_t)(eq - line);
        trim(&key_text, &key_len);
        rc = split_words(key_text, key_len, stemmer, 1, &key);
        if (rc != LT_OK)
            return lt_error_set(err, rc, "%s:%zu: %s", name, line_no,
                                rc == LT_ENOMEM ? "out of memory"
                                                : "the words before '=' are empty or too many");
        e = entry_for(v, &key, key_text, key_len, &rc);
        if (!e) {
            words_release(&key);
            return lt_error_set(err, rc, "%s:%zu: %s", name, line_no,
                                rc == LT_ELIMIT ? "too many entries" : "out of memory");
        }
        rest = eq + 1;
        rest_len = line_len - (size_t)(rest - line);
        while (rest_len) {
            const char *bar = memchr(rest, '|', rest_len);
            const char *alt = rest;
            size_t alt_len = bar ? (size_t)(bar - rest) : rest_len;
            lt_vocab_words words;
            rest_len -= alt_len + (bar ? 1 : 0);
            rest = bar ? bar + 1 : rest + alt_len;
            trim(&alt, &alt_len);
            if (!alt_len)
                return lt_error_set(err, LT_EFORMAT, "%s:%zu: an empty alternative", name, line_no);
            rc = split_words(alt, alt_len, stemmer, 0, &words);
            if (rc == LT_OK) rc = add_alt(e, &words, rel);
            if (rc != LT_OK)
                return lt_error_set(err, rc, "%s:%zu: %s", name, line_no,
                                    rc == LT_ENOMEM ? "out of memory"
                                                    : "an alternative with no words or too many");
        }
        if (e->n_alts == 0)
            return lt_error_set(err, LT_EFORMAT, "%s:%zu: no alternative after '='", name, line_no);
    }
    return LT_OK;
}

lt_status lt_vocab_load(lt_vocab *v, lt_stemmer *stemmer, const char *path, lt_error *err) {
    FILE *f = fopen(path, "rb");
    lt_buf b;
    char chunk[8192];
    size_t n;
    lt_status rc;
    if (!f)
        return lt_error_set(err, errno == ENOENT ? LT_ENOTFOUND : LT_EIO, "%s: %s", path,
                            strerror(errno));
    lt_buf_init(&b, 16u << 20);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) lt_buf_append(&b, chunk, n);
    fclose(f);
    if (lt_buf_status(&b) != LT_OK) {
        lt_buf_release(&b);
        return lt_error_set(err, LT_ELIMIT, "%s: larger than 16 MB", path);
    }
    rc = lt_vocab_parse(v, stemmer, path, b.data, b.len, err);
    lt_buf_release(&b);
    return rc;
}

lt_status lt_vocab_add_builtin(lt_vocab *v, lt_stemmer *stemmer, lt_error *err) {
    return lt_vocab_parse(v, stemmer, "data/vocabulary.txt",
                          (const char *)lt_builtin_vocabulary, lt_builtin_vocabulary_len, err);
}

size_t lt_vocab_match(const lt_vocab *v, const char *const *stems, size_t n,
                      const lt_vocab_entry **out) {
    size_t i, best = 0;
    *out = NULL;
    for (i = 0; i < v->n; i++) {
        const lt_vocab_words *k = &v->v[i].key_stems;
        size_t j;
        if (k->n > n || k->n <= best) continue;
        for (j = 0; j < k->n && !strcmp(k->words[j], stems[j]); j++) {}
        if (j == k->n) {
            best = k->n;
            *out = &v->v[i];
        }
    }
    return best;
}
