/* lt_text_reader.c — parsing the two phpBB text styles.
 *
 * The reader finds the post headers first, then works out where each post's
 * body ends by walking back from the next header over the chrome that
 * precedes it (subject line, profile block), so chrome is only ever removed
 * where the page layout puts it, never from the middle of what someone wrote.
 */
#include "lt_text_reader.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lt_buf.h"
#include "lt_date.h"
#include "lt_lines.h"
#include "lt_quote.h"
#include "lt_role.h"
#include "lt_utf8.h"

/* "»" as UTF-8, the separator between author and date. */
static const char raquo[] = "\xC2\xBB";

typedef struct header {
    size_t line;          /* index of the header's first line */
    size_t body;          /* index of the first body line */
    const char *author;
    size_t author_len;
    const char *date;     /* the date text as written */
    size_t date_len;
} header;

typedef struct parser {
    const char *name;
    lt_lines lines;
    header *headers;
    size_t n_headers;
    const lt_config *config;
    const lt_warn *warn;
    lt_thread *thread;
} parser;

/* ---- Recognising lines ---- */

static int is_digits(const char *s, size_t len) {
    size_t i;
    if (!len) return 0;
    for (i = 0; i < len; i++) if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* "Page 2 of 5" */
static int is_page_line(const lt_line *l) {
    const char *s = l->s, *of;
    size_t len = l->len;
    if (!lt_line_starts(l, "Page ")) return 0;
    s += 5;
    len -= 5;
    of = len ? strstr(s, " of ") : NULL;
    if (!of || (size_t)(of - s) >= len) return 0;
    return is_digits(s, (size_t)(of - s)) &&
           is_digits(of + 4, len - (size_t)(of - s) - 4);
}

/* Lines of a poster's profile box, shown above or beside a post. */
static int is_profile_line(const lt_line *l) {
    static const char *const prefixes[] = {
        "Posts: ", "Joined: ", "Location: ", "Has thanked: ", "Been thanked: ",
        "Contact: ", "Reputation: ", "Rank: "
    };
    size_t i;
    if (lt_line_is(l, "User avatar") || lt_line_is(l, "Contact:")) return 1;
    for (i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (lt_line_starts(l, prefixes[i])) return 1;
    return 0;
}

/* Buttons and page furniture that stand on a line of their own. */
static int is_chrome_line(const lt_line *l) {
    static const char *const exact[] = {
        "Post Reply", "Reply", "Quote", "Top", "Report", "Reply with quote",
        "Print view", "Search", "Search this topic…", "Search this topic...",
        "Jump to", "Board index", "Who is online", "Previous topic",
        "Next topic", "« Previous topic", "Next topic »", "Forum rules",
        "Login", "Register", "Quick links", "FAQ", "Return to top",
        "Display posts from previous", "Sort by", "Go", "•"
    };
    size_t i;
    for (i = 0; i < sizeof exact / sizeof *exact; i++)
        if (lt_line_is(l, exact[i])) return 1;
    if (is_page_line(l) || is_profile_line(l)) return 1;
    if (lt_line_starts(l, "Users browsing this forum:") ||
        lt_line_starts(l, "Return to \"") || lt_line_starts(l, "Return to Board") ||
        lt_line_starts(l, "Display posts from previous:"))
        return 1;
    /* "4 posts • Page 1 of 1", "12 posts" */
    if (l->len && l->s[0] >= '0' && l->s[0] <= '9') {
        const char *sp = memchr(l->s, ' ', l->len);
        if (sp && is_digits(l->s, (size_t)(sp - l->s)) &&
            (size_t)(sp - l->s) + 5 < l->len + 1 &&
            (!strncmp(sp, " posts", 6) || !strncmp(sp, " post ", 6) ||
             (l->len == (size_t)(sp - l->s) + 5 && !strncmp(sp, " post", 5))))
            return 1;
    }
    return 0;
}

/* Lines from which everything to the end of the file is page furniture. */
static int is_tail_marker(const lt_line *l) {
    return lt_line_starts(l, "Return to \"") || lt_line_is(l, "Jump to") ||
           lt_line_is(l, "Who is online") ||
           lt_line_starts(l, "Users browsing this forum:");
}

/* "Post by NAME » DATE" or "by NAME » DATE". */
static int match_post_by(const lt_line *l, header *h) {
    const char *s = l->s, *sep = NULL, *p;
    size_t len = l->len, skip;
    if (lt_line_starts(l, "Post by ")) skip = 8;
    else if (lt_line_starts(l, "by ")) skip = 3;
    else return 0;
    /* The last " » ": names may hold odd characters, dates never do. */
    for (p = s + skip; p + 4 <= s + len; p++)
        if (p[0] == ' ' && !memcmp(p + 1, raquo, 2) && p[3] == ' ') sep = p;
    if (!sep || sep == s + skip) return 0;
    h->author = s + skip;
    h->author_len = (size_t)(sep - h->author);
    h->date = sep + 4;
    h->date_len = len - (size_t)(h->date - s);
    return h->date_len > 0;
}

/* "Posted: DATE" followed by "by NAME" on the next line. */
static int match_posted(const lt_lines *ls, size_t i, header *h) {
    const lt_line *l = &ls->v[i], *next;
    if (!lt_line_starts(l, "Posted: ") || i + 1 >= ls->n) return 0;
    next = &ls->v[i + 1];
    if (!lt_line_starts(next, "by ") || next->len <= 3) return 0;
    h->date = l->s + 8;
    h->date_len = l->len - 8;
    h->author = next->s + 3;
    h->author_len = next->len - 3;
    return 1;
}

lt_text_style lt_text_detect(const char *text, size_t len) {
    lt_lines ls;
    size_t i;
    lt_text_style style = LT_TEXT_NONE;
    header h;
    if (lt_lines_split(text, len, &ls) != LT_OK) return LT_TEXT_NONE;
    for (i = 0; i < ls.n && style == LT_TEXT_NONE; i++) {
        if (match_post_by(&ls.v[i], &h)) style = LT_TEXT_POST_BY;
        else if (match_posted(&ls, i, &h)) style = LT_TEXT_POSTED;
    }
    lt_lines_release(&ls);
    return style;
}

/* ---- Finding posts ---- */

static lt_status find_headers(parser *p, lt_text_style style) {
    size_t i, cap = 16;
    p->headers = malloc(cap * sizeof *p->headers);
    if (!p->headers) return LT_ENOMEM;
    for (i = 0; i < p->lines.n; i++) {
        header h;
        int found;
        if (style == LT_TEXT_POST_BY) {
            found = match_post_by(&p->lines.v[i], &h);
            h.body = i + 1;
        } else {
            found = match_posted(&p->lines, i, &h);
            h.body = i + 2;
        }
        if (!found) continue;
        h.line = i;
        if (p->n_headers == cap) {
            header *nh = realloc(p->headers, cap * 2 * sizeof *nh);
            if (!nh) return LT_ENOMEM;
            p->headers = nh;
            cap *= 2;
        }
        if (p->n_headers >= LT_MAX_POSTS) return LT_ELIMIT;
        p->headers[p->n_headers++] = h;
        i = h.body - 1;
    }
    return LT_OK;
}

static int line_equals(const lt_line *l, const char *s, size_t len) {
    return l->len == len && !memcmp(l->s, s, len);
}

/* Is line i the subject line shown above a post? "Re: …", the title, or
 * any line with a profile block above it (the layout puts one there). */
static int is_subject(const parser *p, size_t i, size_t floor) {
    const lt_line *l = &p->lines.v[i];
    const char *title = p->thread->title;
    size_t j;
    if (lt_line_blank(l)) return 0;
    if (lt_line_starts_nocase(l, "Re:")) return 1;
    if (title[0] && line_equals(l, title, strlen(title))) return 1;
    j = i;
    while (j > floor && lt_line_blank(&p->lines.v[j - 1])) j--;
    return j > floor && j < i && is_profile_line(&p->lines.v[j - 1]);
}

/* Where the body before header `next` ends: the first line of the chrome
 * that the layout puts above `next` (subject line, profile block). */
static size_t body_end_before(const parser *p, size_t floor, const header *next) {
    size_t i = next->line;
    while (i > floor && lt_line_blank(&p->lines.v[i - 1])) i--;
    if (i > floor && is_subject(p, i - 1, floor)) {
        i--;
        while (i > floor && lt_line_blank(&p->lines.v[i - 1])) i--;
    }
    while (i > floor) {
        const lt_line *l = &p->lines.v[i - 1];
        if (is_profile_line(l) ||
            line_equals(l, next->author, next->author_len)) {
            i--;
            continue;
        }
        break;
    }
    return i;
}

/* The end of the last post: before the page's closing furniture. */
static size_t body_end_at_tail(const parser *p, size_t floor) {
    size_t i, end = p->lines.n;
    for (i = floor; i < p->lines.n; i++) {
        if (is_tail_marker(&p->lines.v[i]) &&
            (i == floor || lt_line_blank(&p->lines.v[i - 1]))) {
            end = i;
            break;
        }
    }
    while (end > floor && (lt_line_blank(&p->lines.v[end - 1]) ||
                           is_chrome_line(&p->lines.v[end - 1])))
        end--;
    return end;
}

/* How much of s[0..len) a name (title, author) keeps: at most
 * LT_MAX_NAME_BYTES, cut between characters so it stays valid UTF-8. */
static size_t name_len(const char *s, size_t len) {
    return len > LT_MAX_NAME_BYTES ? lt_utf8_char_start(s, len, LT_MAX_NAME_BYTES) : len;
}

/* The thread title: the first line before the first post that is not
 * chrome; failing that, the first post's subject line. */
static lt_status read_title(parser *p) {
    size_t i, first = p->headers[0].line;
    for (i = 0; i < first; i++) {
        const lt_line *l = &p->lines.v[i];
        if (!lt_line_blank(l) && !is_chrome_line(l))
            return lt_set_string(&p->thread->title, l->s, name_len(l->s, l->len));
    }
    return LT_OK;
}

static lt_status add_post(parser *p, size_t k, size_t end, lt_error *err) {
    const header *h = &p->headers[k];
    lt_post *post;
    lt_buf own, quoted;
    size_t start = h->body;
    lt_status rc;
    char date[LT_DATE_SIZE];
    size_t date_used;

    /* Buttons at either end of a body are furniture, not words. */
    while (start < end && (lt_line_blank(&p->lines.v[start]) ||
                           lt_line_is(&p->lines.v[start], "Quote") ||
                           lt_line_is(&p->lines.v[start], "Top")))
        start++;
    while (end > start && (lt_line_blank(&p->lines.v[end - 1]) ||
                           lt_line_is(&p->lines.v[end - 1], "Top") ||
                           lt_line_is(&p->lines.v[end - 1], "Post Reply")))
        end--;

    rc = lt_thread_add_post(p->thread, &post);
    if (rc != LT_OK)
        return lt_error_set(err, rc, "%s:%zu: %s", p->name, h->line + 1,
                            rc == LT_ELIMIT ? "too many posts" : "out of memory");
    if (lt_set_string(&post->author, h->author, name_len(h->author, h->author_len)) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "%s: out of memory", p->name);
    post->role = lt_role_of_author(p->config, post->author);
    date_used = lt_date_parse_phpbb(h->date, h->date_len, date);
    if (date_used == h->date_len) {
        memcpy(post->date, date, sizeof date);
    } else {
        lt_warnf(p->warn, "%s:%zu: unreadable date '%.*s' (post kept without a date)",
                 p->name, h->line + 1, (int)(h->date_len > 60 ? 60 : h->date_len),
                 h->date);
    }

    lt_buf_init(&own, LT_MAX_FIELD_BYTES);
    lt_buf_init(&quoted, LT_MAX_FIELD_BYTES);
    /* The post is not yet among "earlier posts": hide it from the quote
     * finder, which looks up authors there. */
    p->thread->n_posts--;
    rc = lt_quote_split(p->lines.v + start, end - start, p->thread, &own, &quoted);
    p->thread->n_posts++;
    if (rc == LT_OK) {
        if (lt_set_string(&post->text, own.data, own.len) != LT_OK ||
            lt_set_string(&post->quoted, quoted.data, quoted.len) != LT_OK)
            rc = LT_ENOMEM;
    }
    lt_buf_release(&own);
    lt_buf_release(&quoted);
    if (rc != LT_OK)
        return lt_error_set(err, rc, "%s:%zu: %s", p->name, h->line + 1,
                            rc == LT_ELIMIT ? "post longer than the limit"
                                            : "out of memory");
    return LT_OK;
}

lt_status lt_text_read(const char *name, const char *text, size_t len,
                       const lt_config *config, const lt_warn *warn,
                       lt_thread **out, lt_error *err) {
    parser p;
    lt_text_style style;
    lt_status rc = LT_OK;
    size_t k;

    *out = NULL;
    memset(&p, 0, sizeof p);
    p.name = name;
    p.config = config;
    p.warn = warn;
    if (len == 0)
        return lt_error_set(err, LT_EFORMAT, "%s:1: empty file", name);
    style = lt_text_detect(text, len);
    if (style == LT_TEXT_NONE)
        return lt_error_set(err, LT_EFORMAT,
                            "%s:1: not a forum thread: no 'Post by NAME \xC2\xBB DATE' "
                            "or 'Posted: DATE' lines", name);
    if (lt_lines_split(text, len, &p.lines) != LT_OK ||
        !(p.thread = lt_thread_new())) {
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    rc = find_headers(&p, style);
    if (rc != LT_OK) {
        rc = lt_error_set(err, rc, "%s: %s", name,
                          rc == LT_ELIMIT ? "too many posts" : "out of memory");
        goto done;
    }
    if (read_title(&p) != LT_OK) {
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
        goto done;
    }
    if (!p.thread->title[0]) {
        /* No title above the first post: use its subject line if any. */
        size_t i = p.headers[0].line;
        while (i > 0 && lt_line_blank(&p.lines.v[i - 1])) i--;
        if (i > 0 && !is_chrome_line(&p.lines.v[i - 1]) &&
            lt_set_string(&p.thread->title, p.lines.v[i - 1].s,
                          name_len(p.lines.v[i - 1].s, p.lines.v[i - 1].len)) != LT_OK) {
            rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
            goto done;
        }
    }
    for (k = 0; k < p.n_headers; k++) {
        size_t floor = p.headers[k].body;
        size_t end = k + 1 < p.n_headers
                         ? body_end_before(&p, floor, &p.headers[k + 1])
                         : body_end_at_tail(&p, floor);
        rc = add_post(&p, k, end, err);
        if (rc != LT_OK) goto done;
    }
done:
    free(p.headers);
    lt_lines_release(&p.lines);
    if (rc != LT_OK) {
        lt_thread_free(p.thread);
        return rc;
    }
    *out = p.thread;
    return LT_OK;
}
