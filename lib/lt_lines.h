/* lt_lines.h — text split into lines, each trimmed of surrounding blanks.
 *
 * The views point into the caller's text, which must outlive them.
 */
#ifndef LANTERN_LT_LINES_H
#define LANTERN_LT_LINES_H

#include <stddef.h>

#include "lt_error.h"

typedef struct lt_line {
    const char *s;
    size_t len;
} lt_line;

typedef struct lt_lines {
    lt_line *v;
    size_t n;
} lt_lines;

/* Splits text at LF. Fails only when memory runs out. */
lt_status lt_lines_split(const char *text, size_t len, lt_lines *out);
void lt_lines_release(lt_lines *lines);

int lt_line_blank(const lt_line *l);
/* 1 if the line is exactly `s`. */
int lt_line_is(const lt_line *l, const char *s);
/* 1 if the line starts with `prefix`. */
int lt_line_starts(const lt_line *l, const char *prefix);
/* 1 if the line starts with `prefix`, any ASCII case. */
int lt_line_starts_nocase(const lt_line *l, const char *prefix);

#endif
