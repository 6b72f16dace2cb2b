/* sd_server.h — the HTTP server: libmicrohttpd's network thread, the
 * search threads behind it (sd_workers.h), limits on everything that comes
 * in, routing, metrics and the access log. */
#ifndef LANTERN_SD_SERVER_H
#define LANTERN_SD_SERVER_H

#include <stddef.h>

#include "lt_error.h"
#include "sd_http.h"

typedef struct sd_server_options {
    const char *host;            /* a literal IPv4 or IPv6 address */
    unsigned port;               /* 0: any free port */
    unsigned threads;            /* search threads, each with its own searcher */
    unsigned max_connections;
    unsigned per_ip;             /* connections from one address; 0: no limit */
    unsigned timeout;            /* seconds a connection may stay idle */
    size_t memory_limit;         /* bytes per connection: request line and headers */
} sd_server_options;

typedef struct sd_server sd_server;

lt_status sd_server_start(const sd_config *config, const sd_server_options *o,
                          sd_server **out, lt_error *err);
/* The port actually listened on. */
unsigned sd_server_port(sd_server *s);
/* Stops accepting connections; those open are served to the end. */
void sd_server_quiesce(sd_server *s);
/* Requests begun and not yet answered (idle connections kept open for a
 * client's next request are not counted). */
unsigned sd_server_requests_in_flight(sd_server *s);
/* Closes everything and frees the server. */
void sd_server_stop(sd_server *s);

#endif
