/* lt_thread_json.c — converting threads to and from JSON objects. */
#include "lt_thread_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_role.h"
#include "lt_utf8.h"

/* jansson's setters with _new take the reference: no decref after them. */
static int set_str(json_t *o, const char *key, const char *v) {
    return json_object_set_new(o, key, v ? json_string(v) : json_null());
}

json_t *lt_thread_to_json(const lt_thread *t) {
    json_t *o = json_object(), *posts = json_array();
    size_t i;
    int bad = 0;
    if (!o || !posts) goto fail;
    bad |= set_str(o, "id", t->id);
    bad |= set_str(o, "type", t->type == LT_TYPE_FAQ ? "faq" : "thread");
    bad |= set_str(o, "title", t->title);
    bad |= set_str(o, "forum", t->forum);
    bad |= set_str(o, "url", t->url);
    for (i = 0; i < t->n_posts; i++) {
        const lt_post *p = &t->posts[i];
        json_t *po = json_object();
        if (!po) goto fail;
        bad |= json_object_set_new(po, "position", json_integer(p->position));
        bad |= set_str(po, "author", p->author);
        bad |= set_str(po, "role", lt_role_name(p->role));
        bad |= set_str(po, "date", p->date[0] ? p->date : NULL);
        if (p->title) bad |= set_str(po, "title", p->title);
        if (p->url) bad |= set_str(po, "url", p->url);
        bad |= set_str(po, "text", p->text);
        bad |= set_str(po, "quoted", p->quoted);
        bad |= json_array_append_new(posts, po);
    }
    bad |= json_object_set_new(o, "posts", posts);
    posts = NULL;
    if (bad) goto fail;
    return o;
fail:
    json_decref(posts);
    json_decref(o);
    return NULL;
}

/* Reads o[key] as a string into *field, cleaned. Missing is fine unless
 * `required`; null counts as missing. */
static lt_status get_string(const json_t *o, const char *key, int required,
                            size_t max, char **field, const char *where,
                            char *why, size_t why_len) {
    const json_t *v = json_object_get(o, key);
    lt_buf b;
    lt_status rc;
    if (!v || json_is_null(v)) {
        if (!required) return LT_OK;
        snprintf(why, why_len, "%s: missing \"%s\"", where, key);
        return LT_EFORMAT;
    }
    if (!json_is_string(v)) {
        snprintf(why, why_len, "%s: \"%s\" is not a string", where, key);
        return LT_EFORMAT;
    }
    lt_buf_init(&b, max);
    rc = lt_utf8_clean(json_string_value(v), json_string_length(v),
                       LT_CLEAN_QUOTES | LT_CLEAN_SPACES, &b, NULL);
    if (rc == LT_OK) rc = lt_set_string(field, b.data, b.len);
    lt_buf_release(&b);
    if (rc == LT_ELIMIT)
        snprintf(why, why_len, "%s: \"%s\" is longer than %zu bytes", where, key, max);
    else if (rc != LT_OK)
        snprintf(why, why_len, "out of memory");
    return rc;
}

static lt_status read_post(const json_t *po, size_t index, lt_doc_type type,
                           const lt_config *config, lt_thread *t, char *why,
                           size_t why_len) {
    char where[64];
    lt_post *p;
    const json_t *v;
    lt_status rc;
    snprintf(where, sizeof where, "posts[%zu]", index);
    if (!json_is_object(po)) {
        snprintf(why, why_len, "%s is not an object", where);
        return LT_EFORMAT;
    }
    rc = lt_thread_add_post(t, &p);
    if (rc != LT_OK) {
        snprintf(why, why_len, rc == LT_ELIMIT ? "more than %d posts" : "out of memory",
                 LT_MAX_POSTS);
        return rc;
    }
    /* FAQ sections count from 0 (the text before the first heading). */
    p->position = type == LT_TYPE_FAQ ? (unsigned)index : (unsigned)index + 1;
    v = json_object_get(po, "position");
    if (v && !json_is_null(v)) {
        /* Posts count from 1 (lt_thread.h): a post 0 would be no post. */
        json_int_t lowest = type == LT_TYPE_FAQ ? 0 : 1;
        if (!json_is_integer(v) || json_integer_value(v) < lowest ||
            json_integer_value(v) > 10000000) {
            snprintf(why, why_len, "%s: \"position\" is not a number from %d to 10000000", where,
                     (int)lowest);
            return LT_EFORMAT;
        }
        p->position = (unsigned)json_integer_value(v);
    }
    if ((rc = get_string(po, "author", 0, LT_MAX_NAME_BYTES, &p->author, where, why, why_len)) ||
        (rc = get_string(po, "text", 1, LT_MAX_FIELD_BYTES, &p->text, where, why, why_len)) ||
        (rc = get_string(po, "quoted", 0, LT_MAX_FIELD_BYTES, &p->quoted, where, why, why_len)) ||
        (rc = get_string(po, "title", 0, LT_MAX_NAME_BYTES, &p->title, where, why, why_len)) ||
        (rc = get_string(po, "url", 0, LT_MAX_NAME_BYTES, &p->url, where, why, why_len)))
        return rc;
    v = json_object_get(po, "role");
    if (v && !json_is_null(v)) {
        if (!json_is_string(v) || !lt_role_from_name(json_string_value(v), &p->role)) {
            snprintf(why, why_len, "%s: \"role\" must be \"adviser\" or \"member\"", where);
            return LT_EFORMAT;
        }
    } else {
        p->role = lt_role_of_author(config, p->author);
    }
    v = json_object_get(po, "date");
    if (v && !json_is_null(v)) {
        if (!json_is_string(v) ||
            !lt_date_parse_iso(json_string_value(v), json_string_length(v), p->date)) {
            snprintf(why, why_len, "%s: \"date\" is not an ISO 8601 date (YYYY-MM-DDTHH:MM)",
                     where);
            return LT_EFORMAT;
        }
    }
    return LT_OK;
}

