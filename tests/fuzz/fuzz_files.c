/* fuzz_files — any bytes as a configuration file or a vocabulary file.
 *
 * Both are files an operator passes in (--config, --vocabulary), and the
 * index's own vocabulary is read back with the same parser. The first
 * byte picks the parser; the rest is the file. Properties: parsing ends
 * with a status; a refusal names the file and says what is wrong. */
#include <string.h>

#include "fuzz.h"
#include "lt_config.h"
#include "lt_stem.h"
#include "lt_vocab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static lt_stemmer *stemmer;
    const char *text = (const char *)data + 1;
    lt_error err;
    lt_status rc;
    if (size == 0) return 0;
    if (!stemmer && !(stemmer = lt_stemmer_new())) return 0;
    memset(&err, 0, sizeof err);
    if (data[0] & 1) {
        lt_config config;
        lt_config_init(&config);
        rc = lt_config_parse(&config, "fuzz.conf", text, size - 1, &err);
        lt_config_release(&config);
        if (rc != LT_OK && rc != LT_ENOMEM) FUZZ_CHECK(!strncmp(err.message, "fuzz.conf", 9));
    } else {
        lt_vocab *v = lt_vocab_new();
        if (!v) return 0;
        rc = lt_vocab_parse(v, stemmer, "fuzz.vocab", text, size - 1, &err);
        if (rc != LT_OK && rc != LT_ENOMEM) FUZZ_CHECK(!strncmp(err.message, "fuzz.vocab", 10));
        lt_vocab_free(v);
    }
    return 0;
}
