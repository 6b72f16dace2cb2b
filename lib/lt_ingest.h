/* lt_ingest.h — one input file in, its threads out, whatever its format.
 *
 * Opens the file (gzip or not), picks the reader, repairs the text and
 * hands each thread to a callback with its id set: the source name for a
 * thread saved as text or HTML, the record's own id for JSON Lines.
 */
#ifndef LANTERN_LT_INGEST_H
#define LANTERN_LT_INGEST_H

#include <stdint.h>

#include "lt_config.h"
#include "lt_format.h"
#include "lt_thread.h"
#include "lt_thread_join.h"

/* The most bytes (after decompression) read from one text or HTML file. */
#define LT_MAX_DOCUMENT_BYTES (64u << 20)

typedef struct lt_ingest_result {
    lt_format format;
    uint64_t bytes;     /* bytes read, after decompression */
    size_t threads;     /* threads delivered */
    size_t bad_parts;   /* records skipped inside a file that was read */
} lt_ingest_result;

/* Reads `path`; `source` names it in document ids and messages. Fails
 * (nothing delivered from a text or HTML file, what came before the damage
 * from a JSON Lines file) with "FILE:LINE: what is wrong" in err.
 * Pages of forum threads go to `joiner` to wait for their other pages; with
 * no joiner each page is delivered as a thread of its own. */
lt_status lt_ingest_file(const char *path, const char *source,
                         const lt_config *config, const lt_warn *warn,
                         lt_thread_fn fn, void *ctx, lt_joiner *joiner,
                         lt_ingest_result *result, lt_error *err);

#endif
