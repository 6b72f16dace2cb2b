/* test_index_search.c — the writer and the searcher together, on copies of
 * the text fixtures: ranking and snippets, collapse, filters, re-indexing
 * (same count, edited text, vanished posts gone from search and from "did
 * you mean"), hostile text escaped, the writer's lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lt_buf.h"
#include "lt_indexer.h"
#include "lt_match.h"
#include "lt_query.h"
#include "lt_results_json.h"
#include "lt_searcher.h"
#include "lt_total.h"
#include "lt_writer.h"
#include "support.h"
#include "xc.h"

static const char *const fixture_names[] = {
    "postby_profile_quote.txt", "posted_plain.txt", "posted_quote_block.txt",
    "curly_quotes.txt", "no_subject_lines.txt", "neither_style.txt",
};
#define FIXTURE_POSTS 12   /* posts in the five good fixtures */

typedef struct env {
    char *dir, *in, *db;
} env;

static int setup(void **state) {
    env *e = calloc(1, sizeof *e);
    size_t i;
    e->dir = ts_tempdir();
    e->in = ts_path(e->dir, "in");
    e->db = ts_path(e->dir, "db");
    if (mkdir(e->in, 0700) != 0) return -1;
    for (i = 0; i < sizeof fixture_names / sizeof *fixture_names; i++) {
        char rel[128], *src, *dst, *data;
        size_t len;
        snprintf(rel, sizeof rel, "text/%s", fixture_names[i]);
        src = ts_fixture(rel);
        dst = ts_path(e->in, fixture_names[i]);
        data = ts_read_file(src, &len);
        ts_write_file(dst, data, len);
        free(data);
        free(src);
        free(dst);
    }
    *state = e;
    return 0;
}

static int teardown(void **state) {
    env *e = *state;
    ts_rmtree(e->dir);
    free(e->dir);
    free(e->in);
    free(e->db);
    free(e);
    return 0;
}

static void count_problem(void *ctx, const char *message) {
    (void)message;
    (*(size_t *)ctx)++;
}

/* Indexes the input folder (none when `in` is 0) with o's removals and
 * prune; returns the summary. */
