// xc.cc — the C API of xc.h over libxapian 1.4.
//
// Every extern "C" function is one try block whose catch calls
// translate_exception(), which turns Xapian::Error, std::bad_alloc and
// anything else into an xc_status and a message. Handles are thin structs
// around the Xapian objects; Xapian's own reference counting keeps shared
// internals alive.

#include "xc.h"
#include "xc_docids.h"
#include "xc_lengths.h"
#include "xc_postings.h"
#include "xc_prior.h"
#include "xc_terms_of.h"
#include "xc_values.h"

#include <xapian.h>
#include <libstemmer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <string>
#include <vector>

struct xc_database {
    Xapian::Database db;
    std::vector<std::string> paths;   // as opened, for xc_database_revision
    // Documents' lengths kept in memory for BM25 (xc_lengths.h), when the
    // owner asked for it and every shard is local.
    bool cache_lengths = false;
    bool has_remote = false;
    xc_lengths::LengthCache lengths;
    xc_termstats::TermStats term_stats;   // frequencies, suggestions: until a reopen moves
};
struct xc_writable {
    Xapian::WritableDatabase db;
    bool in_transaction = false;
};
struct xc_document { Xapian::Document doc; std::string data; std::string value; };
struct xc_termgen { Xapian::TermGenerator tg; };
struct xc_queryparser { Xapian::QueryParser qp; };
struct xc_query {
    Xapian::Query q;
    xc_lengths::Shape shape;   // how q was built
};
struct xc_enquire {
    Xapian::Enquire enq;
    xc_database *db;
    Xapian::Query query;            // as set, for matching terms
    xc_lengths::Shape shape;
    xc_lengths::Bm25Params bm25;
    bool bm25_set = false;
    bool boolean = false;   // set_boolean: matched, not weighed
    bool query_weighed = false;     // enq holds the query with Bm25Sources
    // The query as set, for matching terms while enq holds the sources
    // (which have no terms); made at the first call, once per query.
    std::unique_ptr<Xapian::Enquire> terms;
    xc_enquire(xc_database *d) : enq(d->db), db(d) {}
};
struct xc_mset {
    explicit xc_mset(Xapian::MSet m) : mset(std::move(m)) {}
    Xapian::MSet mset;
    std::string key;
    // One slot's values of every item, read at once (xc_mset_read_values).
    std::vector<std::string> values;
    unsigned values_slot = 0;
    bool has_values = false;
};

namespace {

// Snowball English from libstemmer, so that the C side (which stems words
// for highlighting with the same library) and Xapian agree on every stem.
// An sb_stemmer is not thread-safe; each Xapian::Stem made here owns one.
class LibstemmerEnglish : public Xapian::StemImplementation {
    sb_stemmer *stemmer_;
  public:
    LibstemmerEnglish() : stemmer_(sb_stemmer_new("english", "UTF_8")) {
        if (!stemmer_) throw std::bad_alloc();
    }
    ~LibstemmerEnglish() override { sb_stemmer_delete(stemmer_); }
    LibstemmerEnglish(const LibstemmerEnglish &) = delete;
    LibstemmerEnglish &operator=(const LibstemmerEnglish &) = delete;

    std::string operator()(const std::string &word) override {
        const sb_symbol *s = sb_stemmer_stem(
            stemmer_, reinterpret_cast<const sb_symbol *>(word.data()),
            static_cast<int>(word.size()));
        if (!s) throw std::bad_alloc();
        return std::string(reinterpret_cast<const char *>(s),
                           static_cast<size_t>(sb_stemmer_length(stemmer_)));
    }
    std::string get_description() const override {
        return "libstemmer-english";
    }
};

Xapian::Stem make_stemmer() {
    // Xapian::Stem takes ownership through its intrusive reference count.
    return Xapian::Stem(new LibstemmerEnglish());
}

void set_error(xc_error *err, xc_status status, const std::string &msg) {
    if (!err) return;
    err->status = status;
    std::snprintf(err->message, sizeof err->message, "%s", msg.c_str());
}

// Called inside a catch block: rethrows to find out what was thrown.
xc_status translate_exception(xc_error *err) {
    xc_status status = XC_ERR_UNKNOWN;
    std::string msg;
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        status = XC_ERR_LOCKED; msg = e.get_msg();
    } catch (const Xapian::DatabaseNotFoundError &e) {
        status = XC_ERR_NOT_FOUND; msg = e.get_msg();
    } catch (const Xapian::DatabaseModifiedError &e) {
        status = XC_ERR_MODIFIED; msg = e.get_msg();
    } catch (const Xapian::DatabaseCorruptError &e) {
        status = XC_ERR_CORRUPT; msg = e.get_msg();
    } catch (const Xapian::DatabaseOpeningError &e) {
        status = XC_ERR_OPENING; msg = e.get_msg();
    } catch (const Xapian::DocNotFoundError &e) {
        status = XC_ERR_NOT_FOUND; msg = e.get_msg();
    } catch (const Xapian::QueryParserError &e) {
        status = XC_ERR_QUERY; msg = e.get_msg();
    } catch (const Xapian::InvalidArgumentError &e) {
        status = XC_ERR_INVALID; msg = e.get_msg();
    } catch (const Xapian::Error &e) {
        status = XC_ERR_XAPIAN;
        msg = std::string(e.get_type()) + ": " + e.get_msg();
    } catch (const std::bad_alloc &) {
        status = XC_ERR_NOMEM; msg = "out of memory";
    } catch (const std::exception &e) {
        status = XC_ERR_UNKNOWN; msg = e.what();
    } catch (...) {
        status = XC_ERR_UNKNOWN; msg = "unknown exception";
    }
    set_error(err, status, msg);
    return status;
}

