/* lt_cli.c — number parsing and snippet display for the programs. */
#include "lt_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int lt_parse_unsigned(const char *s, unsigned long min, unsigned long max,
                      unsigned long *out) {
    char *end;
    unsigned long v;
    if (!s || !*s || *s < '0' || *s > '9') return 0;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v < min || v > max) return 0;
    *out = v;
    return 1;
}

void lt_html_to_terminal(const char *html, const char *on, const char *off,
                         char *out, size_t size) {
    static const struct { const char *from, *to; } map[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
        {"<mark>", NULL}, {"</mark>", NULL},
    };
    size_t o = 0, i;
    if (size == 0) return;
    while (*html && o + 1 < size) {
        const char *rep = NULL;
        size_t used = 0;
        for (i = 0; i < sizeof map / sizeof *map; i++) {
            size_t n = strlen(map[i].from);
            if (!strncmp(html, map[i].from, n)) {
                used = n;
                rep = map[i].to ? map[i].to : (i == 5 ? on : off);
                break;
            }
        }
        if (used) {
            size_t n = strlen(rep);
            if (o + n >= size) break;
            memcpy(out + o, rep, n);
            o += n;
            html += used;
        } else {
            out[o++] = *html++;
        }
    }
    out[o] = '\0';
}
