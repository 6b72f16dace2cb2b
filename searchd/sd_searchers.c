/* sd_searchers.c — thread-local searchers and their reopen policy. */
#include "sd_searchers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

/* Seconds between checks for a new commit. */
#define REOPEN_EVERY 1.0

typedef struct slot {
    lt_searcher *searcher;
    unsigned generation;     /* of the last reopen */
    double last_reopen;
    struct slot *next;       /* all slots, for shutdown */
} slot;

static const char *const *shard_paths;
static size_t n_shards;
static const char *vocabulary_path;
static atomic_uint generation;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static slot *all_slots;
static _Thread_local slot *mine;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static lt_status open_searcher(lt_searcher **out, lt_error *err) {
    lt_status rc = lt_searcher_open(shard_paths, n_shards, out, err);
    /* A daemon's searcher answers many queries: lengths from memory. */
    if (rc == LT_OK) lt_searcher_cache_lengths(*out, 1);
    if (rc == LT_OK && vocabulary_path &&
        (rc = lt_searcher_add_vocabulary(*out, vocabulary_path, err)) != LT_OK) {
        lt_searcher_free(*out);
        *out = NULL;
    }
    return rc;
}

lt_status sd_searchers_init(const char *const *dbs, size_t n, const char *vocabulary,
                            lt_error *err) {
    lt_searcher *probe = NULL;
    lt_status rc;
    shard_paths = dbs;
    n_shards = n;
    vocabulary_path = vocabulary;
    rc = open_searcher(&probe, err);
    lt_searcher_free(probe);
    return rc;
}

void sd_searchers_shutdown(void) {
    slot *s, *next;
    pthread_mutex_lock(&slots_lock);
    for (s = all_slots; s; s = next) {
        next = s->next;
        lt_searcher_free(s->searcher);
        free(s);
    }
    all_slots = NULL;
    pthread_mutex_unlock(&slots_lock);
}

void sd_searchers_reopen_all(void) { atomic_fetch_add(&generation, 1); }

void sd_searcher_discard(void) {
    if (!mine) return;
    lt_searcher_free(mine->searcher);
    mine->searcher = NULL;
}

lt_status sd_searcher_get(lt_searcher **out, lt_error *err) {
    unsigned gen = atomic_load(&generation);
    double t = now();
    *out = NULL;
    if (!mine) {
        mine = calloc(1, sizeof *mine);
        if (!mine) return lt_error_set(err, LT_ENOMEM, "out of memory");
        pthread_mutex_lock(&slots_lock);
        mine->next = all_slots;
        all_slots = mine;
        pthread_mutex_unlock(&slots_lock);
    }
    if (!mine->searcher) {
        lt_status rc = open_searcher(&mine->searcher, err);
        if (rc != LT_OK) return rc;
        mine->generation = gen;
        mine->last_reopen = t;
    } else if (mine->generation != gen || t - mine->last_reopen >= REOPEN_EVERY) {
        lt_status rc = lt_searcher_reopen(mine->searcher, NULL, err);
        if (rc != LT_OK) {
            sd_searcher_discard();
            return rc;
        }
        mine->generation = gen;
        mine->last_reopen = t;
    }
    *out = mine->searcher;
    return LT_OK;
}
