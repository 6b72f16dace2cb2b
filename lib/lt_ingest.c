/* lt_ingest.c — dispatching a file to its reader. */
#include "lt_ingest.h"

#include <string.h>

#include "lt_buf.h"
#include "lt_html.h"
#include "lt_html_page.h"
#include "lt_html_thread.h"
#include "lt_input.h"
#include "lt_jsonl_reader.h"
#include "lt_text_reader.h"
#include "lt_utf8.h"

/* Bytes looked at to tell formats apart. */
#define SNIFF_BYTES 8192

/* Repairs raw bytes into `out`: UTF-8 as such, legacy 8-bit text through
 * windows-1252. */
static lt_status decode_text(const char *name, const lt_buf *raw, lt_buf *out,
                             const lt_warn *warn) {
    lt_status rc;
    size_t repaired = 0;
    if (lt_utf8_looks_legacy(raw->data, raw->len)) {
        lt_buf tmp;
        lt_buf_init(&tmp, 3 * raw->max);
        rc = lt_cp1252_to_utf8(raw->data, raw->len, &tmp);
        if (rc == LT_OK)
            rc = lt_utf8_clean(tmp.data, tmp.len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES,
                               out, NULL);
        lt_buf_release(&tmp);
        if (rc == LT_OK)
            lt_warnf(warn, "%s:1: not UTF-8; read as windows-1252", name);
        return rc;
    }
    rc = lt_utf8_clean(raw->data, raw->len, LT_CLEAN_QUOTES | LT_CLEAN_SPACES, out,
                       &repaired);
    if (rc == LT_OK && repaired)
        lt_warnf(warn, "%s:1: %zu invalid UTF-8 sequence%s replaced", name, repaired,
                 repaired == 1 ? "" : "s");
    return rc;
}

static lt_status ingest_text(lt_input *in, const char *source,
                             const lt_config *config, const lt_warn *warn,
                             lt_thread_fn fn, void *ctx, lt_ingest_result *result,
                             lt_error *err) {
    lt_buf raw, text;
    lt_thread *t = NULL;
    lt_status rc;
    lt_buf_init(&raw, LT_MAX_DOCUMENT_BYTES);
    /* Repair can triple the size: each bad byte becomes U+FFFD. */
    lt_buf_init(&text, 3u * LT_MAX_DOCUMENT_BYTES);
    rc = lt_input_read_all(in, LT_MAX_DOCUMENT_BYTES, &raw, err);
    if (rc != LT_OK) goto done;
    result->bytes = raw.len;
    rc = decode_text(source, &raw, &text, warn);
    if (rc != LT_OK) {
        rc = lt_error_set(err, rc, "%s: %s", source,
                          rc == LT_ELIMIT ? "too large after repair" : "out of memory");
        goto done;
    }
    rc = lt_text_read(source, text.data, text.len, config, warn, &t, err);
    if (rc != LT_OK) goto done;
    if (lt_set_string(&t->id, source, strlen(source)) != LT_OK) {
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", source);
        goto done;
    }
    rc = fn(ctx, t, err);
    if (rc == LT_OK) result->threads = 1;
done:
    lt_thread_free(t);
    lt_buf_release(&raw);
    lt_buf_release(&text);
    return rc;
}

static lt_status ingest_html(lt_input *in, const char *source, const lt_config *config,
                             const lt_warn *warn, lt_thread_fn fn, void *ctx,
                             lt_joiner *joiner, lt_ingest_result *result, lt_error *err) {
    lt_buf raw;
    htmlDocPtr doc = NULL;
    lt_status rc;
    lt_buf_init(&raw, LT_MAX_DOCUMENT_BYTES);
    rc = lt_input_read_all(in, LT_MAX_DOCUMENT_BYTES, &raw, err);
    if (rc != LT_OK) goto done;
    result->bytes = raw.len;
    rc = lt_html_parse(source, raw.data, raw.len, &doc, err);
    if (rc != LT_OK) goto done;
    if (lt_html_is_thread_page(doc)) {
        lt_thread_page *page;
        rc = lt_html_read_thread_page(doc, source, config, warn, &page, err);
        if (rc != LT_OK) goto done;
        if (joiner) {
            rc = lt_joiner_add(joiner, page, err);
        } else {
            rc = fn(ctx, page->thread, err);
            if (rc == LT_OK) result->threads = 1;
            lt_thread_page_free(page);
        }
    } else {
        lt_thread *t;
        rc = lt_html_read_page(doc, source, config, warn, &t, err);
        if (rc != LT_OK) goto done;
        rc = fn(ctx, t, err);
        if (rc == LT_OK) result->threads = 1;
        lt_thread_free(t);
    }
done:
    if (doc) xmlFreeDoc(doc);
    lt_buf_release(&raw);
    return rc;
}

lt_status lt_ingest_file(const char *path, const char *source,
                         const lt_config *config, const lt_warn *warn,
                         lt_thread_fn fn, void *ctx, lt_joiner *joiner,
                         lt_ingest_result *result, lt_error *err) {
    lt_input *in = NULL;
    const char *head;
    size_t head_len;
    lt_status rc;
    memset(result, 0, sizeof *result);
    rc = lt_input_open(path, &in, err);
    if (rc != LT_OK) return rc;
    rc = lt_input_peek(in, SNIFF_BYTES, &head, &head_len, err);
    if (rc != LT_OK) goto done;
    if (head_len == 0) {
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: empty file", source);
        goto done;
    }
    result->format = lt_format_detect(path, head, head_len);
    switch (result->format) {
    case LT_FORMAT_BINARY:
        rc = lt_error_set(err, LT_EFORMAT, "%s:1: binary data, not a forum thread",
                          source);
        break;
    case LT_FORMAT_HTML:
        rc = ingest_html(in, source, config, warn, fn, ctx, joiner, result, err);
        break;
    case LT_FORMAT_JSONL: {
        lt_jsonl_counts counts;
        rc = lt_jsonl_read(in, source, config, warn, fn, ctx, &counts, err);
        result->threads = counts.threads;
        result->bad_parts = counts.bad;
        result->bytes = lt_input_bytes(in);
        break;
    }
    case LT_FORMAT_TEXT:
        rc = ingest_text(in, source, config, warn, fn, ctx, result, err);
        break;
    }
done:
    /* Messages from the input layer name the path; readers name the source. */
    lt_input_close(in);
    return rc;
}
