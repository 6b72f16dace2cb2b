/* lt_results_json.h — search results as the JSON object of the contract
 * (README "Search JSON"): the same bytes from lantern-search --json and
 * from the daemon's /api/search.
 */
#ifndef LANTERN_LT_RESULTS_JSON_H
#define LANTERN_LT_RESULTS_JSON_H

#include <jansson.h>

#include "lt_searcher.h"

/* A new reference, or NULL when memory runs out. */
json_t *lt_results_to_json(const lt_results *r);

/* The object serialised compactly (keys in contract order); free() it. */
char *lt_results_to_json_string(const lt_results *r);

#endif
