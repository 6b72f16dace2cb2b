/* test_json_out.c — the search JSON written directly (lt_json_out.c,
 * lt_results_json.c) is byte for byte what jansson writes of the same
 * results, built as the JSON was built before: over random results with
 * quotes, backslashes, control characters, multi-byte characters and
 * invalid UTF-8 in their strings, and reals of every size. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_json_out.h"
#include "lt_results_json.h"

/* The reference: a tree of jansson values, dumped. */
static int set_opt_str(json_t *o, const char *key, const char *v) {
    return json_object_set_new(o, key, v ? json_string(v) : json_null());
}

static char *reference_json(const lt_results *r) {
    json_t *o = json_object(), *hits = json_array();
    char *s = NULL;
    size_t i;
    int bad = !o || !hits;
    bad |= json_object_set_new(o, "query", json_string(r->query));
    bad |= set_opt_str(o, "corrected", r->corrected);
    bad |= json_object_set_new(o, "showing_corrected", json_boolean(r->showing_corrected));
    bad |= json_object_set_new(o, "total", json_integer(r->total));
    bad |= json_object_set_new(o, "took_ms", json_real(round(r->took_ms * 1000) / 1000));
    bad |= json_object_set_new(o, "offset", json_integer(r->offset));
    bad |= json_object_set_new(o, "limit", json_integer(r->limit));
    for (i = 0; i < r->n_hits; i++) {
        const lt_hit *h = &r->hits[i];
        json_t *ho = json_object();
        bad |= json_object_set_new(ho, "rank", json_integer(h->rank));
        bad |= json_object_set_new(ho, "score", json_real(round(h->score * 10000) / 10000));
        bad |= json_object_set_new(ho, "doc", json_string(h->doc));
        bad |= json_object_set_new(ho, "thread", json_string(h->thread));
        bad |= json_object_set_new(ho, "post", json_integer(h->post));
        bad |= json_object_set_new(ho, "title", json_string(h->title));
        bad |= json_object_set_new(ho, "author", json_string(h->author));
        bad |= json_object_set_new(ho, "role", json_string(lt_role_name(h->role)));
        bad |= json_object_set_new(ho, "type", json_string(lt_doc_type_name(h->type)));
        bad |= set_opt_str(ho, "date", h->date[0] ? h->date : NULL);
        bad |= set_opt_str(ho, "url", h->url);
        bad |= set_opt_str(ho, "forum", h->forum);
        bad |= json_object_set_new(ho, "snippet", json_string(h->snippet));
        bad |= json_object_set_new(ho, "more_in_thread", json_integer(h->more_in_thread));
        bad |= json_array_append_new(hits, ho);
    }
    bad |= json_object_set_new(o, "results", hits);
    if (!bad) s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(o);
    return s;
}

static uint64_t seed = 0x9E3779B97F4A7C15u;
static uint32_t next_rand(void) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (uint32_t)(seed >> 16);
}

/* A string of up to 40 pieces: plain words, the characters JSON escapes,
 * every control character, multi-byte characters, and now and then a
 * byte that breaks UTF-8 (when `invalid` allows). */
static char *random_string(int invalid) {
    static const char *const pieces[] = {
        "care", " order ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f",
        "\x7f", "é", "—", "…", "<mark>", "&amp;", "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "'",
    };
    size_t n = next_rand() % 41, i, len = 0;
    char *s = malloc(n * 8 + 2);
    for (i = 0; i < n; i++) {
        const char *p;
        char ctl[2] = {(char)(1 + next_rand() % 31), 0};
        uint32_t pick = next_rand() % 24;
        if (pick < 21) p = pieces[pick];
        else if (pick == 21) p = ctl;
        else if (invalid && next_rand() % 8 == 0) p = pick == 22 ? "\xc3" : "\xed\xa0\x80";
        else p = "x";
        memcpy(s + len, p, strlen(p));
        len += strlen(p);
    }
    s[len] = '\0';
    return s;
}

