/* lt_html_thread.c — reading phpBB prosilver thread pages with XPath. */
#include "lt_html_thread.h"

#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_date.h"
#include "lt_html.h"
#include "lt_role.h"
#include "lt_utf8.h"

/* XPath's way of asking for a class word. */
#define HAS_CLASS(c) "contains(concat(' ', normalize-space(@class), ' '), ' " c " ')"

static const char XP_POSTS[] = "//div[" HAS_CLASS("post") " and starts-with(@id, 'p')]";
static const char XP_CONTENT[] = ".//div[" HAS_CLASS("content") "]";
static const char XP_AUTHOR_LINE[] = ".//*[" HAS_CLASS("author") "]";
static const char XP_USERNAME[] =
    ".//*[" HAS_CLASS("author") "]//*[" HAS_CLASS("username") " or " HAS_CLASS(
        "username-coloured") "]"
    " | .//*[" HAS_CLASS("author") "]//strong"
    " | .//dl[" HAS_CLASS("postprofile") "]//dt//*[" HAS_CLASS("username") " or " HAS_CLASS(
        "username-coloured") "]";
/* The topic title: prosilver 3.1+ marks it; 3.0 has a bare <h2> whose link
 * is the topic's. */
static const char XP_TITLE[] =
    "(//h2[" HAS_CLASS("topic-title") "] | //h2[a[contains(@href, 'viewtopic.php')]])";
static const char XP_CANONICAL[] = "//link[@rel='canonical']/@href";
static const char XP_TOPIC_LINK[] = "//h2[" HAS_CLASS("topic-title") "]//a/@href";
static const char XP_FORUM[] =
    "(//*[" HAS_CLASS("crumb") "][@data-forum-id])[last()]";

void lt_thread_page_free(lt_thread_page *p) {
    if (!p) return;
    lt_thread_free(p->thread);
    free(p->post_ids);
    free(p->key);
    free(p);
}

/* Runs `expr` relative to `node` (NULL: the document). Free the result
 * with xmlXPathFreeObject. */
static xmlXPathObjectPtr query(htmlDocPtr doc, xmlNodePtr node, const char *expr) {
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r;
    if (!ctx) return NULL;
    if (node) ctx->node = node;
    r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    xmlXPathFreeContext(ctx);
    return r;
}

static xmlNodePtr first_node(htmlDocPtr doc, xmlNodePtr node, const char *expr) {
    xmlXPathObjectPtr r = query(doc, node, expr);
    xmlNodePtr n = NULL;
    if (r && r->nodesetval && r->nodesetval->nodeNr > 0) n = r->nodesetval->nodeTab[0];
    xmlXPathFreeObject(r);
    return n;
}

/* The string value of the first node `expr` selects (an attribute's value,
 * or an element's text), into out. */
static int first_text(htmlDocPtr doc, xmlNodePtr node, const char *expr, lt_buf *out) {
    xmlNodePtr n = first_node(doc, node, expr);
    lt_buf_reset(out);
    if (!n) return 0;
    if (n->type == XML_ATTRIBUTE_NODE) {
        xmlChar *v = xmlNodeGetContent(n);   /* xmlFree below */
        if (v) {
            lt_buf_append_str(out, (const char *)v);
            xmlFree(v);
        }
    } else {
        lt_html_text_of(n, NULL, NULL, out);
    }
    return out->len > 0;
}

int lt_html_is_thread_page(htmlDocPtr doc) {
    xmlXPathObjectPtr r = query(doc, NULL, XP_POSTS);
    int found = 0, i;
    if (r && r->nodesetval)
        for (i = 0; i < r->nodesetval->nodeNr && !found; i++)
            found = first_node(doc, r->nodesetval->nodeTab[i], XP_CONTENT) != NULL;
    xmlXPathFreeObject(r);
    return found;
}

/* ---- Query strings ---- */

