/* lantern-relevance — how good are the answers? Scores ranking profiles
 * on judged queries: nDCG@10, MRR@10 and recall@10, per post and per
 * thread, plain BM25 beside Lantern's profile in the same run.
 *
 *   lantern-relevance --db INDEX --dir bench/relevance [--tune] [--by-kind]
 *                     [--require-gain G]
 *
 * --require-gain G exits 1 unless Lantern's thread nDCG@10 and MRR@10 both
 * beat plain BM25's by at least G (the test suite's check that the
 * mechanism still earns its keep; the set itself is never edited to pass).
 *
 * The judged set (bench/relevance/README.md): needs.tsv (what a searcher
 * wants), queries.tsv (how people type it, each for one need),
 * judgments.tsv (need, document, grade 3/2/1; unlisted documents are 0).
 */
#include <getopt.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_searcher.h"

#define MAX_QUERIES 2000
#define MAX_JUDGMENTS 50000
#define K 10

typedef struct query { char *id, *need, *kind, *text; } query;
typedef struct judgment { char *need, *doc, *thread; int grade; } judgment;

static query queries[MAX_QUERIES];
static size_t n_queries;
static judgment judgments[MAX_JUDGMENTS];
static size_t n_judgments;

/* ---- Reading the judged set ---- */

static char *dup_field(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p) { perror("malloc"); exit(1); }
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Splits a TAB-separated line into at most max fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *tab = strchr(p, '\t');
        f[n++] = p;
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static FILE *open_in(const char *dir, const char *name) {
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "lantern-relevance: cannot read %s\n", path);
        exit(2);
    }
    return f;
}

static void load(const char *dir) {
    char line[8192], *f[5];
    FILE *in = open_in(dir, "queries.tsv");
    size_t line_no = 0;
    while (fgets(line, sizeof line, in)) {
        line_no++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        if (split_tabs(line, f, 4) != 4 || n_queries == MAX_QUERIES) {
            fprintf(stderr, "queries.tsv:%zu: want id, need, kind, query\n", line_no);
            exit(2);
        }
        queries[n_queries].id = dup_field(f[0], strlen(f[0]));
        queries[n_queries].need = dup_field(f[1], strlen(f[1]));
        queries[n_queries].kind = dup_field(f[2], strlen(f[2]));
        queries[n_queries].text = dup_field(f[3], strlen(f[3]));
        n_queries++;
    }
    fclose(in);
    in = open_in(dir, "judgments.tsv");
    line_no = 0;
    while (fgets(line, sizeof line, in)) {
        char *hash;
        line_no++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        if (split_tabs(line, f, 3) != 3 || n_judgments == MAX_JUDGMENTS ||
            (f[2][0] < '0' || f[2][0] > '3' || f[2][1])) {
            fprintf(stderr, "judgments.tsv:%zu: want need, document, grade 0-3\n", line_no);
            exit(2);
        }
        hash = strrchr(f[1], '#');
        judgments[n_judgments].need = dup_field(f[0], strlen(f[0]));
        judgments[n_judgments].doc = dup_field(f[1], strlen(f[1]));
        judgments[n_judgments].thread = dup_field(f[1], hash ? (size_t)(hash - f[1]) : strlen(f[1]));
        judgments[n_judgments].grade = f[2][0] - '0';
        n_judgments++;
    }
    fclose(in);
}

static int post_grade(const char *need, const char *doc) {
    size_t i;
    for (i = 0; i < n_judgments; i++)
        if (!strcmp(judgments[i].need, need) && !strcmp(judgments[i].doc, doc))
            return judgments[i].grade;
    return 0;
}

static int thread_grade(const char *need, const char *thread) {
    size_t i;
    int g = 0;
    for (i = 0; i < n_judgments; i++)
        if (!strcmp(judgments[i].need, need) && !strcmp(judgments[i].thread, thread) &&
            judgments[i].grade > g)
            g = judgments[i].grade;
    return g;
}

/* The best grade of each judged thread of the need, best first. */
static size_t ideal(const char *need, int *grades, size_t max) {
    size_t i, j, n = 0;
    for (i = 0; i < n_judgments; i++) {
        int dup = 0, g;
        if (strcmp(judgments[i].need, need) || judgments[i].grade == 0) continue;
        for (j = 0; j < i && !dup; j++)
            dup = !strcmp(judgments[j].need, need) &&
                  !strcmp(judgments[j].thread, judgments[i].thread) && judgments[j].grade > 0;
        if (dup || n == max) continue;
        g = thread_grade(need, judgments[i].thread);
        grades[n++] = g;
    }
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && grades[j] > grades[j - 1]; j--) {
            int t = grades[j];
            grades[j] = grades[j - 1];
            grades[j - 1] = t;
        }
    return n;
}

