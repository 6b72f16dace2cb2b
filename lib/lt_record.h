/* lt_record.h — what a document stores for showing a result: its ids,
 * title, author, role, date, URL and the texts snippets are cut from.
 *
 * A compact length-prefixed encoding (faster to write and read than JSON,
 * and a result page decodes a dozen of these per query). The first byte is
 * a version, so the layout can change without misreading old indexes.
 */
#ifndef LANTERN_LT_RECORD_H
#define LANTERN_LT_RECORD_H

#include <stddef.h>

#include "lt_buf.h"
#include "lt_thread.h"

/* A string inside a decoded record: not NUL-terminated. */
typedef struct lt_span {
    const char *s;
    size_t len;
} lt_span;

typedef struct lt_record {
    lt_span doc;       /* SOURCE#N */
    lt_span thread;    /* SOURCE */
    lt_span title;
    lt_span author;
    lt_span date;      /* ISO, or empty */
    lt_span url;
    lt_span forum;
    lt_span text;
    lt_span quoted;
    unsigned position;
    lt_role role;
    lt_doc_type type;
} lt_record;

/* Appends the record of post p of thread t, with document id `doc`. */
lt_status lt_record_encode(const lt_thread *t, const lt_post *p,
                           const char *doc, size_t doc_len, lt_buf *out);

/* Reads a record; its spans point into data[0..len). Returns LT_EFORMAT on
 * anything malformed (never reads past the end). */
lt_status lt_record_decode(const char *data, size_t len, lt_record *out);

#endif
