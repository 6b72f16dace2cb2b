/* lt_match.h — the best posts of a query, its quoted phrases checked on
 * the best posts of its words.
 *
 * A quoted phrase must be there, but it does not weigh in the match
 * (lt_query.h): Xapian would check its positions in every post holding
 * all of its words, ten thousands of them for the words of a common
 * phrase, most of which can never reach the page. The posts are ranked by
 * the words alone (`match`), so the best posts holding the phrase are the
 * best posts of the words that hold it: the phrases are checked on the
 * best K posts of the words, and when at least `fetch` of them pass, they
 * are exactly the `fetch` best posts of `match FILTER checks`, in the
 * same order (equal weights keep Xapian's docid order either way).
 * Otherwise the whole query is matched as it is. Growing K does not pay:
 * each candidate costs a posting list opened for its id (some 25 us at a
 * million posts, against about 1 us for a position check), and the words'
 * best K cost more to find than the whole query's best few, so a phrase
 * that few of its words' best posts hold is cheaper checked in place. A
 * common phrase of common words is where this wins: at a million posts,
 * "family group conference" in half the time.
 */
#ifndef LANTERN_LT_MATCH_H
#define LANTERN_LT_MATCH_H

#include <stdint.h>

#include "lt_error.h"
#include "lt_query.h"
#include "xc.h"

/* The best posts of the words checked, for each post wanted. */
#define LT_MATCH_CANDIDATES_EACH 2
/* Candidates at most; past them the whole query is matched instead. */
#define LT_MATCH_MAX_CANDIDATES 2000

typedef struct lt_match {
    xc_query *query;          /* match FILTER checks: what the posts match */
    xc_enquire *enq;          /* an enquire on `query`, for its matching terms */
    xc_mset *mset;            /* the best posts, at most `fetch` */
    uint32_t posts_estimate;  /* posts matching in all, estimated */
} lt_match;

/* The `fetch` best posts of `match FILTER checks` (checks may be NULL),
 * weighed by BM25 with the profile's k1 and b. Release with
 * lt_match_release, also after a failure. */
lt_status lt_match_run(xc_database *db, const xc_query *match, const xc_query *checks,
                       uint32_t fetch, const lt_rank_profile *p, lt_match *out,
                       xc_error *xe);
void lt_match_release(lt_match *m);

#endif
