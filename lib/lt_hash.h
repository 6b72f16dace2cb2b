/* lt_hash.h — FNV-1a (64 bits) over bytes: the one hash of Lantern's own
 * tables (stem cache, word counts, thread groups) and of the terms that
 * stand for over-long values (lt_schema.c, so it must never change). */
#ifndef LANTERN_LT_HASH_H
#define LANTERN_LT_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t lt_hash(const char *s, size_t len) {
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

#endif
