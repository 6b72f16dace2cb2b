/* lantern_query — Lantern's searcher in-process, for bench/: every query
 * of QUERIES (the text before a TAB) REPEATS times, with everything on
 * (snippets, collapse to threads, vocabulary, evidence, spelling).
 *
 *   lantern_query DB QUERIES REPEATS [plain|each|index-lengths]
 *                                       (prints queries/s, p50, p99)
 *
 * The searcher keeps the posts' lengths in memory, as the daemon's do
 * (lt_searcher_cache_lengths). With "plain", the plain BM25 profile: no
 * vocabulary, evidence or retry, to see what those cost. With "each",
 * also one line per query of the mix, its median time over the repeats,
 * slowest first: where to look. With "index-lengths", BM25 reads the
 * lengths from the index, as a one-shot search does.
 *
 * Postings are kept in memory as the daemon keeps them, up to its default
 * (LT_KEEP_POSTINGS_DEFAULT_MB); LANTERN_KEEP_POSTINGS_MB sets another
 * budget (0: none kept, every list walked through Xapian).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_searcher.h"
#include "query_timing.h"

int main(int argc, char **argv) {
    const char *paths[1];
    qt_query *queries;
    int nq, repeats, r, k, each;
    size_t nt = 0;
    double *times;
    lt_searcher *s;
    lt_error err;
    lt_search_options options;
    if (argc < 4 || argc > 5 ||
        (argc == 5 && strcmp(argv[4], "plain") != 0 && strcmp(argv[4], "each") != 0 &&
         strcmp(argv[4], "index-lengths") != 0)) {
        fprintf(stderr, "usage: lantern_query DB QUERIES REPEATS [plain|each|index-lengths]\n");
        return 2;
    }
    repeats = atoi(argv[3]);
    if (repeats < 1) {
        fprintf(stderr, "lantern_query: REPEATS must be at least 1\n");
        return 2;
    }
    each = argc == 5 && strcmp(argv[4], "each") == 0;
    if ((nq = qt_read_queries(argv[2], &queries)) < 0) return 1;
    paths[0] = argv[1];
    if (lt_searcher_open(paths, 1, &s, &err) != LT_OK) {
        fprintf(stderr, "lantern_query: %s\n", err.message);
        return 1;
    }
    lt_searcher_cache_lengths(s, argc < 5 || strcmp(argv[4], "index-lengths") != 0);
    {
        const char *mb = getenv("LANTERN_KEEP_POSTINGS_MB");
        lt_searcher_keep_postings((size_t)(mb ? strtoul(mb, NULL, 10) : LT_KEEP_POSTINGS_DEFAULT_MB)
                                  << 20);
    }
    lt_search_options_init(&options);
    if (argc == 5 && strcmp(argv[4], "plain") == 0) options.profile = &lt_profile_plain;
    times = malloc(sizeof *times * (size_t)(nq * repeats + 1));
    if (!times) return 1;
    for (r = 0; r < repeats; r++)
        for (k = 0; k < nq; k++) {
            lt_results *res;
            double t0 = qt_now();
            if (lt_search(s, queries[k], &options, &res, &err) != LT_OK) {
                fprintf(stderr, "lantern_query: %s: %s\n", queries[k], err.message);
                return 1;
            }
            lt_results_free(res);
            times[nt++] = qt_now() - t0;
        }
    if (each) qt_report_each(queries, nq, times, repeats);
    qt_report(times, nt);
    lt_searcher_free(s);
    free(times);
    free(queries);
    return 0;
}
