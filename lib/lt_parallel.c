/* lt_parallel.c — shard writers in threads, fed over bounded queues. */
#include "lt_parallel.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lt_buf.h"
#include "lt_writer.h"

/* Threads waiting for a writer, per shard: enough to keep it busy while
 * the reader parses, few enough to keep memory flat. */
#define QUEUE_CAP 64
#define STUB_NAME "XAPIANDB"
/* The database of a sharded index that holds its spelling data and no
 * documents (lt_spelling_pool.h), listed in the stub after the shards. */
#define SPELLING_NAME "spelling"

typedef struct queue {
    lt_thread *items[QUEUE_CAP];
    size_t head, count;
    int closed;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
} queue;

typedef struct shard_worker {
    pthread_t thread;
    queue q;
    lt_writer *w;
    lt_status rc;
    lt_error err;
    uint32_t doc_count;
    lt_writer_stats stats;  /* the writer's, as it closed */
    atomic_int *failed;     /* any worker failed: stop writing, stop reading */
    size_t index, n_shards;
    /* options->remove: this shard removes the ids that hash to it, first,
     * marking those it lacks in remove_missing. */
    const lt_index_options *options;
    unsigned char *remove_missing;
    /* Set before the queue closes when the run prunes: every thread term
     * the inputs gave, read-only by then. */
    const lt_counts *prune_keep;
} shard_worker;

/* ---- The stub file ---- */

size_t lt_shard_count(const char *db) {
    char path[4096], line[512];
    FILE *f;
    size_t n = 0;
    snprintf(path, sizeof path, "%s/%s", db, STUB_NAME);
    f = fopen(path, "r");
    if (!f) return 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "auto shard-", 11)) n++;
    fclose(f);
    return n > LT_MAX_SHARDS ? LT_MAX_SHARDS : n;
}

static void shard_path(char *out, size_t size, const char *db, size_t i) {
    snprintf(out, size, "%s/shard-%03zu", db, i);
}

/* Writes the stub listing the shards, atomically (a reader sees the old
 * stub or the new, never half of one). */
static lt_status write_stub(const char *db, size_t shards, lt_error *err) {
    char tmp[4096], final[4096];
    FILE *f;
    size_t i;
    snprintf(tmp, sizeof tmp, "%s/%s.tmp", db, STUB_NAME);
    snprintf(final, sizeof final, "%s/%s", db, STUB_NAME);
    f = fopen(tmp, "w");
    if (!f) return lt_error_set(err, LT_EIO, "%s: %s", tmp, strerror(errno));
    for (i = 0; i < shards; i++) fprintf(f, "auto shard-%03zu\n", i);
    fprintf(f, "auto %s\n", SPELLING_NAME);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0 || rename(tmp, final) != 0)
        return lt_error_set(err, LT_EIO, "%s: cannot write the shard list", final);
    return LT_OK;
}

/* ---- Queues ---- */

static int queue_init(queue *q) {
    memset(q, 0, sizeof *q);
    if (pthread_mutex_init(&q->lock, NULL)) return -1;
    if (pthread_cond_init(&q->not_empty, NULL)) return -1;
    if (pthread_cond_init(&q->not_full, NULL)) return -1;
    return 0;
}

static void queue_destroy(queue *q) {
    size_t i;
    for (i = 0; i < q->count; i++) lt_thread_free(q->items[(q->head + i) % QUEUE_CAP]);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
}

