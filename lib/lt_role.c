/* lt_role.c — deciding an author's role from the name and configuration. */
#define _GNU_SOURCE  /* FNM_CASEFOLD */
#include "lt_role.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

/* ", <anything without a comma> Adviser" at the end, any case. */
static int has_adviser_suffix(const char *author) {
    const char *comma = strrchr(author, ',');
    size_t len = strlen(author);
    static const char *const suffixes[] = {"adviser", "advisor"};
    size_t i;
    if (!comma) return 0;
    while (len && (author[len - 1] == ' ' || author[len - 1] == '.')) len--;
    for (i = 0; i < 2; i++) {
        size_t n = strlen(suffixes[i]);
        if (len >= n && author + len - n > comma &&
            !strncasecmp(author + len - n, suffixes[i], n)) {
            /* A whole word: "Adviser", not "Superadviser". */
            const char *start = author + len - n;
            if (start[-1] == ' ' || start[-1] == ',') return 1;
        }
    }
    return 0;
}

lt_role lt_role_of_author(const lt_config *config, const char *author) {
    size_t i;
    if (has_adviser_suffix(author)) return LT_ROLE_ADVISER;
    if (!config) return LT_ROLE_MEMBER;
    for (i = 0; i < config->n_adviser_names; i++)
        if (!strcasecmp(config->adviser_names[i], author)) return LT_ROLE_ADVISER;
    for (i = 0; i < config->n_adviser_patterns; i++)
        if (!fnmatch(config->adviser_patterns[i], author, FNM_CASEFOLD))
            return LT_ROLE_ADVISER;
    return LT_ROLE_MEMBER;
}
