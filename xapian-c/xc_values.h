// xc_values.h — documents' values of one slot read from memory (C++ only,
// inside the shim).
//
// Why: ranking reads the kind and id (a value) of each post it fetched,
// and counting a page's threads reads those of every match of theirs.
// Under Xapian each is a lookup of its own: a B-tree descent, a chunk of
// values decoded from its start, the kernel copying a block; some 5% of a
// query at a million posts.
//
// How: a slot's values of one shard at one revision are read once, in
// docid order, into one string with offsets, and kept among the process's
// kept postings (xc_postings.h, under the same budget). Xapian 1.4 gives
// no handle on a shard of a combined database but gives each to a posting
// source's init(), as for xc_terms_of: ValuesOfSource matches nothing and
// looks the documents up there.
#ifndef LANTERN_XC_VALUES_H
#define LANTERN_XC_VALUES_H

#include <xapian.h>

#include <string>
#include <vector>

namespace xc_values {

// The values in `slot` of the documents `docids` of `db` (its own docids,
// any order; 0 is answered with an empty value) into (*out)[i]; false
// when they cannot all be read from memory (nothing may be kept, a remote
// shard, a shard Xapian did not give): the caller asks Xapian.
bool values_of(const Xapian::Database &db, Xapian::valueno slot, const Xapian::docid *docids,
               size_t n, std::vector<std::string> *out);

}  // namespace xc_values

#endif
