/* lt_docids.c — the documents that hold a term, by docid (lt_docids.h). */
#include "lt_docids.h"

#include <stdlib.h>

static int gather(void *ctx, xc_docid docid) {
    lt_docids *d = ctx;
    if (d->most && d->n >= d->most) return 1;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        xc_docid *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            d->failed = 1;
            return 1;
        }
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = docid;
    return 0;
}

xc_status lt_docids_of_term(xc_database *db, const char *term, lt_docids *d, xc_error *xe) {
    if (d->failed) return XC_OK;
    return xc_database_postings(db, term, gather, d, xe);
}

void lt_docids_release(lt_docids *d) {
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
