/* lt_query.c — the query language's parser and the query builder. */
#include "lt_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lt_buf.h"
#include "lt_schema.h"
#include "lt_thread.h"
#include "lt_words.h"
#include "lt_xc.h"

/* Words Xapian's term generator skips (its default maximum). */
#define MAX_WORD_BYTES 64
#define MAX_WORDS 256

/* ---- Profiles ---- */

/* name, body, title, quoted, same, related, pairs, adviser_prior,
 * faq_prior, k1, b, vocabulary, stopwords, answer_share, coordination,
 * use_correction, titles_after */
const lt_rank_profile lt_profile_plain = {
    "plain BM25", 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0, 0, 0.0, 0.0, 0, 0,
};

/* The weights below were chosen with bench/relevance (see its README for
 * the runs): change them only with the benchmark's numbers. */
const lt_rank_profile lt_profile_default = {
    "lantern", 1.0, 0.5, 0.0, 0.6, 0.4, 0.5, 1.3, 1.1, 1.6, 0.75, 1, 1, 0.5, 1.0, 1, 1,
};

/* Common English words that carry little meaning in a query. Negations
 * are not here: "will not sign", "no contact", "without a solicitor" keep
 * the words that turn their meaning around. */
static const char *const stopwords[] = {
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "him", "his", "how", "i", "i'm", "i've", "if", "in", "into",
    "is", "it", "it's", "its", "just", "me", "my", "of", "on", "or", "our", "she",
    "so", "some", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "too", "us", "very", "was", "we", "were", "what", "when",
    "where", "which", "who", "why", "will", "with", "would", "you", "your",
};

