// xc_lengths.cc — BM25 with document lengths read from memory (xc_lengths.h).

#include "xc_lengths.h"

#include <algorithm>
#include <cmath>

namespace xc_lengths {

/* ---- Shapes ---- */

static bool any_weighable(const std::vector<Shape> &subs) {
    for (const Shape &s : subs)
        if (s && s->weighable) return true;
    return false;
}

Shape shape_term(const Xapian::Query &q, const std::string &term, Xapian::termcount wqf) {
    auto s = std::make_shared<QueryShape>();
    s->kind = QueryShape::TERM;
    s->query = q;
    s->term = term;
    s->wqf = wqf;
    // The empty term matches every document: Xapian weighs it as nothing.
    s->weighable = !term.empty();
    return s;
}

Shape shape_op(const Xapian::Query &q, Xapian::Query::op op, unsigned window,
               const std::vector<Shape> &subs) {
    auto s = std::make_shared<QueryShape>();
    s->kind = QueryShape::OP;
    s->query = q;
    s->op = op;
    s->window = window;
    s->subs = subs;
    s->weighable = any_weighable(subs);
    for (const Shape &sub : subs) s->has_prior = s->has_prior || (sub && sub->has_prior);
    return s;
}

Shape shape_scale(const Xapian::Query &q, double factor, const Shape &sub) {
    auto s = std::make_shared<QueryShape>();
    s->kind = QueryShape::SCALE;
    s->query = q;
    s->factor = factor;
    s->subs.push_back(sub);
    s->weighable = factor != 0.0 && sub && sub->weighable;
    s->has_prior = sub && sub->has_prior;
    return s;
}

Shape shape_prior(const Xapian::Query &q, const std::shared_ptr<const xc_prior::Prior> &prior,
                  const Shape &sub) {
    auto s = std::make_shared<QueryShape>();
    s->kind = QueryShape::PRIOR;
    s->query = q;
    s->prior = prior;
    s->subs.push_back(sub);
    s->weighable = sub && sub->weighable;
    s->has_prior = true;
    return s;
}

// What Xapian weighs as built (a phrase kept whole, a posting source of
// its own) may carry weight: under a prior it is scaled like the rest.
Shape shape_other(const Xapian::Query &q) {
    auto s = std::make_shared<QueryShape>();
    s->query = q;
    s->weighable = !q.empty();
    return s;
}

/* ---- Lengths ---- */

const std::vector<uint32_t> *LengthCache::lengths(const Xapian::Database &db) {
    Entry *e = entry(db);
    return e ? &e->lengths : nullptr;
}

const std::vector<uint8_t> *LengthCache::classes(const Xapian::Database &db,
                                                 const xc_prior::Prior &prior) {
    Entry *e = entry(db);
    if (!e || prior.terms.size() > 255) return nullptr;
    auto found = e->classes.find(prior.key());
    if (found != e->classes.end()) return &found->second;
    std::vector<uint8_t> &classes = e->classes[prior.key()];
    classes.assign(e->lengths.size(), 0);
    // The first class a document holds decides: later ones leave it.
    for (size_t i = 0; i < prior.terms.size(); i++)
        for (Xapian::PostingIterator it = db.postlist_begin(prior.terms[i]);
             it != db.postlist_end(prior.terms[i]); ++it)
            if (*it < classes.size() && !classes[*it]) classes[*it] = uint8_t(i + 1);
    return &classes;
}

LengthCache::Entry *LengthCache::entry(const Xapian::Database &db) {
    std::string uuid = db.get_uuid();
    if (uuid.empty()) return nullptr;
    // The array spans the docids, and re-indexing a thread gives its posts
    // new ones: past twice the documents, memory would follow the index's
    // history rather than its size. Xapian's lookups serve until the index
    // is compacted (which renumbers) or written afresh.
    if (uint64_t(db.get_lastdocid()) > 2 * uint64_t(db.get_doccount()) + 64) return nullptr;
    Xapian::rev revision = db.get_revision();
    auto found = by_uuid_.find(uuid);
    if (found != by_uuid_.end() && found->second.revision == revision) return &found->second;
    // A new revision: the old lengths go first, so that two copies of a
    // large index are never held at once.
    if (found != by_uuid_.end()) by_uuid_.erase(found);
    Entry e;
    e.revision = revision;
    e.lengths.assign(size_t(db.get_lastdocid()) + 1, 0);
    // The empty term's postings are the documents, lengths to hand.
    for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::docid did = *it;
        if (did < e.lengths.size()) e.lengths[did] = it.get_doclength();
    }
    return &(by_uuid_[uuid] = std::move(e));
}

