/* test_readers.c — the input readers, through lt_ingest_file as the
 * indexer calls them: fixtures in both text styles against the expected
 * JSON beside them, then hostile and broken files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_ingest.h"
#include "lt_utf8.h"
#include "lt_jsonl_reader.h"
#include "lt_thread_json.h"
#include "support.h"

/* Collects what a reader delivers, as JSON, and the warnings. */
typedef struct collected {
    json_t *threads;      /* array */
    char warnings[4096];
    size_t n_warnings;
} collected;

static lt_status collect_thread(void *ctx, lt_thread *t, lt_error *err) {
    collected *c = ctx;
    json_t *o = lt_thread_to_json(t);
    if (!o) return lt_error_set(err, LT_ENOMEM, "out of memory");
    json_array_append_new(c->threads, o);
    return LT_OK;
}

static void collect_warning(void *ctx, const char *message) {
    collected *c = ctx;
    size_t len = strlen(c->warnings);
    snprintf(c->warnings + len, sizeof c->warnings - len, "%s\n", message);
    c->n_warnings++;
}

/* Reads `path` named `source`; returns the status, fills c and err. */
static lt_status ingest(const char *path, const char *source, collected *c,
                        lt_error *err) {
    lt_warn warn = {collect_warning, c};
    lt_ingest_result result;
    memset(c, 0, sizeof *c);
    c->threads = json_array();
    lt_error_clear(err);
    return lt_ingest_file(path, source, NULL, &warn, collect_thread, c, NULL, &result, err);
}

static void release(collected *c) { json_decref(c->threads); }

/* ---- Fixtures with expected JSON ---- */

static const char *const fixtures[] = {
    /* post-by style: profile blocks with "User avatar" and the author's
     * name above a post, an inline quote of the adviser. */
    "postby_profile_quote",
    /* posted style: "Page 1 of 1", "Advisor" spelling, a poster quoting
     * her own first post. */
    "posted_plain",
    /* "NAME wrote: ↑" with the date on the next line and a quote of two
     * paragraphs, the second found by matching the earlier post. */
    "posted_quote_block",
    /* curly apostrophes and quotes in title, text and author role. */
    "curly_quotes",
    /* no subject lines between posts (a post's last line must not be
     * eaten as one) and a phpBB footer after the last post. */
    "no_subject_lines",
};

static void test_fixtures_match_expected(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        char name[256], expected_name[256];
        char *path, *expected_path;
        collected c;
        lt_error err;
        json_t *expected;
        json_error_t jerr;
        snprintf(name, sizeof name, "text/%s.txt", fixtures[i]);
        snprintf(expected_name, sizeof expected_name, "expected/%s.json", fixtures[i]);
        path = ts_fixture(name);
        expected_path = ts_fixture(expected_name);
        snprintf(name, sizeof name, "%s.txt", fixtures[i]);
        if (ingest(path, name, &c, &err) != LT_OK) fail_msg("%s: %s", name, err.message);
        expected = json_load_file(expected_path, 0, &jerr);
        if (!expected) fail_msg("%s: %s", expected_path, jerr.text);
        assert_int_equal(json_array_size(c.threads), 1);
        if (!json_equal(json_array_get(c.threads, 0), expected)) {
            char *got = json_dumps(json_array_get(c.threads, 0), JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            fail_msg("%s differs from %s; got:\n%s", name, expected_path, got);
        }
        assert_int_equal(c.n_warnings, 0);
        json_decref(expected);
        release(&c);
        free(path);
        free(expected_path);
    }
}

/* ---- Hostile and broken inputs ---- */

static const char posted_thread[] =
    "Page 1 of 1\n\nA short thread\n\nPosted: Mon Jun 02, 2025 9:00 am\nby first_poster\n"
    "first words here\n\nRe: A short thread\n\nPosted: Mon Jun 02, 2025 10:30 am\n"
    "by Sam, HFA Adviser\nan answer from the adviser\n";

static size_t n_posts(const collected *c) {
    return json_array_size(json_object_get(json_array_get(c->threads, 0), "posts"));
}

static const char *post_field(const collected *c, size_t i, const char *key) {
    json_t *posts = json_object_get(json_array_get(c->threads, 0), "posts");
    return json_string_value(json_object_get(json_array_get(posts, i), key));
}

