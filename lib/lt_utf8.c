/* lt_utf8.c — strict UTF-8 decoding and input repair. */
#include "lt_utf8.h"

size_t lt_utf8_decode(const char *s, size_t n, uint32_t *cp) {
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c;
    size_t need, i;
    if (u[0] < 0x80) { *cp = u[0]; return 1; }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) { need = 1; c = u[0] & 0x1F; }
    else if (u[0] >= 0xE0 && u[0] <= 0xEF) { need = 2; c = u[0] & 0x0F; }
    else if (u[0] >= 0xF0 && u[0] <= 0xF4) { need = 3; c = u[0] & 0x07; }
    else goto bad;
    if (n < need + 1) goto bad;
    for (i = 1; i <= need; i++) {
        if ((u[i] & 0xC0) != 0x80) goto bad;
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Overlong forms, surrogates and code points past U+10FFFF. */
    if ((need == 2 && c < 0x800) || (need == 3 && c < 0x10000) ||
        (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        goto bad;
    *cp = c;
    return need + 1;
bad:
    *cp = LT_UTF8_REPLACEMENT;
    return 1;
}

lt_status lt_utf8_append(lt_buf *out, uint32_t cp) {
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return lt_buf_append(out, b, n);
}

int lt_utf8_valid(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = lt_utf8_decode(s + i, n - i, &cp);
        if (cp == LT_UTF8_REPLACEMENT && k == 1 &&
            (unsigned char)s[i] >= 0x80)
            return 0;
        i += k;
    }
    return 1;
}

size_t lt_utf8_char_start(const char *s, size_t len, size_t pos) {
    if (pos >= len) return len;
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80) pos--;
    return pos;
}

/* The code point that `cp` becomes under `flags`, or 0 to drop it. */
static uint32_t clean_code_point(uint32_t cp, unsigned flags) {
    if (cp == '\t' || cp == '\n') return cp;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return 0;
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
        cp == 0xFEFF)
        return 0;
    if (flags & LT_CLEAN_QUOTES) {
        switch (cp) {
        case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        case 0x02BC:
            return '\'';
        case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
            return '"';
        }
    }
    if (flags & LT_CLEAN_SPACES) {
        if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
            cp == 0x205F || cp == 0x3000)
            return ' ';
        if (cp == 0x2028 || cp == 0x2029) return '\n';
    }
    return cp;
}

lt_status lt_utf8_clean(const char *in, size_t len, unsigned flags,
                        lt_buf *out, size_t *repaired) {
    size_t i = 0, bad = 0;
    /* Most input is ASCII: reserve once rather than grow per byte. */
    if (lt_buf_reserve(out, len) != LT_OK) return lt_buf_status(out);
    if (len >= 3 && (unsigned char)in[0] == 0xEF &&
        (unsigned char)in[1] == 0xBB && (unsigned char)in[2] == 0xBF)
        i = 3;
    while (i < len) {
        unsigned char c = (unsigned char)in[i];
        uint32_t cp;
        size_t k;
        if (c >= 0x20 && c < 0x7F) {   /* fast path: printable ASCII run */
            size_t j = i + 1;
            while (j < len && (unsigned char)in[j] >= 0x20 &&
                   (unsigned char)in[j] < 0x7F)
                j++;
            lt_buf_append(out, in + i, j - i);
            i = j;
            continue;
        }
        if (c == '\r') {
            lt_buf_append_char(out, '\n');
            i += (i + 1 < len && in[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        k = lt_utf8_decode(in + i, len - i, &cp);
        if (cp == LT_UTF8_REPLACEMENT && k == 1 && c >= 0x80) bad++;
        i += k;
        cp = clean_code_point(cp, flags);
        if (cp) lt_utf8_append(out, cp);
    }
    if (repaired) *repaired = bad;
    return lt_buf_status(out);
}

int lt_utf8_looks_legacy(const char *s, size_t n) {
    size_t i = 0;
    int high = 0;
    while (i < n) {
        uint32_t cp;
        size_t k;
        if ((unsigned char)s[i] < 0x80) { i++; continue; }
        high = 1;
        k = lt_utf8_decode(s + i, n - i, &cp);
        if (k > 1) return 0;   /* a real UTF-8 sequence: it is UTF-8 */
        i += k;
    }
    return high;
}

/* windows-1252's 0x80-0x9F; 0 marks the five unassigned bytes. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

lt_status lt_cp1252_to_utf8(const char *s, size_t n, lt_buf *out) {
    size_t i;
    if (lt_buf_reserve(out, n + n / 4) != LT_OK) return lt_buf_status(out);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        if (c >= 0x80 && c < 0xA0)
            cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : LT_UTF8_REPLACEMENT;
        if (cp < 0x80) lt_buf_append_char(out, (char)cp);
        else lt_utf8_append(out, cp);
    }
    return lt_buf_status(out);
}
