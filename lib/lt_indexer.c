/* lt_indexer.c — driving readers over many files into a sink. */
#include "lt_indexer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lt_ingest.h"
#include "lt_parallel.h"
#include "lt_stem.h"
#include "lt_vocab.h"
#include "lt_writer.h"

typedef struct run_state {
    lt_thread_fn sink;
    void *sink_ctx;
    int sink_failed;       /* the error came from the sink, not the input */
    lt_run_progress *p;
} run_state;

/* Counts a thread and passes it on; marks sink failures so a broken index
 * stops the run while a broken file does not. */
static lt_status counting_sink(void *ctx, lt_thread *t, lt_error *err) {
    run_state *st = ctx;
    size_t posts = t->n_posts;   /* a sink may take the posts away */
    lt_status rc = st->sink(st->sink_ctx, t, err);
    if (rc != LT_OK) {
        st->sink_failed = 1;
        return rc;
    }
    st->p->threads++;
    st->p->posts += posts;
    return LT_OK;
}

typedef struct problem_sink {
    const lt_run_hooks *hooks;
    lt_run_progress *p;
} problem_sink;

static void report(void *ctx, const char *message) {
    problem_sink *ps = ctx;
    ps->p->problems++;
    if (ps->hooks && ps->hooks->on_problem) ps->hooks->on_problem(ps->hooks->ctx, message);
}

static double seconds_since(const struct timespec *t0) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 1 if paths a and b are in the same folder. */
static int same_folder(const char *a, const char *b) {
    const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
    size_t la = sa ? (size_t)(sa - a) : 0, lb = sb ? (size_t)(sb - b) : 0;
    return la == lb && !strncmp(a, b, la);
}

lt_status lt_ingest_all(const lt_walk *files, const lt_config *config,
                        lt_thread_fn sink, void *sink_ctx,
                        const lt_run_hooks *hooks, lt_run_progress *progress,
                        lt_error *err) {
    lt_run_progress p;
    run_state st;
    problem_sink problems;
    lt_warn warn;
    struct timespec t0;
    size_t i;
    lt_status rc = LT_OK;
    lt_joiner *joiner;

    memset(&p, 0, sizeof p);
    p.files_total = files->n;
    st.sink = sink;
    st.sink_ctx = sink_ctx;
    st.sink_failed = 0;
    st.p = &p;
    problems.hooks = hooks;
    problems.p = &p;
    warn.fn = report;
    warn.ctx = &problems;
    /* Pages of a thread wait in the joiner for the rest of their folder. */
    joiner = lt_joiner_new(counting_sink, &st);
    if (!joiner) return lt_error_set(err, LT_ENOMEM, "out of memory");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < files->n; i++) {
        lt_ingest_result result;
        lt_error ferr;
        lt_error_clear(&ferr);
        if (i > 0 && !same_folder(files->v[i - 1].source, files->v[i].source)) {
            rc = lt_joiner_flush(joiner, err);
            if (rc != LT_OK) break;
        }
        rc = lt_ingest_file(files->v[i].path, files->v[i].source, config, &warn,
                            counting_sink, &st, joiner, &result, &ferr);
        p.bytes += result.bytes;
        p.files_done = i + 1;
        if (rc != LT_OK) {
            if (st.sink_failed || rc == LT_ENOMEM) {
                if (err) *err = ferr;
                break;
            }
            report(&problems, ferr.message);
            p.files_failed++;
            rc = LT_OK;
        }
        p.seconds = seconds_since(&t0);
        p.current = files->v[i].source;
        if (hooks && hooks->on_progress) hooks->on_progress(hooks->ctx, &p);
    }
    if (rc == LT_OK) rc = lt_joiner_flush(joiner, err);
    lt_joiner_free(joiner);
    p.seconds = seconds_since(&t0);
    p.current = NULL;
    if (progress) *progress = p;
    return rc;
}

/* The index keeps the vocabulary it was built with: the built-in one and
 * the site's file, if any. */
