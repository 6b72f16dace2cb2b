// xc_termstats.h — terms' frequencies in a database, remembered until it
// is reopened (C++ only, inside the shim).
//
// Why: every query weighs its words with their frequencies (BM25's idf
// and bound), and spelling asks whether each word is known. Glass answers
// each with a B-tree descent whose leaf the kernel copies afresh: at a
// million posts, a fifth of a query's block reads went to the same few
// hundred common words' frequencies, asked again by every query.
//
// How: one per xc_database (not shared between threads), keyed by term,
// emptied when the database is reopened (a reader stays at its revision
// until then) and when it holds kMaxTerms terms (a stream of distinct
// words cannot grow it).
#ifndef LANTERN_XC_TERMSTATS_H
#define LANTERN_XC_TERMSTATS_H

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>

namespace xc_termstats {

struct Freqs {
    Xapian::doccount termfreq = 0;           // documents holding the term
    Xapian::termcount wdf_upper_bound = 0;   // Database::get_wdf_upper_bound
};

class TermStats {
  public:
    // `term`'s frequencies in `db`, which must be the database this cache
    // belongs to, at the revision it was last opened or reopened at.
    const Freqs &get(const Xapian::Database &db, const std::string &term);
    // Forgets every term (after a reopen).
    void clear() { freqs_.clear(); }

    static constexpr size_t kMaxTerms = size_t(1) << 14;

  private:
    std::unordered_map<std::string, Freqs> freqs_;
};

}  // namespace xc_termstats

#endif
