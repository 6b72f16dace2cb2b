/* test_xc.c — the C shim over libxapian: each wrapped feature once, and the
 * error paths (missing database, locked database, malformed query). */
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

typedef struct term_list {
    char terms[64][64];
    uint32_t wdf[64];
    size_t n;
} term_list;

static int add_term(void *ctx, const char *term, size_t len, uint32_t wdf) {
    term_list *l = ctx;
    if (l->n < 64 && len < 64) {
        memcpy(l->terms[l->n], term, len);
        l->terms[l->n][len] = '\0';
        l->wdf[l->n] = wdf;
        l->n++;
    }
    return 0;
}

static int has_term(const term_list *l, const char *t) {
    size_t i;
    for (i = 0; i < l->n; i++) if (!strcmp(l->terms[i], t)) return 1;
    return 0;
}

/* Adds a document with `text` indexed and `key` in value slot 0. */
static void add_doc(xc_writable *w, xc_termgen *tg, const char *id, const char *text,
                    const char *key) {
    xc_document *doc;
    xc_error e;
    char unique[64];
    snprintf(unique, sizeof unique, "Q%s", id);
    assert_int_equal(xc_document_new(&doc, &e), XC_OK);
    assert_int_equal(xc_termgen_set_document(tg, doc, &e), XC_OK);
    assert_int_equal(xc_termgen_index_text(tg, text, strlen(text), 1, "", &e), XC_OK);
    assert_int_equal(xc_document_add_boolean_term(doc, unique, &e), XC_OK);
    assert_int_equal(xc_document_add_value(doc, 0, key, strlen(key), &e), XC_OK);
    assert_int_equal(xc_document_set_data(doc, id, strlen(id), &e), XC_OK);
    assert_int_equal(xc_writable_replace(w, unique, doc, NULL, &e), XC_OK);
    xc_document_free(doc);
}

static void test_missing_database(void **state) {
    const char *paths[] = {"/nonexistent/lantern/index"};
    xc_database *db = (xc_database *)1;
    xc_error e;
    (void)state;
    assert_int_equal(xc_database_open(paths, 1, &db, &e), XC_ERR_NOT_FOUND);
    assert_null(db);
    assert_int_equal(e.status, XC_ERR_NOT_FOUND);
    assert_non_null(strstr(e.message, "/nonexistent/lantern/index"));
    assert_int_equal(xc_database_open(paths, 0, &db, &e), XC_ERR_INVALID);
}

static void test_locked_database(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_writable *w1 = NULL, *w2 = (xc_writable *)1;
    xc_error e;
    (void)state;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w1, &e), XC_OK);
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w2, &e), XC_ERR_LOCKED);
    assert_null(w2);
    assert_non_null(strstr(e.message, "lock"));
    xc_writable_free(w1);
    /* Once the first writer is gone the lock is free again. */
    assert_int_equal(xc_writable_open(path, 0, &w2, &e), XC_OK);
    xc_writable_free(w2);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

/* Adding never looks for an existing document: two adds are two documents
 * (replace is what keeps one per id term). */
static void test_add_document(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_writable *w = NULL;
    xc_document *doc;
    xc_docid a = 0, b = 0;
    uint32_t count = 0;
    xc_error e;
    (void)state;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_document_new(&doc, &e), XC_OK);
    assert_int_equal(xc_document_add_boolean_term(doc, "Qsame", &e), XC_OK);
    assert_int_equal(xc_writable_add(w, doc, &a, &e), XC_OK);
    assert_int_equal(xc_writable_add(w, doc, &b, &e), XC_OK);
    assert_int_not_equal(a, b);
    assert_int_equal(xc_writable_doc_count(w, &count, &e), XC_OK);
    assert_int_equal(count, 2);
    assert_int_equal(xc_writable_replace(w, "Qsame", doc, NULL, &e), XC_OK);
    assert_int_equal(xc_writable_doc_count(w, &count, &e), XC_OK);
    assert_int_equal(count, 1);
    xc_document_free(doc);
    xc_writable_free(w);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_open_without_create(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "nothing-here");
    xc_writable *w = NULL;
    xc_error e;
    (void)state;
    assert_int_not_equal(xc_writable_open(path, 0, &w, &e), XC_OK);
    assert_null(w);
    assert_true(strlen(e.message) > 0);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_malformed_query(void **state) {
    xc_queryparser *qp;
    xc_query *q = (xc_query *)1;
    char *corrected = (char *)1;
    xc_error e;
    (void)state;
    assert_int_equal(xc_queryparser_new(&qp, &e), XC_OK);
    assert_int_equal(xc_queryparser_parse(qp, "care AND", XC_QP_BOOLEAN, NULL, &q,
                                          &corrected, &e),
                     XC_ERR_QUERY);
    assert_null(q);
    assert_null(corrected);
    assert_non_null(strstr(e.message, "Syntax"));
    /* The same words without boolean syntax parse. */
    assert_int_equal(xc_queryparser_parse(qp, "care AND", 0, NULL, &q, NULL, &e), XC_OK);
    assert_false(xc_query_is_empty(q));
    xc_query_free(q);
    xc_queryparser_free(qp);
}

