/* fuzz_ingest — any bytes as an input file, through the readers.
 *
 * The first byte picks the file's name (and so the format hints: .txt,
 * .html, .jsonl, .json); the rest is its contents. Properties: reading
 * ends with a status, never a crash; every thread delivered keeps the
 * data model's promises (lt_thread.h: valid UTF-8 everywhere, dates empty
 * or ISO, posts numbered and within the limits); and each post's record
 * decodes to what was encoded (lt_record.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "lt_buf.h"
#include "lt_config.h"
#include "lt_ingest.h"
#include "lt_record.h"
#include "lt_thread_join.h"
#include "lt_utf8.h"

static const char *const names[] = {"thread.txt", "page.html", "posts.jsonl", "doc.json"};

static void check_text(const char *s, int may_be_null) {
    if (!s) {
        FUZZ_CHECK(may_be_null);
        return;
    }
    FUZZ_CHECK(lt_utf8_valid(s, strlen(s)));
}

static void check_span(lt_span sp, const char *expected) {
    size_t len = expected ? strlen(expected) : 0;
    FUZZ_CHECK(sp.len == len);
    FUZZ_CHECK(len == 0 || memcmp(sp.s, expected, len) == 0);
}

static void check_date(const char *d) {
    size_t len = strlen(d);
    FUZZ_CHECK(len == 0 || len == LT_DATE_LEN);
    if (len) FUZZ_CHECK(d[4] == '-' && d[7] == '-' && d[10] == 'T' && d[13] == ':');
}

static lt_status check_thread(void *ctx, lt_thread *t, lt_error *err) {
    lt_buf rec;
    size_t i;
    (void)ctx;
    (void)err;
    FUZZ_CHECK(t->id && t->id[0]);
    check_text(t->id, 0);
    check_text(t->title, 0);
    check_text(t->forum, 1);
    check_text(t->url, 1);
    FUZZ_CHECK(t->n_posts <= LT_MAX_POSTS);
    lt_buf_init(&rec, 3 * LT_MAX_FIELD_BYTES + 4096);
    for (i = 0; i < t->n_posts; i++) {
        const lt_post *p = &t->posts[i];
        lt_record r;
        FUZZ_CHECK(t->type == LT_TYPE_FAQ || p->position >= 1);   /* FAQ sections count from 0 */
        check_text(p->author, 0);
        check_text(p->title, 1);
        check_text(p->url, 1);
        check_text(p->text, 0);
        check_text(p->quoted, 0);
        check_date(p->date);
        FUZZ_CHECK(strlen(p->text) <= LT_MAX_FIELD_BYTES);
        FUZZ_CHECK(strlen(p->quoted) <= LT_MAX_FIELD_BYTES);
        lt_buf_reset(&rec);
        if (lt_record_encode(t, p, "doc#1", 5, &rec) != LT_OK) continue;   /* out of memory */
        FUZZ_CHECK(lt_record_decode(rec.data, rec.len, &r) == LT_OK);
        check_span(r.text, p->text);
        check_span(r.quoted, p->quoted);
        check_span(r.author, p->author);
        check_span(r.title, lt_post_title(t, p));
        FUZZ_CHECK(r.position == p->position && r.role == p->role && r.type == t->type);
    }
    lt_buf_release(&rec);
    return LT_OK;
}

/* The folder each input is written into; removed at exit, empty by then
 * (each input's file is unlinked after it is read). */
static char dir[] = "/tmp/lantern-fuzz-XXXXXX";

static void remove_dir(void) { rmdir(dir); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int made;
    char path[sizeof dir + 32];
    const char *name;
    FILE *f;
    lt_config config;
    lt_joiner *joiner;
    lt_ingest_result result;
    lt_error err;
    if (size == 0) return 0;
    if (!made) {
        if (!mkdtemp(dir)) return 0;
        atexit(remove_dir);
        made = 1;
    }
    name = names[data[0] % (sizeof names / sizeof names[0])];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "wb"))) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    lt_config_init(&config);
    joiner = lt_joiner_new(check_thread, NULL);
    if (joiner) {
        memset(&result, 0, sizeof result);
        if (lt_ingest_file(path, name, &config, NULL, check_thread, NULL, joiner, &result,
                           &err) != LT_OK)
            FUZZ_CHECK(err.message[0] != '\0');
        lt_joiner_flush(joiner, &err);
        lt_joiner_free(joiner);
    }
    lt_config_release(&config);
    unlink(path);
    return 0;
}