static void queue_push(queue *q, lt_thread *t) {
    pthread_mutex_lock(&q->lock);
    while (q->count == QUEUE_CAP) pthread_cond_wait(&q->not_full, &q->lock);
    q->items[(q->head + q->count) % QUEUE_CAP] = t;
    q->count++;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

static void queue_close(queue *q) {
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

/* The next thread, or NULL once the queue is closed and empty. */
static lt_thread *queue_pop(queue *q) {
    lt_thread *t = NULL;
    pthread_mutex_lock(&q->lock);
    while (q->count == 0 && !q->closed) pthread_cond_wait(&q->not_empty, &q->lock);
    if (q->count) {
        t = q->items[q->head];
        q->head = (q->head + 1) % QUEUE_CAP;
        q->count--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->lock);
    return t;
}

/* ---- Workers ---- */

static uint64_t hash_id(const char *s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* The shard of thread `id`: a thread always goes back where it is. */
static size_t shard_of(const char *id, size_t n_shards) {
    return (size_t)(hash_id(id) % n_shards);
}

lt_status lt_remove_listed(lt_writer *w, const lt_index_options *options, size_t shard,
                           size_t n_shards, unsigned char *missing, lt_error *err) {
    size_t i;
    uint64_t docs;
    for (i = 0; options && i < options->n_remove; i++) {
        lt_status rc;
        if (shard_of(options->remove[i], n_shards) != shard) continue;
        rc = lt_writer_remove_thread(w, options->remove[i], &docs, err);
        if (rc != LT_OK) return rc;
        missing[i] = docs == 0;
    }
    return LT_OK;
}

static void *worker_main(void *arg) {
    shard_worker *wk = arg;
    lt_thread *t;
    wk->rc = lt_remove_listed(wk->w, wk->options, wk->index, wk->n_shards, wk->remove_missing,
                              &wk->err);
    if (wk->rc != LT_OK) atomic_store(wk->failed, 1);
    while ((t = queue_pop(&wk->q)) != NULL) {
        /* After a failure anywhere, drain without writing: the reader may
         * be waiting for room. */
        if (wk->rc == LT_OK && !atomic_load(wk->failed)) {
            wk->rc = lt_writer_add_thread(wk->w, t, &wk->err);
            if (wk->rc != LT_OK) atomic_store(wk->failed, 1);
        }
        lt_thread_free(t);
    }
    if (wk->rc == LT_OK && !atomic_load(wk->failed)) {
        wk->rc = lt_writer_commit(wk->w, &wk->err);
        if (wk->rc == LT_OK && wk->prune_keep) {
            wk->rc = lt_writer_prune(wk->w, wk->prune_keep, &wk->err);
            if (wk->rc == LT_OK) wk->rc = lt_writer_commit(wk->w, &wk->err);
        }
        if (wk->rc == LT_OK) wk->rc = lt_writer_doc_count(wk->w, &wk->doc_count, &wk->err);
    }
    wk->stats = *lt_writer_get_stats(wk->w);
    if (wk->rc == LT_OK && !atomic_load(wk->failed)) {
        wk->rc = lt_writer_close(wk->w, &wk->err);
    } else {
        lt_writer_free(wk->w);   /* the open batch is thrown away */
        if (wk->rc != LT_OK) atomic_store(wk->failed, 1);
    }
    wk->w = NULL;
    return NULL;
}

/* ---- The spelling writer ---- */

/* Gives Xapian the spelling words the shard writers hand to the pool, in
 * a database of its own, in a thread of its own: the shard writers never
 * wait for it, and the work spreads over the cores as theirs does. */
typedef struct spelling_worker {
    pthread_t thread;
    lt_writer *w;
    lt_spelling_pool *pool;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int batches;          /* batches handed over since the last commit */
    size_t commit_words;  /* see ready() */
    int input_read;       /* the reader has routed every thread */
    int done;
    lt_status rc;
    lt_error err;
} spelling_worker;

static void spelling_wake(void *ctx) {
    spelling_worker *sw = ctx;
    pthread_mutex_lock(&sw->lock);
    sw->batches++;
    pthread_cond_signal(&sw->wake);
    pthread_mutex_unlock(&sw->lock);
}

/* Whether the pool holds enough to be worth a commit. Each commit merges
 * the words into Xapian's spelling table, whose cost grows with the
 * number of commits more than with the number of words (a word handed
 * over by ten batches is one update, not ten), so words wait in the pool
 * until there are commit_words of them; once the input is all read, every
 * batch is committed as it comes, so the build does not end with one long
 * merge on one core. The limit also bounds the memory the spelling data
 * takes whatever the corpus size: a few MB of words in the pool, and
 * Xapian's working copy while it merges them (some 80 MB at the default).
 * Called with sw->lock held. */
static int ready(spelling_worker *sw) {
    if (!sw->batches) return 0;
    return sw->input_read || lt_spelling_pool_words(sw->pool) >= sw->commit_words;
}

static void *spelling_main(void *arg) {
    spelling_worker *sw = arg;
    for (;;) {
        int done;
        pthread_mutex_lock(&sw->lock);
        while (!sw->done && !ready(sw)) pthread_cond_wait(&sw->wake, &sw->lock);
        done = sw->done;
        sw->batches = 0;
        pthread_mutex_unlock(&sw->lock);
        if (sw->rc == LT_OK) sw->rc = lt_writer_commit(sw->w, &sw->err);
        if (done) break;
    }
    return NULL;
}

typedef struct router {
    shard_worker *workers;
    size_t n;
    atomic_int *failed;
    lt_counts *seen;     /* threads read, for a prune; NULL: none */
    lt_buf term;
} router;

/* The sink of the reading thread: a thread goes to its shard's queue. */
static lt_status route(void *ctx, lt_thread *t, lt_error *err) {
    router *r = ctx;
    lt_thread *moved;
    if (atomic_load(r->failed)) return lt_error_set(err, LT_EINDEX, "a shard writer failed");
    if (r->seen && lt_seen_add(r->seen, &r->term, t->id) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    moved = lt_thread_take(t);
    if (!moved) return lt_error_set(err, LT_ENOMEM, "out of memory");
    queue_push(&r->workers[shard_of(moved->id, r->n)].q, moved);
    return LT_OK;
}

lt_status lt_index_parallel(const char *db, size_t shards, const lt_walk *files,
                            const lt_config *config, const lt_index_options *options,
                            const lt_run_hooks *hooks, lt_index_summary *summary,
                            lt_error *err) {
    shard_worker *wk = NULL;
    lt_writer_options wo;
    lt_spelling_pool *pool = NULL;
    spelling_worker sw;
    int spelling_started = 0;
    router r;
    atomic_int failed;
    size_t existing = lt_shard_count(db), i, started = 0;
    char path[4096];
    lt_status rc = LT_OK;

    atomic_init(&failed, 0);
    if (existing) shards = existing;
    if (shards < 1 || shards > LT_MAX_SHARDS)
        return lt_error_set(err, LT_EINVAL, "shards must be from 1 to %d", LT_MAX_SHARDS);
    if (!existing && mkdir(db, 0755) != 0 && errno != EEXIST)
        return lt_error_set(err, LT_EIO, "%s: %s", db, strerror(errno));
    memset(&wo, 0, sizeof wo);
    wo.create = 1;
    if (options) {
        wo.batch_posts = options->batch_posts;
        wo.no_sync = options->no_sync;
    }
    memset(&r, 0, sizeof r);
    wk = calloc(shards, sizeof *wk);
    pool = lt_spelling_pool_new();
    if (options && options->prune) r.seen = lt_counts_new();
    if (!wk || !pool || (options && options->prune && !r.seen)) {
        free(wk);
        lt_spelling_pool_free(pool);
        lt_counts_free(r.seen);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    /* All spelling data goes to the spelling database, through the pool
     * (lt_spelling_pool.h). */
    memset(&sw, 0, sizeof sw);
    sw.pool = pool;
    sw.commit_words = options && options->spelling_commit_words ? options->spelling_commit_words
                                                                : LT_SPELLING_COMMIT_WORDS;
    if (pthread_mutex_init(&sw.lock, NULL) != 0 || pthread_cond_init(&sw.wake, NULL) != 0) {
        free(wk);
        lt_spelling_pool_free(pool);
        lt_counts_free(r.seen);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    lt_spelling_pool_notify(pool, spelling_wake, &sw);
    wo.spelling_pool = pool;
    for (i = 0; i < shards && rc == LT_OK; i++) {
        shard_path(path, sizeof path, db, i);
        wk[i].failed = &failed;
        wk[i].index = i;
        wk[i].n_shards = shards;
        wk[i].options = options;
        wk[i].remove_missing = summary->remove_missing;
        if (queue_init(&wk[i].q) != 0) rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        else rc = lt_writer_open(path, &wo, &wk[i].w, err);
    }
    if (rc == LT_OK) {
        wo.spelling_owner = 1;
        snprintf(path, sizeof path, "%s/%s", db, SPELLING_NAME);
        rc = lt_writer_open(path, &wo, &sw.w, err);
    }
    /* The stub goes in once every database exists, so no reader is ever
     * sent to one that is not there. */
    if (rc == LT_OK && !existing) rc = write_stub(db, shards, err);
    if (rc == LT_OK) {
        if (pthread_create(&sw.thread, NULL, spelling_main, &sw) != 0)
            rc = lt_error_set(err, LT_ENOMEM, "cannot start the spelling writer");
        else
            spelling_started = 1;
    }
    /* The vocabulary lives in the first shard; readers merge synonyms. */
    if (rc == LT_OK)
        rc = lt_index_store_vocabulary(wk[0].w, options ? options->vocabulary : NULL, err);
    for (i = 0; rc == LT_OK && i < shards; i++) {
        if (pthread_create(&wk[i].thread, NULL, worker_main, &wk[i]) != 0)
            rc = lt_error_set(err, LT_ENOMEM, "cannot start a writer thread");
        else
            started++;
    }
    if (rc == LT_OK) {
        r.workers = wk;
        r.n = shards;
        r.failed = &failed;
        lt_buf_init(&r.term, 256);
        rc = lt_ingest_all(files, config, route, &r, hooks, &summary->run, err);
        lt_buf_release(&r.term);
    }
    /* Each shard prunes itself once its queue is empty; the set is
     * complete now, and the queue's lock hands it over. */
    if (rc == LT_OK && r.seen) {
        summary->prune_refused = lt_prune_refusal(&summary->run);
        for (i = 0; !summary->prune_refused && i < shards; i++) wk[i].prune_keep = r.seen;
    }
    /* From here on the spelling writer commits what each batch hands over. */
    pthread_mutex_lock(&sw.lock);
    sw.input_read = 1;
    pthread_cond_signal(&sw.wake);
    pthread_mutex_unlock(&sw.lock);
    for (i = 0; i < shards; i++) queue_close(&wk[i].q);
    for (i = 0; i < started; i++) pthread_join(wk[i].thread, NULL);
    for (i = 0; i < shards; i++) {
        /* The first writer error is the one to report. */
        if (wk[i].rc != LT_OK && (rc == LT_OK || rc == LT_EINDEX) && wk[i].err.message[0]) {
            rc = wk[i].rc;
            if (err) *err = wk[i].err;
        }
        summary->doc_count += wk[i].doc_count;
        lt_index_summary_add(summary, &wk[i].stats);
        if (wk[i].w) lt_writer_free(wk[i].w);   /* never started */
        queue_destroy(&wk[i].q);
    }
    /* Every shard writer has handed over its words: the spelling writer
     * gives Xapian the last of them and stops. */
    if (spelling_started) {
        pthread_mutex_lock(&sw.lock);
        sw.done = 1;
        pthread_cond_signal(&sw.wake);
        pthread_mutex_unlock(&sw.lock);
        pthread_join(sw.thread, NULL);
        if (sw.rc != LT_OK && rc == LT_OK) {
            rc = sw.rc;
            if (err) *err = sw.err;
        }
    }
    if (sw.w) {
        if (rc == LT_OK && !atomic_load(&failed)) rc = lt_writer_close(sw.w, err);
        else lt_writer_free(sw.w);
    }
    pthread_mutex_destroy(&sw.lock);
    pthread_cond_destroy(&sw.wake);
    lt_spelling_pool_free(pool);
    lt_counts_free(r.seen);
    free(wk);
    return rc;
}
