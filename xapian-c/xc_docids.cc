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

namespace {

using Docids = std::shared_ptr<const std::vector<Xapian::docid>>;
using Uuids = std::shared_ptr<const std::vector<std::string>>;

class DocidSource : public Xapian::PostingSource {
  public:
    DocidSource(Docids global, Uuids uuids) : global_(std::move(global)), uuids_(std::move(uuids)) {}

    Xapian::PostingSource *clone() const override { return new DocidSource(global_, uuids_); }

    void init(const Xapian::Database &db) override {
        // Xapian 1.4 interleaves its sub-databases' docids: the whole's
        // docid d is docid (d - 1) / n + 1 of sub-database (d - 1) % n.
        Xapian::docid n = Xapian::docid(uuids_->size());
        auto at = std::find(uuids_->begin(), uuids_->end(), db.get_uuid());
        local_.clear();
        pos_ = 0;
        started_ = false;
        if (at == uuids_->end()) return;   // not one of ours: matches nothing
        Xapian::docid shard = Xapian::docid(at - uuids_->begin());
        for (Xapian::docid d : *global_)
            if ((d - 1) % n == shard) local_.push_back((d - 1) / n + 1);
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
