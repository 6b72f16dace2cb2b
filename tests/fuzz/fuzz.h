/* fuzz.h — what every fuzz target shares.
 *
 * A target is a libFuzzer entry point, LLVMFuzzerTestOneInput, built two
 * ways (tests/fuzz/CMakeLists.txt): with libFuzzer under clang
 * (scripts/fuzz.sh), to search for inputs that break it; and with
 * replay.c, an ordinary main that runs the saved inputs of
 * tests/fuzz/seeds/TARGET through it, as a CTest test. Each target checks
 * properties of what comes out, not only that nothing crashes: a broken
 * property aborts, which both builds report.
 */
#ifndef LANTERN_FUZZ_H
#define LANTERN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks a snippet's markup (fuzz_markup.c): <mark> and </mark> alternate,
 * and every other & < > " ' arrives as an entity. Returns its length with
 * each tag and entity counted as one byte. */
size_t fuzz_check_snippet_markup(const char *s, size_t len);

/* Aborts with what was expected, where: a property of the target broke. */
#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

#endif