/* The value of parameter `name` in url's query, or -1. */
static long url_param(const char *url, const char *name) {
    size_t n = strlen(name);
    const char *p = strchr(url, '?');
    while (p) {
        p++;
        if (!strncmp(p, name, n) && p[n] == '=') {
            char *end;
            long v = strtol(p + n + 1, &end, 10);
            return end > p + n + 1 && v >= 0 ? v : -1;
        }
        p = strpbrk(p, "&;");
        if (p && !strncmp(p, "&amp;", 5)) p += 4;
    }
    return -1;
}

/* url without its start= parameter and #fragment: the same for every page
 * of a thread. */
static void url_without_start(const char *url, lt_buf *out) {
    const char *q = strchr(url, '?'), *end = strchr(url, '#'), *p;
    int first = 1;
    if (!end) end = url + strlen(url);
    if (!q || q > end) q = end;
    lt_buf_reset(out);
    lt_buf_append(out, url, (size_t)(q - url));
    for (p = q < end ? q + 1 : end; p < end;) {
        const char *amp = p;
        while (amp < end && *amp != '&' && *amp != ';') amp++;
        if (amp > p && strncmp(p, "start=", 6) != 0) {
            lt_buf_append_char(out, first ? '?' : '&');
            lt_buf_append(out, p, (size_t)(amp - p));
            first = 0;
        }
        p = amp < end ? amp + 1 : end;
        /* "&amp;" in a URL copied from HTML source: skip the entity's tail. */
        if (p + 4 <= end && !strncmp(p, "amp;", 4)) p += 4;
    }
}

/* ---- One post ---- */

typedef struct content_split {
    lt_html_text own, quoted;
} content_split;

static lt_html_visit skip_cite(void *ctx, xmlNodePtr node, lt_html_text *w) {
    (void)ctx; (void)w;
    return lt_html_is(node, "cite") ? LT_HTML_SKIP : LT_HTML_DESCEND;
}

/* Own words go on; each blockquote goes to the quoted text instead. */
static lt_html_visit split_quotes(void *ctx, xmlNodePtr node, lt_html_text *w) {
    content_split *s = ctx;
    xmlNodePtr c;
    if (!lt_html_is(node, "blockquote")) return LT_HTML_DESCEND;
    lt_html_text_break(w, 2);
    lt_html_text_break(&s->quoted, 2);
    for (c = node->children; c; c = c->next) lt_html_walk(c, skip_cite, NULL, &s->quoted);
    return LT_HTML_HANDLED;
}

/* Copies raw into *field, cleaned (quotes, odd spaces) and trimmed. */
static lt_status clean_into(char **field, const lt_buf *raw) {
    lt_buf b;
    lt_status rc;
    size_t start = 0, end;
    lt_buf_init(&b, LT_MAX_FIELD_BYTES);
    rc = lt_buf_status(raw);
    if (rc == LT_OK)
        rc = lt_utf8_clean(raw->data, raw->len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES, &b, NULL);
    end = b.len;
    while (start < end && (b.data[start] == ' ' || b.data[start] == '\n')) start++;
    while (end > start && (b.data[end - 1] == ' ' || b.data[end - 1] == '\n')) end--;
    if (rc == LT_OK) rc = lt_set_string(field, b.data + start, end - start);
    lt_buf_release(&b);
    return rc;
}

/* The date as displayed ("Wed Mar 06, 2019 10:41 pm"), else <time datetime>,
 * else the words after "»" in the author line of older styles. */
static void read_date(htmlDocPtr doc, xmlNodePtr author_line, char out[LT_DATE_SIZE],
                      lt_buf *tmp) {
    const char *p;
    out[0] = '\0';
    if (!author_line) return;
    if (first_text(doc, author_line, ".//time", tmp) &&
        lt_date_parse_phpbb(tmp->data, tmp->len, out) == tmp->len)
        return;
    out[0] = '\0';
    if (first_text(doc, author_line, ".//time/@datetime", tmp) &&
        lt_date_parse_iso(tmp->data, tmp->len, out))
        return;
    out[0] = '\0';
    lt_html_text_of(author_line, NULL, NULL, tmp);
    p = strstr(tmp->data, "\xC2\xBB");
    if (p) {
        p += 2;
        while (*p == ' ') p++;
        if (!lt_date_parse_phpbb(p, strlen(p), out)) out[0] = '\0';
    }
}

