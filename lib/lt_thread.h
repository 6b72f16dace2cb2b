/* lt_thread.h — the data model: a thread (or FAQ page) and its posts
 * (or sections), as every reader produces them and the writer indexes them.
 *
 * All strings are NUL-terminated, valid UTF-8 (readers clean input before it
 * gets here) and owned by the thread: lt_thread_free releases everything.
 */
#ifndef LANTERN_LT_THREAD_H
#define LANTERN_LT_THREAD_H

#include <stddef.h>

#include "lt_date.h"
#include "lt_error.h"

typedef enum lt_role { LT_ROLE_MEMBER = 0, LT_ROLE_ADVISER = 1 } lt_role;

/* What a document is: a forum post, or a section of an FAQ / advice page. */
typedef enum lt_doc_type { LT_TYPE_POST = 0, LT_TYPE_FAQ = 1 } lt_doc_type;

typedef struct lt_post {
    unsigned position;        /* 1-based post number; section number for FAQ */
    char *author;             /* "" when unknown */
    lt_role role;
    char date[LT_DATE_SIZE];  /* "YYYY-MM-DDTHH:MM", or "" when unknown */
    char *title;              /* NULL: the thread's title (FAQ: page + heading) */
    char *url;                /* NULL: none of its own */
    char *text;               /* the author's own words */
    char *quoted;             /* words quoted from others ("" when none) */
} lt_post;

typedef struct lt_thread {
    char *id;                 /* SOURCE: unique per thread in an index */
    char *title;
    char *forum;              /* NULL when unknown */
    char *url;                /* NULL when unknown */
    lt_doc_type type;
    lt_post *posts;
    size_t n_posts;
    size_t cap_posts;
} lt_thread;

/* Limits every reader enforces, so no input can make a thread huge. */
#define LT_MAX_POSTS 20000
#define LT_MAX_FIELD_BYTES (4u << 20)   /* one post's text, quoted text … */
#define LT_MAX_NAME_BYTES 1024          /* ids, titles, authors, URLs */

/* Where readers deliver threads. The callee borrows `t` (the reader frees
 * it after the call); a non-OK return stops the reader with that status. */
typedef lt_status (*lt_thread_fn)(void *ctx, lt_thread *t, lt_error *err);

lt_thread *lt_thread_new(void);
void lt_thread_free(lt_thread *t);

/* Copies s[0..len) into *field (replacing what was there). */
lt_status lt_set_string(char **field, const char *s, size_t len);

/* Moves t's contents into a new thread and leaves t empty (and still
 * valid), so a reader that frees t afterwards frees nothing of them.
 * NULL when memory runs out (t is then unchanged). */
lt_thread *lt_thread_take(lt_thread *t);

/* Appends a zeroed post (author "", text "", quoted "") and returns it in
 * *out. Fails with LT_ELIMIT past LT_MAX_POSTS. */
lt_status lt_thread_add_post(lt_thread *t, lt_post **out);

/* The title a post shows: its own, or its thread's. */
const char *lt_post_title(const lt_thread *t, const lt_post *p);

const char *lt_role_name(lt_role role);
const char *lt_doc_type_name(lt_doc_type type);
/* Returns 1 and sets *out when name is "adviser"/"advisor"/"member". */
int lt_role_from_name(const char *name, lt_role *out);
int lt_doc_type_from_name(const char *name, lt_doc_type *out);

#endif
