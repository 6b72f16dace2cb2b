/* lt_date.h — the dates of forum exports, read into ISO 8601 minutes.
 *
 * Dates are kept as "YYYY-MM-DDTHH:MM" strings (LT_DATE_LEN chars): they
 * sort as text, print as they are, and fit the JSON contract.
 */
#ifndef LANTERN_LT_DATE_H
#define LANTERN_LT_DATE_H

#include <stddef.h>

#define LT_DATE_LEN 16
#define LT_DATE_SIZE (LT_DATE_LEN + 1)

/* Reads a phpBB date at the start of s[0..len): "Thu Feb 01, 2018 6:48 pm",
 * with or without the weekday, "am"/"pm" in either case, or a 24-hour time.
 * On success writes the ISO form to out and returns the bytes used (> 0);
 * returns 0 when s does not start with such a date or it is impossible
 * (Feb 30th, 13 pm …). A weekday that does not match the date is accepted:
 * exports get them wrong, the date is what counts. */
size_t lt_date_parse_phpbb(const char *s, size_t len, char out[LT_DATE_SIZE]);

/* Reads an ISO 8601 date "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or with seconds
 * and an optional zone suffix (ignored); the whole string must be used.
 * Returns 1 and writes the normalised minute form, or 0. */
int lt_date_parse_iso(const char *s, size_t len, char out[LT_DATE_SIZE]);

/* Writes "YYYY-MM-DDTHH:MM" for fields already known to be in range. */
void lt_date_format(char out[LT_DATE_SIZE], int year, int month, int day, int hour,
                    int minute);

/* 1 if the year, month and day make a real calendar date. */
int lt_date_valid_ymd(int year, int month, int day);

#endif
