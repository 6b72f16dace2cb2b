/* sd_render.h — the HTML of results and of a thread, server-side: the page
 * works without JavaScript, and app.js builds the very same markup.
 *
 * Everything from the archive (titles, names, text) is escaped here; the
 * snippet is the only HTML taken as it is, and it is made escaped-and-
 * marked by liblantern (lt_snippet.h). */
#ifndef LANTERN_SD_RENDER_H
#define LANTERN_SD_RENDER_H

#include "lt_buf.h"
#include "lt_searcher.h"
#include "lt_thread.h"

/* Appends the results block for `r` (searched with role filter `role`,
 * "" for none): summary, "did you mean", the list, the page links. */
lt_status sd_render_results(lt_buf *out, const lt_results *r, const char *role);

/* Appends the block for a query that could not be searched. */
lt_status sd_render_problem(lt_buf *out, const char *message);

/* Appends a thread, each post an <article id="post-N">. */
lt_status sd_render_thread(lt_buf *out, const lt_thread *t);

/* Fills `tmpl`, replacing {{name}} with values[i] for names[i]; other
 * text is copied. Values are inserted as given (escape them first). */
lt_status sd_render_template(lt_buf *out, const char *tmpl, const char *const *names,
                             const char *const *values, size_t n);

/* Appends s percent-encoded for a URL query value. */
lt_status sd_url_encode(lt_buf *out, const char *s);

#endif
