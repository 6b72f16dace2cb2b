/* lt_jsonl_reader.c — parsing JSON Lines with jansson, line by line. */
#include "lt_jsonl_reader.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "lt_thread_json.h"
#include "lt_utf8.h"

static int blank(const char *s, size_t len) {
    size_t i;
    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

/* 1 if the input starts like a JSON document rather than JSON Lines: the
 * first non-blank line is a lone "{" or begins with "[". */
static int looks_like_document(lt_input *in, lt_error *err) {
    const char *head, *p, *end;
    size_t len;
    if (lt_input_peek(in, 4096, &head, &len, err) != LT_OK) return 0;
    p = head;
    end = head + len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p < end && *p == '[') return 1;
    if (p < end && *p == '{') {
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r')) p++;
        return p < end && *p == '\n';
    }
    return 0;
}

/* Turns one parsed value into a thread and hands it on; a bad one is
 * reported as `where` and counted. */
static lt_status deliver(const json_t *obj, const char *name, const char *where,
                         const lt_config *config, const lt_warn *warn, lt_thread_fn fn,
                         void *ctx, lt_jsonl_counts *counts, lt_error *err) {
    lt_thread *t = NULL;
    char why[512];
    lt_status rc = lt_thread_from_json(obj, config, &t, why, sizeof why);
    if (rc == LT_ENOMEM) return lt_error_set(err, rc, "%s:%s: out of memory", name, where);
    if (rc != LT_OK) {
        lt_warnf(warn, "%s:%s: %s", name, where, why);
        counts->bad++;
        return LT_OK;
    }
    rc = fn(ctx, t, err);
    lt_thread_free(t);
    if (rc == LT_OK) counts->threads++;
    return rc;
}

static lt_status read_document(lt_input *in, const char *name, const lt_config *config,
                               const lt_warn *warn, lt_thread_fn fn, void *ctx,
                               lt_jsonl_counts *counts, lt_error *err) {
    lt_buf raw, clean;
    json_t *doc = NULL;
    json_error_t jerr;
    lt_status rc;
    lt_buf_init(&raw, LT_JSON_MAX_DOCUMENT);
    lt_buf_init(&clean, 3u * LT_JSON_MAX_DOCUMENT);
    rc = lt_input_read_all(in, LT_JSON_MAX_DOCUMENT, &raw, err);
    if (rc == LT_OK && lt_utf8_clean(raw.data, raw.len, 0, &clean, NULL) != LT_OK)
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
    if (rc == LT_OK) {
        doc = json_loadb(clean.data, clean.len, JSON_REJECT_DUPLICATES, &jerr);
        if (!doc)
            rc = lt_error_set(err, LT_EFORMAT, "%s:%d: bad JSON at column %d: %s", name,
                              jerr.line, jerr.column, jerr.text);
    }
    if (rc == LT_OK && json_is_array(doc)) {
        size_t i;
        for (i = 0; rc == LT_OK && i < json_array_size(doc); i++) {
            char where[32];
            snprintf(where, sizeof where, "[%zu]", i);
            rc = deliver(json_array_get(doc, i), name, where, config, warn, fn, ctx, counts,
                         err);
        }
    } else if (rc == LT_OK) {
        rc = deliver(doc, name, "1", config, warn, fn, ctx, counts, err);
    }
    json_decref(doc);
    lt_buf_release(&raw);
    lt_buf_release(&clean);
    return rc;
}

lt_status lt_jsonl_read(lt_input *in, const char *name, const lt_config *config,
                        const lt_warn *warn, lt_thread_fn fn, void *ctx,
                        lt_jsonl_counts *counts, lt_error *err) {
    lt_buf line, clean;
    lt_status rc = LT_OK;
    memset(counts, 0, sizeof *counts);
    if (looks_like_document(in, err))
        return read_document(in, name, config, warn, fn, ctx, counts, err);
    lt_buf_init(&line, LT_JSONL_MAX_LINE);
    lt_buf_init(&clean, 3u * LT_JSONL_MAX_LINE);
    for (;;) {
        int eof;
        json_t *obj;
        json_error_t jerr;
        size_t line_no;
        rc = lt_input_read_line(in, LT_JSONL_MAX_LINE, &line, &eof, err);
        if (rc == LT_ELIMIT) {   /* over-long line: report, go on */
            lt_warnf(warn, "%s", err ? err->message : "line too long");
            counts->bad++;
            continue;
        }
        if (rc != LT_OK || eof) break;
        line_no = lt_input_line_no(in);
        if (blank(line.data, line.len)) continue;
        /* jansson rejects invalid UTF-8: repair it first, as everywhere.
         * Quotes stay as they are here: curly ones are not JSON syntax,
         * and straightening them would break the line. */
        lt_buf_reset(&clean);
        rc = lt_utf8_clean(line.data, line.len, 0, &clean, NULL);
        if (rc != LT_OK) {
            rc = lt_error_set(err, rc, "%s:%zu: out of memory", name, line_no);
            break;
        }
        obj = json_loadb(clean.data, clean.len, JSON_REJECT_DUPLICATES, &jerr);
        if (!obj) {
            lt_warnf(warn, "%s:%zu: bad JSON at column %d: %s", name, line_no,
                     jerr.column, jerr.text);
            counts->bad++;
        } else {
            char where[32];
            snprintf(where, sizeof where, "%zu", line_no);
            rc = deliver(obj, name, where, config, warn, fn, ctx, counts, err);
            json_decref(obj);
            if (rc != LT_OK) break;
        }
        if (counts->threads == 0 && counts->bad >= LT_JSONL_MAX_BAD_START) {
            rc = lt_error_set(err, LT_EFORMAT,
                              "%s: not JSON Lines: the first %d records are all bad",
                              name, LT_JSONL_MAX_BAD_START);
            break;
        }
    }
    lt_buf_release(&line);
    lt_buf_release(&clean);
    return rc;
}
