/* lt_rank.c — grouping matches by thread and applying the priors. */
#include "lt_rank.h"

#include <stdlib.h>
#include <string.h>

#include "lt_schema.h"
#include "lt_xc.h"

typedef struct group {
    char *key;
    size_t key_len;
    lt_ranked_thread t;
    uint32_t order;       /* first appearance: ties keep Xapian's order */
    uint32_t kept;        /* posts of the thread in the MSet */
    uint32_t collapsed;   /* posts Xapian left out (it tells each kept post) */
} group;

static double prior(const lt_rank_profile *p, const char *kind, size_t len) {
    if (len != 1) return 1.0;
    if (kind[0] == LT_KIND_ADVISER) return p->adviser_prior > 0 ? p->adviser_prior : 1.0;
    if (kind[0] == LT_KIND_FAQ) return p->faq_prior > 0 ? p->faq_prior : 1.0;
    return 1.0;
}

static int by_score(const void *a, const void *b) {
    const group *x = a, *y = b;
    if (x->t.score != y->t.score) return x->t.score > y->t.score ? -1 : 1;
    return x->order < y->order ? -1 : 1;
}

lt_status lt_rank_threads(xc_mset *m, const lt_rank_profile *p, lt_ranked_thread **out,
                          size_t *n_out, xc_error *xe) {
    uint32_t n = xc_mset_size(m), i;
    group *g = calloc(n ? n : 1, sizeof *g);
    size_t ng = 0, k;
    lt_status rc = LT_OK;
    *out = NULL;
    *n_out = 0;
    if (!g) return LT_ENOMEM;
    for (i = 0; i < n; i++) {
        const char *key, *kind;
        size_t key_len, kind_len;
        xc_mset_item item;
        double score;
        if (xc_mset_item_get(m, i, &item, xe) != XC_OK ||
            xc_mset_value(m, i, LT_SLOT_KIND, &kind, &kind_len, xe) != XC_OK) {
            rc = lt_status_from_xc(xe->status);
            break;
        }
        score = item.weight * prior(p, kind, kind_len);
        if (xc_mset_collapse_key(m, i, &key, &key_len, xe) != XC_OK) {
            rc = lt_status_from_xc(xe->status);
            break;
        }
        /* A thread's posts arrive in score order, mostly close together:
         * look back from the end first. */
        for (k = ng; k-- > 0;)
            if (g[k].key_len == key_len && !memcmp(g[k].key, key, key_len)) break;
        if (k == (size_t)-1) {
            k = ng++;
            if (!(g[k].key = malloc(key_len ? key_len : 1))) {
                rc = LT_ENOMEM;
                break;
            }
            memcpy(g[k].key, key, key_len);
            g[k].key_len = key_len;
            g[k].order = i;
            g[k].t.item = i;
            g[k].t.score = score;
            g[k].kept = 1;
            g[k].collapsed = item.collapse_count;
            continue;
        }
        g[k].kept++;
        if (item.collapse_count > g[k].collapsed) g[k].collapsed = item.collapse_count;
        if (score > g[k].t.score) {
            g[k].t.score = score;
            g[k].t.item = i;
        }
    }
    if (rc == LT_OK) {
        for (k = 0; k < ng; k++) g[k].t.more = g[k].kept - 1 + g[k].collapsed;
        qsort(g, ng, sizeof *g, by_score);
        *out = malloc((ng ? ng : 1) * sizeof **out);
        if (!*out) rc = LT_ENOMEM;
        for (k = 0; rc == LT_OK && k < ng; k++) (*out)[k] = g[k].t;
        if (rc == LT_OK) *n_out = ng;
    }
    for (k = 0; k < ng; k++) free(g[k].key);
    free(g);
    return rc;
}
