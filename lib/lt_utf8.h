/* lt_utf8.h — UTF-8 decoding, and the one place input text is repaired.
 *
 * Every byte of outside text passes lt_utf8_clean once, where it enters;
 * everything after may trust it to be valid UTF-8 with LF line ends.
 */
#ifndef LANTERN_LT_UTF8_H
#define LANTERN_LT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "lt_buf.h"

#define LT_UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point at s (n > 0 bytes available) into *cp and returns
 * the bytes it used. An invalid, overlong, surrogate or truncated sequence
 * gives U+FFFD and uses 1 byte. */
size_t lt_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 form of cp (1 to 4 bytes). */
lt_status lt_utf8_append(lt_buf *out, uint32_t cp);

/* 1 if s[0..n) is valid UTF-8. */
int lt_utf8_valid(const char *s, size_t n);

/* How far back from `pos` (inclusive) to go to stand on the first byte of a
 * character, so that a cut at the result never splits one. */
size_t lt_utf8_char_start(const char *s, size_t len, size_t pos);

enum {
    /* Curly quotes and apostrophes become straight ones, so "Children’s"
     * and "Children's" are one word everywhere. */
    LT_CLEAN_QUOTES = 1,
    /* Non-breaking and odd spaces become a plain space. */
    LT_CLEAN_SPACES = 2
};

/* Appends `in` to `out` repaired: invalid sequences become U+FFFD, CR LF and
 * lone CR become LF, NUL and other control characters except tab and LF are
 * dropped, a leading byte-order mark and zero-width characters are dropped,
 * plus what `flags` asks. *repaired (may be NULL) counts the invalid
 * sequences replaced. */
lt_status lt_utf8_clean(const char *in, size_t len, unsigned flags,
                        lt_buf *out, size_t *repaired);

/* 1 if s[0..n) is not UTF-8 but reads as a legacy 8-bit encoding: it has
 * bytes over 0x7F and not one valid multi-byte UTF-8 sequence. Text like
 * this was written in windows-1252 (or ISO-8859-1, its subset); repairing
 * it as UTF-8 would turn every accent and curly quote into U+FFFD. */
int lt_utf8_looks_legacy(const char *s, size_t n);

/* Appends s[0..n), read as windows-1252, to out as UTF-8. */
lt_status lt_cp1252_to_utf8(const char *s, size_t n, lt_buf *out);

#endif
