// xc_docids.cc — a query matching a given set of documents (xc_docids.h).

#include "xc_docids.h"

#include <algorithm>
#include <memory>
#include <string>

namespace xc_docids {

std::vector<std::string> sub_uuids(const Xapian::Database &db) {
    std::vector<std::string> out;
    std::string all = db.get_uuid();
    std::string::size_type from = 0;
    for (;;) {
        std::string::size_type colon = all.find(':', from);
        out.push_back(all.substr(from, colon == std::string::npos ? colon : colon - from));
        if (out.back().empty()) return {};
        if (colon == std::string::npos) break;
        from = colon + 1;
    }
    std::vector<std::string> sorted = out;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return {};
    return out;
}

bool visit_shards(const Xapian::Database &db, ShardVisitor *visitor) {
    Xapian::Enquire enquire(db);
    // release() hands the source to the query's reference counting.
    enquire.set_query(Xapian::Query(visitor->release()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    try {
        enquire.get_mset(0, 1);
    } catch (const Xapian::UnimplementedError &) {
        return false;
    }
    return true;
}

long shard_of_uuid(const std::vector<std::string> &uuids, const Xapian::Database &sub) {
    auto at = std::find(uuids.begin(), uuids.end(), sub.get_uuid());
    return at == uuids.end() ? -1 : long(at - uuids.begin());
}

namespace {

using Docids = std::shared_ptr<const std::vector<Xapian::docid>>;
using Uuids = std::shared_ptr<const std::vector<std::string>>;

class DocidSource : public Xapian::PostingSource {
  public:
    DocidSource(Docids global, Uuids uuids) : global_(std::move(global)), uuids_(std::move(uuids)) {}

    Xapian::PostingSource *clone() const override { return new DocidSource(global_, uuids_); }

    void init(const Xapian::Database &db) override {
        size_t n = uuids_->size();
        long shard = shard_of_uuid(*uuids_, db);
        local_.clear();
        pos_ = 0;
        started_ = false;
        if (shard < 0) return;   // not one of ours: matches nothing
        for (Xapian::docid d : *global_)
            if (shard_of(d, n) == Xapian::docid(shard)) local_.push_back(local_docid(d, n));
        set_maxweight(0);
    }

    Xapian::doccount get_termfreq_min() const override { return Xapian::doccount(local_.size()); }
    Xapian::doccount get_termfreq_est() const override { return Xapian::doccount(local_.size()); }
    Xapian::doccount get_termfreq_max() const override { return Xapian::doccount(local_.size()); }

    void next(double) override {
        if (started_) pos_++;
        started_ = true;
    }

    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        pos_ = size_t(std::lower_bound(local_.begin() + pos_, local_.end(), did) - local_.begin());
    }

    bool at_end() const override { return started_ && pos_ >= local_.size(); }

    Xapian::docid get_docid() const override { return local_[pos_]; }

    std::string get_description() const override {
        return "DocidSource(" + std::to_string(global_->size()) + " documents)";
    }

  private:
    Docids global_;   // sorted, without repeats
    Uuids uuids_;
    std::vector<Xapian::docid> local_;   // this sub-database's, sorted
    size_t pos_ = 0;
    bool started_ = false;
};

}  // namespace

Xapian::Query docids_query(const Xapian::Database &db, const std::vector<Xapian::docid> &docids) {
    auto uuids = std::make_shared<std::vector<std::string>>(sub_uuids(db));
    if (uuids->empty()) return Xapian::Query();
    auto sorted = std::make_shared<std::vector<Xapian::docid>>(docids);
    std::sort(sorted->begin(), sorted->end());
    sorted->erase(std::unique(sorted->begin(), sorted->end()), sorted->end());
    sorted->erase(std::remove(sorted->begin(), sorted->end(), Xapian::docid(0)), sorted->end());
    // release() hands the source to the query's reference counting.
    return Xapian::Query((new DocidSource(sorted, uuids))->release());
}

}  // namespace xc_docids
