/* lt_cli.h — small helpers the command-line programs share. */
#ifndef LANTERN_LT_CLI_H
#define LANTERN_LT_CLI_H

#include <stddef.h>

/* Reads a decimal number in [min, max]: the whole string, no sign, no
 * spaces. Returns 1 and sets *out, or 0. */
int lt_parse_unsigned(const char *s, unsigned long min, unsigned long max,
                      unsigned long *out);

/* Writes the text of HTML `html` (as our snippets are made: text, the five
 * escapes, <mark> tags) into out[0..size), with marks shown as `on` and
 * `off` (e.g. terminal bold). Always NUL-terminates. */
void lt_html_to_terminal(const char *html, const char *on, const char *off,
                         char *out, size_t size);

#endif
