/* test_parallel.c — an index written by several shard writers at once
 * answers like one written by a single writer: the same top results with
 * the same scores; re-indexing into it replaces threads in their shards.
 * Searchers keeping the posts' lengths in memory answer as those that do
 * not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen_thread.h"
#include "gen_write.h"
#include "lt_indexer.h"
#include "lt_parallel.h"
#include "lt_searcher.h"
#include "support.h"

static const char *const queries[] = {
    "child protection plan", "plo meeting what happens", "section 20", "care order hearing",
    "grandparents special guardianship", "family group conference", "contact foster care",
    "parenting assessment", "domestic abuse", "complaint social worker", "legal aid",
    "child in need", "\"care order\"", "assessment -parenting", "kinship carer",
    "ss taking my baby", "soical worker", "sgo", "fgc", "advice role:adviser",
};

static char *dir, *input;

static int setup(void **state) {
    gen *g = gen_new(3, 20000);
    lt_buf buf;
    uint64_t i;
    char *jsonl, *fx;
    (void)state;
    dir = ts_tempdir();
    input = ts_path(dir, "in");
    mkdir(input, 0700);
    jsonl = ts_path(input, "threads.jsonl");
    lt_buf_init(&buf, 64u << 20);
    for (i = 0; i < 400; i++) {
        lt_thread *t;
        if (gen_thread(g, i, &t) != LT_OK) return -1;
        gen_write_jsonl(t, &buf);
        lt_thread_free(t);
    }
    ts_write_file(jsonl, buf.data, buf.len);
    /* Text fixtures too: the writers see every input format's threads. */
    fx = ts_fixture("text/posted_plain.txt");
    {
        char *to = ts_path(input, "posted_plain.txt"), *data;
        size_t len;
        data = ts_read_file(fx, &len);
        ts_write_file(to, data, len);
        free(data);
        free(to);
    }
    free(fx);
    lt_buf_release(&buf);
    free(jsonl);
    gen_free(g);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    ts_rmtree(dir);
    free(dir);
    free(input);
    return 0;
}

