/* lt_thread_view.h — a whole thread as the index holds it, for reading a
 * result in place when the archive has no URL for it. */
#ifndef LANTERN_LT_THREAD_VIEW_H
#define LANTERN_LT_THREAD_VIEW_H

#include "lt_searcher.h"
#include "lt_thread.h"

/* The posts of thread `id` in position order, or LT_ENOTFOUND. The caller
 * frees *out with lt_thread_free. */
lt_status lt_thread_view(lt_searcher *s, const char *id, lt_thread **out, lt_error *err);

#endif
