// xc_prior.cc — a query's weights multiplied by a prior (xc_prior.h).

#include "xc_prior.h"

#include <algorithm>

namespace xc_prior {

double Prior::max_factor() const {
    double m = 1.0;
    for (double f : factors) m = std::max(m, f);
    return m;
}

std::string Prior::key() const {
    std::string k;
    // Terms hold no NUL in Lantern's schema; the separator keeps
    // ("ab", "c") and ("a", "bc") apart all the same.
    for (const std::string &t : terms) k.append(std::to_string(t.size())).append(":").append(t);
    return k;
}

Xapian::Query prior_query(const Xapian::Query &sub, const Prior &prior) {
    if (prior.terms.empty() || sub.empty()) return sub;
    std::vector<Xapian::Query> parts, earlier;
    for (size_t i = 0; i < prior.terms.size(); i++) {
        Xapian::Query term(prior.terms[i]);
        Xapian::Query mine = earlier.empty()
                                 ? sub
                                 : Xapian::Query(Xapian::Query::OP_AND_NOT, sub,
                                                 Xapian::Query(Xapian::Query::OP_OR,
                                                               earlier.begin(), earlier.end()));
        parts.push_back(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                      Xapian::Query(Xapian::Query::OP_FILTER, mine, term),
                                      prior.factors[i]));
        earlier.push_back(term);
    }
    parts.insert(parts.begin(),
                 Xapian::Query(Xapian::Query::OP_AND_NOT, sub,
                               Xapian::Query(Xapian::Query::OP_OR, earlier.begin(), earlier.end())));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace xc_prior
