/* gen_write.c — text, HTML and JSON Lines renderings of a thread. */
#include "gen_write.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_snippet.h"
#include "lt_thread_json.h"

void gen_phpbb_date(const char *iso, char out[32]) {
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const int offsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int y, m, d, hh, mm, wy, h12;
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &hh, &mm) != 5 || m < 1 || m > 12) {
        snprintf(out, 32, "%s", iso);
        return;
    }
    wy = m < 3 ? y - 1 : y;   /* Sakamoto's day of the week */
    h12 = hh % 12 == 0 ? 12 : hh % 12;
    snprintf(out, 32, "%s %s %02d, %04d %d:%02d %s",
             days[(wy + wy / 4 - wy / 100 + wy / 400 + offsets[m - 1] + d) % 7], months[m - 1],
             d, y, h12, mm, hh < 12 ? "am" : "pm");
}

/* The body as a text export shows it: a quote flattened onto one line
 * ("NAME wrote: DATE words"), then the post's own words. */
static void text_body(const lt_thread *t, const lt_post *p, lt_buf *out) {
    if (p->quoted[0]) {
        const lt_post *q = NULL;
        size_t i;
        char date[32];
        for (i = 0; i < t->n_posts && !q; i++)
            if (!strncmp(t->posts[i].text, p->quoted, strlen(p->quoted))) q = &t->posts[i];
        gen_phpbb_date(q ? q->date : p->date, date);
        lt_buf_appendf(out, "%s wrote: %s %s\n", q ? q->author : "someone", date, p->quoted);
    }
    lt_buf_append_str(out, p->text);
}

static void joined_line(lt_buf *out, const lt_post *p) {
    char date[32];
    gen_phpbb_date(p->date, date);
    lt_buf_appendf(out, "Posts: %u\nJoined: %s\n", 1 + p->position * 7 % 300, date);
}

lt_status gen_write_postby(const lt_thread *t, lt_buf *out) {
    size_t i;
    char date[32];
    lt_buf_appendf(out, "%s\n\nPost Reply\n", t->title);
    for (i = 0; i < t->n_posts; i++) {
        const lt_post *p = &t->posts[i];
        if (i > 0) lt_buf_append_str(out, "\n");
        if (p->role == LT_ROLE_ADVISER) lt_buf_appendf(out, "User avatar\n%s\n", p->author);
        joined_line(out, p);
        gen_phpbb_date(p->date, date);
        lt_buf_appendf(out, "\n%s%s\n\nPost by %s \xC2\xBB %s\n\n", i ? "Re: " : "", t->title,
                       p->author, date);
        text_body(t, p, out);
        lt_buf_append_str(out, "\n");
    }
    lt_buf_append_str(out, "\nPost Reply\n");
    return lt_buf_status(out);
}

lt_status gen_write_posted(const lt_thread *t, lt_buf *out) {
    size_t i;
    char date[32];
    lt_buf_appendf(out, "Page 1 of 1\n\n%s\n\n", t->title);
    for (i = 0; i < t->n_posts; i++) {
        const lt_post *p = &t->posts[i];
        gen_phpbb_date(p->date, date);
        if (i > 0) lt_buf_appendf(out, "\nRe: %s\n\n", t->title);
        lt_buf_appendf(out, "Posted: %s\nby %s\n", date, p->author);
        text_body(t, p, out);
        lt_buf_append_str(out, "\n");
    }
    return lt_buf_status(out);
}

size_t gen_html_pages(const lt_thread *t) {
    return t->n_posts ? (t->n_posts + GEN_POSTS_PER_PAGE - 1) / GEN_POSTS_PER_PAGE : 1;
}

/* Escaped text with paragraphs as <br><br>, as phpBB renders a post. */
static void html_text(lt_buf *out, const char *s) {
    const char *p = s;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        lt_html_escape(out, p, n);
        if (!nl) break;
        lt_buf_append_str(out, "<br>");
        p = nl + 1;
    }
}