/* A real of any size: integers, fractions, tiny and huge. */
static double random_real(void) {
    switch (next_rand() % 6) {
    case 0: return (double)(next_rand() % 100);
    case 1: return (double)next_rand() / 1000.0;
    case 2: return ldexp((double)next_rand(), (int)(next_rand() % 200) - 100);
    case 3: return -(double)next_rand() / 7.0;
    case 4: return 0.0;
    default: return (double)next_rand() * 1e12;
    }
}

static char *maybe(char *s) {
    if (next_rand() % 4 == 0) {
        free(s);
        return NULL;
    }
    return s;
}

static void random_results(lt_results *r, int invalid) {
    size_t i;
    memset(r, 0, sizeof *r);
    r->query = random_string(invalid);
    r->corrected = maybe(random_string(invalid));
    r->showing_corrected = (int)(next_rand() % 2);
    r->total = next_rand();
    r->took_ms = random_real();
    r->offset = next_rand() % 10000;
    r->limit = 1 + next_rand() % 100;
    r->n_hits = next_rand() % 12;
    r->hits = calloc(r->n_hits ? r->n_hits : 1, sizeof *r->hits);
    for (i = 0; i < r->n_hits; i++) {
        lt_hit *h = &r->hits[i];
        h->rank = next_rand();
        h->score = random_real();
        h->doc = random_string(invalid);
        h->thread = random_string(invalid);
        h->post = next_rand();
        h->title = random_string(invalid);
        h->author = random_string(invalid);
        h->role = (lt_role)(next_rand() % 3);
        h->type = (lt_doc_type)(next_rand() % 2);
        if (next_rand() % 3) snprintf(h->date, sizeof h->date, "2021-03-0%uT10:00", next_rand() % 9 + 1);
        h->url = maybe(random_string(invalid));
        h->forum = maybe(random_string(invalid));
        h->snippet = random_string(invalid);
        h->more_in_thread = next_rand() % 50;
    }
}

static void compare(int invalid, int rounds) {
    int k, refused = 0;
    for (k = 0; k < rounds; k++) {
        lt_results *r = calloc(1, sizeof *r);
        char *want, *got;
        random_results(r, invalid);
        want = reference_json(r);
        got = lt_results_to_json_string(r);
        if (!want || !got) {
            /* jansson refuses what is not UTF-8; so must we. */
            if (want || got) fail_msg("round %d: jansson %s, ours %s", k, want ? want : "refused", got ? got : "refused");
            refused++;
        } else if (strcmp(want, got) != 0) {
            fail_msg("round %d:\njansson %s\nours    %s", k, want, got);
        }
        free(want);
        free(got);
        lt_results_free(r);
    }
    if (invalid) assert_true(refused > 0);
    else assert_int_equal(refused, 0);
}

static void test_same_bytes_as_jansson(void **state) {
    (void)state;
    compare(0, 3000);
}

static void test_refuses_what_jansson_refuses(void **state) {
    (void)state;
    compare(1, 3000);
}

static void test_reals(void **state) {
    static const struct { double v; const char *want; } cases[] = {
        {6.0, "6.0"}, {6.3113, "6.3113"}, {0.0, "0.0"}, {-2.5, "-2.5"}, {1e20, "1e20"},
        {1.5e-7, "1.5e-7"}, {123456789012.0, "1.23456789e11"}, {1e100, "1e100"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        lt_buf b;
        lt_buf_init(&b, 256);
        assert_int_equal(lt_json_real(&b, cases[i].v, 10), LT_OK);
        assert_string_equal(b.data, cases[i].want);
        lt_buf_release(&b);
    }
    {
        lt_buf b;
        lt_buf_init(&b, 256);
        assert_int_equal(lt_json_real(&b, NAN, 10), LT_EFORMAT);
        assert_int_equal(lt_json_real(&b, INFINITY, 10), LT_EFORMAT);
        lt_buf_release(&b);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_as_jansson),
        cmocka_unit_test(test_refuses_what_jansson_refuses),
        cmocka_unit_test(test_reals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
