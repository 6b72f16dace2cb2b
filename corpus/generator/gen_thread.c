/* gen_thread.c — building threads from topics, words and dates. */
#include "gen_thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_words.h"
#include "lt_buf.h"
#include "lt_role.h"

#define DEFAULT_VOCAB 200000
#define ZIPF_EXPONENT 1.07

struct gen {
    uint64_t seed;
    gen_vocab *vocab;
    lt_buf text;
    lt_buf word;
};

gen *gen_new(uint64_t seed, size_t vocab_size) {
    gen *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    g->seed = seed;
    g->vocab = gen_vocab_new(vocab_size ? vocab_size : DEFAULT_VOCAB, ZIPF_EXPONENT);
    if (!g->vocab) {
        free(g);
        return NULL;
    }
    lt_buf_init(&g->text, LT_MAX_FIELD_BYTES);
    lt_buf_init(&g->word, 256);
    return g;
}

void gen_free(gen *g) {
    if (!g) return;
    gen_vocab_free(g->vocab);
    lt_buf_release(&g->text);
    lt_buf_release(&g->word);
    free(g);
}

/* ---- Dates: minutes since 2000-01-01 00:00 ---- */

static void civil_from_days(long z, int *y, int *m, int *d) {
    /* Howard Hinnant's days-to-civil algorithm, days since 1970-01-01. */
    long era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void iso_from_minutes(long minutes, char out[LT_DATE_SIZE]) {
    long days = minutes / 1440 + 10957;   /* 1970-01-01 to 2000-01-01 */
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    lt_date_format(out, y, m, d, (int)(minutes % 1440 / 60), (int)(minutes % 60));
}

/* ---- Text ---- */

static void append_word(gen *g, gen_rng *r, const gen_topic *topic, double topical) {
    if (gen_rng_unit(r) < topical) {
        size_t n = 0;
        while (topic->words[n]) n++;
        lt_buf_append_str(&g->word, topic->words[gen_rng_below(r, (uint32_t)n)]);
    } else {
        gen_vocab_word(g->vocab, r, &g->word);
    }
}

/* Appends about `words` words in sentences and paragraphs. Advisers write
 * capitalised sentences; parents mostly do not. */
static void write_text(gen *g, gen_rng *r, const gen_topic *topic, unsigned words,
                       int formal, lt_buf *out) {
    unsigned written = 0, in_paragraph = 0;
    while (written < words) {
        unsigned len = 6 + gen_rng_below(r, formal ? 20 : 14), i;
        if (written) lt_buf_append_str(out, in_paragraph == 0 ? "\n\n" : " ");
        for (i = 0; i < len; i++) {
            lt_buf_reset(&g->word);
            append_word(g, r, topic, formal ? 0.12 : 0.18);
            if (i == 0 && (formal || gen_rng_below(r, 3) == 0) && g->word.data[0] >= 'a' &&
                g->word.data[0] <= 'z')
                g->word.data[0] -= 32;
            if (i) lt_buf_append_char(out, ' ');
            lt_buf_append(out, g->word.data, g->word.len);
        }
        lt_buf_append_char(out, gen_rng_below(r, 6) == 0 ? '?' : '.');
        written += len;
        in_paragraph = (in_paragraph + 1) % (2 + gen_rng_below(r, 4));
    }
}

/* The first sentence of an earlier post, to quote; never past the end of
 * its first line ("Dear …" openers are a line of their own). */
static size_t first_sentence(const char *text) {
    size_t line = strcspn(text, "\n");
    const char *end = strpbrk(text, ".?");
    return end && (size_t)(end - text) < line ? (size_t)(end - text) + 1 : line;
}

lt_status gen_thread(gen *g, uint64_t index, lt_thread **out) {
    gen_rng r;
    lt_thread *t = lt_thread_new();
    const gen_topic *topic;
    char name[64], id[32];
    unsigned n_posts, i, titles = 0;
    long minutes;
    int advisers_left;
    lt_status rc = LT_OK;
    *out = NULL;
    if (!t) return LT_ENOMEM;
    gen_rng_seed(&r, g->seed * 0x100000001B3ull + index);
    topic = gen_topic_get(gen_rng_below(&r, (uint32_t)gen_topic_count()));
    while (topic->titles[titles]) titles++;
    snprintf(id, sizeof id, "gen-%llu", (unsigned long long)index);
    if ((rc = lt_set_string(&t->id, id, strlen(id)))) goto fail;
    lt_buf_reset(&g->text);
    lt_buf_append_str(&g->text, topic->titles[gen_rng_below(&r, titles)]);
    if (gen_rng_below(&r, 2)) {
        lt_buf_append_char(&g->text, ' ');
        lt_buf_reset(&g->word);
        gen_vocab_word(g->vocab, &r, &g->word);
        lt_buf_append(&g->text, g->word.data, g->word.len);
    }
    if ((rc = lt_set_string(&t->title, g->text.data, g->text.len))) goto fail;
    if ((rc = lt_set_string(&t->forum, topic->name, strlen(topic->name)))) goto fail;

    /* 2 to 9 posts, most threads 3 to 6; three in four get an adviser. */
    n_posts = 2 + gen_rng_below(&r, 4) + gen_rng_below(&r, 5);
    advisers_left = gen_rng_below(&r, 4) ? 1 + (gen_rng_below(&r, 5) == 0) : 0;
    minutes = 12L * 525960 + (long)gen_rng_below(&r, 13u * 525960u);   /* 2012 to 2025 */
    for (i = 0; i < n_posts; i++) {
        lt_post *p;
        int adviser = i > 0 && advisers_left > 0 &&
                      (gen_rng_below(&r, 3) == 0 || i + (unsigned)advisers_left >= n_posts);
        unsigned words = adviser ? 250 + gen_rng_below(&r, 250)
                                 : (i == 0 ? 40 + gen_rng_below(&r, 110) : 20 + gen_rng_below(&r, 100));
        const char *author;
        if ((rc = lt_thread_add_post(t, &p))) goto fail;
        if (adviser) {
            advisers_left--;
            author = gen_adviser_name(&r);
        } else {
            author = gen_member_name(&r, name);
        }
        if ((rc = lt_set_string(&p->author, author, strlen(author)))) goto fail;
        p->role = lt_role_of_author(NULL, p->author);
        iso_from_minutes(minutes, p->date);
        minutes += 10 + (long)gen_rng_below(&r, i == 0 ? 3 * 1440 : 1440);
        /* One reply in five quotes the start of an earlier post. */
        if (i > 0 && gen_rng_below(&r, 5) == 0) {
            const lt_post *q = &t->posts[gen_rng_below(&r, i)];
            if ((rc = lt_set_string(&p->quoted, q->text, first_sentence(q->text)))) goto fail;
        }
        lt_buf_reset(&g->text);
        if (adviser) lt_buf_appendf(&g->text, "Dear %s\n\n", t->posts[0].author);
        write_text(g, &r, topic, words, adviser, &g->text);
        if (adviser) lt_buf_appendf(&g->text, "\n\nBest wishes,\n%.*s", 
                                    (int)strcspn(author, ","), author);
        if (lt_buf_status(&g->text) != LT_OK) { rc = lt_buf_status(&g->text); goto fail; }
        if ((rc = lt_set_string(&p->text, g->text.data, g->text.len))) goto fail;
    }
    *out = t;
    return LT_OK;
fail:
    lt_thread_free(t);
    return rc;
}