lt_status gen_write_html_page(const lt_thread *t, size_t page, lt_buf *out) {
    size_t first = page * GEN_POSTS_PER_PAGE, i, pages = gen_html_pages(t);
    unsigned long topic = strtoul(t->id + strcspn(t->id, "0123456789"), NULL, 10);
    char date[32];
    lt_buf_append_str(out, "<!DOCTYPE html>\n<html lang=\"en-gb\"><head><meta charset=\"utf-8\">\n<title>");
    lt_html_escape(out, t->title, strlen(t->title));
    lt_buf_append_str(out, " - Parents forum</title>\n");
    lt_buf_appendf(out, "<link rel=\"canonical\" href=\"https://forum.example.org/viewtopic.php?t=%lu",
                   topic);
    if (first) lt_buf_appendf(out, "&amp;start=%zu", first);
    lt_buf_append_str(out, "\">\n<style>.post{margin:0}</style><script>var u=1;</script></head>\n"
                           "<body id=\"phpbb\"><div id=\"wrap\"><div id=\"page-header\"><div "
                           "class=\"headerbar\" role=\"banner\"><h1>Parents forum</h1></div>"
                           "<div class=\"navbar\" role=\"navigation\"><ul id=\"nav-breadcrumbs\"><li "
                           "class=\"breadcrumbs\"><span class=\"crumb\"><a href=\"./index.php\">"
                           "Board index</a></span><span class=\"crumb\" data-forum-id=\"2\"><a "
                           "href=\"./viewforum.php?f=2\">");
    lt_html_escape(out, t->forum ? t->forum : "Forum", strlen(t->forum ? t->forum : "Forum"));
    lt_buf_append_str(out, "</a></span></li></ul></div></div>\n<div id=\"page-body\" "
                           "class=\"page-body\" role=\"main\">\n<h2 class=\"topic-title\">");
    lt_buf_appendf(out, "<a href=\"./viewtopic.php?t=%lu\">", topic);
    lt_html_escape(out, t->title, strlen(t->title));
    lt_buf_appendf(out, "</a></h2>\n<div class=\"action-bar bar-top\"><a href=\"./posting.php?"
                        "mode=reply\" class=\"button\"><span>Post Reply</span></a><div "
                        "class=\"pagination\">%zu posts &bull; Page <strong>%zu</strong> of "
                        "<strong>%zu</strong></div></div>\n",
                   t->n_posts, page + 1, pages);
    for (i = first; i < t->n_posts && i < first + GEN_POSTS_PER_PAGE; i++) {
        const lt_post *p = &t->posts[i];
        unsigned long pid = topic * 20 + i;
        gen_phpbb_date(p->date, date);
        lt_buf_appendf(out, "<div id=\"p%lu\" class=\"post has-profile bg%zu\"><div class=\"inner\">"
                            "<dl class=\"postprofile\"><dt><a href=\"./memberlist.php?mode=viewprofile"
                            "&amp;u=%zu\" class=\"username\">", pid, 1 + i % 2, i + 2);
        lt_html_escape(out, p->author, strlen(p->author));
        lt_buf_appendf(out, "</a></dt><dd class=\"profile-posts\"><strong>Posts:</strong> %zu</dd>"
                            "<dd class=\"profile-joined\"><strong>Joined:</strong> %s</dd></dl>\n"
                            "<div class=\"postbody\"><div id=\"post_content%lu\"><h3><a href=\"#p%lu\">"
                            "Re: ", i * 3 + 1, date, pid, pid);
        lt_html_escape(out, t->title, strlen(t->title));
        lt_buf_appendf(out, "</a></h3><p class=\"author\"><span class=\"responsive-hide\">by <strong>"
                            "<a href=\"./memberlist.php?mode=viewprofile&amp;u=%zu\" "
                            "class=\"username\">", i + 2);
        lt_html_escape(out, p->author, strlen(p->author));
        lt_buf_appendf(out, "</a></strong> &raquo; </span><time datetime=\"%s:00+00:00\">%s</time>"
                            "</p>\n<div class=\"content\">", p->date, date);
        if (p->quoted[0]) {
            lt_buf_append_str(out, "<blockquote><div><cite>someone wrote:</cite>");
            html_text(out, p->quoted);
            lt_buf_append_str(out, "</div></blockquote>");
        }
        html_text(out, p->text);
        lt_buf_append_str(out, "</div><div class=\"signature\">one day at a time</div></div></div>"
                               "<div class=\"back2top\"><a href=\"#top\">Top</a></div></div></div>"
                               "\n<hr class=\"divider\">\n");
    }
    lt_buf_append_str(out, "<div class=\"stat-block online-list\"><h3>Who is online</h3><p>Users "
                           "browsing this forum: No registered users</p></div></div>\n<div "
                           "id=\"page-footer\" role=\"contentinfo\">Powered by phpBB</div></div>"
                           "</body></html>\n");
    return lt_buf_status(out);
}

lt_status gen_write_jsonl(const lt_thread *t, lt_buf *out) {
    json_t *o = lt_thread_to_json(t);
    char *s;
    if (!o) return LT_ENOMEM;
    s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s) return LT_ENOMEM;
    lt_buf_append_str(out, s);
    lt_buf_append_char(out, '\n');
    free(s);
    return lt_buf_status(out);
}

static void tsv_field(lt_buf *out, const char *s) {
    for (; *s; s++) lt_buf_append_char(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

lt_status gen_write_tsv(const lt_thread *t, lt_buf *out) {
    size_t i;
    for (i = 0; i < t->n_posts; i++) {
        lt_buf_appendf(out, "%s#%u\t%s\t", t->id, t->posts[i].position, t->id);
        tsv_field(out, t->title);
        lt_buf_append_char(out, '\t');
        tsv_field(out, t->posts[i].text);
        lt_buf_append_char(out, '\t');
        tsv_field(out, t->posts[i].quoted);
        lt_buf_append_char(out, '\n');
    }
    return lt_buf_status(out);
}
