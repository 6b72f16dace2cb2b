/* sd_params.h — the search parameters of a request (q, limit, offset,
 * role, type, from, to), checked: the API and the page share them.
 *
 * Parameters come through a getter so this file knows no HTTP. */
#ifndef LANTERN_SD_PARAMS_H
#define LANTERN_SD_PARAMS_H

#include <stddef.h>

#include "lt_searcher.h"

/* Returns the decoded value of parameter `name`, or NULL when absent. */
typedef const char *(*sd_param_fn)(void *ctx, const char *name);

typedef struct sd_search_params {
    const char *q;              /* borrowed from the request; "" when absent */
    lt_search_options options;
} sd_search_params;

/* Fills p; returns 0, or -1 with what is wrong in `why` (a 400). */
int sd_params_parse(sd_param_fn get, void *ctx, sd_search_params *p, char *why,
                    size_t why_len);

#endif
