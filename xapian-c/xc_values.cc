// xc_values.cc — documents' values of one slot read from memory (xc_values.h).

#include "xc_values.h"

#include "xc_docids.h"
#include "xc_postings.h"

#include <memory>

namespace xc_values {

namespace {

// What the sources of one call share: its question and its answer.
struct Lookup {
    std::vector<std::string> uuids;   // the shards', in order
    Xapian::valueno slot = 0;
    const Xapian::docid *docids = nullptr;
    size_t n = 0;
    std::vector<std::string> *out = nullptr;
    std::vector<bool> seen;           // by shard, when its values were kept
};

class ValuesOfSource : public xc_docids::ShardVisitor {
  public:
    explicit ValuesOfSource(std::shared_ptr<Lookup> lookup) : lookup_(std::move(lookup)) {}

    Xapian::PostingSource *clone() const override { return new ValuesOfSource(lookup_); }

    // The whole work: this shard's documents looked up in its values.
    void init(const Xapian::Database &db) override {
        Lookup &l = *lookup_;
        size_t shards = l.uuids.size();
        long shard = xc_docids::shard_of_uuid(l.uuids, db);
        if (shard < 0) return;
        xc_postings::ValuesPtr values =
            xc_postings::PostingsCache::shared().find_or_read_values(db, l.slot);
        if (!values) return;
        l.seen[size_t(shard)] = true;
        for (size_t i = 0; i < l.n; i++)
            if (l.docids[i] && xc_docids::shard_of(l.docids[i], shards) == Xapian::docid(shard))
                (*l.out)[i] = values->get(xc_docids::local_docid(l.docids[i], shards));
    }

    std::string name() const override { return "Lantern::ValuesOfSource"; }

  private:
    std::shared_ptr<Lookup> lookup_;
};

}  // namespace

bool values_of(const Xapian::Database &db, Xapian::valueno slot, const Xapian::docid *docids,
               size_t n, std::vector<std::string> *out) {
    if (xc_postings::PostingsCache::shared().budget() == 0) return false;
    auto lookup = std::make_shared<Lookup>();
    lookup->uuids = xc_docids::sub_uuids(db);
    if (lookup->uuids.empty()) return false;
    lookup->slot = slot;
    lookup->docids = docids;
    lookup->n = n;
    std::vector<std::string> found(n);
    lookup->out = &found;
    lookup->seen.assign(lookup->uuids.size(), false);
    if (!xc_docids::visit_shards(db, new ValuesOfSource(lookup))) return false;
    // Every shard holding one of the documents asked about, or the answer
    // would be partial (Xapian need not give a shard without documents,
    // such as the spelling database beside the posts' shards).
    for (size_t i = 0; i < n; i++)
        if (docids[i] && !lookup->seen[xc_docids::shard_of(docids[i], lookup->uuids.size())])
            return false;
    out->swap(found);
    return true;
}

}  // namespace xc_values
