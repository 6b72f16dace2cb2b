/* fuzz_query — any text as a query, through parsing and building.
 *
 * What people type is hostile input too. Properties: parsing never fails
 * and keeps to its limits; building a Xapian query from any parse succeeds
 * under both ranking profiles (lt_query.h: anything that is not syntax is
 * words), with at most LT_MAX_CONCEPTS concepts, each of them standing for
 * at least one term. */
#include <string.h>

#include "fuzz.h"
#include "lt_query.h"
#include "lt_searcher.h"
#include "lt_utf8.h"
#include "lt_vocab.h"

static lt_stemmer *stemmer;
static lt_vocab *vocab;

static void build(const lt_parsed_query *pq, const lt_rank_profile *profile) {
    xc_query *match = NULL, *checks = NULL, *evidence = NULL, *titles = NULL;
    lt_concepts concepts;
    lt_error err;
    size_t i;
    uint32_t covered = 0;
    /* A query of at most 1 KB never runs out of memory: any failure is a bug. */
    FUZZ_CHECK(lt_query_build(pq, profile, vocab, stemmer, &match, &checks, &evidence, &titles,
                              &concepts, &err) == LT_OK);
    FUZZ_CHECK(match != NULL);
    FUZZ_CHECK(concepts.n <= LT_MAX_CONCEPTS);
    for (i = 0; i < concepts.n_terms; i++) {
        FUZZ_CHECK(concepts.terms[i][0] == 'Z');
        covered |= concepts.mask[i];
    }
    for (i = 0; i < concepts.n; i++) FUZZ_CHECK(covered & ((uint32_t)1 << i));
    lt_concepts_release(&concepts);
    xc_query_free(match);
    xc_query_free(checks);
    xc_query_free(evidence);
    xc_query_free(titles);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char text[LT_SEARCH_MAX_QUERY_BYTES + 1];
    lt_parsed_query pq;
    lt_error err;
    if (!stemmer) {
        stemmer = lt_stemmer_new();
        vocab = lt_vocab_new();
        FUZZ_CHECK(stemmer && vocab);
        FUZZ_CHECK(lt_vocab_add_builtin(vocab, stemmer, &err) == LT_OK);
    }
    /* lt_search turns away what is too long or not UTF-8 before parsing. */
    if (size > LT_SEARCH_MAX_QUERY_BYTES || !lt_utf8_valid((const char *)data, size)) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (memchr(text, '\0', size)) return 0;
    FUZZ_CHECK(lt_query_parse(text, &pq) == LT_OK);
    FUZZ_CHECK(pq.n_clauses <= LT_QUERY_MAX_CLAUSES);
    build(&pq, &lt_profile_default);
    build(&pq, &lt_profile_plain);
    lt_parsed_query_release(&pq);
    return 0;
}
