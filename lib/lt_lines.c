/* lt_lines.c — splitting and comparing lines. */
#include "lt_lines.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int blank_char(char c) { return c == ' ' || c == '\t'; }

lt_status lt_lines_split(const char *text, size_t len, lt_lines *out) {
    size_t n = 1, i, k = 0, pos = 0;
    out->v = NULL;
    out->n = 0;
    for (i = 0; i < len; i++) n += text[i] == '\n';
    out->v = malloc(n * sizeof *out->v);
    if (!out->v) return LT_ENOMEM;
    while (pos <= len) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t l = nl ? (size_t)(nl - s) : len - pos;
        pos += l + 1;
        while (l && blank_char(*s)) { s++; l--; }
        while (l && blank_char(s[l - 1])) l--;
        out->v[k].s = s;
        out->v[k].len = l;
        k++;
        if (!nl) break;
    }
    out->n = k;
    return LT_OK;
}

void lt_lines_release(lt_lines *lines) {
    free(lines->v);
    lines->v = NULL;
    lines->n = 0;
}

int lt_line_blank(const lt_line *l) { return l->len == 0; }

int lt_line_is(const lt_line *l, const char *s) {
    size_t n = strlen(s);
    return l->len == n && !memcmp(l->s, s, n);
}

int lt_line_starts(const lt_line *l, const char *prefix) {
    size_t n = strlen(prefix);
    return l->len >= n && !memcmp(l->s, prefix, n);
}

int lt_line_starts_nocase(const lt_line *l, const char *prefix) {
    size_t n = strlen(prefix);
    return l->len >= n && !strncasecmp(l->s, prefix, n);
}
