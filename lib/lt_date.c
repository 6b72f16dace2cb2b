/* lt_date.c — phpBB and ISO date parsing, no locale involved. */
#include "lt_date.h"

#include <string.h>

static const char *const month_names[12] = {
    "jan", "feb", "mar", "apr", "may", "jun",
    "jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *const day_names[7] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

void lt_date_format(char out[LT_DATE_SIZE], int year, int month, int day, int hour,
                    int minute) {
    const int fields[5] = {year, month, day, hour, minute};
    const int widths[5] = {4, 2, 2, 2, 2};
    const char seps[5] = {'-', '-', 'T', ':', '\0'};
    size_t o = 0;
    int i, k;
    for (i = 0; i < 5; i++) {
        int v = fields[i];
        for (k = widths[i] - 1; k >= 0; k--) {
            out[o + (size_t)k] = (char)('0' + v % 10);
            v /= 10;
        }
        o += (size_t)widths[i];
        out[o++] = seps[i];
    }
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return lower(c) >= 'a' && lower(c) <= 'z'; }

int lt_date_valid_ymd(int year, int month, int day) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap, max;
    if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1)
        return 0;
    leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    max = days[month - 1] + (month == 2 && leap);
    return day <= max;
}

/* A cursor over the text being parsed; every step advances only on success. */
typedef struct cursor { const char *s; size_t len, pos; } cursor;

static void skip_spaces(cursor *c) {
    while (c->pos < c->len && (c->s[c->pos] == ' ' || c->s[c->pos] == '\t'))
        c->pos++;
}

/* Reads a run of letters; returns its length (0 if none). */
static size_t word_at(const cursor *c, size_t *start) {
    size_t p = c->pos;
    *start = p;
    while (p < c->len && is_alpha((unsigned char)c->s[p])) p++;
    return p - *start;
}

/* Matches a month or weekday name by its first three letters, allowing the
 * full name ("February", "Thursday") too. Returns index or -1. */
static int match_name(const cursor *c, const char *const *names, int n,
                      size_t *used) {
    size_t start, wlen = word_at(c, &start);
    int i;
    if (wlen < 3) return -1;
    for (i = 0; i < n; i++) {
        if (lower(c->s[start]) == names[i][0] &&
            lower(c->s[start + 1]) == names[i][1] &&
            lower(c->s[start + 2]) == names[i][2]) {
            *used = wlen;
            return i;
        }
    }
    return -1;
}

static int read_number(cursor *c, int max_digits, int *out) {
    int v = 0, n = 0;
    while (c->pos < c->len && is_digit((unsigned char)c->s[c->pos]) &&
           n < max_digits) {
        v = v * 10 + (c->s[c->pos] - '0');
        c->pos++;
        n++;
    }
    if (n == 0) return 0;
    /* More digits than allowed: not a number of this field. */
    if (c->pos < c->len && is_digit((unsigned char)c->s[c->pos])) return 0;
    *out = v;
    return 1;
}

size_t lt_date_parse_phpbb(const char *s, size_t len, char out[LT_DATE_SIZE]) {
    cursor c = {s, len, 0};
    size_t used, save;
    int month, day, year, hour, minute;

    skip_spaces(&c);
    if (match_name(&c, day_names, 7, &used) >= 0) {
        c.pos += used;
        if (c.pos < c.len && c.s[c.pos] == ',') c.pos++;
        skip_spaces(&c);
    }
    month = match_name(&c, month_names, 12, &used);
    if (month < 0) return 0;
    c.pos += used;
    if (c.pos < c.len && c.s[c.pos] == '.') c.pos++;
    skip_spaces(&c);
    if (!read_number(&c, 2, &day)) return 0;
    /* Ordinal suffixes: "1st", "22nd". */
    if (c.pos + 1 < c.len && is_alpha((unsigned char)c.s[c.pos]) &&
        is_alpha((unsigned char)c.s[c.pos + 1]))
        c.pos += 2;
    if (c.pos < c.len && c.s[c.pos] == ',') c.pos++;
    skip_spaces(&c);
    if (!read_number(&c, 4, &year) || year < 1000) return 0;
    if (c.pos < c.len && c.s[c.pos] == ',') c.pos++;
    skip_spaces(&c);
    if (!read_number(&c, 2, &hour)) return 0;
    if (c.pos >= c.len || c.s[c.pos] != ':') return 0;
    c.pos++;
    if (!read_number(&c, 2, &minute) || minute > 59) return 0;
    save = c.pos;
    skip_spaces(&c);
    if (c.pos + 1 < c.len && (lower(c.s[c.pos]) == 'a' || lower(c.s[c.pos]) == 'p') &&
        lower(c.s[c.pos + 1]) == 'm' &&
        (c.pos + 2 == c.len || !is_alpha((unsigned char)c.s[c.pos + 2]))) {
        int pm = lower(c.s[c.pos]) == 'p';
        if (hour < 1 || hour > 12) return 0;
        if (hour == 12) hour = 0;
        if (pm) hour += 12;
        c.pos += 2;
    } else {
        c.pos = save;
        if (hour > 23) return 0;
    }
    if (!lt_date_valid_ymd(year, month + 1, day)) return 0;
    lt_date_format(out, year, month + 1, day, hour, minute);
    return c.pos;
}

int lt_date_parse_iso(const char *s, size_t len, char out[LT_DATE_SIZE]) {
    cursor c = {s, len, 0};
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (!read_number(&c, 4, &year) || c.pos != 4) return 0;
    if (c.pos >= len || s[c.pos++] != '-') return 0;
    if (!read_number(&c, 2, &month) || c.pos != 7) return 0;
    if (c.pos >= len || s[c.pos++] != '-') return 0;
    if (!read_number(&c, 2, &day) || c.pos != 10) return 0;
    if (c.pos < len && (s[c.pos] == 'T' || s[c.pos] == ' ')) {
        c.pos++;
        if (!read_number(&c, 2, &hour) || hour > 23) return 0;
        if (c.pos >= len || s[c.pos++] != ':') return 0;
        if (!read_number(&c, 2, &minute) || minute > 59) return 0;
        if (c.pos < len && s[c.pos] == ':') {
            c.pos++;
            if (!read_number(&c, 2, &second) || second > 60) return 0;
            if (c.pos < len && s[c.pos] == '.') {   /* fractions */
                c.pos++;
                while (c.pos < len && is_digit((unsigned char)s[c.pos])) c.pos++;
            }
        }
        /* A zone suffix: Z, +01:00, -0500. The local time is what the
         * forum showed, so it is kept and the zone dropped. */
        if (c.pos < len && s[c.pos] == 'Z') c.pos++;
        else if (c.pos < len && (s[c.pos] == '+' || s[c.pos] == '-')) {
            c.pos++;
            while (c.pos < len && (is_digit((unsigned char)s[c.pos]) ||
                                   s[c.pos] == ':'))
                c.pos++;
        }
    }
    if (c.pos != len) return 0;
    if (!lt_date_valid_ymd(year, month, day)) return 0;
    lt_date_format(out, year, month, day, hour, minute);
    return 1;
}
