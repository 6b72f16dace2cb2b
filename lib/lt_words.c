/* lt_words.c — a word iterator matching Xapian's TermGenerator rules. */
#include "lt_words.h"

#include <stdint.h>

#include "lt_utf8.h"
#include "xc.h"

void lt_word_iter_init(lt_word_iter *it, const char *text, size_t len) {
    it->text = text;
    it->len = len;
    it->pos = 0;
}

static uint32_t peek(const lt_word_iter *it, size_t pos, size_t *n) {
    uint32_t cp;
    *n = lt_utf8_decode(it->text + pos, it->len - pos, &cp);
    return cp;
}

static int is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }

int lt_is_word_char(uint32_t cp) {
    /* In ASCII: letters, digits and '_' (connector punctuation). */
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || is_digit(cp) || cp == '_';
    return xc_unicode_is_wordchar(cp);
}

uint32_t lt_char_lower(uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    return xc_unicode_tolower(cp);
}

int lt_word_next(lt_word_iter *it, size_t *start, size_t *end, lt_buf *lower) {
    size_t n;
    uint32_t cp, prev = 0;
    lt_buf_reset(lower);
    while (it->pos < it->len) {
        cp = peek(it, it->pos, &n);
        if (lt_is_word_char(cp)) break;
        it->pos += n;
    }
    if (it->pos >= it->len) return 0;
    *start = it->pos;
    for (;;) {
        cp = peek(it, it->pos, &n);
        if (!lt_is_word_char(cp)) {
            /* An infix joins two word characters into one word. */
            size_t n2;
            uint32_t next;
            int infix;
            if (it->pos + n >= it->len || lower->len == 0) break;
            next = peek(it, it->pos + n, &n2);
            if (!lt_is_word_char(next)) break;
            if (is_digit(prev) && is_digit(next))
                infix = cp == '.' || cp == ',' || cp == ';';
            else
                infix = cp == '\'' || cp == '&' || cp == 0x2019 || cp == 0x201B ||
                        cp == 0xB7 || cp == 0x2027;
            if (!infix) break;
            lt_buf_append_char(lower, (char)(cp == 0x2019 || cp == 0x201B ? '\'' : cp));
            it->pos += n;
            continue;
        }
        lt_utf8_append(lower, lt_char_lower(cp));
        prev = cp;
        it->pos += n;
        if (it->pos >= it->len) break;
    }
    *end = it->pos;
    return 1;
}

double lt_words_text_share(const char *text, size_t len) {
    size_t pos = 0, total = 0, good = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = lt_utf8_decode(text + pos, len - pos, &cp);
        pos += n;
        total++;
        if (cp == ' ' || cp == '\n' || cp == '\t' || lt_is_word_char(cp)) good++;
    }
    return total ? (double)good / (double)total : 1.0;
}
