// xc_termstats.h — terms' frequencies and spelling suggestions in a
// database, remembered until it is reopened (C++ only, inside the shim).
//
// Why: every query weighs its words with their frequencies (BM25's idf
// and bound), and spelling asks whether each word is known. Glass answers
// each with a B-tree descent whose leaf the kernel copies afresh: at a
// million posts, a fifth of a query's block reads went to the same few
// hundred common words' frequencies, asked again by every query. A word
// the index does not know costs more: Xapian's suggestion for it reads
// the spelling table's fragments and measures edits to their words, some
// 3.5M instructions a word, for the same misspellings again and again.
//
// How: one per xc_database (not shared between threads), keyed by term
// (or word and edits), emptied when a reopen moves the database to another
// revision (a reader stays at its revision until then; the daemon reopens
// every second, mostly to the same one) and when it holds kMaxTerms
// entries (a stream of distinct words cannot grow it).
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
    // Xapian's spelling suggestion for `word` within `max_edit` edits in
    // `db` (as get() asks it of), empty for none.
    const std::string &suggestion(const Xapian::Database &db, const std::string &word,
                                  unsigned max_edit);
    // Forgets every term (after a reopen).
    void clear() {
        freqs_.clear();
        suggestions_.clear();
    }

    static constexpr size_t kMaxTerms = size_t(1) << 14;

  private:
    std::unordered_map<std::string, Freqs> freqs_;
    std::unordered_map<std::string, std::string> suggestions_;   // by edits, word
};

}  // namespace xc_termstats

#endif
