/* lt_searcher_internal.h — for liblantern's own files that work beside the
 * searcher (suggestions, the thread view): its database handle. */
#ifndef LANTERN_LT_SEARCHER_INTERNAL_H
#define LANTERN_LT_SEARCHER_INTERNAL_H

#include "lt_searcher.h"
#include "xc.h"

xc_database *lt_searcher_db(lt_searcher *s);
/* The name used in messages (the first shard's path). */
const char *lt_searcher_name(const lt_searcher *s);

#endif
