// xc_termstats.cc — terms' frequencies and spelling suggestions
// remembered until a reopen (xc_termstats.h).

#include "xc_termstats.h"

namespace xc_termstats {

const Freqs &TermStats::get(const Xapian::Database &db, const std::string &term) {
    auto found = freqs_.find(term);
    if (found != freqs_.end()) return found->second;
    Freqs f;
    f.termfreq = db.get_termfreq(term);
    // A term no document holds has no bound to look up.
    f.wdf_upper_bound = f.termfreq ? db.get_wdf_upper_bound(term) : 0;
    if (freqs_.size() >= kMaxTerms) freqs_.clear();
    return freqs_.emplace(term, f).first->second;
}

const std::string &TermStats::suggestion(const Xapian::Database &db, const std::string &word,
                                         unsigned max_edit) {
    std::string key = std::to_string(max_edit) + ' ' + word;
    auto found = suggestions_.find(key);
    if (found != suggestions_.end()) return found->second;
    std::string s = db.get_spelling_suggestion(word, max_edit);
    if (suggestions_.size() >= kMaxTerms) suggestions_.clear();
    return suggestions_.emplace(std::move(key), std::move(s)).first->second;
}

}  // namespace xc_termstats
