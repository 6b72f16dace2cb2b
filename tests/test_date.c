/* test_date.c — phpBB and ISO dates, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lt_date.h"

typedef struct date_case {
    const char *comment;
    const char *in;
    const char *iso;      /* NULL: must not parse */
    size_t used;          /* bytes consumed, when it parses */
} date_case;

static const date_case phpbb_cases[] = {
    {"the seeds' form", "Thu Feb 01, 2018 6:48 pm", "2018-02-01T18:48", 24},
    {"morning", "Mon Jul 04, 2011 2:57 am", "2011-07-04T02:57", 24},
    {"12 pm is noon", "Sat Dec 07, 2024 12:42 pm", "2024-12-07T12:42", 25},
    {"12 am is midnight", "Sat Dec 07, 2024 12:42 am", "2024-12-07T00:42", 25},
    {"upper-case AM/PM", "Sat Dec 07, 2024 1:05 PM", "2024-12-07T13:05", 24},
    {"no weekday", "Feb 01, 2018 6:48 pm", "2018-02-01T18:48", 20},
    {"24-hour clock", "Thu Feb 01, 2018 18:48", "2018-02-01T18:48", 22},
    {"full names", "Thursday February 1, 2018 6:48 pm", "2018-02-01T18:48", 33},
    {"text after the date is left", "Sat Dec 07, 2024 12:42 pm Hi what",
     "2024-12-07T12:42", 25},
    {"leap day", "Thu Feb 29, 2024 9:00 am", "2024-02-29T09:00", 24},
    {"not a leap year", "Wed Feb 29, 2023 9:00 am", NULL, 0},
    {"13 pm", "Thu Feb 01, 2018 13:48 pm", NULL, 0},
    {"minute 60", "Thu Feb 01, 2018 6:60 pm", NULL, 0},
    {"no time", "Thu Feb 01, 2018", NULL, 0},
    {"not a month", "Thu Fob 01, 2018 6:48 pm", NULL, 0},
    {"prose", "wrote a letter to the council", NULL, 0},
    {"empty", "", NULL, 0},
};

static void test_phpbb_table(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof phpbb_cases / sizeof *phpbb_cases; i++) {
        const date_case *c = &phpbb_cases[i];
        char out[LT_DATE_SIZE] = "";
        size_t used = lt_date_parse_phpbb(c->in, strlen(c->in), out);
        if (!c->iso) {
            if (used) fail_msg("%s: '%s' parsed as %s", c->comment, c->in, out);
            continue;
        }
        if (used != c->used || strcmp(out, c->iso) != 0)
            fail_msg("%s: '%s' gave '%s' using %zu bytes", c->comment, c->in, out, used);
    }
}

static const date_case iso_cases[] = {
    {"minutes", "2024-12-07T12:42", "2024-12-07T12:42", 1},
    {"day only", "2024-12-07", "2024-12-07T00:00", 1},
    {"seconds and zone", "2024-12-07T12:42:59Z", "2024-12-07T12:42", 1},
    {"offset and fraction", "2024-12-07T12:42:59.123+01:00", "2024-12-07T12:42", 1},
    {"space for T", "2024-12-07 12:42", "2024-12-07T12:42", 1},
    {"bad month", "2024-13-07", NULL, 0},
    {"trailing junk", "2024-12-07T12:42x", NULL, 0},
    {"short year", "24-12-07", NULL, 0},
};

static void test_iso_table(void **state) {
    size_t i;
    (void)state;
    for (i = 0; i < sizeof iso_cases / sizeof *iso_cases; i++) {
        const date_case *c = &iso_cases[i];
        char out[LT_DATE_SIZE] = "";
        int ok = lt_date_parse_iso(c->in, strlen(c->in), out);
        if (ok != (c->iso != NULL) || (ok && strcmp(out, c->iso) != 0))
            fail_msg("%s: '%s' gave %d '%s'", c->comment, c->in, ok, out);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phpbb_table),
        cmocka_unit_test(test_iso_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