static lt_status read_post(htmlDocPtr doc, xmlNodePtr post, const lt_config *config,
                           const lt_warn *warn, const char *page_url, lt_thread *t,
                           unsigned long *post_id, lt_buf *tmp) {
    xmlNodePtr content = first_node(doc, post, XP_CONTENT);
    xmlNodePtr author_line = first_node(doc, post, XP_AUTHOR_LINE);
    lt_buf own, quoted;
    content_split split;
    lt_post *p;
    lt_status rc;
    const char *idattr;
    if (!content) return LT_OK;   /* not a post (a "post" div of another kind) */
    rc = lt_thread_add_post(t, &p);
    if (rc != LT_OK) return rc;
    /* id="p4021": phpBB's post number, increasing through a thread. */
    lt_html_attr(post, "id", tmp);
    idattr = tmp->data;
    *post_id = (idattr[0] == 'p') ? strtoul(idattr + 1, NULL, 10) : 0;
    if (*post_id && page_url) {
        lt_buf url;
        lt_buf_init(&url, LT_MAX_NAME_BYTES);
        lt_buf_appendf(&url, "%s#p%lu", page_url, *post_id);
        if (lt_buf_status(&url) == LT_OK) rc = lt_set_string(&p->url, url.data, url.len);
        lt_buf_release(&url);
        if (rc != LT_OK) return rc;
    }
    if (first_text(doc, post, XP_USERNAME, tmp) && (rc = clean_into(&p->author, tmp)))
        return rc;
    p->role = lt_role_of_author(config, p->author);
    read_date(doc, author_line, p->date, tmp);

    lt_buf_init(&own, LT_MAX_FIELD_BYTES);
    lt_buf_init(&quoted, LT_MAX_FIELD_BYTES);
    lt_html_text_init(&split.own, &own);
    lt_html_text_init(&split.quoted, &quoted);
    lt_html_walk(content, split_quotes, &split, &split.own);
    if (lt_buf_status(&own) == LT_ELIMIT || lt_buf_status(&quoted) == LT_ELIMIT) {
        /* Keep what fits (whole characters) rather than lose the post. */
        lt_warnf(warn, "%s:1: post %zu longer than %u bytes: cut", t->id, t->n_posts,
                 LT_MAX_FIELD_BYTES);
        own.status = LT_OK;
        quoted.status = LT_OK;
    }
    rc = clean_into(&p->text, &own);
    if (rc == LT_OK) rc = clean_into(&p->quoted, &quoted);
    lt_buf_release(&own);
    lt_buf_release(&quoted);
    return rc;
}

/* phpBB's <title> is "Board • View topic - Title" (3.0) or "Title - Board"
 * (3.1+): keep the title. Returns 1 if anything is left. */
static int strip_board_name(lt_buf *t) {
    static const char marker[] = "View topic - ";
    char *p = strstr(t->data, marker), *dash;
    if (p) {
        size_t skip = (size_t)(p - t->data) + sizeof marker - 1;
        memmove(t->data, t->data + skip, t->len - skip);
        lt_buf_truncate(t, t->len - skip);
    } else if ((dash = strstr(t->data, " - ")) != NULL) {
        /* The last " - " starts the board's name. */
        char *next;
        while ((next = strstr(dash + 3, " - ")) != NULL) dash = next;
        lt_buf_truncate(t, (size_t)(dash - t->data));
    }
    return t->len > 0;
}

/* ---- The page ---- */

static lt_status set_key(lt_thread_page *pg, htmlDocPtr doc, const char *canonical,
                         lt_buf *tmp) {
    lt_buf key;
    lt_status rc;
    lt_buf_init(&key, LT_MAX_NAME_BYTES * 2);
    if (canonical) {
        url_without_start(canonical, &key);
    } else if (first_text(doc, NULL, XP_TOPIC_LINK, tmp) && url_param(tmp->data, "t") >= 0) {
        lt_buf_appendf(&key, "t=%ld", url_param(tmp->data, "t"));
    } else {
        lt_buf_append_str(&key, "title:");
        lt_buf_append_str(&key, pg->thread->title);
    }
    rc = lt_buf_status(&key);
    if (rc == LT_OK) rc = lt_set_string(&pg->key, key.data, key.len);
    lt_buf_release(&key);
    return rc;
}

