/* lt_more.c — counting the matches of the threads on a page. */
#include "lt_more.h"

#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_docids.h"
#include "lt_schema.h"
#include "lt_xc.h"

/* q restricted to the threads' posts `posts` by docid, `terms` (their id
 * terms) the fallback: a posting source over the posts costs the matcher
 * no posting list per thread (xc_query_new_docids), which the id terms'
 * OR would open again for every page. */
static xc_status restrict_to_posts(xc_database *db, const xc_query *q, xc_query **terms,
                                   size_t n, const lt_docids *posts, xc_query **out,
                                   xc_error *xe) {
    xc_query *any = NULL, *by_docid = NULL, *pair[2];
    xc_status st = xc_query_new_op(XC_OP_OR, terms, n, 0, &any, xe);
    if (st == XC_OK) st = xc_query_new_docids(db, posts->v, posts->n, any, &by_docid, xe);
    if (st == XC_OK) {
        pair[0] = (xc_query *)q;
        pair[1] = by_docid;
        st = xc_query_new_op(XC_OP_FILTER, pair, 2, 0, out, xe);
    }
    xc_query_free(any);
    xc_query_free(by_docid);
    return st;
}

lt_status lt_more_count(xc_database *db, const xc_query *q, const lt_candidates *c,
                        lt_ranked_thread *threads, size_t n, xc_error *xe) {
    xc_query **terms = calloc(n ? n : 1, sizeof *terms), *filtered = NULL;
    uint32_t *count = calloc(n ? n : 1, sizeof *count);
    const char **id = calloc(n ? n : 1, sizeof *id);
    size_t *id_len = calloc(n ? n : 1, sizeof *id_len);
    xc_enquire *enq = NULL;
    xc_mset *all = NULL;
    lt_docids posts = {NULL, 0, 0, 0, 0};   /* the threads' posts */
    lt_buf term;
    lt_status rc = LT_OK;
    size_t i, k, made = 0;
    lt_buf_init(&term, 2048);
    if (!terms || !count || !id || !id_len) {
        rc = LT_ENOMEM;
        goto done;
    }
    for (i = 0; i < n; i++) {
        id[i] = threads[i].item < c->n ? c->id[threads[i].item] : "";
        id_len[i] = lt_rank_thread_len(id[i]);
        if (lt_schema_term(&term, LT_PREFIX_THREAD, id[i], id_len[i], 0) != LT_OK) {
            rc = LT_ENOMEM;
            goto done;
        }
        if (xc_query_new_term(term.data, 1, 0, &terms[i], xe) != XC_OK) goto xapian;
        made++;
        if (lt_docids_of_term(db, term.data, &posts, xe) != XC_OK) goto xapian;
    }
    if (posts.failed) {
        rc = LT_ENOMEM;
        goto done;
    }
    if (n == 0) goto done;
    if (restrict_to_posts(db, q, terms, n, &posts, &filtered, xe) != XC_OK ||
        xc_enquire_new(db, &enq, xe) != XC_OK || xc_enquire_set_query(enq, filtered, xe) != XC_OK ||
        /* Counted, not ranked: weighing would read each post's length. */
        xc_enquire_set_boolean(enq, xe) != XC_OK ||
        xc_enquire_mset(enq, 0, LT_MORE_MAX_POSTS, 0, &all, xe) != XC_OK ||
        xc_mset_read_values(db, all, LT_SLOT_KIND_ID, xe) != XC_OK)
        goto xapian;
    for (k = 0; k < xc_mset_size(all); k++) {
        const char *v;
        size_t len;
        if (xc_mset_value(all, (uint32_t)k, LT_SLOT_KIND_ID, &v, &len, xe) != XC_OK) goto xapian;
        if (len > 0) {   /* the kind byte, then the id */
            v++;
            len--;
        }
        for (i = 0; i < n; i++) {
            /* A post of this thread: its id is the thread's, then "#". */
            if (len > id_len[i] && v[id_len[i]] == '#' && !memcmp(v, id[i], id_len[i])) {
                count[i]++;
                break;
            }
        }
    }
    for (i = 0; i < n; i++)
        if (count[i] > threads[i].more + 1) threads[i].more = count[i] - 1;
    goto done;
xapian:
    rc = lt_status_from_xc(xe->status);
done:
    for (i = 0; i < made; i++) xc_query_free(terms[i]);
    free(terms);
    free(count);
    free(id);
    free(id_len);
    xc_query_free(filtered);
    xc_enquire_free(enq);
    xc_mset_free(all);
    lt_docids_release(&posts);
    lt_buf_release(&term);
    return rc;
}
