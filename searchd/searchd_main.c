/* lantern-searchd — the query daemon behind the search box.
 *
 * Options, signals and shutdown; serving is sd_server.c. SIGHUP makes
 * every worker reopen the index at once; SIGTERM (or SIGINT) stops
 * accepting, lets the requests in flight finish, and exits. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lt_cli.h"
#include "lt_searcher.h"
#include "sd_searchers.h"
#include "sd_server.h"

#define PROGRAM "lantern-searchd"
#define MAX_SHARDS 64
/* Threads answering searches at most. */
#define MAX_THREADS 256

/* --keep-postings at most, in MB (a mistyped number is not taken as a
 * terabyte). */
#define MAX_KEEP_POSTINGS_MB (1024 * 1024)

/* Seconds the requests in flight get to finish after SIGTERM. */
#define DRAIN_SECONDS 10

static void usage(FILE *f) {
    fprintf(f,
            "Usage: " PROGRAM " --db DIR [OPTION]...\n"
            "Serve the search page and its JSON API over HTTP.\n"
            "\n"
            "  --db DIR              the index (repeat to serve several shards as one)\n"
            "  --listen HOST:PORT    address to listen on (default 127.0.0.1:8080;\n"
            "                        port 0 picks a free one); use [::1]:PORT for IPv6\n"
            "  --threads N           threads answering searches, in arrival order\n"
            "                        (default: the number of CPUs, at least 2)\n"
            "  --max-connections N   open connections at most (default 256)\n"
            "  --per-ip N            connections from one address at most (default: no limit)\n"
            "  --timeout SECONDS     idle connections are closed after (default 15)\n"
            "  --allow-origin ORIGIN let pages from ORIGIN (or *) call /api (CORS)\n"
            "  --exit-url URL        where \"Leave this site quickly\" goes\n"
            "                        (default https://www.bbc.co.uk/weather)\n"
            "  --access-log FILE     write an access log (- for standard output); it holds\n"
            "                        neither addresses nor queries unless asked:\n"
            "  --log-queries         put query strings in the access log\n"
            "  --log-addresses       put client addresses in the access log\n"
            "  --port-file FILE      write the port listened on to FILE once serving\n"
            "  --vocabulary FILE     add a vocabulary file (data/vocabulary.txt's format)\n"
            "  --keep-postings MB    memory for common words' postings, their bounds and\n"
            "                        the posts' kinds, shared by the threads (default %d;\n"
            "                        0 reads everything from the index)\n"
            "  --help                show this help\n"
            "\n"
            "Paths: / (the page), /api/search, /api/suggest, /api/thread, /thread,\n"
            "/healthz, /metrics. SIGHUP reopens the index; SIGTERM finishes the\n"
            "requests in flight and exits.\n",
            LT_KEEP_POSTINGS_DEFAULT_MB);
}

/* "HOST:PORT" or "[V6]:PORT" into host and port. */
static int parse_listen(const char *s, char *host, size_t size, unsigned *port) {
    const char *colon;
    unsigned long p;
    size_t n;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':') return 0;
        n = (size_t)(close - s - 1);
        if (n >= size) return 0;
        memcpy(host, s + 1, n);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon) return 0;
        n = (size_t)(colon - s);
        if (n >= size) return 0;
        memcpy(host, s, n);
    }
    host[n] = '\0';
    if (!lt_parse_unsigned(colon + 1, 0, 65535, &p)) return 0;
    *port = (unsigned)p;
    return 1;
}

