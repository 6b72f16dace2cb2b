/* lt_writer.c — building documents from posts and writing them in batches. */
#include "lt_writer.h"

#include <stdlib.h>
#include <string.h>

#include "lt_analyzer.h"
#include "lt_buf.h"
#include "lt_counts.h"
#include "lt_record.h"
#include "lt_schema.h"
#include "lt_xc.h"
#include "xc.h"

struct lt_writer {
    xc_writable *db;
    lt_analyzer *analyzer;
    lt_counts *old_words;  /* a removed document's spelling words */
    char *path;
    lt_writer_options opts;
    int in_batch;          /* a transaction is open */
    size_t batch_posts;    /* posts written in it */
    int schema_written;
    int failed;            /* an error threw a batch away: refuse more */
    lt_writer_stats stats;
    lt_buf term, rec, doc_id;
    lt_counts *spelling;   /* words of the batch for the spelling data, not
                              yet given to Xapian (or the pool): once per
                              word per batch costs far less than once per
                              word per post */
    xc_docid *old;         /* documents of the thread being replaced */
    size_t n_old, cap_old;
};

lt_status lt_writer_open(const char *path, const lt_writer_options *options,
                         lt_writer **out, lt_error *err) {
    lt_writer *w;
    xc_error xe;
    char *schema = NULL;
    uint32_t count = 0;
    int flags = 0;
    lt_status rc;
    *out = NULL;
    w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return lt_error_set(err, LT_ENOMEM, "%s: out of memory", path);
    }
    if (options) w->opts = *options;
    if (!w->opts.batch_posts) w->opts.batch_posts = LT_WRITER_DEFAULT_BATCH;
    if (!w->opts.flush_posts) w->opts.flush_posts = LT_WRITER_DEFAULT_FLUSH;
    lt_buf_init(&w->term, 1024);
    lt_buf_init(&w->rec, 4 * LT_MAX_FIELD_BYTES);
    lt_buf_init(&w->doc_id, 2 * LT_MAX_NAME_BYTES);
    if (w->opts.create) flags |= XC_WRITABLE_CREATE;
    if (w->opts.no_sync) flags |= XC_WRITABLE_NO_SYNC;
    if (xc_writable_open_flushing(path, flags, (uint32_t)w->opts.flush_posts, &w->db, &xe) !=
        XC_OK) {
        rc = lt_error_from_xc(err, path, &xe);
        goto fail;
    }
    /* Refuse an index whose documents we would misread. */
    if (xc_writable_doc_count(w->db, &count, &xe) != XC_OK ||
        xc_writable_get_metadata(w->db, LT_SCHEMA_KEY, &schema, &xe) != XC_OK) {
        rc = lt_error_from_xc(err, path, &xe);
        goto fail;
    }
    if (count > 0 && strcmp(schema, LT_SCHEMA_VERSION) != 0) {
        rc = lt_error_set(err, LT_EINDEX,
                          "%s: written by another version of Lantern (schema '%s', this one "
                          "writes '%s'): index into a new folder",
                          path, schema, LT_SCHEMA_VERSION);
        goto fail;
    }
    w->schema_written = count > 0;
    if (!(w->spelling = lt_counts_new()) || !(w->old_words = lt_counts_new()) ||
        !(w->analyzer = lt_analyzer_new())) {
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", path);
        goto fail;
    }
    free(schema);
    *out = w;
    return LT_OK;
fail:
    free(schema);
    lt_writer_free(w);
    return rc;
}

void lt_writer_free(lt_writer *w) {
    if (!w) return;
    /* xc_writable_free cancels an open transaction: the batch is dropped. */
    xc_writable_free(w->db);
    lt_analyzer_free(w->analyzer);
    lt_counts_free(w->spelling);
    lt_counts_free(w->old_words);
    lt_buf_release(&w->term);
    lt_buf_release(&w->rec);
    lt_buf_release(&w->doc_id);
    free(w->old);
    free(w->path);
    free(w);
}

