/* lt_docids.h — the documents that hold a term, gathered by docid (a
 * thread's posts, for showing the thread or counting its matches). */
#ifndef LANTERN_LT_DOCIDS_H
#define LANTERN_LT_DOCIDS_H

#include <stddef.h>

#include "xc.h"

typedef struct lt_docids {
    xc_docid *v;
    size_t n, cap;
    size_t most;   /* gathered at most in all (0: no bound); the rest dropped */
    int failed;    /* out of memory: v holds what came before */
} lt_docids;

/* Appends the docids of the documents of `db` holding `term`, in docid
 * order, to d. XC_OK also when memory ran out (d->failed says so). */
xc_status lt_docids_of_term(xc_database *db, const char *term, lt_docids *d, xc_error *xe);

void lt_docids_release(lt_docids *d);

#endif
