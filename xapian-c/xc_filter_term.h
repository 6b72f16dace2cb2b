// xc_filter_term.h — a term matched without weight (a filter's, or what
// AND_NOT removes) walked over its kept postings (C++ only, inside the
// shim).
//
// Why: a search's filters (a role, a type) are terms that many posts
// hold. As built, Xapian's matcher walks their posting lists from the
// index for every query: a filtered query of the benchmark's mix read 170
// blocks more than the same words unfiltered, and took 40% more
// instructions decoding them.
//
// How: a posting source over xc_postings::Cursor, which walks the arrays
// the process keeps (read and kept at the first query that needs them,
// under the kept postings' budget) or else Xapian's iterator; it weighs
// nothing, as the right side of a FILTER weighs nothing.
#ifndef LANTERN_XC_FILTER_TERM_H
#define LANTERN_XC_FILTER_TERM_H

#include <xapian.h>

#include <string>

namespace xc_filter_term {

// The documents holding `term`, with no weight.
Xapian::Query filter_term_query(const std::string &term);

}  // namespace xc_filter_term

#endif
