/* support_daemon.h — the real lantern-searchd for tests: started on a free
 * loopback port, stopped by SIGTERM, and killed by the kernel if the test
 * program dies first (PR_SET_PDEATHSIG), so no test leaves a server behind.
 * And an HTTP client on libcurl to talk to it. */
#ifndef LANTERN_TEST_SUPPORT_DAEMON_H
#define LANTERN_TEST_SUPPORT_DAEMON_H

#include <stddef.h>
#include <sys/types.h>

typedef struct ts_daemon {
    pid_t pid;
    unsigned port;
    char *dir;          /* holds its port file, stdout, stderr, access log */
    char base[64];      /* "http://127.0.0.1:PORT" */
} ts_daemon;

/* Starts lantern-searchd --db db --listen 127.0.0.1:0 plus `extra`
 * (NULL-terminated, may be NULL) and waits until it serves. */
void ts_daemon_start(ts_daemon *d, const char *db, const char *const *extra);
/* SIGTERM and wait (at most 15 s); returns the exit status. */
int ts_daemon_stop(ts_daemon *d);
/* The daemon's standard error or access log so far (free() it). */
char *ts_daemon_stderr(const ts_daemon *d);
char *ts_daemon_access_log(const ts_daemon *d);

typedef struct ts_response {
    long status;
    char *headers;      /* raw response headers */
    char *body;         /* as sent (not decompressed) */
    size_t body_len;
} ts_response;

/* method NULL is GET; headers is NULL-terminated (may be NULL); body is
 * sent when not NULL. */
void ts_http(const char *method, const char *url, const char *const *headers,
             const char *body, ts_response *out);
void ts_response_release(ts_response *r);
/* GETs each of the n URLs in turn through one client, as a browser keeps
 * its connection: statuses[i] is the answer to urls[i] (-1: none), and
 * the result is how many of the requests after the first needed a new
 * connection. */
size_t ts_http_reusing(const char *const *urls, size_t n, long *statuses);
/* The value of response header `name` (any case), or NULL; free() it. */
char *ts_header(const ts_response *r, const char *name);

#endif
