/* sd_workers.h — the threads that answer queries, fed in arrival order.
 *
 * libmicrohttpd's own thread reads requests and writes responses; a
 * request that searches the index is suspended there and queued here, and
 * the first free worker answers it. One queue for every connection keeps
 * requests in the order they came: with a thread per share of the
 * connections instead, a request waits behind its own thread's backlog
 * however idle the others are, and the slowest answers under load come
 * from that imbalance, not from the searches.
 */
#ifndef LANTERN_SD_WORKERS_H
#define LANTERN_SD_WORKERS_H

#include "lt_error.h"
#include "sd_http.h"

typedef struct sd_workers sd_workers;

/* Starts n worker threads. */
lt_status sd_workers_start(unsigned n, sd_workers **out, lt_error *err);

/* Answers r with r->handler on a worker: r's connection is suspended until
 * the response is ready (sd_respond leaves it in r->ready), then resumed,
 * and the server queues it. With no worker to take it (stopping), r is
 * answered on the calling thread the same way. */
void sd_workers_submit(sd_workers *w, sd_request *r);

/* Answers every request already queued and stops the threads; requests
 * submitted later are answered by the thread submitting them. */
void sd_workers_stop(sd_workers *w);

/* Frees w, stopped or not started. Accepts NULL. */
void sd_workers_free(sd_workers *w);

#endif