static void test_libstemmer_in_term_generator(void **state) {
    xc_termgen *tg;
    xc_document *doc;
    term_list l;
    xc_error e;
    static const char text[] = "Children\xE2\x80\x99s services refusing assessments";
    (void)state;
    memset(&l, 0, sizeof l);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    assert_int_equal(xc_document_new(&doc, &e), XC_OK);
    assert_int_equal(xc_termgen_set_document(tg, doc, &e), XC_OK);
    assert_int_equal(xc_termgen_index_text(tg, text, strlen(text), 1, "", &e), XC_OK);
    assert_int_equal(xc_document_terms(doc, add_term, &l, &e), XC_OK);
    /* Unstemmed forms (with positions) and Snowball English stems. */
    assert_true(has_term(&l, "children's"));
    assert_true(has_term(&l, "Zchildren"));
    assert_true(has_term(&l, "Zrefus"));
    assert_true(has_term(&l, "Zassess"));
    assert_true(has_term(&l, "refusing"));
    xc_document_free(doc);
    xc_termgen_free(tg);
}

static void test_stopwords_keep_unstemmed_form(void **state) {
    xc_termgen *tg;
    xc_document *doc;
    term_list l;
    xc_error e;
    const char *stop[] = {"the"};
    (void)state;
    memset(&l, 0, sizeof l);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    assert_int_equal(xc_termgen_set_stopwords(tg, stop, 1, &e), XC_OK);
    assert_int_equal(xc_document_new(&doc, &e), XC_OK);
    assert_int_equal(xc_termgen_set_document(tg, doc, &e), XC_OK);
    assert_int_equal(xc_termgen_index_text(tg, "the plan", 8, 1, "", &e), XC_OK);
    assert_int_equal(xc_document_terms(doc, add_term, &l, &e), XC_OK);
    assert_true(has_term(&l, "the"));
    assert_false(has_term(&l, "Zthe"));
    assert_true(has_term(&l, "Zplan"));
    xc_document_free(doc);
    xc_termgen_free(tg);
}

