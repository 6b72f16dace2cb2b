/* test_snippet.c — snippets: which words are marked, escaping, windows cut
 * between words (never inside a UTF-8 character), the fallback lead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_snippet.h"
#include "lt_stem.h"
#include "lt_utf8.h"
#include "lt_words.h"
#include "xc.h"

typedef struct snippet_case {
    const char *comment;
    const char *text;
    const char *words;    /* space-separated exact words */
    const char *stems;    /* space-separated stems */
    size_t max;
    const char *expected;
} snippet_case;

static const snippet_case cases[] = {
    {"stem matches inflected forms", "He keeps refusing. She refused too.", "", "refus", 200,
     "He keeps <mark>refusing</mark>. She <mark>refused</mark> too."},
    {"exact word matches regardless of case", "The PLO meeting is on Monday.", "plo", "", 200,
     "The <mark>PLO</mark> meeting is on Monday."},
    {"apostrophe inside a word is part of it", "My bf doesn't agree", "doesn't", "", 200,
     "My bf <mark>doesn&#39;t</mark> agree"},
    {"curly apostrophe word matches its straight form", "it isn\xE2\x80\x99t fair",
     "isn't", "", 200, "it <mark>isn\xE2\x80\x99t</mark> fair"},
    {"HTML in the text is escaped, marks are ours",
     "<script>alert('x')</script> plan & \"care\"", "", "plan", 200,
     "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>plan</mark> &amp; &quot;care&quot;"},
    {"white space and line breaks fold to single spaces", "first\n\nsecond   plan\tthird",
     "", "plan", 200, "first second <mark>plan</mark> third"},
    {"a long text is cut at word boundaries with ellipses",
     "Aaa bbb ccc ddd eee fff. The written agreement sets out what is expected of you. "
     "Ggg hhh iii jjj kkk lll mmm nnn ooo ppp qqq rrr sss ttt uuu vvv www.",
     "", "agreement", 60,
     "\xE2\x80\xA6 The written <mark>agreement</mark> sets out what is expected of you. \xE2\x80\xA6"},
    {"the densest window wins over the first match",
     "plan at the start and then a long stretch of nothing relevant at all here so "
     "the window moves on; later a care plan and a care order appear together.",
     "", "plan care order", 60,
     "\xE2\x80\xA6 on; later a <mark>care</mark> <mark>plan</mark> and a <mark>care</mark> "
     "<mark>order</mark> appear together."},
};

static void add_list(lt_highlight *h, const char *list, int stems) {
    char copy[256];
    char *p = copy, *sp;
    snprintf(copy, sizeof copy, "%s", list);
    while (*p) {
        sp = strchr(p, ' ');
        if (sp) *sp = '\0';
        if (*p) {
            if (stems) lt_highlight_add_stem(h, p, strlen(p));
            else lt_highlight_add_word(h, p, strlen(p));
        }
        if (!sp) break;
        p = sp + 1;
    }
}

static void test_table(void **state) {
    size_t i;
    lt_stemmer *st = lt_stemmer_new();
    (void)state;
    assert_non_null(st);
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const snippet_case *c = &cases[i];
        lt_highlight *h = lt_highlight_new();
        lt_buf out;
        size_t matches;
        lt_buf_init(&out, 1 << 16);
        add_list(h, c->words, 0);
        add_list(h, c->stems, 1);
        assert_int_equal(lt_snippet_make(h, st, c->text, strlen(c->text), c->max, 0, &out,
                                         &matches), LT_OK);
        if (strcmp(out.data, c->expected) != 0)
            fail_msg("%s:\n  got      '%s'\n  expected '%s'", c->comment, out.data, c->expected);
        assert_true(matches > 0);
        lt_buf_release(&out);
        lt_highlight_free(h);
    }
    lt_stemmer_free(st);
}

static void test_no_match(void **state) {
    lt_stemmer *st = lt_stemmer_new();
    lt_highlight *h = lt_highlight_new();
    lt_buf out;
    size_t matches = 9;
    static const char text[] = "Nothing here matches the query at all, sadly.";
    (void)state;
    lt_buf_init(&out, 4096);
    lt_highlight_add_stem(h, "zebra", 5);
    assert_int_equal(lt_snippet_make(h, st, text, strlen(text), 20, 0, &out, &matches), LT_OK);
    assert_int_equal(matches, 0);
    assert_string_equal(out.data, "");
    /* Asked for a lead: the opening words, cut between words. */
    assert_int_equal(lt_snippet_make(h, st, text, strlen(text), 20, 1, &out, &matches), LT_OK);
    assert_string_equal(out.data, "Nothing here matches \xE2\x80\xA6");
    lt_buf_release(&out);
    lt_highlight_free(h);
    lt_stemmer_free(st);
}