/* Indexes folder `in` (NULL: no input) into db with `o`'s removals. */
static lt_index_summary build_with(const char *db, size_t jobs, const char *in,
                                   lt_index_options o) {
    lt_walk files;
    lt_index_summary s;
    lt_error err;
    /* Small batches and a small spelling pool: the shard writers hand
     * over words many times and the spelling writer commits them in
     * several rounds, as on a large archive. */
    o.batch_posts = 200;
    o.no_sync = 1;
    o.jobs = jobs;
    o.spelling_commit_words = 2000;
    lt_walk_init(&files);
    if (in && lt_walk_add(&files, in, NULL, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_index_files(db, &files, NULL, &o, NULL, &s, &err) != LT_OK) fail_msg("%s", err.message);
    lt_walk_release(&files);
    return s;
}

static lt_index_summary build(const char *db, size_t jobs) {
    lt_index_options o;
    memset(&o, 0, sizeof o);
    return build_with(db, jobs, input, o);
}

static lt_results *search(const char *db, const char *q) {
    const char *paths[1] = {db};
    lt_searcher *s;
    lt_results *r;
    lt_error err;
    lt_search_options o;
    lt_search_options_init(&o);
    if (lt_searcher_open(paths, 1, &s, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_search(s, q, &o, &r, &err) != LT_OK) fail_msg("%s", err.message);
    lt_searcher_free(s);
    return r;
}

/* The revision /healthz shows: it must move when any shard commits. */
static uint64_t revision(const char *db) {
    const char *paths[1] = {db};
    lt_searcher *s;
    lt_index_info info;
    lt_error err;
    if (lt_searcher_open(paths, 1, &s, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_searcher_info(s, &info, &err) != LT_OK) fail_msg("%s", err.message);
    lt_searcher_free(s);
    return info.revision;
}

static void test_shards_answer_as_one_writer(void **state) {
    char *one = ts_path(dir, "one"), *three = ts_path(dir, "three");
    lt_index_summary a, b;
    size_t q, i;
    (void)state;
    a = build(one, 1);
    b = build(three, 3);
    assert_int_equal(lt_shard_count(one), 0);
    assert_int_equal(lt_shard_count(three), 3);
    assert_int_equal(a.doc_count, b.doc_count);
    assert_int_equal(a.run.posts, b.run.posts);
    for (q = 0; q < sizeof queries / sizeof *queries; q++) {
        lt_results *x = search(one, queries[q]), *y = search(three, queries[q]);
        if (x->n_hits != y->n_hits)
            fail_msg("'%s': %zu results from one writer, %zu from three", queries[q],
                     x->n_hits, y->n_hits);
        assert_true(x->n_hits > 0);
        for (i = 0; i < x->n_hits; i++) {
            /* Equal scores may come in either order: compare the scores,
             * and the documents where no score ties with a neighbour. */
            int tie = (i > 0 && fabs(x->hits[i].score - x->hits[i - 1].score) < 1e-6) ||
                      (i + 1 < x->n_hits && fabs(x->hits[i].score - x->hits[i + 1].score) < 1e-6);
            if (fabs(x->hits[i].score - y->hits[i].score) > 1e-6 * (1 + x->hits[i].score))
                fail_msg("'%s' #%zu (%s / %s): score %.6f vs %.6f", queries[q], i + 1, x->corrected ? x->corrected : "-", y->corrected ? y->corrected : "-", x->hits[i].score,
                         y->hits[i].score);
            if (!tie && strcmp(x->hits[i].doc, y->hits[i].doc) != 0)
                fail_msg("'%s' #%zu: %s vs %s", queries[q], i + 1, x->hits[i].doc, y->hits[i].doc);
        }
        if ((x->corrected == NULL) != (y->corrected == NULL) ||
            (x->corrected && strcmp(x->corrected, y->corrected) != 0))
            fail_msg("'%s': did-you-mean differs: %s vs %s", queries[q],
                     x->corrected ? x->corrected : "-", y->corrected ? y->corrected : "-");
        lt_results_free(x);
        lt_results_free(y);
    }
    free(one);
    free(three);
}

static void test_reindex_into_shards_replaces(void **state) {
    char *db = ts_path(dir, "again");
    lt_index_summary first, second;
    lt_results *r;
    char *path = ts_path(input, "posted_plain.txt"), *data, *p;
    uint64_t before;
    (void)state;
    first = build(db, 2);
    before = revision(db);
    assert_true(before >= 3);   /* two shards and the spelling database committed */
    second = build(db, 2);
    assert_true(revision(db) > before);
    assert_int_equal(first.doc_count, second.doc_count);
    assert_int_equal(second.docs_removed, first.doc_count);
    /* An edit lands in the thread's own shard: the old words are gone. */
    data = ts_read_file(path, NULL);
    p = strstr(data, "afternoon");
    assert_non_null(p);
    memcpy(p, "zeppelins", 9);
    ts_write_file(path, data, strlen(data));
    build(db, 2);
    r = search(db, "zeppelins");
    assert_int_equal(r->n_hits, 1);
    lt_results_free(r);
    r = search(db, "afternoon");
    assert_int_equal(r->n_hits, 0);
    lt_results_free(r);
    /* The shard count of an existing index wins over --jobs. */
    build(db, 5);
    assert_int_equal(lt_shard_count(db), 2);
    free(data);
    free(path);
    free(db);
}

/* Removing threads by id and pruning what the inputs no longer hold reach
 * every shard, and the spelling database with them. */
static void test_remove_and_prune_in_shards(void **state) {
    char *db = ts_path(dir, "pruned"), *only = ts_path(dir, "only"), *from, *to, *data;
    const char *gone[3];
    lt_index_options o;
    lt_index_summary first, s;
    lt_results *r;
    size_t len;
    (void)state;
    first = build(db, 3);
    /* Two threads from different shards, by the ids results show. */
    r = search(db, "child protection plan");
    assert_true(r->n_hits >= 2);
    gone[0] = strdup(r->hits[0].thread);
    gone[1] = strdup(r->hits[1].thread);
    gone[2] = "never-indexed.txt";
    lt_results_free(r);
    memset(&o, 0, sizeof o);
    o.remove = gone;
    o.n_remove = 3;
    s = build_with(db, 2, NULL, o);
    assert_int_equal(s.threads_removed, 2);
    assert_int_equal(s.doc_count, first.doc_count - s.posts_removed);
    assert_non_null(s.remove_missing);
    assert_int_equal(s.remove_missing[0], 0);
    assert_int_equal(s.remove_missing[1], 0);
    assert_int_equal(s.remove_missing[2], 1);
    free(s.remove_missing);
    r = search(db, "child protection plan");
    assert_true(r->n_hits > 0);
    for (size_t i = 0; i < r->n_hits; i++) {
        assert_string_not_equal(r->hits[i].thread, gone[0]);
        assert_string_not_equal(r->hits[i].thread, gone[1]);
    }
    lt_results_free(r);
    /* The inputs shrink to one text thread: a prune leaves only it, and
     * none of the generated threads' words in "did you mean". */
    mkdir(only, 0700);
    from = ts_path(input, "posted_plain.txt");
    to = ts_path(only, "posted_plain.txt");
    data = ts_read_file(from, &len);
    ts_write_file(to, data, len);
    r = search(db, "guardianshp");
    assert_non_null(r->corrected);
    lt_results_free(r);
    memset(&o, 0, sizeof o);
    o.prune = 1;
    s = build_with(db, 2, only, o);
    assert_null(s.prune_refused);
    assert_int_equal(s.threads_removed, first.run.threads - 3);
    assert_int_equal(s.doc_count, s.run.posts);
    r = search(db, "guardianship");
    assert_int_equal(r->n_hits, 0);
    lt_results_free(r);
    r = search(db, "guardianshp");
    assert_null(r->corrected);
    lt_results_free(r);
    free((char *)gone[0]);
    free((char *)gone[1]);
    free(data);
    free(from);
    free(to);
    free(only);
    free(db);
}

/* Two searchers on `db`, one with the posts' lengths in memory, give the
 * same results: the same posts with the same scores, counts and totals. */
static void compare_length_sources(lt_searcher *xapian, lt_searcher *cached, const char *db) {
    static const unsigned limits[] = {1, 10, 40};
    static const char *const more[] = {"the", "\"social worker\" -\"care order\"",
                                       "assessment type:post", "court from:2015 to:2020"};
    size_t q, l, i;
    lt_error err;
    for (q = 0; q < sizeof queries / sizeof *queries + sizeof more / sizeof *more; q++) {
        const char *text = q < sizeof queries / sizeof *queries
                               ? queries[q] : more[q - sizeof queries / sizeof *queries];
        for (l = 0; l < sizeof limits / sizeof *limits; l++) {
            lt_search_options o;
            lt_results *x, *y;
            lt_search_options_init(&o);
            o.limit = limits[l];
            if (lt_search(xapian, text, &o, &x, &err) != LT_OK ||
                lt_search(cached, text, &o, &y, &err) != LT_OK)
                fail_msg("%s: '%s': %s", db, text, err.message);
            if (x->n_hits != y->n_hits || x->total != y->total)
                fail_msg("%s: '%s': %zu results of %u, %zu of %u with lengths in memory", db,
                         text, x->n_hits, x->total, y->n_hits, y->total);
            for (i = 0; i < x->n_hits; i++)
                if (strcmp(x->hits[i].doc, y->hits[i].doc) != 0 ||
                    fabs(x->hits[i].score - y->hits[i].score) > 1e-12 * x->hits[i].score ||
                    x->hits[i].more_in_thread != y->hits[i].more_in_thread)
                    fail_msg("%s: '%s' #%zu: %s %.17g (+%u) vs %s %.17g (+%u)", db, text, i + 1,
                             x->hits[i].doc, x->hits[i].score, x->hits[i].more_in_thread,
                             y->hits[i].doc, y->hits[i].score, y->hits[i].more_in_thread);
            lt_results_free(x);
            lt_results_free(y);
        }
    }
}

/* BM25 with the posts' lengths kept in memory (the daemon's searchers)
 * answers as Xapian's own, on one database and on shards (each shard's
 * docids, its own lengths), after a reopen that added posts, and after
 * re-indexing left the docids sparse. */
static void test_lengths_in_memory_answer_as_index(void **state) {
    size_t jobs;
    (void)state;
    for (jobs = 1; jobs <= 3; jobs += 2) {
        char name[32], *db, *more, *jsonl;
        const char *paths[1];
        lt_searcher *xapian, *cached;
        lt_error err;
        gen *g = gen_new(11, 20000);
        lt_buf buf;
        uint64_t i;
        int moved = 0;
        snprintf(name, sizeof name, "lengths-%zu", jobs);
        db = ts_path(dir, name);
        snprintf(name, sizeof name, "more-%zu", jobs);
        more = ts_path(dir, name);
        build(db, jobs);
        paths[0] = db;
        if (lt_searcher_open(paths, 1, &xapian, &err) != LT_OK ||
            lt_searcher_open(paths, 1, &cached, &err) != LT_OK)
            fail_msg("%s", err.message);
        lt_searcher_cache_lengths(cached, 1);
        compare_length_sources(xapian, cached, db);
        /* New threads, other words and lengths: the reopened searcher
         * must read the lengths of the new revision. */
        mkdir(more, 0700);
        jsonl = ts_path(more, "more.jsonl");
        lt_buf_init(&buf, 16u << 20);
        for (i = 1000; i < 1100; i++) {
            lt_thread *t;
            assert_int_equal(gen_thread(g, i, &t), LT_OK);
            gen_write_jsonl(t, &buf);
            lt_thread_free(t);
        }
        ts_write_file(jsonl, buf.data, buf.len);
        {
            lt_index_options o;
            memset(&o, 0, sizeof o);
            build_with(db, jobs, more, o);
        }
        assert_int_equal(lt_searcher_reopen(xapian, NULL, &err), LT_OK);
        assert_int_equal(lt_searcher_reopen(cached, &moved, &err), LT_OK);
        assert_true(moved);
        compare_length_sources(xapian, cached, db);
        /* Everything indexed again, twice: each post has a new docid, and
         * past twice the posts the lengths are Xapian's to look up. */
        build(db, jobs);
        build(db, jobs);
        assert_int_equal(lt_searcher_reopen(xapian, NULL, &err), LT_OK);
        assert_int_equal(lt_searcher_reopen(cached, NULL, &err), LT_OK);
        compare_length_sources(xapian, cached, db);
        lt_searcher_free(xapian);
        lt_searcher_free(cached);
        lt_buf_release(&buf);
        gen_free(g);
        free(jsonl);
        free(more);
        free(db);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shards_answer_as_one_writer),
        cmocka_unit_test(test_reindex_into_shards_replaces),
        cmocka_unit_test(test_remove_and_prune_in_shards),
        cmocka_unit_test(test_lengths_in_memory_answer_as_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
