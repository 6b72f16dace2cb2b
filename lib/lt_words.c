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

/* lt_is_word_char for a byte below 0x80. */
static int is_ascii_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

int lt_is_word_char(uint32_t cp) {
    /* In ASCII: letters, digits and '_' (connector punctuation). */
    if (cp < 0x80) return is_ascii_word((unsigned char)cp);
    return xc_unicode_is_wordchar(cp);
}

uint32_t lt_char_lower(uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
    return xc_unicode_tolower(cp);
}

int lt_word_next(lt_word_iter *it, size_t *start, size_t *end, lt_buf *lower) {
    size_t n;
    uint32_t cp, prev = 0;
    unsigned char c;
    lt_buf_reset(lower);
    while (it->pos < it->len) {
        c = (unsigned char)it->text[it->pos];
        if (c < 0x80) {   /* ASCII, decoded as itself */
            if (is_ascii_word(c)) break;
            it->pos++;
            continue;
        }
        cp = peek(it, it->pos, &n);
        if (lt_is_word_char(cp)) break;
        it->pos += n;
    }
    if (it->pos >= it->len) return 0;
    *start = it->pos;
    for (;;) {
        /* A run of ASCII word characters goes in at once, lowered in
         * place: most text is ASCII, and a call or two per character
         * was most of a snippet's time. The run is taken one character
         * at a time below when the buffer cannot hold it whole. */
        size_t run = it->pos;
        while (run < it->len && is_ascii_word((unsigned char)it->text[run])) run++;
        if (run > it->pos && lower->status == LT_OK && run - it->pos <= lower->max - lower->len) {
            size_t from = lower->len, k;
            if (lt_buf_append(lower, it->text + it->pos, run - it->pos) == LT_OK)
                for (k = from; k < lower->len; k++)
                    if (lower->data[k] >= 'A' && lower->data[k] <= 'Z') lower->data[k] += 'a' - 'A';
            prev = (unsigned char)it->text[run - 1];
            it->pos = run;
            if (it->pos >= it->len) break;
            /* Most words end at an ASCII space or punctuation that cannot
             * join them to the next (see the infixes below): done. */
            c = (unsigned char)it->text[it->pos];
            if (c < 0x80 && c != '\'' && c != '&' &&
                !(is_digit(prev) && (c == '.' || c == ',' || c == ';')))
                break;
            continue;
        }
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
