// xc_prior.h — a query whose weights are multiplied by a prior on kinds
// of document (C++ only, inside the shim).
//
// Why: a ranking that multiplies some documents' scores after the match
// (Lantern's adviser answers, lt_rank.h) cannot bring up a document that
// the matcher ranked below those it returned. At a million posts most
// posts of a common word weigh nearly alike, and the answers that the
// prior puts first were left out of the first page.
//
// How: each class is a boolean term and a factor; a document takes the
// factor of the first class whose term it holds, else 1. As Xapian's
// operators, the documents are split by class and each part is scaled:
//   OR(sub AND_NOT (t1 OR t2 ...), SCALE(f1, sub FILTER t1),
//      SCALE(f2, (sub AND_NOT t1) FILTER t2), ...)
// which walks the query once per class. With lengths in memory
// (xc_lengths.h) each term's source multiplies its weight by its
// document's factor instead, in one walk.
#ifndef LANTERN_XC_PRIOR_H
#define LANTERN_XC_PRIOR_H

#include <xapian.h>

#include <string>
#include <vector>

namespace xc_prior {

struct Prior {
    std::vector<std::string> terms;   // the classes, first match decides
    std::vector<double> factors;      // one a class

    // The largest factor a document can take (1 for documents of no class).
    double max_factor() const;
    // A key naming the classes, for caching what documents they hold.
    std::string key() const;
};

// `sub` with each document's weight multiplied by its class's factor,
// with Xapian's operators alone.
Xapian::Query prior_query(const Xapian::Query &sub, const Prior &prior);

}  // namespace xc_prior

#endif
