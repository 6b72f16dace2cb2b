/* test_html.c — HTML input: phpBB thread pages (a thread over two pages
 * joins into one, the older 3.0 markup), FAQ and advice pages (sections,
 * no chrome in any document, windows-1252), and broken or hostile pages
 * (unclosed tags, a 5 MB single line, junk named .html). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lt_buf.h"
#include "lt_indexer.h"
#include "lt_searcher.h"
#include "lt_thread_json.h"
#include "support.h"

typedef struct collected {
    json_t *threads;
    char warnings[8192];
    size_t n_problems;
} collected;

static lt_status collect(void *ctx, lt_thread *t, lt_error *err) {
    collected *c = ctx;
    json_t *o = lt_thread_to_json(t);
    if (!o) return lt_error_set(err, LT_ENOMEM, "out of memory");
    json_array_append_new(c->threads, o);
    return LT_OK;
}

static void problem(void *ctx, const char *message) {
    collected *c = ctx;
    size_t len = strlen(c->warnings);
    snprintf(c->warnings + len, sizeof c->warnings - len, "%s\n", message);
    c->n_problems++;
}

/* Reads every file of `dir` as the indexer does (pages joined per folder). */
static void ingest_dir(const char *dir, collected *c) {
    lt_walk files;
    lt_error err;
    lt_run_hooks hooks = {NULL, problem, c};
    lt_run_progress p;
    memset(c, 0, sizeof *c);
    c->threads = json_array();
    lt_walk_init(&files);
    if (lt_walk_add(&files, dir, NULL, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_ingest_all(&files, NULL, collect, c, &hooks, &p, &err) != LT_OK)
        fail_msg("%s", err.message);
    lt_walk_release(&files);
}

/* Copies fixtures html/<names…> into a new folder. */
static char *folder_of(const char *const *names, size_t n) {
    char *dir = ts_tempdir();
    size_t i;
    for (i = 0; i < n; i++) {
        char rel[256], *src, *dst, *data;
        size_t len;
        snprintf(rel, sizeof rel, "html/%s", names[i]);
        src = ts_fixture(rel);
        dst = ts_path(dir, names[i]);
        data = ts_read_file(src, &len);
        ts_write_file(dst, data, len);
        free(data);
        free(src);
        free(dst);
    }
    return dir;
}

static json_t *thread_with_id(const collected *c, const char *id) {
    size_t i;
    for (i = 0; i < json_array_size(c->threads); i++) {
        json_t *t = json_array_get(c->threads, i);
        if (!strcmp(json_string_value(json_object_get(t, "id")), id)) return t;
    }
    fail_msg("no thread %s", id);
    return NULL;
}

static const char *field(json_t *t, size_t post, const char *key) {
    return json_string_value(json_object_get(json_array_get(json_object_get(t, "posts"), post), key));
}

static json_int_t position(json_t *t, size_t post) {
    return json_integer_value(json_object_get(json_array_get(json_object_get(t, "posts"), post),
                                              "position"));
}

/* Every string in every document of c, for "nothing of X anywhere". */
static void assert_nowhere(const collected *c, const char *needle) {
    char *all = json_dumps(c->threads, JSON_ENSURE_ASCII * 0);
    if (strstr(all, needle)) fail_msg("'%s' found in a document:\n%.2000s", needle, all);
    free(all);
}

static void test_two_pages_join_into_one_thread(void **state) {
    /* Page 2 is named first so file order is not what orders posts. */
    static const char *const names[] = {"thread_contact_p2.html", "thread_contact_p1.html"};
    char *dir = folder_of(names, 2);
    collected c;
    json_t *t;
    (void)state;
    ingest_dir(dir, &c);
    assert_int_equal(json_array_size(c.threads), 1);
    t = thread_with_id(&c, "thread_contact_p1.html");
    assert_string_equal(json_string_value(json_object_get(t, "title")), "Contact after a care order");
    assert_string_equal(json_string_value(json_object_get(t, "forum")), "Contact and family time");
    assert_string_equal(json_string_value(json_object_get(t, "url")),
                        "https://forum.example.org/viewtopic.php?t=812");
    assert_int_equal(json_array_size(json_object_get(t, "posts")), 4);
    assert_int_equal(position(t, 0), 1);
    assert_int_equal(position(t, 3), 4);
    assert_string_equal(field(t, 0, "author"), "kaz_w");
    assert_string_equal(field(t, 1, "author"), "Maya, HFA Adviser");
    assert_string_equal(field(t, 1, "role"), "adviser");
    assert_string_equal(field(t, 3, "author"), "grampa_len");
    /* The displayed date, as in text exports (not the UTC datetime). */
    assert_string_equal(field(t, 0, "date"), "2021-09-14T20:05");
    assert_string_equal(field(t, 3, "url"),
                        "https://forum.example.org/viewtopic.php?t=812&start=2#p9133");
    /* Quote apart, without its "wrote:" line; <br><br> is a paragraph. */
    assert_string_equal(field(t, 1, "quoted"), "can i ask for more?");
    assert_true(!strncmp(field(t, 1, "text"), "Dear kaz_w\n\nYes. Under a care order", 35));
    assert_string_equal(field(t, 0, "text"),
                        "my two boys are on a full care order since july.\n"
                        "contact is once a month at a centre & supervised.\n\ncan i ask for more?");
    /* Signatures, profile boxes, buttons, pagination, navigation: none. */
    assert_nowhere(&c, "one day at a time");
    assert_nowhere(&c, "Registered user");
    assert_nowhere(&c, "Post Reply");
    assert_nowhere(&c, "Who is online");
    assert_nowhere(&c, "Page 1 of 2");
    assert_nowhere(&c, "Board index");
    assert_nowhere(&c, "Joined");
    assert_int_equal(c.n_problems, 0);
    json_decref(c.threads);
    ts_rmtree(dir);
    free(dir);
}

static void test_same_page_twice_no_duplicates(void **state) {
    static const char *const names[] = {"thread_contact_p1.html", "thread_contact_p2.html"};
    char *dir = folder_of(names, 2), *copy = ts_path(dir, "thread_contact_p2_again.html");
    char *src = ts_path(dir, "thread_contact_p2.html"), *data;
    size_t len;
    collected c;
    (void)state;
    data = ts_read_file(src, &len);
    ts_write_file(copy, data, len);
    ingest_dir(dir, &c);
    assert_int_equal(json_array_size(c.threads), 1);
    assert_int_equal(json_array_size(json_object_get(json_array_get(c.threads, 0), "posts")), 4);
    json_decref(c.threads);
    ts_rmtree(dir);
    free(data);
    free(src);
    free(copy);
    free(dir);
}

static void test_old_prosilver_markup(void **state) {
    static const char *const names[] = {"thread_old_prosilver.html"};
    char *dir = folder_of(names, 1);
    collected c;
    json_t *t;
    (void)state;
    ingest_dir(dir, &c);
    t = thread_with_id(&c, "thread_old_prosilver.html");
    assert_string_equal(json_string_value(json_object_get(t, "title")), "School made a referral");
    assert_string_equal(field(t, 0, "date"), "2016-11-07T16:20");
    assert_string_equal(field(t, 1, "author"), "Tom, HFA Advisor");
    assert_string_equal(field(t, 1, "role"), "adviser");
    assert_string_equal(field(t, 1, "quoted"), "Will they come to the house?");
    assert_non_null(strstr(field(t, 0, "text"), "children's services"));
    assert_nowhere(&c, "Reply with quote");
    assert_nowhere(&c, "Return to");
    json_decref(c.threads);
    ts_rmtree(dir);
    free(dir);
}

static void test_faq_sections_and_no_chrome(void **state) {
    static const char *const names[] = {"faq_family_group_conference.html"};
    char *dir = folder_of(names, 1);
    collected c;
    json_t *t;
    static const char *const chrome[] = {
        "cookies", "Cookies", "0800 555 0199", "Exit this site", "Share on Facebook",
        "Related pages", "Kinship care", "Donate", "registered charity", "dataLayer",
        "Post Reply", "Brightwater Family Help", "Get advice",
    };
    size_t i;
    (void)state;
    ingest_dir(dir, &c);
    t = thread_with_id(&c, "faq_family_group_conference.html");
    assert_string_equal(json_string_value(json_object_get(t, "type")), "faq");
    assert_string_equal(json_string_value(json_object_get(t, "title")),
                        "Family group conferences: your questions");
    /* Section 0 is the introduction; the empty <h2> (3) has no document. */
    assert_int_equal(json_array_size(json_object_get(t, "posts")), 4);
    assert_int_equal(position(t, 0), 0);
    assert_int_equal(position(t, 1), 1);
    assert_int_equal(position(t, 2), 2);
    assert_int_equal(position(t, 3), 4);
    assert_string_equal(field(t, 0, "title"), "Family group conferences: your questions");
    assert_string_equal(field(t, 1, "title"),
                        "Family group conferences: your questions \xE2\x80\x94 "
                        "Who comes to a family group conference?");
    assert_string_equal(field(t, 1, "url"),
                        "https://www.brightwater.example/advice/family-group-conferences/#who-comes");
    /* <br> and list items are breaks: words never glued together. */
    assert_non_null(strstr(field(t, 0, "text"), "children.\nIt is led"));
    assert_non_null(strstr(field(t, 2, "text"), "own plan.\nThe coordinator"));
    for (i = 0; i < sizeof chrome / sizeof *chrome; i++) assert_nowhere(&c, chrome[i]);
    json_decref(c.threads);
    ts_rmtree(dir);
    free(dir);
}

static void test_windows_1252_page(void **state) {
    static const char *const names[] = {"advice_special_guardianship_1252.html"};
    char *dir = folder_of(names, 1);
    collected c;
    json_t *t;
    (void)state;
    ingest_dir(dir, &c);
    t = thread_with_id(&c, "advice_special_guardianship_1252.html");
    assert_string_equal(json_string_value(json_object_get(t, "title")),
                        "Special guardianship \xE2\x80\x93 what it means");
    assert_non_null(strstr(field(t, 0, "text"), "\"parental responsibility\""));
    assert_non_null(strstr(field(t, 0, "text"), "child's parents"));
    assert_non_null(strstr(field(t, 1, "text"), "\xC2\xA3" "150"));
    assert_non_null(strstr(field(t, 1, "text"), "caf\xC3\xA9"));
    assert_nowhere(&c, "Cover your tracks");
    assert_nowhere(&c, "charity");
    json_decref(c.threads);
    ts_rmtree(dir);
    free(dir);
}

static void test_broken_html_best_effort(void **state) {
    static const char *const names[] = {"broken_unclosed.html"};
    char *dir = folder_of(names, 1);
    collected c;
    json_t *t;
    (void)state;
    ingest_dir(dir, &c);
    t = thread_with_id(&c, "broken_unclosed.html");
    assert_non_null(strstr(field(t, 0, "text"), "contact centre\n\nStaff watch"));
    assert_non_null(strstr(field(t, 1, "text"), "Monday Tuesday"));
    json_decref(c.threads);
    ts_rmtree(dir);
    free(dir);
}

static void test_hostile_pages(void **state) {
    char *dir = ts_tempdir(), *big = ts_path(dir, "huge-line.html");
    char *junk = ts_path(dir, "junk.html"), *nul = ts_path(dir, "nul.html");
    char *empty = ts_path(dir, "empty-page.html"), *ok = ts_path(dir, "ok.html");
    lt_buf b;
    size_t i;
    unsigned x = 12345;
    collected c;
    json_t *t;
    (void)state;
    /* 5 MB on one line: read, the over-long section cut with a warning. */
    lt_buf_init(&b, 8u << 20);
    lt_buf_append_str(&b, "<html><head><title>Long</title></head><body><main><p>");
    for (i = 0; i < 900000; i++) lt_buf_append_str(&b, "words ");
    lt_buf_append_str(&b, "</p></main></body></html>");
    ts_write_file(big, b.data, b.len);
    /* Random bytes without NUL, then with NUL. */
    lt_buf_reset(&b);
    for (i = 0; i < 200000; i++) {
        x = x * 1103515245u + 12345u;
        lt_buf_append_char(&b, (char)(1 + (x >> 16) % 255));
    }
    ts_write_file(junk, b.data, b.len);
    b.data[100] = '\0';
    ts_write_file(nul, b.data, b.len);
    ts_write_file(empty, "<html><body><nav>Home</nav></body></html>", 41);
    ts_write_file(ok, "<html><body><main><p>still indexed</p></main></body></html>", 59);
    ingest_dir(dir, &c);
    /* The long page and the good one are read; three are reported. */
    assert_int_equal(json_array_size(c.threads), 2);
    t = thread_with_id(&c, "huge-line.html");
    assert_true(strlen(field(t, 0, "text")) <= (4u << 20));
    assert_true(strlen(field(t, 0, "text")) > (3u << 20));
    thread_with_id(&c, "ok.html");
    assert_non_null(strstr(c.warnings, "huge-line.html:1: section 0 longer than"));
    assert_non_null(strstr(c.warnings, "junk.html:1: does not look like text"));
    assert_non_null(strstr(c.warnings, "nul.html:1: binary data"));
    assert_non_null(strstr(c.warnings, "empty-page.html:1: no text in the page's content"));
    json_decref(c.threads);
    lt_buf_release(&b);
    ts_rmtree(dir);
    free(big);
    free(junk);
    free(nul);
    free(empty);
    free(ok);
    free(dir);
}

static void test_chrome_words_find_no_faq_section(void **state) {
    static const char *const names[] = {"faq_family_group_conference.html",
                                        "advice_special_guardianship_1252.html"};
    char *dir = folder_of(names, 2), *db = ts_path(dir, "db"), *in = ts_path(dir, "in");
    const char *paths[1];
    /* Words and phrases that stand only in the pages' furniture. */
    static const char *const queries[] = {"cookies", "\"0800 555 0199\"", "charity",
                                          "\"cover your tracks\"", "tracks", "donate",
                                          "\"exit this site\"", "facebook", "breadcrumbs",
                                          "dataLayer"};
    lt_walk files;
    lt_index_summary s;
    lt_searcher *se;
    lt_results *r;
    lt_search_options o;
    lt_error err;
    size_t i;
    (void)state;
    lt_walk_init(&files);
    assert_int_equal(lt_walk_add(&files, dir, NULL, &err), LT_OK);
    assert_int_equal(lt_index_files(db, &files, NULL, NULL, NULL, &s, &err), LT_OK);
    assert_true(s.doc_count >= 5);
    paths[0] = db;
    assert_int_equal(lt_searcher_open(paths, 1, &se, &err), LT_OK);
    /* Plain BM25: no vocabulary, no searching of a spelling correction,
     * so what is found is what the index holds. */
    lt_search_options_init(&o);
    o.profile = &lt_profile_plain;
    for (i = 0; i < sizeof queries / sizeof *queries; i++) {
        assert_int_equal(lt_search(se, queries[i], &o, &r, &err), LT_OK);
        if (r->n_hits) fail_msg("'%s' found %s", queries[i], r->hits[0].doc);
        lt_results_free(r);
    }
    /* Content words do find the sections. */
    assert_int_equal(lt_search(se, "private family time", NULL, &r, &err), LT_OK);
    assert_true(r->n_hits >= 1);
    assert_string_equal(r->hits[0].doc, "faq_family_group_conference.html#2");
    assert_int_equal(r->hits[0].type, LT_TYPE_FAQ);
    lt_results_free(r);
    lt_searcher_free(se);
    lt_walk_release(&files);
    ts_rmtree(dir);
    free(db);
    free(in);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_pages_join_into_one_thread),
        cmocka_unit_test(test_same_page_twice_no_duplicates),
        cmocka_unit_test(test_old_prosilver_markup),
        cmocka_unit_test(test_faq_sections_and_no_chrome),
        cmocka_unit_test(test_windows_1252_page),
        cmocka_unit_test(test_broken_html_best_effort),
        cmocka_unit_test(test_hostile_pages),
        cmocka_unit_test(test_chrome_words_find_no_faq_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