xc_status invalid(xc_error *err, const char *what) {
    set_error(err, XC_ERR_INVALID, what);
    return XC_ERR_INVALID;
}

xc_status ok(xc_error *err) {
    if (err) { err->status = XC_OK; err->message[0] = '\0'; }
    return XC_OK;
}

Xapian::Query::op to_xapian_op(xc_op op) {
    switch (op) {
    case XC_OP_AND: return Xapian::Query::OP_AND;
    case XC_OP_OR: return Xapian::Query::OP_OR;
    case XC_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case XC_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case XC_OP_FILTER: return Xapian::Query::OP_FILTER;
    case XC_OP_NEAR: return Xapian::Query::OP_NEAR;
    case XC_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case XC_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    case XC_OP_MAX: return Xapian::Query::OP_MAX;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

char *dup_string(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

std::string with_path(const char *path, const Xapian::Error &e) {
    std::string m = e.get_msg();
    if (m.find(path) == std::string::npos) m = std::string(path) + ": " + m;
    return m;
}

int call_terms(Xapian::TermIterator it, Xapian::TermIterator end,
               xc_term_fn fn, void *ctx, bool with_wdf) {
    for (; it != end; ++it) {
        const std::string &t = *it;
        if (fn(ctx, t.data(), t.size(), with_wdf ? it.get_wdf() : 0)) return 1;
    }
    return 0;
}

void call_postings(const Xapian::Database &db, const char *term,
                   xc_docid_fn fn, void *ctx) {
    for (Xapian::PostingIterator it = db.postlist_begin(term);
         it != db.postlist_end(term); ++it) {
        if (fn(ctx, *it)) break;
    }
}

// Each term starting with `prefix`, with its document frequency.
void call_allterms(const Xapian::Database &db, const char *prefix, xc_term_fn fn,
                   void *ctx) {
    for (Xapian::TermIterator it = db.allterms_begin(prefix); it != db.allterms_end(prefix);
         ++it) {
        const std::string &t = *it;
        if (fn(ctx, t.data(), t.size(), it.get_termfreq())) break;
    }
}

const char FLUSH_VARIABLE[] = "XAPIAN_FLUSH_THRESHOLD";

// Sets the flush threshold in the environment for as long as it lives,
// then puts back what was there. One at a time: the environment is the
// process's.
class FlushThresholdScope {
  public:
    explicit FlushThresholdScope(uint32_t docs) : active_(docs != 0) {
        if (!active_) return;
        const char *old = getenv(FLUSH_VARIABLE);
        had_old_ = old != nullptr;
        if (had_old_) old_ = old;
        setenv(FLUSH_VARIABLE, std::to_string(docs).c_str(), 1);
    }
    ~FlushThresholdScope() {
        if (!active_) return;
        if (had_old_) setenv(FLUSH_VARIABLE, old_.c_str(), 1);
        else unsetenv(FLUSH_VARIABLE);
    }
    FlushThresholdScope(const FlushThresholdScope &) = delete;
    FlushThresholdScope &operator=(const FlushThresholdScope &) = delete;

  private:
    bool active_;
    bool had_old_ = false;
    std::string old_;
};

std::mutex flush_variable_lock;

} // namespace

extern "C" {

const char *xc_status_name(xc_status status) {
    switch (status) {
    case XC_OK: return "ok";
    case XC_ERR_NOMEM: return "out of memory";
    case XC_ERR_NOT_FOUND: return "not found";
    case XC_ERR_LOCKED: return "locked";
    case XC_ERR_QUERY: return "query syntax";
    case XC_ERR_MODIFIED: return "database modified";
    case XC_ERR_CORRUPT: return "database corrupt";
    case XC_ERR_OPENING: return "cannot open database";
    case XC_ERR_INVALID: return "invalid argument";
    case XC_ERR_XAPIAN: return "xapian error";
    case XC_ERR_UNKNOWN: return "unknown error";
    }
    return "unknown error";
}

/* ---- Read-only databases ---- */

xc_status xc_database_open(const char *const *paths, size_t n_paths,
                           xc_database **out, xc_error *err) {
    *out = nullptr;
    if (n_paths == 0) return invalid(err, "no database path given");
    xc_database *h = nullptr;
    try {
        h = new xc_database();
        for (size_t i = 0; i < n_paths; i++) {
            if (!paths[i]) throw Xapian::InvalidArgumentError("null path");
            // Say which shard failed: Xapian's message alone may not.
            try {
                h->db.add_database(Xapian::Database(paths[i]));
                h->paths.push_back(paths[i]);
            } catch (const Xapian::DatabaseNotFoundError &e) {
                throw Xapian::DatabaseNotFoundError(with_path(paths[i], e));
            } catch (const Xapian::DatabaseCorruptError &e) {
                throw Xapian::DatabaseCorruptError(with_path(paths[i], e));
            } catch (const Xapian::DatabaseOpeningError &e) {
                throw Xapian::DatabaseOpeningError(with_path(paths[i], e));
            }
        }
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

void xc_database_free(xc_database *db) { delete db; }

void xc_database_cache_lengths(xc_database *db, int on) { db->cache_lengths = on != 0; }

void xc_postings_cache_budget(size_t bytes) {
    xc_postings::PostingsCache::shared().set_budget(bytes);
}

size_t xc_postings_cache_bytes(void) { return xc_postings::PostingsCache::shared().bytes(); }

xc_status xc_database_reopen(xc_database *db, int *changed, xc_error *err) {
    try {
        // Kept when no shard moved (Xapian says so for certain with false):
        // the daemon reopens every second, and emptying the memo each time
        // had every thread look its words' frequencies up again.
        bool c = db->db.reopen();
        if (c) db->term_stats.clear();
        if (changed) *changed = c ? 1 : 0;
        return ok(err);
    } catch (...) {
        db->term_stats.clear();   // a reopen that throws may have moved some shards
        return translate_exception(err);
    }
}

namespace {

// Adds to `sum` the revisions of the databases `path` stands for: itself,
// or those its stub file lists (a folder's XAPIANDB, or the file itself:
// "auto|glass|chert|honey PATH" lines, PATH relative to the stub). Xapian
// 1.4 gives no revision for a stub of several databases, so each is opened
// on its own. False when one cannot be read that way (a remote shard), or
// past `budget` databases in all (a hostile stub listing itself again and
// again would otherwise have us open it without end).
bool add_revisions(const std::string &path, int depth, int &budget, uint64_t &sum) {
    if (--budget < 0) return false;
    // A folder with a stub (a sharded Lantern index) is read as its stub
    // at once: opening it whole would open every shard only to be refused.
    std::string dir = path;
    std::ifstream in(path + "/XAPIANDB");
    if (!in) {
        try {
            sum += Xapian::Database(path).get_revision();
            return true;
        } catch (const Xapian::InvalidOperationError &) {
            // A stub file of several databases: read it below.
        }
        in.open(path);
        std::string::size_type slash = path.rfind('/');
        dir = slash == std::string::npos ? "." : path.substr(0, slash);
    }
    if (!in || depth >= 4) return false;   // stubs of stubs of …: not ours
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string type, target;
        if (!(words >> type) || type[0] == '#') continue;
        if (type != "auto" && type != "glass" && type != "chert" && type != "honey") return false;
        if (!(words >> target)) return false;
        if (target[0] != '/') target = dir + "/" + target;
        if (!add_revisions(target, depth + 1, budget, sum)) return false;
    }
    return true;
}

}  // namespace

xc_status xc_database_stats_get(xc_database *db, xc_database_stats *out,
                                xc_error *err) {
    try {
        out->doc_count = db->db.get_doccount();
        out->last_docid = db->db.get_lastdocid();
        out->avg_length = db->db.get_avlength();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_revision(xc_database *db, uint64_t *out, xc_error *err) {
    try {
        uint64_t sum = 0;
        bool known = true;
        int budget = 1024;   // databases opened at most; Lantern writes a few
        for (const std::string &path : db->paths) known = known && add_revisions(path, 0, budget, sum);
        *out = known ? sum : 0;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_get_document(xc_database *db, xc_docid docid,
                                   xc_document **out, xc_error *err) {
    *out = nullptr;
    xc_document *h = nullptr;
    try {
        h = new xc_document();
        h->doc = db->db.get_document(docid);
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

xc_status xc_database_term_freq(xc_database *db, const char *term,
                                uint32_t *out, xc_error *err) {
    try {
        *out = db->term_stats.get(db->db, term).termfreq;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_postings(xc_database *db, const char *term,
                               xc_docid_fn fn, void *ctx, xc_error *err) {
    try {
        call_postings(db->db, term, fn, ctx);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_synonyms(xc_database *db, const char *term,
                               xc_term_fn fn, void *ctx, xc_error *err) {
    try {
        call_terms(db->db.synonyms_begin(term), db->db.synonyms_end(term),
                   fn, ctx, false);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_allterms(xc_database *db, const char *prefix,
                               xc_term_fn fn, void *ctx, xc_error *err) {
    try {
        call_allterms(db->db, prefix, fn, ctx);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_spellings(xc_database *db, const char *prefix, xc_term_fn fn,
                                void *ctx, xc_error *err) {
    try {
        std::string p(prefix);
        Xapian::TermIterator it = db->db.spellings_begin();
        it.skip_to(p);
        for (; it != db->db.spellings_end(); ++it) {
            const std::string &w = *it;
            if (w.compare(0, p.size(), p) != 0) break;
            if (fn(ctx, w.data(), w.size(), it.get_termfreq())) break;
        }
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_synonym_keys(xc_database *db, xc_term_fn fn, void *ctx,
                                   xc_error *err) {
    try {
        call_terms(db->db.synonym_keys_begin(), db->db.synonym_keys_end(), fn, ctx, false);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_spelling(xc_database *db, const char *word,
                               unsigned max_edit, char **out, xc_error *err) {
    *out = nullptr;
    try {
        const std::string &s = db->term_stats.suggestion(db->db, word, max_edit);
        if (!s.empty()) *out = dup_string(s);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_database_get_metadata(xc_database *db, const char *key,
                                   char **out, xc_error *err) {
    *out = nullptr;
    try {
        *out = dup_string(db->db.get_metadata(key));
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

/* ---- The writer ---- */

xc_status xc_writable_open(const char *path, int flags, xc_writable **out,
                           xc_error *err) {
    return xc_writable_open_flushing(path, flags, 0, out, err);
}

xc_status xc_writable_open_flushing(const char *path, int flags, uint32_t flush_docs,
                                    xc_writable **out, xc_error *err) {
    *out = nullptr;
    xc_writable *h = nullptr;
    try {
        int action = (flags & XC_WRITABLE_CREATE) ? Xapian::DB_CREATE_OR_OPEN
                                                  : Xapian::DB_OPEN;
        if (flags & XC_WRITABLE_RETRY_LOCK) action |= Xapian::DB_RETRY_LOCK;
        if (flags & XC_WRITABLE_NO_SYNC) action |= Xapian::DB_NO_SYNC;
        h = new xc_writable();
        {
            std::lock_guard<std::mutex> hold(flush_variable_lock);
            FlushThresholdScope threshold(flush_docs);
            h->db = Xapian::WritableDatabase(path, action);
        }
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

void xc_writable_free(xc_writable *w) {
    if (!w) return;
    try {
        if (w->in_transaction) w->db.cancel_transaction();
        w->db.close();
    } catch (...) {
        // Nothing useful can be reported from a destructor; the caller
        // that cares commits (and sees errors) before freeing.
    }
    delete w;
}

xc_status xc_writable_doc_count(xc_writable *w, uint32_t *out, xc_error *err) {
    try {
        *out = w->db.get_doccount();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_replace(xc_writable *w, const char *unique_term,
                              xc_document *doc, xc_docid *docid_out,
                              xc_error *err) {
    try {
        xc_docid id = w->db.replace_document(unique_term, doc->doc);
        if (docid_out) *docid_out = id;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_add(xc_writable *w, xc_document *doc, xc_docid *docid_out,
                          xc_error *err) {
    try {
        xc_docid id = w->db.add_document(doc->doc);
        if (docid_out) *docid_out = id;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_delete(xc_writable *w, xc_docid docid, xc_error *err) {
    try {
        w->db.delete_document(docid);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_get_document(xc_writable *w, xc_docid docid,
                                   xc_document **out, xc_error *err) {
    *out = nullptr;
    xc_document *h = nullptr;
    try {
        h = new xc_document();
        h->doc = w->db.get_document(docid);
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

xc_status xc_writable_postings(xc_writable *w, const char *term,
                               xc_docid_fn fn, void *ctx, xc_error *err) {
    try {
        // Opening a postlist on a writable glass database first writes
        // every pending position list of the open batch into the B-tree
        // (GlassWritableDatabase::open_post_list). Asked once per thread to
        // find its old documents, that made each batch's positions go to
        // disk thread by thread, out of term order. Whether the term exists
        // is answered from the table and the pending counts without that.
        if (!w->db.term_exists(term)) return ok(err);
        call_postings(w->db, term, fn, ctx);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_allterms(xc_writable *w, const char *prefix,
                               xc_term_fn fn, void *ctx, xc_error *err) {
    try {
        call_allterms(w->db, prefix, fn, ctx);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_add_spelling(xc_writable *w, const char *word,
                                   uint32_t inc, xc_error *err) {
    try {
        w->db.add_spelling(word, inc);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_remove_spelling(xc_writable *w, const char *word,
                                      uint32_t dec, xc_error *err) {
    try {
        w->db.remove_spelling(word, dec);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_add_synonym(xc_writable *w, const char *term,
                                  const char *synonym, xc_error *err) {
    try {
        w->db.add_synonym(term, synonym);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_clear_synonyms(xc_writable *w, const char *term,
                                     xc_error *err) {
    try {
        w->db.clear_synonyms(term);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_synonym_keys(xc_writable *w, xc_term_fn fn, void *ctx,
                                   xc_error *err) {
    try {
        call_terms(w->db.synonym_keys_begin(), w->db.synonym_keys_end(), fn,
                   ctx, false);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_set_metadata(xc_writable *w, const char *key,
                                   const char *value, xc_error *err) {
    try {
        w->db.set_metadata(key, value);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_get_metadata(xc_writable *w, const char *key,
                                   char **out, xc_error *err) {
    *out = nullptr;
    try {
        *out = dup_string(w->db.get_metadata(key));
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_commit(xc_writable *w, xc_error *err) {
    try {
        w->db.commit();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_begin(xc_writable *w, xc_error *err) {
    try {
        w->db.begin_transaction(true);
        w->in_transaction = true;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_commit_transaction(xc_writable *w, xc_error *err) {
    try {
        w->in_transaction = false;
        w->db.commit_transaction();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_writable_cancel_transaction(xc_writable *w, xc_error *err) {
    try {
        w->in_transaction = false;
        w->db.cancel_transaction();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

/* ---- Documents ---- */

xc_status xc_document_new(xc_document **out, xc_error *err) {
    *out = nullptr;
    try {
        *out = new xc_document();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

void xc_document_free(xc_document *doc) { delete doc; }

xc_status xc_document_set_data(xc_document *doc, const char *data,
                               size_t len, xc_error *err) {
    try {
        doc->doc.set_data(std::string(data, len));
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_data(xc_document *doc, const char **data, size_t *len,
                           xc_error *err) {
    try {
        doc->data = doc->doc.get_data();
        *data = doc->data.data();
        *len = doc->data.size();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_add_value(xc_document *doc, unsigned slot,
                                const char *value, size_t len, xc_error *err) {
    try {
        doc->doc.add_value(slot, std::string(value, len));
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_value(xc_document *doc, unsigned slot,
                            const char **value, size_t *len, xc_error *err) {
    try {
        doc->value = doc->doc.get_value(slot);
        *value = doc->value.data();
        *len = doc->value.size();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_add_term(xc_document *doc, const char *term,
                               uint32_t wdf, xc_error *err) {
    try {
        doc->doc.add_term(term, wdf);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_add_boolean_term(xc_document *doc, const char *term,
                                       xc_error *err) {
    try {
        doc->doc.add_boolean_term(term);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_add_posting(xc_document *doc, const char *term,
                                  uint32_t pos, uint32_t wdf, xc_error *err) {
    try {
        doc->doc.add_posting(term, pos, wdf);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_document_terms(xc_document *doc, xc_term_fn fn, void *ctx,
                            xc_error *err) {
    try {
        call_terms(doc->doc.termlist_begin(), doc->doc.termlist_end(), fn,
                   ctx, true);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

/* ---- The term generator ---- */

xc_status xc_termgen_new(xc_termgen **out, xc_error *err) {
    *out = nullptr;
    xc_termgen *h = nullptr;
    try {
        h = new xc_termgen();
        h->tg.set_stemmer(make_stemmer());
        h->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

// The term generator holds a counted reference to its stopper and
// releases it; we never delete a stopper ourselves.
void xc_termgen_free(xc_termgen *tg) { delete tg; }

xc_status xc_termgen_set_stemming(xc_termgen *tg, xc_stem_strategy s,
                                  xc_error *err) {
    try {
        Xapian::TermGenerator::stem_strategy x;
        switch (s) {
        case XC_STEM_NONE: x = Xapian::TermGenerator::STEM_NONE; break;
        case XC_STEM_SOME: x = Xapian::TermGenerator::STEM_SOME; break;
        case XC_STEM_ALL: x = Xapian::TermGenerator::STEM_ALL; break;
        case XC_STEM_ALL_Z: x = Xapian::TermGenerator::STEM_ALL_Z; break;
        case XC_STEM_SOME_FULL_POS:
            x = Xapian::TermGenerator::STEM_SOME_FULL_POS; break;
        default: return invalid(err, "unknown stemming strategy");
        }
        tg->tg.set_stemming_strategy(x);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_termgen_set_stopwords(xc_termgen *tg, const char *const *words,
                                   size_t n_words, xc_error *err) {
    try {
        Xapian::SimpleStopper *stopper = new Xapian::SimpleStopper();
        // release() hands ownership to Xapian's reference counting before
        // anything below can throw.
        tg->tg.set_stopper(stopper->release());
        for (size_t i = 0; i < n_words; i++) stopper->add(words[i]);
        tg->tg.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_termgen_set_document(xc_termgen *tg, xc_document *doc,
                                  xc_error *err) {
    try {
        // TermGenerator copies the handle; Xapian::Document copies share
        // their internals, so terms land in doc->doc.
        tg->tg.set_document(doc->doc);
        tg->tg.set_termpos(0);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_termgen_index_text(xc_termgen *tg, const char *text, size_t len,
                                uint32_t wdf_inc, const char *prefix,
                                xc_error *err) {
    try {
        tg->tg.index_text(Xapian::Utf8Iterator(text, len), wdf_inc,
                          prefix ? prefix : "");
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_termgen_increase_termpos(xc_termgen *tg, uint32_t delta,
                                      xc_error *err) {
    try {
        tg->tg.increase_termpos(delta);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

/* ---- Queries ---- */

xc_status xc_query_new_term(const char *term, uint32_t wqf, uint32_t pos,
                            xc_query **out, xc_error *err) {
    *out = nullptr;
    try {
        Xapian::Query q(term, wqf, pos);
        *out = new xc_query{q, xc_lengths::shape_term(q, term, wqf)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_new_op(xc_op op, xc_query *const *subs, size_t n,
                          unsigned window, xc_query **out, xc_error *err) {
    *out = nullptr;
    try {
        std::vector<Xapian::Query> v;
        std::vector<xc_lengths::Shape> shapes;
        v.reserve(n);
        shapes.reserve(n);
        for (size_t i = 0; i < n; i++) {
            v.push_back(subs[i]->q);
            shapes.push_back(subs[i]->shape);
        }
        Xapian::Query q(to_xapian_op(op), v.begin(), v.end(), window);
        *out = new xc_query{q, xc_lengths::shape_op(q, to_xapian_op(op), window, shapes)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_new_scaled(xc_query *sub, double factor, xc_query **out,
                              xc_error *err) {
    *out = nullptr;
    try {
        Xapian::Query q(Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor);
        *out = new xc_query{q, xc_lengths::shape_scale(q, factor, sub->shape)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_new_prior(xc_query *sub, const char *const *terms, const double *factors,
                             size_t n, xc_query **out, xc_error *err) {
    *out = nullptr;
    try {
        if (n == 0) {   // no class: the query as it is
            *out = new xc_query{sub->q, sub->shape};
            return ok(err);
        }
        auto prior = std::make_shared<xc_prior::Prior>();
        for (size_t i = 0; i < n; i++) {
            prior->terms.push_back(terms[i]);
            prior->factors.push_back(factors[i]);
        }
        Xapian::Query q = xc_prior::prior_query(sub->q, *prior);
        *out = new xc_query{q, xc_lengths::shape_prior(q, prior, sub->shape)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_new_value_range(unsigned slot, const char *lo,
                                   const char *hi, xc_query **out,
                                   xc_error *err) {
    *out = nullptr;
    try {
        Xapian::Query q(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
        *out = new xc_query{q, xc_lengths::shape_other(q)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_new_fixed_weight(double weight, xc_query **out, xc_error *err) {
    *out = nullptr;
    try {
        Xapian::FixedWeightPostingSource *ps = new Xapian::FixedWeightPostingSource(weight);
        // release() hands the source to the query's reference counting.
        Xapian::Query q(ps->release());
        *out = new xc_query{q, xc_lengths::shape_other(q)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_new_docids(xc_database *db, const xc_docid *docids, size_t n,
                              const xc_query *fallback, xc_query **out, xc_error *err) {
    *out = nullptr;
    try {
        Xapian::Query local =
            xc_docids::docids_query(db->db, std::vector<Xapian::docid>(docids, docids + n));
        *out = new xc_query{fallback->q, local.empty() ? fallback->shape
                                                       : xc_lengths::shape_docids(fallback->q, local)};
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

void xc_query_free(xc_query *q) { delete q; }

int xc_query_is_empty(const xc_query *q) { return q->q.empty() ? 1 : 0; }

xc_status xc_query_terms(const xc_query *q, xc_term_fn fn, void *ctx,
                         xc_error *err) {
    try {
        call_terms(q->q.get_unique_terms_begin(), q->q.get_unique_terms_end(),
                   fn, ctx, false);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_query_describe(const xc_query *q, char **out, xc_error *err) {
    *out = nullptr;
    try {
        *out = dup_string(q->q.get_description());
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_queryparser_new(xc_queryparser **out, xc_error *err) {
    *out = nullptr;
    xc_queryparser *h = nullptr;
    try {
        h = new xc_queryparser();
        h->qp.set_stemmer(make_stemmer());
        h->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

void xc_queryparser_free(xc_queryparser *qp) { delete qp; }

xc_status xc_queryparser_set_database(xc_queryparser *qp, xc_database *db,
                                      xc_error *err) {
    try {
        qp->qp.set_database(db->db);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_queryparser_set_default_op(xc_queryparser *qp, xc_op op,
                                        xc_error *err) {
    try {
        qp->qp.set_default_op(to_xapian_op(op));
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_queryparser_set_stopwords(xc_queryparser *qp,
                                       const char *const *words,
                                       size_t n_words, xc_error *err) {
    try {
        Xapian::SimpleStopper *stopper = new Xapian::SimpleStopper();
        qp->qp.set_stopper(stopper->release());
        for (size_t i = 0; i < n_words; i++) stopper->add(words[i]);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_queryparser_add_prefix(xc_queryparser *qp, const char *field,
                                    const char *prefix, xc_error *err) {
    try {
        qp->qp.add_prefix(field, prefix);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_queryparser_add_boolean_prefix(xc_queryparser *qp,
                                            const char *field,
                                            const char *prefix,
                                            xc_error *err) {
    try {
        qp->qp.add_boolean_prefix(field, prefix);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_queryparser_parse(xc_queryparser *qp, const char *query,
                               unsigned flags, const char *default_prefix,
                               xc_query **out, char **corrected,
                               xc_error *err) {
    *out = nullptr;
    if (corrected) *corrected = nullptr;
    xc_query *h = nullptr;
    try {
        h = new xc_query{qp->qp.parse_query(query, flags,
                                            default_prefix ? default_prefix
                                                           : ""),
                         nullptr};
        h->shape = xc_lengths::shape_other(h->q);
        if (corrected) {
            const std::string &c = qp->qp.get_corrected_query_string();
            if (!c.empty()) *corrected = dup_string(c);
        }
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

/* ---- Searching ---- */

xc_status xc_enquire_new(xc_database *db, xc_enquire **out, xc_error *err) {
    *out = nullptr;
    try {
        *out = new xc_enquire(db);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

void xc_enquire_free(xc_enquire *e) { delete e; }

xc_status xc_enquire_set_query(xc_enquire *e, const xc_query *q,
                               xc_error *err) {
    try {
        e->enq.set_query(q->q);
        e->query = q->q;
        e->shape = q->shape;
        e->query_weighed = false;
        e->terms.reset();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_enquire_set_collapse_key(xc_enquire *e, unsigned slot,
                                      unsigned max, xc_error *err) {
    try {
        e->enq.set_collapse_key(slot, max);
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3,
                              double b, double min_normlen, xc_error *err) {
    try {
        e->enq.set_weighting_scheme(
            Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        e->bm25 = xc_lengths::Bm25Params{k1, k2, k3, b, min_normlen};
        e->bm25_set = true;
        e->boolean = false;
        e->query_weighed = false;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_enquire_set_boolean(xc_enquire *e, xc_error *err) {
    try {
        e->enq.set_weighting_scheme(Xapian::BoolWeight());
        e->bm25_set = false;
        e->boolean = true;
        if (e->query_weighed) e->enq.set_query(e->query);
        e->query_weighed = false;
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_enquire_mset(xc_enquire *e, uint32_t first, uint32_t max_items,
                          uint32_t check_at_least, xc_mset **out,
                          xc_error *err) {
    *out = nullptr;
    xc_mset *h = nullptr;
    try {
        // Weighed by our sources only under BM25 as set here: another
        // scheme would weigh the terms as built. They read lengths from
        // memory when asked to, they apply a prior in one walk, and sets
        // of docids cost no posting list each. A match counted, not
        // weighed, is theirs too where lengths are in memory: they walk
        // the postings kept there (a thread's matches counted for a page
        // read each common word's chunks again through Xapian).
        if ((e->db->cache_lengths ||
             (e->shape && (e->shape->has_prior || e->shape->has_docids))) &&
            !e->db->has_remote &&
            (e->bm25_set || (e->boolean && e->db->cache_lengths)) && !e->query_weighed) {
            e->enq.set_query(xc_lengths::with_cached_lengths(
                e->shape, e->db->db, e->db->cache_lengths ? &e->db->lengths : nullptr,
                e->db->term_stats, e->bm25));
            e->query_weighed = true;
        }
        try {
            h = new xc_mset(e->enq.get_mset(first, max_items, check_at_least));
        } catch (const Xapian::UnimplementedError &) {
            // A remote shard cannot be sent our sources: weigh as built,
            // from now on.
            if (!e->query_weighed) throw;
            e->db->has_remote = true;
            e->enq.set_query(e->query);
            e->query_weighed = false;
            h = new xc_mset(e->enq.get_mset(first, max_items, check_at_least));
        }
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

}  // extern "C"

namespace {

// The enquire whose query is e's as set: e's own, or one made at the
// first call while e holds the query with sources (which have no terms).
Xapian::Enquire &terms_enquire(xc_enquire *e) {
    if (!e->query_weighed) return e->enq;
    if (!e->terms) {
        e->terms.reset(new Xapian::Enquire(e->db->db));
        e->terms->set_query(e->query);
    }
    return *e->terms;
}

// Documents per term of the query past which the terms' postings are
// walked over all the documents, rather than each document's terms read:
// a post's terms are a few hundred, a term's postings one seek per
// document. At a million posts, a first page (some 40 posts, a query of
// 10 to 20 terms) costs the same either way, within the noise; the
// thousands of posts of a deep page, ten times less by the postings.
constexpr size_t kDocsPerTermForPostings = 4;

}  // namespace

extern "C" {

xc_status xc_enquire_matching_terms(xc_enquire *e, xc_docid docid, xc_term_fn fn,
                                    void *ctx, xc_error *err) {
    try {
        Xapian::Enquire &terms = terms_enquire(e);
        for (Xapian::TermIterator it = terms.get_matching_terms_begin(docid);
             it != terms.get_matching_terms_end(docid); ++it) {
            const std::string &t = *it;
            if (fn(ctx, t.data(), t.size(), 0)) break;
        }
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_enquire_matching_terms_of(xc_enquire *e, const xc_docid *docids, size_t n,
                                       xc_doc_term_fn fn, void *ctx, xc_error *err) {
    try {
        std::vector<std::string> query_terms;
        for (Xapian::TermIterator t = e->query.get_unique_terms_begin();
             t != e->query.get_unique_terms_end(); ++t)
            // The empty term (every document) is in no document's terms.
            if (!(*t).empty()) query_terms.push_back(*t);
        // A process keeping postings has most of the query's terms' lists
        // in memory (xc_terms_of.h): looked up there first.
        if (e->db->cache_lengths && !e->db->has_remote &&
            xc_postings::PostingsCache::shared().budget() > 0) {
            std::vector<std::pair<size_t, size_t>> held;
            if (xc_terms_of::terms_of(e->db->db, query_terms, docids, n, &held)) {
                for (const auto &h : held) {
                    const std::string &t = query_terms[h.first];
                    if (fn(ctx, h.second, t.data(), t.size())) break;
                }
                return ok(err);
            }
        }
        if (n <= kDocsPerTermForPostings * query_terms.size()) {
            Xapian::Enquire &terms = terms_enquire(e);
            for (size_t i = 0; i < n; i++) {
                Xapian::TermIterator it, end;
                try {
                    it = terms.get_matching_terms_begin(docids[i]);
                    end = terms.get_matching_terms_end(docids[i]);
                } catch (const Xapian::DocNotFoundError &) {
                    continue;   // holds no term, as its postings would say
                } catch (const Xapian::InvalidArgumentError &) {
                    continue;   // docid 0
                }
                for (; it != end; ++it) {
                    const std::string &t = *it;
                    if (fn(ctx, i, t.data(), t.size())) return ok(err);
                }
            }
            return ok(err);
        }
        std::vector<std::pair<Xapian::docid, size_t>> order;
        order.reserve(n);
        for (size_t i = 0; i < n; i++)
            if (docids[i]) order.emplace_back(docids[i], i);
        std::sort(order.begin(), order.end());
        for (const std::string &term : query_terms) {
            Xapian::PostingIterator p = e->db->db.postlist_begin(term);
            Xapian::PostingIterator end = e->db->db.postlist_end(term);
            for (const auto &doc : order) {
                if (p == end) break;
                p.skip_to(doc.first);
                if (p == end) break;
                if (*p == doc.first && fn(ctx, doc.second, term.data(), term.size()))
                    return ok(err);
            }
        }
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

void xc_mset_free(xc_mset *m) { delete m; }

uint32_t xc_mset_size(const xc_mset *m) { return m->mset.size(); }

uint32_t xc_mset_estimate(const xc_mset *m) {
    return m->mset.get_matches_estimated();
}

xc_status xc_mset_item_get(const xc_mset *m, uint32_t index,
                           xc_mset_item *out, xc_error *err) {
    try {
        if (index >= m->mset.size()) return invalid(err, "index out of range");
        Xapian::MSetIterator it = m->mset[index];
        out->docid = *it;
        out->weight = it.get_weight();
        out->collapse_count = it.get_collapse_count();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_mset_document(const xc_mset *m, uint32_t index,
                           xc_document **out, xc_error *err) {
    *out = nullptr;
    xc_document *h = nullptr;
    try {
        if (index >= m->mset.size()) return invalid(err, "index out of range");
        h = new xc_document();
        h->doc = m->mset[index].get_document();
        *out = h;
        return ok(err);
    } catch (...) {
        delete h;
        return translate_exception(err);
    }
}

xc_status xc_mset_value(xc_mset *m, uint32_t index, unsigned slot, const char **value,
                        size_t *len, xc_error *err) {
    try {
        if (index >= m->mset.size()) return invalid(err, "index out of range");
        if (m->has_values && slot == m->values_slot && index < m->values.size()) {
            *value = m->values[index].data();
            *len = m->values[index].size();
            return ok(err);
        }
        m->key = m->mset[index].get_document().get_value(slot);
        *value = m->key.data();
        *len = m->key.size();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_mset_read_values(xc_database *db, xc_mset *m, unsigned slot, xc_error *err) {
    try {
        m->has_values = false;
        m->values.clear();
        // From memory only where the lengths are (a searcher that keeps
        // things), every shard local, and the process keeps postings.
        if (!db->cache_lengths || db->has_remote || m->mset.empty()) return ok(err);
        std::vector<Xapian::docid> docids;
        docids.reserve(m->mset.size());
        for (Xapian::MSetIterator it = m->mset.begin(); it != m->mset.end(); ++it)
            docids.push_back(*it);
        if (xc_values::values_of(db->db, slot, docids.data(), docids.size(), &m->values)) {
            m->values_slot = slot;
            m->has_values = true;
        }
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

xc_status xc_mset_collapse_key(xc_mset *m, uint32_t index, const char **key,
                               size_t *len, xc_error *err) {
    try {
        if (index >= m->mset.size()) return invalid(err, "index out of range");
        m->key = m->mset[index].get_collapse_key();
        *key = m->key.data();
        *len = m->key.size();
        return ok(err);
    } catch (...) { return translate_exception(err); }
}

/* ---- Unicode ---- */

int xc_unicode_is_wordchar(uint32_t ch) {
    return Xapian::Unicode::is_wordchar(ch) ? 1 : 0;
}

uint32_t xc_unicode_tolower(uint32_t ch) {
    return Xapian::Unicode::tolower(ch);
}

} // extern "C"
