// xc_lengths.cc — BM25 with document lengths read from memory (xc_lengths.h).

#include "xc_lengths.h"
#include "xc_filter_term.h"
#include "xc_positions.h"
#include "xc_postings.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

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
    for (const Shape &sub : subs) {
        s->has_prior = s->has_prior || (sub && sub->has_prior);
        s->has_docids = s->has_docids || (sub && sub->has_docids);
    }
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
    s->has_docids = sub && sub->has_docids;
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
    s->has_docids = sub && sub->has_docids;
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

Shape shape_docids(const Xapian::Query &q, const Xapian::Query &local) {
    auto s = std::make_shared<QueryShape>();
    s->kind = QueryShape::DOCIDS;
    s->query = q;
    s->local = local;
    s->has_docids = true;
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

// Block bounds kept per revision of a database (a shard), in bytes: at
// half a million posts a shard, some thousand terms (16 KB each). Past it
// the map starts again. Each searcher (each daemon thread) has its own.
static constexpr size_t kMaxBlockBytes = size_t(16) << 20;

// A double as a float no smaller: a bound must stay a bound.
static float round_up(double v) {
    float f = float(v);
    return double(f) < v ? std::nextafter(f, INFINITY) : f;
}

xc_postings::BoundsPtr LengthCache::bounds(const Xapian::Database &db, const std::string &term,
                                          const xc_prior::Prior *prior, const Bm25Params &p,
                                          double len_factor) {
    Entry *e = entry(db);
    if (!e) return nullptr;
    const std::vector<uint8_t> *cls = prior ? classes(db, *prior) : nullptr;
    if (prior && !cls) return nullptr;
    char params[128];
    snprintf(params, sizeof params, "%a %a %a %a", p.k1, p.b, p.min_normlen, len_factor);
    std::string weighting = params;
    if (prior) {
        // Its factors too: bounds made under smaller ones would be too low.
        weighting += "\n" + prior->key();
        for (double f : prior->factors) {
            snprintf(params, sizeof params, " %a", f);
            weighting += params;
        }
    }
    std::string key = term + "\n" + weighting;
    // Kept postings have their bounds kept beside them; the others' here.
    xc_postings::PostingsCache &kept = xc_postings::PostingsCache::shared();
    xc_postings::PostingsPtr mem = kept.find(db, term);
    if (mem) {
        if (xc_postings::BoundsPtr b = kept.find_bounds(db, term, weighting)) return b;
    } else {
        auto found = e->blocks.find(key);
        if (found != e->blocks.end()) return found->second;
    }
    // What a posting weighs before the idf, as Bm25Source weighs it.
    auto part_of = [&](Xapian::docid did, double wdf) {
        double normlen = std::max(e->lengths[did] * len_factor, p.min_normlen);
        double part = wdf / (p.k1 * (normlen * p.b + (1 - p.b)) + wdf);
        return cls && (*cls)[did] ? part * prior->factors[(*cls)[did] - 1] : part;
    };
    auto bounds = std::make_shared<xc_postings::Bounds>();
    std::vector<float> &blocks = bounds->blocks;
    blocks.assign(e->lengths.size() / kBlock + 1, 0.0f);
    xc_postings::Cursor c;
    c.start(db, term, mem);
    for (; !c.at_end(); c.advance_to(c.docid() + 1)) {
        Xapian::docid did = c.docid();
        if (did >= e->lengths.size()) return nullptr;   // a document after the lengths
        float &slot = blocks[did / kBlock];
        slot = std::max(slot, round_up(part_of(did, c.wdf())));
    }
    if (mem) {
        // The shares, rounded up until they bound what they stand for.
        bounds->shares.resize(mem->docids.size());
        for (size_t i = 0; i < mem->docids.size(); i++) {
            Xapian::docid did = mem->docids[i];
            double part = part_of(did, mem->wdf(i)), most = blocks[did / kBlock];
            unsigned q = most > 0 ? unsigned(std::ceil(part / most * 255)) : 0;
            while (q < 255 && most * (q * xc_postings::Bounds::kShareUnit) < part) q++;
            bounds->shares[i] = uint8_t(std::min(q, 255u));
        }
        kept.keep_bounds(db, term, weighting, bounds);
        return bounds;
    }
    size_t bytes = bounds->bytes() + key.size();
    if (e->block_bytes + bytes > kMaxBlockBytes) {
        e->blocks.clear();
        e->block_bytes = 0;
    }
    e->block_bytes += bytes;
    return e->blocks[key] = std::move(bounds);
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

// `stats` remembers the term's frequencies in `db`.
TermWeight term_weight(const Xapian::Database &db, const std::string &term,
                       Xapian::termcount wqf, const Bm25Params &p,
                       xc_termstats::TermStats &stats) {
    TermWeight w;
    const xc_termstats::Freqs &freqs = stats.get(db, term);
    Xapian::doccount n = db.get_doccount(), tf = freqs.termfreq;
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
    double wdf_max = freqs.wdf_upper_bound;
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

// A term weighed by a source: its weight parts, and the product of the
// OP_SCALE_WEIGHTs between it and the source's place in the query.
struct SourceTerm {
    std::string term;
    TermWeight w;
    double scale = 1.0;
};

// What a source matches: documents holding every term of one of its
// clauses (a clause of one term, or the terms of an AND), weighed by the
// sum of their terms' weights over all the clauses they match.
using SourceClause = std::vector<SourceTerm>;

// The clauses of one OR (or a single term), weighed by BM25 and walked
// together with block-max WAND. The matcher tells each next() the least
// weight a document needs to enter the results (min_wt); a document only
// clauses whose bounds sum below it match is skipped, the postings
// jumped over rather than weighed: first by each clause's bound over the
// whole index, then by its bound over the block of kBlock docids the
// document is in (LengthCache::bounds). Before the results are full
// min_wt is 0 and every document matched is returned, as Xapian's
// operators would. Xapian's OR gives each of its parts the least weight
// less the most the other parts could add, so with the parts of a query
// in separate postings lists it prunes little; here they share the bound.
class Bm25Source : public Xapian::PostingSource {
  public:
    // `outer` is the product of the scales above the source: the
    // ExternalPostList multiplies the weights by it, while the min_wt it
    // passes on is in the scaled units.
    Bm25Source(const std::vector<SourceClause> &clauses, double outer, const Bm25Params &p,
               LengthCache *cache, const PriorPtr &prior)
        : clauses_(clauses), outer_(outer), p_(p), cache_(cache), prior_(prior) {}

    Xapian::PostingSource *clone() const override {
        return new Bm25Source(clauses_, outer_, p_, cache_, prior_);
    }

    void init(const Xapian::Database &db) override {
        double max_factor = prior_ ? prior_->max_factor() : 1.0;
        double n = db.get_doccount(), est = 0, most = 0, least = 0;
        db_ = db;
        lengths_ = cache_ ? cache_->lengths(db) : nullptr;
        classes_ = prior_ && cache_ ? cache_->classes(db, *prior_) : nullptr;
        blocks_read_ = false;
        walks_.clear();
        walks_.reserve(clauses_.size());
        order_.clear();
        for (const SourceClause &clause : clauses_) {
            Walk w;
            // Xapian's estimates for an AND of independent terms.
            double c_est = n, c_most = n, c_least = 0, tf_sum = 0;
            for (const SourceTerm &t : clause) {
                Cursor c;
                // A kept list is the term's postings in this shard: its
                // length is the term's frequency there, with no lookup.
                xc_postings::PostingsPtr kept = kept_postings(db, t.term);
                Xapian::doccount tf = kept ? Xapian::doccount(kept->docids.size())
                                           : db.get_termfreq(t.term);
                c.term = &t;
                c.walk.start(db, t.term, kept);
                c.bound = t.scale * t.w.max_weight * max_factor;
                c.block_scale = t.scale * t.w.termweight;
                w.ended = w.ended || c.walk.at_end();
                w.bound += c.bound;
                w.terms.push_back(c);
                c_est = n ? c_est * tf / n : 0;
                c_most = std::min(c_most, double(tf));
                tf_sum += tf;
            }
            if (w.terms.empty() || w.ended) continue;
            c_least = std::max(0.0, tf_sum - (double(clause.size()) - 1) * n);
            walks_.push_back(std::move(w));
            est = n ? est + c_est - est * c_est / n : 0;
            most += c_most;
            least = std::max(least, c_least);
        }
        tf_min_ = Xapian::doccount(least);
        tf_est_ = Xapian::doccount(est + 0.5);
        tf_max_ = Xapian::doccount(std::min(most, n));
        for (Walk &w : walks_) {
            // Each clause on its first document.
            w.did = 0;
            move(w, 1);
            if (!w.ended) order_.push_back(&w);
        }
        current_ = 0;
        weighed_did_ = 0;
        class_its_.clear();
        if (prior_ && !classes_) {
            // Without the array, each class's postings are walked beside
            // the terms' (documents come in docid order).
            for (const std::string &t : prior_->terms) class_its_.push_back(db.postlist_begin(t));
            class_end_ = db.postlist_end(std::string());
        }
        sort_order();
        update_maxweight();
    }

    Xapian::doccount get_termfreq_min() const override { return tf_min_; }
    Xapian::doccount get_termfreq_est() const override { return tf_est_; }
    Xapian::doccount get_termfreq_max() const override { return tf_max_; }

    void next(double min_wt) override {
        // Past the current document: the clauses on it move on.
        for (Walk *w : order_) {
            if (w->did != current_) break;
            move(*w, current_ + 1);
        }
        find(min_wt);
    }

    void skip_to(Xapian::docid did, double min_wt) override {
        if (did <= current_) return;
        for (Walk *w : order_) {
            if (w->did >= did) break;
            move(*w, did);
        }
        find(min_wt);
    }

    bool at_end() const override { return order_.empty(); }
    Xapian::docid get_docid() const override { return current_; }

    double get_weight() const override {
        return weighed_did_ == current_ ? weighed_ : weight_at(current_);
    }

    // The most the clauses not run out give a document of `did`'s block,
    // their block bounds read first (for an AndSource's pruning).
    double bound_in_block(Xapian::docid did) {
        if (!blocks_read_) read_blocks();
        double sum = 0;
        for (Walk *w : order_) sum += block_bound(*w, did);
        return sum;
    }

    // The most the clauses on `did` give it, by their postings' bounds
    // (once the blocks' bounds are read: by find(), or bound_in_block()).
    double bound_at(Xapian::docid did) const {
        double sum = 0;
        for (const Walk *w : order_)
            if (w->did == did) sum += posting_bound(*w, did);
        return sum;
    }

    std::string name() const override { return "Lantern::Bm25Source"; }
    std::string get_description() const override {
        std::string d = "Bm25Source(";
        for (size_t i = 0; i < clauses_.size(); i++) {
            d += i ? " OR " : "";
            for (size_t k = 0; k < clauses_[i].size(); k++)
                d += (k ? " AND " : "") + clauses_[i][k].term;
        }
        return d + ")";
    }

  private:
    // A term's postings.
    struct Cursor {
        const SourceTerm *term = nullptr;
        xc_postings::Cursor walk;
        double bound = 0;         // the most it adds to a document's weight
        double block_scale = 0;   // scale x idf part: a block's bound x this
        xc_postings::BoundsPtr bounds;
        const float *block_data = nullptr;   // bounds' blocks (none: n_blocks 0)
        size_t n_blocks = 0;
        const uint8_t *shares = nullptr;     // bounds' shares, when walking
                                             // the arrays they were made of
    };

    // `term`'s postings if the process keeps them (xc_postings.h) and the
    // lengths are in memory too (the arrays hold none).
    xc_postings::PostingsPtr kept_postings(const Xapian::Database &db, const std::string &term) {
        if (!lengths_) return nullptr;
        xc_postings::PostingsPtr p = xc_postings::PostingsCache::shared().find(db, term);
        return p && p->docids.back() < lengths_->size() ? p : nullptr;
    }

    // A clause's terms, together at document `did`.
    struct Walk {
        std::vector<Cursor> terms;
        Xapian::docid did = 0;
        double bound = 0;
        bool ended = false;
        size_t bound_block = SIZE_MAX;   // the block block_bound() was asked
        double block_bound = 0;          // of last, and its answer
    };

    // The weight of `did`, where the clauses on it are: in the clauses'
    // order, not the docids' (a sum of doubles depends on its order, and
    // a document's weight must not depend on how the clauses came to it).
    double weight_at(Xapian::docid did) const {
        double sum = 0;
        double f = prior_ ? factor(did) : 1.0;
        for (const Walk &w : walks_) {
            if (w.ended || w.did != did) continue;
            for (const Cursor &c : w.terms) sum += c.term->scale * weight(c, f);
        }
        return sum;
    }

    // BM25 of `c`'s term in its current document, under the factor `f`.
    double weight(const Cursor &c, double f) const {
        Xapian::docid did = c.walk.docid();
        const TermWeight &w = c.term->w;
        double len = lengths_ && did < lengths_->size() ? (*lengths_)[did]
                                                         : double(c.walk.doclength());
        double normlen = std::max(len * w.len_factor, p_.min_normlen);
        double wdf = c.walk.wdf();
        double denom = p_.k1 * (normlen * p_.b + (1 - p_.b)) + wdf;
        double weight = w.termweight * (wdf / denom);
        return prior_ ? weight * f : weight;
    }

    // The block bounds of the terms, read when the results first fill
    // (min_wt > 0): a match that never prunes (a few documents checked,
    // every match counted) needs none. A term whose bounds are read is
    // one that pruning walks: its postings are kept (if the process keeps
    // any) for the sources after.
    void read_blocks() {
        blocks_read_ = true;
        if (!lengths_) return;
        for (Walk &w : walks_) {
            for (Cursor &c : w.terms) {
                if (!c.walk.in_memory())
                    xc_postings::PostingsCache::shared().find_or_read(db_, c.term->term);
                c.bounds = cache_->bounds(db_, c.term->term, prior_.get(), p_,
                                          c.term->w.len_factor);
                c.block_data = c.bounds ? c.bounds->blocks.data() : nullptr;
                c.n_blocks = c.bounds ? c.bounds->blocks.size() : 0;
                const xc_postings::Postings *mem = c.walk.postings();
                c.shares = mem && c.bounds && c.bounds->shares.size() == mem->docids.size()
                               ? c.bounds->shares.data()
                               : nullptr;
            }
            w.bound_block = SIZE_MAX;
        }
    }

    // The most `c`'s term adds to a document of block `b`.
    static double term_block_bound(const Cursor &c, size_t b) {
        return b < c.n_blocks ? c.block_data[b] * c.block_scale : c.bound;
    }

    // The most `w` adds to a document of the block of `did` (kept for
    // the block: a walk asks again and again within one).
    static double block_bound(Walk &w, Xapian::docid did) {
        size_t b = did / kBlock;
        if (b == w.bound_block) return w.block_bound;
        double sum = 0;
        for (const Cursor &c : w.terms) sum += term_block_bound(c, b);
        w.bound_block = b;
        w.block_bound = sum;
        return sum;
    }

    // The most `w` adds to its current document, `did`: its terms'
    // postings' shares of their block bounds, where they have them.
    static double posting_bound(const Walk &w, Xapian::docid did) {
        size_t b = did / kBlock;
        double sum = 0;
        for (const Cursor &c : w.terms) {
            double most = term_block_bound(c, b);
            sum += c.shares && b < c.n_blocks
                       ? most * (c.shares[c.walk.index()] * xc_postings::Bounds::kShareUnit)
                       : most;
        }
        return sum;
    }

    // Marks `w` run out; past every docid, it sorts after the others.
    static void end(Walk &w) {
        w.ended = true;
        w.did = std::numeric_limits<Xapian::docid>::max();
    }

    // Moves `w` to its first document at or after `did` that holds all its
    // terms (leapfrogging), or to its end.
    static void move(Walk &w, Xapian::docid did) {
        if (w.did >= did) return;
        if (w.terms.size() == 1) {   // most clauses: one term, no leapfrog
            xc_postings::Cursor &walk = w.terms[0].walk;
            walk.advance_to(did);
            if (walk.at_end()) end(w);
            else w.did = walk.docid();
            return;
        }
        for (;;) {
            bool together = true;
            for (Cursor &c : w.terms) {
                if (c.walk.docid() < did) {
                    c.walk.advance_to(did);
                    if (c.walk.at_end()) {
                        end(w);
                        return;
                    }
                }
                if (c.walk.docid() > did) {
                    did = c.walk.docid();
                    together = false;
                }
            }
            if (together) {
                w.did = did;
                return;
            }
        }
    }

    // The clauses that have not run out, by docid (a few: insertion); the
    // run out ones sort last (end()) and go.
    void sort_order() {
        for (size_t i = 1; i < order_.size(); i++) {
            Walk *w = order_[i];
            size_t j = i;
            while (j > 0 && order_[j - 1]->did > w->did) {
                order_[j] = order_[j - 1];
                j--;
            }
            order_[j] = w;
        }
        if (!order_.empty() && order_.back()->ended) {
            while (!order_.empty() && order_.back()->ended) order_.pop_back();
            update_maxweight();
        }
    }

    void update_maxweight() {
        double sum = 0;
        for (const Walk *w : order_) sum += w->bound;
        set_maxweight(sum);
    }

    // Settles on the first document, from where the clauses are, that
    // can weigh min_wt. The pivot is the first docid at which the bounds
    // of the clauses on or before it reach min_wt: no document before it
    // can. Within the pivot's block the clauses' bounds there are summed
    // the same way, in docid order: none of its documents before the
    // docid where they reach min_wt can either, so the clauses behind it
    // jump to it, or past the block when they never do.
    void find(double min_wt) {
        // The bounds are in the source's units; a sum of weights may pass
        // the sum of their bounds by a rounding: keep a margin.
        double need = (min_wt / outer_) * (1 - 1e-9);
        if (need <= 0) {   // every document matched: the first
            sort_order();
            if (!order_.empty()) current_ = order_[0]->did;
            return;
        }
        if (!blocks_read_) read_blocks();
        for (;;) {
            sort_order();
            size_t n = order_.size(), p = 0, q;
            if (n == 0) return;
            double reach = 0;
            for (; p < n; p++) {
                reach += order_[p]->bound;
                if (reach >= need) break;
            }
            if (p == n) {   // no document left can weigh enough
                order_.clear();
                return;
            }
            Xapian::docid pivot = order_[p]->did;
            Xapian::docid end = (pivot / kBlock + 1) * kBlock;
            reach = 0;
            for (q = 0; q < n && order_[q]->did < end; q++) {
                reach += block_bound(*order_[q], pivot);
                if (reach >= need) break;
            }
            if (q == n || order_[q]->did >= end) {
                // The blocks after it where the clauses behind `end` cannot
                // reach need either go too, up to the block of the first
                // clause past it: no other clause has a document before.
                size_t behind = 0;
                while (behind < n && order_[behind]->did < end) behind++;
                Xapian::docid stop = behind < n ? order_[behind]->did / kBlock * kBlock
                                                : std::numeric_limits<Xapian::docid>::max();
                while (end < stop && end + kBlock > end) {
                    reach = 0;
                    for (size_t i = 0; i < behind && reach < need; i++)
                        reach += block_bound(*order_[i], end);
                    if (reach >= need) break;
                    end += kBlock;
                }
                for (size_t i = 0; i < behind; i++) move(*order_[i], end);
                continue;
            }
            Xapian::docid target = std::max(pivot, order_[q]->did);
            if (order_[0]->did != target) {
                for (size_t i = 0; i < n && order_[i]->did < target; i++)
                    move(*order_[i], target);
                // Most often the clauses moved land on target. If those on
                // it now reach need in their blocks, the sort and the pivot
                // would come back to target with them in front: they are
                // weighed here instead. Otherwise the pivot goes on.
                if (block_bound_at(target) < need) continue;
            }
            if (weigh_at(target, need)) return;
        }
    }

    // The bounds in their blocks of the clauses on `did`, wherever they are
    // in the order.
    double block_bound_at(Xapian::docid did) {
        double own = 0;
        for (Walk *w : order_)
            if (w->did == did) own += block_bound(*w, did);
        return own;
    }

    // At `did`, where the clauses on it reach need in their blocks: settles
    // there when the document weighs need (the matcher asks get_weight()
    // next), else moves them past it. Their postings' bounds are checked
    // first: only a document within them is weighed.
    bool weigh_at(Xapian::docid did, double need) {
        if (bound_at(did) >= need) {
            double weight = weight_at(did);
            if (weight >= need) {
                current_ = did;
                weighed_did_ = did;
                weighed_ = weight;
                sort_order();   // next() and skip_to() take the clauses in order
                return true;
            }
        }
        for (Walk *w : order_)
            if (w->did == did) move(*w, did + 1);
        return false;
    }

    // The prior's factor for `did`; documents come in docid order.
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

    std::vector<SourceClause> clauses_;
    double outer_;
    Bm25Params p_;
    LengthCache *cache_;
    PriorPtr prior_;
    Xapian::Database db_;         // init's (a handle: init's may not last)
    bool blocks_read_ = false;
    std::vector<Walk> walks_;
    std::vector<Walk *> order_;   // the clauses left, by docid
    Xapian::doccount tf_min_ = 0, tf_max_ = 0, tf_est_ = 0;
    Xapian::docid current_ = 0;
    Xapian::docid weighed_did_ = 0;   // the document find() weighed last
    double weighed_ = 0;              // and its weight
    const std::vector<uint32_t> *lengths_ = nullptr;
    const std::vector<uint8_t> *classes_ = nullptr;
    mutable std::vector<Xapian::PostingIterator> class_its_;
    Xapian::PostingIterator class_end_;
};

// An AND of ORs (a quoted phrase's words, each in the post or its
// title): each OR a Bm25Source of its own, walked here by leapfrogging
// with block-max pruning. Under Xapian's AND each part would be given the
// weight needed less the most the other parts could add, below zero, and
// every document holding all the words would be weighed; here the blocks
// where the parts' bounds together cannot reach the results are jumped.
// A document's weight is the sum of its parts' weights in their order.
class AndSource : public Xapian::PostingSource {
  public:
    AndSource(const std::vector<std::vector<SourceClause>> &parts, double outer,
              const Bm25Params &p, LengthCache *cache, const PriorPtr &prior)
        : parts_(parts), outer_(outer), p_(p), cache_(cache), prior_(prior) {
        for (const auto &clauses : parts_)
            groups_.emplace_back(new Bm25Source(clauses, 1.0, p_, cache_, prior_));
    }

    Xapian::PostingSource *clone() const override {
        return new AndSource(parts_, outer_, p_, cache_, prior_);
    }

    void init(const Xapian::Database &db) override {
        double n = db.get_doccount(), est = 0, bound = 0;
        Xapian::doccount least = 0, most = Xapian::doccount(n);
        bool first = true;
        std::vector<double> ests;
        ended_ = false;
        current_ = 0;
        weighed_did_ = 0;
        reach_block_ = Xapian::docid(-1);
        for (auto &g : groups_) {
            g->init(db);
            g->next(0);   // on its first document
            ended_ = ended_ || g->at_end();
            bound += g->get_maxweight();
            ests.push_back(g->get_termfreq_est());
            most = std::min(most, g->get_termfreq_max());
            // Xapian's least for an AND: the parts' least, most disjoint.
            Xapian::doccount l = g->get_termfreq_min();
            if (first) least = l;
            else least = double(least) + l > n ? Xapian::doccount(double(least) + l - n) : 0;
            first = false;
        }
        // Xapian's estimate for an AND of independent parts, rarest first.
        std::sort(ests.begin(), ests.end());
        for (size_t i = 0; i < ests.size(); i++) est = i == 0 ? ests[0] : (n ? est * ests[i] / n : 0);
        tf_min_ = least;
        tf_est_ = Xapian::doccount(est + 0.5);
        tf_max_ = most;
        set_maxweight(ended_ ? 0 : bound);
    }

    Xapian::doccount get_termfreq_min() const override { return tf_min_; }
    Xapian::doccount get_termfreq_est() const override { return tf_est_; }
    Xapian::doccount get_termfreq_max() const override { return tf_max_; }

    void next(double min_wt) override {
        if (current_ != 0)
            for (auto &g : groups_)
                if (g->get_docid() == current_) g->next(0);
        find(current_ + 1, min_wt);
    }

    void skip_to(Xapian::docid did, double min_wt) override {
        if (did <= current_) return;
        find(did, min_wt);
    }

    bool at_end() const override { return ended_; }
    Xapian::docid get_docid() const override { return current_; }

    double get_weight() const override {
        return weighed_did_ == current_ ? weighed_ : weight_of_parts();
    }

    std::string name() const override { return "Lantern::AndSource"; }
    std::string get_description() const override {
        std::string d = "AndSource(";
        for (size_t i = 0; i < groups_.size(); i++)
            d += (i ? " AND " : "") + groups_[i]->get_description();
        return d + ")";
    }

  private:
    // Settles on the first document at or after `from` that every part
    // holds and whose block the parts' bounds let reach min_wt.
    void find(Xapian::docid from, double min_wt) {
        // As Bm25Source::find: the bounds in the source's units, a margin
        // for the rounding of sums.
        double need = (min_wt / outer_) * (1 - 1e-9);
        Xapian::docid did = from;
        while (!ended_) {
            if (need > 0) {
                double reach = 0;
                for (auto &g : groups_) reach += g->get_maxweight();
                if (reach < need) {   // no document left can weigh enough
                    ended_ = true;
                    return;
                }
                // The block of the next candidate, before the parts move
                // to it: a block they cannot reach is passed by them all.
                // Its bound is kept for the candidates after in the block
                // (a part running out only lowers it: still a bound).
                Xapian::docid block = did / kBlock;
                if (block != reach_block_) {
                    reach_block_ = block;
                    block_reach_ = 0;
                    for (auto &g : groups_) block_reach_ += g->bound_in_block(did);
                }
                if (block_reach_ < need) {
                    did = (block + 1) * kBlock;
                    continue;
                }
            }
            bool together = true;
            for (auto &g : groups_) {
                if (g->get_docid() < did) g->skip_to(did, 0);
                if (g->at_end()) {
                    ended_ = true;
                    return;
                }
                if (g->get_docid() > did) {
                    did = g->get_docid();
                    together = false;
                    break;
                }
            }
            if (!together) continue;
            if (need > 0) {
                // Then by the postings' own bounds, and weighed here: only
                // a document that weighs enough goes to the matcher.
                double reach = 0;
                for (auto &g : groups_) reach += g->bound_at(did);
                double weight = reach < need ? 0 : weight_of_parts();
                if (reach < need || weight < need) {
                    did++;
                    continue;
                }
                current_ = did;
                weighed_did_ = did;
                weighed_ = weight;
                return;
            }
            current_ = did;
            return;
        }
    }

    // The current document's weight: its parts', in their order.
    double weight_of_parts() const {
        double sum = 0;
        for (const auto &g : groups_) sum += g->get_weight();
        return sum;
    }

    std::vector<std::vector<SourceClause>> parts_;
    double outer_;
    Bm25Params p_;
    LengthCache *cache_;
    PriorPtr prior_;
    std::vector<std::unique_ptr<Bm25Source>> groups_;
    Xapian::docid current_ = 0;
    Xapian::docid weighed_did_ = 0;   // the document find() weighed last
    double weighed_ = 0;              // and its weight
    Xapian::docid reach_block_ = Xapian::docid(-1);   // the block find() bounded
    double block_reach_ = 0;                          // last, and its bound
    bool ended_ = false;
    Xapian::doccount tf_min_ = 0, tf_est_ = 0, tf_max_ = 0;
};

// A phrase of terms (OP_PHRASE over terms, in a weighed place): the AND
// of its terms walked and weighed by a Bm25Source, from memory where the
// postings are kept; a document it stops on is the phrase's only when the
// terms' positions there are in order within the window
// (xc_positions.h). Its weight is its terms', as Xapian weighs a phrase.
// Under a set of docids (a page's best posts weighed for evidence),
// Xapian asks check() of each: only those holding every term have their
// positions read.
class PhraseSource : public Xapian::PostingSource {
  public:
    PhraseSource(const SourceClause &terms, Xapian::termpos window, double outer,
                 const Bm25Params &p, LengthCache *cache, const PriorPtr &prior,
                 const std::shared_ptr<xc_positions::DocPositions> &read)
        : terms_(terms), window_(window), outer_(outer), p_(p), cache_(cache), prior_(prior),
          read_(read) {
        for (const SourceTerm &t : terms_) names_.push_back(t.term);
    }

    Xapian::PostingSource *clone() const override {
        return new PhraseSource(terms_, window_, outer_, p_, cache_, prior_, read_);
    }

    void init(const Xapian::Database &db) override {
        db_ = db;
        shard_ = xc_positions::shard_name(db);
        words_.reset(new Bm25Source({terms_}, outer_, p_, cache_, prior_));
        words_->init(db);
        current_ = 0;
        set_maxweight(words_->get_maxweight());
    }

    // Xapian's for a phrase: its AND's, the estimate a third of it.
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return words_->get_termfreq_est() / 3; }
    Xapian::doccount get_termfreq_max() const override { return words_->get_termfreq_max(); }

    void next(double min_wt) override {
        if (words_->get_docid() <= current_) words_->skip_to(current_ + 1, min_wt);
        settle(min_wt);
    }

    void skip_to(Xapian::docid did, double min_wt) override {
        if (did <= current_) return;
        if (words_->get_docid() < did) words_->skip_to(did, min_wt);
        settle(min_wt);
    }

    // At `did` when it holds the phrase; otherwise false, the source
    // past nothing but `did` (next() goes on from there).
    bool check(Xapian::docid did, double min_wt) override {
        if (did <= current_) return true;
        if (words_->get_docid() < did) words_->skip_to(did, min_wt);
        if (words_->at_end()) return true;   // where skip_to() would be
        current_ = did;
        return words_->get_docid() == did && in_order(did);
    }

    bool at_end() const override { return words_->at_end(); }
    Xapian::docid get_docid() const override { return current_; }
    double get_weight() const override { return words_->get_weight(); }

    std::string name() const override { return "Lantern::PhraseSource"; }
    std::string get_description() const override {
        std::string d = "PhraseSource(";
        for (size_t i = 0; i < names_.size(); i++) d += (i ? " " : "") + names_[i];
        return d + " within " + std::to_string(window_) + ")";
    }

  private:
    // On the first document from where the words are that holds the phrase.
    void settle(double min_wt) {
        while (!words_->at_end() && !in_order(words_->get_docid())) words_->next(min_wt);
        if (!words_->at_end()) current_ = words_->get_docid();
    }

    bool in_order(Xapian::docid did) {
        read_->read(db_, shard_, did, names_, &positions_);
        return xc_positions::in_order_within(positions_, window_);
    }

    SourceClause terms_;
    std::vector<std::string> names_;   // the terms, in the phrase's order
    Xapian::termpos window_;
    double outer_;
    Bm25Params p_;
    LengthCache *cache_;
    PriorPtr prior_;
    std::shared_ptr<xc_positions::DocPositions> read_;   // the query's phrases'
    Xapian::Database db_;   // init's (a handle: init's may not last)
    std::string shard_;     // its name for read_
    std::unique_ptr<Bm25Source> words_;
    Xapian::docid current_ = 0;
    xc_positions::Lists positions_;   // reused from document to document
};

struct Builder {
    const Xapian::Database &db;
    LengthCache *cache;   // null: lengths and classes looked up
    xc_termstats::TermStats &stats;
    const Bm25Params &p;
    // The positions the query's phrases read, shared among them.
    std::shared_ptr<xc_positions::DocPositions> positions;

    SourceTerm term(const QueryShape &s, double scale) {
        return SourceTerm{s.term, term_weight(db, s.term, s.wqf, p, stats), scale};
    }

    Xapian::Query source(const std::vector<SourceClause> &clauses, double outer,
                         const PriorPtr &prior) {
        Xapian::PostingSource *src = new Bm25Source(clauses, outer, p, cache, prior);
        // release() hands the source to the query's reference counting.
        return Xapian::Query(src->release());
    }

    // What Xapian weighs as built, under `prior` when there is one.
    static Xapian::Query as_built(const QueryShape &s, const PriorPtr &prior) {
        return prior ? xc_prior::prior_query(s.query, *prior) : s.query;
    }

    // What `s` weighs under its scales, their product into *scale.
    static const QueryShape *unscaled(const Shape &s, double *scale) {
        const QueryShape *q = s.get();
        *scale = 1.0;
        while (q && q->kind == QueryShape::SCALE && q->weighable) {
            *scale *= q->factor;
            q = q->subs[0].get();
        }
        return q;
    }

    // A weighed term, or one under scales: the term, its scale into *scale.
    static const QueryShape *scaled_term(const Shape &s, double *scale) {
        const QueryShape *q = unscaled(s, scale);
        return q && q->kind == QueryShape::TERM && q->weighable ? q : nullptr;
    }

    // The parts of an OR under `scale` that its source takes in: terms,
    // ANDs of terms and ORs of these (an OR's weight is the sum of its
    // parts', nested or not), each under its scales; the others, weighed
    // on their own, into `others`.
    void gather_or(const QueryShape &s, double scale, const PriorPtr &prior, double outer,
                   std::vector<SourceClause> &clauses, std::vector<Xapian::Query> &others) {
        for (const Shape &sub : s.subs) {
            double f;
            const QueryShape *q = unscaled(sub, &f);
            const QueryShape *t = q && q->kind == QueryShape::TERM && q->weighable ? q : nullptr;
            if (t) {
                clauses.push_back({term(*t, scale * f)});
                continue;
            }
            if (q && q->kind == QueryShape::OP && q->op == Xapian::Query::OP_OR && q->weighable) {
                gather_or(*q, scale * f, prior, outer, clauses, others);
                continue;
            }
            if (q && q->kind == QueryShape::OP && q->op == Xapian::Query::OP_AND && q->weighable) {
                SourceClause clause;
                for (const Shape &part : q->subs) {
                    double g;
                    const QueryShape *pt = scaled_term(part, &g);
                    if (!pt) break;
                    clause.push_back(term(*pt, scale * f * g));
                }
                if (clause.size() == q->subs.size()) {
                    clauses.push_back(std::move(clause));
                    continue;
                }
            }
            Xapian::Query alone = weighed(sub, prior, outer * scale);
            others.push_back(scale == 1.0 ? alone
                                          : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, alone,
                                                          scale));
        }
    }

    // An AND whose parts are each a term or an OR of terms (under scales)
    // as one AndSource, into *out; false for any other AND.
    bool and_of_ors(const QueryShape &s, const PriorPtr &prior, double outer,
                    Xapian::Query *out) {
        std::vector<std::vector<SourceClause>> parts;
        if (s.subs.size() < 2) return false;
        for (const Shape &sub : s.subs) {
            double f, g;
            const QueryShape *q = unscaled(sub, &f), *t = scaled_term(sub, &g);
            std::vector<SourceClause> clauses;
            if (t) {
                clauses.push_back({term(*t, g)});
            } else if (q && q->kind == QueryShape::OP && q->op == Xapian::Query::OP_OR &&
                       q->weighable) {
                for (const Shape &alt : q->subs) {
                    const QueryShape *at = scaled_term(alt, &g);
                    if (!at) return false;
                    clauses.push_back({term(*at, f * g)});
                }
            } else {
                return false;
            }
            parts.push_back(std::move(clauses));
        }
        Xapian::PostingSource *src = new AndSource(parts, outer, p, cache, prior);
        // release() hands the source to the query's reference counting.
        *out = Xapian::Query(src->release());
        return true;
    }

    // A phrase of two or more terms (no scales between) as a
    // PhraseSource, into *out; false for any other phrase.
    bool phrase(const QueryShape &s, const PriorPtr &prior, double outer, Xapian::Query *out) {
        SourceClause terms;
        if (s.subs.size() < 2) return false;
        for (const Shape &sub : s.subs) {
            if (!sub || sub->kind != QueryShape::TERM) return false;
            terms.push_back(term(*sub, 1.0));
        }
        // Xapian's window for none given: the number of terms.
        Xapian::termpos window = s.window ? s.window : Xapian::termpos(s.subs.size());
        if (!positions) positions = std::make_shared<xc_positions::DocPositions>();
        Xapian::PostingSource *src =
            new PhraseSource(terms, window, outer, p, cache, prior, positions);
        // release() hands the source to the query's reference counting.
        *out = Xapian::Query(src->release());
        return true;
    }

    // An OR's terms and ANDs of terms in one source, beside its other parts.
    Xapian::Query weighed_or(const QueryShape &s, const PriorPtr &prior, double outer) {
        std::vector<SourceClause> clauses;
        std::vector<Xapian::Query> subs;
        gather_or(s, 1.0, prior, outer, clauses, subs);
        if (!clauses.empty()) subs.push_back(source(clauses, outer, prior));
        return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
    }

    // `s` matched without weight: as built, but for its sets of docids,
    // and, where the lengths are in memory (a searcher that keeps things),
    // its terms walked over their kept postings (xc_filter_term.h).
    Xapian::Query unweighed(const Shape &s) { return unweighed_in(s, cache != nullptr); }

    // As unweighed(), its terms from memory when `kept`: not under a
    // phrase or NEAR, which read the terms' positions.
    static Xapian::Query unweighed_in(const Shape &s, bool kept) {
        if (!s) return Xapian::Query();
        if (kept && s->kind == QueryShape::TERM) return xc_filter_term::filter_term_query(s->term);
        if (!s->has_docids && !(kept && s->kind == QueryShape::OP && set_op(s->op)))
            return s->query;
        std::vector<Xapian::Query> subs;
        switch (s->kind) {
        case QueryShape::DOCIDS:
            return s->local;
        case QueryShape::OP:
            for (const Shape &sub : s->subs) subs.push_back(unweighed_in(sub, kept && set_op(s->op)));
            return Xapian::Query(s->op, subs.begin(), subs.end(), s->window);
        case QueryShape::SCALE:
            return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, unweighed_in(s->subs[0], kept),
                                 s->factor);
        default:   // a prior over what weighs nothing changes nothing
            return s->kind == QueryShape::PRIOR ? unweighed_in(s->subs[0], kept) : s->query;
        }
    }

    // An operator whose parts match as sets: its terms may come from
    // anywhere that lists their documents.
    static bool set_op(Xapian::Query::op op) {
        switch (op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
            return true;
        default:
            return false;
        }
    }

    // `s` in a weighed place, under `prior` (may be null) and the scales
    // `outer`: its terms become sources; what is matched without weight (a
    // filter's right side, what AND_NOT removes, the terms of phrases)
    // stays as built, but for its sets of docids.
    Xapian::Query weighed(const Shape &s, const PriorPtr &prior, double outer) {
        if (!s || !s->weighable) return unweighed(s);
        switch (s->kind) {
        case QueryShape::TERM:
            return source({{term(*s, 1.0)}}, outer, prior);
        case QueryShape::SCALE:
            return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                 weighed(s->subs[0], prior, outer * s->factor), s->factor);
        case QueryShape::PRIOR:
            // One prior at a time: an inner one is left to Xapian.
            return prior ? as_built(*s, prior) : weighed(s->subs[0], s->prior, outer);
        case QueryShape::OP:
            break;
        case QueryShape::DOCIDS:
        case QueryShape::OTHER:
            return as_built(*s, prior);
        }
        std::vector<Xapian::Query> subs;
        subs.reserve(s->subs.size());
        switch (s->op) {
        case Xapian::Query::OP_OR:
            return weighed_or(*s, prior, outer);
        case Xapian::Query::OP_AND:
            if (Xapian::Query q; and_of_ors(*s, prior, outer, &q)) return q;
            [[fallthrough]];   // another AND: Xapian's, of the parts weighed
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_MAX:
            for (const Shape &sub : s->subs) subs.push_back(weighed(sub, prior, outer));
            break;
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            for (size_t i = 0; i < s->subs.size(); i++)
                subs.push_back(i == 0 ? weighed(s->subs[i], prior, outer) : unweighed(s->subs[i]));
            break;
        case Xapian::Query::OP_PHRASE:
            if (Xapian::Query q; phrase(*s, prior, outer, &q)) return q;
            return as_built(*s, prior);
        default:   // NEAR, SYNONYM, phrases of more than terms: weighed by
                   // Xapian as built
            return as_built(*s, prior);
        }
        return Xapian::Query(s->op, subs.begin(), subs.end(), s->window);
    }
};

}  // namespace

Xapian::Query with_cached_lengths(const Shape &shape, const Xapian::Database &db,
                                  LengthCache *cache, xc_termstats::TermStats &stats,
                                  const Bm25Params &p) {
    if (!shape) return Xapian::Query();
    if (p.k2 != 0) return shape->query;
    Builder b{db, cache, stats, p, nullptr};
    return b.weighed(shape, nullptr, 1.0);
}

}  // namespace xc_lengths
