/* lt_snippet.c — choosing, escaping and marking a snippet. */
#include "lt_snippet.h"

#include <stdlib.h>
#include <string.h>

#include "lt_utf8.h"
#include "lt_words.h"

/* ---- The words to highlight ---- */

typedef struct word_list {
    char **v;
    size_t *len;   /* v[i]'s: every word of a post is compared with them */
    size_t n, cap;
} word_list;

struct lt_highlight {
    word_list words;
    word_list stems;
    size_t shortest_stem;   /* bytes; a word shorter cannot stem to one */
    /* The first bytes of the words and stems, a bit each: a post's word
     * beginning with another byte matches neither (the stemmer keeps a
     * word's first letter), and most words of a post are passed over
     * without a lookup or a stem (tests/test_snippet.c). */
    unsigned char first[32];
};

lt_highlight *lt_highlight_new(void) { return calloc(1, sizeof(lt_highlight)); }

static void list_release(word_list *l) {
    size_t i;
    for (i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    free(l->len);
}

void lt_highlight_free(lt_highlight *h) {
    if (!h) return;
    list_release(&h->words);
    list_release(&h->stems);
    free(h);
}

static long list_find(const word_list *l, const char *w, size_t len) {
    size_t i;
    /* Queries have a handful of terms: a linear scan beats any index. */
    for (i = 0; i < l->n; i++)
        if (l->len[i] == len && !memcmp(l->v[i], w, len)) return (long)i;
    return -1;
}

static lt_status list_add(word_list *l, const char *w, size_t len) {
    char *copy;
    if (len == 0 || list_find(l, w, len) >= 0) return LT_OK;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **nv = realloc(l->v, cap * sizeof *nv);
        size_t *nl;
        if (!nv) return LT_ENOMEM;
        l->v = nv;
        if (!(nl = realloc(l->len, cap * sizeof *nl))) return LT_ENOMEM;
        l->len = nl;
        l->cap = cap;
    }
    copy = malloc(len + 1);
    if (!copy) return LT_ENOMEM;
    memcpy(copy, w, len);
    copy[len] = '\0';
    l->len[l->n] = len;
    l->v[l->n++] = copy;
    return LT_OK;
}