static void test_write_search_collapse(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    const char *paths[1];
    xc_writable *w;
    xc_termgen *tg;
    xc_database *db;
    xc_queryparser *qp;
    xc_query *q;
    xc_enquire *enq;
    xc_mset *m;
    xc_mset_item item;
    xc_document *doc;
    xc_database_stats st;
    uint64_t rev;
    const char *data;
    size_t len;
    xc_error e;
    char *s;
    int changed = 0;
    uint32_t tf_before = 0, tf_after = 0;
    (void)state;
    paths[0] = path;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    add_doc(w, tg, "a#1", "the care plan was agreed", "a");
    add_doc(w, tg, "a#2", "a care plan again and care", "a");
    add_doc(w, tg, "b#1", "a plan for contact", "b");
    assert_int_equal(xc_writable_set_metadata(w, "k", "v", &e), XC_OK);
    assert_int_equal(xc_writable_add_spelling(w, "social", 3, &e), XC_OK);
    assert_int_equal(xc_writable_add_synonym(w, "sw", "social worker", &e), XC_OK);
    assert_int_equal(xc_writable_commit(w, &e), XC_OK);

    assert_int_equal(xc_database_open(paths, 1, &db, &e), XC_OK);
    assert_int_equal(xc_database_stats_get(db, &st, &e), XC_OK);
    assert_int_equal(st.doc_count, 3);
    assert_int_equal(st.last_docid, 3);
    assert_int_equal(xc_database_revision(db, &rev, &e), XC_OK);
    assert_true(rev >= 1);
    assert_int_equal(xc_database_get_metadata(db, "k", &s, &e), XC_OK);
    assert_string_equal(s, "v");
    free(s);
    assert_int_equal(xc_database_spelling(db, "soical", 2, &s, &e), XC_OK);
    assert_string_equal(s, "social");
    free(s);
    {
        term_list syn;
        memset(&syn, 0, sizeof syn);
        assert_int_equal(xc_database_synonyms(db, "sw", add_term, &syn, &e), XC_OK);
        assert_int_equal(syn.n, 1);
        assert_string_equal(syn.terms[0], "social worker");
    }

    assert_int_equal(xc_queryparser_new(&qp, &e), XC_OK);
    assert_int_equal(xc_queryparser_set_database(qp, db, &e), XC_OK);
    assert_int_equal(xc_queryparser_parse(qp, "care plan", XC_QP_PHRASE, NULL, &q, NULL, &e),
                     XC_OK);
    assert_int_equal(xc_query_describe(q, &s, &e), XC_OK);
    assert_non_null(strstr(s, "Zcare"));
    free(s);
    assert_int_equal(xc_enquire_new(db, &enq, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q, &e), XC_OK);
    assert_int_equal(xc_enquire_set_collapse_key(enq, 0, 1, &e), XC_OK);
    assert_int_equal(xc_enquire_mset(enq, 0, 10, 10, &m, &e), XC_OK);
    /* Three documents match, two of thread "a": collapsed to two results,
     * the best of "a" first, with one other document behind it. */
    assert_int_equal(xc_mset_size(m), 2);
    assert_int_equal(xc_mset_item_get(m, 0, &item, &e), XC_OK);
    assert_int_equal(item.collapse_count, 1);
    assert_true(item.weight > 0);
    assert_int_equal(xc_mset_document(m, 0, &doc, &e), XC_OK);
    assert_int_equal(xc_document_data(doc, &data, &len, &e), XC_OK);
    assert_memory_equal(data, "a#2", 3);
    xc_document_free(doc);
    assert_int_equal(xc_mset_item_get(m, 5, &item, &e), XC_ERR_INVALID);
    xc_mset_free(m);

    /* A new commit is seen after reopen, the terms' frequencies and
     * spelling suggestions too (remembered until then). */
    assert_int_equal(xc_database_term_freq(db, "Zcare", &tf_before, &e), XC_OK);
    assert_true(tf_before > 0);
    assert_int_equal(xc_database_spelling(db, "plam", 2, &s, &e), XC_OK);
    assert_null(s);
    add_doc(w, tg, "c#1", "care", "c");
    assert_int_equal(xc_writable_add_spelling(w, "plan", 2, &e), XC_OK);
    assert_int_equal(xc_writable_commit(w, &e), XC_OK);
    assert_int_equal(xc_database_spelling(db, "plam", 2, &s, &e), XC_OK);
    assert_null(s);
    assert_int_equal(xc_database_term_freq(db, "Zcare", &tf_after, &e), XC_OK);
    assert_int_equal(tf_after, tf_before);
    assert_int_equal(xc_database_reopen(db, &changed, &e), XC_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(xc_database_stats_get(db, &st, &e), XC_OK);
    assert_int_equal(st.doc_count, 4);
    assert_int_equal(st.last_docid, 4);
    assert_int_equal(xc_database_term_freq(db, "Zcare", &tf_after, &e), XC_OK);
    assert_int_equal(tf_after, tf_before + 1);
    assert_int_equal(xc_database_spelling(db, "plam", 2, &s, &e), XC_OK);
    assert_non_null(s);
    assert_string_equal(s, "plan");
    free(s);

    xc_enquire_free(enq);
    xc_query_free(q);
    xc_queryparser_free(qp);
    xc_database_free(db);
    xc_termgen_free(tg);
    xc_writable_free(w);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

/* Each document's weights, by docid, from matching `q` with BM25 set as
 * Xapian's defaults (k1 1, b 0.5), or left to Xapian's own default
 * scheme (the query weighed as built). */
static void weights_by_docid(xc_database *db, const xc_query *q, int set_bm25, double *w,
                             size_t n) {
    xc_enquire *enq;
    xc_mset *m;
    xc_mset_item item;
    xc_error e;
    uint32_t i;
    memset(w, 0, n * sizeof *w);
    assert_int_equal(xc_enquire_new(db, &enq, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q, &e), XC_OK);
    if (set_bm25) assert_int_equal(xc_enquire_set_bm25(enq, 1.0, 0.0, 1.0, 0.5, 0.5, &e), XC_OK);
    assert_int_equal(xc_enquire_mset(enq, 0, (uint32_t)n, (uint32_t)n, &m, &e), XC_OK);
    for (i = 0; i < xc_mset_size(m); i++) {
        assert_int_equal(xc_mset_item_get(m, i, &item, &e), XC_OK);
        assert_true(item.docid < n);
        w[item.docid] = item.weight;
    }
    xc_mset_free(m);
    xc_enquire_free(enq);
}

/* A prior multiplies each document's weight by the factor of the first
 * class it holds, alike as Xapian's operators (the query as built), as
 * BM25 sources looking the classes up, and as sources reading them from
 * memory; a document of the first class keeps its factor (here 1) though
 * it holds the second class's term too. */
static void test_prior_weighs_alike_in_every_path(void **state) {
    static const char *const texts[] = {
        "otter river", "otter otter by the river bank", "an otter", "river",
        "otter river otter", "the river and an otter swimming", "otter", "river river",
        "otter by the mill", "a long note on the river and the otter", "otter otter", "river",
    };
    const char *terms[2] = {"XTYPEfaq", "XROLEadviser"}, *paths[1];
    const double factors[2] = {1.0, 1.3};
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_query *words[2], *plain, *prior;
    double base[16], as_built[16], looked_up[16], in_memory[16];
    xc_writable *w;
    xc_termgen *tg;
    xc_database *db;
    xc_error e;
    size_t i;
    (void)state;
    paths[0] = path;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    for (i = 0; i < sizeof texts / sizeof *texts; i++) {
        xc_document *doc;
        char unique[16];
        snprintf(unique, sizeof unique, "Q%zu", i);
        assert_int_equal(xc_document_new(&doc, &e), XC_OK);
        assert_int_equal(xc_termgen_set_document(tg, doc, &e), XC_OK);
        assert_int_equal(xc_termgen_index_text(tg, texts[i], strlen(texts[i]), 1, "", &e), XC_OK);
        assert_int_equal(xc_document_add_boolean_term(doc, unique, &e), XC_OK);
        /* Docids 1-4: FAQ sections (indexed as advisers' too); 5-8:
         * advisers' posts; 9-12: anyone's. */
        if (i < 4) assert_int_equal(xc_document_add_boolean_term(doc, terms[0], &e), XC_OK);
        if (i < 8) assert_int_equal(xc_document_add_boolean_term(doc, terms[1], &e), XC_OK);
        assert_int_equal(xc_writable_replace(w, unique, doc, NULL, &e), XC_OK);
        xc_document_free(doc);
    }
    assert_int_equal(xc_writable_commit(w, &e), XC_OK);
    assert_int_equal(xc_database_open(paths, 1, &db, &e), XC_OK);
    assert_int_equal(xc_query_new_term("otter", 1, 0, &words[0], &e), XC_OK);
    assert_int_equal(xc_query_new_term("river", 1, 0, &words[1], &e), XC_OK);
    assert_int_equal(xc_query_new_op(XC_OP_OR, words, 2, 0, &plain, &e), XC_OK);
    assert_int_equal(xc_query_new_prior(plain, terms, factors, 2, &prior, &e), XC_OK);

    weights_by_docid(db, plain, 0, base, 16);
    weights_by_docid(db, prior, 0, as_built, 16);
    weights_by_docid(db, prior, 1, looked_up, 16);
    xc_database_cache_lengths(db, 1);
    weights_by_docid(db, prior, 1, in_memory, 16);
    for (i = 1; i <= sizeof texts / sizeof *texts; i++) {
        double want = base[i] * (i >= 5 && i <= 8 ? 1.3 : 1.0);
        assert_true(base[i] > 0);
        assert_true(fabs(as_built[i] - want) <= 1e-12 * want);
        assert_true(fabs(looked_up[i] - want) <= 1e-12 * want);
        assert_true(fabs(in_memory[i] - want) <= 1e-12 * want);
    }

    xc_query_free(prior);
    xc_query_free(plain);
    xc_query_free(words[0]);
    xc_query_free(words[1]);
    xc_database_free(db);
    xc_termgen_free(tg);
    xc_writable_free(w);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

typedef struct docid_list {
    xc_docid ids[64];
    size_t n;
} docid_list;

static int add_docid(void *ctx, xc_docid docid) {
    docid_list *l = ctx;
    if (l->n < 64) l->ids[l->n++] = docid;
    return 0;
}

/* Writes texts[0..n) to a new database at `path`, document i with the
 * unique term "Q<tag><i>". */
static void write_texts(const char *path, const char *tag, const char *const *texts, size_t n) {
    xc_writable *w;
    xc_termgen *tg;
    xc_error e;
    size_t i;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    for (i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "%s%zu", tag, i);
        add_doc(w, tg, id, texts[i], id);
    }
    assert_int_equal(xc_writable_commit(w, &e), XC_OK);
    xc_termgen_free(tg);
    xc_writable_free(w);
}

/* `word` restricted to the documents with the unique terms `ids`: by an
 * OR of the terms alone (by_docid 0), or by their docids with that OR as
 * fallback (1), or with a fallback matching nothing (2), to tell which of
 * the two was matched. */
static xc_query *restricted(xc_database *db, const char *word, const char *const *ids, size_t n,
                            int by_docid) {
    xc_query *terms[8], *any, *docs, *pair[2], *out;
    docid_list found;
    xc_error e;
    size_t i;
    memset(&found, 0, sizeof found);
    for (i = 0; i < n; i++) {
        assert_int_equal(xc_query_new_term(ids[i], 1, 0, &terms[i], &e), XC_OK);
        assert_int_equal(xc_database_postings(db, ids[i], add_docid, &found, &e), XC_OK);
    }
    if (by_docid == 2) assert_int_equal(xc_query_new_term("Qnone", 1, 0, &any, &e), XC_OK);
    else assert_int_equal(xc_query_new_op(XC_OP_OR, terms, n, 0, &any, &e), XC_OK);
    /* A docid twice and one past the end change nothing. */
    found.ids[found.n++] = found.ids[0];
    found.ids[found.n++] = 1000;
    assert_int_equal(xc_query_new_term(word, 1, 0, &pair[0], &e), XC_OK);
    if (by_docid) {
        assert_int_equal(xc_query_new_docids(db, found.ids, found.n, any, &docs, &e), XC_OK);
        pair[1] = docs;
    } else {
        pair[1] = any;
        docs = NULL;
    }
    assert_int_equal(xc_query_new_op(XC_OP_FILTER, pair, 2, 0, &out, &e), XC_OK);
    for (i = 0; i < n; i++) xc_query_free(terms[i]);
    xc_query_free(any);
    xc_query_free(docs);
    xc_query_free(pair[0]);
    return out;
}

/* A set of docids restricts a query exactly as its documents' id terms
 * do, over several databases of unequal sizes (Xapian interleaves their
 * docids), one of them empty, with lengths in memory or not; and over a
 * database opened twice, whose parts cannot be told apart by uuid, where
 * the id terms are matched instead. */
static void test_docids_restrict_like_their_terms(void **state) {
    static const char *const big[] = {
        "otter river", "otter", "river bank", "an otter by the river", "otter otter",
        "mill", "the otter and the mill", "otter swimming",
    };
    static const char *const small[] = {"otter", "river", "otter at the river mill"};
    static const char *const ids[] = {"Qa0", "Qa3", "Qa4", "Qa5", "Qa7", "Qb0", "Qb2"};
    const size_t n_ids = sizeof ids / sizeof *ids;
    char *dir = ts_tempdir(), *a = ts_path(dir, "a"), *b = ts_path(dir, "b"),
         *empty = ts_path(dir, "empty");
    const char *three[3], *twice[2];
    double by_terms[32], by_docids[32];
    xc_database *db;
    xc_error e;
    int round;
    size_t i;
    (void)state;
    write_texts(a, "a", big, sizeof big / sizeof *big);
    write_texts(b, "b", small, sizeof small / sizeof *small);
    write_texts(empty, "e", NULL, 0);
    three[0] = a, three[1] = empty, three[2] = b;
    twice[0] = a, twice[1] = a;
    for (round = 0; round < 3; round++) {
        size_t matched = 0, by_source = 0;
        xc_query *q_terms, *q_docids, *q_source;
        if (round < 2) assert_int_equal(xc_database_open(three, 3, &db, &e), XC_OK);
        else assert_int_equal(xc_database_open(twice, 2, &db, &e), XC_OK);
        xc_database_cache_lengths(db, round == 1);
        q_terms = restricted(db, "otter", ids, n_ids, 0);
        q_docids = restricted(db, "otter", ids, n_ids, 1);
        q_source = restricted(db, "otter", ids, n_ids, 2);
        weights_by_docid(db, q_terms, 1, by_terms, 32);
        weights_by_docid(db, q_docids, 1, by_docids, 32);
        for (i = 0; i < 32; i++) {
            assert_true(fabs(by_terms[i] - by_docids[i]) <= 1e-12 * by_terms[i]);
            matched += by_terms[i] > 0;
        }
        /* a0 a3 a4 a7 b0 b2 hold "otter", a5 does not; a opened twice
         * holds a0 a3 a4 a7 twice. */
        assert_int_equal(matched, round < 2 ? 6 : 8);
        /* The docids decide where the parts have their own uuids; the
         * fallback (here nothing) where they do not. */
        weights_by_docid(db, q_source, 1, by_docids, 32);
        for (i = 0; i < 32; i++) by_source += by_docids[i] > 0;
        assert_int_equal(by_source, round < 2 ? 6 : 0);
        xc_query_free(q_terms);
        xc_query_free(q_docids);
        xc_query_free(q_source);
        xc_database_free(db);
    }
    ts_rmtree(dir);
    free(a);
    free(b);
    free(empty);
    free(dir);
}

typedef struct term_masks {
    const char *const *terms;
    size_t n_terms;
    uint32_t mask[32];
    uint32_t one;       /* for one document */
} term_masks;

static uint32_t term_bit(const term_masks *m, const char *term, size_t len) {
    size_t i;
    for (i = 0; i < m->n_terms; i++)
        if (strlen(m->terms[i]) == len && !memcmp(m->terms[i], term, len)) return 1u << i;
    return 1u << 31;   /* a term not asked for */
}

static int mask_of_each(void *ctx, size_t index, const char *term, size_t len) {
    term_masks *m = ctx;
    m->mask[index] |= term_bit(m, term, len);
    return 0;
}

static int mask_of_one(void *ctx, const char *term, size_t len, uint32_t wdf) {
    term_masks *m = ctx;
    (void)wdf;
    m->one |= term_bit(m, term, len);
    return 0;
}

/* The terms of a query each of a set of documents holds are those each
 * holds on its own, whether the set is small beside the query's terms
 * (each document's terms read) or large (each term's postings walked). */
/* Layout 0: one database; 1: two shards and an empty database (as the
 * spelling database sits beside the posts' shards). Mode 0: Xapian's
 * lookups; 1: lengths cached and postings kept (xc_terms_of.h). */
static xc_database *open_layout(const char *dir, int layout, const char *const *texts, size_t n) {
    char *paths[3];
    xc_database *db;
    xc_error e;
    size_t k, n_paths = layout == 0 ? 1 : 3;
    for (k = 0; k < n_paths; k++) {
        char name[16];
        snprintf(name, sizeof name, "part%zu", k);
        paths[k] = ts_path(dir, name);
    }
    if (layout == 0) {
        write_texts(paths[0], "t", texts, n);
    } else {
        write_texts(paths[0], "a", texts, n / 2);
        write_texts(paths[1], "b", texts + n / 2, n - n / 2);
        write_texts(paths[2], "c", texts, 0);
    }
    assert_int_equal(xc_database_open((const char *const *)paths, n_paths, &db, &e), XC_OK);
    for (k = 0; k < n_paths; k++) free(paths[k]);
    return db;
}

static void test_matching_terms_of_many_documents(void **state) {
    static const char *const texts[] = {
        "otter river", "otter", "river bank", "an otter by the river", "otter otter", "mill",
        "the otter and the mill", "otter swimming", "bank of the river", "weir", "mill race",
        "otter mill river bank",
    };
    static const char *const few[] = {"otter", "mill"};
    static const char *const many[] = {"otter", "river", "bank", "mill", "weir", "swimming"};
    static const char *const *const sets[2] = {few, many};
    static const size_t sizes[2] = {2, 6};
    /* Documents of every shard, one twice, one past the last; in layout 1
     * none of the empty database's (docids 3, 6, 9 …), which the pages'
     * posts never are (xc_terms_of.h answers only when it saw the shards
     * of every document), then the same with them. */
    static const xc_docid one_db[] = {12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 3, 40};
    static const xc_docid shards[] = {11, 1, 2, 4, 5, 7, 8, 10, 13, 14, 16, 17, 4, 40};
    static const xc_docid with_empty[] = {11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 3, 40};
    const size_t n = sizeof one_db / sizeof *one_db;
    xc_error e;
    size_t k, i, j;
    int layout, mode, round;
    (void)state;
    for (layout = 0; layout < 3; layout++)
        for (mode = 0; mode < 2; mode++) {
            const xc_docid *docids = layout == 0 ? one_db : layout == 1 ? shards : with_empty;
            char *dir = ts_tempdir();
            xc_database *db = open_layout(dir, layout > 0, texts, sizeof texts / sizeof *texts);
            xc_database_cache_lengths(db, mode);
            xc_postings_cache_budget(mode ? (size_t)1 << 20 : 0);
            /* Twice: the second time over the lists the first kept. */
            for (round = 0; round < 2; round++)
                for (k = 0; k < 2; k++) {
                    xc_query *words[6], *any, *pair[2], *q;
                    xc_enquire *enq;
                    term_masks m;
                    memset(&m, 0, sizeof m);
                    m.terms = sets[k];
                    m.n_terms = sizes[k];
                    for (i = 0; i < sizes[k]; i++)
                        assert_int_equal(xc_query_new_term(sets[k][i], 1, 0, &words[i], &e), XC_OK);
                    assert_int_equal(
                        xc_query_new_op(XC_OP_OR, words + 1, sizes[k] - 1, 0, &any, &e), XC_OK);
                    /* The first word behind AND_NOT: its documents are not
                     * matched, but it is a term of the query all the same. */
                    pair[0] = any;
                    pair[1] = words[0];
                    assert_int_equal(xc_query_new_op(XC_OP_AND_NOT, pair, 2, 0, &q, &e), XC_OK);
                    assert_int_equal(xc_enquire_new(db, &enq, &e), XC_OK);
                    assert_int_equal(xc_enquire_set_query(enq, q, &e), XC_OK);
                    assert_int_equal(
                        xc_enquire_matching_terms_of(enq, docids, n, mask_of_each, &m, &e), XC_OK);
                    for (j = 0; j < n; j++) {
                        xc_status st;
                        m.one = 0;
                        st = xc_enquire_matching_terms(enq, docids[j], mask_of_one, &m, &e);
                        if (layout == 0) assert_int_equal(st, docids[j] <= 12 ? XC_OK : XC_ERR_NOT_FOUND);
                        else assert_true(st == XC_OK || st == XC_ERR_NOT_FOUND);
                        if (m.mask[j] != m.one)
                            fail_msg("layout %d, mode %d, round %d, set %zu, docid %u: %#x, not %#x",
                                     layout, mode, round, k, docids[j], m.mask[j], m.one);
                    }
                    /* Document 12 holds otter, river, bank and mill. */
                    if (layout == 0) assert_int_equal(m.mask[0], k == 0 ? 3u : 15u);
                    xc_enquire_free(enq);
                    xc_query_free(q);
                    xc_query_free(any);
                    for (i = 0; i < sizes[k]; i++) xc_query_free(words[i]);
                }
            if (mode) assert_true(xc_postings_cache_bytes() > 0);
            xc_postings_cache_budget(0);
            xc_database_free(db);
            ts_rmtree(dir);
            free(dir);
        }
}

/* Values read at once for an MSet (from memory where the process keeps
 * postings, xc_values.h) are each document's own, on one database and on
 * shards beside an empty database; mode 0: nothing in memory, 1: room
 * for the values, 2: too little room (each document asked). */
static void test_values_read_at_once(void **state) {
    static const char *const texts[] = {
        "otter river", "otter", "river bank", "an otter by the river", "otter otter", "mill",
        "the otter and the mill", "otter swimming", "bank of the river", "weir", "mill race",
        "otter mill river bank", "river",
    };
    static const char *const words[] = {"otter", "river", "bank", "mill", "weir"};
    const size_t n_texts = sizeof texts / sizeof *texts;
    xc_error e;
    int layout, mode, round;
    size_t i;
    (void)state;
    for (layout = 0; layout < 2; layout++)
        for (mode = 0; mode < 3; mode++) {
            char *dir = ts_tempdir();
            xc_database *db = open_layout(dir, layout, texts, n_texts);
            xc_database_cache_lengths(db, mode > 0);
            xc_postings_cache_budget(mode == 1 ? (size_t)1 << 20 : mode == 2 ? 64 : 0);
            for (round = 0; round < 2; round++) {
                xc_query *q[5], *any;
                xc_enquire *enq;
                xc_mset *m;
                for (i = 0; i < 5; i++)
                    assert_int_equal(xc_query_new_term(words[i], 1, 0, &q[i], &e), XC_OK);
                assert_int_equal(xc_query_new_op(XC_OP_OR, q, 5, 0, &any, &e), XC_OK);
                assert_int_equal(xc_enquire_new(db, &enq, &e), XC_OK);
                assert_int_equal(xc_enquire_set_query(enq, any, &e), XC_OK);
                /* Most first, so that the docids come in no order. */
                assert_int_equal(xc_enquire_mset(enq, 0, 100, 0, &m, &e), XC_OK);
                assert_int_equal(xc_mset_size(m), n_texts);
                assert_int_equal(xc_mset_read_values(db, m, 0, &e), XC_OK);
                for (i = 0; i < xc_mset_size(m); i++) {
                    xc_document *doc;
                    const char *v, *data;
                    size_t len, data_len;
                    assert_int_equal(xc_mset_value(m, (uint32_t)i, 0, &v, &len, &e), XC_OK);
                    assert_int_equal(xc_mset_document(m, (uint32_t)i, &doc, &e), XC_OK);
                    assert_int_equal(xc_document_data(doc, &data, &data_len, &e), XC_OK);
                    /* add_doc stores the id as data and as value 0. */
                    if (len != data_len || memcmp(v, data, len))
                        fail_msg("layout %d, mode %d, item %zu: value %.*s, not %.*s", layout,
                                 mode, i, (int)len, v, (int)data_len, data);
                    xc_document_free(doc);
                }
                xc_mset_free(m);
                xc_enquire_free(enq);
                xc_query_free(any);
                for (i = 0; i < 5; i++) xc_query_free(q[i]);
            }
            if (mode == 1) assert_true(xc_postings_cache_bytes() > 0);
            if (mode == 2) assert_int_equal(xc_postings_cache_bytes(), 0);
            xc_postings_cache_budget(0);
            xc_database_free(db);
            ts_rmtree(dir);
            free(dir);
        }
}

static void test_transaction_cancel_discards(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_writable *w;
    xc_termgen *tg;
    uint32_t count;
    xc_error e;
    (void)state;
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    add_doc(w, tg, "kept#1", "kept", "k");
    assert_int_equal(xc_writable_begin(w, &e), XC_OK);
    add_doc(w, tg, "dropped#1", "dropped", "d");
    assert_int_equal(xc_writable_cancel_transaction(w, &e), XC_OK);
    assert_int_equal(xc_writable_doc_count(w, &count, &e), XC_OK);
    assert_int_equal(count, 1);
    /* Freeing a writer inside a transaction cancels it too. */
    assert_int_equal(xc_writable_begin(w, &e), XC_OK);
    add_doc(w, tg, "dropped#2", "dropped", "d");
    xc_writable_free(w);
    assert_int_equal(xc_writable_open(path, 0, &w, &e), XC_OK);
    assert_int_equal(xc_writable_doc_count(w, &count, &e), XC_OK);
    assert_int_equal(count, 1);
    xc_writable_free(w);
    xc_termgen_free(tg);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static int count_posting(void *ctx, xc_docid id) {
    (void)id;
    ++*(uint32_t *)ctx;
    return 0;
}

static uint32_t postings_of(xc_writable *w, const char *term) {
    uint32_t n = 0;
    xc_error e;
    assert_int_equal(xc_writable_postings(w, term, count_posting, &n, &e), XC_OK);
    return n;
}

/* A writer that flushes Xapian's buffers after every document still keeps
 * a transaction whole: what the flushes wrote goes when it is cancelled
 * and stays when it commits. The environment it borrowed to say so is
 * given back. */
static void test_flushes_inside_a_transaction(void **state) {
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_writable *w;
    xc_termgen *tg;
    uint32_t count;
    xc_error e;
    (void)state;
    assert_int_equal(setenv("XAPIAN_FLUSH_THRESHOLD", "77", 1), 0);
    assert_int_equal(xc_writable_open_flushing(path, XC_WRITABLE_CREATE, 1, &w, &e), XC_OK);
    assert_string_equal(getenv("XAPIAN_FLUSH_THRESHOLD"), "77");
    assert_int_equal(xc_termgen_new(&tg, &e), XC_OK);
    assert_int_equal(xc_writable_begin(w, &e), XC_OK);
    add_doc(w, tg, "gone#1", "flushed words", "a");
    add_doc(w, tg, "gone#2", "flushed words", "b");
    add_doc(w, tg, "gone#3", "flushed words", "c");
    assert_int_equal(postings_of(w, "flushed"), 3);
    assert_int_equal(xc_writable_cancel_transaction(w, &e), XC_OK);
    assert_int_equal(xc_writable_doc_count(w, &count, &e), XC_OK);
    assert_int_equal(count, 0);
    assert_int_equal(postings_of(w, "flushed"), 0);
    assert_int_equal(xc_writable_begin(w, &e), XC_OK);
    add_doc(w, tg, "kept#1", "flushed words", "a");
    add_doc(w, tg, "kept#2", "flushed words", "b");
    assert_int_equal(xc_writable_commit_transaction(w, &e), XC_OK);
    xc_writable_free(w);

    assert_int_equal(unsetenv("XAPIAN_FLUSH_THRESHOLD"), 0);
    assert_int_equal(xc_writable_open_flushing(path, 0, 5, &w, &e), XC_OK);
    assert_null(getenv("XAPIAN_FLUSH_THRESHOLD"));
    assert_int_equal(xc_writable_doc_count(w, &count, &e), XC_OK);
    assert_int_equal(count, 2);
    assert_int_equal(postings_of(w, "flushed"), 2);
    assert_int_equal(postings_of(w, "Qgone#1"), 0);
    xc_writable_free(w);
    xc_termgen_free(tg);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_too_long_term_is_an_error(void **state) {
    xc_document *doc;
    char term[400];
    xc_error e;
    char *dir = ts_tempdir(), *path = ts_path(dir, "idx");
    xc_writable *w;
    (void)state;
    memset(term, 'a', sizeof term - 1);
    term[sizeof term - 1] = '\0';
    assert_int_equal(xc_writable_open(path, XC_WRITABLE_CREATE, &w, &e), XC_OK);
    assert_int_equal(xc_document_new(&doc, &e), XC_OK);
    assert_int_equal(xc_document_add_boolean_term(doc, term, &e), XC_OK);
    /* Xapian refuses it when the document is written, not before. */
    assert_int_not_equal(xc_writable_replace(w, "Qx", doc, NULL, &e), XC_OK);
    assert_true(strlen(e.message) > 0);
    xc_document_free(doc);
    xc_writable_free(w);
    ts_rmtree(dir);
    free(path);
    free(dir);
}

static void test_unicode_helpers(void **state) {
    (void)state;
    assert_true(xc_unicode_is_wordchar('a'));
    assert_true(xc_unicode_is_wordchar(0xE9));
    assert_false(xc_unicode_is_wordchar(' '));
    assert_false(xc_unicode_is_wordchar(0x2019));
    assert_int_equal(xc_unicode_tolower('A'), 'a');
    assert_int_equal(xc_unicode_tolower(0xC9), 0xE9);
    assert_string_equal(xc_status_name(XC_ERR_LOCKED), "locked");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_database),
        cmocka_unit_test(test_locked_database),
        cmocka_unit_test(test_add_document),
        cmocka_unit_test(test_open_without_create),
        cmocka_unit_test(test_malformed_query),
        cmocka_unit_test(test_libstemmer_in_term_generator),
        cmocka_unit_test(test_stopwords_keep_unstemmed_form),
        cmocka_unit_test(test_write_search_collapse),
        cmocka_unit_test(test_prior_weighs_alike_in_every_path),
        cmocka_unit_test(test_docids_restrict_like_their_terms),
        cmocka_unit_test(test_matching_terms_of_many_documents),
        cmocka_unit_test(test_values_read_at_once),
        cmocka_unit_test(test_transaction_cancel_discards),
        cmocka_unit_test(test_flushes_inside_a_transaction),
        cmocka_unit_test(test_too_long_term_is_an_error),
        cmocka_unit_test(test_unicode_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
