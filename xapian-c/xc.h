/* xc.h — a small C API over libxapian 1.4, the only door from C into Xapian.
 *
 * Handles are opaque. Every call that can fail returns an xc_status (XC_OK is
 * 0, failures are negative) and, when `err` is not NULL, fills it with a
 * message that says what failed. No C++ exception ever crosses this header.
 *
 * Ownership: each `_new`/`_open` result is freed by the matching `_free`,
 * which accepts NULL. Strings handed out as `char **` are malloc'd and freed
 * by the caller with free(). Pointers handed out as `const char **` stay
 * valid until the next call on the same handle or until it is freed.
 *
 * Threads: a handle is used by one thread at a time. Handles made from a
 * database (enquire, match sets, documents) must not outlive it.
 *
 * The stemmer behind the term generator and the query parser is libstemmer's
 * Snowball English, wrapped as a Xapian::StemImplementation, so indexing and
 * query parsing share one stemmer with the C side's highlighter.
 */
#ifndef LANTERN_XC_H
#define LANTERN_XC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xc_status {
    XC_OK = 0,
    XC_ERR_NOMEM = -1,       /* an allocation failed */
    XC_ERR_NOT_FOUND = -2,   /* no database at that path, or no such document */
    XC_ERR_LOCKED = -3,      /* another writer holds the database's lock */
    XC_ERR_QUERY = -4,       /* the query string could not be parsed */
    XC_ERR_MODIFIED = -5,    /* a reader's snapshot is gone: reopen and retry */
    XC_ERR_CORRUPT = -6,     /* the database is damaged */
    XC_ERR_OPENING = -7,     /* the database could not be opened (other reason) */
    XC_ERR_INVALID = -8,     /* a bad argument (too long a term, a bad slot …) */
    XC_ERR_XAPIAN = -9,      /* any other Xapian::Error */
    XC_ERR_UNKNOWN = -10     /* anything else thrown */
} xc_status;

/* What failed, for people. `status` repeats the return value. */
typedef struct xc_error {
    xc_status status;
    char message[512];
} xc_error;

/* A short fixed name for a status ("locked", "query", …); never NULL. */
const char *xc_status_name(xc_status status);

typedef struct xc_database xc_database;   /* read-only, one or more shards */
typedef struct xc_writable xc_writable;   /* the one writer of a database */
typedef struct xc_document xc_document;
typedef struct xc_termgen xc_termgen;
typedef struct xc_queryparser xc_queryparser;
typedef struct xc_query xc_query;
typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;

typedef uint32_t xc_docid;

/* Called once per item of a listing; return non-zero to stop early. */
typedef int (*xc_term_fn)(void *ctx, const char *term, size_t term_len,
                          uint32_t wdf);
typedef int (*xc_docid_fn)(void *ctx, xc_docid docid);

/* ---- Read-only databases ---------------------------------------------- */

/* Opens `n_paths` shard directories as one database. */
xc_status xc_database_open(const char *const *paths, size_t n_paths,
                           xc_database **out, xc_error *err);
/* Keep the documents' lengths in memory for BM25 (4 bytes a document,
 * read again after a reopen that moved the database): matches weighed by
 * xc_enquire_set_bm25 then skip Xapian's length lookups, which at a
 * million documents were most of a query's time. Scores and order are
 * Xapian's BM25. Worth it for a handle that answers many queries; the
 * first query reads every length. Remote shards weigh as before. */
void xc_database_cache_lengths(xc_database *db, int on);
/* Bytes the whole process may keep of terms' postings in memory, read on
 * a term's first use by a handle that keeps lengths and walked from memory
 * after, by every handle and thread (xc_postings.h); least recently used
 * go first. 0 (the default) keeps none and frees what was kept. Results
 * are the same either way. */
void xc_postings_cache_budget(size_t bytes);
/* Bytes kept now (for reports). */
size_t xc_postings_cache_bytes(void);
void xc_database_free(xc_database *db);

/* Moves to the newest committed revision. `changed` (may be NULL) is set to
 * 1 when the view may have changed. */
xc_status xc_database_reopen(xc_database *db, int *changed, xc_error *err);