/* ---- Metrics ---- */

typedef struct scores {
    double ndcg[2], mrr[2], recall[2];   /* [0] per post, [1] per thread */
} scores;

static double dcg(const int *g, size_t n) {
    double s = 0;
    size_t i;
    for (i = 0; i < n && i < K; i++) s += (pow(2.0, g[i]) - 1) / log2((double)i + 2);
    return s;
}

static void score_query(const query *q, const lt_results *r, scores *out) {
    int got[2][K], want[4096];
    size_t n = r->n_hits < K ? r->n_hits : K, n_ideal = ideal(q->need, want, 4096), i, level;
    size_t relevant_threads = 0;
    for (i = 0; i < n_ideal; i++) relevant_threads += want[i] >= 1;
    for (i = 0; i < n; i++) {
        got[0][i] = post_grade(q->need, r->hits[i].doc);
        got[1][i] = thread_grade(q->need, r->hits[i].thread);
    }
    for (level = 0; level < 2; level++) {
        double best = dcg(want, n_ideal);
        size_t found = 0;
        out->ndcg[level] = best > 0 ? dcg(got[level], n) / best : 0;
        out->mrr[level] = 0;
        for (i = 0; i < n; i++) {
            if (got[level][i] >= 2 && out->mrr[level] == 0) out->mrr[level] = 1.0 / (double)(i + 1);
            found += got[level][i] >= 1;
        }
        out->recall[level] = relevant_threads
                                 ? (double)found / (double)(relevant_threads < K ? relevant_threads : K)
                                 : 0;
    }
}

/* Which half of the needs a query's need falls in: its number's parity.
 * Tuning on one half and scoring on the other keeps every query of a need,
 * and its spelled-out sibling, on the same side. */
static int need_half(const query *q) {
    const char *p = q->need;
    while (*p && (*p < '0' || *p > '9')) p++;
    return (int)(strtoul(p, NULL, 10) % 2);
}

/* The scores of one query under `profile`. */
static void score_one(lt_searcher *s, const lt_rank_profile *profile, const query *q,
                      scores *out) {
    lt_results *r;
    lt_error err;
    lt_search_options o;
    lt_search_options_init(&o);
    o.limit = K;
    o.profile = profile;
    if (lt_search(s, q->text, &o, &r, &err) != LT_OK) {
        fprintf(stderr, "lantern-relevance: %s: %s\n", q->id, err.message);
        exit(1);
    }
    score_query(q, r, out);
    lt_results_free(r);
}

/* Mean scores of `profile` over the queries whose need is in half `half`
 * (0 or 1), or all queries (half -1). */
static scores run(lt_searcher *s, const lt_rank_profile *profile, int half, const char *kind,
                  size_t *counted) {
    scores sum, one;
    size_t i, n = 0, k;
    memset(&sum, 0, sizeof sum);
    for (i = 0; i < n_queries; i++) {
        if (half >= 0 && need_half(&queries[i]) != half) continue;
        if (kind && strcmp(queries[i].kind, kind) != 0) continue;
        score_one(s, profile, &queries[i], &one);
        for (k = 0; k < 2; k++) {
            sum.ndcg[k] += one.ndcg[k];
            sum.mrr[k] += one.mrr[k];
            sum.recall[k] += one.recall[k];
        }
        n++;
    }
    for (k = 0; n && k < 2; k++) {
        sum.ndcg[k] /= (double)n;
        sum.mrr[k] /= (double)n;
        sum.recall[k] /= (double)n;
    }
    if (counted) *counted = n;
    return sum;
}

/* The spelled-out sibling of a misspelt or abbreviated query: the query
 * of the same need whose id is this one's with "p" for its last letter
 * (q07a, q07m → q07p). NULL when there is none. */
static const query *sibling(const query *q) {
    size_t i, len = strlen(q->id);
    for (i = 0; i < n_queries; i++) {
        const query *o = &queries[i];
        if (o != q && !strcmp(o->kind, "plain") && !strcmp(o->need, q->need) &&
            strlen(o->id) == len && !strncmp(o->id, q->id, len - 1) && o->id[len - 1] == 'p')
            return o;
    }
    return NULL;
}

