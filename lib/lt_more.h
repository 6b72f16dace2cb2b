/* lt_more.h — how many other posts of each thread on the page match.
 *
 * The posts fetched for ranking hold at least LT_RANK_PER_THREAD of each
 * thread the page shows, so counting a long thread's matches among them
 * falls short. This asks Xapian once per page: the same query (filters
 * and all), filtered to the threads shown, every match read (up to
 * LT_MORE_MAX_POSTS in all; past that the counts stay lower bounds).
 */
#ifndef LANTERN_LT_MORE_H
#define LANTERN_LT_MORE_H

#include <stddef.h>

#include "lt_rank.h"
#include "xc.h"

#define LT_MORE_MAX_POSTS 2000

/* Sets threads[i].more for the n threads given (their posts' ids in `c`)
 * to the number of their other posts that match `q`; a count never goes
 * below what the thread already had. */
lt_status lt_more_count(xc_database *db, const xc_query *q, const lt_candidates *c,
                        lt_ranked_thread *threads, size_t n, xc_error *xe);

#endif
