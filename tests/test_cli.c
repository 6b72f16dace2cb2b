/* test_cli.c — the programs as a user runs them: exit statuses, problem
 * reports, the summary line, --dump, and lantern-search --json. */
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

#include "support.h"

static void run(ts_run *r, char *const argv[]) { ts_run_program(argv, r); }

static void test_help_and_usage(void **state) {
    ts_run r;
    char *help_i[] = {LANTERN_BIN_INDEX, "--help", NULL};
    char *none_i[] = {LANTERN_BIN_INDEX, NULL};
    char *help_s[] = {LANTERN_BIN_SEARCH, "--help", NULL};
    char *bad_limit[] = {LANTERN_BIN_SEARCH, "--db", "x", "--limit", "0", "q", NULL};
    char *bad_role[] = {LANTERN_BIN_SEARCH, "--db", "x", "--role", "boss", "q", NULL};
    (void)state;
    run(&r, help_i);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Usage: lantern-index"));
    ts_run_release(&r);
    run(&r, none_i);
    assert_int_equal(r.status, 2);
    ts_run_release(&r);
    run(&r, help_s);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--json"));
    ts_run_release(&r);
    run(&r, bad_limit);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--limit"));
    ts_run_release(&r);
    run(&r, bad_role);
    assert_int_equal(r.status, 2);
    ts_run_release(&r);
}

static void test_index_with_bad_files_then_search(void **state) {
    char *dir = ts_tempdir(), *db = ts_path(dir, "db"), *fixtures = ts_fixture("text");
    char *index_argv[] = {LANTERN_BIN_INDEX, "--db", db, fixtures, NULL};
    char *search_argv[] = {LANTERN_BIN_SEARCH, "--db", db, "--json", "--limit", "3",
                           "core", "group", "tuesday", NULL};
    char *plain_argv[] = {LANTERN_BIN_SEARCH, "--db", db, "core", "group", NULL};
    ts_run r;
    json_t *o;
    json_error_t jerr;
    (void)state;
    run(&r, index_argv);
    /* A skipped file does not fail the run; it is named with its line. */
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "neither_style.txt:1: not a forum thread"));
    assert_non_null(strstr(r.out, "6 files (1 skipped), 5 threads, 12 posts"));
    assert_non_null(strstr(r.out, "index has 12 documents"));
    ts_run_release(&r);

    run(&r, search_argv);
    assert_int_equal(r.status, 0);
    o = json_loads(r.out, 0, &jerr);
    if (!o) fail_msg("not JSON: %s\n%s", jerr.text, r.out);
    assert_string_equal(json_string_value(json_object_get(o, "query")), "core group tuesday");
    assert_int_equal(json_integer_value(json_object_get(o, "limit")), 3);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(o, "results"), 0), "thread")),
                        "posted_plain.txt");
    json_decref(o);
    ts_run_release(&r);

    run(&r, plain_argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1. Core group meeting next week"));
    /* Marks are not shown as HTML on a terminal or in a pipe. */
    assert_null(strstr(r.out, "<mark>"));
    ts_run_release(&r);

    ts_rmtree(dir);
    free(db);
    free(dir);
    free(fixtures);
}

static void test_dump(void **state) {
    char *file = ts_fixture("text/posted_plain.txt");
    char *argv[] = {LANTERN_BIN_INDEX, "--dump", file, NULL};
    ts_run r;
    json_t *o;
    json_error_t jerr;
    (void)state;
    run(&r, argv);
    assert_int_equal(r.status, 0);
    o = json_loads(r.out, 0, &jerr);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "posted_plain.txt");
    assert_int_equal(json_array_size(json_object_get(o, "posts")), 3);
    json_decref(o);
    ts_run_release(&r);
    free(file);
}

static void test_unwritable_index_fails(void **state) {
    char *dir = ts_tempdir(), *db = ts_path(dir, "plainfile"), *fixtures = ts_fixture("text");
    char *argv[] = {LANTERN_BIN_INDEX, "--db", db, fixtures, NULL};
    ts_run r;
    (void)state;
    ts_write_file(db, "not an index", 12);
    run(&r, argv);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, db));
    ts_run_release(&r);
    ts_rmtree(dir);
    free(db);
    free(dir);
    free(fixtures);
}

static void test_search_missing_index(void **state) {
    char *argv[] = {LANTERN_BIN_SEARCH, "--db", "/nonexistent/lantern-db", "care", NULL};
    ts_run r;
    (void)state;
    run(&r, argv);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "/nonexistent/lantern-db"));
    ts_run_release(&r);
}

static void test_missing_input(void **state) {
    char *dir = ts_tempdir(), *db = ts_path(dir, "db");
    char *argv[] = {LANTERN_BIN_INDEX, "--db", db, "/nonexistent/input", NULL};
    ts_run r;
    (void)state;
    run(&r, argv);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "/nonexistent/input"));
    ts_run_release(&r);
    ts_rmtree(dir);
    free(db);
    free(dir);
}

/* --remove needs no input and names ids it did not find; --prune says
 * why it removed nothing; both refuse --dump. */
static void test_remove_and_prune(void **state) {
    char *dir = ts_tempdir(), *db = ts_path(dir, "db"), *fixtures = ts_fixture("text");
    char *index_argv[] = {LANTERN_BIN_INDEX, "--db", db, "--jobs", "2", fixtures, NULL};
    char *remove_argv[] = {LANTERN_BIN_INDEX, "--db", db, "--remove", "posted_plain.txt",
                           "--remove", "nowhere.txt", NULL};
    char *prune_argv[] = {LANTERN_BIN_INDEX, "--db", db, "--prune", fixtures, NULL};
    char *prune_none[] = {LANTERN_BIN_INDEX, "--db", db, "--prune", NULL};
    char *dump_remove[] = {LANTERN_BIN_INDEX, "--dump", "--remove", "x", fixtures, NULL};
    char *empty_id[] = {LANTERN_BIN_INDEX, "--db", db, "--remove", "", NULL};
    char *search_argv[] = {LANTERN_BIN_SEARCH, "--db", db, "--json", "afternoon", NULL};
    ts_run r;
    (void)state;
    run(&r, index_argv);
    assert_int_equal(r.status, 0);
    ts_run_release(&r);
    run(&r, remove_argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "1 threads removed (3 documents); index has 9 documents"));
    assert_non_null(strstr(r.err, "--remove nowhere.txt: the index holds no such thread"));
    assert_null(strstr(r.err, "posted_plain.txt"));
    ts_run_release(&r);
    run(&r, search_argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"results\":[]"));
    ts_run_release(&r);
    /* The fixtures hold a file that is skipped: no prune. */
    run(&r, prune_argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "--prune: nothing removed: problems were reported"));
    assert_non_null(strstr(r.out, "0 threads removed"));
    ts_run_release(&r);
    run(&r, prune_none);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "no input given"));
    ts_run_release(&r);
    run(&r, dump_remove);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--dump"));
    ts_run_release(&r);
    run(&r, empty_id);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--remove"));
    ts_run_release(&r);
    ts_rmtree(dir);
    free(db);
    free(dir);
    free(fixtures);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_and_usage),
        cmocka_unit_test(test_index_with_bad_files_then_search),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_unwritable_index_fails),
        cmocka_unit_test(test_search_missing_index),
        cmocka_unit_test(test_missing_input),
        cmocka_unit_test(test_remove_and_prune),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