lt_status lt_index_store_vocabulary(lt_writer *w, const char *path, lt_error *err) {
    lt_stemmer *st = lt_stemmer_new();
    lt_vocab *v = lt_vocab_new();
    lt_status rc;
    if (!st || !v) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
    } else {
        rc = lt_vocab_add_builtin(v, st, err);
        if (rc == LT_OK && path) rc = lt_vocab_load(v, st, path, err);
        if (rc == LT_OK) rc = lt_writer_store_vocabulary(w, v, err);
    }
    lt_vocab_free(v);
    lt_stemmer_free(st);
    return rc;
}

const char *lt_prune_refusal(const lt_run_progress *p) {
    if (p->problems)
        return "problems were reported, and a thread in a skipped file or record may "
               "still be in the archive: fix them, or index without --prune";
    if (!p->threads) return "the inputs hold no thread: that would empty the index";
    return NULL;
}

lt_status lt_seen_add(lt_counts *seen, lt_buf *scratch, const char *id) {
    lt_status rc = lt_writer_thread_term(scratch, id);
    if (rc == LT_OK) rc = lt_counts_add(seen, scratch->data, scratch->len, 1);
    return rc;
}

typedef struct writer_sink_state {
    lt_writer *w;
    lt_counts *seen;     /* threads read, for a prune; NULL: none */
    lt_buf term;
} writer_sink_state;

static lt_status writer_sink(void *ctx, lt_thread *t, lt_error *err) {
    writer_sink_state *ws = ctx;
    if (ws->seen && lt_seen_add(ws->seen, &ws->term, t->id) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    return lt_writer_add_thread(ws->w, t, err);
}

void lt_index_summary_add(lt_index_summary *summary, const lt_writer_stats *stats) {
    summary->docs_removed += stats->docs_removed;
    summary->threads_removed += stats->threads_removed;
    summary->posts_removed += stats->posts_removed;
}

lt_status lt_index_files(const char *db, const lt_walk *files,
                         const lt_config *config, const lt_index_options *options,
                         const lt_run_hooks *hooks, lt_index_summary *summary,
                         lt_error *err) {
    lt_writer_options wo;
    writer_sink_state ws;
    lt_status rc;
    struct stat st;
    size_t jobs = options ? options->jobs : 1;
    memset(summary, 0, sizeof *summary);
    if (options && options->n_remove &&
        !(summary->remove_missing = calloc(options->n_remove, 1)))
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    /* A sharded index is written by its shards' writers; a new index by
     * `jobs` of them; an existing single database by its one writer. */
    if (lt_shard_count(db) > 0 || (jobs > 1 && stat(db, &st) != 0))
        return lt_index_parallel(db, jobs > 1 ? jobs : 1, files, config, options, hooks,
                                 summary, err);
    memset(&wo, 0, sizeof wo);
    memset(&ws, 0, sizeof ws);
    wo.create = 1;
    if (options) {
        wo.batch_posts = options->batch_posts;
        wo.no_sync = options->no_sync;
    }
    if (options && options->prune && !(ws.seen = lt_counts_new()))
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    lt_buf_init(&ws.term, 256);
    rc = lt_writer_open(db, &wo, &ws.w, err);
    if (rc == LT_OK)
        rc = lt_index_store_vocabulary(ws.w, options ? options->vocabulary : NULL, err);
    if (rc == LT_OK)
        rc = lt_remove_listed(ws.w, options, 0, 1, summary->remove_missing, err);
    if (rc == LT_OK)
        rc = lt_ingest_all(files, config, writer_sink, &ws, hooks, &summary->run, err);
    if (rc == LT_OK && ws.seen) {
        summary->prune_refused = lt_prune_refusal(&summary->run);
        if (!summary->prune_refused) rc = lt_writer_prune(ws.w, ws.seen, err);
    }
    if (rc == LT_OK) rc = lt_writer_commit(ws.w, err);
    if (rc == LT_OK) rc = lt_writer_doc_count(ws.w, &summary->doc_count, err);
    if (ws.w) lt_index_summary_add(summary, lt_writer_get_stats(ws.w));
    if (rc == LT_OK) rc = lt_writer_close(ws.w, err);
    else lt_writer_free(ws.w);
    lt_counts_free(ws.seen);
    lt_buf_release(&ws.term);
    return rc;
}