const lt_writer_stats *lt_writer_get_stats(const lt_writer *w) { return &w->stats; }

lt_status lt_writer_doc_count(lt_writer *w, uint32_t *out, lt_error *err) {
    xc_error xe;
    if (xc_writable_doc_count(w->db, out, &xe) != XC_OK)
        return lt_error_from_xc(err, w->path, &xe);
    return LT_OK;
}

/* Throws the open batch away after a failure and refuses further work. */
static lt_status fail_batch(lt_writer *w, lt_status rc) {
    xc_error ignored;
    if (w->spelling) lt_counts_reset(w->spelling);
    if (w->in_batch) xc_writable_cancel_transaction(w->db, &ignored);
    w->in_batch = 0;
    w->batch_posts = 0;
    w->failed = 1;
    return rc;
}

static lt_status begin_batch(lt_writer *w, lt_error *err) {
    xc_error xe;
    if (w->failed)
        return lt_error_set(err, LT_EINDEX, "%s: writer stopped after an earlier error",
                            w->path);
    if (w->in_batch) return LT_OK;
    if (xc_writable_begin(w->db, &xe) != XC_OK)
        return fail_batch(w, lt_error_from_xc(err, w->path, &xe));
    w->in_batch = 1;
    if (!w->schema_written) {
        if (xc_writable_set_metadata(w->db, LT_SCHEMA_KEY, LT_SCHEMA_VERSION, &xe) != XC_OK)
            return fail_batch(w, lt_error_from_xc(err, w->path, &xe));
        w->schema_written = 1;
    }
    return LT_OK;
}

typedef struct spelling_flush {
    xc_writable *db;
    xc_error *xe;
} spelling_flush;

static int flush_word(void *ctx, const char *word, uint32_t count) {
    spelling_flush *f = ctx;
    return xc_writable_add_spelling(f->db, word, count, f->xe) != XC_OK;
}

static int unflush_word(void *ctx, const char *word, uint32_t count) {
    spelling_flush *f = ctx;
    return xc_writable_remove_spelling(f->db, word, count, f->xe) != XC_OK;
}

/* Gives Xapian the words of `words` in byte order: each word's lookup in
 * the spelling table then reads the blocks the one before it left in
 * Xapian's cursor, which halves the spelling data's cost (hash order sent
 * every lookup to a different block). */
static lt_status give_words(lt_writer *w, const lt_counts *words,
                            int (*fn)(void *ctx, const char *s, uint32_t count),
                            spelling_flush *f, lt_error *err) {
    int stopped;
    if (lt_counts_each_sorted(words, fn, f, &stopped) != 0)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    if (stopped) return lt_error_from_xc(err, w->path, f->xe);
    return LT_OK;
}

/* The batch's spelling words, inside its transaction: to Xapian, or to the
 * pool of a sharded index, whose owner then gives Xapian all the pool has
 * (removals first: they are of words given before). */
