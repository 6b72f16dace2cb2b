/* lantern_query — Lantern's searcher in-process, for bench/: every query
 * of QUERIES (the text before a TAB) REPEATS times, with everything on
 * (snippets, collapse to threads, vocabulary, evidence, spelling).
 *
 *   lantern_query DB QUERIES REPEATS [plain]   (prints queries/s, p50, p99)
 *
 * With "plain", the plain BM25 profile: no vocabulary, evidence or retry,
 * to see what those cost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lt_searcher.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    const char *paths[1];
    char line[1024], (*queries)[1024];
    int nq = 0, repeats, r, k;
    size_t nt = 0;
    double *times, total = 0;
    lt_searcher *s;
    lt_error err;
    FILE *f;
    lt_search_options options;
    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "plain") != 0)) {
        fprintf(stderr, "usage: lantern_query DB QUERIES REPEATS [plain]\n");
        return 2;
    }
    repeats = atoi(argv[3]);
    queries = malloc(512 * sizeof *queries);
    f = fopen(argv[2], "r");
    if (!f || !queries) { perror(argv[2]); return 1; }
    while (fgets(line, sizeof line, f) && nq < 512) {
        line[strcspn(line, "\t\n")] = '\0';
        if (line[0] && line[0] != '#') snprintf(queries[nq++], sizeof queries[0], "%s", line);
    }
    fclose(f);
    paths[0] = argv[1];
    if (lt_searcher_open(paths, 1, &s, &err) != LT_OK) {
        fprintf(stderr, "lantern_query: %s\n", err.message);
        return 1;
    }
    lt_search_options_init(&options);
    if (argc == 5) options.profile = &lt_profile_plain;
    times = malloc(sizeof *times * (size_t)(nq * repeats));
    for (r = 0; r < repeats; r++)
        for (k = 0; k < nq; k++) {
            lt_results *res;
            double t0 = now();
            if (lt_search(s, queries[k], &options, &res, &err) != LT_OK) {
                fprintf(stderr, "lantern_query: %s: %s\n", queries[k], err.message);
                return 1;
            }
            lt_results_free(res);
            times[nt++] = now() - t0;
        }
    qsort(times, nt, sizeof *times, cmp_double);
    for (k = 0; k < (int)nt; k++) total += times[k];
    printf("queries %zu qps %f p50_ms %f p99_ms %f\n", nt, nt / total, times[nt / 2] * 1000,
           times[nt * 99 / 100 < nt ? nt * 99 / 100 : nt - 1] * 1000);
    lt_searcher_free(s);
    free(times);
    free(queries);
    return 0;
}