static void test_multibyte_text_never_split(void **state) {
    lt_stemmer *st = lt_stemmer_new();
    lt_highlight *h = lt_highlight_new();
    lt_buf text, out;
    size_t i, max;
    (void)state;
    lt_buf_init(&text, 1 << 16);
    lt_buf_init(&out, 1 << 16);
    /* Long runs of accented and non-Latin words around one match, and a
     * single "word" longer than the window. */
    for (i = 0; i < 40; i++) lt_buf_append_str(&text, "caf\xC3\xA9 \xD0\xB4\xD0\xBE\xD0\xBC ");
    lt_buf_append_str(&text, "contact ");
    for (i = 0; i < 200; i++) lt_buf_append_str(&text, "\xE2\x80\x94");
    lt_highlight_add_stem(h, "contact", 7);
    for (max = 10; max < 300; max += 7) {
        lt_buf_reset(&out);
        assert_int_equal(lt_snippet_make(h, st, text.data, text.len, max, 1, &out, NULL), LT_OK);
        if (!lt_utf8_valid(out.data, out.len)) fail_msg("invalid UTF-8 at max %zu", max);
        assert_non_null(strstr(out.data, "<mark>contact</mark>"));
    }
    lt_buf_release(&text);
    lt_buf_release(&out);
    lt_highlight_free(h);
    lt_stemmer_free(st);
}

static void test_escape(void **state) {
    lt_buf out;
    (void)state;
    lt_buf_init(&out, 100);
    lt_html_escape(&out, "<img src=x onerror=alert(1)>&'\"", 31);
    assert_string_equal(out.data, "&lt;img src=x onerror=alert(1)&gt;&amp;&#39;&quot;");
    lt_buf_release(&out);
}

/* Whether `st` stems w[0..len) as a stemmer that never saw a word does:
 * as libstemmer itself. */
static void assert_stems_as_fresh(lt_stemmer *st, const char *w, size_t len) {
    lt_stemmer *fresh = lt_stemmer_new();
    lt_buf want, got;
    assert_non_null(fresh);
    lt_buf_init(&want, 1u << 20);
    lt_buf_init(&got, 1u << 20);
    assert_int_equal(lt_stem(fresh, w, len, &want), LT_OK);
    assert_int_equal(lt_stem(st, w, len, &got), LT_OK);
    assert_int_equal(got.len, want.len);
    assert_memory_equal(got.data, want.data, want.len);
    lt_buf_release(&want);
    lt_buf_release(&got);
    lt_stemmer_free(fresh);
}

/* A stemmer's cache gives the stems libstemmer gives: for words seen
 * again, across the cache being emptied (more distinct words than it
 * holds), for words that differ only past a NUL byte, and for a word too
 * long to keep; with a cache of the default size and a tiny one. */
static void stems_cached_alike(lt_stemmer *st) {
    enum { N = 40000 };
    static const char *const endings[] = {"ing", "ies", "ed", "ly", "ness", "s", ""};
    char **first = calloc(N, sizeof *first), word[64];
    char *big = malloc(300000);
    lt_buf out;
    int pass, i;
    assert_non_null(st);
    assert_non_null(first);
    assert_non_null(big);
    lt_buf_init(&out, 1u << 20);
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < N; i++) {
            size_t len = (size_t)snprintf(word, sizeof word, "w%dx%s", i, endings[i % 7]);
            assert_int_equal(lt_stem(st, word, len, &out), LT_OK);
            if (pass == 0) {
                first[i] = malloc(out.len + 1);
                assert_non_null(first[i]);
                memcpy(first[i], out.data, out.len);
                first[i][out.len] = '\0';
            } else {
                assert_int_equal(out.len, strlen(first[i]));
                assert_memory_equal(out.data, first[i], out.len);
            }
            /* A common word between them, answered from the cache. */
            assert_int_equal(lt_stem(st, "running", 7, &out), LT_OK);
            assert_int_equal(out.len, 3);
            assert_memory_equal(out.data, "run", 3);
        }
    }
    assert_int_equal(lt_stem(st, "flies", 5, &out), LT_OK);
    assert_stems_as_fresh(st, "flies", 5);
    assert_stems_as_fresh(st, "flies\0x", 7);
    assert_stems_as_fresh(st, "flies\0x", 7);
    memset(big, 'a', 300000);
    assert_stems_as_fresh(st, big, 300000);
    assert_stems_as_fresh(st, big, 300000);
    for (i = 0; i < N; i++) free(first[i]);
    free(first);
    free(big);
    lt_buf_release(&out);
    lt_stemmer_free(st);
}

