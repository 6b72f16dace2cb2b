/* lt_spelling.h — "did you mean": corrections from the index's own words.
 *
 * A word of the query is corrected only when the index knows it in no
 * form: neither as written nor by its stem, in the body or the title.
 * (Xapian's own query-parser correction looks at the exact form only, so it
 * would "correct" a correctly spelt "refuses" to "refusal" when the archive
 * happens to hold only "refusing" and "refusal".) The replacement is the
 * spelling data's nearest word within two edits.
 */
#ifndef LANTERN_LT_SPELLING_H
#define LANTERN_LT_SPELLING_H

#include "lt_buf.h"
#include "lt_stem.h"
#include "xc.h"

/* Writes the corrected query into `out` (replacing its contents) and sets
 * *changed to 1 when any word was replaced. Words after a field name
 * ("author:…") and operators (AND, OR, NOT) are left alone. */
lt_status lt_spelling_correct(xc_database *db, lt_stemmer *stemmer,
                              const char *query, lt_buf *out, int *changed,
                              lt_error *err);

#endif
