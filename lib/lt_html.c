/* lt_html.c — charset choice, parsing, and the DOM-to-text walker. */
#include "lt_html.h"

#include <libxml/parser.h>
#include <string.h>
#include <strings.h>

#include "lt_utf8.h"

/* Deeper than this, the walk stops: no real page nests so deep, and the
 * walk is recursive. */
#define MAX_DEPTH 400

/* ---- Charset ---- */

/* Finds a charset declared in the first bytes: <meta charset="x"> or
 * <meta http-equiv="Content-Type" content="text/html; charset=x">. */
static int declared_charset(const char *data, size_t len, char *out, size_t size) {
    size_t n = len < 4096 ? len : 4096, i;
    for (i = 0; i + 8 < n; i++) {
        size_t j, k = 0;
        if (strncasecmp(data + i, "charset=", 8) != 0) continue;
        j = i + 8;
        while (j < n && (data[j] == '"' || data[j] == '\'' || data[j] == ' ')) j++;
        while (j < n && k + 1 < size &&
               ((data[j] >= 'a' && data[j] <= 'z') || (data[j] >= 'A' && data[j] <= 'Z') ||
                (data[j] >= '0' && data[j] <= '9') || data[j] == '-' || data[j] == '_' ||
                data[j] == ':' || data[j] == '.'))
            out[k++] = data[j++];
        out[k] = '\0';
        return k > 0;
    }
    return 0;
}

static int is_utf8_name(const char *cs) {
    return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8");
}

/* Labels browsers read as windows-1252 (WHATWG Encoding Standard). */
static int is_1252_alias(const char *cs) {
    static const char *const names[] = {
        "windows-1252", "cp1252", "iso-8859-1", "iso8859-1", "latin1", "l1",
        "us-ascii", "ascii", "x-cp1252", "iso-ir-100", "ibm819", "cp819",
    };
    size_t i;
    for (i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(cs, names[i])) return 1;
    return 0;
}

static int has_element(xmlNodePtr n) {
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return 1;
    return 0;
}

lt_status lt_html_parse(const char *name, const char *data, size_t len,
                        htmlDocPtr *out, lt_error *err) {
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    char cs[64];
    const char *encoding = "UTF-8";
    lt_buf clean;
    htmlDocPtr doc;
    *out = NULL;
    if (len > (size_t)INT32_MAX)
        return lt_error_set(err, LT_ELIMIT, "%s: too large for the HTML parser", name);
    /* Repair can triple the size: each bad byte becomes U+FFFD. */
    lt_buf_init(&clean, 3 * len + 16);
    if (declared_charset(data, len, cs, sizeof cs) && !is_utf8_name(cs)) {
        encoding = is_1252_alias(cs) ? "windows-1252" : cs;
    } else if (lt_utf8_looks_legacy(data, len)) {
        encoding = "windows-1252";
    } else {
        /* Repair first: libxml2 would stop at the first invalid byte. */
        lt_status rc = lt_utf8_clean(data, len, 0, &clean, NULL);
        if (rc != LT_OK) {
            lt_buf_release(&clean);
            return lt_error_set(err, rc, "%s: %s", name,
                                rc == LT_ELIMIT ? "too large after repair" : "out of memory");
        }
        data = clean.data;
        len = clean.len;
    }
    doc = htmlReadMemory(data, (int)len, NULL, encoding, options | HTML_PARSE_IGNORE_ENC);
    if (!doc && strcmp(encoding, "UTF-8") != 0) {
        /* An encoding iconv does not know: read the bytes as windows-1252,
         * which never fails, rather than lose the page. */
        doc = htmlReadMemory(data, (int)len, NULL, "windows-1252",
                             options | HTML_PARSE_IGNORE_ENC);
    }
    lt_buf_release(&clean);
    if (!doc)
        return lt_error_set(err, LT_EFORMAT, "%s:1: not an HTML page (the parser gave up)",
                            name);
    if (!xmlDocGetRootElement(doc) || !has_element(xmlDocGetRootElement(doc)->children)) {
        xmlFreeDoc(doc);
        return lt_error_set(err, LT_EFORMAT, "%s:1: not an HTML page (no elements)", name);
    }
    *out = doc;
    return LT_OK;
}

/* ---- Element helpers ---- */

int lt_html_is(xmlNodePtr node, const char *tag) {
    return node && node->type == XML_ELEMENT_NODE && node->name &&
           !strcasecmp((const char *)node->name, tag);
}

int lt_html_has_class(xmlNodePtr node, const char *cls) {
    xmlChar *v;
    const char *p;
    size_t n = strlen(cls);
    int found = 0;
    if (!node || node->type != XML_ELEMENT_NODE) return 0;
    v = xmlGetProp(node, (const xmlChar *)"class");   /* xmlFree below */
    if (!v) return 0;
    for (p = (const char *)v; *p && !found;) {
        while (*p == ' ' || *p == '\t' || *p == '\n') p++;
        if (!strncmp(p, cls, n) && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t' ||
                                    p[n] == '\n'))
            found = 1;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n') p++;
    }
    xmlFree(v);
    return found;
}

