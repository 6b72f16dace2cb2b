// xc_filter_term.cc — a term matched without weight, from its kept
// postings (xc_filter_term.h).

#include "xc_filter_term.h"

#include "xc_postings.h"

namespace xc_filter_term {

namespace {

class FilterTermSource : public Xapian::PostingSource {
  public:
    explicit FilterTermSource(const std::string &term) : term_(term) {}

    Xapian::PostingSource *clone() const override { return new FilterTermSource(term_); }

    void init(const Xapian::Database &db) override {
        db_ = db;
        xc_postings::PostingsPtr kept =
            xc_postings::PostingsCache::shared().find_or_read(db, term_);
        // A kept list is the term's postings in this shard: its length is
        // the term's frequency there, as Xapian's own list would say.
        tf_ = kept ? Xapian::doccount(kept->docids.size()) : db.get_termfreq(term_);
        cursor_.start(db, term_, kept);
        started_ = false;
    }

    Xapian::doccount get_termfreq_min() const override { return tf_; }
    Xapian::doccount get_termfreq_est() const override { return tf_; }
    Xapian::doccount get_termfreq_max() const override { return tf_; }

    // The cursor starts on the first posting: the first step stays there.
    void next(double) override {
        if (!started_) started_ = true;
        else cursor_.advance_to(cursor_.docid() + 1);
    }

    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        cursor_.advance_to(did);
    }

    bool at_end() const override { return cursor_.at_end(); }
    Xapian::docid get_docid() const override { return cursor_.docid(); }

    std::string name() const override { return "Lantern::FilterTermSource"; }
    std::string get_description() const override { return "FilterTermSource(" + term_ + ")"; }

  private:
    std::string term_;
    Xapian::Database db_;   // init's (a handle: init's may not last)
    xc_postings::Cursor cursor_;
    Xapian::doccount tf_ = 0;
    bool started_ = false;
};

}  // namespace

Xapian::Query filter_term_query(const std::string &term) {
    // release() hands the source to the query's reference counting.
    return Xapian::Query((new FilterTermSource(term))->release());
}

}  // namespace xc_filter_term
