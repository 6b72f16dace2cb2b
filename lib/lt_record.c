/* lt_record.c — the stored record's encoding. */
#include "lt_record.h"

#include <stdint.h>
#include <string.h>

#define RECORD_VERSION 1

static void put_varint(lt_buf *out, uint64_t v) {
    char b[10];
    size_t n = 0;
    while (v >= 0x80) {
        b[n++] = (char)(0x80 | (v & 0x7F));
        v >>= 7;
    }
    b[n++] = (char)v;
    lt_buf_append(out, b, n);
}

static void put_span(lt_buf *out, const char *s, size_t len) {
    put_varint(out, len);
    lt_buf_append(out, s, len);
}

static void put_str(lt_buf *out, const char *s) {
    put_span(out, s ? s : "", s ? strlen(s) : 0);
}

lt_status lt_record_encode(const lt_thread *t, const lt_post *p,
                           const char *doc, size_t doc_len, lt_buf *out) {
    lt_buf_append_char(out, RECORD_VERSION);
    put_span(out, doc, doc_len);
    put_str(out, t->id);
    put_str(out, lt_post_title(t, p));
    put_str(out, p->author);
    put_str(out, p->date);
    put_str(out, p->url ? p->url : t->url);
    put_str(out, t->forum);
    put_str(out, p->text);
    put_str(out, p->quoted);
    put_varint(out, p->position);
    put_varint(out, p->role);
    put_varint(out, t->type);
    return lt_buf_status(out);
}

typedef struct reader { const unsigned char *p, *end; int bad; } reader;

static uint64_t get_varint(reader *r) {
    uint64_t v = 0;
    unsigned shift = 0;
    while (!r->bad) {
        unsigned char c;
        if (r->p == r->end || shift > 63) { r->bad = 1; break; }
        c = *r->p++;
        v |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
        shift += 7;
    }
    return 0;
}

static lt_span get_span(reader *r) {
    lt_span s = {"", 0};
    uint64_t len = get_varint(r);
    if (r->bad) return s;
    if (len > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return s;
    }
    s.s = (const char *)r->p;
    s.len = (size_t)len;
    r->p += len;
    return s;
}

lt_status lt_record_decode(const char *data, size_t len, lt_record *out) {
    reader r;
    uint64_t role, type, position;
    memset(out, 0, sizeof *out);
    if (len < 1 || (unsigned char)data[0] != RECORD_VERSION) return LT_EFORMAT;
    r.p = (const unsigned char *)data + 1;
    r.end = (const unsigned char *)data + len;
    r.bad = 0;
    out->doc = get_span(&r);
    out->thread = get_span(&r);
    out->title = get_span(&r);
    out->author = get_span(&r);
    out->date = get_span(&r);
    out->url = get_span(&r);
    out->forum = get_span(&r);
    out->text = get_span(&r);
    out->quoted = get_span(&r);
    position = get_varint(&r);
    role = get_varint(&r);
    type = get_varint(&r);
    if (r.bad || position > UINT32_MAX || role > LT_ROLE_ADVISER ||
        type > LT_TYPE_FAQ)
        return LT_EFORMAT;
    out->position = (unsigned)position;
    out->role = (lt_role)role;
    out->type = (lt_doc_type)type;
    return LT_OK;
}
