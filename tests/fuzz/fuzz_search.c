/* fuzz_search — any text as a query, searched in a real index.
 *
 * The first call builds a small index of generated threads in a temporary
 * folder (two shards, so correction, grouping and counts cross shards); each
 * input is then searched with options taken from its first byte. The rest
 * of the input is the query. Properties: a query lt_search accepts (valid
 * UTF-8, at most 1 KB) is answered, not refused; results keep to the page
 * asked for, ranked in order, each a post of its thread; snippets carry
 * only <mark> markup; the whole answer turns into JSON (so every string in
 * it is valid UTF-8). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "gen_thread.h"
#include "gen_write.h"
#include "lt_buf.h"
#include "lt_indexer.h"
#include "lt_results_json.h"
#include "lt_searcher.h"
#include "lt_utf8.h"
#include "lt_walk.h"

static char dir[] = "/tmp/lantern-fuzz-search-XXXXXX";
static lt_searcher *searcher;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_index(void) {
    lt_searcher_free(searcher);
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* 300 generated threads, as JSON Lines, indexed into two shards. */
static void build_index(void) {
    char in[sizeof dir + 16], file[sizeof dir + 32], db[sizeof dir + 16];
    const char *paths[1];
    gen *g = gen_new(11, 20000);
    lt_index_options o;
    lt_index_summary summary;
    lt_walk files;
    lt_error err;
    lt_buf buf;
    FILE *f;
    uint64_t i;
    memset(&o, 0, sizeof o);
    o.no_sync = 1;
    o.jobs = 2;
    FUZZ_CHECK(g && mkdtemp(dir));
    atexit(remove_index);
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(file, sizeof file, "%s/in/threads.jsonl", dir);
    snprintf(db, sizeof db, "%s/db", dir);
    FUZZ_CHECK(mkdir(in, 0700) == 0);
    lt_buf_init(&buf, 64u << 20);
    for (i = 0; i < 300; i++) {
        lt_thread *t;
        FUZZ_CHECK(gen_thread(g, i, &t) == LT_OK);
        gen_write_jsonl(t, &buf);
        lt_thread_free(t);
    }
    FUZZ_CHECK(lt_buf_status(&buf) == LT_OK && (f = fopen(file, "wb")));
    fwrite(buf.data, 1, buf.len, f);
    fclose(f);
    lt_buf_release(&buf);
    gen_free(g);
    lt_walk_init(&files);
    FUZZ_CHECK(lt_walk_add(&files, in, NULL, &err) == LT_OK);
    FUZZ_CHECK(lt_index_files(db, &files, NULL, &o, NULL, &summary, &err) == LT_OK);
    lt_walk_release(&files);
    paths[0] = db;
    FUZZ_CHECK(lt_searcher_open(paths, 1, &searcher, &err) == LT_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char query[LT_SEARCH_MAX_QUERY_BYTES + 1];
    lt_search_options o;
    lt_results *r;
    lt_error err;
    size_t i;
    char *json;
    if (!searcher) build_index();
    if (size < 1 || size - 1 > LT_SEARCH_MAX_QUERY_BYTES) return 0;
    if (!lt_utf8_valid((const char *)data + 1, size - 1) || memchr(data + 1, '\0', size - 1))
        return 0;
    memcpy(query, data + 1, size - 1);
    query[size - 1] = '\0';
    lt_search_options_init(&o);
    o.limit = 1 + (data[0] & 7) * 3;                 /* 1 … 22 */
    o.offset = (data[0] >> 3 & 1) ? 10 : 0;
    o.exact = data[0] >> 4 & 1;
    o.role_filter = (data[0] >> 5 & 1) ? LT_ROLE_ADVISER : -1;
    o.type_filter = (data[0] >> 6 & 1) ? LT_TYPE_POST : -1;
    if (data[0] >> 7) snprintf(o.date_from, sizeof o.date_from, "2019-01-01T00:00");
    FUZZ_CHECK(lt_search(searcher, query, &o, &r, &err) == LT_OK);
    FUZZ_CHECK(r->n_hits <= o.limit);
    for (i = 0; i < r->n_hits; i++) {
        const lt_hit *h = &r->hits[i];
        size_t tl = strlen(h->thread);
        FUZZ_CHECK(h->rank == o.offset + i + 1);
        FUZZ_CHECK(i == 0 || h->score <= r->hits[i - 1].score + 1e-9);
        FUZZ_CHECK(!strncmp(h->doc, h->thread, tl) && h->doc[tl] == '#');
        FUZZ_CHECK(o.role_filter < 0 || h->role == LT_ROLE_ADVISER);
        FUZZ_CHECK(o.type_filter < 0 || h->type == LT_TYPE_POST);
        fuzz_check_snippet_markup(h->snippet, strlen(h->snippet));
    }
    FUZZ_CHECK((json = lt_results_to_json_string(r)) != NULL);
    free(json);
    lt_results_free(r);
    return 0;
}
