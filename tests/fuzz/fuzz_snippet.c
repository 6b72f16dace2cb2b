/* fuzz_snippet — snippets of any text for any query words.
 *
 * A snippet goes into the page as HTML, so this is where an archive's
 * script would get through. The input's first line holds the words to
 * highlight, the rest is the post's text. Properties: the snippet is valid
 * UTF-8; its only markup is <mark>…</mark>, properly paired; every other
 * & < > " ' of the text arrives escaped; it stays near the size asked for. */
#include <string.h>

#include "fuzz.h"
#include "lt_buf.h"
#include "lt_snippet.h"
#include "lt_stem.h"
#include "lt_utf8.h"

#define SNIPPET_BYTES 240

static void add_words(lt_highlight *h, lt_stemmer *stemmer, const char *s, size_t len) {
    lt_buf stem;
    size_t i = 0;
    lt_buf_init(&stem, 4096);
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ' ') j++;
        if (j > i) {
            lt_highlight_add_word(h, s + i, j - i);
            if (lt_stem(stemmer, s + i, j - i, &stem) == LT_OK)
                lt_highlight_add_stem(h, stem.data, stem.len);
        }
        i = j + 1;
    }
    lt_buf_release(&stem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static lt_stemmer *stemmer;
    const char *s = (const char *)data, *nl;
    size_t words_len, lead;
    lt_highlight *h;
    lt_buf out;
    if (!stemmer && !(stemmer = lt_stemmer_new())) return 0;
    /* Readers hand on valid UTF-8 only (lt_thread.h). */
    if (!lt_utf8_valid(s, size) || memchr(s, '\0', size)) return 0;
    nl = memchr(s, '\n', size);
    words_len = nl ? (size_t)(nl - s) : 0;
    if (!(h = lt_highlight_new())) return 0;
    add_words(h, stemmer, s, words_len);
    s += nl ? words_len + 1 : 0;
    size -= nl ? words_len + 1 : 0;
    for (lead = 0; lead < 2; lead++) {
        size_t matches = 0, visible;
        lt_buf_init(&out, 1u << 20);
        if (lt_snippet_make(h, stemmer, s, size, SNIPPET_BYTES, (int)lead, &out, &matches) == LT_OK) {
            FUZZ_CHECK(lt_utf8_valid(out.data ? out.data : "", out.len));
            visible = fuzz_check_snippet_markup(out.data ? out.data : "", out.len);
            /* A window is cut between words, so a single long word can
             * overrun it; never by more than the text itself. */
            FUZZ_CHECK(visible <= size + 8);
            if (matches == 0 && !lead) FUZZ_CHECK(out.len == 0);
        }
        lt_buf_release(&out);
    }
    lt_highlight_free(h);
    return 0;
}