static lt_status flush_spelling(lt_writer *w, lt_error *err) {
    xc_error xe;
    spelling_flush f = {w->db, &xe};
    lt_spelling_pool *pool = w->opts.spelling_pool;
    lt_counts *add = NULL, *remove = NULL;
    lt_status rc = LT_OK;
    if (!pool) {
        if ((rc = give_words(w, w->spelling, flush_word, &f, err)) != LT_OK) return rc;
        lt_counts_reset(w->spelling);
        return LT_OK;
    }
    if (lt_spelling_pool_give(pool, w->spelling) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    if (!w->opts.spelling_owner) return LT_OK;
    if (lt_spelling_pool_drain(pool, &add, &remove) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    rc = give_words(w, remove, unflush_word, &f, err);
    if (rc == LT_OK) rc = give_words(w, add, flush_word, &f, err);
    lt_counts_free(add);
    lt_counts_free(remove);
    return rc;
}

lt_status lt_writer_commit(lt_writer *w, lt_error *err) {
    xc_error xe;
    lt_status rc;
    if (w->failed)
        return lt_error_set(err, LT_EINDEX, "%s: writer stopped after an earlier error",
                            w->path);
    /* The pool's owner commits what the pool holds even with no batch of
     * its own open. */
    if (!w->in_batch && w->opts.spelling_owner && w->opts.spelling_pool &&
        lt_spelling_pool_pending(w->opts.spelling_pool) && (rc = begin_batch(w, err)) != LT_OK)
        return rc;
    if (!w->in_batch) return LT_OK;
    if ((rc = flush_spelling(w, err)) != LT_OK) return fail_batch(w, rc);
    w->in_batch = 0;
    w->batch_posts = 0;
    if (xc_writable_commit_transaction(w->db, &xe) != XC_OK) {
        w->failed = 1;
        return lt_error_from_xc(err, w->path, &xe);
    }
    w->stats.commits++;
    return LT_OK;
}

/* ---- Spelling data ---- */

/* A document gives the spelling data the words of its title and its own
 * words (not quoted words: they are in the quoted post already), counted
 * by the analyzer as it indexes them. A removed document takes back the
 * same words, found again in its stored record. Words of the open batch
 * not yet given to Xapian are taken back from the batch first. */
typedef struct spelling_removal {
    lt_writer *w;
    xc_error *xe;
    int pool_failed;
} spelling_removal;

static int remove_word(void *ctx, const char *word, uint32_t n) {
    spelling_removal *r = ctx;
    n -= lt_counts_take(r->w->spelling, word, strlen(word), n);
    if (n && r->w->opts.spelling_pool) {
        r->pool_failed = lt_spelling_pool_take_back(r->w->opts.spelling_pool, word, n) != LT_OK;
        return r->pool_failed;
    }
    return n && xc_writable_remove_spelling(r->w->db, word, n, r->xe) != XC_OK;
}

static lt_status remove_spelling_of(lt_writer *w, xc_document *doc, lt_error *err) {
    const char *data;
    size_t len;
    lt_record r;
    xc_error xe;
    spelling_removal sr = {w, &xe, 0};
    if (xc_document_data(doc, &data, &len, &xe) != XC_OK)
        return lt_error_from_xc(err, w->path, &xe);
    /* A record we cannot read gave nothing we could take back. */
    if (lt_record_decode(data, len, &r) != LT_OK) return LT_OK;
    lt_counts_reset(w->old_words);
    if (lt_analyzer_count(w->analyzer, r.title.s, r.title.len, w->old_words) != LT_OK ||
        lt_analyzer_count(w->analyzer, r.text.s, r.text.len, w->old_words) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    if (lt_counts_each(w->old_words, remove_word, &sr))
        return sr.pool_failed ? lt_error_set(err, LT_ENOMEM, "out of memory")
                              : lt_error_from_xc(err, w->path, &xe);
    return LT_OK;
}

/* ---- Removing a thread's documents ---- */

static int collect_docid(void *ctx, xc_docid id) {
    lt_writer *w = ctx;
    if (w->n_old == w->cap_old) {
        size_t cap = w->cap_old ? w->cap_old * 2 : 64;
        xc_docid *n = realloc(w->old, cap * sizeof *n);
        if (!n) return 1;
        w->old = n;
        w->cap_old = cap;
    }
    w->old[w->n_old++] = id;
    return 0;
}

/* Removes every document indexed by `term` (a thread's XTH term), with
 * its words in the spelling data; *n gets how many there were. */
static lt_status remove_docs(lt_writer *w, const char *term, uint64_t *n, lt_error *err) {
    xc_error xe;
    size_t i;
    lt_status rc;
    *n = 0;
    w->n_old = 0;
    if (xc_writable_postings(w->db, term, collect_docid, w, &xe) != XC_OK)
        return lt_error_from_xc(err, w->path, &xe);
    for (i = 0; i < w->n_old; i++) {
        xc_document *doc;
        if (xc_writable_get_document(w->db, w->old[i], &doc, &xe) != XC_OK)
            return lt_error_from_xc(err, w->path, &xe);
        rc = remove_spelling_of(w, doc, err);
        xc_document_free(doc);
        if (rc != LT_OK) return rc;
        if (xc_writable_delete(w->db, w->old[i], &xe) != XC_OK)
            return lt_error_from_xc(err, w->path, &xe);
        (*n)++;
    }
    return LT_OK;
}

lt_status lt_writer_thread_term(lt_buf *out, const char *id) {
    return lt_schema_term(out, LT_PREFIX_THREAD, id, strlen(id), 0);
}

/* ---- Building a document ---- */

#define CHECK_XC(call)                                   \
    do {                                                 \
        if ((call) != XC_OK) {                           \
            rc = lt_error_from_xc(err, w->path, &xe);    \
            goto done;                                   \
        }                                                \
    } while (0)

static lt_status add_boolean(lt_writer *w, xc_document *doc, const char *prefix,
                             const char *value, int lower, lt_error *err) {
    xc_error xe;
    if (lt_schema_term(&w->term, prefix, value, strlen(value), lower) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    if (xc_document_add_boolean_term(doc, w->term.data, &xe) != XC_OK)
        return lt_error_from_xc(err, w->path, &xe);
    return LT_OK;
}

/* One free-text field, then a gap so phrases never span two fields; pos
 * NULL: the field has no positions. */
static lt_status index_field(lt_writer *w, xc_document *doc, const char *prefix,
                             const char *text, uint32_t *pos, lt_counts *spelling,
                             lt_error *err) {
    xc_error xe;
    lt_status rc = lt_analyzer_index(w->analyzer, doc, prefix, text, strlen(text), pos,
                                     spelling, &xe);
    if (rc == LT_EINDEX) return lt_error_from_xc(err, w->path, &xe);
    if (rc != LT_OK) return lt_error_set(err, rc, "out of memory");
    if (pos) *pos += LT_FIELD_GAP;
    return LT_OK;
}

static lt_status add_post(lt_writer *w, const lt_thread *t, const lt_post *p,
                          lt_error *err) {
    xc_document *doc = NULL;
    xc_error xe;
    lt_status rc = LT_OK;
    uint32_t pos = 0;
    char date[13];
    const char *title = lt_post_title(t, p);

    lt_buf_reset(&w->doc_id);
    lt_buf_appendf(&w->doc_id, "%s#%u", t->id, p->position);
    lt_buf_reset(&w->rec);
    if (lt_buf_status(&w->doc_id) != LT_OK ||
        lt_record_encode(t, p, w->doc_id.data, w->doc_id.len, &w->rec) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "%s: out of memory", t->id);

    CHECK_XC(xc_document_new(&doc, &xe));
    if ((rc = index_field(w, doc, LT_PREFIX_TITLE, title, &pos, w->spelling, err)) ||
        (rc = index_field(w, doc, LT_PREFIX_BODY, p->text, &pos, w->spelling, err)) ||
        /* Quoted words count for a little (lt_query.h) and are never
         * looked for as phrases: their positions would cost a sixth of
         * the indexing time and add nothing. */
        (rc = index_field(w, doc, LT_PREFIX_QUOTED, p->quoted, NULL, NULL, err)))
        goto done;

    if ((rc = add_boolean(w, doc, LT_PREFIX_THREAD, t->id, 0, err)) ||
        (rc = add_boolean(w, doc, LT_PREFIX_ROLE, lt_role_name(p->role), 0, err)) ||
        (rc = add_boolean(w, doc, LT_PREFIX_TYPE, lt_doc_type_name(t->type), 0, err)))
        goto done;
    if (p->author[0] && (rc = add_boolean(w, doc, LT_PREFIX_AUTHOR, p->author, 1, err)))
        goto done;
    if (t->forum && t->forum[0] &&
        (rc = add_boolean(w, doc, LT_PREFIX_FORUM, t->forum, 1, err)))
        goto done;
    /* Dates are a value (slot) only: ranges are searched on it. */
    if (lt_schema_date_value(p->date, date))
        CHECK_XC(xc_document_add_value(doc, LT_SLOT_DATE, date, 12, &xe));
    {
        char kind = t->type == LT_TYPE_FAQ        ? LT_KIND_FAQ
                    : p->role == LT_ROLE_ADVISER ? LT_KIND_ADVISER
                                                 : LT_KIND_MEMBER;
        lt_buf_reset(&w->term);
        lt_buf_append_char(&w->term, kind);
        lt_buf_append(&w->term, w->doc_id.data, w->doc_id.len);
        if (lt_buf_status(&w->term) != LT_OK) {
            rc = lt_error_set(err, LT_ENOMEM, "out of memory");
            goto done;
        }
        CHECK_XC(xc_document_add_value(doc, LT_SLOT_KIND_ID, w->term.data, w->term.len, &xe));
    }
    CHECK_XC(xc_document_set_data(doc, w->rec.data, w->rec.len, &xe));

    if (lt_schema_term(&w->term, LT_PREFIX_ID, w->doc_id.data, w->doc_id.len, 0) != LT_OK) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    CHECK_XC(xc_document_add_boolean_term(doc, w->term.data, &xe));
    /* The thread's old documents are gone (remove_docs), and SOURCE#N
     * names one thread's post only: no document holds this id. */
    CHECK_XC(xc_writable_add(w->db, doc, NULL, &xe));
    w->stats.posts_added++;
done:
    xc_document_free(doc);
    return rc;
}

lt_status lt_writer_add_thread(lt_writer *w, const lt_thread *t, lt_error *err) {
    lt_status rc;
    size_t i;
    uint64_t replaced = 0;
    if (!t->id[0]) return lt_error_set(err, LT_EINVAL, "thread without an id");
    rc = begin_batch(w, err);
    if (rc != LT_OK) return rc;
    rc = lt_writer_thread_term(&w->term, t->id);
    if (rc != LT_OK) rc = lt_error_set(err, rc, "out of memory");
    else rc = remove_docs(w, w->term.data, &replaced, err);
    w->stats.docs_removed += replaced;
    for (i = 0; rc == LT_OK && i < t->n_posts; i++) rc = add_post(w, t, &t->posts[i], err);
    if (rc != LT_OK) {
        lt_error_prefix(err, "%s", t->id);
        return fail_batch(w, rc);
    }
    w->stats.threads++;
    w->batch_posts += t->n_posts;
    if (w->batch_posts >= w->opts.batch_posts) return lt_writer_commit(w, err);
    return LT_OK;
}

/* Counts a removed thread; commits when the batch holds enough removals,
 * as it does for posts added, so a large prune keeps memory flat. */
static lt_status removed(lt_writer *w, uint64_t docs, lt_error *err) {
    if (!docs) return LT_OK;
    w->stats.threads_removed++;
    w->stats.posts_removed += docs;
    w->batch_posts += docs;
    if (w->batch_posts >= w->opts.batch_posts) return lt_writer_commit(w, err);
    return LT_OK;
}

lt_status lt_writer_remove_thread(lt_writer *w, const char *id, uint64_t *docs,
                                  lt_error *err) {
    uint64_t n = 0;
    lt_status rc = begin_batch(w, err);
    if (docs) *docs = 0;
    if (rc != LT_OK) return rc;
    if (lt_writer_thread_term(&w->term, id) != LT_OK)
        return fail_batch(w, lt_error_set(err, LT_ENOMEM, "out of memory"));
    rc = remove_docs(w, w->term.data, &n, err);
    if (rc != LT_OK) {
        lt_error_prefix(err, "%s", id);
        return fail_batch(w, rc);
    }
    if (docs) *docs = n;
    return removed(w, n, err);
}

typedef struct key_list {
    char **v;
    size_t n, cap;
    int failed;
} key_list;

static int collect_key(void *ctx, const char *term, size_t len, uint32_t wdf) {
    key_list *k = ctx;
    (void)wdf;
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 256;
        char **nv = realloc(k->v, cap * sizeof *nv);
        if (!nv) { k->failed = 1; return 1; }
        k->v = nv;
        k->cap = cap;
    }
    if (!(k->v[k->n] = strndup(term, len))) { k->failed = 1; return 1; }
    k->n++;
    return 0;
}

/* Collects the thread terms lt_writer_prune's `keep` set lacks. */
typedef struct prune_scan {
    key_list gone;
    const lt_counts *keep;
} prune_scan;

static int collect_unkept(void *ctx, const char *term, size_t len, uint32_t freq) {
    prune_scan *ps = ctx;
    if (lt_counts_get(ps->keep, term, len)) return 0;
    return collect_key(&ps->gone, term, len, freq);
}

lt_status lt_writer_prune(lt_writer *w, const lt_counts *keep, lt_error *err) {
    prune_scan ps = {{NULL, 0, 0, 0}, keep};
    xc_error xe;
    size_t i;
    uint64_t n;
    lt_status rc = begin_batch(w, err);
    if (rc != LT_OK) return rc;
    /* The list first, the removals after: no term iterator stays open
     * over a database being changed. */
    if (xc_writable_allterms(w->db, LT_PREFIX_THREAD, collect_unkept, &ps, &xe) != XC_OK)
        rc = lt_error_from_xc(err, w->path, &xe);
    else if (ps.gone.failed)
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
    for (i = 0; rc == LT_OK && i < ps.gone.n; i++) {
        /* A commit ends the batch; the next removal needs one open. */
        rc = begin_batch(w, err);
        if (rc == LT_OK) rc = remove_docs(w, ps.gone.v[i], &n, err);
        if (rc == LT_OK) rc = removed(w, n, err);
    }
    for (i = 0; i < ps.gone.n; i++) free(ps.gone.v[i]);
    free(ps.gone.v);
    if (rc != LT_OK && !w->failed) return fail_batch(w, rc);
    return rc;
}

lt_status lt_writer_store_vocabulary(lt_writer *w, const lt_vocab *vocab, lt_error *err) {
    key_list old = {NULL, 0, 0, 0};
    xc_error xe;
    lt_buf alt;
    size_t i, a, j;
    lt_status rc = begin_batch(w, err);
    if (rc != LT_OK) return rc;
    lt_buf_init(&alt, 4096);
    if (xc_writable_synonym_keys(w->db, collect_key, &old, &xe) != XC_OK) {
        rc = lt_error_from_xc(err, w->path, &xe);
        goto done;
    }
    if (old.failed) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < old.n && rc == LT_OK; i++)
        if (xc_writable_clear_synonyms(w->db, old.v[i], &xe) != XC_OK)
            rc = lt_error_from_xc(err, w->path, &xe);
    for (i = 0; rc == LT_OK && i < lt_vocab_size(vocab); i++) {
        const lt_vocab_entry *e = lt_vocab_entry_at(vocab, i);
        for (a = 0; rc == LT_OK && a < e->n_alts; a++) {
            lt_buf_reset(&alt);
            if (e->relations[a] == LT_VOCAB_RELATED) lt_buf_append_str(&alt, "~ ");
            for (j = 0; j < e->alts[a].n; j++) {
                if (j) lt_buf_append_char(&alt, ' ');
                lt_buf_append_str(&alt, e->alts[a].words[j]);
            }
            if (lt_buf_status(&alt) != LT_OK)
                rc = lt_error_set(err, LT_ENOMEM, "out of memory");
            else if (xc_writable_add_synonym(w->db, e->text, alt.data, &xe) != XC_OK)
                rc = lt_error_from_xc(err, w->path, &xe);
        }
    }
done:
    for (i = 0; i < old.n; i++) free(old.v[i]);
    free(old.v);
    lt_buf_release(&alt);
    if (rc != LT_OK) return fail_batch(w, rc);
    return LT_OK;
}

lt_status lt_writer_close(lt_writer *w, lt_error *err) {
    lt_status rc = LT_OK;
    if (!w) return LT_OK;
    rc = lt_writer_commit(w, err);
    lt_writer_free(w);
    return rc;
}
