/* sd_server.c — libmicrohttpd setup, routing and the request lifecycle. */
#include "sd_server.h"

#include <arpa/inet.h>
#include <stdatomic.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sd_assets.h"
#include "sd_handlers.h"
#include "sd_metrics.h"
#include "sd_workers.h"

struct sd_server {
    struct MHD_Daemon *daemon;
    const sd_config *config;
    sd_workers *workers;
    MHD_socket quiesced;   /* the listening socket once quiesced, until stop */
    /* Requests begun and not yet answered: what a stop waits for (an idle
     * connection kept open for the client's next request is not one). */
    atomic_uint in_flight;
};

/* The path of a URI, without its query string, into out. */
static void uri_path(const char *uri, char *out, size_t size) {
    size_t n = strcspn(uri, "?#");
    if (n >= size) n = size - 1;
    memcpy(out, uri, n);
    out[n] = '\0';
}

static enum MHD_Result text(sd_request *r, unsigned status, const char *type, const char *s,
                            unsigned flags) {
    lt_buf body;
    enum MHD_Result ret;
    lt_buf_init(&body, strlen(s) + 1);
    lt_buf_append_str(&body, s);
    ret = sd_respond(r, status, type, &body, flags);
    lt_buf_release(&body);
    return ret;
}

/* What reads the index is answered on a worker (sd_workers.h). */
static enum MHD_Result on_worker(sd_request *r, enum MHD_Result (*handler)(sd_request *r)) {
    r->handler = handler;
    sd_workers_submit(r->workers, r);
    return MHD_YES;
}

static enum MHD_Result route(sd_request *r, const char *path) {
    const sd_asset *a;
    if (!strcmp(path, "/")) {
        /* The page without a query reads no index: it does not wait
         * behind the searches. */
        const char *q = sd_param(r, "q");
        return q && *q ? on_worker(r, sd_page_home) : sd_page_home(r);
    }
    if (!strcmp(path, "/api/search")) return on_worker(r, sd_api_search);
    if (!strcmp(path, "/api/suggest")) return on_worker(r, sd_api_suggest);
    if (!strcmp(path, "/api/thread")) return on_worker(r, sd_api_thread);
    if (!strcmp(path, "/thread")) return on_worker(r, sd_page_thread);
    if (!strcmp(path, "/healthz")) return sd_api_health(r);
    if (!strcmp(path, "/metrics")) return sd_api_metrics(r);
    /* Search results are nobody's business but the searcher's. */
    if (!strcmp(path, "/robots.txt"))
        return text(r, MHD_HTTP_OK, "text/plain; charset=utf-8", "User-agent: *\nDisallow: /\n",
                    SD_CACHE);
    if (!strcmp(path, "/favicon.ico")) return text(r, MHD_HTTP_NO_CONTENT, "image/x-icon", "", SD_CACHE);
    if (strcmp(path, "/") != 0 && (a = sd_asset_find(path)) != NULL && !strncmp(path, "/static/", 8))
        return sd_page_asset(r, a);
    return sd_respond_error(r, MHD_HTTP_NOT_FOUND, "no such path");
}

/* Called first for each request: its state lives from here to on_completed. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    sd_server *s = cls;
    sd_request *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    atomic_fetch_add(&s->in_flight, 1);
    r->server = s;
    r->conn = c;
    r->config = s->config;
    r->workers = s->workers;
    r->start = sd_now();
    r->uri = strdup(uri);
    return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls) {
    sd_request *r = *con_cls;
    const char *length, *chunked;
    char path[512];
    (void)cls; (void)version; (void)upload_data;
    if (!r || !r->uri) return MHD_NO;
    if (r->handler) {
        /* Back from a worker (sd_workers.h): send what it made, or close
         * the connection if it made nothing. */
        enum MHD_Result ret = MHD_NO;
        if (r->ready) {
            ret = MHD_queue_response(c, r->status, r->ready);
            MHD_destroy_response(r->ready);
            r->ready = NULL;
        }
        return ret;
    }
    if (r->status) {
        /* Answered already (an early error): drop any body that follows. */
        *upload_size = 0;
        return MHD_YES;
    }
    r->conn = c;
    if (r->checked) {
        /* The request is whole: answered now, the connection stays open
         * for the next one. (An answer queued on the first call, before
         * libmicrohttpd has taken the request as received, makes it send
         * "Connection: close": a new TCP connection for every request.) */
        uri_path(url, path, sizeof path);
        return route(r, path);
    }
    r->method = !strcmp(method, MHD_HTTP_METHOD_GET)    ? "GET"
                : !strcmp(method, MHD_HTTP_METHOD_HEAD) ? "HEAD"
                                                        : "other";
    /* Errors are answered at once, and close the connection: what else
     * the client sends is not read. */
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return sd_respond_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD are served");
    length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if ((length && strcmp(length, "0") != 0) || chunked)
        return sd_respond_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "requests carry no body here");
    r->checked = 1;
    return MHD_YES;
}