static lt_index_summary index_with(const env *e, int in, lt_index_options o,
                                   size_t *problems) {
    lt_walk files;
    lt_error err;
    lt_index_summary s;
    lt_run_hooks hooks = {NULL, count_problem, problems};
    o.no_sync = 1;
    o.jobs = 1;
    *problems = 0;
    lt_walk_init(&files);
    if (in && lt_walk_add(&files, e->in, NULL, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_index_files(e->db, &files, NULL, &o, &hooks, &s, &err) != LT_OK)
        fail_msg("%s", err.message);
    lt_walk_release(&files);
    return s;
}

static lt_index_summary index_folder(const env *e, size_t *problems) {
    lt_index_options o;
    memset(&o, 0, sizeof o);
    return index_with(e, 1, o, problems);
}

static lt_results *search(const env *e, const char *q, const lt_search_options *o) {
    const char *paths[1];
    lt_searcher *s;
    lt_results *r;
    lt_error err;
    paths[0] = e->db;
    if (lt_searcher_open(paths, 1, &s, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_search(s, q, o, &r, &err) != LT_OK) fail_msg("%s: %s", q, err.message);
    lt_searcher_free(s);
    return r;
}

static void rewrite(const env *e, const char *name, const char *data) {
    char *p = ts_path(e->in, name);
    ts_write_file(p, data, strlen(data));
    free(p);
}

static void test_index_and_rank(void **state) {
    env *e = *state;
    size_t problems;
    lt_index_summary s = index_folder(e, &problems);
    lt_results *r;
    assert_int_equal(s.doc_count, FIXTURE_POSTS);
    assert_int_equal(s.run.files_total, 6);
    assert_int_equal(s.run.files_failed, 1);   /* neither_style.txt */
    assert_int_equal(problems, 1);

    r = search(e, "connected persons assessment grandparents", NULL);
    assert_true(r->n_hits >= 1);
    assert_string_equal(r->hits[0].doc, "postby_profile_quote.txt#2");
    assert_string_equal(r->hits[0].thread, "postby_profile_quote.txt");
    assert_int_equal(r->hits[0].post, 2);
    assert_int_equal(r->hits[0].role, LT_ROLE_ADVISER);
    assert_string_equal(r->hits[0].date, "2019-03-05T11:40");
    assert_string_equal(r->hits[0].title, "Grandparents asking to care for baby");
    assert_non_null(strstr(r->hits[0].snippet, "<mark>connected</mark> <mark>persons</mark> "
                                               "<mark>assessment</mark>"));
    assert_int_equal(r->hits[0].rank, 1);
    assert_null(r->corrected);
    lt_results_free(r);
}

static void test_collapse_one_result_per_thread(void **state) {
    env *e = *state;
    size_t problems, i, j;
    lt_results *r;
    index_folder(e, &problems);
    r = search(e, "core group meeting tuesday afternoon", NULL);
    assert_true(r->n_hits >= 1);
    assert_string_equal(r->hits[0].thread, "posted_plain.txt");
    assert_true(r->hits[0].more_in_thread >= 1);
    for (i = 0; i < r->n_hits; i++)
        for (j = i + 1; j < r->n_hits; j++)
            assert_string_not_equal(r->hits[i].thread, r->hits[j].thread);
    lt_results_free(r);
}

/* A thread with more matching posts than are fetched to rank a page:
 * its count is every match, not those fetched. */
static void test_more_in_thread_counts_every_match(void **state) {
    env *e = *state;
    size_t problems, i;
    lt_search_options o;
    lt_results *r;
    lt_buf line;
    lt_buf_init(&line, 1 << 20);
    lt_buf_append_str(&line, "{\"id\":\"long-thread\",\"title\":\"Contact at the hedgehog "
                             "centre\",\"posts\":[");
    for (i = 1; i <= 60; i++)
        lt_buf_appendf(&line, "%s{\"position\":%zu,\"author\":\"parent%zu\",\"date\":"
                              "\"2021-05-%02zuT10:00\",\"text\":\"Another week of supervised "
                              "contact at the hedgehog centre, visit %zu.\"}",
                       i > 1 ? "," : "", i, i % 4, i % 28 + 1, i);
    lt_buf_append_str(&line, "]}\n");
    assert_int_equal(lt_buf_status(&line), LT_OK);
    rewrite(e, "long.jsonl", line.data);
    lt_buf_release(&line);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    o.limit = 1;   /* ranking then fetches 40 posts of the 60 */
    r = search(e, "hedgehog centre visit", &o);
    assert_int_equal(r->n_hits, 1);
    assert_string_equal(r->hits[0].thread, "long-thread");
    assert_int_equal(r->hits[0].more_in_thread, 59);
    lt_results_free(r);
}

/* Writes `decoys` posts saying the words of "family group conference"
 * often but never in that order, and `phrases` posts saying the phrase
 * once: the decoys weigh more, so for a small fetch the words' best posts
 * are all decoys and the whole query is matched; for a large one they are
 * every post of the words (lt_match.h). */
static void write_phrase_corpus(const env *e, size_t decoys, size_t phrases) {
    lt_buf lines;
    size_t i;
    lt_buf_init(&lines, 1 << 20);
    for (i = 1; i <= decoys; i++)
        lt_buf_appendf(&lines, "{\"id\":\"decoy-%zu\",\"title\":\"Meeting %zu\",\"posts\":["
                               "{\"position\":1,\"author\":\"parent%zu\",\"text\":\"The conference "
                               "for the family, a conference of the group, the family at the "
                               "conference, group after group, family %zu.\"}]}\n",
                       i, i, i, i);
    for (i = 1; i <= phrases; i++)
        lt_buf_appendf(&lines, "{\"id\":\"phrase-%zu\",\"title\":\"Monday %zu\",\"posts\":["
                               "{\"position\":1,\"author\":\"mum%zu\",\"text\":\"We went to the "
                               "family group conference on Monday with the social worker, "
                               "week %zu.\"}]}\n",
                       i, i, i, i);
    assert_int_equal(lt_buf_status(&lines), LT_OK);
    rewrite(e, "phrases.jsonl", lines.data);
    lt_buf_release(&lines);
}

/* The best posts of a query with a quoted phrase, checked on the best
 * posts of its words, are those of the whole query, in the same order and
 * with the same weights, however many posts are fetched: when the decoys
 * outweigh the phrase's posts, and when a word only those hold lifts them.
 * `holding` posts match the whole query (0: not checked). */
static void check_phrase_query(xc_database *db, const char *text, uint32_t holding) {
    static const uint32_t fetches[] = {1, 2, 5, 13, 40, 100};
    lt_parsed_query pq;
    lt_stemmer *stemmer = lt_stemmer_new();
    xc_query *match, *checks, *evidence, *titles, *pair[2], *whole;
    xc_error xe;
    lt_error err;
    size_t f;
    assert_int_equal(lt_query_parse(text, &pq), LT_OK);
    assert_int_equal(lt_query_build(&pq, &lt_profile_default, NULL, stemmer, &match, &checks,
                                    &evidence, &titles, NULL, &err),
                     LT_OK);
    assert_non_null(checks);
    pair[0] = match;
    pair[1] = checks;
    assert_int_equal(xc_query_new_op(XC_OP_FILTER, pair, 2, 0, &whole, &xe), XC_OK);
    for (f = 0; f < sizeof fetches / sizeof *fetches; f++) {
        lt_match m;
        xc_enquire *enq;
        xc_mset *want;
        uint32_t i;
        assert_int_equal(xc_enquire_new(db, &enq, &xe), XC_OK);
        assert_int_equal(xc_enquire_set_query(enq, whole, &xe), XC_OK);
        assert_int_equal(xc_enquire_set_bm25(enq, lt_profile_default.k1, 0.0, 1.0,
                                             lt_profile_default.b, 0.5, &xe),
                         XC_OK);
        assert_int_equal(xc_enquire_mset(enq, 0, fetches[f], 0, &want, &xe), XC_OK);
        assert_int_equal(lt_match_run(db, match, checks, fetches[f], &lt_profile_default, &m, &xe),
                         LT_OK);
        assert_int_equal(xc_mset_size(m.mset), xc_mset_size(want));
        if (holding)
            assert_int_equal(xc_mset_size(want), fetches[f] < holding ? fetches[f] : holding);
        for (i = 0; i < xc_mset_size(want); i++) {
            xc_mset_item a, b;
            assert_int_equal(xc_mset_item_get(want, i, &a, &xe), XC_OK);
            assert_int_equal(xc_mset_item_get(m.mset, i, &b, &xe), XC_OK);
            assert_int_equal(a.docid, b.docid);
            assert_true(a.weight == b.weight);
        }
        /* Fewer than fetched: every post of the words was a candidate. */
        if (holding && fetches[f] > holding) assert_int_equal(m.posts_estimate, holding);
        lt_match_release(&m);
        xc_mset_free(want);
        xc_enquire_free(enq);
    }
    xc_query_free(whole);
    xc_query_free(match);
    xc_query_free(checks);
    xc_query_free(evidence);
    xc_query_free(titles);
    lt_parsed_query_release(&pq);
    lt_stemmer_free(stemmer);
}

static void test_phrase_checked_on_best_posts(void **state) {
    env *e = *state;
    const char *paths[1];
    size_t problems;
    xc_database *db;
    xc_error xe;
    write_phrase_corpus(e, 60, 6);
    index_folder(e, &problems);
    paths[0] = e->db;
    assert_int_equal(xc_database_open(paths, 1, &db, &xe), XC_OK);
    check_phrase_query(db, "\"family group conference\"", 6);
    check_phrase_query(db, "\"family group conference\" monday", 6);
    xc_database_free(db);
}

/* Through the searcher: a page of the phrase's threads only, counted. */
static void test_phrase_search_finds_rare_phrase(void **state) {
    env *e = *state;
    size_t problems, i;
    lt_search_options o;
    lt_results *r;
    write_phrase_corpus(e, 100, 6);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    o.limit = 1;   /* 40 posts fetched: the words' best 80 are all decoys */
    r = search(e, "\"family group conference\"", &o);
    assert_int_equal(r->n_hits, 1);
    assert_int_equal(strncmp(r->hits[0].thread, "phrase-", 7), 0);
    assert_int_equal(r->total, 6);
    lt_results_free(r);
    o.limit = 10;
    r = search(e, "\"family group conference\"", &o);
    assert_int_equal(r->n_hits, 6);
    for (i = 0; i < r->n_hits; i++) assert_int_equal(strncmp(r->hits[i].thread, "phrase-", 7), 0);
    lt_results_free(r);
}

/* Through the searcher: an excluded phrase leaves out the posts saying
 * it, however well their words rank (monday is theirs alone), and keeps
 * those saying its words in another order. */
static void test_excluded_phrase_leaves_its_posts_out(void **state) {
    env *e = *state;
    size_t problems, i;
    lt_search_options o;
    lt_results *r;
    write_phrase_corpus(e, 100, 6);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    r = search(e, "monday conference -\"family group conference\"", &o);
    assert_int_equal(r->n_hits, 10);
    for (i = 0; i < r->n_hits; i++) assert_int_equal(strncmp(r->hits[i].thread, "decoy-", 6), 0);
    lt_results_free(r);
}

/* More posts match than are fetched to rank a page, so the total is an
 * estimate: of threads, never more than the index holds. Each of 20
 * threads says the word in all of its 5 posts, the first post most often,
 * so the best posts come from as many threads as posts; the fixtures' 5
 * threads do not say it. */
static void test_total_estimates_threads(void **state) {
    env *e = *state;
    size_t problems, t, p;
    lt_search_options o;
    lt_results *r;
    lt_buf lines;
    lt_buf_init(&lines, 1 << 20);
    for (t = 1; t <= 20; t++) {
        lt_buf_appendf(&lines, "{\"id\":\"walrus-%zu\",\"title\":\"Question %zu\",\"posts\":[",
                       t, t);
        for (p = 1; p <= 5; p++)
            lt_buf_appendf(&lines, "%s{\"position\":%zu,\"author\":\"parent%zu\",\"date\":"
                                   "\"2021-05-%02zuT10:00\",\"text\":\"The walrus keeper came "
                                   "round again%s, visit %zu of %zu.\"}",
                           p > 1 ? "," : "", p, p, t,
                           p == 1 ? ": walrus this and walrus that, the walrus says" : "", p, t);
        lt_buf_append_str(&lines, "]}\n");
    }
    assert_int_equal(lt_buf_status(&lines), LT_OK);
    rewrite(e, "walrus.jsonl", lines.data);
    lt_buf_release(&lines);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    o.limit = 1;   /* 40 posts fetched of the 100 that match */
    r = search(e, "walrus", &o);
    assert_int_equal(r->n_hits, 1);
    /* Scaling the posts' estimate by the threads among the posts fetched
     * said 100; the index holds 25 threads, 20 of them matching. */
    assert_in_range(r->total, 20, 25);
    lt_results_free(r);
}

/* The estimate itself: between the posts' estimate (a thread a post) and
 * the posts clustered as the index's are, never more threads than the
 * index holds, never fewer than were seen. */
static void test_total_estimate_bounds(void **state) {
    (void)state;
    assert_int_equal(lt_total_estimate(1000, 3, 1.0, 5000), 1000);    /* a post a thread */
    assert_int_equal(lt_total_estimate(1000, 3, 0.25, 100000), 500);  /* sqrt(1000 x 250) */
    assert_int_equal(lt_total_estimate(1000, 3, 0.25, 1000), 250);    /* the index's threads */
    assert_int_equal(lt_total_estimate(10, 40, 0.25, 1000), 40);      /* the threads seen */
    assert_int_equal(lt_total_estimate(1000, 3, 0.0, 1000), 1000);    /* ratio unknown */
}

/* Title words are weighed after the match (lt_rank_titles): two threads
 * whose posts say the same, one titled with the query's words, rank that
 * one first, and its reply gets the title's weight as its question does. */
static void test_title_lifts_its_thread(void **state) {
    env *e = *state;
    size_t problems;
    lt_results *r;
    rewrite(e, "titles.jsonl",
            "{\"id\":\"untitled\",\"title\":\"A question\",\"posts\":["
            "{\"position\":1,\"author\":\"a\",\"date\":\"2021-01-01T10:00\","
            "\"text\":\"The badger panel meets on Monday about the walrus.\"}]}\n"
            "{\"id\":\"titled\",\"title\":\"Badger panel and walrus\",\"posts\":["
            "{\"position\":1,\"author\":\"b\",\"date\":\"2021-01-01T10:00\","
            "\"text\":\"The badger panel meets on Monday about the walrus.\"},"
            "{\"position\":2,\"author\":\"c\",\"date\":\"2021-01-02T10:00\","
            "\"text\":\"The badger panel meets on Monday about the walrus, and then "
            "again the next week to decide.\"}]}\n");
    index_folder(e, &problems);
    r = search(e, "badger walrus", NULL);
    assert_true(r->n_hits >= 2);
    assert_string_equal(r->hits[0].thread, "titled");
    assert_string_equal(r->hits[1].thread, "untitled");
    assert_true(r->hits[0].score > r->hits[1].score);
    lt_results_free(r);
    /* The reply alone, by its own words and the title's. */
    r = search(e, "badger walrus decide", NULL);
    assert_true(r->n_hits >= 1);
    assert_string_equal(r->hits[0].thread, "titled");
    assert_int_equal(r->hits[0].post, 2);
    lt_results_free(r);
}

/* A thread whose title holds every word of the query is found even when
 * the words of its posts alone would not fetch it: 60 decoys say both
 * words in their posts, under titles that say neither, and take the 40
 * posts fetched for the first page by their own words. The titled thread's
 * post says one of the words; its title says both, which no decoy's does.
 * Its score is the one it gets with its title weighed in the match (no
 * title weighed twice). */
static void test_title_holding_every_word_is_found(void **state) {
    env *e = *state;
    size_t problems, t;
    lt_search_options o;
    lt_rank_profile in_match = lt_profile_default;
    lt_results *r;
    double score;
    lt_buf lines;
    lt_buf_init(&lines, 1 << 16);
    for (t = 1; t <= 60; t++)
        lt_buf_appendf(&lines,
                       "{\"id\":\"decoy-%zu\",\"title\":\"Question %zu\",\"posts\":["
                       "{\"position\":1,\"author\":\"parent%zu\",\"date\":"
                       "\"2021-05-01T10:00\",\"text\":\"The badger came round, and the walrus "
                       "came with it, visit %zu.\"}]}\n",
                       t, t, t, t);
    lt_buf_append_str(&lines,
                      "{\"id\":\"titled\",\"title\":\"Badger and walrus\",\"posts\":["
                      "{\"position\":1,\"author\":\"asker\",\"date\":\"2021-05-02T10:00\","
                      "\"text\":\"What does the badger want from us now?\"}]}\n");
    assert_int_equal(lt_buf_status(&lines), LT_OK);
    rewrite(e, "titled.jsonl", lines.data);
    lt_buf_release(&lines);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    o.limit = 1;
    r = search(e, "badger walrus", &o);
    assert_int_equal(r->n_hits, 1);
    assert_string_equal(r->hits[0].thread, "titled");
    score = r->hits[0].score;
    lt_results_free(r);
    in_match.titles_after = 0;
    o.profile = &in_match;
    r = search(e, "badger walrus", &o);
    assert_int_equal(r->n_hits, 1);
    assert_string_equal(r->hits[0].thread, "titled");
    assert_true(fabs(r->hits[0].score - score) <= 1e-9 * score);
    lt_results_free(r);
}

/* The threads of a page are ranked on the posts fetched, and more posts
 * fetched rank other threads higher; a page must still be a slice of one
 * ranking. Here 40 threads say both words in a short post, and 20 say
 * them in a longer post under a title naming one of them: the
 * posts fetched for the first page are all of the first kind, and the
 * titles lift the second kind above them once fetched. Pages of 10 and of
 * 7, one after another, are the first 60 of one search for 60: every
 * matching thread once. */
static void test_pages_are_slices_of_one_ranking(void **state) {
    env *e = *state;
    size_t problems, t, i, n_all;
    lt_search_options o;
    lt_results *all, *r;
    lt_buf lines;
    static const unsigned sizes[] = {10, 7};
    lt_buf_init(&lines, 1 << 16);
    for (t = 1; t <= 40; t++)
        lt_buf_appendf(&lines,
                       "{\"id\":\"often-%zu\",\"title\":\"Question %zu\",\"posts\":["
                       "{\"position\":1,\"author\":\"parent%zu\",\"date\":"
                       "\"2021-05-01T10:00\",\"text\":\"The badger met the walrus, %zu.\"}]}\n",
                       t, t, t, t);
    for (t = 1; t <= 20; t++)
        lt_buf_appendf(&lines,
                       "{\"id\":\"titled-%zu\",\"title\":\"Walrus trouble %zu\",\"posts\":["
                       "{\"position\":1,\"author\":\"carer%zu\",\"date\":"
                       "\"2021-05-02T10:00\",\"text\":\"We had a long week with the school, the "
                       "doctor and the housing office, and then the badger came round with the "
                       "walrus and a letter about the meeting next month, %zu.\"}]}\n",
                       t, t, t, t);
    assert_int_equal(lt_buf_status(&lines), LT_OK);
    rewrite(e, "pages.jsonl", lines.data);
    lt_buf_release(&lines);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    o.limit = 60;
    all = search(e, "badger walrus", &o);
    n_all = all->n_hits;
    assert_int_equal(n_all, 60);
    for (i = 0; i < n_all; i++) {
        size_t j;
        for (j = 0; j < i; j++) assert_string_not_equal(all->hits[i].thread, all->hits[j].thread);
    }
    for (t = 0; t < sizeof sizes / sizeof *sizes; t++) {
        o.limit = sizes[t];
        for (o.offset = 0; o.offset < n_all; o.offset += o.limit) {
            r = search(e, "badger walrus", &o);
            assert_int_equal(r->n_hits, n_all - o.offset < o.limit ? n_all - o.offset : o.limit);
            for (i = 0; i < r->n_hits; i++) {
                assert_string_equal(r->hits[i].thread, all->hits[o.offset + i].thread);
                assert_int_equal(r->hits[i].rank, o.offset + i + 1);
            }
            lt_results_free(r);
        }
    }
    /* The first page is the first tier's: the posts it fetched are all
     * of the first kind. The titled threads, scoring above them once
     * fetched, come next; the scores shown still fall as ranks rise. */
    for (i = 0; i < 10; i++) assert_int_equal(strncmp(all->hits[i].thread, "often-", 6), 0);
    assert_int_equal(strncmp(all->hits[10].thread, "titled-", 7), 0);
    for (i = 1; i < n_all; i++) assert_true(all->hits[i].score <= all->hits[i - 1].score);
    lt_results_free(all);
}

/* Long threads can fill the posts the first tier ranks: 5 threads of 20
 * posts, each post saying the word often, take the first 40; 10 threads
 * saying it once still fill the first page, ranked after them. */
static void test_long_threads_leave_a_full_page(void **state) {
    env *e = *state;
    size_t problems, t, p;
    lt_search_options o;
    lt_results *r;
    lt_buf lines;
    lt_buf_init(&lines, 1 << 16);
    for (t = 1; t <= 5; t++) {
        lt_buf_appendf(&lines, "{\"id\":\"long-%zu\",\"title\":\"Question %zu\",\"posts\":[",
                       t, t);
        for (p = 1; p <= 20; p++)
            lt_buf_appendf(&lines,
                           "%s{\"position\":%zu,\"author\":\"parent%zu\",\"text\":\"The "
                           "walrus, the walrus, the walrus again, %zu.\"}",
                           p > 1 ? "," : "", p, p, p);
        lt_buf_append_str(&lines, "]}\n");
    }
    for (t = 1; t <= 10; t++)
        lt_buf_appendf(&lines,
                       "{\"id\":\"short-%zu\",\"title\":\"Note %zu\",\"posts\":["
                       "{\"position\":1,\"author\":\"carer%zu\",\"text\":\"We spoke about "
                       "the school and the housing and then, once, the walrus, %zu.\"}]}\n",
                       t, t, t, t);
    assert_int_equal(lt_buf_status(&lines), LT_OK);
    rewrite(e, "long.jsonl", lines.data);
    lt_buf_release(&lines);
    index_folder(e, &problems);
    lt_search_options_init(&o);
    r = search(e, "walrus", &o);
    assert_int_equal(r->n_hits, 10);
    for (t = 0; t < 5; t++) assert_int_equal(strncmp(r->hits[t].thread, "long-", 5), 0);
    for (t = 5; t < 10; t++) assert_int_equal(strncmp(r->hits[t].thread, "short-", 6), 0);
    assert_int_equal(r->total, 15);
    lt_results_free(r);
}

/* An adviser's answer whose words weigh a little less than forty other
 * posts' reaches page one by its prior: the prior is in the match, not
 * applied to the posts fetched alone (lt_rank.h), which here would be the
 * forty others. */
static void test_prior_brings_up_an_answer_past_the_posts_fetched(void **state) {
    env *e = *state;
    size_t problems, t;
    lt_results *r;
    lt_buf lines;
    lt_buf_init(&lines, 1 << 16);
    for (t = 1; t <= 45; t++)
        lt_buf_appendf(&lines,
                       "{\"id\":\"seen-%zu\",\"title\":\"Note %zu\",\"posts\":["
                       "{\"position\":1,\"author\":\"parent%zu\",\"text\":\"An otter "
                       "swam past the mill, %zu.\"}]}\n",
                       t, t, t, t);
    lt_buf_append_str(&lines,
                      "{\"id\":\"answer\",\"title\":\"Note 0\",\"posts\":["
                      "{\"position\":1,\"author\":\"Ann, Family Adviser\",\"text\":\"An "
                      "otter swam past the old mill by the weir.\"}]}\n");
    assert_int_equal(lt_buf_status(&lines), LT_OK);
    rewrite(e, "otters.jsonl", lines.data);
    lt_buf_release(&lines);
    index_folder(e, &problems);
    r = search(e, "otter", NULL);
    assert_int_equal(r->n_hits, 10);
    assert_string_equal(r->hits[0].thread, "answer");
    assert_int_equal(r->hits[0].role, LT_ROLE_ADVISER);
    /* Its words alone weigh less than the others': the prior lifts it. */
    assert_true(r->hits[0].score < 1.3 * r->hits[1].score);
    assert_true(r->hits[0].score > r->hits[1].score);
    lt_results_free(r);
}

static void test_filters(void **state) {
    env *e = *state;
    size_t problems, i;
    lt_search_options o;
    lt_results *r;
    index_folder(e, &problems);
    lt_search_options_init(&o);
    o.role_filter = LT_ROLE_ADVISER;
    r = search(e, "social worker plan", &o);
    assert_true(r->n_hits >= 2);
    for (i = 0; i < r->n_hits; i++) assert_int_equal(r->hits[i].role, LT_ROLE_ADVISER);
    lt_results_free(r);

    lt_search_options_init(&o);
    memcpy(o.date_from, "2024-01-01T00:00", LT_DATE_SIZE);
    r = search(e, "social worker solicitor services", &o);
    assert_true(r->n_hits >= 1);
    for (i = 0; i < r->n_hits; i++) assert_true(strcmp(r->hits[i].date, "2024") > 0);
    lt_results_free(r);
}

static void test_malformed_query_is_searched(void **state) {
    env *e = *state;
    size_t problems;
    lt_results *r;
    index_folder(e, &problems);
    r = search(e, "core group AND", NULL);
    assert_true(r->n_hits >= 1);
    lt_results_free(r);
    r = search(e, "((( \"unclosed -", NULL);
    lt_results_free(r);
}

static void test_reindex_same_count(void **state) {
    env *e = *state;
    size_t problems;
    lt_index_summary s;
    index_folder(e, &problems);
    s = index_folder(e, &problems);
    assert_int_equal(s.doc_count, FIXTURE_POSTS);
    assert_int_equal(s.docs_removed, FIXTURE_POSTS);
}

static void test_edit_replaces_text(void **state) {
    env *e = *state;
    size_t problems;
    char *path = ts_path(e->in, "posted_plain.txt"), *data, *p;
    lt_results *r;
    index_folder(e, &problems);
    data = ts_read_file(path, NULL);
    p = strstr(data, "afternoon");
    assert_non_null(p);
    memcpy(p, "weekend!!", 9);
    rewrite(e, "posted_plain.txt", data);
    index_folder(e, &problems);
    r = search(e, "weekend", NULL);
    assert_int_equal(r->n_hits, 1);
    assert_string_equal(r->hits[0].doc, "posted_plain.txt#3");
    lt_results_free(r);
    r = search(e, "afternoon", NULL);
    assert_int_equal(r->n_hits, 0);
    lt_results_free(r);
    free(data);
    free(path);
}

/* "afternoon", a word only post 3 of posted_plain.txt uses, is gone from
 * results and from "did you mean". */
static void assert_afternoon_gone(const env *e) {
    lt_results *r = search(e, "afternoon", NULL);
    assert_int_equal(r->n_hits, 0);
    lt_results_free(r);
    r = search(e, "afternon", NULL);
    assert_null(r->corrected);
    lt_results_free(r);
}

static void test_vanished_post_leaves_no_trace(void **state) {
    env *e = *state;
    size_t problems;
    char *path = ts_path(e->in, "posted_plain.txt"), *data, *cut;
    lt_results *r;
    lt_index_summary s;
    index_folder(e, &problems);
    /* A misspelling of a word only post 3 uses is corrected to it … */
    r = search(e, "afternon", NULL);
    assert_non_null(r->corrected);
    assert_string_equal(r->corrected, "afternoon");
    lt_results_free(r);
    /* … until post 3 is removed from the thread. */
    data = ts_read_file(path, NULL);
    cut = strstr(data, "\nRe: Core group meeting next week\n\nPosted: Thu Oct 15");
    assert_non_null(cut);
    *cut = '\0';
    rewrite(e, "posted_plain.txt", data);
    s = index_folder(e, &problems);
    assert_int_equal(s.doc_count, FIXTURE_POSTS - 1);
    assert_afternoon_gone(e);
    free(data);
    free(path);
}

/* A thread removed by id goes from results and from "did you mean"; an id
 * the index lacks is reported, not an error. */
static void test_remove_thread_leaves_no_trace(void **state) {
    env *e = *state;
    size_t problems;
    const char *ids[2] = {"posted_plain.txt", "no-such-thread.txt"};
    lt_index_options o;
    lt_index_summary s;
    index_folder(e, &problems);
    memset(&o, 0, sizeof o);
    o.remove = ids;
    o.n_remove = 2;
    s = index_with(e, 0, o, &problems);
    assert_int_equal(s.threads_removed, 1);
    assert_int_equal(s.posts_removed, 3);
    assert_int_equal(s.doc_count, FIXTURE_POSTS - 3);
    assert_non_null(s.remove_missing);
    assert_int_equal(s.remove_missing[0], 0);
    assert_int_equal(s.remove_missing[1], 1);
    free(s.remove_missing);
    assert_afternoon_gone(e);
}

/* A prune removes the threads of files gone from the inputs, and only
 * those, and only when every input was read. */
static void test_prune_removes_vanished_files(void **state) {
    env *e = *state;
    size_t problems;
    char *bad = ts_path(e->in, "neither_style.txt"), *plain = ts_path(e->in, "posted_plain.txt");
    lt_index_options o;
    lt_index_summary s;
    index_folder(e, &problems);
    memset(&o, 0, sizeof o);
    o.prune = 1;
    /* neither_style.txt is skipped: its thread could still be in the
     * archive, so nothing is pruned. */
    assert_int_equal(remove(plain), 0);
    s = index_with(e, 1, o, &problems);
    assert_non_null(s.prune_refused);
    assert_int_equal(s.threads_removed, 0);
    assert_int_equal(s.doc_count, FIXTURE_POSTS);
    assert_int_equal(remove(bad), 0);
    s = index_with(e, 1, o, &problems);
    assert_null(s.prune_refused);
    assert_int_equal(problems, 0);
    assert_int_equal(s.threads_removed, 1);
    assert_int_equal(s.doc_count, FIXTURE_POSTS - 3);
    assert_afternoon_gone(e);
    /* Inputs that hold no thread would empty the index: refused. */
    s = index_with(e, 0, o, &problems);
    assert_non_null(s.prune_refused);
    assert_int_equal(s.doc_count, FIXTURE_POSTS - 3);
    free(bad);
    free(plain);
}

/* A thread replaced within one batch: its first version's words were never
 * given to Xapian's spelling data, and must not arrive there later. */
static void test_replaced_within_a_batch_leaves_no_spelling(void **state) {
    env *e = *state;
    lt_writer *w;
    lt_writer_options o = {.no_sync = 1, .create = 1};
    lt_thread *t = lt_thread_new();
    lt_post *p;
    lt_error err;
    lt_results *r;
    assert_non_null(t);
    lt_set_string(&t->id, "same.txt", 8);
    lt_set_string(&t->title, "Title", 5);
    assert_int_equal(lt_thread_add_post(t, &p), LT_OK);
    lt_set_string(&p->text, "zanzibarfirst and zanzibarfirst again", 37);
    assert_int_equal(lt_writer_open(e->db, &o, &w, &err), LT_OK);
    assert_int_equal(lt_writer_add_thread(w, t, &err), LT_OK);
    lt_set_string(&p->text, "second version only", 19);
    assert_int_equal(lt_writer_add_thread(w, t, &err), LT_OK);
    assert_int_equal(lt_writer_close(w, &err), LT_OK);
    lt_thread_free(t);
    r = search(e, "zanzibarfirs", NULL);
    assert_null(r->corrected);
    assert_int_equal(r->n_hits, 0);
    lt_results_free(r);
    r = search(e, "secnd version", NULL);
    assert_string_equal(r->corrected, "second version");
    lt_results_free(r);
}

static void test_hostile_text_is_escaped(void **state) {
    env *e = *state;
    size_t problems, i;
    lt_results *r;
    char *json;
    rewrite(e, "xss.txt",
            "Page 1 of 1\n\n<b>Title</b> with <script>alert(1)</script>\n\n"
            "Posted: Mon Jun 02, 2025 9:00 am\nby <img src=x onerror=alert(2)>\n"
            "<script>alert(3)</script> my contact with <img src=x onerror=alert(4)> kids\n");
    index_folder(e, &problems);
    r = search(e, "contact kids", NULL);
    for (i = 0; i < r->n_hits && strcmp(r->hits[i].doc, "xss.txt#1") != 0; i++) {}
    assert_true(i < r->n_hits);
    assert_null(strstr(r->hits[i].snippet, "<script"));
    assert_null(strstr(r->hits[i].snippet, "<img"));
    assert_non_null(strstr(r->hits[i].snippet, "&lt;script&gt;alert(3)&lt;/script&gt;"));
    /* Title and author are plain text in the JSON: the page escapes them. */
    assert_string_equal(r->hits[i].author, "<img src=x onerror=alert(2)>");
    json = lt_results_to_json_string(r);
    assert_non_null(json);
    free(json);
    lt_results_free(r);
}

static void test_json_contract(void **state) {
    env *e = *state;
    size_t problems, i;
    lt_results *r;
    char *s;
    json_t *o, *hit;
    json_error_t jerr;
    static const char *const top[] = {"query", "corrected", "total", "took_ms", "results"};
    static const char *const fields[] = {"rank", "score", "doc", "thread", "post", "title",
                                         "author", "role", "date", "url", "snippet",
                                         "more_in_thread"};
    index_folder(e, &problems);
    r = search(e, "soical worker", NULL);
    s = lt_results_to_json_string(r);
    o = json_loads(s, 0, &jerr);
    assert_non_null(o);
    for (i = 0; i < sizeof top / sizeof *top; i++)
        if (!json_object_get(o, top[i])) fail_msg("missing \"%s\"", top[i]);
    assert_string_equal(json_string_value(json_object_get(o, "query")), "soical worker");
    assert_string_equal(json_string_value(json_object_get(o, "corrected")), "social worker");
    assert_true(json_is_integer(json_object_get(o, "total")));
    assert_true(json_is_number(json_object_get(o, "took_ms")));
    hit = json_array_get(json_object_get(o, "results"), 0);
    assert_non_null(hit);
    for (i = 0; i < sizeof fields / sizeof *fields; i++)
        if (!json_object_get(hit, fields[i])) fail_msg("missing results[0].\"%s\"", fields[i]);
    assert_true(json_is_integer(json_object_get(hit, "rank")));
    assert_true(json_is_real(json_object_get(hit, "score")));
    assert_true(json_is_integer(json_object_get(hit, "post")));
    assert_true(json_is_null(json_object_get(hit, "url")));
    assert_true(json_is_integer(json_object_get(hit, "more_in_thread")));
    json_decref(o);
    free(s);
    lt_results_free(r);
}

static void test_writer_lock(void **state) {
    env *e = *state;
    lt_writer *w1, *w2 = NULL;
    lt_writer_options o = {.no_sync = 1, .create = 1};
    lt_error err;
    assert_int_equal(lt_writer_open(e->db, &o, &w1, &err), LT_OK);
    assert_int_equal(lt_writer_open(e->db, &o, &w2, &err), LT_ELOCKED);
    assert_null(w2);
    assert_non_null(strstr(err.message, e->db));
    assert_int_equal(lt_writer_close(w1, &err), LT_OK);
}

static void test_missing_index(void **state) {
    env *e = *state;
    const char *paths[1];
    lt_searcher *s = NULL;
    lt_error err;
    paths[0] = e->db;   /* never created in this test */
    assert_int_equal(lt_searcher_open(paths, 1, &s, &err), LT_ENOTFOUND);
    assert_null(s);
    assert_non_null(strstr(err.message, e->db));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index_and_rank, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collapse_one_result_per_thread, setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_in_thread_counts_every_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_checked_on_best_posts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phrase_search_finds_rare_phrase, setup, teardown),
        cmocka_unit_test_setup_teardown(test_excluded_phrase_leaves_its_posts_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_total_estimates_threads, setup, teardown),
        cmocka_unit_test(test_total_estimate_bounds),
        cmocka_unit_test_setup_teardown(test_title_lifts_its_thread, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_holding_every_word_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages_are_slices_of_one_ranking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prior_brings_up_an_answer_past_the_posts_fetched,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_threads_leave_a_full_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_query_is_searched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reindex_same_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_replaces_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vanished_post_leaves_no_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replaced_within_a_batch_leaves_no_spelling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_thread_leaves_no_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prune_removes_vanished_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_text_is_escaped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_contract, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writer_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_index, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
