/* lt_query.h — turning what people type into a Xapian query.
 *
 * Parsing never fails: anything that is not syntax is words. Syntax for
 * those who want it:
 *   "care order"          a phrase (it must appear; an unclosed quote runs
 *                         to the end)
 *   -word  -"a phrase"    must not appear (also NOT word)
 *   +word                 must appear
 *   author:NAME  by:NAME  posts by that author ("author:\"Suzie, FRG Adviser\"")
 *   role:adviser|member   type:faq|post   forum:NAME
 *   title:word            the word in the title
 *   from:DATE to:DATE     (also after:, before:; DATE is YYYY, YYYY-MM or
 *   2019..2021            YYYY-MM-DD) a date range; year:2020 one year
 * AND and OR are accepted and ignored: words are weighed, not required.
 *
 * Building (lt_query_build) follows a ranking profile: field weights,
 * stopwords that keep negations, the field's vocabulary as terms and
 * phrases, adjacent words as phrase evidence. The profile's priors for
 * adviser posts and FAQ sections apply after matching (lt_rank.h). The
 * plain profile is BM25 over the fields with none of these, for comparison.
 */
#ifndef LANTERN_LT_QUERY_H
#define LANTERN_LT_QUERY_H

#include <stddef.h>

#include "lt_date.h"
#include "lt_error.h"
#include "lt_stem.h"
#include "lt_vocab.h"
#include "xc.h"

typedef struct lt_rank_profile {
    const char *name;
    double body, title, quoted;   /* weights of the free-text fields */
    double same;                  /* a vocabulary alternative of the same meaning ("=") */
    double related;               /* a related one ("~"), against the typed words */
    double pairs;                 /* two typed words found side by side */
    double adviser_prior;         /* an adviser's post's score is multiplied by this */
    double faq_prior;             /* and an FAQ section's by this (lt_rank.h) */
    double k1, b;                 /* BM25 */
    int vocabulary;               /* use the vocabulary */
    int stopwords;                /* leave stopwords out of the bag of words */
    double answer_share;          /* an adviser's post stands for its thread when
                                     it scores this share of the best post's
                                     score (lt_rank.h); 0: never unless best */
    double coordination;          /* a post's score times (concepts it holds /
                                     concepts)^this; 0: off */
    int use_correction;           /* search the spelling correction in place of
                                     the query as typed (lt_searcher.h) */
    int titles_after;             /* 1: the typed words are looked for in titles
                                     on the posts fetched, not in the match
                                     (lt_query_build) */
} lt_rank_profile;

/* Plain BM25: equal fields, no vocabulary, no evidence, no boosts, no retry. */
extern const lt_rank_profile lt_profile_plain;
/* Lantern's ranking, its weights chosen with bench/relevance. */
extern const lt_rank_profile lt_profile_default;

#define LT_QUERY_MAX_CLAUSES 64

typedef enum lt_clause_kind { LT_CLAUSE_WORDS, LT_CLAUSE_PHRASE } lt_clause_kind;

typedef struct lt_clause {
    lt_clause_kind kind;
    int sign;                 /* +1 required, 0 weighed, -1 excluded */
    int title_only;           /* title:… */
    lt_vocab_words words;     /* lower case */
} lt_clause;

typedef struct lt_parsed_query {
    lt_clause clauses[LT_QUERY_MAX_CLAUSES];
    size_t n_clauses;
    char *author;             /* lower case, or NULL */
    char *forum;              /* lower case, or NULL */
    int role;                 /* -1 any, else lt_role */
    int type;                 /* -1 any, else lt_doc_type */
    char date_from[LT_DATE_SIZE], date_to[LT_DATE_SIZE];
} lt_parsed_query;

/* Parses text (valid UTF-8). Fails only when memory runs out. */
lt_status lt_query_parse(const char *text, lt_parsed_query *out);
void lt_parsed_query_release(lt_parsed_query *q);

/* 1 if word (lower case) is a stopword of the profile's list. */
int lt_query_is_stopword(const char *word);

/* The query's concepts: each weighed word as typed (stopwords aside, at
 * most LT_MAX_CONCEPTS), with the terms that stand for it: its own, in
 * every field, and its vocabulary alternatives'. How many of them a post
 * holds is its coordination (lt_rank.h): a post that answers every part
 * of the question beats one that repeats a part of it. */
#define LT_MAX_CONCEPTS 32

typedef struct lt_concepts {
    size_t n;                 /* concepts */
    size_t n_terms, cap_terms;
    char **terms;
    uint32_t *mask;           /* per term: bit c set when it stands for concept c */
} lt_concepts;

void lt_concepts_release(lt_concepts *c);
/* The concepts `term` stands for (a bit each), 0 for none. */
uint32_t lt_concepts_of(const lt_concepts *c, const char *term, size_t len);

/* Builds the Xapian queries for q: `match` finds and weighs documents by
 * their words (several words of a phrase or an alternative count as
 * words, together); `checks` (NULL when there are none) holds the quoted
 * phrases a document must also hold, unweighed: what the query finds is
 * `match FILTER checks` (lt_match.h says why they are apart); `evidence`
 * (NULL when there is none) holds the phrases and neighbouring pairs, to
 * be weighed on the best matches only (lt_searcher.c). Phrases are kept
 * out of the weighed match on purpose: Xapian 1.4 weighs a phrase only if
 * its weight can still reach the matcher's running threshold
 * (SelectPostList::check), so the same document can score differently in
 * one database and in shards.
 *
 * With the profile's titles_after, the weighed words are looked for in
 * the posts' own words only, and `titles` (NULL when there is none) holds
 * them in the title field, to be weighed on the posts fetched
 * (lt_rank_titles). Every post of a thread carries its title, so title
 * postings are as long as the posts' own: out of the match, a query reads
 * about half the postings, and a thread's title still counts. The match
 * holds the AND of `titles`' terms, so that a post whose title holds every
 * word is fetched whatever its own words; lt_rank_titles leaves such a
 * post's title weight out, being in its match weight already. A query of
 * one word keeps its title in the match (lt_query.c says why).
 *
 * `vocab` may be NULL. Free the queries with xc_query_free. When
 * `concepts` is not NULL it receives the query's concepts
 * (lt_concepts_release them). */
lt_status lt_query_build(const lt_parsed_query *q, const lt_rank_profile *profile,
                         const lt_vocab *vocab, lt_stemmer *stemmer, xc_query **match,
                         xc_query **checks, xc_query **evidence, xc_query **titles,
                         lt_concepts *concepts, lt_error *err);

#endif