typedef struct xc_database_stats {
    uint32_t doc_count;
    uint32_t last_docid;     /* the highest docid used (deleted ones leave gaps) */
    double avg_length;
} xc_database_stats;

xc_status xc_database_stats_get(xc_database *db, xc_database_stats *out,
                                xc_error *err);

/* The sum of the revisions of the databases `db` was opened from (each
 * shard behind a stub counted): every commit to any of them raises it.
 * The databases are opened afresh to read it, so it says what is on disk
 * now. 0 when one of them gives no revision (a remote shard). */
xc_status xc_database_revision(xc_database *db, uint64_t *out, xc_error *err);

xc_status xc_database_get_document(xc_database *db, xc_docid docid,
                                   xc_document **out, xc_error *err);
xc_status xc_database_term_freq(xc_database *db, const char *term,
                                uint32_t *out, xc_error *err);
/* Calls `fn` for each document indexed by `term`, in docid order. */
xc_status xc_database_postings(xc_database *db, const char *term,
                               xc_docid_fn fn, void *ctx, xc_error *err);
/* Calls `fn` (wdf 0) for each synonym of `term` stored in the database. */
xc_status xc_database_synonyms(xc_database *db, const char *term,
                               xc_term_fn fn, void *ctx, xc_error *err);
/* Calls `fn` for each term starting with `prefix`, in byte order, with its
 * document frequency in the `wdf` argument; stops when fn returns non-zero. */
xc_status xc_database_allterms(xc_database *db, const char *prefix,
                               xc_term_fn fn, void *ctx, xc_error *err);
/* Calls `fn` for each word of the spelling data starting with `prefix`, in
 * byte order, with its frequency in the `wdf` argument; stops when fn
 * returns non-zero. */
xc_status xc_database_spellings(xc_database *db, const char *prefix, xc_term_fn fn,
                                void *ctx, xc_error *err);
/* Calls `fn` (wdf 0) for each key of the synonym table. */
xc_status xc_database_synonym_keys(xc_database *db, xc_term_fn fn, void *ctx,
                                   xc_error *err);
/* The spelling data's best correction of `word` within `max_edit` edits, or
 * *out = NULL when there is none. */
xc_status xc_database_spelling(xc_database *db, const char *word,
                               unsigned max_edit, char **out, xc_error *err);

/* The value stored under `key` by xc_writable_set_metadata; *out is a
 * malloc'd string, "" when the key is not set. */
xc_status xc_database_get_metadata(xc_database *db, const char *key,
                                   char **out, xc_error *err);

/* ---- The writer -------------------------------------------------------- */

enum {
    XC_WRITABLE_CREATE = 1,      /* create the database when it is missing */
    XC_WRITABLE_RETRY_LOCK = 2,  /* wait for another writer instead of failing */
    XC_WRITABLE_NO_SYNC = 4      /* skip fsync (benchmarks, throwaway indexes) */
};

xc_status xc_writable_open(const char *path, int flags, xc_writable **out,
                           xc_error *err);
/* xc_writable_open, with Xapian writing its buffered postings and
 * positions into the tables (not committing them) every `flush_docs`
 * added or deleted documents, inside a transaction too; 0 keeps Xapian's
 * own threshold. Xapian 1.4 reads the threshold only from the environment
 * (XAPIAN_FLUSH_THRESHOLD) as the database opens, so this sets it around
 * the open and restores it: open writers before starting threads that
 * read the environment. */
xc_status xc_writable_open_flushing(const char *path, int flags, uint32_t flush_docs,
                                    xc_writable **out, xc_error *err);
/* Releases the writer. Changes outside a transaction that were not
 * committed are committed by Xapian here; an open transaction is cancelled. */
void xc_writable_free(xc_writable *w);

xc_status xc_writable_doc_count(xc_writable *w, uint32_t *out, xc_error *err);
/* Adds a new document (the caller knows no document holds its id term:
 * cheaper than a replace, which looks the term up first). */
xc_status xc_writable_add(xc_writable *w, xc_document *doc, xc_docid *docid_out,
                          xc_error *err);
/* Replaces the document holding `unique_term` (adds it if none does). */
xc_status xc_writable_replace(xc_writable *w, const char *unique_term,
                              xc_document *doc, xc_docid *docid_out,
                              xc_error *err);