int lt_query_is_stopword(const char *word) {
    size_t i;
    for (i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
        if (!strcmp(word, stopwords[i])) return 1;
    return 0;
}

/* ---- Parsing ---- */

static void words_free(lt_vocab_words *w) {
    size_t i;
    for (i = 0; i < w->n; i++) free(w->words[i]);
    free(w->words);
    w->words = NULL;
    w->n = 0;
}

void lt_parsed_query_release(lt_parsed_query *q) {
    size_t i;
    for (i = 0; i < q->n_clauses; i++) words_free(&q->clauses[i].words);
    free(q->author);
    free(q->forum);
    memset(q, 0, sizeof *q);
    q->role = q->type = -1;
}

/* Appends the words of s[0..len) to w (lower case). */
static lt_status add_words(lt_vocab_words *w, const char *s, size_t len) {
    lt_word_iter it;
    lt_buf lower;
    size_t start, end;
    lt_status rc = LT_OK;
    lt_buf_init(&lower, 4 * MAX_WORD_BYTES);
    lt_word_iter_init(&it, s, len);
    while (lt_word_next(&it, &start, &end, &lower)) {
        char **nw;
        if (lt_buf_status(&lower) != LT_OK || lower.len > MAX_WORD_BYTES) continue;
        if (w->n >= MAX_WORDS) break;
        nw = realloc(w->words, (w->n + 1) * sizeof *nw);
        if (!nw || !(nw[w->n] = strndup(lower.data, lower.len))) {
            if (nw) w->words = nw;
            rc = LT_ENOMEM;
            break;
        }
        w->words = nw;
        w->n++;
    }
    lt_buf_release(&lower);
    return rc;
}

static lt_clause *new_clause(lt_parsed_query *q, lt_clause_kind kind, int sign) {
    lt_clause *c;
    if (q->n_clauses >= LT_QUERY_MAX_CLAUSES) return NULL;
    c = &q->clauses[q->n_clauses++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->sign = sign;
    return c;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as the first (end=0) or last (end=1)
 * minute it covers. */
static int parse_when(const char *s, size_t len, int end, char out[LT_DATE_SIZE]) {
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char iso[LT_DATE_SIZE];
    int y, m = end ? 12 : 1, d = 1;
    size_t i;
    for (i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '-')) return 0;
    if (len == 4) {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    } else if (len == 7 && s[4] == '-') {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12) return 0;
    } else if (len == 10) {
        if (!lt_date_parse_iso(s, len, iso)) return 0;
        memcpy(out, iso, LT_DATE_SIZE);
        if (end) memcpy(out + 11, "23:59", 5);
        return 1;
    } else {
        return 0;
    }
    if (end) {
        d = days[m - 1];
        if (m == 2 && !lt_date_valid_ymd(y, 2, 29)) d = 28;
    }
    if (!lt_date_valid_ymd(y, m, d)) return 0;
    lt_date_format(out, y, m, d, end ? 23 : 0, end ? 59 : 0);
    return 1;
}

static char *lower_dup(const char *s, size_t len) {
    char *p = strndup(s, len);
    size_t i;
    if (!p) return NULL;
    for (i = 0; i < len; i++)
        if (p[i] >= 'A' && p[i] <= 'Z') p[i] = (char)(p[i] + 32);
    return p;
}

/* A field:value token. Returns 1 if handled, 0 if not a known field (then
 * the token is words), -1 when memory runs out. */
static int handle_field(lt_parsed_query *q, const char *field, size_t flen, const char *value,
                        size_t vlen, int sign) {
#define IS(name) (flen == sizeof(name) - 1 && !strncasecmp(field, name, flen))
    if (vlen == 0) return 0;
    if (IS("author") || IS("by")) {
        free(q->author);
        return (q->author = lower_dup(value, vlen)) ? 1 : -1;
    }
    if (IS("forum")) {
        free(q->forum);
        return (q->forum = lower_dup(value, vlen)) ? 1 : -1;
    }
    if (IS("role")) {
        char v[16];
        lt_role r;
        if (vlen >= sizeof v) return 0;
        memcpy(v, value, vlen);
        v[vlen] = '\0';
        if (!lt_role_from_name(v, &r)) return 0;
        q->role = (int)r;
        return 1;
    }
    if (IS("type")) {
        char v[16];
        lt_doc_type t;
        if (vlen >= sizeof v) return 0;
        memcpy(v, value, vlen);
        v[vlen] = '\0';
        if (!lt_doc_type_from_name(v, &t)) return 0;
        q->type = (int)t;
        return 1;
    }
    if (IS("from") || IS("after") || IS("since"))
        return parse_when(value, vlen, 0, q->date_from);
    if (IS("to") || IS("before") || IS("until"))
        return parse_when(value, vlen, 1, q->date_to);
    if (IS("year"))
        return parse_when(value, vlen, 0, q->date_from) && parse_when(value, vlen, 1, q->date_to);
    if (IS("title")) {
        lt_clause *c = new_clause(q, LT_CLAUSE_WORDS, sign);
        if (!c) return 1;
        c->title_only = 1;
        return add_words(&c->words, value, vlen) == LT_OK ? 1 : -1;
    }
    return 0;
#undef IS
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

lt_status lt_query_parse(const char *text, lt_parsed_query *q) {
    size_t len = strlen(text), pos = 0;
    int pending_not = 0;
    lt_clause *run = NULL;   /* the clause plain words are gathered into */
    memset(q, 0, sizeof *q);
    q->role = q->type = -1;
    while (pos < len) {
        int sign = 0;
        size_t start, end;
        const char *colon;
        while (pos < len && is_space(text[pos])) pos++;
        if (pos >= len) break;
        if ((text[pos] == '-' || text[pos] == '+') && pos + 1 < len && !is_space(text[pos + 1])) {
            sign = text[pos] == '-' ? -1 : 1;
            pos++;
        }
        if (pending_not) {
            sign = -1;
            pending_not = 0;
        }
        if (text[pos] == '"') {
            /* A phrase: required unless excluded. */
            const char *close = memchr(text + pos + 1, '"', len - pos - 1);
            size_t inner_end = close ? (size_t)(close - text) : len;
            lt_clause *c = new_clause(q, LT_CLAUSE_PHRASE, sign ? sign : 1);
            if (c && add_words(&c->words, text + pos + 1, inner_end - pos - 1) != LT_OK)
                return LT_ENOMEM;
            pos = close ? inner_end + 1 : len;
            run = NULL;
            continue;
        }
        start = pos;
        while (pos < len && !is_space(text[pos])) pos++;
        end = pos;
        if (sign == 0 && (end - start == 3 && !strncmp(text + start, "AND", 3))) continue;
        if (sign == 0 && (end - start == 2 && !strncmp(text + start, "OR", 2))) continue;
        if (sign == 0 && (end - start == 3 && !strncmp(text + start, "NOT", 3))) {
            pending_not = 1;
            continue;
        }
        colon = memchr(text + start, ':', end - start);
        if (colon && colon > text + start) {
            const char *value = colon + 1;
            size_t vlen = (size_t)(text + end - value);
            int handled;
            if (vlen && *value == '"') {
                /* A quoted value may hold spaces: author:"Suzie, FRG Adviser". */
                const char *close = memchr(value + 1, '"', len - (size_t)(value + 1 - text));
                size_t stop = close ? (size_t)(close - text) : len;
                value++;
                vlen = stop - (size_t)(value - text);
                handled = handle_field(q, text + start, (size_t)(colon - text - start), value, vlen,
                                       sign);
                if (handled == 1) {
                    pos = close ? stop + 1 : len;
                    run = NULL;
                    continue;
                }
            } else {
                handled = handle_field(q, text + start, (size_t)(colon - text - start), value, vlen,
                                       sign);
                if (handled == 1) {
                    run = NULL;
                    continue;
                }
            }
            if (handled < 0) return LT_ENOMEM;
        }
        {
            /* 2019..2021 or 2019-03-01..2019-06-30 */
            const char *dots = end - start > 4 ? strstr(text + start, "..") : NULL;
            if (dots && dots < text + end &&
                parse_when(text + start, (size_t)(dots - text - start), 0, q->date_from) &&
                parse_when(dots + 2, (size_t)(text + end - dots - 2), 1, q->date_to)) {
                run = NULL;
                continue;
            }
        }
        if (sign != 0) {
            lt_clause *c = new_clause(q, LT_CLAUSE_WORDS, sign);
            if (c && add_words(&c->words, text + start, end - start) != LT_OK) return LT_ENOMEM;
            run = NULL;
            continue;
        }
        if (!run) run = new_clause(q, LT_CLAUSE_WORDS, 0);
        if (run && add_words(&run->words, text + start, end - start) != LT_OK) return LT_ENOMEM;
    }
    return LT_OK;
}

/* ---- Building ---- */

/* Every query made while building, freed at the end but for the result. */
typedef struct builder {
    const lt_rank_profile *p;
    const lt_vocab *vocab;
    lt_stemmer *stemmer;
    xc_query **made;
    size_t n_made, cap_made;
    lt_buf term, stem;
    xc_error xe;
    lt_status rc;
    lt_concepts *concepts;   /* NULL: not wanted */
    int titles_after;        /* weighed words look in titles after the match */
} builder;

/* Records the query a constructor made (its status `st`, the query in
 * *made) for freeing at the end. `made` is read here, after the call that
 * set it: as an argument beside that call it could be read first (C leaves
 * the order of arguments open, and clang reads left to right). */
static xc_query *keep(builder *b, xc_status st, xc_query *const *made) {
    xc_query *q = *made;
    if (st != XC_OK || !q) {
        if (b->rc == LT_OK) b->rc = lt_status_from_xc(st != XC_OK ? st : XC_ERR_NOMEM);
        return NULL;
    }
    if (b->n_made == b->cap_made) {
        size_t cap = b->cap_made ? b->cap_made * 2 : 64;
        xc_query **nm = realloc(b->made, cap * sizeof *nm);
        if (!nm) {
            xc_query_free(q);
            b->rc = LT_ENOMEM;
            return NULL;
        }
        b->made = nm;
        b->cap_made = cap;
    }
    b->made[b->n_made++] = q;
    return q;
}

static xc_query *term_q(builder *b, const char *term) {
    xc_query *q = NULL;
    if (b->rc != LT_OK) return NULL;
    return keep(b, xc_query_new_term(term, 1, 0, &q, &b->xe), &q);
}

static xc_query *op_q(builder *b, xc_op op, xc_query **subs, size_t n, unsigned window) {
    xc_query *q = NULL;
    size_t i, k = 0;
    if (b->rc != LT_OK) return NULL;
    for (i = 0; i < n; i++) if (subs[i]) subs[k++] = subs[i];
    if (k == 0) return NULL;
    if (k == 1 && op != XC_OP_PHRASE && op != XC_OP_NEAR && op != XC_OP_FILTER &&
        op != XC_OP_AND_NOT && op != XC_OP_AND_MAYBE)
        return subs[0];
    return keep(b, xc_query_new_op(op, subs, k, window, &q, &b->xe), &q);
}

static xc_query *scale_q(builder *b, xc_query *sub, double w) {
    xc_query *q = NULL;
    if (!sub || b->rc != LT_OK || w <= 0) return NULL;
    if (w == 1.0) return sub;
    return keep(b, xc_query_new_scaled(sub, w, &q, &b->xe), &q);
}

static const char *stem_of(builder *b, const char *w) {
    if (lt_stem(b->stemmer, w, strlen(w), &b->stem) != LT_OK) {
        b->rc = LT_ENOMEM;
        return "";
    }
    return b->stem.data;
}

/* The term for `word` in the field `prefix`: "Z" + prefix + stem, as the
 * analyzer indexes it (lt_analyzer.h: stems only, with positions). */
static xc_query *field_term(builder *b, const char *prefix, const char *word) {
    lt_buf_reset(&b->term);
    lt_buf_append_char(&b->term, 'Z');
    lt_buf_append_str(&b->term, prefix);
    lt_buf_append_str(&b->term, stem_of(b, word));
    if (lt_buf_status(&b->term) != LT_OK) return NULL;
    return term_q(b, b->term.data);
}

/* Where a word is looked for: every free-text field, the title alone
 * (title:…), or the post's own words alone. IN_ALL and IN_TITLE are the
 * values of a clause's title_only. */
enum { IN_ALL = 0, IN_TITLE = 1, IN_BODY = 2 };

/* A word in the fields `where` says, each field at its weight; a field
 * weighing nothing is left out of the query (no posting list to read). */
static xc_query *word_q(builder *b, const char *word, int where) {
    xc_query *fields[3];
    size_t n = 0;
    if (where != IN_TITLE) fields[n++] = scale_q(b, field_term(b, LT_PREFIX_BODY, word), b->p->body);
    if (where != IN_BODY)
        fields[n++] = scale_q(b, field_term(b, LT_PREFIX_TITLE, word),
                              where == IN_TITLE ? 1.0 : b->p->title);
    if (where == IN_ALL && b->p->quoted > 0)
        fields[n++] = scale_q(b, field_term(b, LT_PREFIX_QUOTED, word), b->p->quoted);
    return op_q(b, XC_OP_OR, fields, n, 0);
}

/* words[0..n) in order within `window` positions (0: side by side), in
 * one field, by their stems. */
static xc_query *field_phrase(builder *b, const char *prefix, char *const *words, size_t n,
                              unsigned window) {
    xc_query *terms[MAX_WORDS];
    size_t i;
    for (i = 0; i < n && i < MAX_WORDS; i++) terms[i] = field_term(b, prefix, words[i]);
    return op_q(b, XC_OP_PHRASE, terms, i, window);
}

/* A phrase in the post's own words or its title: quoted words have no
 * positions (lt_writer.c). */
static xc_query *phrase_q(builder *b, char *const *words, size_t n, int title_only) {
    xc_query *fields[2];
    size_t k = 0;
    if (n == 1) return word_q(b, words[0], title_only);
    if (!title_only) fields[k++] = scale_q(b, field_phrase(b, LT_PREFIX_BODY, words, n, 0), b->p->body);
    fields[k++] = scale_q(b, field_phrase(b, LT_PREFIX_TITLE, words, n, 0), title_only ? 1.0 : b->p->title);
    return op_q(b, XC_OP_OR, fields, k, 0);
}

/* A list of queries that grows (the parts of an OR, say). */
typedef struct qlist {
    xc_query **v;
    size_t n, cap;
} qlist;

static void qlist_add(builder *b, qlist *l, xc_query *q) {
    if (!q || b->rc != LT_OK) return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        xc_query **nv = realloc(l->v, cap * sizeof *nv);
        if (!nv) {
            b->rc = LT_ENOMEM;
            return;
        }
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = q;
}

/* Several words, all of them, weighed as words: what a phrase or a
 * multi-word alternative counts for in the match (its positions are
 * evidence, weighed later). */
static xc_query *words_q(builder *b, char *const *words, size_t n, int where) {
    xc_query *parts[MAX_WORDS];
    size_t i;
    for (i = 0; i < n && i < MAX_WORDS; i++) parts[i] = word_q(b, words[i], where);
    return op_q(b, XC_OP_AND, parts, i, 0);
}

/* ---- Concepts ---- */

void lt_concepts_release(lt_concepts *c) {
    size_t i;
    if (!c) return;
    for (i = 0; i < c->n_terms; i++) free(c->terms[i]);
    free(c->terms);
    free(c->mask);
    memset(c, 0, sizeof *c);
}

uint32_t lt_concepts_of(const lt_concepts *c, const char *term, size_t len) {
    size_t i;
    for (i = 0; i < c->n_terms; i++)
        if (!strncmp(c->terms[i], term, len) && c->terms[i][len] == '\0') return c->mask[i];
    return 0;
}

/* Records that the term of `word` in field `prefix` stands for the
 * concepts of `mask`. */
static void concept_term(builder *b, const char *prefix, const char *word, uint32_t mask) {
    lt_concepts *c = b->concepts;
    size_t i;
    if (!c || !mask || b->rc != LT_OK) return;
    lt_buf_reset(&b->term);
    lt_buf_append_char(&b->term, 'Z');
    lt_buf_append_str(&b->term, prefix);
    lt_buf_append_str(&b->term, stem_of(b, word));
    if (lt_buf_status(&b->term) != LT_OK) {
        b->rc = LT_ENOMEM;
        return;
    }
    for (i = 0; i < c->n_terms; i++)
        if (!strcmp(c->terms[i], b->term.data)) {
            c->mask[i] |= mask;
            return;
        }
    if (c->n_terms == c->cap_terms) {
        size_t cap = c->cap_terms ? c->cap_terms * 2 : 32;
        char **nt = realloc(c->terms, cap * sizeof *nt);
        uint32_t *nm = nt ? realloc(c->mask, cap * sizeof *nm) : NULL;
        if (nt) c->terms = nt;
        if (!nt || !nm) {
            b->rc = LT_ENOMEM;
            return;
        }
        c->mask = nm;
        c->cap_terms = cap;
    }
    if (!(c->terms[c->n_terms] = strdup(b->term.data))) {
        b->rc = LT_ENOMEM;
        return;
    }
    c->mask[c->n_terms++] = mask;
}

/* The weighed words of one clause: typed words (stopwords aside), the
 * vocabulary's alternatives for their spans, and pairs of neighbours. */
static void weighed_words(builder *b, const lt_clause *c, qlist *bag, qlist *evidence,
                          qlist *titles, int keep_stopwords) {
    char *stems[MAX_WORDS];
    int stop[MAX_WORDS];
    size_t n = c->words.n < MAX_WORDS ? c->words.n : MAX_WORDS, i, last = (size_t)-1;
    size_t covered = 0;   /* words up to here belong to a matched key */
    uint32_t concept[MAX_WORDS];   /* each weighed word's concept bit */
    for (i = 0; i < n; i++) {
        stems[i] = strdup(stem_of(b, c->words.words[i]));
        if (!stems[i]) b->rc = LT_ENOMEM;
        stop[i] = !keep_stopwords && lt_query_is_stopword(c->words.words[i]);
        concept[i] = 0;
        if (!stop[i] && b->concepts && b->concepts->n < LT_MAX_CONCEPTS)
            concept[i] = (uint32_t)1 << b->concepts->n++;
    }
    for (i = 0; i < n && b->rc == LT_OK; i++) {
        const lt_vocab_entry *e = NULL;
        size_t a;
        /* The longest key starting here; a key inside a matched one
         * ("kids" in "take my kids") is not looked up again. */
        uint32_t span = 0;   /* the concepts of the key's words */
        if (i >= covered && b->p->vocabulary && b->vocab)
            covered = i + lt_vocab_match(b->vocab, (const char *const *)stems + i, n - i, &e);
        for (a = i; e && a < covered; a++) span |= concept[a];
        for (a = 0; e && a < e->n_alts; a++) {
            const lt_vocab_words *alt = &e->alts[a];
            size_t j, dup = 0;
            /* A one-word alternative with the stem of a typed word, or of
             * an alternative before it ("removal", "removed"), adds nothing. */
            if (alt->n == 1) {
                /* stem_of's answer lives in a buffer the next call reuses. */
                char st[4 * MAX_WORD_BYTES + 1];
                snprintf(st, sizeof st, "%s", stem_of(b, alt->words[0]));
                for (j = 0; j < n && !dup; j++) dup = !strcmp(st, stems[j]);
                for (j = 0; j < a && !dup; j++)
                    dup = e->alts[j].n == 1 && !strcmp(st, stem_of(b, e->alts[j].words[0]));
            }
            if (!dup) {
                double w = e->relations[a] == LT_VOCAB_SAME ? b->p->same : b->p->related;
                /* In the post's own words only: an alternative found in
                 * titles adds little and costs a posting list a word. */
                qlist_add(b, bag, scale_q(b, words_q(b, alt->words, alt->n, IN_BODY), w));
                for (j = 0; j < alt->n; j++) concept_term(b, LT_PREFIX_BODY, alt->words[j], span);
                /* The words side by side are what the alternative says. */
                if (alt->n > 1) qlist_add(b, evidence, scale_q(b, phrase_q(b, alt->words, alt->n, 0), w));
            }
        }
        if (!stop[i]) {
            if (b->titles_after && !c->title_only) {
                qlist_add(b, bag, word_q(b, c->words.words[i], IN_BODY));
                if (b->p->title > 0)
                    qlist_add(b, titles,
                              scale_q(b, field_term(b, LT_PREFIX_TITLE, c->words.words[i]),
                                      b->p->title));
            } else {
                qlist_add(b, bag, word_q(b, c->words.words[i], c->title_only));
            }
            concept_term(b, LT_PREFIX_BODY, c->words.words[i], concept[i]);
            concept_term(b, LT_PREFIX_TITLE, c->words.words[i], concept[i]);
            concept_term(b, LT_PREFIX_QUOTED, c->words.words[i], concept[i]);
            /* Two typed words near each other in the text: evidence the
             * post is about them together. */
            if (last != (size_t)-1 && b->p->pairs > 0 && !c->title_only) {
                char *pair[2];
                pair[0] = c->words.words[last];
                pair[1] = c->words.words[i];
                qlist_add(b, evidence,
                          scale_q(b, field_phrase(b, LT_PREFIX_BODY, pair, 2, (unsigned)(i - last + 2)),
                                  b->p->pairs));
            }
            last = i;
        }
    }
    for (i = 0; i < n; i++) free(stems[i]);
}

/* A boolean filter term: prefix + value (lower-cased). */
static xc_query *filter_term(builder *b, const char *prefix, const char *value) {
    if (lt_schema_term(&b->term, prefix, value, strlen(value), 1) != LT_OK) {
        b->rc = LT_ENOMEM;
        return NULL;
    }
    return term_q(b, b->term.data);
}

/* A copy of q (NULL stays NULL) that outlives the builder's arena: Xapian
 * queries share their insides, so this is cheap. */
static xc_query *kept_copy(builder *b, xc_query *q) {
    xc_query *copy = NULL, *one[1];
    if (!q || b->rc != LT_OK) return NULL;
    one[0] = q;
    if (xc_query_new_op(XC_OP_AND, one, 1, 0, &copy, &b->xe) != XC_OK)
        b->rc = lt_status_from_xc(b->xe.status);
    return copy;
}

lt_status lt_query_build(const lt_parsed_query *q, const lt_rank_profile *profile,
                         const lt_vocab *vocab, lt_stemmer *stemmer, xc_query **match,
                         xc_query **checks_out, xc_query **evidence_out, xc_query **titles_out,
                         lt_concepts *concepts, lt_error *err) {
    builder b;
    qlist bag = {NULL, 0, 0}, evidence = {NULL, 0, 0}, required = {NULL, 0, 0};
    qlist excluded = {NULL, 0, 0}, filters = {NULL, 0, 0}, titles = {NULL, 0, 0};
    qlist checks = {NULL, 0, 0};
    xc_query *main_q = NULL, *pair[2], *result = NULL, *ev = NULL, *ev_result = NULL;
    xc_query *ti = NULL, *ti_result = NULL, *ck = NULL, *ck_result = NULL;
    size_t i, j, content = 0;
    int keep_stopwords;
    *match = NULL;
    *checks_out = NULL;
    *evidence_out = NULL;
    *titles_out = NULL;
    memset(&b, 0, sizeof b);
    b.p = profile ? profile : &lt_profile_default;
    b.vocab = vocab;
    b.stemmer = stemmer;
    b.concepts = concepts;
    if (concepts) memset(concepts, 0, sizeof *concepts);
    lt_buf_init(&b.term, 1024);
    lt_buf_init(&b.stem, 1024);

    /* Stopwords leave the bag only when something else is left in it. */
    for (i = 0; i < q->n_clauses; i++)
        if (q->clauses[i].kind == LT_CLAUSE_WORDS && q->clauses[i].sign == 0)
            for (j = 0; j < q->clauses[i].words.n; j++)
                content += !lt_query_is_stopword(q->clauses[i].words.words[j]);
    keep_stopwords = !b.p->stopwords || content == 0;
    /* A query of one word keeps its title in the match: two posting lists
     * of one word let Xapian's matcher skip (once a document must hold
     * both to reach the page, their AND is walked), where one list alone
     * is read to its end. */
    b.titles_after = b.p->titles_after && content >= 2;

    for (i = 0; i < q->n_clauses && b.rc == LT_OK; i++) {
        const lt_clause *c = &q->clauses[i];
        qlist *into = c->sign > 0 ? &required : c->sign < 0 ? &excluded : NULL;
        if (c->words.n == 0) continue;
        if (c->kind == LT_CLAUSE_PHRASE && c->sign < 0) {
            qlist_add(&b, &excluded, phrase_q(&b, c->words.words, c->words.n, 0));
        } else if (c->kind == LT_CLAUSE_PHRASE) {
            /* A quoted phrase must be there (a check, unweighed), weighs
             * as its words, and as a phrase in the evidence. */
            qlist_add(&b, &required, words_q(&b, c->words.words, c->words.n, 0));
            if (c->words.n > 1) {
                qlist_add(&b, &checks, phrase_q(&b, c->words.words, c->words.n, 0));
                qlist_add(&b, &evidence, phrase_q(&b, c->words.words, c->words.n, 0));
            }
        } else if (into) {
            for (j = 0; j < c->words.n; j++)
                qlist_add(&b, into, word_q(&b, c->words.words[j], c->title_only));
        } else {
            weighed_words(&b, c, &bag, &evidence, &titles, keep_stopwords);
        }
    }
    if (q->author) qlist_add(&b, &filters, filter_term(&b, LT_PREFIX_AUTHOR, q->author));
    if (q->forum) qlist_add(&b, &filters, filter_term(&b, LT_PREFIX_FORUM, q->forum));
    if (q->role >= 0)
        qlist_add(&b, &filters, filter_term(&b, LT_PREFIX_ROLE, lt_role_name((lt_role)q->role)));
    if (q->type >= 0)
        qlist_add(&b, &filters,
                  filter_term(&b, LT_PREFIX_TYPE, lt_doc_type_name((lt_doc_type)q->type)));
    if (q->date_from[0] || q->date_to[0]) {
        char lo[13] = "000000000000", hi[13] = "999999999999";
        xc_query *range = NULL;
        if (q->date_from[0]) lt_schema_date_value(q->date_from, lo);
        if (q->date_to[0]) lt_schema_date_value(q->date_to, hi);
        qlist_add(&b, &filters,
                  keep(&b, xc_query_new_value_range(LT_SLOT_DATE, lo, hi, &range, &b.xe), &range));
    }

    /* main = the required parts and the weighed words, or one of them
     * alone; a query of exclusions and filters only starts from every
     * document. */
    /* A post whose title holds every weighed word is found by it even if
     * its own words are elsewhere: the title's words, all of them, as one
     * part of the bag. Their AND walks the rarest title list and skips
     * through the others, where their OR would read them all; and a post
     * it matches holds every word of `titles`, so lt_rank_titles knows
     * its title is already weighed. */
    if (b.rc == LT_OK && titles.n) qlist_add(&b, &bag, op_q(&b, XC_OP_AND, titles.v, titles.n, 0));
    if (b.rc == LT_OK) {
        xc_query *req = required.n ? op_q(&b, XC_OP_AND, required.v, required.n, 0) : NULL;
        xc_query *opt = bag.n ? op_q(&b, XC_OP_OR, bag.v, bag.n, 0) : NULL;
        if (req && opt) {
            /* Required and weighed parts, weighed together by an OR and
             * kept to documents with the required ones by a FILTER. */
            pair[0] = req;
            pair[1] = opt;
            pair[0] = op_q(&b, XC_OP_OR, pair, 2, 0);
            pair[1] = req;
            main_q = op_q(&b, XC_OP_FILTER, pair, 2, 0);
        } else {
            main_q = req ? req : opt;
        }
        if (!main_q) main_q = term_q(&b, "");   /* Xapian's MatchAll */
    }
    if (b.rc == LT_OK && excluded.n) {
        pair[0] = main_q;
        pair[1] = op_q(&b, XC_OP_OR, excluded.v, excluded.n, 0);
        main_q = op_q(&b, XC_OP_AND_NOT, pair, 2, 0);
    }
    if (b.rc == LT_OK && filters.n) {
        pair[0] = main_q;
        pair[1] = op_q(&b, XC_OP_AND, filters.v, filters.n, 0);
        main_q = op_q(&b, XC_OP_FILTER, pair, 2, 0);
    }
    if (b.rc == LT_OK && checks.n) ck = op_q(&b, XC_OP_AND, checks.v, checks.n, 0);
    if (b.rc == LT_OK && evidence.n) ev = op_q(&b, XC_OP_OR, evidence.v, evidence.n, 0);
    if (b.rc == LT_OK && titles.n) ti = op_q(&b, XC_OP_OR, titles.v, titles.n, 0);
    /* Copy the results out of the arena and free everything made. */
    result = kept_copy(&b, main_q);
    ck_result = kept_copy(&b, ck);
    ev_result = kept_copy(&b, ev);
    ti_result = kept_copy(&b, ti);
    for (i = 0; i < b.n_made; i++) xc_query_free(b.made[i]);
    free(b.made);
    free(bag.v);
    free(evidence.v);
    free(required.v);
    free(excluded.v);
    free(filters.v);
    free(checks.v);
    free(titles.v);
    lt_buf_release(&b.term);
    lt_buf_release(&b.stem);
    if (b.rc != LT_OK) {
        xc_query_free(result);
        xc_query_free(ck_result);
        xc_query_free(ev_result);
        xc_query_free(ti_result);
        lt_concepts_release(concepts);
        return lt_error_set(err, b.rc, "building the query: %s",
                            b.rc == LT_ENOMEM ? "out of memory" : b.xe.message);
    }
    *match = result;
    *checks_out = ck_result;
    *evidence_out = ev_result;
    *titles_out = ti_result;
    return LT_OK;
}
