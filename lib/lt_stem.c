/* lt_stem.c — a thin wrapper over libstemmer. */
#include "lt_stem.h"

#include <libstemmer.h>
#include <limits.h>
#include <stdlib.h>

struct lt_stemmer {
    struct sb_stemmer *sb;
};

lt_stemmer *lt_stemmer_new(void) {
    lt_stemmer *s = malloc(sizeof *s);
    if (!s) return NULL;
    s->sb = sb_stemmer_new("english", "UTF_8");
    if (!s->sb) {
        free(s);
        return NULL;
    }
    return s;
}

void lt_stemmer_free(lt_stemmer *s) {
    if (!s) return;
    sb_stemmer_delete(s->sb);
    free(s);
}

lt_status lt_stem(lt_stemmer *s, const char *w, size_t len, lt_buf *out) {
    const sb_symbol *r;
    lt_buf_reset(out);
    if (len > INT_MAX) return LT_ELIMIT;
    /* The result lives in the stemmer until its next call: copy it now. */
    r = sb_stemmer_stem(s->sb, (const sb_symbol *)w, (int)len);
    if (!r) return LT_ENOMEM;
    return lt_buf_append(out, (const char *)r, (size_t)sb_stemmer_length(s->sb));
}
