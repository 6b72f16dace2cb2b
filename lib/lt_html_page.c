/* lt_html_page.c — content root, chrome removal and sections. */
#include "lt_html_page.h"

#include <ctype.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lt_buf.h"
#include "lt_html.h"
#include "lt_utf8.h"
#include "lt_words.h"

/* Where the content is, most specific first. */
static const char *const content_roots[] = {
    "//main",
    "//*[@role='main']",
    "//*[@id='content' or @id='main-content' or @id='maincontent' or @id='main' or "
    "@id='page-content' or @id='primary']",
    "//article",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' content ') or "
    "contains(concat(' ', normalize-space(@class), ' '), ' main-content ') or "
    "contains(concat(' ', normalize-space(@class), ' '), ' page-content ') or "
    "contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//body",
};

/* Words in class or id names that mark page furniture. A name matches when
 * it is the word, or holds it between hyphens or underscores
 * ("cookie-banner", "site_footer", "quick-exit"). */
static const char *const chrome_words[] = {
    "cookie", "cookies", "consent", "gdpr", "banner", "exit", "quick-exit", "escape",
    "cover-tracks", "cover-your-tracks", "breadcrumb", "breadcrumbs", "skip", "skip-link",
    "share", "sharing", "social", "newsletter", "signup", "related", "sidebar", "nav",
    "navbar", "navigation", "menu", "header", "footer", "masthead", "promo", "advert",
    "ads", "helpline", "phone", "call-us", "donate", "feedback", "print", "pagination",
    "toolbar", "modal", "popup", "alert-bar", "sr-only", "visually-hidden", "screen-reader-text",
};

/* Elements that are furniture whatever their names. */
static const char *const chrome_tags[] = {
    "nav", "header", "footer", "aside", "form", "dialog", "menu",
};

static const char *const chrome_roles[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
    "alertdialog", "menu", "menubar",
};

/* 1 if token (of a class or id) is `word` or holds it between separators. */
static int token_has_word(const char *tok, size_t len, const char *word) {
    size_t n = strlen(word), i;
    for (i = 0; i + n <= len; i++) {
        if (strncasecmp(tok + i, word, n) != 0) continue;
        if ((i == 0 || tok[i - 1] == '-' || tok[i - 1] == '_') &&
            (i + n == len || tok[i + n] == '-' || tok[i + n] == '_'))
            return 1;
    }
    return 0;
}

static int names_match(xmlNodePtr node, const char *attr) {
    xmlChar *v = xmlGetProp(node, (const xmlChar *)attr);   /* xmlFree below */
    const char *p;
    int found = 0;
    if (!v) return 0;
    for (p = (const char *)v; *p && !found;) {
        const char *start;
        size_t i;
        while (*p && isspace((unsigned char)*p)) p++;
        start = p;
        while (*p && !isspace((unsigned char)*p)) p++;
        for (i = 0; i < sizeof chrome_words / sizeof *chrome_words && !found; i++)
            found = token_has_word(start, (size_t)(p - start), chrome_words[i]);
    }
    xmlFree(v);
    return found;
}

static int is_chrome(xmlNodePtr node) {
    xmlChar *v;
    size_t i;
    int found = 0;
    for (i = 0; i < sizeof chrome_tags / sizeof *chrome_tags; i++)
        if (lt_html_is(node, chrome_tags[i])) return 1;
    if (xmlHasProp(node, (const xmlChar *)"hidden")) return 1;
    v = xmlGetProp(node, (const xmlChar *)"aria-hidden");   /* xmlFree below */
    if (v) {
        found = !strcmp((const char *)v, "true");
        xmlFree(v);
        if (found) return 1;
    }
    v = xmlGetProp(node, (const xmlChar *)"role");
    if (v) {
        for (i = 0; i < sizeof chrome_roles / sizeof *chrome_roles && !found; i++)
            found = !strcasecmp((const char *)v, chrome_roles[i]);
        xmlFree(v);
        if (found) return 1;
    }
    return names_match(node, "class") || names_match(node, "id");
}

/* ---- Sections ---- */

typedef struct section {
    lt_buf heading;
    lt_buf text;
    lt_buf anchor;    /* the h2's id, for a link to the section */
} section;

typedef struct splitter {
    section *v;
    size_t n, cap;
    lt_html_text w;   /* writes into v[n - 1].text */
    xmlNodePtr root;  /* never furniture itself, whatever its names */
    lt_status rc;
} splitter;

