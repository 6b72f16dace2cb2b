/* lt_json_out.h — JSON text written straight into a buffer, as jansson's
 * json_dumps writes it (JSON_COMPACT, no ASCII escaping, reals to a given
 * precision), for answers built on every request.
 *
 * Why: the search JSON was built as a tree of jansson values and dumped,
 * some 30 allocations a hit and a tenth of the daemon's work outside the
 * search itself. Written here, the bytes are the same (tests/
 * test_json_out.c compares them with jansson's over random results).
 */
#ifndef LANTERN_LT_JSON_OUT_H
#define LANTERN_LT_JSON_OUT_H

#include <stddef.h>

#include "lt_buf.h"

/* s as a JSON string, quotes included: '"', '\\' and control characters
 * escaped as jansson escapes them, the rest as it is. LT_EFORMAT (nothing
 * appended) when s is not valid UTF-8, which jansson refuses too. */
lt_status lt_json_string(lt_buf *b, const char *s);

/* s as lt_json_string, or null when s is NULL. */
lt_status lt_json_string_or_null(lt_buf *b, const char *s);

/* v printed with `precision` significant digits, as a JSON real: always
 * with a '.' or an exponent, the exponent without '+' or leading zeros.
 * LT_EFORMAT for NaN or an infinity, which JSON cannot hold. */
lt_status lt_json_real(lt_buf *b, double v, int precision);

#endif
