/* test_roundtrip.c — generated threads written in every input format and
 * read back by Lantern's readers must come back as they were: authors,
 * roles, dates, positions, own words and quoted words. Hundreds of varied
 * threads, quotes included, exercise the readers beyond the fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_thread.h"
#include "gen_write.h"
#include "lt_ingest.h"
#include "support.h"

#define THREADS 300

typedef struct got {
    lt_thread *threads[8];
    size_t n;
} got;

/* Keeps a copy of each delivered thread (the reader frees its own). */
static lt_status keep(void *ctx, lt_thread *t, lt_error *err) {
    got *g = ctx;
    lt_thread *copy = lt_thread_new();
    size_t i;
    if (!copy || g->n == 8) return lt_error_set(err, LT_ENOMEM, "too many threads");
    lt_set_string(&copy->id, t->id, strlen(t->id));
    lt_set_string(&copy->title, t->title, strlen(t->title));
    for (i = 0; i < t->n_posts; i++) {
        lt_post *p;
        lt_thread_add_post(copy, &p);
        p->position = t->posts[i].position;
        p->role = t->posts[i].role;
        memcpy(p->date, t->posts[i].date, LT_DATE_SIZE);
        lt_set_string(&p->author, t->posts[i].author, strlen(t->posts[i].author));
        lt_set_string(&p->text, t->posts[i].text, strlen(t->posts[i].text));
        lt_set_string(&p->quoted, t->posts[i].quoted, strlen(t->posts[i].quoted));
    }
    g->threads[g->n++] = copy;
    return LT_OK;
}

static void compare(const lt_thread *want, const lt_thread *have, const char *fmt) {
    size_t i;
    if (strcmp(want->title, have->title) != 0)
        fail_msg("%s %s: title '%s' read as '%s'", fmt, want->id, want->title, have->title);
    if (want->n_posts != have->n_posts)
        fail_msg("%s %s: %zu posts read as %zu", fmt, want->id, want->n_posts, have->n_posts);
    for (i = 0; i < want->n_posts; i++) {
        const lt_post *a = &want->posts[i], *b = &have->posts[i];
        if (a->position != b->position || a->role != b->role || strcmp(a->date, b->date) ||
            strcmp(a->author, b->author) || strcmp(a->text, b->text) ||
            strcmp(a->quoted, b->quoted))
            fail_msg("%s %s post %zu differs:\n author '%s' / '%s'\n date %s / %s\n"
                     " text '%.80s' / '%.80s'\n quoted '%.80s' / '%.80s'",
                     fmt, want->id, i + 1, a->author, b->author, a->date, b->date, a->text,
                     b->text, a->quoted, b->quoted);
    }
}

typedef lt_status (*writer)(const lt_thread *t, lt_buf *out);

static lt_status write_html(const lt_thread *t, lt_buf *out) {
    return gen_write_html_page(t, 0, out);
}

static void roundtrip(const char *fmt, writer w, const char *ext) {
    gen *g = gen_new(7, 0);
    char *dir = ts_tempdir();
    lt_buf buf;
    uint64_t i;
    assert_non_null(g);
    lt_buf_init(&buf, 1u << 24);
    for (i = 0; i < THREADS; i++) {
        lt_thread *t;
        got have = {{NULL}, 0};
        lt_ingest_result result;
        lt_error err;
        char name[64], *path;
        assert_int_equal(gen_thread(g, i, &t), LT_OK);
        lt_buf_reset(&buf);
        assert_int_equal(w(t, &buf), LT_OK);
        snprintf(name, sizeof name, "t%llu%s", (unsigned long long)i, ext);
        path = ts_path(dir, name);
        ts_write_file(path, buf.data, buf.len);
        if (lt_ingest_file(path, name, NULL, NULL, keep, &have, NULL, &result, &err) != LT_OK)
            fail_msg("%s %s: %s", fmt, name, err.message);
        assert_int_equal(have.n, 1);
        compare(t, have.threads[0], fmt);
        lt_thread_free(have.threads[0]);
        lt_thread_free(t);
        free(path);
    }
    lt_buf_release(&buf);
    gen_free(g);
    ts_rmtree(dir);
    free(dir);
}

static void test_postby(void **state) { (void)state; roundtrip("postby", gen_write_postby, ".txt"); }
static void test_posted(void **state) { (void)state; roundtrip("posted", gen_write_posted, ".txt"); }
static void test_html(void **state) { (void)state; roundtrip("html", write_html, ".html"); }
static void test_jsonl(void **state) { (void)state; roundtrip("jsonl", gen_write_jsonl, ".jsonl"); }

static void test_generator_is_deterministic(void **state) {
    gen *a = gen_new(42, 0), *b = gen_new(42, 0);
    lt_thread *x, *y;
    lt_buf bx, by;
    (void)state;
    lt_buf_init(&bx, 1u << 20);
    lt_buf_init(&by, 1u << 20);
    /* Thread 5 is the same whether or not threads 0-4 came first. */
    assert_int_equal(gen_thread(a, 0, &x), LT_OK);
    lt_thread_free(x);
    assert_int_equal(gen_thread(a, 5, &x), LT_OK);
    assert_int_equal(gen_thread(b, 5, &y), LT_OK);
    gen_write_jsonl(x, &bx);
    gen_write_jsonl(y, &by);
    assert_string_equal(bx.data, by.data);
    lt_thread_free(x);
    lt_thread_free(y);
    lt_buf_release(&bx);
    lt_buf_release(&by);
    gen_free(a);
    gen_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_postby),
        cmocka_unit_test(test_posted),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_generator_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