static int compare_unsigned(const void *a, const void *b) {
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Document ids are SOURCE#N: two posts with one N would collide. */
static lt_status check_unique_positions(const lt_thread *t, char *why,
                                        size_t why_len) {
    unsigned *pos = malloc(t->n_posts * sizeof *pos);
    size_t i;
    lt_status rc = LT_OK;
    if (!pos) {
        snprintf(why, why_len, "out of memory");
        return LT_ENOMEM;
    }
    for (i = 0; i < t->n_posts; i++) pos[i] = t->posts[i].position;
    qsort(pos, t->n_posts, sizeof *pos, compare_unsigned);
    for (i = 1; i < t->n_posts; i++) {
        if (pos[i] == pos[i - 1]) {
            snprintf(why, why_len, "position %u is used by two posts", pos[i]);
            rc = LT_EFORMAT;
            break;
        }
    }
    free(pos);
    return rc;
}

lt_status lt_thread_from_json(const json_t *obj, const lt_config *config,
                              lt_thread **out, char *why, size_t why_len) {
    lt_thread *t;
    const json_t *posts, *v;
    lt_status rc;
    size_t i;
    *out = NULL;
    if (!json_is_object(obj)) {
        snprintf(why, why_len, "not a JSON object");
        return LT_EFORMAT;
    }
    if (!(t = lt_thread_new())) {
        snprintf(why, why_len, "out of memory");
        return LT_ENOMEM;
    }
    if ((rc = get_string(obj, "id", 1, LT_MAX_NAME_BYTES, &t->id, "thread", why, why_len)) ||
        (rc = get_string(obj, "title", 1, LT_MAX_NAME_BYTES, &t->title, "thread", why, why_len)) ||
        (rc = get_string(obj, "forum", 0, LT_MAX_NAME_BYTES, &t->forum, "thread", why, why_len)) ||
        (rc = get_string(obj, "url", 0, LT_MAX_NAME_BYTES, &t->url, "thread", why, why_len)))
        goto fail;
    if (!t->id[0]) {
        snprintf(why, why_len, "thread: \"id\" is empty");
        rc = LT_EFORMAT;
        goto fail;
    }
    v = json_object_get(obj, "type");
    if (v && !json_is_null(v) &&
        (!json_is_string(v) || !lt_doc_type_from_name(json_string_value(v), &t->type))) {
        snprintf(why, why_len, "thread: \"type\" must be \"thread\" or \"faq\"");
        rc = LT_EFORMAT;
        goto fail;
    }
    posts = json_object_get(obj, "posts");
    if (!json_is_array(posts) || json_array_size(posts) == 0) {
        snprintf(why, why_len, "thread: \"posts\" must be a non-empty array");
        rc = LT_EFORMAT;
        goto fail;
    }
    for (i = 0; i < json_array_size(posts); i++) {
        rc = read_post(json_array_get(posts, i), i, t->type, config, t, why, why_len);
        if (rc != LT_OK) goto fail;
    }
    rc = check_unique_positions(t, why, why_len);
    if (rc != LT_OK) goto fail;
    *out = t;
    return LT_OK;
fail:
    lt_thread_free(t);
    return rc;
}
