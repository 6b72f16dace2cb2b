/* test_buf.c — the bounded buffer: growth, limits, sticky errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"

static void test_empty_is_a_string(void **state) {
    lt_buf b;
    (void)state;
    lt_buf_init(&b, 100);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    assert_int_equal(b.len, 0);
    lt_buf_release(&b);
}

static void test_appends_and_formats(void **state) {
    lt_buf b;
    (void)state;
    lt_buf_init(&b, 1 << 20);
    lt_buf_append_str(&b, "posts: ");
    lt_buf_appendf(&b, "%d", 42);
    lt_buf_append_char(&b, '!');
    assert_int_equal(lt_buf_status(&b), LT_OK);
    assert_string_equal(b.data, "posts: 42!");
    assert_int_equal(b.len, 10);
    lt_buf_release(&b);
}

static void test_long_format_grows(void **state) {
    lt_buf b;
    char big[1000];
    (void)state;
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    lt_buf_init(&b, 1 << 20);
    lt_buf_appendf(&b, "[%s]", big);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.data[0], '[');
    assert_int_equal(b.data[1000], ']');
    lt_buf_release(&b);
}

static void test_limit_is_sticky(void **state) {
    lt_buf b;
    (void)state;
    lt_buf_init(&b, 8);
    assert_int_equal(lt_buf_append_str(&b, "12345678"), LT_OK);
    /* One byte over the maximum fails, and every later append too. */
    assert_int_equal(lt_buf_append_char(&b, '9'), LT_ELIMIT);
    assert_int_equal(lt_buf_append_str(&b, ""), LT_ELIMIT);
    assert_int_equal(lt_buf_status(&b), LT_ELIMIT);
    assert_string_equal(b.data, "12345678");
    assert_null(lt_buf_detach(&b, NULL));
    lt_buf_reset(&b);
    assert_int_equal(lt_buf_status(&b), LT_OK);
    assert_string_equal(b.data, "");
    lt_buf_release(&b);
}

static void test_huge_append_does_not_overflow(void **state) {
    lt_buf b;
    (void)state;
    lt_buf_init(&b, 64);
    lt_buf_append_str(&b, "abc");
    /* A length near SIZE_MAX must be refused, not wrap around. */
    assert_int_equal(lt_buf_reserve(&b, (size_t)-1), LT_ELIMIT);
    lt_buf_release(&b);
}

static void test_detach_and_truncate(void **state) {
    lt_buf b;
    size_t len;
    char *p;
    (void)state;
    lt_buf_init(&b, 100);
    lt_buf_append_str(&b, "keep this part");
    lt_buf_truncate(&b, 9);
    assert_string_equal(b.data, "keep this");
    p = lt_buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 9);
    assert_string_equal(p, "keep this");
    assert_int_equal(b.len, 0);
    free(p);
    /* An empty buffer still detaches into a real allocation. */
    p = lt_buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 0);
    free(p);
    lt_buf_release(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_is_a_string),
        cmocka_unit_test(test_appends_and_formats),
        cmocka_unit_test(test_long_format_grows),
        cmocka_unit_test(test_limit_is_sticky),
        cmocka_unit_test(test_huge_append_does_not_overflow),
        cmocka_unit_test(test_detach_and_truncate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
