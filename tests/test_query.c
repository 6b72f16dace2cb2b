/* test_query.c — the query language and builder: field syntax, phrases,
 * exclusions, malformed input; vocabulary expansions as terms and phrases;
 * stopwords that keep negations; corrected queries searched in place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_indexer.h"
#include "lt_query.h"
#include "lt_searcher.h"
#include "lt_vocab.h"
#include "support.h"

/* ---- Parsing ---- */

static void test_parse_syntax(void **state) {
    lt_parsed_query q;
    (void)state;
    assert_int_equal(lt_query_parse("care order \"interim care order\" -adoption +court "
                                    "author:\"Suzie, FRG Adviser\" role:adviser type:faq "
                                    "from:2019 to:2021-06 title:plo",
                                    &q), LT_OK);
    assert_int_equal(q.n_clauses, 5);
    assert_int_equal(q.clauses[0].kind, LT_CLAUSE_WORDS);
    assert_int_equal(q.clauses[0].sign, 0);
    assert_int_equal(q.clauses[0].words.n, 2);
    assert_int_equal(q.clauses[1].kind, LT_CLAUSE_PHRASE);
    assert_int_equal(q.clauses[1].sign, 1);   /* a phrase must appear */
    assert_int_equal(q.clauses[1].words.n, 3);
    assert_int_equal(q.clauses[2].sign, -1);
    assert_string_equal(q.clauses[2].words.words[0], "adoption");
    assert_int_equal(q.clauses[3].sign, 1);
    assert_int_equal(q.clauses[4].title_only, 1);
    assert_string_equal(q.author, "suzie, frg adviser");
    assert_int_equal(q.role, LT_ROLE_ADVISER);
    assert_int_equal(q.type, LT_TYPE_FAQ);
    assert_string_equal(q.date_from, "2019-01-01T00:00");
    assert_string_equal(q.date_to, "2021-06-30T23:59");
    lt_parsed_query_release(&q);

    /* NOT, AND, OR; a year range; an excluded phrase. */
    assert_int_equal(lt_query_parse("contact AND visits OR time NOT supervised 2018..2020 "
                                    "-\"family centre\"", &q), LT_OK);
    assert_int_equal(q.n_clauses, 3);
    assert_int_equal(q.clauses[0].words.n, 3);
    assert_int_equal(q.clauses[1].sign, -1);
    assert_string_equal(q.clauses[1].words.words[0], "supervised");
    assert_int_equal(q.clauses[2].kind, LT_CLAUSE_PHRASE);
    assert_int_equal(q.clauses[2].sign, -1);
    assert_string_equal(q.date_from, "2018-01-01T00:00");
    assert_string_equal(q.date_to, "2020-12-31T23:59");
    lt_parsed_query_release(&q);
}

typedef struct malformed_case {
    const char *comment;
    const char *text;
    size_t words;      /* weighed words expected */
} malformed_case;

static const malformed_case malformed[] = {
    {"unclosed quote runs to the end", "\"care order", 0},
    {"brackets and stray operators are words or nothing", "((( AND ))) OR", 0},
    {"an unknown field is words", "http://example.org/x 10:30 meeting", 7},
    {"a field without a value is words", "author: smith", 2},
    {"a bad date is words", "from:yesterday plo", 3},
    {"a lone minus and plus", "- + care", 1},
    {"only punctuation", "?!.,;", 0},
    {"empty", "", 0},
    {"curly and straight quotes mixed", "\xE2\x80\x9C" "sgo\xE2\x80\x9D assessment", 2},
};

static void test_parse_malformed(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        lt_parsed_query q;
        size_t k, words = 0;
        assert_int_equal(lt_query_parse(malformed[i].text, &q), LT_OK);
        for (k = 0; k < q.n_clauses; k++)
            if (q.clauses[k].kind == LT_CLAUSE_WORDS && q.clauses[k].sign == 0)
                words += q.clauses[k].words.n;
        if (words != malformed[i].words)
            fail_msg("%s: '%s' gave %zu words", malformed[i].comment, malformed[i].text, words);
        lt_parsed_query_release(&q);
    }
}

static void test_parse_many_clauses_bounded(void **state) {
    lt_buf b;
    lt_parsed_query q;
    size_t i;
    (void)state;
    lt_buf_init(&b, 1 << 20);
    for (i = 0; i < 500; i++) lt_buf_appendf(&b, "-w%zu \"p q\" ", i);
    assert_int_equal(lt_query_parse(b.data, &q), LT_OK);
    assert_true(q.n_clauses <= LT_QUERY_MAX_CLAUSES);
    lt_parsed_query_release(&q);
    lt_buf_release(&b);
}