static section *new_section(splitter *s) {
    section *sec;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        section *nv;
        if (s->n >= LT_MAX_POSTS) { s->rc = LT_ELIMIT; return NULL; }
        nv = realloc(s->v, cap * sizeof *nv);
        if (!nv) { s->rc = LT_ENOMEM; return NULL; }
        s->v = nv;
        s->cap = cap;
    }
    sec = &s->v[s->n++];
    lt_buf_init(&sec->heading, LT_MAX_NAME_BYTES);
    lt_buf_init(&sec->text, LT_MAX_FIELD_BYTES);
    lt_buf_init(&sec->anchor, LT_MAX_NAME_BYTES);
    lt_html_text_init(&s->w, &sec->text);
    return sec;
}

static lt_html_visit split_sections(void *ctx, xmlNodePtr node, lt_html_text *w) {
    splitter *s = ctx;
    section *sec;
    (void)w;
    if (node != s->root && is_chrome(node)) return LT_HTML_SKIP;
    /* The page title is the documents' title, not a section's words. */
    if (lt_html_is(node, "h1")) return LT_HTML_SKIP;
    if (!lt_html_is(node, "h2")) return LT_HTML_DESCEND;
    if (s->rc != LT_OK || !(sec = new_section(s))) return LT_HTML_SKIP;
    lt_html_text_of(node, NULL, NULL, &sec->heading);
    lt_html_attr(node, "id", &sec->anchor);
    return LT_HTML_HANDLED;
}

static void release_sections(splitter *s) {
    size_t i;
    for (i = 0; i < s->n; i++) {
        lt_buf_release(&s->v[i].heading);
        lt_buf_release(&s->v[i].text);
        lt_buf_release(&s->v[i].anchor);
    }
    free(s->v);
}

/* ---- The page ---- */

static xmlNodePtr first_match(htmlDocPtr doc, const char *expr) {
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = ctx ? xmlXPathEvalExpression((const xmlChar *)expr, ctx) : NULL;
    xmlNodePtr n = NULL;
    if (r && r->nodesetval && r->nodesetval->nodeNr > 0) n = r->nodesetval->nodeTab[0];
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return n;
}

static xmlNodePtr content_root(htmlDocPtr doc) {
    size_t i;
    for (i = 0; i < sizeof content_roots / sizeof *content_roots; i++) {
        xmlNodePtr n = first_match(doc, content_roots[i]);
        if (n) return n;
    }
    return xmlDocGetRootElement(doc);
}

static void trim(lt_buf *b) {
    size_t start = 0, end = b->len;
    while (start < end && (b->data[start] == ' ' || b->data[start] == '\n')) start++;
    while (end > start && (b->data[end - 1] == ' ' || b->data[end - 1] == '\n')) end--;
    memmove(b->data, b->data + start, end - start);
    lt_buf_truncate(b, end - start);
}

/* The page's title: its <h1>, else <title> without the site's name after
 * " | " or " - ". */