static int http_url(const char *s) {
    return (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7)) &&
           !strpbrk(s, " \"'<>\\\r\n");
}

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"max-connections", required_argument, NULL, 'm'},
        {"per-ip", required_argument, NULL, 'i'},
        {"timeout", required_argument, NULL, 'T'},
        {"allow-origin", required_argument, NULL, 'o'},
        {"exit-url", required_argument, NULL, 'x'},
        {"access-log", required_argument, NULL, 'a'},
        {"log-queries", no_argument, NULL, 'Q'},
        {"log-addresses", no_argument, NULL, 'A'},
        {"port-file", required_argument, NULL, 'p'},
        {"vocabulary", required_argument, NULL, 'V'},
        {"keep-postings", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dbs[MAX_SHARDS], *port_file = NULL, *log_path = NULL, *vocab_path = NULL;
    char host[64] = "127.0.0.1";
    unsigned long n, keep_mb = LT_KEEP_POSTINGS_DEFAULT_MB;
    sd_config config;
    sd_server_options so;
    sd_server *server = NULL;
    lt_error err;
    sigset_t signals;
    int opt, sig, status = 0;
    size_t n_dbs = 0;

    memset(&config, 0, sizeof config);
    config.exit_url = "https://www.bbc.co.uk/weather";
    so.host = host;
    so.port = 8080;
    {
        /* Searches are CPU work: one thread per core answers them
         * soonest; more only share the cores (README, lantern-searchd). */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        so.threads = cpus > 2 ? (unsigned)(cpus < MAX_THREADS ? cpus : MAX_THREADS) : 2;
    }
    so.max_connections = 256;
    so.per_ip = 0;
    so.timeout = 15;
    so.memory_limit = 64 * 1024;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            if (n_dbs == MAX_SHARDS) {
                fprintf(stderr, PROGRAM ": at most %d --db options\n", MAX_SHARDS);
                return 2;
            }
            dbs[n_dbs++] = optarg;
            break;
        case 'l':
            if (!parse_listen(optarg, host, sizeof host, &so.port)) {
                fprintf(stderr, PROGRAM ": --listen wants HOST:PORT, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 't':
        case 'm':
        case 'i':
        case 'T':
            if (!lt_parse_unsigned(optarg, opt == 'i' ? 0 : 1, opt == 't' ? MAX_THREADS : 100000,
                                   &n)) {
                if (opt == 't')
                    fprintf(stderr, PROGRAM ": --threads must be a number from 1 to %d\n",
                            MAX_THREADS);
                else
                    fprintf(stderr, PROGRAM ": bad number '%s'\n", optarg);
                return 2;
            }
            if (opt == 't') so.threads = (unsigned)n;
            else if (opt == 'm') so.max_connections = (unsigned)n;
            else if (opt == 'i') so.per_ip = (unsigned)n;
            else so.timeout = (unsigned)n;
            break;
        case 'o':
            if (strcmp(optarg, "*") != 0 && (!http_url(optarg) || strchr(optarg + 8, '/'))) {
                fprintf(stderr, PROGRAM ": --allow-origin wants * or scheme://host[:port]\n");
                return 2;
            }
            config.allow_origin = optarg;
            break;
        case 'x':
            if (!http_url(optarg)) {
                fprintf(stderr, PROGRAM ": --exit-url wants an http(s) URL\n");
                return 2;
            }
            config.exit_url = optarg;
            break;
        case 'a': log_path = optarg; break;
        case 'Q': config.log_queries = 1; break;
        case 'A': config.log_addresses = 1; break;
        case 'p': port_file = optarg; break;
        case 'V': vocab_path = optarg; break;
        case 'k':
            if (!lt_parse_unsigned(optarg, 0, MAX_KEEP_POSTINGS_MB, &keep_mb)) {
                fprintf(stderr, PROGRAM ": --keep-postings must be a number of MB from 0 to %d\n",
                        MAX_KEEP_POSTINGS_MB);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (n_dbs == 0 || optind < argc) {
        fprintf(stderr, PROGRAM ": %s\n", n_dbs == 0 ? "--db DIR is required"
                                                      : "unexpected arguments");
        usage(stderr);
        return 2;
    }
    if (log_path) {
        config.access_log = strcmp(log_path, "-") ? fopen(log_path, "a") : stdout;
        if (!config.access_log) {
            fprintf(stderr, PROGRAM ": %s: cannot open for appending\n", log_path);
            return 2;
        }
        setvbuf(config.access_log, NULL, _IOLBF, 0);
    }
    config.dbs = dbs;
    config.n_dbs = n_dbs;
    lt_searcher_keep_postings((size_t)keep_mb << 20);
    if (sd_searchers_init(dbs, n_dbs, vocab_path, &err) != LT_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.message);
        return 1;
    }

    /* Every thread started from here on inherits these blocked signals;
     * this thread alone takes them, with sigwait. */
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (sd_server_start(&config, &so, &server, &err) != LT_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.message);
        return 1;
    }
    printf(PROGRAM ": serving %s on http://%s%s%s:%u/\n", dbs[0], strchr(host, ':') ? "[" : "",
           host, strchr(host, ':') ? "]" : "", sd_server_port(server));
    fflush(stdout);
    if (port_file) {
        FILE *f = fopen(port_file, "w");
        if (!f || fprintf(f, "%u\n", sd_server_port(server)) < 0 || fclose(f) != 0) {
            fprintf(stderr, PROGRAM ": %s: cannot write the port\n", port_file);
            sd_server_stop(server);
            return 1;
        }
    }
    for (;;) {
        if (sigwait(&signals, &sig) != 0) continue;
        if (sig == SIGHUP) {
            sd_searchers_reopen_all();
            fprintf(stderr, PROGRAM ": SIGHUP: reopening the index\n");
            continue;
        }
        break;
    }
    fprintf(stderr, PROGRAM ": stopping: finishing the requests in flight\n");
    sd_server_quiesce(server);
    {
        struct timespec nap = {0, 50 * 1000 * 1000};
        int waited;
        for (waited = 0; waited < DRAIN_SECONDS * 20 && sd_server_requests_in_flight(server) > 0; waited++)
            nanosleep(&nap, NULL);
    }
    sd_server_stop(server);
    sd_searchers_shutdown();
    if (config.access_log && config.access_log != stdout) fclose(config.access_log);
    fprintf(stderr, PROGRAM ": stopped\n");
    return status;
}
