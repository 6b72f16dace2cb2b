/* sd_params.c — checking search parameters. */
#include "sd_params.h"

#include <stdio.h>
#include <string.h>

#include "lt_cli.h"
#include "lt_date.h"
#include "lt_utf8.h"

static int number(const char *v, unsigned long min, unsigned long max, unsigned *out) {
    unsigned long n;
    if (!lt_parse_unsigned(v, min, max, &n)) return 0;
    *out = (unsigned)n;
    return 1;
}

/* "YYYY-MM-DD" (or a full ISO date); the end of the day for `to`. */
static int day(const char *v, int end_of_day, char out[LT_DATE_SIZE]) {
    size_t len = strlen(v);
    if (!lt_date_parse_iso(v, len, out)) return 0;
    if (len == 10 && end_of_day) memcpy(out + 11, "23:59", 5);
    return 1;
}

int sd_params_parse(sd_param_fn get, void *ctx, sd_search_params *p, char *why,
                    size_t why_len) {
    const char *v;
    lt_search_options_init(&p->options);
    p->q = get(ctx, "q");
    if (!p->q) p->q = "";
    if (strlen(p->q) > LT_SEARCH_MAX_QUERY_BYTES) {
        snprintf(why, why_len, "q is longer than %d bytes", LT_SEARCH_MAX_QUERY_BYTES);
        return -1;
    }
    if (!lt_utf8_valid(p->q, strlen(p->q))) {
        snprintf(why, why_len, "q is not valid UTF-8");
        return -1;
    }
    if ((v = get(ctx, "limit")) && !number(v, 1, LT_SEARCH_MAX_LIMIT, &p->options.limit)) {
        snprintf(why, why_len, "limit must be a number from 1 to %d", LT_SEARCH_MAX_LIMIT);
        return -1;
    }
    if ((v = get(ctx, "offset")) && !number(v, 0, LT_SEARCH_MAX_OFFSET, &p->options.offset)) {
        snprintf(why, why_len, "offset must be a number from 0 to %d", LT_SEARCH_MAX_OFFSET);
        return -1;
    }
    if ((v = get(ctx, "exact")) && *v) {
        if (strcmp(v, "1") && strcmp(v, "0")) {
            snprintf(why, why_len, "exact must be 0 or 1");
            return -1;
        }
        p->options.exact = v[0] == '1';
    }
    if ((v = get(ctx, "role")) && *v) {
        lt_role role;
        if (!lt_role_from_name(v, &role)) {
            snprintf(why, why_len, "role must be adviser or member");
            return -1;
        }
        p->options.role_filter = (int)role;
    }
    if ((v = get(ctx, "type")) && *v) {
        lt_doc_type type;
        if (!lt_doc_type_from_name(v, &type)) {
            snprintf(why, why_len, "type must be post or faq");
            return -1;
        }
        p->options.type_filter = (int)type;
    }
    if ((v = get(ctx, "from")) && *v && !day(v, 0, p->options.date_from)) {
        snprintf(why, why_len, "from must be a date YYYY-MM-DD");
        return -1;
    }
    if ((v = get(ctx, "to")) && *v && !day(v, 1, p->options.date_to)) {
        snprintf(why, why_len, "to must be a date YYYY-MM-DD");
        return -1;
    }
    return 0;
}
