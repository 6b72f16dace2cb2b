// xc_terms_of.h — which of a query's terms each of some documents holds,
// looked up in the postings kept in memory (C++ only, inside the shim).
//
// Why: ranking asks it of a page's few dozen posts (coordination, the
// titles' concepts). Xapian answers by reading each post's whole term
// list, or each term's postings from the index: B-tree blocks read with a
// system call each, some 8% of a query at a million posts once the match
// itself walked kept postings (xc_postings.h). The query's terms are
// mostly kept by then; looking a post up in a kept list is a binary
// search.
//
// How: the kept lists are a shard's, by its own docids, and Xapian 1.4
// gives no handle on a shard of a database opened as several; it does give
// each shard to a posting source's init(). A TermsOfSource matches nothing:
// its init() finds its shard by uuid (as xc_docids.h does), turns the
// documents of that shard into its docids, and looks each up in each
// term's kept list (read and kept on the way when the budget allows), or
// walks the term's postings in the shard when its list is too long to keep.
#ifndef LANTERN_XC_TERMS_OF_H
#define LANTERN_XC_TERMS_OF_H

#include <xapian.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace xc_terms_of {

// Into *held, (term index, document index) for every term of `terms` that
// document `docids[i]` (a docid of `db`, 0 for none) holds. False when the
// shards of `db` cannot be told apart or one is remote: nothing is added
// then, and the caller asks Xapian.
bool terms_of(const Xapian::Database &db, const std::vector<std::string> &terms,
              const Xapian::docid *docids, size_t n,
              std::vector<std::pair<size_t, size_t>> *held);

}  // namespace xc_terms_of

#endif
