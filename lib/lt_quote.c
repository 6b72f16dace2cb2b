/* lt_quote.c — finding quote headers and the extent of each quote. */
#define _GNU_SOURCE  /* memmem */
#include "lt_quote.h"

#include <string.h>
#include <strings.h>

#include "lt_date.h"

/* Lines longer than this are never matched against earlier posts: the
 * comparison is quadratic and such lines are not quoted fragments. */
#define MAX_MATCH_LINE 4096
/* A line shorter than this (after folding) is too weak evidence of a quote
 * ("Thanks", "Hi"). */
#define MIN_MATCH_LINE 12

/* Writes lines as paragraphs: a run of blank lines becomes one paragraph
 * break, never leading or trailing. */
typedef struct para_writer {
    lt_buf *out;
    int pending_break;
    int any;
} para_writer;

static void para_init(para_writer *w, lt_buf *out) {
    w->out = out;
    w->pending_break = 0;
    w->any = out->len > 0;
}

static void para_line(para_writer *w, const char *s, size_t len) {
    if (len == 0) {
        w->pending_break = 1;
        return;
    }
    if (w->any) lt_buf_append_str(w->out, w->pending_break ? "\n\n" : "\n");
    lt_buf_append(w->out, s, len);
    w->any = 1;
    w->pending_break = 0;
}

lt_status lt_lines_join(const lt_line *lines, size_t n, lt_buf *out) {
    para_writer w;
    size_t i;
    para_init(&w, out);
    for (i = 0; i < n; i++) para_line(&w, lines[i].s, lines[i].len);
    return lt_buf_status(out);
}

/* The up-arrow phpBB puts after "wrote:" as a link to the quoted post. */
static const char up_arrow[] = "\xE2\x86\x91";

static void skip_blanks(const char **s, size_t *len) {
    while (*len && (**s == ' ' || **s == '\t')) { (*s)++; (*len)--; }
}

/* Index of the latest earlier post by `name` (any case), or -1. */
static long find_author(const lt_thread *t, const char *name, size_t len) {
    size_t i = t->n_posts;
    while (i-- > 0) {
        const char *a = t->posts[i].author;
        if (strlen(a) == len && !strncasecmp(a, name, len)) return (long)i;
    }
    return -1;
}

typedef struct quote_header {
    long author_post;       /* an earlier post by the quoted author, or -1 */
    const char *author;
    size_t author_len;
    const char *rest;       /* words after the header on the same line */
    size_t rest_len;
    int date_next_line;     /* "wrote: ↑" with the date on the next line */
} quote_header;

static int parse_header(const lt_line *l, const lt_line *next,
                        const lt_thread *t, quote_header *h) {
    const char *w = l->len ? memmem(l->s, l->len, " wrote:", 7) : NULL;
    const char *rest;
    size_t name_len, rest_len, date_len;
    char date[LT_DATE_SIZE];
    if (!w) return 0;
    name_len = (size_t)(w - l->s);
    if (name_len == 0 || name_len > 80) return 0;
    rest = w + 7;
    rest_len = l->len - name_len - 7;
    skip_blanks(&rest, &rest_len);
    if (rest_len >= 3 && !memcmp(rest, up_arrow, 3)) {
        rest += 3;
        rest_len -= 3;
        skip_blanks(&rest, &rest_len);
    }
    h->author = l->s;
    h->author_len = name_len;
    h->author_post = find_author(t, l->s, name_len);
    h->date_next_line = 0;
    date_len = lt_date_parse_phpbb(rest, rest_len, date);
    if (date_len) {
        rest += date_len;
        rest_len -= date_len;
        skip_blanks(&rest, &rest_len);
    } else if (rest_len == 0 && next &&
               lt_date_parse_phpbb(next->s, next->len, date) == next->len &&
               next->len > 0) {
        h->date_next_line = 1;
        date_len = next->len;
    }
    if (h->author_post < 0 && date_len == 0) return 0;
    h->rest = rest;
    h->rest_len = rest_len;
    return 1;
}

/* Copies s into out with every run of white space made one space. */
static void fold_space(const char *s, size_t len, lt_buf *out) {
    size_t i;
    int space = 0;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            space = out->len > 0;
            continue;
        }
        if (space) lt_buf_append_char(out, ' ');
        space = 0;
        lt_buf_append_char(out, c);
    }
}

