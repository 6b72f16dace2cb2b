/* lt_thread.c — building and freeing threads. */
#include "lt_thread.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

lt_thread *lt_thread_new(void) {
    lt_thread *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    if (lt_set_string(&t->id, "", 0) != LT_OK ||
        lt_set_string(&t->title, "", 0) != LT_OK) {
        lt_thread_free(t);
        return NULL;
    }
    return t;
}

static void post_release(lt_post *p) {
    free(p->author);
    free(p->title);
    free(p->url);
    free(p->text);
    free(p->quoted);
}

void lt_thread_free(lt_thread *t) {
    size_t i;
    if (!t) return;
    for (i = 0; i < t->n_posts; i++) post_release(&t->posts[i]);
    free(t->posts);
    free(t->id);
    free(t->title);
    free(t->forum);
    free(t->url);
    free(t);
}

lt_thread *lt_thread_take(lt_thread *t) {
    lt_thread *moved = malloc(sizeof *moved);
    char *id = strdup(""), *title = strdup("");
    if (!moved || !id || !title) {
        free(moved);
        free(id);
        free(title);
        return NULL;
    }
    *moved = *t;
    memset(t, 0, sizeof *t);
    t->id = id;
    t->title = title;
    return moved;
}

lt_status lt_set_string(char **field, const char *s, size_t len) {
    char *p = malloc(len + 1);
    if (!p) return LT_ENOMEM;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    free(*field);
    *field = p;
    return LT_OK;
}

lt_status lt_thread_add_post(lt_thread *t, lt_post **out) {
    lt_post *p;
    *out = NULL;
    if (t->n_posts >= LT_MAX_POSTS) return LT_ELIMIT;
    if (t->n_posts == t->cap_posts) {
        size_t cap = t->cap_posts ? t->cap_posts * 2 : 8;
        lt_post *np = realloc(t->posts, cap * sizeof *np);
        if (!np) return LT_ENOMEM;
        t->posts = np;
        t->cap_posts = cap;
    }
    p = &t->posts[t->n_posts];
    memset(p, 0, sizeof *p);
    if (lt_set_string(&p->author, "", 0) != LT_OK ||
        lt_set_string(&p->text, "", 0) != LT_OK ||
        lt_set_string(&p->quoted, "", 0) != LT_OK) {
        post_release(p);
        return LT_ENOMEM;
    }
    p->position = (unsigned)t->n_posts + 1;
    t->n_posts++;
    *out = p;
    return LT_OK;
}

const char *lt_post_title(const lt_thread *t, const lt_post *p) {
    return p->title ? p->title : t->title;
}

const char *lt_role_name(lt_role role) {
    return role == LT_ROLE_ADVISER ? "adviser" : "member";
}

const char *lt_doc_type_name(lt_doc_type type) {
    return type == LT_TYPE_FAQ ? "faq" : "post";
}

int lt_role_from_name(const char *name, lt_role *out) {
    if (!strcasecmp(name, "adviser") || !strcasecmp(name, "advisor")) {
        *out = LT_ROLE_ADVISER;
        return 1;
    }
    if (!strcasecmp(name, "member")) {
        *out = LT_ROLE_MEMBER;
        return 1;
    }
    return 0;
}

int lt_doc_type_from_name(const char *name, lt_doc_type *out) {
    if (!strcasecmp(name, "post") || !strcasecmp(name, "thread")) {
        *out = LT_TYPE_POST;
        return 1;
    }
    if (!strcasecmp(name, "faq")) {
        *out = LT_TYPE_FAQ;
        return 1;
    }
    return 0;
}