static void test_gzip_input(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "thread.txt.gz");
    collected c;
    lt_error err;
    (void)state;
    ts_write_gzip(path, posted_thread, strlen(posted_thread), 0);
    assert_int_equal(ingest(path, "thread.txt.gz", &c, &err), LT_OK);
    assert_int_equal(n_posts(&c), 2);
    assert_string_equal(post_field(&c, 1, "role"), "adviser");
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_truncated_gzip(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "cut.txt.gz");
    collected c;
    lt_error err;
    (void)state;
    ts_write_gzip(path, posted_thread, strlen(posted_thread), 60);
    assert_int_equal(ingest(path, "cut.txt.gz", &c, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "truncated gzip"));
    /* Nothing of a damaged text file is delivered. */
    assert_int_equal(json_array_size(c.threads), 0);
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_invalid_utf8_is_repaired(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "bad.txt");
    char data[sizeof posted_thread + 8];
    const char *p;
    collected c;
    lt_error err;
    (void)state;
    /* Put stray bytes into the first post's words (and keep a real UTF-8
     * sequence so the file is not taken for windows-1252). */
    snprintf(data, sizeof data, "%s", posted_thread);
    p = strstr(data, "first words");
    memcpy((char *)p, "\xFF\xFE" "rst", 5);
    memcpy(strstr(data, "short thread\n\nPosted") - 1, "\xC3\xA9", 2);
    ts_write_file(path, data, strlen(data));
    assert_int_equal(ingest(path, "bad.txt", &c, &err), LT_OK);
    assert_int_equal(n_posts(&c), 2);
    assert_non_null(strstr(post_field(&c, 0, "text"), "\xEF\xBF\xBD\xEF\xBF\xBDrst words"));
    assert_non_null(strstr(c.warnings, "bad.txt:1: 2 invalid UTF-8 sequences replaced"));
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_windows_1252_text(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "legacy.txt");
    static const char data[] =
        "Page 1 of 1\n\nChildren\x92s services\n\nPosted: Mon Jun 02, 2025 9:00 am\n"
        "by caf\xE9_mum\nthey won\x92t say why\n";
    collected c;
    lt_error err;
    (void)state;
    ts_write_file(path, data, sizeof data - 1);
    assert_int_equal(ingest(path, "legacy.txt", &c, &err), LT_OK);
    assert_string_equal(json_string_value(json_object_get(json_array_get(c.threads, 0), "title")),
                        "Children's services");
    assert_string_equal(post_field(&c, 0, "author"), "caf\xC3\xA9_mum");
    assert_string_equal(post_field(&c, 0, "text"), "they won't say why");
    assert_non_null(strstr(c.warnings, "read as windows-1252"));
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

/* A title or author name past the 1 KB limit is cut between characters,
 * never inside one: what the reader hands on stays valid UTF-8. */
static void test_long_names_cut_between_characters(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "long.txt");
    lt_buf data, name;
    const char *title, *author;
    collected c;
    lt_error err;
    int i;
    (void)state;
    lt_buf_init(&name, 4096);
    lt_buf_append_str(&name, "x");   /* so that byte 1024 falls inside an "\xC3\xA9" */
    for (i = 0; i < 600; i++) lt_buf_append_str(&name, "\xC3\xA9");
    lt_buf_init(&data, 16384);
    lt_buf_appendf(&data, "Page 1 of 1\n\n%s\n\nPosted: Mon Jun 02, 2025 9:00 am\nby %s\n"
                          "a few words\n", name.data, name.data);
    ts_write_file(path, data.data, data.len);
    assert_int_equal(ingest(path, "long.txt", &c, &err), LT_OK);
    title = json_string_value(json_object_get(json_array_get(c.threads, 0), "title"));
    author = post_field(&c, 0, "author");
    assert_non_null(title);
    assert_non_null(author);
    assert_int_equal(strlen(title), 1023);
    assert_int_equal(strlen(author), 1023);
    assert_true(lt_utf8_valid(title, strlen(title)));
    assert_true(lt_utf8_valid(author, strlen(author)));
    release(&c);
    lt_buf_release(&data);
    lt_buf_release(&name);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_empty_file(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "empty.txt");
    collected c;
    lt_error err;
    (void)state;
    ts_write_file(path, "", 0);
    assert_int_equal(ingest(path, "empty.txt", &c, &err), LT_EFORMAT);
    assert_string_equal(err.message, "empty.txt:1: empty file");
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_neither_style(void **state) {
    char *path = ts_fixture("text/neither_style.txt");
    collected c;
    lt_error err;
    (void)state;
    assert_int_equal(ingest(path, "neither_style.txt", &c, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "neither_style.txt:1: not a forum thread"));
    assert_int_equal(json_array_size(c.threads), 0);
    release(&c);
    free(path);
}

