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
 * Otherwise K grows; past a bound, the whole query is matched as it is.
 */
#ifndef LANTERN_LT_MATCH_H
#define LANTERN_LT_MATCH_H

#include <stdint.h>

#include "lt_error.h"
#include "lt_query.h"
#include "xc.h"

/* The best posts of the words checked at first, for each post wanted. */
#define LT_MATCH_CANDIDATES_EACH 4
/* Candidates at most before the whole query is matched instead. */
#define LT_MATCH_MAX_CANDIDATES 20000

typedef struct lt_match {
    xc_query *query;          /* match FILTER checks: what the posts match */
    xc_enquire *enq;          /* the enquire mset came from (matching terms) */
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
