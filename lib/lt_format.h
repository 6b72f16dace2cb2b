/* lt_format.h — which reader a file needs, from its content and name.
 *
 * Content decides when it is clear (a JSON object, an HTML document, NUL
 * bytes); the extension (ignoring a final .gz) decides otherwise.
 */
#ifndef LANTERN_LT_FORMAT_H
#define LANTERN_LT_FORMAT_H

#include <stddef.h>

typedef enum lt_format {
    LT_FORMAT_TEXT,      /* a thread saved as text (either phpBB style) */
    LT_FORMAT_JSONL,     /* JSON Lines, one thread per line */
    LT_FORMAT_HTML,      /* a web page */
    LT_FORMAT_BINARY     /* not text at all */
} lt_format;

/* `head` is the start of the (decompressed) content. */
lt_format lt_format_detect(const char *path, const char *head, size_t head_len);
const char *lt_format_name(lt_format f);

#endif