/* Misspelt and abbreviated queries beside their spelled-out siblings:
 * what the shortcuts cost, under plain BM25 and under Lantern. */
static void print_siblings(lt_searcher *s) {
    static const char *const kinds[] = {"misspelt", "abbreviated"};
    size_t k, i;
    printf("\nShortcuts beside their spelled-out siblings (thread nDCG@10 / MRR@10):\n\n");
    printf("| kind | pairs | plain BM25: spelled out → as typed | Lantern: spelled out → as typed "
           "| Lantern MRR: spelled out → as typed |\n");
    printf("|---|---|---|---|---|\n");
    for (k = 0; k < 2; k++) {
        double sum[3][2] = {{0}};
        size_t n = 0;
        for (i = 0; i < n_queries; i++) {
            const query *q = &queries[i], *sib;
            scores a, b;
            if (strcmp(q->kind, kinds[k]) != 0 || !(sib = sibling(q))) continue;
            score_one(s, &lt_profile_plain, sib, &a);
            score_one(s, &lt_profile_plain, q, &b);
            sum[0][0] += a.ndcg[1];
            sum[0][1] += b.ndcg[1];
            score_one(s, &lt_profile_default, sib, &a);
            score_one(s, &lt_profile_default, q, &b);
            sum[1][0] += a.ndcg[1];
            sum[1][1] += b.ndcg[1];
            sum[2][0] += a.mrr[1];
            sum[2][1] += b.mrr[1];
            n++;
        }
        if (n)
            printf("| %s | %zu | %.3f → %.3f | %.3f → %.3f | %.3f → %.3f |\n", kinds[k], n,
                   sum[0][0] / n, sum[0][1] / n, sum[1][0] / n, sum[1][1] / n, sum[2][0] / n,
                   sum[2][1] / n);
    }
}

static double objective(const scores *s) { return s->ndcg[1] + s->mrr[1]; }

static void print_row(const char *name, const scores *s) {
    printf("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, s->ndcg[1], s->mrr[1],
           s->recall[1], s->ndcg[0], s->mrr[0], s->recall[0]);
}

static void print_header(void) {
    printf("| profile | thread nDCG@10 | thread MRR@10 | thread recall@10 "
           "| post nDCG@10 | post MRR@10 | post recall@10 |\n");
    printf("|---|---|---|---|---|---|---|\n");
}

/* ---- Tuning: coordinate ascent over a coarse grid ---- */

typedef struct knob {
    const char *name;
    size_t offset;
    double values[8];
    size_t n;
} knob;

#define KNOB(field, ...) {#field, offsetof(lt_rank_profile, field), {__VA_ARGS__}, \
                          sizeof((double[]){__VA_ARGS__}) / sizeof(double)}

static const knob knobs[] = {
    KNOB(title, 0.5, 1.0, 1.5, 2.0),
    KNOB(quoted, 0.0, 0.3, 0.6, 1.0),
    KNOB(same, 0.6, 0.8, 1.0),
    KNOB(related, 0.2, 0.4, 0.6, 0.8),
    KNOB(pairs, 0.0, 0.5, 1.0, 2.0),
    KNOB(adviser_prior, 1.0, 1.2, 1.4, 1.6, 2.0),
    KNOB(faq_prior, 0.8, 1.0, 1.2, 1.4),
    KNOB(k1, 0.8, 1.2, 1.6, 2.0),
    KNOB(coordination, 0.0, 0.5, 1.0, 2.0),
    KNOB(answer_share, 0.0, 0.3, 0.5, 0.7, 0.9),
    KNOB(b, 0.3, 0.5, 0.75, 0.9),
};