static void mark_first(lt_highlight *h, const char *w, size_t len) {
    unsigned char c = (unsigned char)w[0];
    if (len) h->first[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int first_marked(const lt_highlight *h, unsigned char c) {
    return (h->first[c >> 3] >> (c & 7)) & 1;
}

lt_status lt_highlight_add_word(lt_highlight *h, const char *w, size_t len) {
    mark_first(h, w, len);
    return list_add(&h->words, w, len);
}

lt_status lt_highlight_add_stem(lt_highlight *h, const char *stem, size_t len) {
    if (len && (h->stems.n == 0 || len < h->shortest_stem)) h->shortest_stem = len;
    mark_first(h, stem, len);
    return list_add(&h->stems, stem, len);
}

size_t lt_highlight_count(const lt_highlight *h) {
    return h->words.n + h->stems.n;
}

/* ---- Finding the spans ---- */

typedef struct span {
    size_t start, end;
    long key;   /* which query word matched: distinct keys score more */
} span;

typedef struct span_list {
    span *v;
    size_t n, cap;
} span_list;

static lt_status find_spans(const lt_highlight *h, lt_stemmer *stemmer,
                            const char *text, size_t len, span_list *out) {
    lt_word_iter it;
    lt_buf lower, stem;
    size_t start, end;
    lt_status rc = LT_OK;
    lt_buf_init(&lower, 4096);
    lt_buf_init(&stem, 4096);
    lt_word_iter_init(&it, text, len);
    while (lt_word_next(&it, &start, &end, &lower)) {
        long key = -1;
        if (lt_buf_status(&lower) != LT_OK) continue;   /* an absurdly long word */
        if (!lower.len || !first_marked(h, (unsigned char)lower.data[0])) continue;
        key = list_find(&h->words, lower.data, lower.len);
        /* The English stemmer only takes suffixes off or puts shorter
         * ones on: a word shorter than every query stem (most of the
         * short common words) is not stemmed (tests/test_snippet.c). */
        if (key < 0 && h->stems.n && lower.len >= h->shortest_stem) {
            if (lt_stem(stemmer, lower.data, lower.len, &stem) != LT_OK) continue;
            key = list_find(&h->stems, stem.data, stem.len);
            if (key >= 0) key += (long)h->words.n;
        }
        if (key < 0) continue;
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 32;
            span *nv = realloc(out->v, cap * sizeof *nv);
            if (!nv) { rc = LT_ENOMEM; break; }
            out->v = nv;
            out->cap = cap;
        }
        out->v[out->n].start = start;
        out->v[out->n].end = end;
        out->v[out->n].key = key;
        out->n++;
    }
    lt_buf_release(&lower);
    lt_buf_release(&stem);
    return rc;
}

/* ---- Choosing the window ---- */

/* Score of the spans v[first..] that end within `limit`: each distinct
 * query word counts 1, repeats a little, neighbours (a phrase) a bonus. */
static double window_score(const span *v, size_t n, size_t first, size_t limit,
                           size_t *last) {
    long seen[64];
    size_t n_seen = 0, i, j;
    double score = 0;
    for (i = first; i < n && v[i].end <= limit; i++) {
        int dup = 0;
        for (j = 0; j < n_seen; j++) if (seen[j] == v[i].key) dup = 1;
        if (dup) score += 0.2;
        else {
            score += 1.0;
            if (n_seen < 64) seen[n_seen++] = v[i].key;
        }
        if (i > first && v[i].key != v[i - 1].key && v[i].start - v[i - 1].end <= 2)
            score += 0.5;
        *last = i;
    }
    return score;
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

/* Where a window that should show span `s` begins: the start of its
 * sentence if that is near, else a little context before it, at a word
 * boundary. */
static size_t window_start(const char *text, size_t s, size_t context) {
    size_t floor = s > context ? s - context : 0, i = s;
    while (i > floor) {
        char c = text[i - 1];
        if ((c == '.' || c == '?' || c == '!' || c == '\n') && i < s) {
            while (i < s && is_space(text[i])) i++;
            return i;
        }
        i--;
    }
    if (floor == 0) return 0;
    /* Move forward to the start of a word so no word is cut. */
    while (i < s && !is_space(text[i])) i++;
    while (i < s && is_space(text[i])) i++;
    return i;
}

/* ---- Writing ---- */

lt_status lt_html_escape(lt_buf *out, const char *s, size_t len) {
    size_t i, run = 0;
    for (i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        lt_buf_append(out, s + run, i - run);
        lt_buf_append_str(out, rep);
        run = i + 1;
    }
    lt_buf_append(out, s + run, len - run);
    return lt_buf_status(out);
}

/* Escapes text[from..to) with white space folded to single spaces. */
static void write_plain(lt_buf *out, const char *text, size_t from, size_t to) {
    size_t i = from, run = from;
    while (i < to) {
        if (is_space(text[i])) {
            size_t j = i;
            while (j < to && is_space(text[j])) j++;
            lt_html_escape(out, text + run, i - run);
            lt_buf_append_char(out, ' ');
            i = run = j;
            continue;
        }
        i++;
    }
    lt_html_escape(out, text + run, to - run);
}

static int ends_sentence(char c) { return c == '.' || c == '?' || c == '!'; }

static size_t window_end(const char *text, size_t len, size_t from, size_t max) {
    size_t limit = from + max, i, j;
    if (limit >= len) return len;
    /* Back up to the end of the last whole word before the limit. */
    i = limit;
    while (i > from && !is_space(text[i])) i--;
    while (i > from && is_space(text[i - 1])) i--;
    /* One word longer than the window: cut it, at a character boundary. */
    if (i == from) return lt_utf8_char_start(text, len, limit);
    /* A sentence that ends in the last quarter of the window ends it. */
    for (j = i; j > from && j + max / 4 > i; j--)
        if (ends_sentence(text[j - 1]) && is_space(text[j])) return j;
    return i;
}

lt_status lt_snippet_make(const lt_highlight *h, lt_stemmer *stemmer,
                          const char *text, size_t len, size_t max_bytes,
                          int lead_if_none, lt_buf *out, size_t *matches) {
    span_list spans = {NULL, 0, 0};
    size_t i, best_first = 0, best_last = 0, from, to, last = 0;
    double best = -1;
    lt_status rc;
    if (matches) *matches = 0;
    rc = find_spans(h, stemmer, text, len, &spans);
    if (rc != LT_OK) goto done;
    if (spans.n == 0) {
        if (lead_if_none && len) {
            to = window_end(text, len, 0, max_bytes);
            write_plain(out, text, 0, to);
            if (to < len) lt_buf_append_str(out, " \xE2\x80\xA6");
        }
        rc = lt_buf_status(out);
        goto done;
    }
    for (i = 0; i < spans.n; i++) {
        size_t start = window_start(text, spans.v[i].start, max_bytes / 4);
        double score = window_score(spans.v, spans.n, i, start + max_bytes, &last);
        if (score > best) {
            best = score;
            best_first = i;
            best_last = last;
        }
    }
    from = window_start(text, spans.v[best_first].start, max_bytes / 4);
    to = window_end(text, len, from, max_bytes);
    if (to == len && len - from < max_bytes) {
        /* The window reaches the end with room to spare: spend it on the
         * text before, starting at a word. */
        size_t earliest = len > max_bytes ? len - max_bytes : 0;
        if (earliest > 0) {
            while (earliest < from && !is_space(text[earliest - 1])) earliest++;
        }
        if (earliest < from) from = earliest;
    }
    if (to < spans.v[best_last].end) to = spans.v[best_last].end;
    if (matches) *matches = best_last - best_first + 1;

    if (from > 0) lt_buf_append_str(out, "\xE2\x80\xA6 ");
    for (i = best_first; i <= best_last; i++) {
        write_plain(out, text, from, spans.v[i].start);
        lt_buf_append_str(out, "<mark>");
        lt_html_escape(out, text + spans.v[i].start, spans.v[i].end - spans.v[i].start);
        lt_buf_append_str(out, "</mark>");
        from = spans.v[i].end;
    }
    write_plain(out, text, from, to);
    if (to < len) lt_buf_append_str(out, " \xE2\x80\xA6");
    rc = lt_buf_status(out);
done:
    free(spans.v);
    return rc;
}
