/* lt_schema.c — building boolean terms and date values. */
#include "lt_schema.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lt_hash.h"
#include "lt_utf8.h"

lt_status lt_schema_term(lt_buf *out, const char *prefix, const char *value,
                         size_t value_len, int lower) {
    size_t plen = strlen(prefix), keep = value_len, start, i;
    lt_buf_reset(out);
    lt_buf_append(out, prefix, plen);
    if (plen + value_len > LT_MAX_TERM_BYTES) {
        /* Room for ":" and 16 hex digits after the kept bytes. */
        keep = LT_MAX_TERM_BYTES - plen - 17;
        keep = lt_utf8_char_start(value, value_len, keep);
    }
    start = out->len;
    lt_buf_append(out, value, keep);
    if (lower && lt_buf_status(out) == LT_OK)
        for (i = start; i < out->len; i++)
            if (out->data[i] >= 'A' && out->data[i] <= 'Z') out->data[i] += 32;
    if (keep < value_len)
        lt_buf_appendf(out, ":%016llx",
                       (unsigned long long)lt_hash(value, value_len));
    return lt_buf_status(out);
}

int lt_schema_date_value(const char *iso, char out[13]) {
    /* "YYYY-MM-DDTHH:MM" */
    if (strlen(iso) != 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' ||
        iso[13] != ':')
        return 0;
    memcpy(out, iso, 4);
    memcpy(out + 4, iso + 5, 2);
    memcpy(out + 6, iso + 8, 2);
    memcpy(out + 8, iso + 11, 2);
    memcpy(out + 10, iso + 14, 2);
    out[12] = '\0';
    return 1;
}