/* Everything the author of post `idx` wrote in earlier posts, folded. */
static void author_text(const lt_thread *t, long idx, lt_buf *out) {
    size_t i;
    const char *a = t->posts[idx].author;
    for (i = 0; i < t->n_posts; i++) {
        if (strcasecmp(t->posts[i].author, a)) continue;
        fold_space(t->posts[i].text, strlen(t->posts[i].text), out);
        lt_buf_append_char(out, '\n');
    }
}

/* Finds line l in said[*from..), folded; on success moves *from past it.
 * Quotes run in order through what was said, so the search never goes
 * back: a reply that repeats the quoted opening ("Dear sunny_90") is the
 * replier's own words, not more of the quote. */
static int said_next(const lt_buf *said, size_t *from, const char *s, size_t len,
                     lt_buf *tmp) {
    const char *hit;
    if (len > MAX_MATCH_LINE || *from > said->len) return 0;
    lt_buf_reset(tmp);
    fold_space(s, len, tmp);
    if (lt_buf_status(tmp) != LT_OK || tmp->len < MIN_MATCH_LINE) return 0;
    hit = memmem(said->data + *from, said->len - *from, tmp->data, tmp->len);
    if (!hit) return 0;
    *from = (size_t)(hit - said->data) + tmp->len;
    return 1;
}

lt_status lt_quote_split(const lt_line *lines, size_t n,
                         const lt_thread *thread, lt_buf *own,
                         lt_buf *quoted) {
    para_writer ow, qw;
    lt_buf said, tmp;
    size_t i = 0, first_line;
    lt_status rc = LT_OK;
    para_init(&ow, own);
    para_init(&qw, quoted);
    lt_buf_init(&said, LT_MAX_FIELD_BYTES * 4u);
    lt_buf_init(&tmp, MAX_MATCH_LINE * 2u);
    while (i < n) {
        quote_header h;
        const lt_line *next = i + 1 < n ? &lines[i + 1] : NULL;
        if (lt_line_is(&lines[i], "Quote") && next &&
            parse_header(next, i + 2 < n ? &lines[i + 2] : NULL, thread, &h)) {
            i++;   /* the "Quote" button label above a quote */
            continue;
        }
        if (!parse_header(&lines[i], next, thread, &h)) {
            para_line(&ow, lines[i].s, lines[i].len);
            i++;
            continue;
        }
        /* Each quote is a paragraph of its own in the quoted text. */
        qw.pending_break = 1;
        i += 1 + (size_t)h.date_next_line;
        first_line = i;
        if (h.rest_len) {
            para_line(&qw, h.rest, h.rest_len);
        } else {
            while (i < n && !lt_line_blank(&lines[i])) {
                para_line(&qw, lines[i].s, lines[i].len);
                i++;
            }
        }
        if (h.author_post >= 0) {
            /* Extend over the lines that continue, in order, what the
             * quoted author said: first find where the quote so far is. */
            size_t at = 0, k;
            int placed;
            lt_buf_reset(&said);
            author_text(thread, h.author_post, &said);
            placed = h.rest_len ? said_next(&said, &at, h.rest, h.rest_len, &tmp) : 1;
            for (k = first_line; placed && !h.rest_len && k < i; k++)
                placed = lt_line_blank(&lines[k]) ||
                         said_next(&said, &at, lines[k].s, lines[k].len, &tmp);
            while (placed) {
                size_t j = i;
                while (j < n && lt_line_blank(&lines[j])) j++;
                if (j == n || !said_next(&said, &at, lines[j].s, lines[j].len, &tmp)) break;
                if (j > i) para_line(&qw, "", 0);
                para_line(&qw, lines[j].s, lines[j].len);
                i = j + 1;
            }
        }
        /* What follows the quote starts a new paragraph of own words. */
        ow.pending_break = 1;
    }
    if (lt_buf_status(own) != LT_OK) rc = lt_buf_status(own);
    else if (lt_buf_status(quoted) != LT_OK) rc = lt_buf_status(quoted);
    lt_buf_release(&said);
    lt_buf_release(&tmp);
    return rc;
}
