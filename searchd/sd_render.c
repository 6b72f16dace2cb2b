/* sd_render.c — results, thread view and template filling. */
#include "sd_render.h"

#include <stdio.h>
#include <string.h>

#include "lt_snippet.h"

static void esc(lt_buf *out, const char *s) { lt_html_escape(out, s, strlen(s)); }

lt_status sd_url_encode(lt_buf *out, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            lt_buf_append_char(out, (char)c);
        } else if (c == ' ') {
            lt_buf_append_char(out, '+');
        } else {
            lt_buf_append_char(out, '%');
            lt_buf_append_char(out, hex[c >> 4]);
            lt_buf_append_char(out, hex[c & 15]);
        }
    }
    return lt_buf_status(out);
}

/* "12 Dec 2024" from "2024-12-12T13:59". */
static void human_date(lt_buf *out, const char *iso) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        lt_buf_appendf(out, "%d %s %d", d, months[m - 1], y);
}

/* A page link: "/?q=…&role=…&offset=N". */
static void search_link(lt_buf *out, const char *q, const char *role, unsigned offset) {
    lt_buf_append_str(out, "/?q=");
    sd_url_encode(out, q);
    if (role[0]) {
        lt_buf_append_str(out, "&amp;role=");
        sd_url_encode(out, role);
    }
    if (offset) lt_buf_appendf(out, "&amp;offset=%u", offset);
}

/* Where a result leads: the archive's page, or our thread view with the
 * post in view. */
static void result_href(lt_buf *out, const lt_hit *h) {
    if (h->url && (!strncmp(h->url, "https://", 8) || !strncmp(h->url, "http://", 7))) {
        esc(out, h->url);
        return;
    }
    lt_buf_append_str(out, "/thread?id=");
    sd_url_encode(out, h->thread);
    lt_buf_appendf(out, "#post-%u", h->post);
}

lt_status sd_render_results(lt_buf *out, const lt_results *r, const char *role) {
    size_t i;
    /* The words the results are for: the correction's when shown. */
    const char *shown = r->showing_corrected && r->corrected ? r->corrected : r->query;
    lt_buf_append_str(out, "<p class=\"summary\" role=\"status\">");
    if (r->n_hits == 0) {
        lt_buf_append_str(out, "No results for \xE2\x80\x9C");
        esc(out, shown);
        lt_buf_append_str(out, "\xE2\x80\x9D.");
    } else {
        lt_buf_appendf(out, "Results %u\xE2\x80\x93%u of about %u for \xE2\x80\x9C",
                       r->offset + 1, r->offset + (unsigned)r->n_hits,
                       r->total > r->offset + r->n_hits ? r->total
                                                        : r->offset + (unsigned)r->n_hits);
        esc(out, shown);
        lt_buf_append_str(out, "\xE2\x80\x9D");
    }
    lt_buf_append_str(out, "</p>\n");
    if (r->corrected && r->showing_corrected) {
        lt_buf_append_str(out, "<p class=\"did-you-mean\">Showing results for <strong>");
        esc(out, r->corrected);
        lt_buf_append_str(out, "</strong>. Search instead for <a href=\"");
        search_link(out, r->query, role, 0);
        lt_buf_append_str(out, "&amp;exact=1\">");
        esc(out, r->query);
        lt_buf_append_str(out, "</a>.</p>\n");
    } else if (r->corrected) {
        lt_buf_append_str(out, "<p class=\"did-you-mean\">Did you mean <a href=\"");
        search_link(out, r->corrected, role, 0);
        lt_buf_append_str(out, "\">");
        esc(out, r->corrected);
        lt_buf_append_str(out, "</a>?</p>\n");
    }
    if (r->n_hits) lt_buf_appendf(out, "<ol class=\"results\" start=\"%u\">\n", r->offset + 1);
    for (i = 0; i < r->n_hits; i++) {
        const lt_hit *h = &r->hits[i];
        lt_buf_append_str(out, "<li class=\"result\">\n<h2 class=\"result-title\"><a href=\"");
        result_href(out, h);
        lt_buf_append_str(out, "\">");
        esc(out, h->title[0] ? h->title : h->thread);
        lt_buf_append_str(out, "</a></h2>\n<p class=\"result-meta\">");
        if (h->type == LT_TYPE_FAQ) {
            lt_buf_append_str(out, "<span class=\"badge badge-faq\">Advice page</span>");
        } else {
            lt_buf_append_str(out, "<span class=\"author\">");
            esc(out, h->author[0] ? h->author : "Unknown");
            lt_buf_append_str(out, "</span>");
            if (h->role == LT_ROLE_ADVISER)
                lt_buf_append_str(out, " <span class=\"badge\">Adviser</span>");
        }
        if (h->date[0]) {
            lt_buf_append_str(out, " <time datetime=\"");
            esc(out, h->date);
            lt_buf_append_str(out, "\">");
            human_date(out, h->date);
            lt_buf_append_str(out, "</time>");
        }
        lt_buf_append_str(out, "</p>\n<p class=\"snippet\">");
        lt_buf_append_str(out, h->snippet);   /* escaped and marked by liblantern */
        lt_buf_append_str(out, "</p>\n");
        if (h->more_in_thread && h->type == LT_TYPE_FAQ)
            lt_buf_appendf(out, "<p class=\"more\">%u more %s of this page match</p>\n",
                           h->more_in_thread, h->more_in_thread == 1 ? "section" : "sections");
        else if (h->more_in_thread)
            lt_buf_appendf(out, "<p class=\"more\">%u more %s in this thread match</p>\n",
                           h->more_in_thread, h->more_in_thread == 1 ? "reply" : "replies");
        lt_buf_append_str(out, "</li>\n");
    }
    if (r->n_hits) lt_buf_append_str(out, "</ol>\n");
    if (r->offset > 0 || r->total > r->offset + r->n_hits) {
        lt_buf_append_str(out, "<nav class=\"pages\" aria-label=\"Result pages\">");
        if (r->offset > 0) {
            lt_buf_append_str(out, "<a rel=\"prev\" href=\"");
            search_link(out, shown, role, r->offset > r->limit ? r->offset - r->limit : 0);
            lt_buf_append_str(out, "\">Previous</a>");
        }
        if (r->total > r->offset + r->n_hits && r->n_hits == r->limit &&
            r->offset + r->limit <= LT_SEARCH_MAX_OFFSET) {
            lt_buf_append_str(out, "<a rel=\"next\" href=\"");
            search_link(out, shown, role, r->offset + r->limit);
            lt_buf_append_str(out, "\">Next</a>");
        }
        lt_buf_append_str(out, "</nav>\n");
    }
    return lt_buf_status(out);
}