static void tune(lt_searcher *s, lt_rank_profile start) {
    lt_rank_profile best = start;
    scores tuned, held, base;
    size_t round, k, v;
    double best_obj;
    base = run(s, &best, 0, NULL, NULL);
    best_obj = objective(&base);
    printf("Tuning on the queries of even-numbered needs (coordinate ascent, 2 rounds):\n\n");
    for (round = 0; round < 2; round++) {
        for (k = 0; k < sizeof knobs / sizeof *knobs; k++) {
            for (v = 0; v < knobs[k].n; v++) {
                lt_rank_profile trial = best;
                scores sc;
                double obj;
                *(double *)((char *)&trial + knobs[k].offset) = knobs[k].values[v];
                sc = run(s, &trial, 0, NULL, NULL);
                obj = objective(&sc);
                /* Only a clear gain moves a weight: ties keep the current. */
                if (obj > best_obj + 0.002) {
                    best_obj = obj;
                    best = trial;
                    printf("  %-14s = %-5.2f  thread nDCG %.3f  MRR %.3f\n", knobs[k].name,
                           knobs[k].values[v], sc.ndcg[1], sc.mrr[1]);
                }
            }
        }
    }
    printf("\nChosen: title %.2f, quoted %.2f, same %.2f, related %.2f, pairs %.2f, "
           "adviser_prior %.2f, faq_prior %.2f, k1 %.2f, b %.2f, coordination %.2f, "
           "answer_share %.2f\n\n",
           best.title, best.quoted, best.same, best.related, best.pairs, best.adviser_prior,
           best.faq_prior, best.k1, best.b, best.coordination, best.answer_share);
    print_header();
    tuned = run(s, &start, 1, NULL, NULL);
    print_row("current profile, odd needs' queries (held out)", &tuned);
    held = run(s, &best, 1, NULL, NULL);
    print_row("tuned profile, odd needs' queries (held out)", &held);
    base = run(s, &lt_profile_plain, 1, NULL, NULL);
    print_row("plain BM25, odd needs' queries (held out)", &base);
}

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"dir", required_argument, NULL, 'j'},
        {"tune", no_argument, NULL, 't'},
        {"by-kind", no_argument, NULL, 'k'},
        {"require-gain", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *dir = NULL, *paths[1];
    int opt, do_tune = 0, by_kind = 0;
    double require_gain = -1;
    lt_searcher *s;
    lt_error err;
    scores plain, lantern;
    size_t n;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd': db = optarg; break;
        case 'j': dir = optarg; break;
        case 't': do_tune = 1; break;
        case 'k': by_kind = 1; break;
        case 'g': require_gain = atof(optarg); break;
        case 'h':
            printf("Usage: lantern-relevance --db INDEX --dir JUDGED_SET [--tune] [--by-kind]\n"
                   "                         [--require-gain G]\n");
            return 0;
        default: return 2;
        }
    }
    if (!db || !dir) {
        fprintf(stderr, "lantern-relevance: --db and --dir are required\n");
        return 2;
    }
    load(dir);
    paths[0] = db;
    if (lt_searcher_open(paths, 1, &s, &err) != LT_OK) {
        fprintf(stderr, "lantern-relevance: %s\n", err.message);
        return 1;
    }
    plain = run(s, &lt_profile_plain, -1, NULL, &n);
    lantern = run(s, &lt_profile_default, -1, NULL, NULL);
    printf("%zu queries, %zu judgments\n\n", n, n_judgments);
    print_header();
    print_row("plain BM25", &plain);
    print_row("Lantern", &lantern);
    if (by_kind) {
        static const char *const kinds[] = {"plain", "formal", "misspelt", "abbreviated", "vague"};
        size_t i;
        printf("\nBy kind of query (thread nDCG@10 / MRR@10, plain BM25 → Lantern):\n\n");
        printf("| kind | queries | plain BM25 nDCG | Lantern nDCG | plain BM25 MRR | Lantern MRR |\n");
        printf("|---|---|---|---|---|---|\n");
        for (i = 0; i < sizeof kinds / sizeof *kinds; i++) {
            size_t m;
            scores a = run(s, &lt_profile_plain, -1, kinds[i], &m);
            scores b = run(s, &lt_profile_default, -1, kinds[i], NULL);
            if (m) printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f |\n", kinds[i], m, a.ndcg[1],
                          b.ndcg[1], a.mrr[1], b.mrr[1]);
        }
        print_siblings(s);
    }
    if (do_tune) {
        printf("\n");
        tune(s, lt_profile_default);
    }
    lt_searcher_free(s);
    if (require_gain >= 0 && (lantern.ndcg[1] < plain.ndcg[1] + require_gain ||
                              lantern.mrr[1] < plain.mrr[1] + require_gain)) {
        fprintf(stderr, "lantern-relevance: Lantern's thread nDCG@10 %.3f / MRR@10 %.3f do not "
                "beat plain BM25's %.3f / %.3f by %.3f\n", lantern.ndcg[1], lantern.mrr[1],
                plain.ndcg[1], plain.mrr[1], require_gain);
        return 1;
    }
    return 0;
}
