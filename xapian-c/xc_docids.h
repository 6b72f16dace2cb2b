// xc_docids.h — a query matching a given set of documents by docid (C++
// only, inside the shim).
//
// Why: Lantern weighs some queries (titles, phrase evidence, a phrase
// checked on the best posts of its words) on a few dozen posts it has
// already matched. Restricting them with an OR of the posts' id terms
// costs a posting list opened per post: a B-tree descent and the kernel
// copying its blocks, some 15% of a query at a million posts. The posts'
// docids are known already; a posting source over them costs nothing to
// open.
//
// How: a DocidSource holds the docids of the whole database searched and
// finds, at init(), which of its sub-databases it is given by the
// sub-database's uuid among those Xapian lists for the whole
// (Database::get_uuid() joins them with ':'), so that it can turn the
// docids into that sub-database's own. A database whose sub-databases'
// uuids are not all known and distinct cannot be mapped: docids_query()
// says so and the caller keeps its id terms. A remote shard cannot be sent
// a posting source at all; xc.cc keeps the id terms' query for it.
#ifndef LANTERN_XC_DOCIDS_H
#define LANTERN_XC_DOCIDS_H

#include <xapian.h>

#include <string>
#include <vector>

namespace xc_docids {

// The sub-databases' uuids in Xapian's order, or none when one is
// unknown or two are the same (a database listed twice).
std::vector<std::string> sub_uuids(const Xapian::Database &db);

// Which of `uuids` (sub_uuids' answer) the sub-database `sub` is, as
// Xapian hands it to a posting source's init(); -1 for none.
long shard_of_uuid(const std::vector<std::string> &uuids, const Xapian::Database &sub);

// Xapian 1.4 interleaves its n sub-databases' docids: the whole's docid d
// is docid (d - 1) / n + 1 of sub-database (d - 1) % n.
inline Xapian::docid shard_of(Xapian::docid d, size_t n) { return Xapian::docid((d - 1) % n); }
inline Xapian::docid local_docid(Xapian::docid d, size_t n) {
    return Xapian::docid((d - 1) / n + 1);
}

// A posting source that matches nothing, for the work of its init():
// Xapian hands a source each shard of a combined database there, and 1.4
// gives no other handle on a shard (xc_terms_of.h, xc_values.h).
class ShardVisitor : public Xapian::PostingSource {
  public:
    void next(double) override {}
    bool at_end() const override { return true; }
    Xapian::docid get_docid() const override { return 0; }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return 0; }
    Xapian::doccount get_termfreq_max() const override { return 0; }
};

// Hands the shards of `db` to copies of `visitor` (clone() and init()),
// taking it over; false when a shard is remote (a source cannot be sent
// to it). Xapian need not hand over a shard without documents.
bool visit_shards(const Xapian::Database &db, ShardVisitor *visitor);

// A query matching exactly the documents `docids` of `db` (global docids,
// any order, repeats allowed), with no weight; an empty Query when `db`'s
// sub-databases cannot be told apart (see above).
Xapian::Query docids_query(const Xapian::Database &db, const std::vector<Xapian::docid> &docids);

}  // namespace xc_docids

#endif
