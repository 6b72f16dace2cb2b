// xc_postings.h — terms' postings kept in memory for the BM25 sources
// (C++ only, inside the shim).
//
// Why: once lengths came from memory (xc_lengths.h), a query's time at a
// million posts went mostly to walking its common words' postings through
// Xapian: glass decodes them chunk by chunk behind a virtual call per
// posting, and reads each block with a system call (no block cache of its
// own), for every query again. The words that cost most are the common
// ones, which are the ones queries share.
//
// How: the first time a source's term has its block bounds read
// (LengthCache::bounds walks its whole list for them), the docids and
// wdfs are kept as arrays, 5 bytes a posting, in one cache shared by every
// thread of the process and bounded in bytes (least recently used go
// first). Later sources over the same revision walk the arrays. A revision
// is part of the key: a reopened index reads its own; the older
// revision's lists are dropped when the newer one's first is kept. The
// budget is 0 (nothing kept) until the owner sets one: a daemon does, a
// one-shot search has no use for it. A kept list's weight bounds
// (Bounds) are kept beside it, under the same budget, for every thread.
#ifndef LANTERN_XC_POSTINGS_H
#define LANTERN_XC_POSTINGS_H

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace xc_postings {

// One term's postings in one revision of one database (a shard).
struct Postings {
    std::vector<Xapian::docid> docids;   // ascending
    std::vector<uint8_t> wdfs;           // by index; kBigWdf: see big_wdfs
    // (index, wdf) of the postings whose wdf is kBigWdf or more, by index.
    std::vector<std::pair<uint32_t, Xapian::termcount>> big_wdfs;

    static constexpr uint8_t kBigWdf = 255;

    Xapian::termcount wdf(size_t i) const {
        return wdfs[i] < kBigWdf ? wdfs[i] : big_wdf(i);
    }
    size_t bytes() const;

  private:
    Xapian::termcount big_wdf(size_t i) const;
};

using PostingsPtr = std::shared_ptr<const Postings>;

// The most one term's postings weigh under one weighting (parameters and
// prior: xc_lengths.h computes them): over each block of docids, and, when
// the postings are kept, each posting's share of its block's most, in
// 255ths rounded up. A share bounds a posting without its document's
// length: a source checks it first, and weighs the few that pass.
struct Bounds {
    std::vector<float> blocks;
    std::vector<uint8_t> shares;   // by posting index; empty: none

    static constexpr double kShareUnit = 1.0 / 255;
    size_t bytes() const;
};

using BoundsPtr = std::shared_ptr<const Bounds>;

// One value slot's values of every document of a database (a shard), by
// docid: value d is bytes[offsets[d] .. offsets[d + 1]).
struct Values {
    std::vector<uint32_t> offsets;
    std::string bytes;

    std::string get(Xapian::docid did) const {
        if (size_t(did) + 1 >= offsets.size()) return std::string();
        return bytes.substr(offsets[did], offsets[did + 1] - offsets[did]);
    }
    size_t size() const;   // in memory
};

using ValuesPtr = std::shared_ptr<const Values>;

// `slot`'s values in `db` (one database) read into a Values; nullptr when
// they would take more than `most` bytes or not fit its offsets.
ValuesPtr read_values(const Xapian::Database &db, Xapian::valueno slot, size_t most);

// `term`'s postings in `db` (one database, not several) read into arrays;
// nullptr when it has none.
PostingsPtr read_postings(const Xapian::Database &db, const std::string &term);

class PostingsCache {
  public:
    // The process's cache.
    static PostingsCache &shared();

    // Bytes the arrays may take in all; 0 empties the cache and keeps
    // nothing more. A list larger than an eighth of it is never kept.
    void set_budget(size_t bytes);
    size_t budget() const;

    // `term`'s postings in `db` at its revision, if kept.
    PostingsPtr find(const Xapian::Database &db, const std::string &term);
    // As find(); when not kept and the budget allows, read and kept.
    // nullptr when not kept (a list too large for the budget, or none).
    PostingsPtr find_or_read(const Xapian::Database &db, const std::string &term);

    // `term`'s bounds in `db` at its revision under `weighting` (a key of
    // the parameters and prior), if kept.
    BoundsPtr find_bounds(const Xapian::Database &db, const std::string &term,
                          const std::string &weighting);
    // Keeps them while the budget allows (among the postings, by the same
    // measure of use).
    void keep_bounds(const Xapian::Database &db, const std::string &term,
                     const std::string &weighting, const BoundsPtr &bounds);
    // `slot`'s values in `db` at its revision; when not kept and the
    // budget allows, read and kept. nullptr when not kept.
    ValuesPtr find_or_read_values(const Xapian::Database &db, Xapian::valueno slot);

    size_t bytes() const;

  private:
    struct Key {
        std::string uuid;
        Xapian::rev revision;
        std::string term;
        // What is kept: empty for a term's postings; "b" and a weighting
        // for its bounds; "v" and a slot number for a slot's values.
        std::string what;
        bool operator<(const Key &o) const;
    };
    struct Slot {
        PostingsPtr postings;   // one of the three
        BoundsPtr bounds;
        ValuesPtr values;
        size_t bytes = 0;
        uint64_t used = 0;   // when last found (ticks of this cache)
    };
    static bool key_of(const Xapian::Database &db, const std::string &term, Key *key);
    // The budget, `key` made for `term` in `db`; 0 when nothing is kept.
    size_t budget_for(const Xapian::Database &db, const std::string &term, Key *key);
    Slot *find_slot(const Key &key);                     // under mutex_
    void keep(const Key &key, Slot slot);                // under mutex_
    void evict_until(size_t room);                            // under mutex_

    mutable std::mutex mutex_;
    std::map<Key, Slot> slots_;
    std::set<Key> too_large_;   // values past what may be kept, not read again
    size_t budget_ = 0;
    size_t bytes_ = 0;
    uint64_t tick_ = 0;
};

// A walk along a term's postings: over the kept arrays when there are,
// else Xapian's iterator.
class Cursor {
  public:
    // On the first posting of `term` in `db`, read from `mem` when given.
    void start(const Xapian::Database &db, const std::string &term, PostingsPtr mem);
    bool at_end() const { return ended_; }
    Xapian::docid docid() const { return did_; }
    Xapian::termcount wdf() const { return mem_ ? mem_->wdf(pos_) : it_.get_wdf(); }
    // Only over Xapian's iterator: the arrays keep no lengths.
    Xapian::termcount doclength() const { return it_.get_doclength(); }
    bool in_memory() const { return mem_ != nullptr; }
    // Only over the arrays: the current posting's index there, and the arrays.
    size_t index() const { return pos_; }
    const Postings *postings() const { return mem_.get(); }
    // To the first posting at or after `did` (past the current one). The
    // step to the next kept posting, the most common by far, is taken
    // here, inline in the sources' walk.
    void advance_to(Xapian::docid did) {
        if (ended_ || did <= did_) return;
        size_t next = pos_ + 1;
        if (docs_ && next < n_docs_ && docs_[next] >= did) {
            pos_ = next;
            did_ = docs_[next];
            return;
        }
        advance_far(did);
    }

  private:
    void advance_far(Xapian::docid did);   // any other step
    static constexpr size_t kWindow = 16;  // postings advance_far counts first
    PostingsPtr mem_;
    const Xapian::docid *docs_ = nullptr;   // mem_'s docids, when there are
    size_t n_docs_ = 0;
    size_t pos_ = 0;
    Xapian::PostingIterator it_, end_;
    Xapian::docid did_ = 0;
    bool ended_ = true;
};

}  // namespace xc_postings

#endif
