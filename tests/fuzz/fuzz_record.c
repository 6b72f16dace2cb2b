/* fuzz_record — any bytes as a stored record.
 *
 * Records come back from the index files, which a damaged disk or another
 * program may have changed. Properties: decoding never reads past the end
 * (lt_record.h, and AddressSanitizer watches); a record it accepts has
 * every span inside the input and a known role and type; and a record
 * encoded again from what was decoded decodes to the same fields. */
#include <string.h>

#include "fuzz.h"
#include "lt_buf.h"
#include "lt_record.h"

static int inside(lt_span sp, const char *data, size_t len) {
    return sp.len == 0 || (sp.s >= data && sp.len <= len && sp.s - data <= (ptrdiff_t)(len - sp.len));
}

static char *dup_span(lt_span sp) {
    char *p = malloc(sp.len + 1);
    if (!p) return NULL;
    if (sp.len) memcpy(p, sp.s, sp.len);
    p[sp.len] = '\0';
    return p;
}

static int has_nul(lt_span sp) { return sp.len && memchr(sp.s, '\0', sp.len) != NULL; }

static int same(lt_span a, lt_span b) { return a.len == b.len && (!a.len || !memcmp(a.s, b.s, a.len)); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* A copy of exactly `size` bytes, so any read past it is caught. */
    char *copy = malloc(size ? size : 1);
    lt_record r, again;
    lt_thread t;
    lt_post p;
    lt_buf out;
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    if (lt_record_decode(copy, size, &r) != LT_OK) {
        free(copy);
        return 0;
    }
    FUZZ_CHECK(inside(r.doc, copy, size) && inside(r.thread, copy, size) &&
               inside(r.title, copy, size) && inside(r.author, copy, size) &&
               inside(r.date, copy, size) && inside(r.url, copy, size) &&
               inside(r.forum, copy, size) && inside(r.text, copy, size) &&
               inside(r.quoted, copy, size));
    FUZZ_CHECK(r.role == LT_ROLE_MEMBER || r.role == LT_ROLE_ADVISER);
    FUZZ_CHECK(r.type == LT_TYPE_POST || r.type == LT_TYPE_FAQ);
    /* Encode what was read as the thread and post it stands for (a NUL in
     * a span would end its C string: such a record cannot come back the same). */
    if (has_nul(r.doc) || has_nul(r.thread) || has_nul(r.title) || has_nul(r.author) ||
        has_nul(r.date) || has_nul(r.url) || has_nul(r.forum) || has_nul(r.text) ||
        has_nul(r.quoted)) {
        free(copy);
        return 0;
    }
    memset(&t, 0, sizeof t);
    memset(&p, 0, sizeof p);
    t.id = dup_span(r.thread);
    t.title = dup_span(r.title);
    t.forum = r.forum.len ? dup_span(r.forum) : NULL;
    t.type = r.type;
    p.position = r.position;
    p.role = r.role;
    p.author = dup_span(r.author);
    p.url = r.url.len ? dup_span(r.url) : NULL;
    p.text = dup_span(r.text);
    p.quoted = dup_span(r.quoted);
    if (r.date.len < LT_DATE_SIZE) {
        memcpy(p.date, r.date.s ? r.date.s : "", r.date.len);
        p.date[r.date.len] = '\0';
    }
    lt_buf_init(&out, size * 2 + 4096);
    if (t.id && t.title && p.author && p.text && p.quoted && r.date.len < LT_DATE_SIZE &&
        lt_record_encode(&t, &p, r.doc.s ? r.doc.s : "", r.doc.len, &out) == LT_OK) {
        FUZZ_CHECK(lt_record_decode(out.data, out.len, &again) == LT_OK);
        FUZZ_CHECK(same(again.doc, r.doc) && same(again.thread, r.thread) &&
                   same(again.title, r.title) && same(again.author, r.author) &&
                   same(again.text, r.text) && same(again.quoted, r.quoted) &&
                   again.position == r.position && again.role == r.role && again.type == r.type);
    }
    lt_buf_release(&out);
    free(t.id);
    free(t.title);
    free(t.forum);
    free(p.author);
    free(p.url);
    free(p.text);
    free(p.quoted);
    free(copy);
    return 0;
}