static void page_title(htmlDocPtr doc, xmlNodePtr root, lt_buf *out) {
    xmlNodePtr h1 = NULL, n;
    for (n = root; n && !h1;) {
        if (lt_html_is(n, "h1")) h1 = n;
        else if (n->children) { n = n->children; continue; }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    if (!h1) h1 = first_match(doc, "//h1");
    if (h1) lt_html_text_of(h1, NULL, NULL, out);
    trim(out);
    if (out->len) return;
    n = first_match(doc, "//title");
    if (n) {
        static const char *const seps[] = {" | ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " - "};
        size_t i;
        xmlChar *t = xmlNodeGetContent(n);   /* xmlFree below */
        lt_buf_reset(out);
        if (t) {
            lt_utf8_clean((const char *)t, strlen((const char *)t),
                          LT_CLEAN_QUOTES | LT_CLEAN_SPACES, out, NULL);
            xmlFree(t);
        }
        for (i = 0; i < sizeof seps / sizeof *seps; i++) {
            char *sep = strstr(out->data, seps[i]);
            if (sep && sep > out->data) {
                lt_buf_truncate(out, (size_t)(sep - out->data));
                break;
            }
        }
        trim(out);
    }
}

/* The canonical link, else base-url + source, else none. */
static void page_url(htmlDocPtr doc, const char *source, const lt_config *config,
                     lt_buf *out) {
    xmlNodePtr link = first_match(doc, "//link[@rel='canonical'][@href]");
    lt_buf_reset(out);
    if (link && lt_html_attr(link, "href", out) && out->len) return;
    lt_buf_reset(out);
    if (config && config->base_url && config->base_url[0]) {
        size_t n = strlen(config->base_url);
        lt_buf_appendf(out, "%s%s%s", config->base_url,
                       config->base_url[n - 1] == '/' ? "" : "/", source);
    }
}

/* Least share of word characters and spaces in a page's text. */
#define MIN_TEXT_SHARE 0.7

lt_status lt_html_read_page(htmlDocPtr doc, const char *source, const lt_config *config,
                            const lt_warn *warn, lt_thread **out, lt_error *err) {
    xmlNodePtr root = content_root(doc);
    splitter s;
    lt_thread *t = lt_thread_new();
    lt_buf title, url, doc_title, tmp;
    lt_status rc = LT_OK;
    size_t i, text_bytes;
    double good;
    *out = NULL;
    memset(&s, 0, sizeof s);
    lt_buf_init(&title, LT_MAX_NAME_BYTES);
    lt_buf_init(&url, LT_MAX_NAME_BYTES);
    lt_buf_init(&doc_title, LT_MAX_NAME_BYTES * 2);
    lt_buf_init(&tmp, LT_MAX_FIELD_BYTES);
    if (!t || !new_section(&s)) {
        rc = LT_ENOMEM;
        goto done;
    }
    t->type = LT_TYPE_FAQ;
    page_title(doc, root, &title);
    page_url(doc, source, config, &url);
    s.root = root;
    lt_html_walk(root, split_sections, &s, &s.w);
    if (s.rc != LT_OK) {
        rc = s.rc;
        goto done;
    }
    if ((rc = lt_set_string(&t->id, source, strlen(source))) ||
        (rc = lt_set_string(&t->title, title.data, title.len)) ||
        (url.len && (rc = lt_set_string(&t->url, url.data, url.len))))
        goto done;
    for (i = 0; i < s.n; i++) {
        section *sec = &s.v[i];
        lt_post *p;
        if (lt_buf_status(&sec->text) == LT_ELIMIT)
            lt_warnf(warn, "%s:1: section %zu longer than %u bytes: cut", source, i,
                     LT_MAX_FIELD_BYTES);
        /* What was written before the limit is whole characters. */
        lt_buf_reset(&tmp);
        rc = lt_utf8_clean(sec->text.data, sec->text.len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES,
                           &tmp, NULL);
        if (rc != LT_OK) goto done;
        trim(&tmp);
        trim(&sec->heading);
        if (tmp.len == 0) continue;   /* a heading without words, or no intro */
        if ((rc = lt_thread_add_post(t, &p))) goto done;
        p->position = (unsigned)i;
        /* The service's own advice: it answers as an adviser does. */
        p->role = LT_ROLE_ADVISER;
        if ((rc = lt_set_string(&p->text, tmp.data, tmp.len))) goto done;
        lt_buf_reset(&doc_title);
        lt_buf_append(&doc_title, title.data, title.len);
        if (i > 0 && sec->heading.len) {
            if (title.len) lt_buf_append_str(&doc_title, " \xE2\x80\x94 ");
            lt_buf_append(&doc_title, sec->heading.data, sec->heading.len);
        }
        if (doc_title.len > LT_MAX_NAME_BYTES)
            lt_buf_truncate(&doc_title, lt_utf8_char_start(doc_title.data, doc_title.len,
                                                           LT_MAX_NAME_BYTES));
        if ((rc = lt_set_string(&p->title, doc_title.data, doc_title.len))) goto done;
        if (url.len && sec->anchor.len) {
            lt_buf_reset(&tmp);
            lt_buf_appendf(&tmp, "%s#%s", url.data, sec->anchor.data);
            if ((rc = lt_set_string(&p->url, tmp.data, tmp.len))) goto done;
        }
    }
    if (t->n_posts == 0) {
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: no text in the page's content", source);
        goto fail;
    }
    for (i = 0, text_bytes = 0, good = 0; i < t->n_posts; i++) {
        size_t n = strlen(t->posts[i].text);
        good += lt_words_text_share(t->posts[i].text, n) * (double)n;
        text_bytes += n;
    }
    if (good < MIN_TEXT_SHARE * (double)text_bytes) {
        rc = lt_error_set(err, LT_EFORMAT,
                          "%s:1: does not look like text (binary data or an unknown "
                          "encoding)", source);
        goto fail;
    }
done:
    if (rc != LT_OK) {
        lt_error_set(err, rc, "%s: %s", source,
                     rc == LT_ELIMIT ? "over a size or count limit" : "out of memory");
        goto fail;
    }
    *out = t;
    t = NULL;
fail:
    lt_thread_free(t);
    release_sections(&s);
    lt_buf_release(&title);
    lt_buf_release(&url);
    lt_buf_release(&doc_title);
    lt_buf_release(&tmp);
    return rc;
}
