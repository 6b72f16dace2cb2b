/* test_searchd.c — lantern-searchd over loopback: every endpoint, the 4xx
 * answers, gzip, CORS, security headers, escaping of hostile posts and
 * queries, the privacy of the access log, a reopen after the indexer
 * commits (by time and by SIGHUP), and SIGTERM with requests in flight. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "lt_indexer.h"
#include "support.h"
#include "support_daemon.h"

static char *work, *db;

static const char xss_thread[] =
    "Page 1 of 1\n\nContact <b>centre</b> rules\n\n"
    "Posted: Mon Jun 02, 2025 9:00 am\nby <img src=x onerror=alert(2)>\n"
    "<script>alert(3)</script> my visits at the contact centre are short\n";

static void index_into(const char *dbpath, const char *const *inputs) {
    lt_walk files;
    lt_index_summary s;
    lt_error err;
    size_t i;
    lt_walk_init(&files);
    for (i = 0; inputs[i]; i++)
        if (lt_walk_add(&files, inputs[i], NULL, &err) != LT_OK) fail_msg("%s", err.message);
    if (lt_index_files(dbpath, &files, NULL, NULL, NULL, &s, &err) != LT_OK)
        fail_msg("%s", err.message);
    lt_walk_release(&files);
}

static int setup_all(void **state) {
    char *text = ts_fixture("text"), *html = ts_fixture("html"), *xss;
    const char *inputs[4];
    (void)state;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    work = ts_tempdir();
    db = ts_path(work, "db");
    xss = ts_path(work, "xss.txt");
    ts_write_file(xss, xss_thread, sizeof xss_thread - 1);
    inputs[0] = text;
    inputs[1] = html;
    inputs[2] = xss;
    inputs[3] = NULL;
    index_into(db, inputs);
    free(text);
    free(html);
    free(xss);
    return 0;
}

static int teardown_all(void **state) {
    (void)state;
    ts_rmtree(work);
    free(work);
    free(db);
    curl_global_cleanup();
    return 0;
}

static void get(const ts_daemon *d, const char *path, ts_response *r) {
    char url[2048];
    snprintf(url, sizeof url, "%s%s", d->base, path);
    ts_http(NULL, url, NULL, NULL, r);
}

static json_t *get_json(const ts_daemon *d, const char *path, long want_status) {
    ts_response r;
    json_t *o;
    json_error_t jerr;
    char *type;
    get(d, path, &r);
    if (r.status != want_status) fail_msg("%s: status %ld, wanted %ld: %s", path, r.status, want_status, r.body);
    type = ts_header(&r, "Content-Type");
    assert_non_null(type);
    assert_non_null(strstr(type, "application/json"));
    free(type);
    o = json_loads(r.body, 0, &jerr);
    if (!o) fail_msg("%s: not JSON: %s", path, r.body);
    ts_response_release(&r);
    return o;
}

static void test_every_endpoint(void **state) {
    ts_daemon d;
    json_t *o;
    ts_response r;
    (void)state;
    ts_daemon_start(&d, db, NULL);

    o = get_json(&d, "/api/search?q=core+group+tuesday&limit=3", 200);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(o, "results"), 0), "thread")),
                        "posted_plain.txt");
    assert_int_equal(json_integer_value(json_object_get(o, "limit")), 3);
    json_decref(o);

    o = get_json(&d, "/api/search?q=social+worker&role=adviser&type=post&from=2019-01-01&to=2021-12-31", 200);
    {
        size_t i;
        json_t *res = json_object_get(o, "results");
        assert_true(json_array_size(res) > 0);
        for (i = 0; i < json_array_size(res); i++)
            assert_string_equal(json_string_value(json_object_get(json_array_get(res, i), "role")),
                                "adviser");
    }
    json_decref(o);

    o = get_json(&d, "/api/suggest?q=conta", 200);
    assert_string_equal(json_string_value(json_array_get(json_object_get(o, "suggestions"), 0)),
                        "contact");
    json_decref(o);

    o = get_json(&d, "/api/thread?id=posted_plain.txt", 200);
    assert_int_equal(json_array_size(json_object_get(o, "posts")), 3);
    assert_string_equal(json_string_value(json_object_get(o, "title")), "Core group meeting next week");
    json_decref(o);

    o = get_json(&d, "/healthz", 200);
    assert_string_equal(json_string_value(json_object_get(o, "status")), "ok");
    assert_true(json_integer_value(json_object_get(o, "documents")) > 10);
    assert_true(json_integer_value(json_object_get(o, "revision")) >= 1);
    json_decref(o);

    get(&d, "/metrics", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "lantern_http_requests_total{code=\"200\"}"));
    assert_non_null(strstr(r.body, "lantern_http_request_duration_seconds_bucket{le=\"+Inf\"}"));
    assert_non_null(strstr(r.body, "lantern_index_documents "));
    {
        /* A number of bytes (none kept yet: the test index's matches are
         * too few to prune, test_pruning keeps some). */
        const char *kept = strstr(r.body, "\nlantern_postings_kept_bytes ");
        char *end;
        assert_non_null(kept);
        kept += strlen("\nlantern_postings_kept_bytes ");
        (void)strtoull(kept, &end, 10);
        assert_true(end > kept && *end == '\n');
    }
    ts_response_release(&r);

    get(&d, "/", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<form class=\"search\""));
    assert_non_null(strstr(r.body, "Leave this site quickly"));
    ts_response_release(&r);

    get(&d, "/?q=connected+persons&role=adviser", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<mark>connected</mark>"));
    assert_non_null(strstr(r.body, "<span class=\"badge\">Adviser</span>"));
    assert_non_null(strstr(r.body, "value=\"connected persons\""));
    assert_non_null(strstr(r.body, "checked"));
    ts_response_release(&r);

    get(&d, "/thread?id=postby_profile_quote.txt", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "id=\"post-2\""));
    ts_response_release(&r);

    get(&d, "/static/app.js", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "use strict"));
    ts_response_release(&r);
    get(&d, "/static/style.css", &r);
    assert_int_equal(r.status, 200);
    ts_response_release(&r);
    get(&d, "/robots.txt", &r);
    assert_non_null(strstr(r.body, "Disallow: /"));
    ts_response_release(&r);

    ts_http("HEAD", d.base, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body_len, 0);
    ts_response_release(&r);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