static void test_stems_cached_alike(void **state) {
    (void)state;
    stems_cached_alike(lt_stemmer_new());
    stems_cached_alike(lt_stemmer_new_sized(4));
}

/* No stem is longer than its word, which lets snippets leave unstemmed
 * the words shorter than every query stem; and a stem begins with its
 * word's first byte (but for a leading apostrophe, which no word taken
 * from text has), which lets them pass over the words beginning with a
 * byte no query word or stem does. Suffixes replaced, the stemmer's
 * exceptions, y made i, apostrophes, and words of other alphabets. */
static void test_stem_never_longer_than_word(void **state) {
    static const char *const words[] = {
        "skies", "sky", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only",
        "singly", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning", "outing",
        "canning", "herring", "earring", "proceed", "exceed", "succeed", "hoping", "hopping",
        "conditional", "rational", "valenci", "hesitanci", "digitizer", "conformabli",
        "radicalli", "differentli", "vileli", "analogousli", "vietnamization", "predication",
        "operator", "feudalism", "decisiveness", "hopefulness", "callousness", "formaliti",
        "sensitiviti", "sensibiliti", "triplicate", "formative", "formalize", "electriciti",
        "electrical", "hopeful", "goodness", "revival", "allowance", "inference", "airliner",
        "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment",
        "dependent", "adoption", "homologou", "communism", "activate", "angulariti",
        "homologous", "effective", "bowdlerize", "probate", "rate", "cease", "controll",
        "roll", "generously", "ies", "ied", "sses", "y", "yy", "ay", "'s", "s'", "'", "a's",
        "children's", "parents'", "agreed", "feed", "bled", "sing", "plastered", "bled",
        "motoring", "filing", "failing", "fizzed", "tanned", "abilities", "e", "ee", "eed",
        "ing", "ed", "ly", "li", "ogi", "logi", "fulli", "lessli", "caf\xC3\xA9s",
        "na\xC3\xAFvely", "\xC3\xA9t\xC3\xA9s", "\xD0\xBA\xD0\xBE\xD1\x82\xD1\x8B",
        "yearly", "youths", "yelling", "yes", "ys", "yied", "yies", "yying", "iing", "ieed",
        "eeing", "uying", "oyed", "ayes", "\xC3\xBC" "ber", "\xC3\xA9" "clairs", "\xC3\xA6ons",
    };
    lt_stemmer *st = lt_stemmer_new();
    lt_buf out;
    size_t i;
    (void)state;
    lt_buf_init(&out, 64);
    for (i = 0; i < sizeof words / sizeof *words; i++) {
        size_t len = strlen(words[i]);
        assert_int_equal(lt_stem(st, words[i], len, &out), LT_OK);
        if (out.len > len) fail_msg("%s stems to %.*s", words[i], (int)out.len, out.data);
        if (words[i][0] != '\'' && (out.len == 0 || out.data[0] != words[i][0]))
            fail_msg("%s stems to %.*s", words[i], (int)out.len, out.data);
    }
    lt_buf_release(&out);
    lt_stemmer_free(st);
}

/* The words' own answer for ASCII is Xapian's, character for character
 * (and Xapian's is asked beyond it). */
static void test_word_chars_as_xapian(void **state) {
    static const uint32_t beyond[] = {0x80, 0xA0, 0xB7, 0xC9, 0xE9, 0x2019, 0x3042, 0x10FFFF};
    uint32_t cp;
    size_t i;
    (void)state;
    for (cp = 0; cp < 0x80; cp++) {
        if (!lt_is_word_char(cp) != !xc_unicode_is_wordchar(cp))
            fail_msg("U+%04X: word character %d here, %d for Xapian", cp, lt_is_word_char(cp),
                     xc_unicode_is_wordchar(cp));
        assert_int_equal(lt_char_lower(cp), xc_unicode_tolower(cp));
    }
    for (i = 0; i < sizeof beyond / sizeof *beyond; i++) {
        assert_int_equal(!lt_is_word_char(beyond[i]), !xc_unicode_is_wordchar(beyond[i]));
        assert_int_equal(lt_char_lower(beyond[i]), xc_unicode_tolower(beyond[i]));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_stems_cached_alike),
        cmocka_unit_test(test_stem_never_longer_than_word),
        cmocka_unit_test(test_no_match),
        cmocka_unit_test(test_multibyte_text_never_split),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_word_chars_as_xapian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
