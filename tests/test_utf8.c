/* test_utf8.c — decoding, repair and legacy text detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lt_utf8.h"

typedef struct clean_case {
    const char *comment;
    const char *in;
    unsigned flags;
    const char *out;
    size_t repaired;
} clean_case;

static const clean_case clean_cases[] = {
    {"plain ASCII passes", "hello world", 0, "hello world", 0},
    {"CR LF and lone CR become LF", "a\r\nb\rc", 0, "a\nb\nc", 0},
    {"byte-order mark at the start is dropped", "\xEF\xBB\xBFtitle", 0, "title", 0},
    {"NUL and other controls are dropped, tab kept", "a\x01\x7F" "b\tc", 0, "ab\tc", 0},
    {"invalid byte becomes U+FFFD", "ab\xFF" "cd", 0, "ab\xEF\xBF\xBD" "cd", 1},
    {"truncated sequence at the end", "ab\xE2\x80", 0, "ab\xEF\xBF\xBD\xEF\xBF\xBD", 2},
    {"overlong encoding of '/' is invalid", "\xC0\xAF", 0, "\xEF\xBF\xBD\xEF\xBF\xBD", 2},
    {"UTF-16 surrogate is invalid", "\xED\xA0\x80", 0,
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3},
    {"curly apostrophe straightened (Children's)", "Children\xE2\x80\x99s",
     LT_CLEAN_QUOTES, "Children's", 0},
    {"curly double quotes straightened", "\xE2\x80\x9Cyes\xE2\x80\x9D", LT_CLEAN_QUOTES,
     "\"yes\"", 0},
    {"curly quotes kept without the flag", "\xE2\x80\x99", 0, "\xE2\x80\x99", 0},
    {"no-break space becomes a space", "a\xC2\xA0" "b", LT_CLEAN_SPACES, "a b", 0},
    {"zero-width space dropped", "ab\xE2\x80\x8B" "c", 0, "abc", 0},
    {"four-byte emoji kept", "\xF0\x9F\x98\x80", 0, "\xF0\x9F\x98\x80", 0},
};

static void test_clean_table(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof clean_cases / sizeof *clean_cases; i++) {
        const clean_case *c = &clean_cases[i];
        lt_buf out;
        size_t repaired = 99;
        lt_buf_init(&out, 1024);
        assert_int_equal(lt_utf8_clean(c->in, strlen(c->in), c->flags, &out, &repaired), LT_OK);
        if (strcmp(out.data, c->out) != 0 || repaired != c->repaired)
            fail_msg("%s: got '%s' (%zu repaired)", c->comment, out.data, repaired);
        assert_true(lt_utf8_valid(out.data, out.len));
        lt_buf_release(&out);
    }
}

static void test_decode(void **state) {
    uint32_t cp;
    (void)state;
    assert_int_equal(lt_utf8_decode("\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(lt_utf8_decode("\xE2\x80\x99", 3, &cp), 3);
    assert_int_equal(cp, 0x2019);
    /* A lead byte without enough bytes after it. */
    assert_int_equal(lt_utf8_decode("\xE2\x80", 2, &cp), 1);
    assert_int_equal(cp, LT_UTF8_REPLACEMENT);
    /* Past U+10FFFF. */
    assert_int_equal(lt_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1);
}

static void test_char_start(void **state) {
    const char *s = "a\xE2\x80\x99" "b";
    (void)state;
    assert_int_equal(lt_utf8_char_start(s, 5, 2), 1);
    assert_int_equal(lt_utf8_char_start(s, 5, 3), 1);
    assert_int_equal(lt_utf8_char_start(s, 5, 4), 4);
    assert_int_equal(lt_utf8_char_start(s, 5, 9), 5);
}

static void test_legacy_detection(void **state) {
    (void)state;
    /* windows-1252 apostrophe and e-acute, no UTF-8 sequence anywhere. */
    assert_true(lt_utf8_looks_legacy("Children\x92s caf\xE9", 14));
    /* Valid UTF-8 with one stray byte: repair it, do not reinterpret. */
    assert_false(lt_utf8_looks_legacy("caf\xC3\xA9 \xFF", 7));
    assert_false(lt_utf8_looks_legacy("plain", 5));
}

static void test_cp1252(void **state) {
    static const char in[] = "it\x92s \x93ok\x94 \x80" "5 caf\xE9";
    lt_buf out;
    (void)state;
    lt_buf_init(&out, 1024);
    assert_int_equal(lt_cp1252_to_utf8(in, sizeof in - 1, &out), LT_OK);
    assert_string_equal(out.data, "it\xE2\x80\x99s \xE2\x80\x9Cok\xE2\x80\x9D \xE2\x82\xAC" "5 caf\xC3\xA9");
    lt_buf_release(&out);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_table),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_char_start),
        cmocka_unit_test(test_legacy_detection),
        cmocka_unit_test(test_cp1252),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
