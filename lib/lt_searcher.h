/* lt_searcher.h — answering queries: ranked, grouped to the best post of
 * each thread, with snippets.
 *
 * A searcher holds one read-only view of the index (one or more shards),
 * a query parser and a stemmer: use it from one thread at a time. It sees
 * new commits after lt_searcher_reopen, and reopens by itself when the
 * writer has moved on so far that its snapshot is gone.
 */
#ifndef LANTERN_LT_SEARCHER_H
#define LANTERN_LT_SEARCHER_H

#include <stddef.h>
#include <stdint.h>

#include "lt_date.h"
#include "lt_query.h"
#include "lt_thread.h"

typedef struct lt_searcher lt_searcher;

#define LT_SEARCH_MAX_LIMIT 100
#define LT_SEARCH_MAX_OFFSET 10000
#define LT_SEARCH_MAX_QUERY_BYTES 1024

typedef struct lt_search_options {
    unsigned limit;             /* results per page (1..LT_SEARCH_MAX_LIMIT) */
    unsigned offset;            /* results to skip (..LT_SEARCH_MAX_OFFSET) */
    int role_filter;            /* -1: any; else an lt_role */
    int type_filter;            /* -1: any; else an lt_doc_type */
    char date_from[LT_DATE_SIZE];   /* "" or ISO: only posts on/after */
    char date_to[LT_DATE_SIZE];     /* "" or ISO: only posts on/before */
    size_t snippet_bytes;       /* about this long; 0: the default */
    const lt_rank_profile *profile;   /* NULL: lt_profile_default */
    int exact;                  /* never search the spelling correction instead */
} lt_search_options;

void lt_search_options_init(lt_search_options *o);

typedef struct lt_hit {
    unsigned rank;              /* 1-based, counting the offset */
    double score;
    char *doc;                  /* SOURCE#N */
    char *thread;               /* SOURCE */
    unsigned post;
    char *title;
    char *author;
    lt_role role;
    lt_doc_type type;
    char date[LT_DATE_SIZE];    /* "" when unknown */
    char *url;                  /* NULL when none */
    char *forum;                /* NULL when none */
    char *snippet;              /* HTML: escaped, matches in <mark> */
    unsigned more_in_thread;    /* other matching posts of the thread */
} lt_hit;

typedef struct lt_results {
    char *query;                /* as given */
    char *corrected;            /* "did you mean", or NULL */
    int showing_corrected;      /* the results are the correction's (the
                                   typed words it replaced match nothing) */
    uint32_t total;             /* estimated number of results */
    double took_ms;
    unsigned offset, limit;
    lt_hit *hits;
    size_t n_hits;
} lt_results;

/* Opens the shards at paths[0..n_paths) as one index. */
lt_status lt_searcher_open(const char *const *paths, size_t n_paths,
                           lt_searcher **out, lt_error *err);
void lt_searcher_free(lt_searcher *s);

/* Adds a vocabulary file (data/vocabulary.txt's format) to the one built
 * in and the one stored in the index. */
lt_status lt_searcher_add_vocabulary(lt_searcher *s, const char *path, lt_error *err);

/* For a searcher that answers many queries (a daemon's): keeps the
 * posts' lengths and kinds in memory, 5 bytes a post, read at the first
 * search and again after a reopen that moved the index. BM25 then reads no lengths
 * from the index, which at a million posts was most of a query's time;
 * results are the same. A one-shot search does better without: its first
 * query reads every length. */
void lt_searcher_cache_lengths(lt_searcher *s, int on);

/* For a process that answers many queries: up to `bytes` in all of the
 * terms' postings kept in memory, 5 bytes a posting, shared by all its
 * searchers and threads. A term's list is read at its first use by a
 * searcher that caches lengths; later searches walk it from memory, not
 * through Xapian's blocks. The least recently used go first; 0 (the
 * default) keeps none. Results are the same. */
void lt_searcher_keep_postings(size_t bytes);
/* Bytes of postings kept now. */
size_t lt_searcher_kept_postings(void);
/* What lantern-searchd keeps by default, in MiB. */
#define LT_KEEP_POSTINGS_DEFAULT_MB 256

/* Moves to the newest commit; *changed (may be NULL) says if it moved. */
lt_status lt_searcher_reopen(lt_searcher *s, int *changed, lt_error *err);

/* Searches `query`. A query with syntax errors is searched as plain words;
 * options may be NULL for the defaults. The caller frees *out. */
lt_status lt_search(lt_searcher *s, const char *query,
                    const lt_search_options *options, lt_results **out,
                    lt_error *err);
void lt_results_free(lt_results *r);

typedef struct lt_index_info {
    uint32_t doc_count;
    uint64_t revision;   /* commits across its databases, as on disk now
                            (xc_database_revision); 0 if unknown */
} lt_index_info;

lt_status lt_searcher_info(lt_searcher *s, lt_index_info *out, lt_error *err);

#endif
