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
    return s;
}

Shape shape_scale(const Xapian::Query &q, double factor, const Shape &sub) {
    auto s = std::make_shared<QueryShape>();
    s->kind = QueryShape::SCALE;
    s->query = q;
    s->factor = factor;
    s->subs.push_back(sub);
    s->weighable = factor != 0.0 && sub && sub->weighable;
    return s;
}

Shape shape_other(const Xapian::Query &q) {
    auto s = std::make_shared<QueryShape>();
    s->query = q;
    return s;
}

/* ---- Lengths ---- */

const std::vector<uint32_t> *LengthCache::lengths(const Xapian::Database &db) {
    std::string uuid = db.get_uuid();
    if (uuid.empty()) return nullptr;
    // The array spans the docids, and re-indexing a thread gives its posts
    // new ones: past twice the documents, memory would follow the index's
    // history rather than its size. Xapian's lookups serve until the index
    // is compacted (which renumbers) or written afresh.
    if (uint64_t(db.get_lastdocid()) > 2 * uint64_t(db.get_doccount()) + 64) return nullptr;
    Xapian::rev revision = db.get_revision();
    auto found = by_uuid_.find(uuid);
    if (found != by_uuid_.end() && found->second.revision == revision)
        return &found->second.lengths;
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
    return &(by_uuid_[uuid] = std::move(e)).lengths;
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

class Bm25Source : public Xapian::PostingSource {
  public:
    Bm25Source(const std::string &term, const TermWeight &w, const Bm25Params &p,
               LengthCache *cache)
        : term_(term), w_(w), p_(p), cache_(cache) {}

    Xapian::PostingSource *clone() const override {
        return new Bm25Source(term_, w_, p_, cache_);
    }

    void init(const Xapian::Database &db) override {
        it_ = db.postlist_begin(term_);
        end_ = db.postlist_end(term_);
        tf_ = db.get_termfreq(term_);
        lengths_ = cache_->lengths(db);
        started_ = false;
        set_maxweight(tf_ ? w_.max_weight : 0);
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
        return w_.termweight * (wdf / denom);
    }

    std::string name() const override { return "Lantern::Bm25Source"; }
    std::string get_description() const override { return "Bm25Source(" + term_ + ")"; }

  private:
    std::string term_;
    TermWeight w_;
    Bm25Params p_;
    LengthCache *cache_;
    Xapian::PostingIterator it_, end_;
    Xapian::doccount tf_ = 0;
    const std::vector<uint32_t> *lengths_ = nullptr;
    bool started_ = false;
};

struct Builder {
    const Xapian::Database &db;
    LengthCache &cache;
    const Bm25Params &p;

    Xapian::Query source(const QueryShape &s) {
        TermWeight w = term_weight(db, s.term, s.wqf, p);
        Xapian::PostingSource *src = new Bm25Source(s.term, w, p, &cache);
        // release() hands the source to the query's reference counting.
        return Xapian::Query(src->release());
    }

    // `s` in a weighed place: its terms become sources; what is matched
    // without weight (a filter's right side, what AND_NOT removes, the
    // terms of phrases) stays as built.
    Xapian::Query weighed(const Shape &s) {
        if (!s || !s->weighable) return s ? s->query : Xapian::Query();
        switch (s->kind) {
        case QueryShape::TERM:
            return source(*s);
        case QueryShape::SCALE:
            return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, weighed(s->subs[0]), s->factor);
        case QueryShape::OP:
            break;
        case QueryShape::OTHER:
            return s->query;
        }
        std::vector<Xapian::Query> subs;
        subs.reserve(s->subs.size());
        switch (s->op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_MAX:
            for (const Shape &sub : s->subs) subs.push_back(weighed(sub));
            break;
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            for (size_t i = 0; i < s->subs.size(); i++)
                subs.push_back(i == 0 ? weighed(s->subs[i]) : s->subs[i]->query);
            break;
        default:   // phrases, NEAR, SYNONYM: weighed by Xapian as built
            return s->query;
        }
        return Xapian::Query(s->op, subs.begin(), subs.end(), s->window);
    }
};

}  // namespace

Xapian::Query with_cached_lengths(const Shape &shape, const Xapian::Database &db,
                                  LengthCache &cache, const Bm25Params &p) {
    if (!shape) return Xapian::Query();
    if (p.k2 != 0) return shape->query;
    Builder b{db, cache, p};
    return b.weighed(shape);
}

}  // namespace xc_lengths