static void test_binary_file(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "image.txt");
    static const char data[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    collected c;
    lt_error err;
    (void)state;
    ts_write_file(path, data, sizeof data - 1);
    assert_int_equal(ingest(path, "image.txt", &c, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "binary data"));
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_unreadable_date_keeps_post(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "date.txt");
    static const char data[] =
        "Page 1 of 1\n\nT\n\nPosted: yesterday at teatime\nby someone\nwords\n";
    collected c;
    lt_error err;
    (void)state;
    ts_write_file(path, data, sizeof data - 1);
    assert_int_equal(ingest(path, "date.txt", &c, &err), LT_OK);
    assert_int_equal(n_posts(&c), 1);
    assert_null(post_field(&c, 0, "date"));
    assert_non_null(strstr(c.warnings, "date.txt:5: unreadable date 'yesterday at teatime'"));
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_prose_wrote_is_not_a_quote(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "wrote.txt");
    static const char data[] =
        "Page 1 of 1\n\nT\n\nPosted: Mon Jun 02, 2025 9:00 am\nby a_parent\n"
        "my sw wrote: a letter saying we must meet\nwhat does it mean\n";
    collected c;
    lt_error err;
    (void)state;
    ts_write_file(path, data, sizeof data - 1);
    assert_int_equal(ingest(path, "wrote.txt", &c, &err), LT_OK);
    assert_string_equal(post_field(&c, 0, "quoted"), "");
    assert_non_null(strstr(post_field(&c, 0, "text"), "my sw wrote: a letter"));
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

/* ---- JSON Lines ---- */

static void test_jsonl_good_and_bad_lines(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "export.jsonl");
    static const char data[] =
        "{\"id\":\"f/1\",\"title\":\"One\",\"posts\":[{\"author\":\"Ann, HFA Adviser\","
        "\"date\":\"2023-04-05T10:11\",\"text\":\"It\xE2\x80\x99s fine\"}]}\n"
        "\n"
        "{\"id\":\"f/2\",\"title\":\"Two\",\"posts\":[]}\n"
        "not json at all\n"
        "{\"id\":\"f/3\",\"title\":\"Three\",\"posts\":[{\"text\":\"a\",\"date\":\"05/04/2023\"}]}\n"
        "{\"id\":\"f/4\",\"title\":\"Four\",\"posts\":[{\"text\":\"b\",\"position\":2},"
        "{\"text\":\"c\",\"position\":2}]}\n"
        "{\"id\":\"f/5\",\"title\":\"Fi\xFFve\",\"type\":\"faq\",\"posts\":[{\"text\":\"x\"},"
        "{\"text\":\"y\",\"role\":\"adviser\"}]}\n"
        "{\"id\":\"f/6\",\"title\":\"Six\",\"posts\":[{\"text\":\"z\",\"position\":0}]}";
    collected c;
    lt_error err;
    json_t *t;
    (void)state;
    ts_write_file(path, data, sizeof data - 1);
    assert_int_equal(ingest(path, "export.jsonl", &c, &err), LT_OK);
    /* Lines 1 and 7 are good; 3, 4, 5, 6 and 8 (a post 0 outside an FAQ)
     * are reported with their numbers; the blank line 2 is ignored. */
    assert_int_equal(json_array_size(c.threads), 2);
    assert_non_null(strstr(c.warnings, "export.jsonl:3: thread: \"posts\" must be a non-empty array"));
    assert_non_null(strstr(c.warnings, "export.jsonl:4: bad JSON"));
    assert_non_null(strstr(c.warnings, "export.jsonl:5: posts[0]: \"date\" is not an ISO 8601 date"));
    assert_non_null(strstr(c.warnings, "export.jsonl:6: position 2 is used by two posts"));
    assert_non_null(strstr(c.warnings, "export.jsonl:8: posts[0]: \"position\" is not a number from 1 to 10000000"));
    assert_int_equal(c.n_warnings, 5);
    t = json_array_get(c.threads, 0);
    assert_string_equal(json_string_value(json_object_get(t, "id")), "f/1");
    assert_string_equal(post_field(&c, 0, "role"), "adviser");
    assert_string_equal(post_field(&c, 0, "text"), "It's fine");
    t = json_array_get(c.threads, 1);
    /* Invalid UTF-8 in a line is repaired, not a reason to drop it; FAQ
     * sections count from 0. */
    assert_string_equal(json_string_value(json_object_get(t, "title")), "Fi\xEF\xBF\xBDve");
    assert_string_equal(json_string_value(json_object_get(t, "type")), "faq");
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(t, "posts"), 0), "position")), 0);
    release(&c);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_jsonl_truncated_gzip_keeps_earlier_lines(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "big.jsonl.gz");
    lt_buf data;
    collected c;
    lt_error err;
    size_t i, full;
    char *tmp;
    (void)state;
    lt_buf_init(&data, 1 << 24);
    for (i = 0; i < 2000; i++)
        lt_buf_appendf(&data, "{\"id\":\"t%zu\",\"title\":\"thread %zu\",\"posts\":[{\"text\":"
                              "\"words number %zu of the export\"}]}\n", i, i, i * 7919);
    ts_write_gzip(path, data.data, data.len, 0);
    tmp = ts_read_file(path, &full);
    free(tmp);
    ts_write_gzip(path, data.data, data.len, full / 2);
    assert_int_equal(ingest(path, "big.jsonl.gz", &c, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "truncated gzip"));
    assert_true(json_array_size(c.threads) > 100);
    assert_true(json_array_size(c.threads) < 2000);
    release(&c);
    lt_buf_release(&data);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_json_document_and_array(void **state) {
    char *dir = ts_tempdir(), *one = ts_path(dir, "one.json"), *many = ts_path(dir, "many.json");
    static const char obj[] =
        "{\n  \"id\": \"doc-1\",\n  \"title\": \"Pretty\",\n  \"posts\": [\n"
        "    {\"text\": \"printed over lines\"}\n  ]\n}\n";
    static const char arr[] =
        "[{\"id\":\"a\",\"title\":\"A\",\"posts\":[{\"text\":\"x\"}]},\n"
        " {\"id\":\"\",\"title\":\"B\",\"posts\":[{\"text\":\"y\"}]},\n"
        " {\"id\":\"c\",\"title\":\"C\",\"posts\":[{\"text\":\"z\"}]}]";
    collected c;
    lt_error err;
    (void)state;
    /* A pretty-printed thread object is one document, not bad lines. */
    ts_write_file(one, obj, sizeof obj - 1);
    assert_int_equal(ingest(one, "one.json", &c, &err), LT_OK);
    assert_int_equal(json_array_size(c.threads), 1);
    assert_int_equal(c.n_warnings, 0);
    release(&c);
    /* An array: each element a thread, a bad element reported by index. */
    ts_write_file(many, arr, sizeof arr - 1);
    assert_int_equal(ingest(many, "many.json", &c, &err), LT_OK);
    assert_int_equal(json_array_size(c.threads), 2);
    assert_non_null(strstr(c.warnings, "many.json:[1]: thread: \"id\" is empty"));
    release(&c);
    ts_rmtree(dir);
    free(one);
    free(many);
    free(dir);
}

