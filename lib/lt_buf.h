/* lt_buf.h — the one growable byte buffer: always NUL-terminated, bounded.
 *
 * A buffer has a maximum size fixed at init; growth past it fails with
 * LT_ELIMIT, allocation failure with LT_ENOMEM. The first failure is sticky:
 * later appends do nothing, so a run of appends needs one check at the end
 * (lt_buf_status). `data` is never NULL after init, so it can always be read
 * as a C string.
 *
 *     lt_buf b;
 *     lt_buf_init(&b, 1 << 20);
 *     lt_buf_append_str(&b, "hello ");
 *     lt_buf_appendf(&b, "%d", 42);
 *     if (lt_buf_status(&b) != LT_OK) ...;
 *     use(b.data, b.len);
 *     lt_buf_release(&b);
 */
#ifndef LANTERN_LT_BUF_H
#define LANTERN_LT_BUF_H

#include <stddef.h>

#include "lt_error.h"

typedef struct lt_buf {
    char *data;       /* len bytes, then a NUL */
    size_t len;
    size_t cap;       /* bytes allocated; 0 while data points at a shared "" */
    size_t max;       /* most bytes len may reach */
    lt_status status; /* first failure, sticky until reset */
} lt_buf;

void lt_buf_init(lt_buf *b, size_t max);
/* Frees the memory; the buffer may be initialised again. */
void lt_buf_release(lt_buf *b);
/* Empties the buffer and clears its status, keeping the memory. */
void lt_buf_reset(lt_buf *b);

lt_status lt_buf_status(const lt_buf *b);
/* Makes room for `extra` more bytes. */
lt_status lt_buf_reserve(lt_buf *b, size_t extra);
lt_status lt_buf_append(lt_buf *b, const char *p, size_t n);
lt_status lt_buf_append_str(lt_buf *b, const char *s);
lt_status lt_buf_append_char(lt_buf *b, char c);
lt_status lt_buf_appendf(lt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Shortens the buffer to `len` bytes (no-op if already shorter). */
void lt_buf_truncate(lt_buf *b, size_t len);
/* Hands the bytes to the caller (free() them) and empties the buffer.
 * Returns NULL if the buffer is in error or memory runs out. */
char *lt_buf_detach(lt_buf *b, size_t *len);

#endif
