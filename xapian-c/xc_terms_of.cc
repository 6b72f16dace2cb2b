// xc_terms_of.cc — a query's terms held by some documents (xc_terms_of.h).

#include "xc_terms_of.h"

#include "xc_docids.h"
#include "xc_postings.h"

#include <algorithm>
#include <memory>

namespace xc_terms_of {

namespace {

// What the sources of one call share: its question and its answer.
struct Lookup {
    std::vector<std::string> uuids;                       // the shards', in order
    const std::vector<std::string> *terms = nullptr;
    std::vector<std::pair<Xapian::docid, size_t>> docs;   // (docid, index), by docid
    std::vector<std::pair<size_t, size_t>> *held = nullptr;
    std::vector<bool> seen;                               // by shard
};

class TermsOfSource : public xc_docids::ShardVisitor {
  public:
    explicit TermsOfSource(std::shared_ptr<Lookup> lookup) : lookup_(std::move(lookup)) {}

    Xapian::PostingSource *clone() const override { return new TermsOfSource(lookup_); }

    // The whole work: this shard's documents looked up in each term's list.
    void init(const Xapian::Database &db) override {
        Lookup &l = *lookup_;
        size_t n = l.uuids.size();
        long shard = xc_docids::shard_of_uuid(l.uuids, db);
        if (shard < 0) return;
        l.seen[size_t(shard)] = true;
        // The shard's documents by its own docids, still in order.
        std::vector<std::pair<Xapian::docid, size_t>> local;
        for (const auto &d : l.docs)
            if (xc_docids::shard_of(d.first, n) == Xapian::docid(shard))
                local.emplace_back(xc_docids::local_docid(d.first, n), d.second);
        if (local.empty()) return;
        for (size_t t = 0; t < l.terms->size(); t++) {
            const std::string &term = (*l.terms)[t];
            // A list not kept yet (a kind's term of the priors, say) is
            // read and kept when the budget allows: the next page asks too.
            xc_postings::Cursor c;
            c.start(db, term, xc_postings::PostingsCache::shared().find_or_read(db, term));
            for (const auto &d : local) {
                c.advance_to(d.first);
                if (c.at_end()) break;
                if (c.docid() == d.first) l.held->emplace_back(t, d.second);
            }
        }
    }

    std::string name() const override { return "Lantern::TermsOfSource"; }

  private:
    std::shared_ptr<Lookup> lookup_;
};

}  // namespace

bool terms_of(const Xapian::Database &db, const std::vector<std::string> &terms,
              const Xapian::docid *docids, size_t n,
              std::vector<std::pair<size_t, size_t>> *held) {
    auto lookup = std::make_shared<Lookup>();
    lookup->uuids = xc_docids::sub_uuids(db);
    if (lookup->uuids.empty()) return false;
    lookup->terms = &terms;
    lookup->seen.assign(lookup->uuids.size(), false);
    for (size_t i = 0; i < n; i++)
        if (docids[i]) lookup->docs.emplace_back(docids[i], i);
    std::sort(lookup->docs.begin(), lookup->docs.end());
    std::vector<std::pair<size_t, size_t>> found;
    lookup->held = &found;
    if (!xc_docids::visit_shards(db, new TermsOfSource(lookup))) return false;
    // Every shard holding one of the documents looked at, or the answer
    // would be partial (Xapian need not give a shard without documents,
    // such as the spelling database beside the posts' shards).
    for (const auto &d : lookup->docs)
        if (!lookup->seen[xc_docids::shard_of(d.first, lookup->uuids.size())]) return false;
    held->insert(held->end(), found.begin(), found.end());
    return true;
}

}  // namespace xc_terms_of
