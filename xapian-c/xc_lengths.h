// xc_lengths.h — BM25 with document lengths read from memory (C++ only,
// inside the shim).
//
// Why: at a million posts, over three quarters of a query's time went to
// Xapian reading document lengths. BM25 needs each candidate's length;
// glass keeps them in one posting list over every document, and a lookup
// decodes that list from its chunk's start up to the document, so a query
// whose terms are common decodes nearly all of it, every time. Read once
// into an array per database revision, a length is one load.
//
// How: xc_query remembers how it was built (QueryShape). Before matching,
// the terms in weighed places become Bm25Sources: PostingSources that walk
// the terms' postings and weigh them with Xapian's BM25 formula, its
// collection statistics and its bounds, taking lengths from the array.
// The scores are those of Xapian's BM25 up to the rounding of a sum of
// doubles. Under a prior (xc_prior.h) each source multiplies its weights
// by its document's factor, the classes read once per revision like the
// lengths, where Xapian's operators would walk the query once per class.
//
// Pruning: an OR's terms, ANDs of terms and nested ORs go into one source
// (its clauses), which walks them with block-max WAND: documents that
// cannot weigh what the matcher's results already need are jumped over,
// by the clauses' bounds over the whole index and over blocks of kBlock
// docids (LengthCache::bounds, read from a term's postings once per
// revision). Where the term's postings are kept in memory, each posting
// has its share of its block's bound too, in a byte: a document is
// weighed (its length loaded, the one slow step) only when its postings'
// shares reach what the results need; with block bounds alone, a common
// word had a hundred documents weighed for each it gave. Xapian 1.4's OR gives each part the weight needed less the
// most the other parts could add, which with a query's words, title words
// and phrase pairs in separate parts is below zero: at a million posts it
// weighed nearly every document of every word. The best documents and
// their scores are those of weighing every document (tests/test_pruning.c).
// An AND whose parts are terms or ORs of terms (a quoted phrase's words,
// each in the post or its title) is one AndSource: a Bm25Source per part,
// leapfrogged, the blocks where the parts' bounds cannot reach the results
// jumped (Xapian's AND gives its parts no threshold they could prune by).
// A phrase of terms in a weighed place (the evidence of a query's word
// pairs) is a PhraseSource: its AND walked as above, positions read only
// where every term is (xc_positions.h), and no statistics or posting
// lists looked up in the index for it, as Xapian's phrase matching does
// for every query.
#ifndef LANTERN_XC_LENGTHS_H
#define LANTERN_XC_LENGTHS_H

#include <xapian.h>

#include "xc_postings.h"
#include "xc_prior.h"
#include "xc_termstats.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace xc_lengths {

// How an xc_query was built, enough to build it again with Bm25Sources.
struct QueryShape {
    enum Kind { TERM, OP, SCALE, PRIOR, DOCIDS, OTHER } kind = OTHER;
    Xapian::Query query;                 // the query as built
    Xapian::Query local;                 // DOCIDS: the same documents by
                                         // docid (xc_docids.h)
    std::string term;                    // TERM
    Xapian::termcount wqf = 1;           // TERM
    Xapian::Query::op op = Xapian::Query::OP_OR;   // OP
    unsigned window = 0;                 // OP
    double factor = 1.0;                 // SCALE
    std::shared_ptr<const xc_prior::Prior> prior;           // PRIOR
    std::vector<std::shared_ptr<const QueryShape>> subs;   // OP, SCALE, PRIOR
    bool weighable = false;              // a TERM (or what Xapian weighs
                                         // as built: OTHER) somewhere below
    bool has_prior = false;              // a PRIOR here or below
    bool has_docids = false;             // a DOCIDS here or below
};
using Shape = std::shared_ptr<const QueryShape>;

Shape shape_term(const Xapian::Query &q, const std::string &term, Xapian::termcount wqf);
Shape shape_op(const Xapian::Query &q, Xapian::Query::op op, unsigned window,
               const std::vector<Shape> &subs);
Shape shape_scale(const Xapian::Query &q, double factor, const Shape &sub);
Shape shape_prior(const Xapian::Query &q, const std::shared_ptr<const xc_prior::Prior> &prior,
                  const Shape &sub);
Shape shape_other(const Xapian::Query &q);
// `q` (matched without weight) and `local`, the same documents by docid:
// matched as `local` wherever the query is rebuilt with sources.
Shape shape_docids(const Xapian::Query &q, const Xapian::Query &local);

struct Bm25Params {
    double k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5;
};

// Documents a block of the weight bounds spans: docids [n*kBlock, (n+1)*kBlock).
// Narrower blocks bound tighter and pass more, at 4 bytes a block a term:
// over the benchmark's mix at a million posts, 64 took 7% fewer
// instructions than 128, 32 barely fewer than 64, 16 more (the arrays
// outgrow the caches).
constexpr Xapian::docid kBlock = 64;

// The lengths of each database's documents by docid, read once per
// revision. One per xc_database: not shared between threads.
class LengthCache {
  public:
    // The lengths of `db` (one database, not several), by docid; nullptr
    // when it cannot tell its revision, or when its docids run past twice
    // its documents (a much re-indexed database). Valid until the next call.
    const std::vector<uint32_t> *lengths(const Xapian::Database &db);
    // The class of each of `db`'s documents under `prior` (1 + the index
    // of its class in prior.terms, 0 for none), by docid; nullptr where
    // lengths() gives nullptr. Valid until the next call.
    const std::vector<uint8_t> *classes(const Xapian::Database &db,
                                        const xc_prior::Prior &prior);
    // For each block of kBlock docids of `db`, the most that `term`'s BM25
    // can give one of its documents there, before the term's idf and the
    // query's scales: wdf / (k1 (normlen b + 1 - b) + wdf), times the
    // document's factor under `prior` (may be null). `len_factor` is one
    // over the average length of the whole collection searched. Read from
    // the term's postings at its first use in a revision and kept (up to
    // a bound on memory); nullptr where lengths() gives nullptr. When the
    // process keeps the term's postings (xc_postings.h), each posting's
    // share of its block's bound too, kept there beside them for every
    // thread; otherwise here, blocks only.
    xc_postings::BoundsPtr bounds(const Xapian::Database &db, const std::string &term,
                                  const xc_prior::Prior *prior, const Bm25Params &p,
                                  double len_factor);

  private:
    struct Entry {
        Xapian::rev revision = 0;
        std::vector<uint32_t> lengths;
        // By prior (Prior::key()): a source keeps pointing at its own
        // prior's array while another prior's is read.
        std::map<std::string, std::vector<uint8_t>> classes;
        // By term, prior and parameters; sources hold on to theirs when
        // the map is emptied to stay within its bound.
        std::map<std::string, xc_postings::BoundsPtr> blocks;
        size_t block_bytes = 0;
    };
    Entry *entry(const Xapian::Database &db);
    std::map<std::string, Entry> by_uuid_;
};

// `shape` with its weighed terms as Bm25Sources, and its sets of docids
// as DocidSources, over `db`'s statistics (terms' frequencies remembered
// in `stats`, the database handle's);
// lengths from `cache`, or looked up as Xapian does when it is null (a
// prior then still costs one walk of the query, not one per class).
// Parameters with k2 != 0 (whose extra part needs each length again) are
// not handled: the query is returned as built.
Xapian::Query with_cached_lengths(const Shape &shape, const Xapian::Database &db,
                                  LengthCache *cache, xc_termstats::TermStats &stats,
                                  const Bm25Params &p);

}  // namespace xc_lengths

#endif
