/* lt_json_out.c — JSON text written straight into a buffer (lt_json_out.h). */
#include "lt_json_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lt_utf8.h"

lt_status lt_json_string(lt_buf *b, const char *s) {
    size_t n = strlen(s), i, run = 0;
    if (!lt_utf8_valid(s, n)) return LT_EFORMAT;
    lt_buf_reserve(b, n + 2);
    lt_buf_append_char(b, '"');
    /* Runs of bytes that need no escape go out at once; every byte of a
     * multi-byte character is >= 0x80, so none is taken for an escape. */
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        lt_buf_append(b, s + run, i - run);
        switch (c) {
        case '"': lt_buf_append(b, "\\\"", 2); break;
        case '\\': lt_buf_append(b, "\\\\", 2); break;
        case '\b': lt_buf_append(b, "\\b", 2); break;
        case '\f': lt_buf_append(b, "\\f", 2); break;
        case '\n': lt_buf_append(b, "\\n", 2); break;
        case '\r': lt_buf_append(b, "\\r", 2); break;
        case '\t': lt_buf_append(b, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            lt_buf_append(b, esc, 6);
        }
        run = i + 1;
    }
    lt_buf_append(b, s + run, n - run);
    lt_buf_append_char(b, '"');
    return lt_buf_status(b);
}

lt_status lt_json_string_or_null(lt_buf *b, const char *s) {
    if (!s) {
        lt_buf_append(b, "null", 4);
        return lt_buf_status(b);
    }
    return lt_json_string(b, s);
}

lt_status lt_json_real(lt_buf *b, double v, int precision) {
    char text[64], *e;
    int len;
    if (!isfinite(v)) return LT_EFORMAT;
    len = snprintf(text, sizeof text - 2, "%.*g", precision, v);
    if (len < 0 || (size_t)len >= sizeof text - 2) return LT_EFORMAT;
    /* A real keeps a '.' or an exponent, or a reader takes it for an
     * integer. */
    if (!strchr(text, '.') && !strchr(text, 'e')) {
        memcpy(text + len, ".0", 3);
        len += 2;
    }
    /* "1e+20" as "1e20", "1e-05" as "1e-5". */
    if ((e = strchr(text, 'e')) != NULL) {
        char *from = e + 1, *to = e + 1;
        if (*from == '+') from++;
        else if (*from == '-') from = to = e + 2;
        while (*from == '0' && from[1]) from++;
        memmove(to, from, strlen(from) + 1);
        len = (int)strlen(text);
    }
    lt_buf_append(b, text, (size_t)len);
    return lt_buf_status(b);
}
