/* fts5 — SQLite FTS5 (porter) as a peer for bench/: one row per post with
 * title, body and quoted columns, one transaction; 'optimize' (its
 * compaction) is a separate step, timed apart as other engines' are.
 *
 *   fts5 index DB FILE.tsv...           (prints posts and seconds)
 *   fts5 optimize DB                    (FTS5's merge of its b-trees)
 *   fts5 query DB QUERIES REPEATS       (bm25 ranking, top 10 with bodies)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_timing.h"


static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "fts5: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

/* Opens *db, or exits saying why. (Not check(sqlite3_open(p, &db), db, …):
 * C may read db for the second argument before the call sets it.) */
static void open_db(const char *path, sqlite3 **db) {
    int rc = sqlite3_open(path, db);
    check(rc, *db, "open");
}

static int do_index(int argc, char **argv) {
    sqlite3 *db;
    sqlite3_stmt *ins;
    long posts = 0;
    double t0;
    int i;
    char *line = NULL;
    size_t cap = 0;
    remove(argv[2]);
    open_db(argv[2], &db);
    check(sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                           "CREATE VIRTUAL TABLE posts USING fts5(title, body, quoted,"
                           " tokenize='porter unicode61');", NULL, NULL, NULL), db, "create");
    check(sqlite3_prepare_v2(db, "INSERT INTO posts(title, body, quoted) VALUES (?, ?, ?)", -1,
                             &ins, NULL), db, "prepare");
    t0 = qt_now();
    check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
    for (i = 3; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        ssize_t n;
        if (!f) { perror(argv[i]); return 1; }
        while ((n = getline(&line, &cap, f)) > 0) {
            char *field[5], *p = line;
            int k;
            if (line[n - 1] == '\n') line[n - 1] = '\0';
            for (k = 0; k < 5 && p; k++) {
                field[k] = p;
                p = strchr(p, '\t');
                if (p) *p++ = '\0';
            }
            if (k < 5) continue;
            sqlite3_bind_text(ins, 1, field[2], -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 2, field[3], -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, field[4], -1, SQLITE_STATIC);
            check(sqlite3_step(ins), db, "insert");
            sqlite3_reset(ins);
            posts++;
        }
        fclose(f);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    printf("posts %ld seconds %f\n", posts, qt_now() - t0);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    free(line);
    return 0;
}

/* The query's words, each quoted, ORed: FTS5's bag of words. */
static void to_match(const char *q, char *out, size_t size) {
    size_t o = 0;
    int in_word = 0, words = 0;
    for (; *q && o + 8 < size; q++) {
        int w = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
                (unsigned char)*q >= 0x80;
        if (w && !in_word) {
            if (words++) { memcpy(out + o, " OR ", 4); o += 4; }
            out[o++] = '"';
        } else if (!w && in_word) {
            out[o++] = '"';
        }
        if (w) out[o++] = *q;
        in_word = w;
    }
    if (in_word) out[o++] = '"';
    out[o] = '\0';
}

static int do_query(char **argv) {
    sqlite3 *db;
    sqlite3_stmt *st;
    qt_query *queries;
    char match[4096];
    int nq, repeats = atoi(argv[4]), r, k;
    double *times;
    size_t nt = 0;
    if ((nq = qt_read_queries(argv[3], &queries)) < 0) return 1;
    open_db(argv[2], &db);
    check(sqlite3_prepare_v2(db, "SELECT rowid, body FROM posts WHERE posts MATCH ? "
                                 "ORDER BY rank LIMIT 10", -1, &st, NULL), db, "prepare");
    times = malloc(sizeof *times * (size_t)(nq * repeats + 1));
    if (!times) return 1;
    for (r = 0; r < repeats; r++)
        for (k = 0; k < nq; k++) {
            double t0 = qt_now();
            to_match(queries[k], match, sizeof match);
            sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
            while (sqlite3_step(st) == SQLITE_ROW) (void)sqlite3_column_text(st, 1);
            sqlite3_reset(st);
            times[nt++] = qt_now() - t0;
        }
    qt_report(times, nt);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(times);
    free(queries);
    return 0;
}

static int do_optimize(const char *path) {
    sqlite3 *db;
    open_db(path, &db);
    check(sqlite3_exec(db, "INSERT INTO posts(posts) VALUES('optimize'); VACUUM;", NULL, NULL,
                       NULL), db, "optimize");
    sqlite3_close(db);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && !strcmp(argv[1], "index")) return do_index(argc, argv);
    if (argc == 3 && !strcmp(argv[1], "optimize")) return do_optimize(argv[2]);
    if (argc == 5 && !strcmp(argv[1], "query")) return do_query(argv);
    fprintf(stderr, "usage: fts5 index DB FILE.tsv... | optimize DB | query DB QUERIES REPEATS\n");
    return 2;
}