int lt_html_attr(xmlNodePtr node, const char *attr, lt_buf *out) {
    xmlChar *v;
    lt_buf_reset(out);
    if (!node || node->type != XML_ELEMENT_NODE) return 0;
    v = xmlGetProp(node, (const xmlChar *)attr);   /* xmlFree below */
    if (!v) return 0;
    lt_buf_append_str(out, (const char *)v);
    xmlFree(v);
    return lt_buf_status(out) == LT_OK;
}

/* ---- Writing text ---- */

void lt_html_text_init(lt_html_text *w, lt_buf *out) {
    w->out = out;
    w->pending = 0;
    w->space = 0;
}

void lt_html_text_break(lt_html_text *w, int level) {
    if (level > w->pending) w->pending = level;
    w->space = 0;
}

static int html_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

void lt_html_text_add(lt_html_text *w, const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        size_t j;
        if (html_space((unsigned char)s[i])) {
            w->space = 1;
            i++;
            continue;
        }
        j = i;
        while (j < len && !html_space((unsigned char)s[j])) j++;
        if (w->out->len > 0) {
            if (w->pending) lt_buf_append_str(w->out, w->pending == 2 ? "\n\n" : "\n");
            else if (w->space) lt_buf_append_char(w->out, ' ');
        }
        w->pending = 0;
        w->space = 0;
        lt_buf_append(w->out, s + i, j - i);
        i = j;
    }
}

/* ---- The walk ---- */

static int never_text(xmlNodePtr n) {
    static const char *const tags[] = {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
        "embed", "canvas", "video", "audio", "select", "option", "textarea", "input",
        "button", "head", "meta", "link",
    };
    size_t i;
    for (i = 0; i < sizeof tags / sizeof *tags; i++)
        if (lt_html_is(n, tags[i])) return 1;
    return 0;
}

/* Break level an element puts around itself: 2 paragraph, 1 line, 0 none. */
static int block_level(xmlNodePtr n) {
    static const char *const paragraphs[] = {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul",
        "ol", "dl", "section", "article", "main", "aside", "header", "footer", "nav",
        "figure", "address", "hr", "fieldset", "details",
    };
    static const char *const lines[] = {
        "div", "li", "dt", "dd", "tr", "caption", "figcaption", "summary",
        "center", "body", "form", "legend",
    };
    size_t i;
    for (i = 0; i < sizeof paragraphs / sizeof *paragraphs; i++)
        if (lt_html_is(n, paragraphs[i])) return 2;
    for (i = 0; i < sizeof lines / sizeof *lines; i++)
        if (lt_html_is(n, lines[i])) return 1;
    return 0;
}

static void walk(xmlNodePtr node, lt_html_visit_fn visit, void *ctx, lt_html_text *w,
                 int depth) {
    xmlNodePtr c;
    int level;
    if (depth > MAX_DEPTH) return;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content)
            lt_html_text_add(w, (const char *)node->content, strlen((const char *)node->content));
        return;
    }
    if (node->type != XML_ELEMENT_NODE) return;
    if (never_text(node)) return;
    if (visit) {
        lt_html_visit v = visit(ctx, node, w);
        if (v != LT_HTML_DESCEND) return;
    }
    if (lt_html_is(node, "br")) {
        /* One <br> ends a line; two in a row end a paragraph. */
        lt_html_text_break(w, w->pending >= 1 ? 2 : 1);
        return;
    }
    level = block_level(node);
    /* Table cells are separated by a space even without white space. */
    if (lt_html_is(node, "td") || lt_html_is(node, "th")) w->space = 1;
    if (level) lt_html_text_break(w, level);
    for (c = node->children; c; c = c->next) walk(c, visit, ctx, w, depth + 1);
    if (level) lt_html_text_break(w, level);
}

void lt_html_walk(xmlNodePtr node, lt_html_visit_fn visit, void *ctx, lt_html_text *w) {
    if (node) walk(node, visit, ctx, w, 0);
}

lt_status lt_html_text_of(xmlNodePtr node, lt_html_visit_fn visit, void *ctx, lt_buf *out) {
    lt_buf raw;
    lt_html_text w;
    lt_status rc;
    lt_buf_init(&raw, out->max);
    lt_html_text_init(&w, &raw);
    lt_html_walk(node, visit, ctx, &w);
    lt_buf_reset(out);
    rc = lt_buf_status(&raw);
    if (rc == LT_OK)
        rc = lt_utf8_clean(raw.data, raw.len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES, out, NULL);
    lt_buf_release(&raw);
    return rc;
}
