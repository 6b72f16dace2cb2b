/* sd_metrics.c — atomic counters and their exposition. */
#include "sd_metrics.h"

#include <stdatomic.h>

#include "lt_searcher.h"

static const unsigned codes[] = {200, 304, 400, 404, 405, 413, 414, 429, 500, 503};
#define N_CODES (sizeof codes / sizeof *codes)

/* Upper bounds of the latency buckets, in seconds. */
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                0.25, 0.5, 1.0, 2.5};
#define N_BOUNDS (sizeof bounds / sizeof *bounds)

static atomic_ullong by_code[N_CODES + 1];      /* the last: any other code */
static atomic_ullong buckets[N_BOUNDS + 1];     /* the last: +Inf */
static atomic_ullong total_micros;
static atomic_ullong count;

void sd_metrics_record(unsigned status, double seconds) {
    size_t i;
    for (i = 0; i < N_CODES && codes[i] != status; i++) {}
    atomic_fetch_add(&by_code[i], 1);
    for (i = 0; i < N_BOUNDS && seconds > bounds[i]; i++) {}
    atomic_fetch_add(&buckets[i], 1);
    atomic_fetch_add(&total_micros, (unsigned long long)(seconds * 1e6));
    atomic_fetch_add(&count, 1);
}

lt_status sd_metrics_render(lt_buf *out, uint32_t documents, uint64_t revision) {
    size_t i;
    unsigned long long cumulative = 0;
    lt_buf_append_str(out,
        "# HELP lantern_http_requests_total HTTP requests answered, by status code.\n"
        "# TYPE lantern_http_requests_total counter\n");
    for (i = 0; i < N_CODES; i++)
        lt_buf_appendf(out, "lantern_http_requests_total{code=\"%u\"} %llu\n", codes[i],
                       (unsigned long long)atomic_load(&by_code[i]));
    lt_buf_appendf(out, "lantern_http_requests_total{code=\"other\"} %llu\n",
                   (unsigned long long)atomic_load(&by_code[N_CODES]));
    lt_buf_append_str(out,
        "# HELP lantern_http_request_duration_seconds Time to answer a request.\n"
        "# TYPE lantern_http_request_duration_seconds histogram\n");
    for (i = 0; i <= N_BOUNDS; i++) {
        cumulative += atomic_load(&buckets[i]);
        if (i < N_BOUNDS)
            lt_buf_appendf(out, "lantern_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                           bounds[i], cumulative);
        else
            lt_buf_appendf(out,
                           "lantern_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                           cumulative);
    }
    lt_buf_appendf(out, "lantern_http_request_duration_seconds_sum %.6f\n",
                   atomic_load(&total_micros) / 1e6);
    lt_buf_appendf(out, "lantern_http_request_duration_seconds_count %llu\n",
                   (unsigned long long)atomic_load(&count));
    lt_buf_appendf(out,
        "# HELP lantern_index_documents Documents in the index being served.\n"
        "# TYPE lantern_index_documents gauge\n"
        "lantern_index_documents %u\n"
        "# HELP lantern_index_revision Sum of the revisions of the index's databases on disk.\n"
        "# TYPE lantern_index_revision gauge\n"
        "lantern_index_revision %llu\n"
        "# HELP lantern_postings_kept_bytes Memory holding words' postings for searches.\n"
        "# TYPE lantern_postings_kept_bytes gauge\n"
        "lantern_postings_kept_bytes %zu\n",
        documents, (unsigned long long)revision, lt_searcher_kept_postings());
    return lt_buf_status(out);
}