/* ---- The posting source ---- */

namespace {

// The parts of Xapian 1.4's BM25Weight (weight/bm25weight.cc) that do not
// depend on the document, from the statistics of the whole collection.
struct TermWeight {
    double termweight = 0;   // idf x (k1 + 1), with the query's wqf
    double len_factor = 0;   // 1 / average length
    double max_weight = 0;   // BM25Weight::get_maxpart
};

TermWeight term_weight(const Xapian::Database &db, const std::string &term,
                       Xapian::termcount wqf, const Bm25Params &p) {
    TermWeight w;
    Xapian::doccount n = db.get_doccount(), tf = db.get_termfreq(term);
    if (tf == 0) return w;
    double tw = (n - tf + 0.5) / (tf + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    w.termweight = std::log(tw);
    if (p.k3 != 0) w.termweight *= (p.k3 + 1) * double(wqf) / (p.k3 + double(wqf));
    w.termweight *= (p.k1 + 1);
    if (p.b != 0 && p.k1 != 0) {
        w.len_factor = db.get_avlength();
        if (w.len_factor != 0) w.len_factor = 1 / w.len_factor;
    }
    double wdf_max = db.get_wdf_upper_bound(term);
    double denom = p.k1;
    if (p.k1 != 0 && p.b != 0) {
        double len_lb = std::max<double>(wdf_max, db.get_doclength_lower_bound());
        double normlen_lb = std::max(len_lb * w.len_factor, p.min_normlen);
        denom *= normlen_lb * p.b + (1 - p.b);
    }
    denom += wdf_max;
    w.max_weight = denom > 0 ? w.termweight * (wdf_max / denom) : 0;
    return w;
}

using PriorPtr = std::shared_ptr<const xc_prior::Prior>;

class Bm25Source : public Xapian::PostingSource {
  public:
    Bm25Source(const std::string &term, const TermWeight &w, const Bm25Params &p,
               LengthCache *cache, const PriorPtr &prior)
        : term_(term), w_(w), p_(p), cache_(cache), prior_(prior) {}

    Xapian::PostingSource *clone() const override {
        return new Bm25Source(term_, w_, p_, cache_, prior_);
    }

    void init(const Xapian::Database &db) override {
        it_ = db.postlist_begin(term_);
        end_ = db.postlist_end(term_);
        tf_ = db.get_termfreq(term_);
        lengths_ = cache_ ? cache_->lengths(db) : nullptr;
        started_ = false;
        classes_ = nullptr;
        class_its_.clear();
        if (prior_) {
            classes_ = cache_ ? cache_->classes(db, *prior_) : nullptr;
            // Without the array, each class's postings are walked beside
            // the term's (documents come in docid order).
            if (!classes_)
                for (const std::string &t : prior_->terms) class_its_.push_back(db.postlist_begin(t));
            class_end_ = db.postlist_end(std::string());
        }
        set_maxweight(tf_ ? w_.max_weight * (prior_ ? prior_->max_factor() : 1.0) : 0);
    }

    Xapian::doccount get_termfreq_min() const override { return tf_; }
    Xapian::doccount get_termfreq_est() const override { return tf_; }
    Xapian::doccount get_termfreq_max() const override { return tf_; }

    void next(double) override {
        if (started_) ++it_;
        started_ = true;
    }

    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        it_.skip_to(did);
    }

    bool at_end() const override { return started_ && it_ == end_; }
    Xapian::docid get_docid() const override { return *it_; }

    double get_weight() const override {
        Xapian::docid did = *it_;
        double len = lengths_ && did < lengths_->size() ? (*lengths_)[did]
                                                         : double(it_.get_doclength());
        double normlen = std::max(len * w_.len_factor, p_.min_normlen);
        double wdf = it_.get_wdf();
        double denom = p_.k1 * (normlen * p_.b + (1 - p_.b)) + wdf;
        double weight = w_.termweight * (wdf / denom);
        return prior_ ? weight * factor(did) : weight;
    }

    std::string name() const override { return "Lantern::Bm25Source"; }
    std::string get_description() const override { return "Bm25Source(" + term_ + ")"; }

  private:
    // The prior's factor for `did`, the current document.
    double factor(Xapian::docid did) const {
        if (classes_) {
            uint8_t c = did < classes_->size() ? (*classes_)[did] : 0;
            return c ? prior_->factors[c - 1] : 1.0;
        }
        for (size_t i = 0; i < class_its_.size(); i++) {
            Xapian::PostingIterator &ci = class_its_[i];
            if (ci == class_end_) continue;
            if (*ci < did) ci.skip_to(did);
            if (ci != class_end_ && *ci == did) return prior_->factors[i];
        }
        return 1.0;
    }

    std::string term_;
    TermWeight w_;
    Bm25Params p_;
    LengthCache *cache_;
    Xapian::PostingIterator it_, end_;
    Xapian::doccount tf_ = 0;
    const std::vector<uint32_t> *lengths_ = nullptr;
    bool started_ = false;
    PriorPtr prior_;
    const std::vector<uint8_t> *classes_ = nullptr;
    mutable std::vector<Xapian::PostingIterator> class_its_;
    Xapian::PostingIterator class_end_;
};

struct Builder {
    const Xapian::Database &db;
    LengthCache *cache;   // null: lengths and classes looked up
    const Bm25Params &p;

