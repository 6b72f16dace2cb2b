/* lt_buf.c — growth with overflow checks, sticky errors. */
#include "lt_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an empty buffer points at, so data is always a valid string. */
static char empty_string[1];

void lt_buf_init(lt_buf *b, size_t max) {
    b->data = empty_string;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->status = LT_OK;
}

void lt_buf_release(lt_buf *b) {
    if (b->cap) free(b->data);
    lt_buf_init(b, b->max);
}

void lt_buf_reset(lt_buf *b) {
    b->len = 0;
    /* Never written when empty: empty_string is shared by every thread's
     * empty buffers, and already holds its NUL. */
    if (b->cap) b->data[0] = '\0';
    b->status = LT_OK;
}

lt_status lt_buf_status(const lt_buf *b) { return b->status; }

lt_status lt_buf_reserve(lt_buf *b, size_t extra) {
    size_t need, cap;
    char *p;
    if (b->status != LT_OK) return b->status;
    if (extra > b->max || b->len > b->max - extra) {
        b->status = LT_ELIMIT;
        return b->status;
    }
    need = b->len + extra + 1;   /* cannot overflow: max is far below SIZE_MAX */
    if (need <= b->cap) return LT_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > ((size_t)-1) / 2) { cap = need; break; }
        cap *= 2;
    }
    if (cap > b->max + 1) cap = b->max + 1;
    p = b->cap ? realloc(b->data, cap) : malloc(cap);
    if (!p) {
        b->status = LT_ENOMEM;
        return b->status;
    }
    if (!b->cap) p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return LT_OK;
}

lt_status lt_buf_append(lt_buf *b, const char *p, size_t n) {
    if (lt_buf_reserve(b, n) != LT_OK) return b->status;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return LT_OK;
}

lt_status lt_buf_append_str(lt_buf *b, const char *s) {
    return lt_buf_append(b, s, strlen(s));
}

lt_status lt_buf_append_char(lt_buf *b, char c) {
    return lt_buf_append(b, &c, 1);
}

lt_status lt_buf_appendf(lt_buf *b, const char *fmt, ...) {
    va_list ap;
    int n;
    char small[256];
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (b->status == LT_OK) b->status = LT_EINVAL;
        return b->status;
    }
    if ((size_t)n < sizeof small) return lt_buf_append(b, small, (size_t)n);
    if (lt_buf_reserve(b, (size_t)n) != LT_OK) return b->status;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return LT_OK;
}

void lt_buf_truncate(lt_buf *b, size_t len) {
    if (len >= b->len) return;
    b->len = len;
    b->data[len] = '\0';
}

char *lt_buf_detach(lt_buf *b, size_t *len) {
    char *p;
    /* Reserving nothing still moves an empty buffer onto the heap. */
    if (lt_buf_reserve(b, 0) != LT_OK) return NULL;
    p = b->data;
    if (len) *len = b->len;
    lt_buf_init(b, b->max);
    return p;
}
