/* lt_thread_json.h — a thread as a JSON object: the JSON Lines input
 * format (corpus/FORMAT.md), `lantern-index --dump`, and the expected
 * output of the readers' test fixtures are all this one shape.
 */
#ifndef LANTERN_LT_THREAD_JSON_H
#define LANTERN_LT_THREAD_JSON_H

#include <jansson.h>

#include "lt_config.h"
#include "lt_thread.h"

/* A new reference to the object for t, or NULL when memory runs out. */
json_t *lt_thread_to_json(const lt_thread *t);

/* Builds a thread from a parsed object. Strings are cleaned (curly quotes,
 * odd spaces) and bounded; a post without a role gets one from its author
 * and `config`. On failure returns LT_EFORMAT (or LT_ELIMIT, LT_ENOMEM)
 * and writes what is wrong to `why`. */
lt_status lt_thread_from_json(const json_t *obj, const lt_config *config,
                              lt_thread **out, char *why, size_t why_len);

#endif
