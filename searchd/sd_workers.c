/* sd_workers.c — a FIFO of suspended requests and the threads draining it. */
#include "sd_workers.h"

#include <pthread.h>
#include <stdlib.h>

struct sd_workers {
    pthread_t *threads;
    unsigned n;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    sd_request *head, *tail;   /* through sd_request.next_queued */
    int closed;
};

/* Runs r's handler, whose response sd_respond keeps in r->ready, and
 * hands the connection back to libmicrohttpd, which then calls the
 * server's request callback again to send it. */
static void answer(sd_request *r) {
    r->deferred = 1;
    if (r->handler(r) != MHD_YES && r->ready) {
        MHD_destroy_response(r->ready);
        r->ready = NULL;
    }
    MHD_resume_connection(r->conn);
}

static sd_request *next(sd_workers *w) {
    sd_request *r;
    pthread_mutex_lock(&w->lock);
    while (!w->head && !w->closed) pthread_cond_wait(&w->wake, &w->lock);
    r = w->head;
    if (r) {
        w->head = r->next_queued;
        if (!w->head) w->tail = NULL;
        r->next_queued = NULL;
    }
    pthread_mutex_unlock(&w->lock);
    return r;
}

static void *worker_main(void *arg) {
    sd_workers *w = arg;
    sd_request *r;
    while ((r = next(w)) != NULL) answer(r);
    return NULL;
}

lt_status sd_workers_start(unsigned n, sd_workers **out, lt_error *err) {
    sd_workers *w = calloc(1, sizeof *w);
    unsigned i;
    *out = NULL;
    if (!w || !(w->threads = calloc(n, sizeof *w->threads))) {
        free(w);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    for (i = 0; i < n; i++) {
        if (pthread_create(&w->threads[i], NULL, worker_main, w) != 0) {
            w->n = i;
            sd_workers_free(w);
            return lt_error_set(err, LT_ENOMEM, "cannot start worker thread %u", i + 1);
        }
    }
    w->n = n;
    *out = w;
    return LT_OK;
}

void sd_workers_submit(sd_workers *w, sd_request *r) {
    int queued = 0;
    /* Suspended first: a worker may resume it before this returns. */
    MHD_suspend_connection(r->conn);
    pthread_mutex_lock(&w->lock);
    if (!w->closed) {
        if (w->tail) w->tail->next_queued = r;
        else w->head = r;
        w->tail = r;
        queued = 1;
        pthread_cond_signal(&w->wake);
    }
    pthread_mutex_unlock(&w->lock);
    if (!queued) answer(r);
}

void sd_workers_stop(sd_workers *w) {
    unsigned i;
    pthread_mutex_lock(&w->lock);
    w->closed = 1;
    pthread_cond_broadcast(&w->wake);
    pthread_mutex_unlock(&w->lock);
    for (i = 0; i < w->n; i++) pthread_join(w->threads[i], NULL);
    w->n = 0;
}

void sd_workers_free(sd_workers *w) {
    if (!w) return;
    sd_workers_stop(w);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    free(w->threads);
    free(w);
}
