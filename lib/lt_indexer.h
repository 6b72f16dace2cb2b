/* lt_indexer.h — a whole ingest run: every input file through its reader
 * into a sink (the index writer, or anything else taking threads).
 *
 * A file that cannot be read is reported through `on_problem` as "FILE:LINE:
 * what is wrong" and skipped; the run goes on. Only a failing sink (the
 * index cannot be written) stops it.
 */
#ifndef LANTERN_LT_INDEXER_H
#define LANTERN_LT_INDEXER_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"
#include "lt_config.h"
#include "lt_counts.h"
#include "lt_thread.h"
#include "lt_walk.h"

typedef struct lt_run_progress {
    size_t files_done, files_total, files_failed;
    size_t problems;            /* reported through on_problem */
    uint64_t threads, posts, bytes;
    double seconds;
    const char *current;        /* the file just read */
} lt_run_progress;

typedef struct lt_run_hooks {
    /* Called after each file. */
    void (*on_progress)(void *ctx, const lt_run_progress *p);
    /* Called for each problem, skipped file or skipped record. */
    void (*on_problem)(void *ctx, const char *message);
    void *ctx;
} lt_run_hooks;

/* Reads every file of `files` and hands each thread to sink(sink_ctx, …).
 * `progress` (may be NULL) receives the final counts. */
lt_status lt_ingest_all(const lt_walk *files, const lt_config *config,
                        lt_thread_fn sink, void *sink_ctx,
                        const lt_run_hooks *hooks, lt_run_progress *progress,
                        lt_error *err);

typedef struct lt_index_options {
    size_t batch_posts;    /* 0: the writer's default */
    int no_sync;
    const char *vocabulary;   /* a vocabulary file to store with the built-in one */
    size_t jobs;           /* writers for a new index (lt_parallel.h); 0 or 1: one */
    size_t spelling_commit_words;   /* a sharded build's spelling writer
                                       commits when this many distinct words
                                       wait (0: LT_SPELLING_COMMIT_WORDS) */
    /* Thread ids (SOURCE) to remove before the inputs are read. */
    const char *const *remove;
    size_t n_remove;
    /* After the inputs are read, remove every thread they did not yield,
     * unless lt_prune_refusal() says why not. */
    int prune;
} lt_index_options;

#define LT_SPELLING_COMMIT_WORDS 150000

typedef struct lt_index_summary {
    lt_run_progress run;
    uint64_t docs_removed;       /* old versions of threads indexed again */
    uint64_t threads_removed;    /* by options->remove and options->prune */
    uint64_t posts_removed;      /* their documents */
    uint32_t doc_count;    /* documents in the index at the end */
    /* Ids of options->remove the index did not hold: remove_missing[i]
     * non-zero for options->remove[i] (NULL when there was nothing to
     * remove; free() it). */
    unsigned char *remove_missing;
    /* Why options->prune removed nothing, or NULL when it ran. */
    const char *prune_refused;
} lt_index_summary;

/* Why a prune after run `p` must not go ahead, or NULL when it may: a
 * skipped file or record could be a thread still in the archive, and a
 * run that read nothing would empty the index. */
const char *lt_prune_refusal(const lt_run_progress *p);

/* The set of thread terms a run has seen, for lt_writer_prune: adds
 * thread `id`'s. */
lt_status lt_seen_add(lt_counts *seen, lt_buf *scratch, const char *id);

/* Indexes `files` into the index at `db` (created when missing). A new
 * index gets options->jobs shards written at once; an existing one keeps
 * its layout (one database, or its shards). */
lt_status lt_index_files(const char *db, const lt_walk *files,
                         const lt_config *config, const lt_index_options *options,
                         const lt_run_hooks *hooks, lt_index_summary *summary,
                         lt_error *err);

struct lt_writer;
struct lt_writer_stats;
/* Adds a writer's removals to the summary. For lt_parallel.c. */
void lt_index_summary_add(lt_index_summary *summary, const struct lt_writer_stats *stats);

/* Stores the built-in vocabulary and the file at `path` (may be NULL) in
 * the index of writer w. For lt_parallel.c. */
lt_status lt_index_store_vocabulary(struct lt_writer *w, const char *path, lt_error *err);

#endif
