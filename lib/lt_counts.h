/* lt_counts.h — counting strings: an open-addressing hash table of
 * word → count, for gathering a batch's spelling words before they go to
 * Xapian once each. */
#ifndef LANTERN_LT_COUNTS_H
#define LANTERN_LT_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "lt_error.h"

typedef struct lt_counts lt_counts;

lt_counts *lt_counts_new(void);
void lt_counts_free(lt_counts *c);
/* Empties the table, keeping its memory. */
void lt_counts_reset(lt_counts *c);

/* Adds n to the count of s[0..len). */
lt_status lt_counts_add(lt_counts *c, const char *s, size_t len, uint32_t n);
/* Takes up to n from the count of s[0..len); returns how much it took. */
uint32_t lt_counts_take(lt_counts *c, const char *s, size_t len, uint32_t n);

/* The count of s[0..len): 0 when absent. */
uint32_t lt_counts_get(const lt_counts *c, const char *s, size_t len);

size_t lt_counts_size(const lt_counts *c);

/* Calls fn for each string with a count above zero; stops on non-zero. */
int lt_counts_each(const lt_counts *c, int (*fn)(void *ctx, const char *s, uint32_t count),
                   void *ctx);

/* lt_counts_each in byte order of the strings, for a B-tree that reads
 * neighbouring keys from blocks it already holds. Returns -1 when out of
 * memory (fn not called); *stopped says whether fn stopped the walk. */
int lt_counts_each_sorted(const lt_counts *c,
                          int (*fn)(void *ctx, const char *s, uint32_t count), void *ctx,
                          int *stopped);

#endif
