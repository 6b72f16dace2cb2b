/* lt_results_json.h — search results as the JSON object of the contract
 * (README "Search JSON"): the same bytes from lantern-search --json and
 * from the daemon's /api/search.
 */
#ifndef LANTERN_LT_RESULTS_JSON_H
#define LANTERN_LT_RESULTS_JSON_H

#include "lt_searcher.h"

/* The object serialised compactly, keys in contract order (as jansson's
 * json_dumps with JSON_COMPACT | JSON_PRESERVE_ORDER and reals to 10
 * digits); free() it. NULL when memory runs out or a string of r is not
 * valid UTF-8. */
char *lt_results_to_json_string(const lt_results *r);

#endif
