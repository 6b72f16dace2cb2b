/* query_timing.c — see query_timing.h. */
#include "query_timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double qt_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int qt_read_queries(const char *path, qt_query **out) {
    char line[QT_MAX_QUERY_BYTES];
    FILE *f = fopen(path, "r");
    int n = 0;
    *out = malloc(QT_MAX_QUERIES * sizeof **out);
    if (!f || !*out) {
        perror(path);
        if (f) fclose(f);
        free(*out);
        *out = NULL;
        return -1;
    }
    while (fgets(line, sizeof line, f) && n < QT_MAX_QUERIES) {
        line[strcspn(line, "\t\n")] = '\0';
        if (line[0] && line[0] != '#') memcpy((*out)[n++], line, strlen(line) + 1);
    }
    fclose(f);
    return n;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void qt_report(double *times, size_t n) {
    double total = 0;
    size_t i;
    if (n == 0) {
        printf("queries 0 qps 0 p50_ms 0 p99_ms 0\n");
        return;
    }
    qsort(times, n, sizeof *times, cmp_double);
    for (i = 0; i < n; i++) total += times[i];
    printf("queries %zu qps %f p50_ms %f p99_ms %f\n", n, n / total, times[n / 2] * 1000,
           times[n * 99 / 100 < n ? n * 99 / 100 : n - 1] * 1000);
}

typedef struct qt_each {
    double median;
    int query;
} qt_each;

static int cmp_each_slowest(const void *a, const void *b) {
    const qt_each *x = a, *y = b;
    return x->median > y->median ? -1 : x->median < y->median;
}

void qt_report_each(qt_query *queries, int nq, const double *times, int repeats) {
    qt_each *rows = malloc(sizeof *rows * (size_t)(nq > 0 ? nq : 1));
    double *one = malloc(sizeof *one * (size_t)repeats);
    int k, r;
    if (!rows || !one) {
        free(rows);
        free(one);
        return;
    }
    for (k = 0; k < nq; k++) {
        for (r = 0; r < repeats; r++) one[r] = times[(size_t)r * (size_t)nq + (size_t)k];
        qsort(one, (size_t)repeats, sizeof *one, cmp_double);
        rows[k].median = one[repeats / 2];
        rows[k].query = k;
    }
    qsort(rows, (size_t)nq, sizeof *rows, cmp_each_slowest);
    for (k = 0; k < nq; k++) printf("query_ms %9.3f %s\n", rows[k].median * 1000, queries[rows[k].query]);
    free(rows);
    free(one);
}
