// xc_positions.h — whether a phrase's terms stand in order within a
// window in one document (C++ only, inside the shim).
//
// Why: a phrase in a weighed place (the evidence of a query's word pairs,
// weighed on a page's best posts) was matched by Xapian, which looked up
// each of its terms' statistics and posting lists in the index again for
// every query. Our sources (xc_lengths.h) walk the terms from memory and
// read positions only for the documents holding every term; this is the
// check they make there, with Xapian 1.4's meaning of OP_PHRASE.
#ifndef LANTERN_XC_POSITIONS_H
#define LANTERN_XC_POSITIONS_H

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace xc_positions {

using Lists = std::vector<std::vector<Xapian::termpos>>;

// True when some positions p[0] < p[1] < ... < p[n-1], p[i] taken from
// lists[i] (each ascending), span less than `window`: p[n-1] - p[0] <
// window, as Xapian 1.4 matches a phrase of n terms (an exact phrase
// when the window is n). False for fewer than two lists.
bool in_order_within(const Lists &lists, Xapian::termpos window);

// The positions read in the last document asked of, kept for the other
// phrases of the same query that ask there next: the phrases of a query's
// word pairs share their middle words ("a b", "b c"), and the evidence
// checks each phrase in turn on one document before the next. Through
// Xapian's public API every lookup is a B-tree descent of its own (three
// block reads at a million posts). One per query built: not shared
// between threads.
class DocPositions {
  public:
    // The positions of each of `terms` in document `did` of `db` (one
    // database, its own docid) into (*lists)[i], in order. `shard` names
    // the database (shard_name()) so that another's document of the same
    // docid is not taken for it; empty, nothing is kept past this call.
    void read(const Xapian::Database &db, const std::string &shard, Xapian::docid did,
              const std::vector<std::string> &terms, Lists *lists);

  private:
    std::string shard_;
    Xapian::docid did_ = 0;
    std::vector<std::pair<std::string, std::vector<Xapian::termpos>>> kept_;
};

// `db`'s name for DocPositions (one database): its UUID and revision;
// empty when it has no UUID (then nothing is kept for it).
std::string shard_name(const Xapian::Database &db);

}  // namespace xc_positions

#endif