/* ---- Building ---- */

static lt_stemmer *stemmer;
static lt_vocab *vocab;

static int setup(void **state) {
    lt_error err;
    (void)state;
    stemmer = lt_stemmer_new();
    vocab = lt_vocab_new();
    if (lt_vocab_add_builtin(vocab, stemmer, &err) != LT_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    lt_vocab_free(vocab);
    lt_stemmer_free(stemmer);
    return 0;
}

/* Xapian's description of the match, evidence, titles and checks queries
 * built for text under profile, as "MATCH || EVIDENCE || TITLES || CHECKS". */
static char *describe(const char *text, const lt_rank_profile *profile) {
    lt_parsed_query q;
    xc_query *x, *ck, *ev, *ti;
    lt_error err;
    xc_error xe;
    char *d, *e = NULL, *t = NULL, *c = NULL, *all;
    size_t n;
    assert_int_equal(lt_query_parse(text, &q), LT_OK);
    if (lt_query_build(&q, profile, vocab, stemmer, &x, &ck, &ev, &ti, NULL, &err) != LT_OK)
        fail_msg("%s: %s", text, err.message);
    assert_int_equal(xc_query_describe(x, &d, &xe), XC_OK);
    if (ev) assert_int_equal(xc_query_describe(ev, &e, &xe), XC_OK);
    if (ti) assert_int_equal(xc_query_describe(ti, &t, &xe), XC_OK);
    if (ck) assert_int_equal(xc_query_describe(ck, &c, &xe), XC_OK);
    n = strlen(d) + (e ? strlen(e) : 0) + (t ? strlen(t) : 0) + (c ? strlen(c) : 0) + 16;
    all = malloc(n);
    snprintf(all, n, "%s || %s || %s || %s", d, e ? e : "", t ? t : "", c ? c : "");
    free(d);
    free(e);
    free(t);
    free(c);
    xc_query_free(x);
    xc_query_free(ck);
    xc_query_free(ev);
    xc_query_free(ti);
    lt_parsed_query_release(&q);
    return all;
}

typedef struct build_case {
    const char *comment;
    const char *text;
    const char *must[4];       /* in the description */
    const char *must_not[3];   /* not in it */
} build_case;

static const build_case builds[] = {
    {"an abbreviation expands to its words (the same meaning)", "s20",
     {"m:Zs20", "m:(Zsection AND Z20)", "ev:(Zsection PHRASE 2 Z20)", NULL}, {NULL}},
    {"a multi-word alternative: its words in the match (own words only), the phrase as evidence",
     "ico", {"m:(Zinterim AND Zcare AND Zorder)", "m:Zico", "ev:(Zinterim PHRASE 3 Zcare PHRASE 3 Zorder)", NULL},
     {"m:ZSinterim", NULL}},
    {"typed words are weighed in titles after the match, which holds only their AND", "ico plan",
     {"ti:ZSico", "ti:ZSplan", "m:Zplan", "m:(ZSico AND ZSplan)"}, {"m:OR ZS", NULL}},
    {"title:word stays in the match", "title:plan", {"m:ZSplan", NULL}, {"ti:ZS", NULL}},
    {"a lay phrase gets the answers' words, related ones weigh less", "will they take my kids",
     {"m:0.59", "ev:(Ztaken PHRASE 3 Zinto PHRASE 3 Zcare)", "m:Zremov", NULL}, {"Zchildren", NULL}},
    {"a key inside a longer key is not looked up again", "take my kids",
     {"Zremov", NULL}, {"Zchildren", NULL}},
    {"misspellings of the field come with their spelling", "nessesary",
     {"Znecessari", "Znessesari", NULL}, {NULL}},
    {"stopwords leave the bag, negations stay", "the plan will not work",
     {"Zplan", "Znot", "Zwork", NULL}, {"Zthe", "Zwill", NULL}},
    {"a query of stopwords only keeps them", "what is it",
     {"Zwhat", NULL}, {NULL}},
    {"a quoted phrase must be there (a check), weighs as words and as a phrase",
     "\"care order\" plan",
     {"ck:(Zcare PHRASE 2 Zorder)", "ev:(Zcare PHRASE 2 Zorder)", "m:Zplan", "m:Zorder"},
     {"m:PHRASE", NULL}},
    {"neighbouring words add phrase evidence", "working together agreement",
     {"ev:(Zwork PHRASE 3 Ztogeth)", "ev:(Ztogeth PHRASE 3 Zagreement)", NULL}, {NULL}},
    {"field syntax is filters", "contact author:\"Tom, HFA Advisor\" role:adviser year:2020",
     {"FILTER", "Atom, hfa advisor", "XROLEadviser", "VALUE_RANGE 1 202001010000 202012312359"},
     {NULL}},
    {"exclusions", "contact -supervised", {"AND_NOT", "Zsupervis", NULL}, {NULL}},
    {"only an exclusion starts from every document", "-adoption",
     {"<alldocuments>", "AND_NOT", NULL}, {NULL}},
};

/* Whether `want` is within [from, to) of a description. */
static int within(const char *from, const char *to, const char *want) {
    const char *hit = strstr(from, want);
    return hit && hit + strlen(want) <= to;
}

/* "m:…" must be in the match query, "ev:…" in the evidence query, "ti:…"
 * in the titles query, "ck:…" in the checks, and anything else in any of
 * them. */
static int holds(const char *all, const char *want) {
    const char *bar1 = strstr(all, " || ");
    const char *bar2 = bar1 ? strstr(bar1 + 4, " || ") : NULL;
    const char *bar3 = bar2 ? strstr(bar2 + 4, " || ") : NULL;
    const char *end = all + strlen(all);
    if (!bar1 || !bar2 || !bar3) return 0;
    if (!strncmp(want, "m:", 2)) return within(all, bar1, want + 2);
    if (!strncmp(want, "ev:", 3)) return within(bar1, bar2, want + 3);
    if (!strncmp(want, "ti:", 3)) return within(bar2, bar3, want + 3);
    if (!strncmp(want, "ck:", 3)) return within(bar3, end, want + 3);
    return strstr(all, want) != NULL;
}

/* The default profile with the weights the table's descriptions spell
 * out, so that retuning the default does not rewrite the table. */
static lt_rank_profile table_profile(void) {
    lt_rank_profile p = lt_profile_default;
    p.title = 1.0;
    p.same = 1.0;
    p.related = 0.6;
    return p;
}

static void test_build_table(void **state) {
    size_t i, k;
    const lt_rank_profile profile = table_profile();
    (void)state;
    for (i = 0; i < sizeof builds / sizeof *builds; i++) {
        char *d = describe(builds[i].text, &profile);
        for (k = 0; k < 4 && builds[i].must[k]; k++)
            if (!holds(d, builds[i].must[k]))
                fail_msg("%s: '%s' lacks %s:\n%s", builds[i].comment, builds[i].text,
                         builds[i].must[k], d);
        for (k = 0; k < 3 && builds[i].must_not[k]; k++)
            if (holds(d, builds[i].must_not[k]))
                fail_msg("%s: '%s' has %s:\n%s", builds[i].comment, builds[i].text,
                         builds[i].must_not[k], d);
        free(d);
    }
}

static void test_plain_profile_has_no_extras(void **state) {
    char *d = describe("the s20 working together", &lt_profile_plain);
    (void)state;
    /* Every word as typed, nothing added. */
    assert_non_null(strstr(d, "Zthe"));
    assert_null(strstr(d, "section"));
    assert_null(strstr(d, "PHRASE"));
    free(d);
}

static void test_vocab_file_errors(void **state) {
    lt_vocab *v = lt_vocab_new();
    lt_error err;
    static const char bad1[] = "ok = fine\nno separator here\n";
    static const char bad2[] = "key = a || b\n";
    static const char good[] = "# comment\nfoo bar ~ baz | qux quux\nfoo bar = zap\n";
    (void)state;
    assert_int_equal(lt_vocab_parse(v, stemmer, "mine.txt", bad1, sizeof bad1 - 1, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "mine.txt:2:"));
    assert_int_equal(lt_vocab_parse(v, stemmer, "mine.txt", bad2, sizeof bad2 - 1, &err), LT_EFORMAT);
    assert_non_null(strstr(err.message, "empty alternative"));
    lt_vocab_free(v);
    v = lt_vocab_new();
    assert_int_equal(lt_vocab_parse(v, stemmer, "mine.txt", good, sizeof good - 1, &err), LT_OK);
    assert_int_equal(lt_vocab_size(v), 1);   /* one key, merged */
    assert_int_equal(lt_vocab_entry_at(v, 0)->n_alts, 3);
    assert_int_equal(lt_vocab_entry_at(v, 0)->relations[0], LT_VOCAB_RELATED);
    assert_int_equal(lt_vocab_entry_at(v, 0)->relations[2], LT_VOCAB_SAME);
    lt_vocab_free(v);
}

/* ---- Concepts (coordination) ---- */

/* Each weighed word is a concept; its vocabulary alternatives stand for
 * it too; stopwords are none. */
static void test_concepts(void **state) {
    lt_parsed_query q;
    xc_query *x, *ck, *ev, *ti;
    lt_concepts c;
    lt_error err;
    (void)state;
    assert_int_equal(lt_query_parse("my bf refuses the agreement", &q), LT_OK);
    assert_int_equal(
        lt_query_build(&q, &lt_profile_default, vocab, stemmer, &x, &ck, &ev, &ti, &c, &err),
        LT_OK);
    assert_null(ck);
    assert_int_equal(c.n, 3);   /* bf, refuses, agreement */
    assert_int_equal(lt_concepts_of(&c, "Zbf", 3), 1u);
    assert_int_equal(lt_concepts_of(&c, "ZSbf", 4), 1u);
    assert_int_equal(lt_concepts_of(&c, "Zboyfriend", 10), 1u);   /* bf = boyfriend */
    assert_int_equal(lt_concepts_of(&c, "Zpartner", 8), 1u);      /* bf ~ partner */
    assert_int_equal(lt_concepts_of(&c, "Zrefus", 6), 2u);
    assert_int_equal(lt_concepts_of(&c, "Zagreement", 10), 4u);
    assert_int_equal(lt_concepts_of(&c, "Zmy", 3), 0u);
    lt_concepts_release(&c);
    xc_query_free(x);
    xc_query_free(ev);
    xc_query_free(ti);
    lt_parsed_query_release(&q);
}

/* ---- Corrected queries, searched ---- */

static void test_corrected_query_is_searched(void **state) {
    char *dir = ts_tempdir(), *db = ts_path(dir, "db"), *fx = ts_fixture("text");
    const char *paths[1];
    lt_walk files;
    lt_index_summary sum;
    lt_searcher *s;
    lt_results *r;
    lt_error err;
    lt_search_options o;
    (void)state;
    lt_walk_init(&files);
    assert_int_equal(lt_walk_add(&files, fx, NULL, &err), LT_OK);
    assert_int_equal(lt_index_files(db, &files, NULL, NULL, NULL, &sum, &err), LT_OK);
    paths[0] = db;
    assert_int_equal(lt_searcher_open(paths, 1, &s, &err), LT_OK);
    /* "grandparnets" is known in no form; "grandparents" is. */
    assert_int_equal(lt_search(s, "grandparnets", NULL, &r, &err), LT_OK);
    assert_string_equal(r->corrected, "grandparents");
    assert_true(r->showing_corrected);
    assert_true(r->n_hits > 0);
    assert_string_equal(r->hits[0].thread, "postby_profile_quote.txt");
    lt_results_free(r);
    /* Plain BM25 offers the correction but shows what was typed found. */
    lt_search_options_init(&o);
    o.profile = &lt_profile_plain;
    assert_int_equal(lt_search(s, "grandparnets", &o, &r, &err), LT_OK);
    assert_string_equal(r->corrected, "grandparents");
    assert_false(r->showing_corrected);
    assert_int_equal(r->n_hits, 0);
    lt_results_free(r);
    /* The corrected word counts in a longer query too (as typed it would
     * match nothing), and the results say so... */
    assert_int_equal(lt_search(s, "grandparnets social worker plan", NULL, &r, &err), LT_OK);
    assert_true(r->showing_corrected);
    assert_string_equal(r->corrected, "grandparents social worker plan");
    assert_true(r->n_hits > 0);
    lt_results_free(r);
    /* ...unless the query is wanted exactly as typed. */
    lt_search_options_init(&o);
    o.exact = 1;
    assert_int_equal(lt_search(s, "grandparnets social worker plan", &o, &r, &err), LT_OK);
    assert_false(r->showing_corrected);
    assert_string_equal(r->corrected, "grandparents social worker plan");
    lt_results_free(r);
    lt_searcher_free(s);
    lt_walk_release(&files);
    ts_rmtree(dir);
    free(dir);
    free(db);
    free(fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_syntax),
        cmocka_unit_test(test_parse_malformed),
        cmocka_unit_test(test_parse_many_clauses_bounded),
        cmocka_unit_test(test_build_table),
        cmocka_unit_test(test_plain_profile_has_no_extras),
        cmocka_unit_test(test_vocab_file_errors),
        cmocka_unit_test(test_concepts),
        cmocka_unit_test(test_corrected_query_is_searched),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
