/* fuzz_render — the daemon's HTML of results and of a thread, from any
 * archive text.
 *
 * The input's lines are the strings the archive and the searcher supply: a
 * query, a correction, a role, then per result a title, an author, a thread
 * id, a URL, a forum and the post's text (its snippet is made from that by
 * liblantern, as in a search). The same posts make a thread for the
 * thread view. Properties, over both: every tag is one the renderer
 * writes itself (or the snippet's <mark>); every attribute value is
 * closed, with no < or > inside; every link is to this site or over
 * http(s), so no javascript: URL from the archive becomes a link. */
#include <string.h>

#include "fuzz.h"
#include "lt_buf.h"
#include "lt_searcher.h"
#include "lt_snippet.h"
#include "lt_stem.h"
#include "lt_thread.h"
#include "lt_utf8.h"
#include "sd_render.h"

#define MAX_FIELDS 64
#define FIELDS_PER_HIT 6

static const char *const tags[] = {"a", "article", "blockquote", "br", "h1", "h2", "li", "mark",
                                   "nav", "ol", "p", "section", "span", "strong", "time"};

static int allowed_tag(const char *name, size_t len) {
    size_t i;
    for (i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (strlen(tags[i]) == len && !memcmp(tags[i], name, len)) return 1;
    return 0;
}

static int safe_href(const char *v, size_t len) {
    return (len >= 1 && (v[0] == '/' || v[0] == '?' || v[0] == '#')) ||
           (len >= 7 && !memcmp(v, "http://", 7)) || (len >= 8 && !memcmp(v, "https://", 8));
}

/* Checks every tag of html[0..len). */
static void check_html(const char *html, size_t len) {
    size_t i = 0;
    while (i < len) {
        size_t name;
        if (html[i] != '<') {
            FUZZ_CHECK(html[i] != '>');
            i++;
            continue;
        }
        i++;
        if (i < len && html[i] == '/') i++;
        name = i;
        while (i < len && html[i] >= 'a' && html[i] <= 'z') i++;
        while (i < len && html[i] >= '0' && html[i] <= '9') i++;
        FUZZ_CHECK(allowed_tag(html + name, i - name));
        /* Attributes: name="value" pairs up to the closing >. */
        while (i < len && html[i] != '>') {
            if (html[i] == '"') {
                size_t start = ++i;
                int is_href = start >= 6 && !memcmp(html + start - 6, "href=", 5);
                while (i < len && html[i] != '"') {
                    FUZZ_CHECK(html[i] != '<' && html[i] != '>');
                    i++;
                }
                FUZZ_CHECK(i < len);   /* the value is closed */
                if (is_href) FUZZ_CHECK(safe_href(html + start, i - start));
            } else {
                FUZZ_CHECK(html[i] != '<' && html[i] != '\'');
            }
            i++;
        }
        FUZZ_CHECK(i < len);   /* the tag is closed */
        i++;
    }
}

static char *field(char **f, size_t n, size_t i) { return i < n ? f[i] : ""; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static lt_stemmer *stemmer;
    char *copy, *fields[MAX_FIELDS], *p;
    size_t n = 0, n_hits, i;
    lt_results r;
    lt_hit hits[(MAX_FIELDS - 3) / FIELDS_PER_HIT];
    lt_highlight *h;
    lt_thread *t;
    lt_buf out, stem;
    if (!stemmer && !(stemmer = lt_stemmer_new())) return 0;
    /* Archive text reaches the renderer as valid UTF-8 without NULs. */
    if (!lt_utf8_valid((const char *)data, size) || memchr(data, '\0', size)) return 0;
    if (!(copy = malloc(size + 1))) return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    for (p = copy; n < MAX_FIELDS; p++) {
        fields[n++] = p;
        if (!(p = strchr(p, '\n'))) break;
        *p = '\0';
    }
    memset(&r, 0, sizeof r);
    memset(hits, 0, sizeof hits);
    r.query = field(fields, n, 0);
    r.corrected = *field(fields, n, 1) ? field(fields, n, 1) : NULL;
    r.showing_corrected = r.corrected && (size & 1);
    r.limit = 10;
    r.offset = (unsigned)(size % 3) * 10;
    n_hits = n > 3 ? (n - 3 + FIELDS_PER_HIT - 1) / FIELDS_PER_HIT : 0;
    if (n_hits > sizeof hits / sizeof hits[0]) n_hits = sizeof hits / sizeof hits[0];
    r.total = (uint32_t)(n_hits + r.offset + (size % 7) * 10);
    h = lt_highlight_new();
    t = lt_thread_new();
    lt_buf_init(&stem, 4096);
    if (h && t) {
        lt_highlight_add_word(h, r.query, strlen(r.query));
        if (lt_stem(stemmer, r.query, strlen(r.query), &stem) == LT_OK)
            lt_highlight_add_stem(h, stem.data, stem.len);
        lt_set_string(&t->id, field(fields, n, 5), strlen(field(fields, n, 5)));
        lt_set_string(&t->title, field(fields, n, 3), strlen(field(fields, n, 3)));
        for (i = 0; i < n_hits; i++) {
            size_t k = 3 + i * FIELDS_PER_HIT;
            lt_hit *hit = &hits[i];
            lt_buf snippet;
            lt_post *post;
            const char *text = field(fields, n, k + 5);
            hit->rank = r.offset + (unsigned)i + 1;
            hit->title = field(fields, n, k);
            hit->author = field(fields, n, k + 1);
            hit->thread = field(fields, n, k + 2);
            hit->doc = hit->thread;
            hit->url = *field(fields, n, k + 3) ? field(fields, n, k + 3) : NULL;
            hit->forum = *field(fields, n, k + 4) ? field(fields, n, k + 4) : NULL;
            hit->role = (lt_role)(i & 1);
            hit->type = (lt_doc_type)((i >> 1) & 1);
            hit->more_in_thread = (unsigned)i;
            lt_buf_init(&snippet, 1u << 20);
            lt_snippet_make(h, stemmer, text, strlen(text), 240, 1, &snippet, NULL);
            hit->snippet = lt_buf_detach(&snippet, NULL);
            lt_buf_release(&snippet);
            if (lt_thread_add_post(t, &post) == LT_OK) {
                post->position = (unsigned)i + 1;
                post->role = hit->role;
                lt_set_string(&post->author, hit->author, strlen(hit->author));
                lt_set_string(&post->text, text, strlen(text));
                lt_set_string(&post->quoted, hit->title, strlen(hit->title));
                if (hit->url) lt_set_string(&post->url, hit->url, strlen(hit->url));
            }
        }
        r.hits = hits;
        r.n_hits = n_hits;
        lt_buf_init(&out, 64u << 20);
        if (sd_render_results(&out, &r, field(fields, n, 2)) == LT_OK) check_html(out.data, out.len);
        lt_buf_reset(&out);
        if (sd_render_problem(&out, field(fields, n, 1)) == LT_OK) check_html(out.data, out.len);
        lt_buf_reset(&out);
        if (sd_render_thread(&out, t) == LT_OK) check_html(out.data, out.len);
        lt_buf_release(&out);
        for (i = 0; i < n_hits; i++) free(hits[i].snippet);
    }
    lt_buf_release(&stem);
    lt_thread_free(t);
    lt_highlight_free(h);
    free(copy);
    return 0;
}