lt_status lt_html_read_thread_page(htmlDocPtr doc, const char *source,
                                   const lt_config *config, const lt_warn *warn,
                                   lt_thread_page **out, lt_error *err) {
    lt_thread_page *pg = calloc(1, sizeof *pg);
    xmlXPathObjectPtr posts = NULL;
    lt_buf tmp, canonical;
    lt_status rc = LT_OK;
    int i, n;
    const char *page_url = NULL;
    *out = NULL;
    lt_buf_init(&tmp, LT_MAX_FIELD_BYTES);
    lt_buf_init(&canonical, LT_MAX_NAME_BYTES);
    if (!pg || !(pg->thread = lt_thread_new())) {
        rc = LT_ENOMEM;
        goto done;
    }
    if ((rc = lt_set_string(&pg->thread->id, source, strlen(source)))) goto done;
    if (first_text(doc, NULL, XP_TITLE, &tmp) ||
        (first_text(doc, NULL, "//title", &tmp) && strip_board_name(&tmp)))
        if ((rc = clean_into(&pg->thread->title, &tmp))) goto done;
    if (first_text(doc, NULL, XP_FORUM, &tmp) && (rc = clean_into(&pg->thread->forum, &tmp)))
        goto done;
    pg->start = -1;
    if (first_text(doc, NULL, XP_CANONICAL, &canonical)) {
        long start = url_param(canonical.data, "start");
        page_url = canonical.data;
        pg->start = start >= 0 ? start : 0;
        url_without_start(canonical.data, &tmp);
        if ((rc = lt_set_string(&pg->thread->url, tmp.data, tmp.len))) goto done;
    } else if (config && config->base_url) {
        lt_buf_reset(&canonical);
        lt_buf_appendf(&canonical, "%s%s%s", config->base_url,
                       config->base_url[strlen(config->base_url) - 1] == '/' ? "" : "/",
                       source);
        page_url = canonical.data;
        if ((rc = lt_set_string(&pg->thread->url, canonical.data, canonical.len))) goto done;
    }
    if ((rc = set_key(pg, doc, page_url && pg->start >= 0 ? canonical.data : NULL, &tmp)))
        goto done;

    posts = query(doc, NULL, XP_POSTS);
    n = posts && posts->nodesetval ? posts->nodesetval->nodeNr : 0;
    pg->post_ids = calloc((size_t)(n ? n : 1), sizeof *pg->post_ids);
    if (!pg->post_ids) {
        rc = LT_ENOMEM;
        goto done;
    }
    for (i = 0; i < n && rc == LT_OK; i++)
        rc = read_post(doc, posts->nodesetval->nodeTab[i], config, warn, page_url,
                       pg->thread, &pg->post_ids[pg->thread->n_posts], &tmp);
    if (rc == LT_OK && pg->thread->n_posts == 0) {
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: thread page without posts", source);
        goto fail;
    }
    for (i = 0; i < (int)pg->thread->n_posts; i++)
        pg->thread->posts[i].position = (unsigned)(pg->start > 0 ? pg->start : 0) + (unsigned)i + 1;
done:
    if (rc != LT_OK) {
        lt_error_set(err, rc, "%s: %s", source,
                     rc == LT_ELIMIT ? "over a size limit" : "out of memory");
        goto fail;
    }
    xmlXPathFreeObject(posts);
    lt_buf_release(&tmp);
    lt_buf_release(&canonical);
    *out = pg;
    return LT_OK;
fail:
    xmlXPathFreeObject(posts);
    lt_buf_release(&tmp);
    lt_buf_release(&canonical);
    lt_thread_page_free(pg);
    return rc;
}
