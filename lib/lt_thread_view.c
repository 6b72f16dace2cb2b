/* lt_thread_view.c — rebuilding a thread from its documents' records. */
#include "lt_thread_view.h"

#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_record.h"
#include "lt_schema.h"
#include "lt_docids.h"
#include "lt_searcher_internal.h"
#include "lt_xc.h"

static int by_position(const void *a, const void *b) {
    const lt_post *x = a, *y = b;
    return x->position < y->position ? -1 : x->position > y->position;
}

static lt_status copy_span(char **field, lt_span sp) { return lt_set_string(field, sp.s, sp.len); }

lt_status lt_thread_view(lt_searcher *s, const char *id, lt_thread **out, lt_error *err) {
    xc_database *db = lt_searcher_db(s);
    lt_docids d = {NULL, 0, 0, LT_MAX_POSTS, 0};
    lt_buf term;
    lt_thread *t = NULL;
    xc_error xe;
    lt_status rc = LT_OK;
    size_t i;
    *out = NULL;
    lt_buf_init(&term, 1024);
    if (lt_schema_term(&term, LT_PREFIX_THREAD, id, strlen(id), 0) != LT_OK) {
        rc = lt_error_set(err, LT_EINVAL, "thread id too long");
        goto done;
    }
    if (lt_docids_of_term(db, term.data, &d, &xe) != XC_OK) {
        rc = lt_error_from_xc(err, lt_searcher_name(s), &xe);
        goto done;
    }
    if (d.failed) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    if (d.n == 0) {
        rc = lt_error_set(err, LT_ENOTFOUND, "no thread '%s'", id);
        goto done;
    }
    if (!(t = lt_thread_new())) {
        rc = lt_error_set(err, LT_ENOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < d.n && rc == LT_OK; i++) {
        xc_document *doc = NULL;
        const char *data;
        size_t len;
        lt_record r;
        lt_post *p;
        if (xc_database_get_document(db, d.v[i], &doc, &xe) != XC_OK ||
            xc_document_data(doc, &data, &len, &xe) != XC_OK) {
            rc = lt_error_from_xc(err, lt_searcher_name(s), &xe);
        } else if (lt_record_decode(data, len, &r) != LT_OK) {
            rc = lt_error_set(err, LT_EINDEX, "%s: document %u has a damaged record",
                              lt_searcher_name(s), d.v[i]);
        } else if ((rc = lt_thread_add_post(t, &p)) == LT_OK) {
            if (i == 0) {
                /* Thread-wide fields are in every record; take the first. */
                t->type = r.type;
                if ((rc = copy_span(&t->id, r.thread)) == LT_OK &&
                    (rc = copy_span(&t->title, r.title)) == LT_OK && r.forum.len)
                    rc = copy_span(&t->forum, r.forum);
            }
            p->position = r.position;
            p->role = r.role;
            if (r.date.len == LT_DATE_LEN) memcpy(p->date, r.date.s, LT_DATE_LEN + 1);
            p->date[r.date.len == LT_DATE_LEN ? LT_DATE_LEN : 0] = '\0';
            if (rc == LT_OK) rc = copy_span(&p->author, r.author);
            if (rc == LT_OK) rc = copy_span(&p->text, r.text);
            if (rc == LT_OK) rc = copy_span(&p->quoted, r.quoted);
            if (rc == LT_OK && r.url.len) rc = copy_span(&p->url, r.url);
            /* FAQ sections have titles of their own (page — heading). */
            if (rc == LT_OK && t->type == LT_TYPE_FAQ) rc = copy_span(&p->title, r.title);
            if (rc != LT_OK) rc = lt_error_set(err, rc, "out of memory");
        }
        xc_document_free(doc);
    }
    if (rc == LT_OK) {
        if (t->n_posts > 1) qsort(t->posts, t->n_posts, sizeof *t->posts, by_position);
        *out = t;
        t = NULL;
    }
done:
    lt_thread_free(t);
    lt_docids_release(&d);
    lt_buf_release(&term);
    return rc;
}
