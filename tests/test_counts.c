/* test_counts.c — the word counts the spelling data is gathered in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_counts.h"

typedef struct seen {
    char words[64][16];
    uint32_t counts[64];
    size_t n, stop_after;
} seen;

static int remember(void *ctx, const char *s, uint32_t count) {
    seen *w = ctx;
    snprintf(w->words[w->n], sizeof w->words[w->n], "%s", s);
    w->counts[w->n++] = count;
    return w->stop_after && w->n == w->stop_after;
}

static void test_counts_add_and_take(void **state) {
    lt_counts *c = lt_counts_new();
    seen w = {0};
    (void)state;
    assert_int_equal(lt_counts_add(c, "social", 6, 2), LT_OK);
    assert_int_equal(lt_counts_add(c, "socially", 6, 1), LT_OK);   /* same 6 bytes */
    assert_int_equal(lt_counts_add(c, "worker", 6, 1), LT_OK);
    assert_int_equal(lt_counts_size(c), 2);
    assert_int_equal(lt_counts_take(c, "worker", 6, 5), 1);
    lt_counts_each(c, remember, &w);
    assert_int_equal(w.n, 1);          /* a count of zero is not walked */
    assert_string_equal(w.words[0], "social");
    assert_int_equal(w.counts[0], 3);
    lt_counts_free(c);
}

static void test_each_sorted_walks_in_byte_order(void **state) {
    static const char *const words[] = {"plan", "child", "zebra", "advocate", "meeting",
                                        "care", "Zone", "section", "boyfriend", "agree"};
    lt_counts *c = lt_counts_new();
    seen w = {0};
    int stopped = -1;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof words / sizeof *words; i++)
        assert_int_equal(lt_counts_add(c, words[i], strlen(words[i]), (uint32_t)i + 1), LT_OK);
    assert_int_equal(lt_counts_each_sorted(c, remember, &w, &stopped), 0);
    assert_int_equal(stopped, 0);
    assert_int_equal(w.n, 10);
    for (i = 1; i < w.n; i++) assert_true(strcmp(w.words[i - 1], w.words[i]) < 0);
    assert_string_equal(w.words[0], "Zone");
    assert_int_equal(w.counts[0], 7);
    assert_string_equal(w.words[9], "zebra");
    assert_int_equal(w.counts[9], 3);
    lt_counts_free(c);
}

static void test_each_sorted_stops_and_says_so(void **state) {
    lt_counts *c = lt_counts_new();
    seen w = {0};
    int stopped = 0;
    (void)state;
    lt_counts_add(c, "b", 1, 1);
    lt_counts_add(c, "a", 1, 1);
    lt_counts_add(c, "c", 1, 1);
    w.stop_after = 2;
    assert_int_equal(lt_counts_each_sorted(c, remember, &w, &stopped), 0);
    assert_int_equal(stopped, 1);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.words[1], "b");
    lt_counts_reset(c);
    w.n = 0;
    assert_int_equal(lt_counts_each_sorted(c, remember, &w, &stopped), 0);
    assert_int_equal(stopped, 0);
    assert_int_equal(w.n, 0);
    lt_counts_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_add_and_take),
        cmocka_unit_test(test_each_sorted_walks_in_byte_order),
        cmocka_unit_test(test_each_sorted_stops_and_says_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
