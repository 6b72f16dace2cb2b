/* lt_spelling_pool.c — two word counts behind a lock. */
#include "lt_spelling_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct lt_spelling_pool {
    pthread_mutex_t lock;
    lt_counts *add, *remove;
    void (*notify)(void *ctx);
    void *notify_ctx;
};

void lt_spelling_pool_notify(lt_spelling_pool *p, void (*fn)(void *ctx), void *ctx) {
    p->notify = fn;
    p->notify_ctx = ctx;
}

lt_spelling_pool *lt_spelling_pool_new(void) {
    lt_spelling_pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p);
        return NULL;
    }
    p->add = lt_counts_new();
    p->remove = lt_counts_new();
    if (!p->add || !p->remove) {
        lt_spelling_pool_free(p);
        return NULL;
    }
    return p;
}

void lt_spelling_pool_free(lt_spelling_pool *p) {
    if (!p) return;
    lt_counts_free(p->add);
    lt_counts_free(p->remove);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

typedef struct give_ctx {
    lt_counts *into;
    lt_status rc;
} give_ctx;

static int give_word(void *ctx, const char *word, uint32_t n) {
    give_ctx *g = ctx;
    g->rc = lt_counts_add(g->into, word, strlen(word), n);
    return g->rc != LT_OK;
}

lt_status lt_spelling_pool_give(lt_spelling_pool *p, lt_counts *words) {
    give_ctx g = {NULL, LT_OK};
    pthread_mutex_lock(&p->lock);
    /* Under the lock: lt_spelling_pool_drain swaps p->add for a fresh set
     * and the spelling writer frees the old one once written. */
    g.into = p->add;
    lt_counts_each(words, give_word, &g);
    pthread_mutex_unlock(&p->lock);
    if (g.rc == LT_OK) lt_counts_reset(words);
    if (p->notify) p->notify(p->notify_ctx);
    return g.rc;
}

lt_status lt_spelling_pool_take_back(lt_spelling_pool *p, const char *word, uint32_t n) {
    size_t len = strlen(word);
    lt_status rc = LT_OK;
    pthread_mutex_lock(&p->lock);
    n -= lt_counts_take(p->add, word, len, n);
    if (n) rc = lt_counts_add(p->remove, word, len, n);
    pthread_mutex_unlock(&p->lock);
    return rc;
}

size_t lt_spelling_pool_words(lt_spelling_pool *p) {
    size_t n;
    pthread_mutex_lock(&p->lock);
    n = lt_counts_size(p->add) + lt_counts_size(p->remove);
    pthread_mutex_unlock(&p->lock);
    return n;
}

int lt_spelling_pool_pending(lt_spelling_pool *p) { return lt_spelling_pool_words(p) > 0; }

lt_status lt_spelling_pool_drain(lt_spelling_pool *p, lt_counts **add, lt_counts **remove) {
    lt_counts *fresh_add = lt_counts_new(), *fresh_remove = lt_counts_new();
    *add = *remove = NULL;
    if (!fresh_add || !fresh_remove) {
        lt_counts_free(fresh_add);
        lt_counts_free(fresh_remove);
        return LT_ENOMEM;
    }
    pthread_mutex_lock(&p->lock);
    *add = p->add;
    *remove = p->remove;
    p->add = fresh_add;
    p->remove = fresh_remove;
    pthread_mutex_unlock(&p->lock);
    return LT_OK;
}
