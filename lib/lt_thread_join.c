/* lt_thread_join.c — grouping, ordering and merging thread pages. */
#include "lt_thread_join.h"

#include <stdlib.h>
#include <string.h>

struct lt_joiner {
    lt_thread_page **pages;
    size_t n, cap;
    lt_thread_fn fn;
    void *ctx;
};

lt_joiner *lt_joiner_new(lt_thread_fn fn, void *ctx) {
    lt_joiner *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->fn = fn;
    j->ctx = ctx;
    return j;
}

static void drop_pending(lt_joiner *j) {
    size_t i;
    for (i = 0; i < j->n; i++) lt_thread_page_free(j->pages[i]);
    j->n = 0;
}

void lt_joiner_free(lt_joiner *j) {
    if (!j) return;
    drop_pending(j);
    free(j->pages);
    free(j);
}

lt_status lt_joiner_add(lt_joiner *j, lt_thread_page *page, lt_error *err) {
    if (j->n >= LT_JOIN_MAX_PENDING) {
        lt_status rc = lt_joiner_flush(j, err);
        if (rc != LT_OK) {
            lt_thread_page_free(page);
            return rc;
        }
    }
    if (j->n == j->cap) {
        size_t cap = j->cap ? j->cap * 2 : 16;
        lt_thread_page **np = realloc(j->pages, cap * sizeof *np);
        if (!np) {
            lt_thread_page_free(page);
            return lt_error_set(err, LT_ENOMEM, "out of memory");
        }
        j->pages = np;
        j->cap = cap;
    }
    j->pages[j->n++] = page;
    return LT_OK;
}

static unsigned long first_id(const lt_thread_page *p) {
    return p->thread->n_posts ? p->post_ids[0] : 0;
}

/* Pages of one key together; within a key, by start (known before
 * unknown), then by first post number, then by source. */
static int compare_pages(const void *a, const void *b) {
    const lt_thread_page *x = *(lt_thread_page *const *)a, *y = *(lt_thread_page *const *)b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if ((x->start >= 0) != (y->start >= 0)) return x->start >= 0 ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (first_id(x) != first_id(y)) return first_id(x) < first_id(y) ? -1 : 1;
    return strcmp(x->thread->id, y->thread->id);
}

/* Moves the posts of `from` onto the end of `into`, skipping posts whose
 * phpBB number is already there (the same page given twice). */
static lt_status move_posts(lt_thread_page *into, lt_thread_page *from) {
    lt_thread *t = into->thread, *f = from->thread;
    size_t i, k;
    for (i = 0; i < f->n_posts; i++) {
        unsigned long id = from->post_ids[i];
        int dup = 0;
        lt_post *p;
        unsigned long *ids;
        lt_status rc;
        for (k = 0; id && k < t->n_posts && !dup; k++) dup = into->post_ids[k] == id;
        if (dup) continue;
        ids = realloc(into->post_ids, (t->n_posts + 1) * sizeof *ids);
        if (!ids) return LT_ENOMEM;
        into->post_ids = ids;
        rc = lt_thread_add_post(t, &p);
        if (rc != LT_OK) return rc;
        /* Hand over the strings: the source page is freed without them. */
        free(p->author);
        free(p->text);
        free(p->quoted);
        *p = f->posts[i];
        memset(&f->posts[i], 0, sizeof f->posts[i]);
        ids[t->n_posts - 1] = id;
    }
    return LT_OK;
}

lt_status lt_joiner_flush(lt_joiner *j, lt_error *err) {
    size_t i = 0, k;
    lt_status rc = LT_OK;
    /* qsort wants a real array even for no elements (C11 7.22.5). */
    if (j->n > 1) qsort(j->pages, j->n, sizeof *j->pages, compare_pages);
    while (i < j->n && rc == LT_OK) {
        lt_thread_page *first = j->pages[i];
        size_t end = i + 1;
        long base;
        while (end < j->n && !strcmp(j->pages[end]->key, first->key)) end++;
        for (k = i + 1; k < end && rc == LT_OK; k++) rc = move_posts(first, j->pages[k]);
        if (rc != LT_OK) {
            rc = lt_error_set(err, rc, "%s: %s", first->thread->id,
                              rc == LT_ELIMIT ? "too many posts" : "out of memory");
            break;
        }
        /* Number the posts through, from the first page's offset. */
        base = first->start > 0 ? first->start : 0;
        for (k = 0; k < first->thread->n_posts; k++)
            first->thread->posts[k].position = (unsigned)base + (unsigned)k + 1;
        rc = j->fn(j->ctx, first->thread, err);
        i = end;
    }
    drop_pending(j);
    return rc;
}