static void test_not_json_lines_gives_up_once(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "notes.jsonl");
    lt_buf data;
    collected c;
    lt_error err;
    size_t i;
    (void)state;
    lt_buf_init(&data, 1 << 20);
    for (i = 0; i < 500; i++) lt_buf_appendf(&data, "{ note %zu is not json\n", i);
    ts_write_file(path, data.data, data.len);
    assert_int_equal(ingest(path, "notes.jsonl", &c, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "not JSON Lines"));
    assert_int_equal(c.n_warnings, LT_JSONL_MAX_BAD_START);
    release(&c);
    lt_buf_release(&data);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures_match_expected),
        cmocka_unit_test(test_gzip_input),
        cmocka_unit_test(test_truncated_gzip),
        cmocka_unit_test(test_invalid_utf8_is_repaired),
        cmocka_unit_test(test_windows_1252_text),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_neither_style),
        cmocka_unit_test(test_binary_file),
        cmocka_unit_test(test_unreadable_date_keeps_post),
        cmocka_unit_test(test_prose_wrote_is_not_a_quote),
        cmocka_unit_test(test_jsonl_good_and_bad_lines),
        cmocka_unit_test(test_jsonl_truncated_gzip_keeps_earlier_lines),
        cmocka_unit_test(test_json_document_and_array),
        cmocka_unit_test(test_not_json_lines_gives_up_once),
        cmocka_unit_test(test_long_names_cut_between_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
