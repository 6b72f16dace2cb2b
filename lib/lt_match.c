/* lt_match.c — the best posts of a query, its phrases checked on the best
 * posts of its words. */
#include "lt_match.h"

#include <string.h>

#include "lt_rank.h"
#include "lt_xc.h"

void lt_match_release(lt_match *m) {
    xc_mset_free(m->mset);
    xc_enquire_free(m->enq);
    xc_query_free(m->query);
    memset(m, 0, sizeof *m);
}

static xc_status new_enquire(xc_database *db, const xc_query *q, const lt_rank_profile *p,
                             xc_enquire **out, xc_error *xe) {
    if (xc_enquire_new(db, out, xe) != XC_OK || xc_enquire_set_query(*out, q, xe) != XC_OK ||
        xc_enquire_set_bm25(*out, p->k1, 0.0, 1.0, p->b, 0.5, xe) != XC_OK)
        return xe->status;
    return XC_OK;
}

/* Checks `full` on the best k posts of `match`. *done is set when that
 * settles the answer: `fetch` of them passed, or they were every post of
 * `match`. */
static lt_status check_best(xc_database *db, const xc_query *match, const xc_query *full,
                            uint32_t fetch, uint32_t k, const lt_rank_profile *p,
                            lt_match *out, int *done, xc_error *xe) {
    xc_enquire *words_enq = NULL;
    xc_mset *words = NULL;
    xc_query *restricted = NULL;
    lt_candidates c = {0, NULL, NULL};
    lt_status rc = LT_OK;
    uint32_t n, passed;
    *done = 0;
    if (new_enquire(db, match, p, &words_enq, xe) != XC_OK ||
        xc_enquire_mset(words_enq, 0, k, 0, &words, xe) != XC_OK)
        goto xapian;
    n = xc_mset_size(words);
    if (n == 0) {   /* no post holds the words: none holds the phrase */
        out->enq = words_enq;
        out->mset = words;
        out->posts_estimate = 0;
        *done = 1;
        return LT_OK;
    }
    if ((rc = lt_rank_candidates(db, words, &c, xe)) != LT_OK) goto done;
    /* Every candidate is checked (check_at_least n), so Xapian's count of
     * those that pass is exact. */
    if (lt_rank_restrict_items(db, full, words, &c, NULL, n, &restricted, xe) != XC_OK ||
        new_enquire(db, restricted, p, &out->enq, xe) != XC_OK ||
        xc_enquire_mset(out->enq, 0, fetch, n, &out->mset, xe) != XC_OK)
        goto xapian;
    /* Matching terms are read from the query as it is: asked of the
     * restricted one, Xapian would compare each candidate's id term too,
     * for every post (lt_rank_coordination). The MSet keeps what it needs
     * of its own enquire. */
    xc_enquire_free(out->enq);
    out->enq = NULL;
    if (new_enquire(db, full, p, &out->enq, xe) != XC_OK) goto xapian;
    passed = xc_mset_estimate(out->mset);
    if (xc_mset_size(out->mset) >= fetch || n < k) {
        *done = 1;
        /* All of match's posts were candidates: the count is exact. Else
         * the words' estimate, scaled by the share of candidates passing. */
        out->posts_estimate =
            n < k ? passed
                  : (uint32_t)((double)xc_mset_estimate(words) * passed / n + 0.5);
    }
    goto done;
xapian:
    rc = xe->status != XC_OK ? lt_status_from_xc(xe->status) : LT_ENOMEM;
done:
    lt_candidates_release(&c);
    xc_query_free(restricted);
    xc_mset_free(words);
    xc_enquire_free(words_enq);
    return rc;
}

lt_status lt_match_run(xc_database *db, const xc_query *match, const xc_query *checks,
                       uint32_t fetch, const lt_rank_profile *p, lt_match *out,
                       xc_error *xe) {
    xc_query *pair[2], *full;
    uint64_t k = (uint64_t)fetch * LT_MATCH_CANDIDATES_EACH;
    memset(out, 0, sizeof *out);
    xe->status = XC_OK;
    /* The query the posts match, as the enquire weighs it. */
    pair[0] = (xc_query *)match;
    pair[1] = (xc_query *)checks;
    if (xc_query_new_op(checks ? XC_OP_FILTER : XC_OP_AND, pair, checks ? 2 : 1, 0, &out->query,
                        xe) != XC_OK)
        return lt_status_from_xc(xe->status);
    full = out->query;
    /* Each candidate costs a posting list opened for its id: past a few
     * thousand, checking them all in place is cheaper. */
    if (checks && k <= LT_MATCH_MAX_CANDIDATES) {
        int done;
        lt_status rc = check_best(db, match, full, fetch, (uint32_t)k, p, out, &done, xe);
        if (rc != LT_OK || done) return rc;
        xc_mset_free(out->mset);
        xc_enquire_free(out->enq);
        out->mset = NULL;
        out->enq = NULL;
    }
    /* No phrase, or too few of the words' best posts hold it: the whole
     * query, as it is. */
    if (new_enquire(db, full, p, &out->enq, xe) != XC_OK ||
        xc_enquire_mset(out->enq, 0, fetch, 0, &out->mset, xe) != XC_OK)
        return lt_status_from_xc(xe->status);
    out->posts_estimate = xc_mset_estimate(out->mset);
    return LT_OK;
}
