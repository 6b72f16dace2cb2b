/* sd_metrics.h — counters for the /metrics endpoint (Prometheus text
 * format): requests by status code, a latency histogram, index gauges.
 * Recording is lock-free and safe from any thread. */
#ifndef LANTERN_SD_METRICS_H
#define LANTERN_SD_METRICS_H

#include <stdint.h>

#include "lt_buf.h"

void sd_metrics_record(unsigned status, double seconds);

/* Appends the exposition text; `documents` and `revision` are the index's
 * figures at scrape time. */
lt_status sd_metrics_render(lt_buf *out, uint32_t documents, uint64_t revision);

#endif
