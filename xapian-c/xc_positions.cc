// xc_positions.cc — a phrase's terms in order within a window
// (xc_positions.h).

#include "xc_positions.h"

#include <algorithm>

namespace xc_positions {

bool in_order_within(const Lists &lists, Xapian::termpos window) {
    size_t n = lists.size();
    if (n < 2) return false;
    // From each position of the first term, each next term at its first
    // position after the one before: the earliest choice leaves every
    // later term the most room, so if it overruns the window, no choice
    // from this start fits. A later start finds each term no earlier,
    // so each list is searched on from where the last start left it.
    std::vector<size_t> from(n, 0);
    for (Xapian::termpos start : lists[0]) {
        Xapian::termpos at = start;
        size_t i = 1;
        for (; i < n; i++) {
            const std::vector<Xapian::termpos> &l = lists[i];
            auto next = std::upper_bound(l.begin() + from[i], l.end(), at);
            if (next == l.end()) return false;   // no later start does better
            from[i] = size_t(next - l.begin());
            at = *next;
            if (at - start >= window) break;
        }
        if (i == n) return true;
    }
    return false;
}

namespace {

void read_one(const Xapian::Database &db, Xapian::docid did, const std::string &term,
              std::vector<Xapian::termpos> *l) {
    l->clear();
    Xapian::PositionIterator end = db.positionlist_end(did, term);
    for (Xapian::PositionIterator it = db.positionlist_begin(did, term); it != end; ++it)
        l->push_back(*it);
}

}  // namespace

void DocPositions::read(const Xapian::Database &db, const std::string &shard, Xapian::docid did,
                        const std::vector<std::string> &terms, Lists *lists) {
    if (shard.empty() || did != did_ || shard != shard_) {
        did_ = did;
        shard_ = shard;
        kept_.clear();
    }
    lists->resize(terms.size());
    for (size_t i = 0; i < terms.size(); i++) {
        size_t k = 0;
        while (k < kept_.size() && kept_[k].first != terms[i]) k++;
        if (k == kept_.size()) {
            kept_.emplace_back(terms[i], std::vector<Xapian::termpos>());
            read_one(db, did, terms[i], &kept_.back().second);
        }
        (*lists)[i] = kept_[k].second;
    }
}

std::string shard_name(const Xapian::Database &db) {
    try {
        std::string uuid = db.get_uuid();
        return uuid.empty() ? uuid : uuid + "@" + std::to_string(db.get_revision());
    } catch (const Xapian::Error &) {
        return std::string();   // no revision of its own: nothing kept
    }
}

}  // namespace xc_positions