    Xapian::Query source(const QueryShape &s, const PriorPtr &prior) {
        TermWeight w = term_weight(db, s.term, s.wqf, p);
        Xapian::PostingSource *src = new Bm25Source(s.term, w, p, cache, prior);
        // release() hands the source to the query's reference counting.
        return Xapian::Query(src->release());
    }

    // What Xapian weighs as built, under `prior` when there is one.
    static Xapian::Query as_built(const QueryShape &s, const PriorPtr &prior) {
        return prior ? xc_prior::prior_query(s.query, *prior) : s.query;
    }

    // `s` in a weighed place, under `prior` (may be null): its terms become
    // sources; what is matched without weight (a filter's right side, what
    // AND_NOT removes, the terms of phrases) stays as built.
    Xapian::Query weighed(const Shape &s, const PriorPtr &prior) {
        if (!s || !s->weighable) return s ? s->query : Xapian::Query();
        switch (s->kind) {
        case QueryShape::TERM:
            return source(*s, prior);
        case QueryShape::SCALE:
            return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, weighed(s->subs[0], prior),
                                 s->factor);
        case QueryShape::PRIOR:
            // One prior at a time: an inner one is left to Xapian.
            return prior ? as_built(*s, prior) : weighed(s->subs[0], s->prior);
        case QueryShape::OP:
            break;
        case QueryShape::OTHER:
            return as_built(*s, prior);
        }
        std::vector<Xapian::Query> subs;
        subs.reserve(s->subs.size());
        switch (s->op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_MAX:
            for (const Shape &sub : s->subs) subs.push_back(weighed(sub, prior));
            break;
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            for (size_t i = 0; i < s->subs.size(); i++)
                subs.push_back(i == 0 ? weighed(s->subs[i], prior) : s->subs[i]->query);
            break;
        default:   // phrases, NEAR, SYNONYM: weighed by Xapian as built
            return as_built(*s, prior);
        }
        return Xapian::Query(s->op, subs.begin(), subs.end(), s->window);
    }
};

}  // namespace

Xapian::Query with_cached_lengths(const Shape &shape, const Xapian::Database &db,
                                  LengthCache *cache, const Bm25Params &p) {
    if (!shape) return Xapian::Query();
    if (p.k2 != 0) return shape->query;
    Builder b{db, cache, p};
    return b.weighed(shape, nullptr);
}

}  // namespace xc_lengths
