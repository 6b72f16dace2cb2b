/* lt_jsonl_reader.h — JSON input: JSON Lines, one thread object per line
 * (corpus/FORMAT.md), streamed so a file of any size reads in flat memory;
 * or, when the file does not look like JSON Lines (its first line is a lone
 * "{" or starts with "["), one JSON document holding a thread object or an
 * array of them.
 *
 * A bad line (or array element) is reported through `warn` as "FILE:LINE:
 * what is wrong" and skipped; the others are read. A file whose first
 * LT_JSONL_MAX_BAD_START lines are all bad is not JSON Lines at all: it is
 * given up with one error rather than a report per line.
 */
#ifndef LANTERN_LT_JSONL_READER_H
#define LANTERN_LT_JSONL_READER_H

#include "lt_config.h"
#include "lt_input.h"
#include "lt_thread.h"

#define LT_JSONL_MAX_LINE (64u << 20)
#define LT_JSON_MAX_DOCUMENT (64u << 20)
#define LT_JSONL_MAX_BAD_START 20

typedef struct lt_jsonl_counts {
    size_t threads;   /* lines read into threads */
    size_t bad;       /* lines skipped */
} lt_jsonl_counts;

/* Reads `in` to its end, calling fn for each thread. Fails only when fn
 * fails, memory runs out or the input cannot be read further (then what
 * was read before stays delivered). */
lt_status lt_jsonl_read(lt_input *in, const char *name, const lt_config *config,
                        const lt_warn *warn, lt_thread_fn fn, void *ctx,
                        lt_jsonl_counts *counts, lt_error *err);

#endif
