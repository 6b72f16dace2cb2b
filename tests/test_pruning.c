/* test_pruning.c — the BM25 sources skip documents that cannot reach the
 * results (xc_lengths.h: WAND over the clauses of an OR, with bounds over
 * the whole index and over blocks of docids). Whatever they skip, the best
 * k documents must be those of weighing every document: same documents,
 * same order, same weights; and the sources' weights must be Xapian's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "xc.h"

/* Enough documents for many blocks of docids (xc_lengths.h's kBlock). */
#define N_DOCS 3000
#define N_WORDS 40
/* Documents a match may give: the index, and those a test adds. */
#define MAX_MATCHES (N_DOCS + 256)
/* Room to keep every list of the test's index in memory. */
#define KEEP_BUDGET ((size_t)64 << 20)

static const char *const classes[2] = {"XTYPEfaq", "XROLEadviser"};
static const double factors[2] = {1.0, 1.3};
/* The same classes with a larger factor: bounds kept for the first must
 * not serve it. */
static const double larger_factors[2] = {1.0, 2.5};

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rng(void) {
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

/* A word of the vocabulary, the first ones far more often (Zipf-like):
 * common words in most documents, rare ones in a few, some in bursts. */
static unsigned pick_word(void) {
    double u = (rng() + 0.5) / 2147483648.0;
    unsigned w = (unsigned)(pow((double)N_WORDS + 1, u)) - 1;
    return w < N_WORDS ? w : N_WORDS - 1;
}

static xc_database *build(const char *path) {
    const char *paths[1] = {path};
    xc_writable *w;
    xc_termgen *tg;
    xc_database *db;
    xc_error e;
    char text[4096];
    size_t i;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    for (i = 0; i < N_DOCS; i++) {
        xc_document *doc;
        char unique[16];
        size_t len = 0, words = 3 + rng() % 120, k;
        for (k = 0; k < words; k++)
            len += (size_t)snprintf(text + len, sizeof text - len, "w%u ", pick_word());
        /* A rare word now and then, many times over: a high wdf; once,
         * past what a byte holds (xc_postings.h keeps larger ones apart). */
        if (rng() % 50 == 0)
            for (k = 0; k < 1 + rng() % 8; k++)
                len += (size_t)snprintf(text + len, sizeof text - len, "w%u ", N_WORDS - 1);
        if (i == 7)
            for (k = 0; k < 300; k++)
                len += (size_t)snprintf(text + len, sizeof text - len, "w%u ", N_WORDS - 1);
        snprintf(unique, sizeof unique, "Q%zu", i);
        assert_int_equal(xc_document_new(&doc, &e), XC_OK);
        assert_int_equal(xc_termgen_set_document(tg, doc, &e), XC_OK);
        assert_int_equal(xc_termgen_index_text(tg, text, len, 1, "", &e), XC_OK);
        assert_int_equal(xc_document_add_boolean_term(doc, unique, &e), XC_OK);
        if (i % 37 == 0) assert_int_equal(xc_document_add_boolean_term(doc, classes[0], &e), XC_OK);
        if (i % 5 == 0) assert_int_equal(xc_document_add_boolean_term(doc, classes[1], &e), XC_OK);
        assert_int_equal(xc_writable_replace(w, unique, doc, NULL, &e), XC_OK);
        xc_document_free(doc);
    }
    assert_int_equal(xc_writable_commit(w, &e), XC_OK);
    xc_termgen_free(tg);
    xc_writable_free(w);
    assert_int_equal(xc_database_open(paths, 1, &db, &e), XC_OK);
    return db;
}

/* Closes the index build() made in `dir` (at `path`), removes it, and
 * keeps no postings in memory for the tests after. */
static void release_index(xc_database *db, char *dir, char *path) {
    xc_postings_cache_budget(0);
    xc_database_free(db);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

/* ---- Queries, built from a small notation ---- */

static xc_query *term(unsigned word) {
    char t[16];
    xc_query *q;
    xc_error e;
    snprintf(t, sizeof t, "w%u", word);
    assert_int_equal(xc_query_new_term(t, 1, 0, &q, &e), XC_OK);
    return q;
}

static xc_query *scaled(double f, xc_query *sub) {
    xc_query *q;
    xc_error e;
    assert_int_equal(xc_query_new_scaled(sub, f, &q, &e), XC_OK);
    xc_query_free(sub);
    return q;
}

/* op over subs[0..n) within `window`, which it takes. */
static xc_query *op_of(xc_op o, xc_query **subs, size_t n, unsigned window) {
    xc_query *q;
    xc_error e;
    size_t i;
    assert_int_equal(xc_query_new_op(o, subs, n, window, &q, &e), XC_OK);
    for (i = 0; i < n; i++) xc_query_free(subs[i]);
    return q;
}

/* op over n subqueries, which it takes. */
static xc_query *op(xc_op o, size_t n, ...) {
    xc_query *subs[8];
    va_list ap;
    size_t i;
    va_start(ap, n);
    for (i = 0; i < n; i++) subs[i] = va_arg(ap, xc_query *);
    va_end(ap);
    return op_of(o, subs, n, 0);
}

/* A phrase of n words within `window` positions (0: an exact phrase). */
static xc_query *phrase(unsigned window, size_t n, ...) {
    xc_query *subs[8];
    va_list ap;
    size_t i;
    va_start(ap, n);
    for (i = 0; i < n; i++) subs[i] = term(va_arg(ap, unsigned));
    va_end(ap);
    return op_of(XC_OP_PHRASE, subs, n, window);
}

/* The shapes Lantern's queries take (lt_query.h): words of every
 * frequency, scaled words, ANDs of words (phrases' words, title words),
 * nested ORs, ANDs of ORs (a quoted phrase's words), exclusions, an
 * outer scale, an AND of a word, an OR and a scaled AND, ANDs of ORs and
 * scaled words (one source for the whole AND), phrases in weighed places
 * (their words walked by a source, their positions checked as Xapian
 * checks them). */
static xc_query *make_query(int which) {
    switch (which) {
    case 0: return op(XC_OP_OR, 5, term(0), term(3), term(7), term(15), term(30));
    case 1:
        return op(XC_OP_OR, 5, term(1), scaled(0.6, term(2)),
                  scaled(0.4, op(XC_OP_AND, 2, term(5), term(9))),
                  op(XC_OP_AND, 2, scaled(0.5, term(4)), scaled(0.5, term(11))),
                  op(XC_OP_OR, 2, term(20), scaled(0.5, term(25))));
    case 2: return term(6);
    case 3: return op(XC_OP_OR, 2, term(0), term(1));
    case 4:
        return op(XC_OP_AND, 2, op(XC_OP_OR, 2, term(0), term(8)),
                  op(XC_OP_OR, 2, term(2), scaled(0.5, term(12))));
    case 5: return op(XC_OP_AND_NOT, 2, op(XC_OP_OR, 3, term(0), term(2), term(39)), term(3));
    case 6: return scaled(2.5, op(XC_OP_OR, 3, term(1), term(10), term(39)));
    case 7:
        return op(XC_OP_AND, 3, term(2), op(XC_OP_OR, 2, term(0), scaled(0.5, term(13))),
                  scaled(0.7, op(XC_OP_AND, 2, term(1), term(4))));
    case 8:   /* a quoted phrase's words, each in the post or its title */
        return op(XC_OP_AND, 3, op(XC_OP_OR, 2, term(0), scaled(0.5, term(9))),
                  op(XC_OP_OR, 2, term(1), scaled(0.5, term(14))),
                  scaled(0.8, op(XC_OP_OR, 3, term(3), term(6), scaled(0.5, term(21)))));
    case 9:
        return op(XC_OP_AND, 2, scaled(1.5, term(0)), op(XC_OP_OR, 2, term(2), term(5)));
    case 10:   /* the evidence of word pairs: phrases within windows */
        return op(XC_OP_OR, 4, scaled(0.5, phrase(2, 2, 0, 2)), phrase(4, 2, 3, 5),
                  scaled(0.4, op(XC_OP_OR, 2, phrase(5, 3, 0, 1, 4),
                                 scaled(0.5, phrase(0, 3, 1, 0, 2)))),
                  phrase(3, 2, 2, 1));
    case 11:   /* a word after itself; a window too small for the words */
        return op(XC_OP_OR, 3, phrase(0, 2, 0, 0), phrase(2, 3, 0, 1, 2), term(17));
    case 12:   /* words beside a phrase of a common and a rare word */
        return op(XC_OP_OR, 3, term(1), term(6), scaled(0.5, phrase(6, 2, 0, 33)));
    default: return NULL;
    }
}

/* ---- Matching ---- */

typedef struct scored {
    uint32_t docid;
    double weight;
} scored;

/* The best `k` documents of `q` (k 0: every match, weighed without any
 * pruning: the results never fill). Returns how many; BM25 set as
 * Lantern sets it, or Xapian's own weighing when `as_built`. */
static size_t match(xc_database *db, const xc_query *q, uint32_t k, int as_built, scored *out) {
    xc_enquire *enq;
    xc_mset *m;
    xc_mset_item item;
    xc_error e;
    uint32_t want = k ? k : MAX_MATCHES, i, n;
    assert_int_equal(xc_enquire_new(db, &enq, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q, &e), XC_OK);
    if (!as_built) assert_int_equal(xc_enquire_set_bm25(enq, 1.0, 0.0, 1.0, 0.5, 0.5, &e), XC_OK);
    assert_int_equal(xc_enquire_mset(enq, 0, want, k ? 0 : want, &m, &e), XC_OK);
    n = xc_mset_size(m);
    for (i = 0; i < n; i++) {
        assert_int_equal(xc_mset_item_get(m, i, &item, &e), XC_OK);
        out[i].docid = item.docid;
        out[i].weight = item.weight;
    }
    xc_mset_free(m);
    xc_enquire_free(enq);
    return n;
}

static int by_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int by_docid(const void *a, const void *b) {
    const scored *x = a, *y = b;
    return (x->docid > y->docid) - (x->docid < y->docid);
}

/* The same documents matched as Xapian matches `built`, each weighed the
 * same to the last bits of a sum of doubles (both sorted here). */
static void expect_weighed_as_built(scored *built, size_t n_built, scored *ours, size_t n_ours,
                                    const char *what, int which) {
    size_t i;
    assert_int_equal(n_built, n_ours);
    qsort(built, n_built, sizeof *built, by_docid);
    qsort(ours, n_ours, sizeof *ours, by_docid);
    for (i = 0; i < n_ours; i++) {
        assert_int_equal(built[i].docid, ours[i].docid);
        if (fabs(built[i].weight - ours[i].weight) > 1e-12 * built[i].weight)
            fail_msg("query %d, docid %u: %.17g as built, %.17g %s", which, ours[i].docid,
                     built[i].weight, ours[i].weight, what);
    }
}

/* Every k from the best one to past the last match: the pruned best k
 * are the first k of the full ranking, bit for bit. */
static void check_pruned(xc_database *db, const xc_query *q, const char *what) {
    static const uint32_t ks[] = {1, 2, 3, 5, 10, 20, 40, 100, 400, N_DOCS};
    static scored all[MAX_MATCHES], best[MAX_MATCHES];
    size_t n_all = match(db, q, 0, 0, all), i, j, n;
    assert_true(n_all > 0);
    for (i = 0; i < sizeof ks / sizeof *ks; i++) {
        n = match(db, q, ks[i], 0, best);
        if (n != (ks[i] < n_all ? ks[i] : n_all))
            fail_msg("%s, k %u: %zu results of %zu", what, ks[i], n, n_all);
        for (j = 0; j < n; j++)
            if (best[j].docid != all[j].docid || best[j].weight != all[j].weight)
                fail_msg("%s, k %u, #%zu: docid %u weight %.17g, not %u %.17g", what, ks[i], j,
                         best[j].docid, best[j].weight, all[j].docid, all[j].weight);
    }
}

static void test_pruned_best_are_the_best(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_database *db = build(path);
    int which, with_prior, cached;
    (void)state;
    /* 0: lengths looked up; 1: in memory; 2: postings kept in memory too. */
    for (cached = 0; cached <= 2; cached++) {
        xc_database_cache_lengths(db, cached > 0);
        xc_postings_cache_budget(cached == 2 ? KEEP_BUDGET : 0);
        for (which = 0;; which++) {
            xc_query *q = make_query(which), *priors[2];
            xc_error e;
            char what[64];
            if (!q) break;
            assert_int_equal(xc_query_new_prior(q, classes, factors, 2, &priors[0], &e), XC_OK);
            assert_int_equal(xc_query_new_prior(q, classes, larger_factors, 2, &priors[1], &e),
                             XC_OK);
            for (with_prior = 0; with_prior <= 2; with_prior++) {
                snprintf(what, sizeof what, "query %d%s%s", which,
                         with_prior == 2 ? ", larger prior" : with_prior ? ", prior" : "",
                         cached == 2 ? ", postings kept"
                                     : cached ? ", lengths in memory" : "");
                /* Without a prior or lengths in memory Xapian weighs the
                 * query as built: nothing of ours to check. */
                if (with_prior || cached) check_pruned(db, with_prior ? priors[with_prior - 1] : q, what);
            }
            xc_query_free(priors[0]);
            xc_query_free(priors[1]);
            xc_query_free(q);
        }
    }
    release_index(db, dir, path);
}

/* Queries make_query gives at most. */
#define MAX_QUERIES 16

/* Every query's results, its best 10 and all its matches, with postings
 * kept within `budget` the same as with none kept: each query run twice
 * over, the second time over what the first kept. */
static void check_kept_alike(xc_database *db, size_t budget, const char *what) {
    static scored plain[MAX_QUERIES][2][MAX_MATCHES], kept[MAX_MATCHES];
    static size_t n_plain[MAX_QUERIES][2];
    static const uint32_t ks[2] = {10, 0};
    int which, round;
    size_t i, j, n_kept;
    xc_postings_cache_budget(0);
    for (which = 0; which < MAX_QUERIES; which++) {
        xc_query *q = make_query(which);
        if (!q) break;
        for (i = 0; i < 2; i++) n_plain[which][i] = match(db, q, ks[i], 0, plain[which][i]);
        xc_query_free(q);
    }
    xc_postings_cache_budget(budget);
    for (round = 0; round < 2; round++)
        for (which = 0; which < MAX_QUERIES; which++) {
            xc_query *q = make_query(which);
            if (!q) break;
            for (i = 0; i < 2; i++) {
                n_kept = match(db, q, ks[i], 0, kept);
                if (n_kept != n_plain[which][i])
                    fail_msg("%s, query %d, k %u: %zu results, not %zu", what, which, ks[i],
                             n_kept, n_plain[which][i]);
                for (j = 0; j < n_kept; j++)
                    if (kept[j].docid != plain[which][i][j].docid ||
                        kept[j].weight != plain[which][i][j].weight)
                        fail_msg("%s, query %d, k %u, #%zu: docid %u weight %.17g, not %u %.17g",
                                 what, which, ks[i], j, kept[j].docid, kept[j].weight,
                                 plain[which][i][j].docid, plain[which][i][j].weight);
            }
            assert_true(xc_postings_cache_bytes() <= budget);
            xc_query_free(q);
        }
}

/* Postings walked from memory give the results read from the index, bit
 * for bit: with room for every list, with room for the rare words' only
 * (an eighth of the budget at most per list), and after the index moved
 * on (a reopen: the older revision's lists are not used). */
static void test_kept_postings_weigh_alike(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_database *db = build(path);
    xc_writable *w;
    xc_termgen *tg;
    xc_error e;
    int changed, which;
    size_t i;
    (void)state;
    xc_database_cache_lengths(db, 1);
    check_kept_alike(db, KEEP_BUDGET, "room for all");
    assert_true(xc_postings_cache_bytes() > 0);
    /* A common word's list (5 bytes a posting) is over an eighth of it. */
    check_kept_alike(db, N_DOCS * 5, "room for rare words");
    xc_postings_cache_budget(0);
    assert_int_equal(xc_postings_cache_bytes(), 0);

    /* The index grows: documents with the common words, a new revision.
     * The lists kept of the older one must not be walked for it. */
    xc_postings_cache_budget(KEEP_BUDGET);
    check_kept_alike(db, KEEP_BUDGET, "before the reopen");
    assert_int_equal(xc_writable_open(path, 0, &w, &e), XC_OK);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    for (i = 0; i < 200; i++) {
        xc_document *doc;
        static const char text[] = "w0 w1 w2 w3 w0 w5 w8";
        assert_int_equal(xc_document_new(&doc, &e), XC_OK);
        assert_int_equal(xc_termgen_set_document(tg, doc, &e), XC_OK);
        assert_int_equal(xc_termgen_index_text(tg, text, strlen(text), 1, "", &e), XC_OK);
        assert_int_equal(xc_writable_add(w, doc, NULL, &e), XC_OK);
        xc_document_free(doc);
    }
    assert_int_equal(xc_writable_commit(w, &e), XC_OK);
    xc_termgen_free(tg);
    xc_writable_free(w);
    assert_int_equal(xc_database_reopen(db, &changed, &e), XC_OK);
    assert_int_equal(changed, 1);
    for (which = 0;; which++) {
        static scored built[MAX_MATCHES], ours[MAX_MATCHES];
        xc_query *q = make_query(which);
        size_t n_built, n_ours;
        if (!q) break;
        match(db, q, 10, 0, ours);   /* reads the new revision's lists */
        n_ours = match(db, q, 0, 0, ours);
        n_built = match(db, q, 0, 1, built);
        expect_weighed_as_built(built, n_built, ours, n_ours, "after the reopen", which);
        xc_query_free(q);
    }
    check_kept_alike(db, KEEP_BUDGET, "after the reopen");

    release_index(db, dir, path);
}

/* The sources weigh as Xapian's operators do: each document's weight,
 * ORs flattened and ANDs taken in, is Xapian's own BM25 to the last bits
 * of a sum of doubles. */
static void test_sources_weigh_as_xapian(void **state) {
    static scored built[MAX_MATCHES], ours[MAX_MATCHES];
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_database *db = build(path);
    int which;
    (void)state;
    for (which = 0;; which++) {
        xc_query *q = make_query(which);
        size_t n_built, n_ours;
        if (!q) break;
        xc_database_cache_lengths(db, 0);
        n_built = match(db, q, 0, 1, built);
        xc_database_cache_lengths(db, 1);
        n_ours = match(db, q, 0, 0, ours);
        expect_weighed_as_built(built, n_built, ours, n_ours, "from the sources", which);
        xc_query_free(q);
    }
    release_index(db, dir, path);
}

/* The docids of every document `q` matches, counted not weighed (as the
 * threads' matches are counted), restricted to the documents of a few
 * runs of ids when `restrict_ids`. Returns how many, sorted. */
static size_t match_boolean(xc_database *db, const xc_query *q, int restrict_ids, uint32_t *out) {
    xc_query *ids[24], *any = NULL, *pair[2], *filtered = NULL;
    xc_enquire *enq;
    xc_mset *m;
    xc_mset_item item;
    xc_error e;
    uint32_t i, n;
    size_t k;
    if (restrict_ids) {
        /* Runs of neighbours, as a thread's posts are, across the index. */
        for (k = 0; k < 24; k++) {
            char id[16];
            snprintf(id, sizeof id, "Q%zu", (k / 4) * 500 + k % 4 + 3);
            assert_int_equal(xc_query_new_term(id, 1, 0, &ids[k], &e), XC_OK);
        }
        assert_int_equal(xc_query_new_op(XC_OP_OR, ids, 24, 0, &any, &e), XC_OK);
        pair[0] = (xc_query *)q;
        pair[1] = any;
        assert_int_equal(xc_query_new_op(XC_OP_FILTER, pair, 2, 0, &filtered, &e), XC_OK);
        for (k = 0; k < 24; k++) xc_query_free(ids[k]);
    }
    assert_int_equal(xc_enquire_new(db, &enq, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, filtered ? filtered : q, &e), XC_OK);
    assert_int_equal(xc_enquire_set_boolean(enq, &e), XC_OK);
    assert_int_equal(xc_enquire_mset(enq, 0, MAX_MATCHES, 0, &m, &e), XC_OK);
    n = xc_mset_size(m);
    for (i = 0; i < n; i++) {
        assert_int_equal(xc_mset_item_get(m, i, &item, &e), XC_OK);
        out[i] = item.docid;
    }
    qsort(out, n, sizeof *out, by_u32);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(filtered);
    xc_query_free(any);
    return n;
}

/* Counted rather than weighed, with lengths in memory the sources match
 * (walking kept postings where there are): the same documents as
 * Xapian's operators, the whole index or a few of its ids. */
static void test_sources_count_as_xapian(void **state) {
    static uint32_t built[MAX_MATCHES], ours[MAX_MATCHES];
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_database *db = build(path);
    int which, restrict_ids, kept;
    (void)state;
    for (which = 0;; which++) {
        xc_query *q = make_query(which);
        if (!q) break;
        for (restrict_ids = 0; restrict_ids <= 1; restrict_ids++) {
            size_t n_built, n_ours, i;
            xc_database_cache_lengths(db, 0);
            n_built = match_boolean(db, q, restrict_ids, built);
            assert_true(n_built > 0 || restrict_ids);
            xc_database_cache_lengths(db, 1);
            for (kept = 0; kept <= 1; kept++) {
                /* Postings kept by a weighed match first, as a page's is. */
                xc_postings_cache_budget(kept ? KEEP_BUDGET : 0);
                if (kept) {
                    static scored best[MAX_MATCHES];
                    match(db, q, 10, 0, best);
                }
                n_ours = match_boolean(db, q, restrict_ids, ours);
                if (n_ours != n_built)
                    fail_msg("query %d%s%s: %zu matches, not %zu", which,
                             restrict_ids ? ", some ids" : "", kept ? ", kept" : "", n_ours,
                             n_built);
                for (i = 0; i < n_ours; i++) assert_int_equal(ours[i], built[i]);
            }
        }
        xc_query_free(q);
    }
    release_index(db, dir, path);
}

/* A page's best posts weighed for evidence: each query restricted to a
 * few documents by docid, the sources give those documents what Xapian
 * gives them matching the whole index, postings kept or not. Xapian asks
 * the sources there whether each document matches (check), not where the
 * next match is. (Xapian 1.4's own operators, restricted the same way,
 * can give an OR of phrases less than that: one of its phrases left out
 * of a document's weight, seen here as 0.4993 where the whole index gives
 * 0.5104.) */
static void test_sources_weigh_few_posts_as_xapian(void **state) {
    static scored all[MAX_MATCHES], built[MAX_MATCHES], ours[MAX_MATCHES];
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_database *db = build(path);
    xc_docid docids[40], sorted[40];
    xc_query *ids[40], *any, *docs, *pair[2], *filtered;
    xc_error e;
    size_t k;
    int which, kept;
    (void)state;
    for (k = 0; k < 40; k++) {
        char id[16];
        /* Spread over the index, a few neighbours among them (distinct). */
        docids[k] = (xc_docid)(k % 5 == 4 ? docids[k - 1] + 1 : 1 + (k * 997) % (N_DOCS - 1));
        snprintf(id, sizeof id, "Q%u", docids[k] - 1);   /* document i has id Qi */
        assert_int_equal(xc_query_new_term(id, 1, 0, &ids[k], &e), XC_OK);
    }
    assert_int_equal(xc_query_new_op(XC_OP_OR, ids, 40, 0, &any, &e), XC_OK);
    assert_int_equal(xc_query_new_docids(db, docids, 40, any, &docs, &e), XC_OK);
    memcpy(sorted, docids, sizeof sorted);
    qsort(sorted, 40, sizeof *sorted, by_u32);
    for (which = 0;; which++) {
        xc_query *q = make_query(which);
        size_t n_all, n_built = 0, n_ours, i;
        if (!q) break;
        pair[0] = q;
        pair[1] = docs;
        assert_int_equal(xc_query_new_op(XC_OP_FILTER, pair, 2, 0, &filtered, &e), XC_OK);
        xc_database_cache_lengths(db, 0);
        n_all = match(db, q, 0, 1, all);
        for (i = 0; i < n_all; i++)
            if (bsearch(&all[i].docid, sorted, 40, sizeof *sorted, by_u32))
                built[n_built++] = all[i];
        xc_database_cache_lengths(db, 1);
        for (kept = 0; kept <= 1; kept++) {
            xc_postings_cache_budget(kept ? KEEP_BUDGET : 0);
            if (kept) match(db, q, 10, 0, ours);   /* keeps the words' postings */
            n_ours = match(db, filtered, 0, 0, ours);
            expect_weighed_as_built(built, n_built, ours, n_ours,
                                    kept ? "on a few posts, kept" : "on a few posts", which);
        }
        xc_query_free(filtered);
        xc_query_free(q);
    }
    for (k = 0; k < 40; k++) xc_query_free(ids[k]);
    xc_query_free(any);
    xc_query_free(docs);
    release_index(db, dir, path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pruned_best_are_the_best),
        cmocka_unit_test(test_sources_weigh_as_xapian),
        cmocka_unit_test(test_kept_postings_weigh_alike),
        cmocka_unit_test(test_sources_count_as_xapian),
        cmocka_unit_test(test_sources_weigh_few_posts_as_xapian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