static void log_line(const sd_request *r) {
    FILE *f = r->config->access_log;
    char when[32], path[512], addr[INET6_ADDRSTRLEN] = "-";
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (r->config->log_addresses) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (ci && ci->client_addr) {
            const struct sockaddr *sa = ci->client_addr;
            if (sa->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                          addr, sizeof addr);
            else if (sa->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                          addr, sizeof addr);
        }
    }
    /* Query strings hold what people searched for: only when asked. */
    if (r->config->log_queries) snprintf(path, sizeof path, "%s", r->uri);
    else uri_path(r->uri, path, sizeof path);
    fprintf(f, "%s %s %s %s %u %zu %.2fms\n", when, r->config->log_addresses ? addr : "-",
            r->method ? r->method : "-", path, r->status, r->bytes, (sd_now() - r->start) * 1000);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    sd_request *r = *con_cls;
    (void)cls; (void)toe;
    if (!r) return;
    (void)c;
    if (r->ready) MHD_destroy_response(r->ready);
    if (r->status) {
        sd_metrics_record(r->status, sd_now() - r->start);
        if (r->config->access_log) log_line(r);
    }
    atomic_fetch_sub(&r->server->in_flight, 1);
    free(r->uri);
    free(r);
    *con_cls = NULL;
}

lt_status sd_server_start(const sd_config *config, const sd_server_options *o,
                          sd_server **out, lt_error *err) {
    sd_server *s;
    struct sockaddr_storage ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    lt_status rc;
    *out = NULL;
    memset(&ss, 0, sizeof ss);
    if (inet_pton(AF_INET, o->host, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)&ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)o->port);
    } else if (inet_pton(AF_INET6, o->host, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)o->port);
        flags |= MHD_USE_IPv6;
    } else {
        return lt_error_set(err, LT_EINVAL, "'%s' is not an IP address to listen on", o->host);
    }
    s = calloc(1, sizeof *s);
    if (!s) return lt_error_set(err, LT_ENOMEM, "out of memory");
    s->config = config;
    s->quiesced = MHD_INVALID_SOCKET;
    if ((rc = sd_workers_start(o->threads, &s->workers, err)) != LT_OK) {
        free(s);
        return rc;
    }
    /* One thread does all the network work, which is little: the
     * searches, and the compressing of their answers, are the workers'. */
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, on_request, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)o->per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)o->memory_limit,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
        MHD_OPTION_END);
    if (!s->daemon) {
        sd_workers_free(s->workers);
        free(s);
        return lt_error_set(err, LT_EIO, "cannot listen on %s port %u (in use, or not allowed)",
                            o->host, o->port);
    }
    *out = s;
    return LT_OK;
}

unsigned sd_server_port(sd_server *s) {
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return di ? di->port : 0;
}

void sd_server_quiesce(sd_server *s) {
    if (s->quiesced != MHD_INVALID_SOCKET) return;
    s->quiesced = MHD_quiesce_daemon(s->daemon);
    /* New connections are refused from now on, but the socket may not be
     * closed before MHD_stop_daemon: libmicrohttpd's thread can still be
     * taking it out of its epoll set (libmicrohttpd's MHD_quiesce_daemon says so;
     * ThreadSanitizer caught the close racing epoll_ctl). shutdown() ends
     * the listening without freeing the descriptor for reuse. */
    if (s->quiesced != MHD_INVALID_SOCKET) shutdown(s->quiesced, SHUT_RDWR);
}

unsigned sd_server_requests_in_flight(sd_server *s) { return atomic_load(&s->in_flight); }

void sd_server_stop(sd_server *s) {
    if (!s) return;
    /* libmicrohttpd may not stop with a connection suspended: the workers
     * answer and resume all they hold first. */
    sd_workers_stop(s->workers);
    MHD_stop_daemon(s->daemon);
    sd_workers_free(s->workers);
    if (s->quiesced != MHD_INVALID_SOCKET) close(s->quiesced);
    free(s);
}
