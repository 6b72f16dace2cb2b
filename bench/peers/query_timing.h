/* query_timing.h — what the in-process query benchmarks share: the clock,
 * the query mix file, and the line they print (bench/run.sh reads it). */
#ifndef LANTERN_BENCH_QUERY_TIMING_H
#define LANTERN_BENCH_QUERY_TIMING_H

#include <stddef.h>

#define QT_MAX_QUERIES 512
#define QT_MAX_QUERY_BYTES 1024

typedef char qt_query[QT_MAX_QUERY_BYTES];

/* Seconds on a monotonic clock. */
double qt_now(void);

/* Reads up to QT_MAX_QUERIES queries from `path` (one a line, the text
 * before a TAB; # lines are comments) into a malloc'd array. Returns how
 * many, or -1 (with a message on stderr) when the file cannot be read. */
int qt_read_queries(const char *path, qt_query **out);

/* Prints "queries N qps Q p50_ms A p99_ms B" for n timings (seconds),
 * sorting them. */
void qt_report(double *times, size_t n);

/* Prints "query_ms T QUERY" for each of the nq queries, T the median of
 * its `repeats` timings, slowest first. times[r * nq + k] is query k's
 * time in round r. */
void qt_report_each(qt_query *queries, int nq, const double *times, int repeats);

#endif