static void test_json_is_the_cli_json(void **state) {
    ts_daemon d;
    ts_response r;
    ts_run run;
    char *argv[] = {LANTERN_BIN_SEARCH, "--db", db, "--json", "--limit", "4", "social worker plan", NULL};
    json_t *a, *b;
    json_error_t jerr;
    (void)state;
    ts_daemon_start(&d, db, NULL);
    get(&d, "/api/search?q=social+worker+plan&limit=4", &r);
    ts_run_program(argv, &run);
    a = json_loads(r.body, 0, &jerr);
    b = json_loads(run.out, 0, &jerr);
    assert_non_null(a);
    assert_non_null(b);
    /* The same object but for the time it took. */
    json_object_del(a, "took_ms");
    json_object_del(b, "took_ms");
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    ts_run_release(&run);
    ts_response_release(&r);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

static void expect_error(const ts_daemon *d, const char *method, const char *path,
                         const char *const *headers, const char *body, long status,
                         const char *message) {
    char url[40000];
    ts_response r;
    snprintf(url, sizeof url, "%s%s", d->base, path);
    ts_http(method, url, headers, body, &r);
    if (r.status != status) fail_msg("%s %.80s: %ld, wanted %ld", method ? method : "GET", path, r.status, status);
    if (message && !strstr(r.body, message)) fail_msg("%.80s: body %s lacks '%s'", path, r.body, message);
    ts_response_release(&r);
}

static void test_bad_requests(void **state) {
    ts_daemon d;
    ts_response r;
    char *allow, path[8192];
    static const char *const json_body[] = {"Content-Type: application/json", NULL};
    (void)state;
    ts_daemon_start(&d, db, NULL);
    expect_error(&d, "POST", "/api/search", json_body, "{\"q\":\"x\"}", 405, "only GET and HEAD");
    expect_error(&d, "DELETE", "/", NULL, NULL, 405, NULL);
    expect_error(&d, NULL, "/nowhere", NULL, NULL, 404, "no such path");
    expect_error(&d, NULL, "/api/search", NULL, NULL, 400, "q is required");
    expect_error(&d, NULL, "/api/search?q=x&limit=0", NULL, NULL, 400, "limit must be");
    expect_error(&d, NULL, "/api/search?q=x&limit=abc", NULL, NULL, 400, "limit must be");
    expect_error(&d, NULL, "/api/search?q=x&offset=999999", NULL, NULL, 400, "offset must be");
    expect_error(&d, NULL, "/api/search?q=x&role=boss", NULL, NULL, 400, "role must be");
    expect_error(&d, NULL, "/api/search?q=x&type=blog", NULL, NULL, 400, "type must be");
    expect_error(&d, NULL, "/api/search?q=x&from=yesterday", NULL, NULL, 400, "from must be");
    expect_error(&d, NULL, "/api/search?q=%FF%FE", NULL, NULL, 400, "not valid UTF-8");
    expect_error(&d, NULL, "/api/thread?id=no-such-thread", NULL, NULL, 404, "no such thread");
    expect_error(&d, NULL, "/api/thread", NULL, NULL, 400, "id is required");
    expect_error(&d, NULL, "/api/suggest", NULL, NULL, 400, "q is required");
    {
        /* A query over the length limit, still within the request limits. */
        size_t i;
        snprintf(path, sizeof path, "/api/search?q=");
        for (i = strlen(path); i < 1100 + 14; i++) path[i] = 'a';
        path[i] = '\0';
        expect_error(&d, NULL, path, NULL, NULL, 400, "longer than");
    }
    {
        /* A request line over the per-connection memory (64 KB) is refused
         * by libmicrohttpd before any handler; a header likewise. */
        static char huge[70000];
        static char header[70000];
        const char *big_header[2] = {header, NULL};
        char *url = malloc(sizeof huge + 64);
        ts_response big;
        memset(huge, 'b', sizeof huge - 1);
        memcpy(huge, "/?q=", 4);
        snprintf(url, sizeof huge + 64, "%s%s", d.base, huge);
        ts_http(NULL, url, NULL, NULL, &big);
        assert_int_equal(big.status, 414);
        ts_response_release(&big);
        memset(header, 'c', sizeof header - 1);
        memcpy(header, "X-Big: ", 7);
        ts_http(NULL, d.base, big_header, NULL, &big);
        assert_int_equal(big.status, 431);
        ts_response_release(&big);
        free(url);
    }
    ts_http("POST", d.base, json_body, "{}", &r);
    allow = ts_header(&r, "Allow");
    assert_non_null(allow);
    assert_string_equal(allow, "GET, HEAD");
    free(allow);
    ts_response_release(&r);
    /* A GET with a body. */
    ts_http("GET", d.base, json_body, "{\"q\":1}", &r);
    assert_int_equal(r.status, 413);
    ts_response_release(&r);
    /* Still serving after all that. */
    ts_http(NULL, d.base, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    ts_response_release(&r);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

/* One connection serves request after request, answered on the server's
 * thread or a worker, found or not: a new TCP connection for each would
 * cost the daemon more than many a search. */
static void test_keep_alive(void **state) {
    static const char *const paths[] = {
        "/healthz", "/api/search?q=social+worker", "/api/suggest?q=conta",
        "/nowhere", "/api/search?q=core+group&offset=10", "/",
    };
    enum { N = sizeof paths / sizeof *paths };
    ts_daemon d;
    char urls[N][256];
    const char *list[N];
    long statuses[N];
    size_t i;
    (void)state;
    ts_daemon_start(&d, db, NULL);
    for (i = 0; i < N; i++) {
        snprintf(urls[i], sizeof urls[i], "%s%s", d.base, paths[i]);
        list[i] = urls[i];
    }
    assert_int_equal(ts_http_reusing(list, N, statuses), 0);
    for (i = 0; i < N; i++)
        if (statuses[i] != (strcmp(paths[i], "/nowhere") ? 200 : 404))
            fail_msg("%s: %ld", paths[i], statuses[i]);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

static char *gunzip(const char *data, size_t len) {
    z_stream z;
    char *out = malloc(1 << 22);
    memset(&z, 0, sizeof z);
    inflateInit2(&z, 15 + 16);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (1 << 22) - 1;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    out[z.total_out] = '\0';
    inflateEnd(&z);
    return out;
}

static void test_gzip(void **state) {
    ts_daemon d;
    ts_response plain, packed;
    static const char *const gz[] = {"Accept-Encoding: gzip, deflate", NULL};
    static const char *const no_gz[] = {"Accept-Encoding: gzip;q=0, identity", NULL};
    char url[512], *enc, *inflated;
    (void)state;
    ts_daemon_start(&d, db, NULL);
    snprintf(url, sizeof url, "%s/api/search?q=social+worker+plan+meeting&limit=10", d.base);
    ts_http(NULL, url, NULL, NULL, &plain);
    ts_http(NULL, url, gz, NULL, &packed);
    enc = ts_header(&packed, "Content-Encoding");
    assert_non_null(enc);
    assert_string_equal(enc, "gzip");
    free(enc);
    assert_true(packed.body_len < plain.body_len);
    inflated = gunzip(packed.body, packed.body_len);
    /* took_ms differs between two searches: compare from "offset" on. */
    assert_string_equal(strstr(inflated, "\"offset\""), strstr(plain.body, "\"offset\""));
    free(inflated);
    assert_null(ts_header(&plain, "Content-Encoding"));
    ts_response_release(&plain);
    ts_response_release(&packed);
    ts_http(NULL, url, no_gz, NULL, &plain);
    assert_null(ts_header(&plain, "Content-Encoding"));
    ts_response_release(&plain);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

static void test_headers_cors_and_escaping(void **state) {
    static const char *const extra[] = {"--allow-origin", "https://family-help.example", NULL};
    ts_daemon d;
    ts_response r;
    char *h;
    (void)state;
    ts_daemon_start(&d, db, extra);
    get(&d, "/api/search?q=contact", &r);
    h = ts_header(&r, "Access-Control-Allow-Origin");
    assert_non_null(h);
    assert_string_equal(h, "https://family-help.example");
    free(h);
    h = ts_header(&r, "Cache-Control");
    assert_string_equal(h, "no-store");
    free(h);
    ts_response_release(&r);

    /* A hostile post and a hostile query are text on the page. */
    get(&d, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+contact+centre", &r);
    assert_null(ts_header(&r, "Access-Control-Allow-Origin"));
    h = ts_header(&r, "Content-Security-Policy");
    assert_non_null(h);
    assert_non_null(strstr(h, "script-src 'self'"));
    free(h);
    h = ts_header(&r, "Referrer-Policy");
    assert_string_equal(h, "no-referrer");
    free(h);
    h = ts_header(&r, "X-Content-Type-Options");
    assert_string_equal(h, "nosniff");
    free(h);
    assert_null(strstr(r.body, "<script>alert"));
    assert_null(strstr(r.body, "<img src=x"));
    assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(r.body, "&lt;img src=x onerror=alert(2)&gt;"));
    assert_non_null(strstr(r.body, "Contact &lt;b&gt;centre&lt;/b&gt; rules"));
    ts_response_release(&r);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

/* The access log once it holds `needle` (it is written when a response is
 * done, which may be just after the client has it all); at most 3 s. */
static char *log_with(const ts_daemon *d, const char *needle) {
    int i;
    for (i = 0; i < 60; i++) {
        char *log = ts_daemon_access_log(d);
        struct timespec ts = {0, 50 * 1000 * 1000};
        if (strstr(log, needle) || i == 59) return log;
        free(log);
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static void test_access_log_privacy(void **state) {
    static const char *const asked[] = {"--log-queries", "--log-addresses", NULL};
    ts_daemon d;
    ts_response r;
    char *log;
    (void)state;
    ts_daemon_start(&d, db, NULL);
    get(&d, "/api/search?q=secretword+contact", &r);
    ts_response_release(&r);
    log = log_with(&d, " GET /api/search 200 ");
    assert_non_null(strstr(log, " GET /api/search 200 "));
    assert_null(strstr(log, "secretword"));
    assert_null(strstr(log, "127.0.0.1"));
    free(log);
    assert_int_equal(ts_daemon_stop(&d), 0);

    ts_daemon_start(&d, db, asked);
    get(&d, "/api/search?q=secretword+contact", &r);
    ts_response_release(&r);
    log = log_with(&d, "secretword");
    assert_non_null(strstr(log, "secretword"));
    assert_non_null(strstr(log, "127.0.0.1"));
    free(log);
    assert_int_equal(ts_daemon_stop(&d), 0);
}

static long hits_for(const ts_daemon *d, const char *path) {
    json_t *o = get_json(d, path, 200);
    long n = (long)json_array_size(json_object_get(o, "results"));
    json_decref(o);
    return n;
}

static void test_reopen_after_commit(void **state) {
    char *live = ts_path(work, "live-db"), *extra_dir = ts_path(work, "new"), *f1, *f2;
    const char *inputs[2];
    ts_daemon d;
    int tries;
    (void)state;
    inputs[0] = ts_fixture("text/posted_plain.txt");
    inputs[1] = NULL;
    index_into(live, inputs);
    free((char *)inputs[0]);
    mkdir(extra_dir, 0700);
    f1 = ts_path(extra_dir, "new1.txt");
    f2 = ts_path(extra_dir, "new2.txt");
    {
        static const char t1[] = "Page 1 of 1\n\nT\n\nPosted: Mon Jun 02, 2025 9:00 am\nby a\nzebracrossing\n";
        static const char t2[] = "Page 1 of 1\n\nT\n\nPosted: Mon Jun 02, 2025 9:00 am\nby a\nquokkaword\n";
        ts_write_file(f1, t1, sizeof t1 - 1);
        ts_write_file(f2, t2, sizeof t2 - 1);
    }
    ts_daemon_start(&d, live, NULL);
    assert_int_equal(hits_for(&d, "/api/search?q=zebracrossing"), 0);
    /* The indexer commits while the daemon serves: seen within seconds. */
    inputs[0] = f1;
    index_into(live, inputs);
    for (tries = 0; tries < 50 && hits_for(&d, "/api/search?q=zebracrossing") == 0; tries++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    assert_true(tries < 50);
    /* SIGHUP: every worker reopens at once. */
    inputs[0] = f2;
    index_into(live, inputs);
    kill(d.pid, SIGHUP);
    {
        int seen = 0, i;
        for (i = 0; i < 20 && !seen; i++) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            seen = hits_for(&d, "/api/search?q=quokkaword") == 1;
            if (!seen) nanosleep(&ts, NULL);
        }
        assert_true(seen);
    }
    {
        /* The search can see the commit before the signal thread has
         * written its line (each worker also reopens on its own): wait
         * for the line a little. */
        int logged = 0, i;
        for (i = 0; i < 100 && !logged; i++) {
            struct timespec ts = {0, 20 * 1000 * 1000};
            char *e = ts_daemon_stderr(&d);
            logged = strstr(e, "SIGHUP") != NULL;
            free(e);
            if (!logged) nanosleep(&ts, NULL);
        }
        assert_true(logged);
    }
    assert_int_equal(ts_daemon_stop(&d), 0);
    free(f1);
    free(f2);
    free(extra_dir);
    free(live);
}

typedef struct hammer {
    const ts_daemon *d;
    atomic_int *stop;   /* set by the test, read by every hammer thread */
    int ok, failed_midway;
} hammer;

/* Requests in a loop until told to stop; a request that got a status must
 * have got all of it. After shutdown connections are refused, not cut. */
static void *hammer_run(void *arg) {
    hammer *h = arg;
    while (!atomic_load(h->stop)) {
        ts_response r;
        char url[256];
        snprintf(url, sizeof url, "%s/api/search?q=social+worker+plan", h->d->base);
        ts_http(NULL, url, NULL, NULL, &r);
        if (r.status < 0) {
            /* Refused: the daemon has stopped listening. */
            ts_response_release(&r);
            break;
        }
        if (r.status == 200) {
            json_error_t jerr;
            json_t *o = json_loads(r.body, 0, &jerr);
            if (o) h->ok++;
            else h->failed_midway++;
            json_decref(o);
        } else if (r.status > 0) {
            h->failed_midway++;
        }
        ts_response_release(&r);
    }
    return NULL;
}

static void test_sigterm_finishes_requests(void **state) {
    ts_daemon d;
    pthread_t t[6];
    hammer h[6];
    atomic_int stop = 0;
    int i, status, total = 0;
    struct timespec warm = {0, 300 * 1000 * 1000};
    (void)state;
    ts_daemon_start(&d, db, NULL);
    for (i = 0; i < 6; i++) {
        h[i].d = &d;
        h[i].stop = &stop;
        h[i].ok = h[i].failed_midway = 0;
        pthread_create(&t[i], NULL, hammer_run, &h[i]);
    }
    nanosleep(&warm, NULL);
    kill(d.pid, SIGTERM);
    {
        int waited;
        for (waited = 0; waited < 300; waited++) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            if (waitpid(d.pid, &status, WNOHANG) == d.pid) break;
            nanosleep(&ts, NULL);
        }
        assert_true(waited < 300);
    }
    atomic_store(&stop, 1);
    for (i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        total += h[i].ok;
        assert_int_equal(h[i].failed_midway, 0);
    }
    assert_true(total > 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    d.pid = 0;
    ts_rmtree(d.dir);
    free(d.dir);
}

/* A connection kept open for the client's next request, idle, does not
 * hold up a stop: SIGTERM waits for requests in flight, not connections. */
static void test_sigterm_with_idle_connection(void **state) {
    static const char request[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ts_daemon d;
    struct sockaddr_in addr;
    struct timespec t0, t1;
    char answer[512];
    ssize_t got;
    int fd, status, waited;
    (void)state;
    ts_daemon_start(&d, db, NULL);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)d.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(write(fd, request, sizeof request - 1), (ssize_t)(sizeof request - 1));
    got = read(fd, answer, sizeof answer - 1);
    assert_true(got > 0);
    answer[got] = '\0';
    assert_non_null(strstr(answer, "200 OK"));
    assert_null(strstr(answer, "Connection: close"));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kill(d.pid, SIGTERM);
    for (waited = 0; waited < 300; waited++) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        if (waitpid(d.pid, &status, WNOHANG) == d.pid) break;
        nanosleep(&ts, NULL);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(waited < 300);
    /* The drain allows 10 s for requests in flight; none is. */
    assert_true((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9 < 3.0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
    d.pid = 0;
    ts_rmtree(d.dir);
    free(d.dir);
}

/* A missing index, an address that is not one, a thread count out of
 * range: refused at start, with what is wrong. */
static void test_refuses_bad_setup(void **state) {
    char *argv[] = {LANTERN_BIN_SEARCHD, "--db", "/nonexistent/lantern", "--listen",
                    "127.0.0.1:0", NULL};
    char *bad_listen[] = {LANTERN_BIN_SEARCHD, "--db", db, "--listen", "localhost:80", NULL};
    char *no_threads[] = {LANTERN_BIN_SEARCHD, "--db", db, "--threads", "0", NULL};
    char *many_threads[] = {LANTERN_BIN_SEARCHD, "--db", db, "--threads", "100000", NULL};
    ts_run r;
    (void)state;
    ts_run_program(no_threads, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--threads must be a number from 1 to 256"));
    ts_run_release(&r);
    ts_run_program(many_threads, &r);
    assert_int_equal(r.status, 2);
    ts_run_release(&r);
    ts_run_program(argv, &r);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "/nonexistent/lantern"));
    ts_run_release(&r);
    ts_run_program(bad_listen, &r);
    assert_int_not_equal(r.status, 0);
    ts_run_release(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_endpoint),
        cmocka_unit_test(test_json_is_the_cli_json),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_headers_cors_and_escaping),
        cmocka_unit_test(test_access_log_privacy),
        cmocka_unit_test(test_reopen_after_commit),
        cmocka_unit_test(test_sigterm_finishes_requests),
        cmocka_unit_test(test_sigterm_with_idle_connection),
        cmocka_unit_test(test_refuses_bad_setup),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
