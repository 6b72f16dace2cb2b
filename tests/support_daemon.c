/* support_daemon.c — starting and stopping the daemon, HTTP with libcurl. */
#define _GNU_SOURCE  /* strcasestr */
#include "support_daemon.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

static void die(const char *what) {
    fprintf(stderr, "test harness: %s: %s\n", what, strerror(errno));
    abort();
}

static void nap_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void ts_daemon_start(ts_daemon *d, const char *db, const char *const *extra) {
    char *port_file, *out, *err, *log;
    const char *argv[64];
    size_t n = 0, i;
    pid_t parent = getpid();
    int waited;
    memset(d, 0, sizeof *d);
    d->dir = ts_tempdir();
    port_file = ts_path(d->dir, "port");
    out = ts_path(d->dir, "stdout");
    err = ts_path(d->dir, "stderr");
    log = ts_path(d->dir, "access.log");
    argv[n++] = LANTERN_BIN_SEARCHD;
    argv[n++] = "--db";
    argv[n++] = db;
    argv[n++] = "--listen";
    argv[n++] = "127.0.0.1:0";
    argv[n++] = "--port-file";
    argv[n++] = port_file;
    argv[n++] = "--access-log";
    argv[n++] = log;
    for (i = 0; extra && extra[i] && n < 62; i++) argv[n++] = extra[i];
    argv[n] = NULL;
    d->pid = fork();
    if (d->pid < 0) die("fork");
    if (d->pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        /* Die with the test program, whatever happens to it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0) _exit(127);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    for (waited = 0; waited < 200; waited++) {
        FILE *f = fopen(port_file, "r");
        int status;
        if (f) {
            int ok = fscanf(f, "%u", &d->port) == 1;
            fclose(f);
            if (ok && d->port) break;
        }
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            char *e = ts_read_file(err, NULL);
            fprintf(stderr, "lantern-searchd exited at start:\n%s\n", e);
            free(e);
            abort();
        }
        nap_ms(50);
    }
    if (!d->port) die("lantern-searchd did not start within 10 s");
    snprintf(d->base, sizeof d->base, "http://127.0.0.1:%u", d->port);
    free(port_file);
    free(out);
    free(err);
    free(log);
}

int ts_daemon_stop(ts_daemon *d) {
    int status = -1, waited;
    if (d->pid <= 0) return -1;
    kill(d->pid, SIGTERM);
    for (waited = 0; waited < 300; waited++) {
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) break;
        nap_ms(50);
    }
    if (waited == 300) {
        kill(d->pid, SIGKILL);
        waitpid(d->pid, &status, 0);
        status = -1;
    } else {
        status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    d->pid = 0;
    if (status != 0) {
        /* What the daemon said is gone with its folder: show it first. */
        char *e = ts_daemon_stderr(d);
        fprintf(stderr, "lantern-searchd ended with status %d; its stderr:\n%s\n", status, e);
        free(e);
    }
    ts_rmtree(d->dir);
    free(d->dir);
    d->dir = NULL;
    return status;
}

char *ts_daemon_stderr(const ts_daemon *d) {
    char *p = ts_path(d->dir, "stderr"), *s = ts_read_file(p, NULL);
    free(p);
    return s;
}

char *ts_daemon_access_log(const ts_daemon *d) {
    char *p = ts_path(d->dir, "access.log"), *s = ts_read_file(p, NULL);
    free(p);
    return s;
}

typedef struct sink { char *data; size_t len, cap; } sink;

static size_t collect(char *ptr, size_t size, size_t n, void *ctx) {
    sink *s = ctx;
    size_t add = size * n;
    if (s->len + add + 1 > s->cap) {
        size_t cap = (s->len + add + 1) * 2;
        char *nd = realloc(s->data, cap);
        if (!nd) return 0;
        s->data = nd;
        s->cap = cap;
    }
    memcpy(s->data + s->len, ptr, add);
    s->len += add;
    s->data[s->len] = '\0';
    return add;
}

void ts_http(const char *method, const char *url, const char *const *headers,
             const char *body, ts_response *out) {
    CURL *c = curl_easy_init();
    struct curl_slist *hl = NULL;
    sink b = {NULL, 0, 0}, h = {NULL, 0, 0};
    size_t i;
    CURLcode rc;
    if (!c) die("curl_easy_init");
    memset(out, 0, sizeof *out);
    for (i = 0; headers && headers[i]; i++) hl = curl_slist_append(hl, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (method && !strcmp(method, "HEAD")) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else if (method) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        out->status = -1;   /* refused, reset or timed out */
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    }
    out->body = b.data ? b.data : calloc(1, 1);
    out->body_len = b.len;
    out->headers = h.data ? h.data : calloc(1, 1);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
}

size_t ts_http_reusing(const char *const *urls, size_t n, long *statuses) {
    CURL *c = curl_easy_init();
    size_t i, reconnects = 0;
    if (!c) die("curl_easy_init");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    for (i = 0; i < n; i++) {
        sink b = {NULL, 0, 0};
        long made = 0;
        curl_easy_setopt(c, CURLOPT_URL, urls[i]);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
        statuses[i] = -1;
        if (curl_easy_perform(c) == CURLE_OK) {
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &statuses[i]);
            /* The connections this transfer opened: none when it reused one. */
            curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &made);
        }
        if (i > 0 && made != 0) reconnects++;
        free(b.data);
    }
    curl_easy_cleanup(c);
    return reconnects;
}

void ts_response_release(ts_response *r) {
    free(r->headers);
    free(r->body);
    memset(r, 0, sizeof *r);
}

char *ts_header(const ts_response *r, const char *name) {
    const char *p = r->headers;
    size_t n = strlen(name);
    while (p && *p) {
        const char *eol = strstr(p, "\r\n");
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > n && !strncasecmp(p, name, n) && p[n] == ':') {
            const char *v = p + n + 1;
            char *out;
            while (*v == ' ') v++;
            out = strndup(v, len - (size_t)(v - p));
            return out;
        }
        p = eol ? eol + 2 : NULL;
    }
    return NULL;
}