lt_status sd_render_problem(lt_buf *out, const char *message) {
    lt_buf_append_str(out, "<p class=\"summary problem\" role=\"status\">");
    esc(out, message);
    lt_buf_append_str(out, "</p>\n");
    return lt_buf_status(out);
}

/* Text as paragraphs: blank lines part them, single line breaks stay. */
static void paragraphs(lt_buf *out, const char *text) {
    const char *p = text;
    lt_buf_append_str(out, "<p>");
    while (*p) {
        if (p[0] == '\n' && p[1] == '\n') {
            lt_buf_append_str(out, "</p>\n<p>");
            while (*p == '\n') p++;
        } else if (*p == '\n') {
            lt_buf_append_str(out, "<br>");
            p++;
        } else {
            size_t n = strcspn(p, "\n");
            lt_html_escape(out, p, n);
            p += n;
        }
    }
    lt_buf_append_str(out, "</p>\n");
}

lt_status sd_render_thread(lt_buf *out, const lt_thread *t) {
    size_t i;
    lt_buf_append_str(out, "<article class=\"thread\">\n<h1>");
    esc(out, t->title[0] ? t->title : t->id);
    lt_buf_append_str(out, "</h1>\n");
    for (i = 0; i < t->n_posts; i++) {
        const lt_post *p = &t->posts[i];
        lt_buf_appendf(out, "<section class=\"post\" id=\"post-%u\" tabindex=\"-1\">\n",
                       p->position);
        if (t->type == LT_TYPE_FAQ && p->title) {
            lt_buf_append_str(out, "<h2>");
            esc(out, p->title);
            lt_buf_append_str(out, "</h2>\n");
        } else {
            lt_buf_append_str(out, "<p class=\"result-meta\"><span class=\"author\">");
            esc(out, p->author[0] ? p->author : "Unknown");
            lt_buf_append_str(out, "</span>");
            if (p->role == LT_ROLE_ADVISER)
                lt_buf_append_str(out, " <span class=\"badge\">Adviser</span>");
            if (p->date[0]) {
                lt_buf_append_str(out, " <time datetime=\"");
                esc(out, p->date);
                lt_buf_append_str(out, "\">");
                human_date(out, p->date);
                lt_buf_append_str(out, "</time>");
            }
            lt_buf_append_str(out, "</p>\n");
        }
        if (p->quoted[0]) {
            lt_buf_append_str(out, "<blockquote>");
            paragraphs(out, p->quoted);
            lt_buf_append_str(out, "</blockquote>\n");
        }
        paragraphs(out, p->text);
        lt_buf_append_str(out, "</section>\n");
    }
    lt_buf_append_str(out, "</article>\n");
    return lt_buf_status(out);
}

lt_status sd_render_template(lt_buf *out, const char *tmpl, const char *const *names,
                             const char *const *values, size_t n) {
    const char *p = tmpl;
    while (*p) {
        const char *open = strstr(p, "{{"), *close;
        size_t i;
        if (!open) {
            lt_buf_append_str(out, p);
            break;
        }
        lt_buf_append(out, p, (size_t)(open - p));
        close = strstr(open + 2, "}}");
        if (!close) {
            lt_buf_append_str(out, open);
            break;
        }
        for (i = 0; i < n; i++)
            if (strlen(names[i]) == (size_t)(close - open - 2) &&
                !strncmp(open + 2, names[i], (size_t)(close - open - 2)))
                break;
        if (i < n) lt_buf_append_str(out, values[i]);
        else lt_buf_append(out, open, (size_t)(close + 2 - open));
        p = close + 2;
    }
    return lt_buf_status(out);
}
