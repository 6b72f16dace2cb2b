/* fuzz_markup.c — the check of a snippet's markup, which the snippet and
 * search targets share (fuzz.h). */
#include <string.h>

#include "fuzz.h"

static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

size_t fuzz_check_snippet_markup(const char *s, size_t len) {
    size_t i = 0, visible = 0, k;
    int open = 0;
    while (i < len) {
        if (s[i] == '<') {
            if (!open && len - i >= 6 && !memcmp(s + i, "<mark>", 6)) {
                open = 1;
                i += 6;
            } else {
                FUZZ_CHECK(open && len - i >= 7 && !memcmp(s + i, "</mark>", 7));
                open = 0;
                i += 7;
            }
            continue;
        }
        FUZZ_CHECK(s[i] != '>' && s[i] != '"' && s[i] != '\'');
        if (s[i] == '&') {
            for (k = 0; k < sizeof entities / sizeof entities[0]; k++) {
                size_t n = strlen(entities[k]);
                if (len - i >= n && !memcmp(s + i, entities[k], n)) break;
            }
            FUZZ_CHECK(k < sizeof entities / sizeof entities[0]);
            i += strlen(entities[k]);
        } else {
            i++;
        }
        visible++;
    }
    FUZZ_CHECK(!open);
    return visible;
}
