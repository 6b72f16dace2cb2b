/* lantern-search — query a Lantern index from the command line.
 *
 * Options and output; the search itself is lt_search. With --json the
 * output is exactly the object the daemon's /api/search returns. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lt_buf.h"
#include "lt_cli.h"
#include "lt_date.h"
#include "lt_results_json.h"
#include "lt_searcher.h"

#define PROGRAM "lantern-search"
#define MAX_SHARDS 64

static void usage(FILE *f) {
    fprintf(f,
            "Usage: " PROGRAM " --db DIR [OPTION]... QUERY...\n"
            "Search a Lantern index. The words of QUERY are joined by spaces.\n"
            "Quoted phrases (\"care order\"), -word to exclude, AND/OR/NOT and\n"
            "title:word work; anything else is searched as plain words.\n"
            "\n"
            "  --db DIR         the index (repeat to search several shards as one)\n"
            "  --json           print the search JSON (as the daemon's /api/search)\n"
            "  --limit N        results per page, 1 to %d (default 10)\n"
            "  --offset N       skip the first N results\n"
            "  --role ROLE      only posts by an adviser or a member\n"
            "  --type TYPE      only forum posts (post) or FAQ sections (faq)\n"
            "  --from DATE      only posts on or after DATE (YYYY-MM-DD)\n"
            "  --to DATE        only posts on or before DATE (YYYY-MM-DD)\n"
            "  --exact          search the words as typed, even when a spelling\n"
            "                   correction would find more\n"
            "  --vocabulary FILE  add a vocabulary file (data/vocabulary.txt's format)\n"
            "  --help           show this help\n"
            "\n"
            "Exit status: 0 on success (also with no results), 1 when the index\n"
            "cannot be searched, 2 on a usage error.\n",
            LT_SEARCH_MAX_LIMIT);
}

/* "YYYY-MM-DD" for --from (start of day) or --to (end of day). */
static int parse_day(const char *s, int end_of_day, char out[LT_DATE_SIZE]) {
    if (!lt_date_parse_iso(s, strlen(s), out)) return 0;
    if (strlen(s) == 10 && end_of_day) memcpy(out + 11, "23:59", 5);
    return 1;
}

static void print_plain(const lt_results *r, int tty) {
    const char *on = tty ? "\033[1m" : "", *off = tty ? "\033[0m" : "";
    size_t i;
    char text[8192];
    if (r->corrected && r->showing_corrected)
        printf("Showing results for: %s (search the words as typed with --exact)\n", r->corrected);
    else if (r->corrected)
        printf("Did you mean: %s\n", r->corrected);
    printf("About %u result%s for \"%s\" (%.1f ms)\n", r->total, r->total == 1 ? "" : "s",
           r->query, r->took_ms);
    for (i = 0; i < r->n_hits; i++) {
        const lt_hit *h = &r->hits[i];
        printf("\n%u. %s%s%s\n", h->rank, on, h->title, off);
        printf("   %s%s", h->author[0] ? h->author : "(unknown author)",
               h->role == LT_ROLE_ADVISER ? " [adviser]" : "");
        if (h->date[0]) printf(" \xC2\xB7 %.10s %.5s", h->date, h->date + 11);
        printf(" \xC2\xB7 %s", h->doc);
        if (h->more_in_thread)
            printf(" \xC2\xB7 %u more in thread", h->more_in_thread);
        printf("\n");
        lt_html_to_terminal(h->snippet, on, off, text, sizeof text);
        printf("   %s\n", text);
        if (h->url) printf("   %s\n", h->url);
    }
}

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'l'},
        {"offset", required_argument, NULL, 'o'},
        {"role", required_argument, NULL, 'r'},
        {"type", required_argument, NULL, 't'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 'T'},
        {"exact", no_argument, NULL, 'e'},
        {"vocabulary", required_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dbs[MAX_SHARDS], *vocab_path = NULL;
    size_t n_dbs = 0;
    int json = 0, opt, i, status = 0;
    unsigned long n;
    lt_search_options o;
    lt_searcher *s = NULL;
    lt_results *r = NULL;
    lt_error err;
    lt_buf query;

    lt_search_options_init(&o);
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            if (n_dbs == MAX_SHARDS) {
                fprintf(stderr, PROGRAM ": at most %d --db options\n", MAX_SHARDS);
                return 2;
            }
            dbs[n_dbs++] = optarg;
            break;
        case 'j': json = 1; break;
        case 'l':
            if (!lt_parse_unsigned(optarg, 1, LT_SEARCH_MAX_LIMIT, &n)) {
                fprintf(stderr, PROGRAM ": --limit must be a number from 1 to %d\n",
                        LT_SEARCH_MAX_LIMIT);
                return 2;
            }
            o.limit = (unsigned)n;
            break;
        case 'o':
            if (!lt_parse_unsigned(optarg, 0, LT_SEARCH_MAX_OFFSET, &n)) {
                fprintf(stderr, PROGRAM ": --offset must be a number from 0 to %d\n",
                        LT_SEARCH_MAX_OFFSET);
                return 2;
            }
            o.offset = (unsigned)n;
            break;
        case 'r': {
            lt_role role;
            if (!lt_role_from_name(optarg, &role)) {
                fprintf(stderr, PROGRAM ": --role must be adviser or member\n");
                return 2;
            }
            o.role_filter = (int)role;
            break;
        }
        case 't': {
            lt_doc_type type;
            if (!lt_doc_type_from_name(optarg, &type)) {
                fprintf(stderr, PROGRAM ": --type must be post or faq\n");
                return 2;
            }
            o.type_filter = (int)type;
            break;
        }
        case 'f':
        case 'T':
            if (!parse_day(optarg, opt == 'T', opt == 'f' ? o.date_from : o.date_to)) {
                fprintf(stderr, PROGRAM ": --%s must be a date YYYY-MM-DD\n",
                        opt == 'f' ? "from" : "to");
                return 2;
            }
            break;
        case 'e': o.exact = 1; break;
        case 'V': vocab_path = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (n_dbs == 0 || optind >= argc) {
        fprintf(stderr, PROGRAM ": %s\n", n_dbs == 0 ? "--db DIR is required" : "no query given");
        usage(stderr);
        return 2;
    }
    lt_buf_init(&query, LT_SEARCH_MAX_QUERY_BYTES);
    for (i = optind; i < argc; i++) {
        if (i > optind) lt_buf_append_char(&query, ' ');
        lt_buf_append_str(&query, argv[i]);
    }
    if (lt_buf_status(&query) != LT_OK) {
        fprintf(stderr, PROGRAM ": query longer than %d bytes\n", LT_SEARCH_MAX_QUERY_BYTES);
        lt_buf_release(&query);
        return 2;
    }
    if (lt_searcher_open(dbs, n_dbs, &s, &err) != LT_OK ||
        (vocab_path && lt_searcher_add_vocabulary(s, vocab_path, &err) != LT_OK) ||
        lt_search(s, query.data, &o, &r, &err) != LT_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.message);
        status = err.status == LT_EINVAL ? 2 : 1;
        goto done;
    }
    if (json) {
        char *out = lt_results_to_json_string(r);
        if (!out) {
            fprintf(stderr, PROGRAM ": out of memory\n");
            status = 1;
            goto done;
        }
        puts(out);
        free(out);
    } else {
        print_plain(r, isatty(STDOUT_FILENO));
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, PROGRAM ": standard output: write error\n");
        status = 1;
    }
done:
    lt_results_free(r);
    lt_searcher_free(s);
    lt_buf_release(&query);
    return status;
}