xc_status xc_writable_delete(xc_writable *w, xc_docid docid, xc_error *err);
xc_status xc_writable_get_document(xc_writable *w, xc_docid docid,
                                   xc_document **out, xc_error *err);
xc_status xc_writable_postings(xc_writable *w, const char *term,
                               xc_docid_fn fn, void *ctx, xc_error *err);
/* xc_database_allterms over the writer's view (pending changes included). */
xc_status xc_writable_allterms(xc_writable *w, const char *prefix,
                               xc_term_fn fn, void *ctx, xc_error *err);
xc_status xc_writable_add_spelling(xc_writable *w, const char *word,
                                   uint32_t inc, xc_error *err);
xc_status xc_writable_remove_spelling(xc_writable *w, const char *word,
                                      uint32_t dec, xc_error *err);
xc_status xc_writable_add_synonym(xc_writable *w, const char *term,
                                  const char *synonym, xc_error *err);
xc_status xc_writable_clear_synonyms(xc_writable *w, const char *term,
                                     xc_error *err);
/* Calls `fn` for each key of the synonym table. */
xc_status xc_writable_synonym_keys(xc_writable *w, xc_term_fn fn, void *ctx,
                                   xc_error *err);
xc_status xc_writable_set_metadata(xc_writable *w, const char *key,
                                   const char *value, xc_error *err);
xc_status xc_writable_get_metadata(xc_writable *w, const char *key,
                                   char **out, xc_error *err);
xc_status xc_writable_commit(xc_writable *w, xc_error *err);
/* A transaction makes a batch all-or-nothing: begin commits what is pending,
 * commit_transaction commits the batch, cancel throws it away. */
xc_status xc_writable_begin(xc_writable *w, xc_error *err);
xc_status xc_writable_commit_transaction(xc_writable *w, xc_error *err);
xc_status xc_writable_cancel_transaction(xc_writable *w, xc_error *err);

/* ---- Documents --------------------------------------------------------- */

xc_status xc_document_new(xc_document **out, xc_error *err);
void xc_document_free(xc_document *doc);

xc_status xc_document_set_data(xc_document *doc, const char *data,
                               size_t len, xc_error *err);
xc_status xc_document_data(xc_document *doc, const char **data,
                           size_t *len, xc_error *err);
xc_status xc_document_add_value(xc_document *doc, unsigned slot,
                                const char *value, size_t len, xc_error *err);
xc_status xc_document_value(xc_document *doc, unsigned slot,
                            const char **value, size_t *len, xc_error *err);
xc_status xc_document_add_term(xc_document *doc, const char *term,
                               uint32_t wdf, xc_error *err);
xc_status xc_document_add_boolean_term(xc_document *doc, const char *term,
                                       xc_error *err);
xc_status xc_document_add_posting(xc_document *doc, const char *term,
                                  uint32_t pos, uint32_t wdf, xc_error *err);
/* Calls `fn` for every term of the document, in byte order. */
xc_status xc_document_terms(xc_document *doc, xc_term_fn fn, void *ctx,
                            xc_error *err);

/* ---- The term generator ------------------------------------------------ */

typedef enum xc_stem_strategy {
    XC_STEM_NONE, XC_STEM_SOME, XC_STEM_ALL, XC_STEM_ALL_Z,
    XC_STEM_SOME_FULL_POS
} xc_stem_strategy;

xc_status xc_termgen_new(xc_termgen **out, xc_error *err);
void xc_termgen_free(xc_termgen *tg);
xc_status xc_termgen_set_stemming(xc_termgen *tg, xc_stem_strategy s,
                                  xc_error *err);
/* Words in `words` get no stemmed term (their unstemmed form stays, so
 * phrases still match them). The list is copied. */
xc_status xc_termgen_set_stopwords(xc_termgen *tg, const char *const *words,
                                   size_t n_words, xc_error *err);
/* Terms go into `doc`, which must outlive its use here. Term positions
 * restart at 0. */
xc_status xc_termgen_set_document(xc_termgen *tg, xc_document *doc,
                                  xc_error *err);
xc_status xc_termgen_index_text(xc_termgen *tg, const char *text, size_t len,
                                uint32_t wdf_inc, const char *prefix,
                                xc_error *err);
