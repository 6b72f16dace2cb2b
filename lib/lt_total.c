/* lt_total.c — estimating how many threads a search matches. */
#include "lt_total.h"

#include <math.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_schema.h"
#include "lt_xc.h"

/* Fewer sampled posts than this give no ratio: too rough to use. */
#define MIN_SAMPLED 16
/* Docids tried at most, for indexes with many deleted documents. */
#define MAX_TRIES (8 * LT_TOTAL_SAMPLE)

/* The k-th docid to sample of 1..last: every one of a small index; in a
 * large one, a multiplicative hash spreads the sample over the whole
 * range and over every shard (shards interleave their docids). */
static xc_docid sample_docid(uint32_t k, uint32_t last) {
    if (last <= LT_TOTAL_SAMPLE) return k + 1;
    return (xc_docid)(1 + (uint32_t)(((uint64_t)k * 2654435761u) % last));
}

/* The posts of the thread of the document `docid`, 0 when it has no
 * thread id (or is gone): found by its thread term's frequency. */
static xc_status thread_posts(xc_database *db, xc_docid docid, lt_buf *term, uint32_t *posts,
                              xc_error *xe) {
    xc_document *doc = NULL;
    const char *v;
    size_t len, thread_len;
    xc_status st;
    *posts = 0;
    st = xc_database_get_document(db, docid, &doc, xe);
    if (st == XC_ERR_NOT_FOUND) return XC_OK;
    if (st != XC_OK) return st;
    st = xc_document_value(doc, LT_SLOT_KIND_ID, &v, &len, xe);
    if (st == XC_OK && len > 1) {
        v++;   /* the kind byte, then SOURCE#N */
        len--;
        for (thread_len = len; thread_len > 0 && v[thread_len - 1] != '#'; thread_len--) {}
        if (thread_len > 1 &&
            lt_schema_term(term, LT_PREFIX_THREAD, v, thread_len - 1, 0) == LT_OK)
            st = xc_database_term_freq(db, term->data, posts, xe);
    }
    xc_document_free(doc);
    return st;
}

lt_status lt_total_threads_per_post(xc_database *db, double *ratio, uint32_t *docs,
                                    xc_error *xe) {
    xc_database_stats stats;
    lt_buf term;
    double sum = 0.0;
    uint32_t k, sampled = 0, tries;
    lt_status rc = LT_OK;
    *ratio = 0.0;
    *docs = 0;
    if (xc_database_stats_get(db, &stats, xe) != XC_OK) return lt_status_from_xc(xe->status);
    *docs = stats.doc_count;
    if (stats.doc_count == 0 || stats.last_docid == 0) return LT_OK;
    tries = stats.last_docid <= LT_TOTAL_SAMPLE ? stats.last_docid : MAX_TRIES;
    lt_buf_init(&term, 2048);
    for (k = 0; k < tries && sampled < LT_TOTAL_SAMPLE; k++) {
        uint32_t posts;
        if (thread_posts(db, sample_docid(k, stats.last_docid), &term, &posts, xe) != XC_OK) {
            rc = lt_status_from_xc(xe->status);
            break;
        }
        if (posts == 0) continue;
        sum += 1.0 / posts;
        sampled++;
    }
    lt_buf_release(&term);
    /* A small index is read whole: its ratio is exact however few posts. */
    if (rc == LT_OK && sampled > 0 &&
        (sampled >= MIN_SAMPLED || stats.last_docid <= LT_TOTAL_SAMPLE))
        *ratio = sum / sampled;
    return rc;
}

uint32_t lt_total_estimate(uint32_t posts_estimate, size_t threads_seen,
                           double threads_per_post, uint32_t doc_count) {
    double estimate = posts_estimate;
    if (threads_per_post > 0.0 && threads_per_post <= 1.0) {
        double threads_in_index = threads_per_post * doc_count;
        estimate = posts_estimate * sqrt(threads_per_post);
        if (estimate > threads_in_index) estimate = threads_in_index;
    }
    if (estimate < (double)threads_seen) estimate = (double)threads_seen;
    if (estimate > UINT32_MAX) estimate = UINT32_MAX;
    return (uint32_t)(estimate + 0.5);
}
