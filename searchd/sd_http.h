/* sd_http.h — requests and responses over libmicrohttpd: the one place
 * that sets status, headers, compression and security policy.
 *
 * Every response says "nosniff"; pages carry a Content-Security-Policy
 * that allows nothing from other hosts and no inline script, and
 * "Referrer-Policy: no-referrer" so a click to the archive never tells
 * another site what was searched. Anything carrying a query is
 * "Cache-Control: no-store": a shared computer keeps no trace of it.
 */
#ifndef LANTERN_SD_HTTP_H
#define LANTERN_SD_HTTP_H

#include <microhttpd.h>
#include <stdio.h>

#include "lt_buf.h"

typedef struct sd_config {
    const char *const *dbs;
    size_t n_dbs;
    const char *allow_origin;   /* CORS origin for /api, or NULL */
    const char *exit_url;       /* where "Leave this site quickly" goes */
    FILE *access_log;           /* NULL: no access log */
    int log_queries;            /* put query strings in the access log */
    int log_addresses;          /* put client addresses in the access log */
} sd_config;

typedef struct sd_request sd_request;
struct sd_workers;

struct sd_server;

struct sd_request {
    struct MHD_Connection *conn;
    struct sd_server *server;   /* whose requests in flight count this one */
    const sd_config *config;
    struct sd_workers *workers; /* where searches are answered (sd_workers.h) */
    double start;
    unsigned status;
    size_t bytes;
    const char *method;         /* "GET", "HEAD" or "other": a literal */
    char *uri;                  /* path and query as requested */
    int checked;                /* its method and headers passed: answered
                                 * on libmicrohttpd's next call (sd_server.c) */
    /* A request answered on a worker: its handler, set when queued; the
     * response, made there and sent once the connection is resumed. */
    enum MHD_Result (*handler)(sd_request *r);
    int deferred;               /* sd_respond keeps the response in `ready` */
    struct MHD_Response *ready;
    sd_request *next_queued;
};

enum {
    SD_NO_STORE = 1,     /* never cache (results, suggestions, threads) */
    SD_CACHE = 2,        /* static asset: cache for an hour */
    SD_API = 4,          /* JSON API: CORS when configured */
    SD_PAGE = 8          /* an HTML page: CSP and friends */
};

double sd_now(void);

/* A query parameter, decoded by libmicrohttpd, or NULL. */
const char *sd_param(sd_request *r, const char *name);

/* Sends body (taken and emptied) with status and type. Compresses with
 * gzip when the client accepts it and the body is worth it. On a worker
 * (r->deferred) the response waits in r->ready for the server to send. */
enum MHD_Result sd_respond(sd_request *r, unsigned status, const char *content_type,
                           lt_buf *body, unsigned flags);
/* {"error": message, "status": N} with that status. */
enum MHD_Result sd_respond_error(sd_request *r, unsigned status, const char *message);

#endif