/* Leaves a gap so phrases cannot match across fields or posts. */
xc_status xc_termgen_increase_termpos(xc_termgen *tg, uint32_t delta,
                                      xc_error *err);

/* ---- Queries ----------------------------------------------------------- */

typedef enum xc_op {
    XC_OP_AND, XC_OP_OR, XC_OP_AND_NOT, XC_OP_AND_MAYBE, XC_OP_FILTER,
    XC_OP_NEAR, XC_OP_PHRASE, XC_OP_SYNONYM, XC_OP_MAX
} xc_op;

/* QueryParser flags (the values Xapian uses). */
enum {
    XC_QP_BOOLEAN = 1, XC_QP_PHRASE = 2, XC_QP_LOVEHATE = 4,
    XC_QP_BOOLEAN_ANY_CASE = 8, XC_QP_WILDCARD = 16, XC_QP_PURE_NOT = 32,
    XC_QP_PARTIAL = 64, XC_QP_SPELLING_CORRECTION = 128,
    XC_QP_SYNONYM = 256, XC_QP_AUTO_SYNONYMS = 512,
    XC_QP_AUTO_MULTIWORD_SYNONYMS = 1024
};

xc_status xc_query_new_term(const char *term, uint32_t wqf, uint32_t pos,
                            xc_query **out, xc_error *err);
/* Combines `n` subqueries (which stay owned by the caller). `window` is
 * used by NEAR and PHRASE (0: the number of subqueries). */
xc_status xc_query_new_op(xc_op op, xc_query *const *subs, size_t n,
                          unsigned window, xc_query **out, xc_error *err);
xc_status xc_query_new_scaled(xc_query *sub, double factor, xc_query **out,
                              xc_error *err);
/* `sub` with each document's weight multiplied by factors[i] for the
 * first of the n boolean terms[i] it holds (1 when none): a prior that
 * the matcher ranks by (xc_prior.h). */
xc_status xc_query_new_prior(xc_query *sub, const char *const *terms, const double *factors,
                             size_t n, xc_query **out, xc_error *err);
/* Matches documents whose value in `slot` lies in [lo, hi] (byte order). */
xc_status xc_query_new_value_range(unsigned slot, const char *lo,
                                   const char *hi, xc_query **out,
                                   xc_error *err);
/* The documents docids[0..n) of `db`, with no weight, where `fallback`
 * matches the same documents by other means (an OR of their id terms):
 * matched by docid where the shim can (xc_docids.h), which costs no
 * posting list per document; as `fallback` on a remote shard, or where
 * the database's parts cannot be told apart, or under a scheme other than
 * xc_enquire_set_bm25's. */
xc_status xc_query_new_docids(xc_database *db, const xc_docid *docids, size_t n,
                              const xc_query *fallback, xc_query **out, xc_error *err);
/* Matches every document with weight `weight` (combine with FILTER to
 * give a set of documents a fixed boost). */
xc_status xc_query_new_fixed_weight(double weight, xc_query **out, xc_error *err);
void xc_query_free(xc_query *q);
int xc_query_is_empty(const xc_query *q);
/* Calls `fn` (wdf 0) for each distinct term in the query, in byte order. */
xc_status xc_query_terms(const xc_query *q, xc_term_fn fn, void *ctx,
                         xc_error *err);
/* Xapian's description of the query, for debugging and tests. */
xc_status xc_query_describe(const xc_query *q, char **out, xc_error *err);

xc_status xc_queryparser_new(xc_queryparser **out, xc_error *err);
void xc_queryparser_free(xc_queryparser *qp);
/* Needed for spelling correction, synonyms and wildcards; `db` must outlive
 * the parser's use of it. */
xc_status xc_queryparser_set_database(xc_queryparser *qp, xc_database *db,
                                      xc_error *err);
xc_status xc_queryparser_set_default_op(xc_queryparser *qp, xc_op op,
                                        xc_error *err);
xc_status xc_queryparser_set_stopwords(xc_queryparser *qp,
                                       const char *const *words,
                                       size_t n_words, xc_error *err);
xc_status xc_queryparser_add_prefix(xc_queryparser *qp, const char *field,
                                    const char *prefix, xc_error *err);
xc_status xc_queryparser_add_boolean_prefix(xc_queryparser *qp,
                                            const char *field,
                                            const char *prefix,
                                            xc_error *err);
/* Parses `query`. `default_prefix` (may be NULL) is put on unfielded terms.
 * With XC_QP_SPELLING_CORRECTION, *corrected (may be NULL) receives the
 * corrected query string, or NULL when no correction was found. */
xc_status xc_queryparser_parse(xc_queryparser *qp, const char *query,
                               unsigned flags, const char *default_prefix,
                               xc_query **out, char **corrected,
                               xc_error *err);

/* ---- Searching --------------------------------------------------------- */

xc_status xc_enquire_new(xc_database *db, xc_enquire **out, xc_error *err);
void xc_enquire_free(xc_enquire *e);
xc_status xc_enquire_set_query(xc_enquire *e, const xc_query *q,
                               xc_error *err);
/* Keeps at most `max` documents per distinct value of `slot`. */
xc_status xc_enquire_set_collapse_key(xc_enquire *e, unsigned slot,
                                      unsigned max, xc_error *err);
xc_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3,
                              double b, double min_normlen, xc_error *err);
/* Matches without weighing: every document weighs 0 and comes in docid
 * order (Xapian's BoolWeight), and no document's length is read. */
xc_status xc_enquire_set_boolean(xc_enquire *e, xc_error *err);
xc_status xc_enquire_mset(xc_enquire *e, uint32_t first, uint32_t max_items,
                          uint32_t check_at_least, xc_mset **out,
                          xc_error *err);

/* The terms of e's query that document `docid` holds, to fn (wdf 0). */
xc_status xc_enquire_matching_terms(xc_enquire *e, xc_docid docid, xc_term_fn fn,
                                    void *ctx, xc_error *err);
/* Called with a term of a query that document docids[index] holds; return
 * non-zero to stop early. */
typedef int (*xc_doc_term_fn)(void *ctx, size_t index, const char *term, size_t term_len);
/* For each of docids[0..n) (any order, repeats allowed), the terms of e's
 * query it holds, to fn, in no set order: what xc_enquire_matching_terms
 * gives each, found by walking each term's postings once over them all
 * rather than each document's terms (a page of posts holds hundreds of
 * terms each, a query a dozen). */
xc_status xc_enquire_matching_terms_of(xc_enquire *e, const xc_docid *docids, size_t n,
                                       xc_doc_term_fn fn, void *ctx, xc_error *err);

void xc_mset_free(xc_mset *m);
uint32_t xc_mset_size(const xc_mset *m);
uint32_t xc_mset_estimate(const xc_mset *m);

typedef struct xc_mset_item {
    xc_docid docid;
    double weight;
    uint32_t collapse_count;   /* documents collapsed into this one (a lower bound) */
} xc_mset_item;

xc_status xc_mset_item_get(const xc_mset *m, uint32_t index,
                           xc_mset_item *out, xc_error *err);
xc_status xc_mset_document(const xc_mset *m, uint32_t index,
                           xc_document **out, xc_error *err);
/* The value in `slot` of item `index`'s document; valid until the next
 * call on m. Reads the document's values only, not its data. */
xc_status xc_mset_value(xc_mset *m, uint32_t index, unsigned slot, const char **value,
                        size_t *len, xc_error *err);
/* Reads the value in `slot` of every item of m at once, for xc_mset_value
 * to answer from: from memory where db keeps them (a searcher caching
 * lengths, postings kept by the process, every shard local), else
 * nothing is read here and xc_mset_value asks each document. m must come
 * from an enquire on db. */
xc_status xc_mset_read_values(xc_database *db, xc_mset *m, unsigned slot, xc_error *err);
/* The collapse key of item `index` (its value in the collapse slot); valid
 * until the next call on m. */
xc_status xc_mset_collapse_key(xc_mset *m, uint32_t index, const char **key,
                               size_t *len, xc_error *err);

/* ---- Unicode, as Xapian's term generator sees it ----------------------- */

/* 1 if Xapian treats code point `ch` as part of a word. */
int xc_unicode_is_wordchar(uint32_t ch);
uint32_t xc_unicode_tolower(uint32_t ch);

#ifdef __cplusplus
}
#endif

#endif /* LANTERN_XC_H */
