/* lt_counts.c — open addressing with linear probing; strings in one arena. */
#include "lt_counts.h"

#include <stdlib.h>
#include <string.h>

#include "lt_hash.h"

typedef struct slot {
    uint64_t hash;
    size_t offset;      /* into arena; 0 marks an empty slot */
    uint32_t count;
} slot;

struct lt_counts {
    slot *slots;
    size_t cap, used;
    char *arena;        /* NUL-terminated strings; offset 0 is reserved */
    size_t arena_len, arena_cap;
};

lt_counts *lt_counts_new(void) {
    lt_counts *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->cap = 1024;
    c->slots = calloc(c->cap, sizeof *c->slots);
    c->arena_cap = 64 * 1024;
    c->arena = malloc(c->arena_cap);
    if (!c->slots || !c->arena) {
        lt_counts_free(c);
        return NULL;
    }
    c->arena[0] = '\0';
    c->arena_len = 1;
    return c;
}

void lt_counts_free(lt_counts *c) {
    if (!c) return;
    free(c->slots);
    free(c->arena);
    free(c);
}

void lt_counts_reset(lt_counts *c) {
    memset(c->slots, 0, c->cap * sizeof *c->slots);
    c->used = 0;
    c->arena_len = 1;
}

size_t lt_counts_size(const lt_counts *c) { return c->used; }

static slot *find(const lt_counts *c, uint64_t h, const char *s, size_t len) {
    size_t i = (size_t)h & (c->cap - 1);
    for (;;) {
        slot *sl = &c->slots[i];
        if (!sl->offset) return sl;
        if (sl->hash == h && !strncmp(c->arena + sl->offset, s, len) &&
            c->arena[sl->offset + len] == '\0')
            return sl;
        i = (i + 1) & (c->cap - 1);
    }
}

static lt_status grow(lt_counts *c) {
    size_t cap = c->cap * 2, i;
    slot *ns = calloc(cap, sizeof *ns);
    if (!ns) return LT_ENOMEM;
    for (i = 0; i < c->cap; i++) {
        size_t j;
        if (!c->slots[i].offset) continue;
        j = (size_t)c->slots[i].hash & (cap - 1);
        while (ns[j].offset) j = (j + 1) & (cap - 1);
        ns[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = ns;
    c->cap = cap;
    return LT_OK;
}

lt_status lt_counts_add(lt_counts *c, const char *s, size_t len, uint32_t n) {
    uint64_t h = lt_hash(s, len);
    slot *sl;
    if (c->used * 10 >= c->cap * 7 && grow(c) != LT_OK) return LT_ENOMEM;
    sl = find(c, h, s, len);
    if (sl->offset) {
        sl->count += n;
        return LT_OK;
    }
    if (c->arena_len + len + 1 > c->arena_cap) {
        size_t cap = c->arena_cap * 2;
        char *na;
        while (cap < c->arena_len + len + 1) cap *= 2;
        na = realloc(c->arena, cap);
        if (!na) return LT_ENOMEM;
        c->arena = na;
        c->arena_cap = cap;
    }
    memcpy(c->arena + c->arena_len, s, len);
    c->arena[c->arena_len + len] = '\0';
    sl->offset = c->arena_len;
    sl->hash = h;
    sl->count = n;
    c->arena_len += len + 1;
    c->used++;
    return LT_OK;
}

uint32_t lt_counts_take(lt_counts *c, const char *s, size_t len, uint32_t n) {
    slot *sl = find(c, lt_hash(s, len), s, len);
    uint32_t took;
    if (!sl->offset) return 0;
    took = sl->count < n ? sl->count : n;
    sl->count -= took;
    return took;
}

uint32_t lt_counts_get(const lt_counts *c, const char *s, size_t len) {
    const slot *sl = find(c, lt_hash(s, len), s, len);
    return sl->offset ? sl->count : 0;
}

int lt_counts_each(const lt_counts *c, int (*fn)(void *ctx, const char *s, uint32_t count),
                   void *ctx) {
    size_t i;
    for (i = 0; i < c->cap; i++)
        if (c->slots[i].offset && c->slots[i].count)
            if (fn(ctx, c->arena + c->slots[i].offset, c->slots[i].count)) return 1;
    return 0;
}

/* qsort's comparison has no context: the arena goes in a thread-local. */
static _Thread_local const char *sort_arena;

static int by_string(const void *a, const void *b) {
    const slot *x = *(const slot *const *)a, *y = *(const slot *const *)b;
    return strcmp(sort_arena + x->offset, sort_arena + y->offset);
}

int lt_counts_each_sorted(const lt_counts *c,
                          int (*fn)(void *ctx, const char *s, uint32_t count), void *ctx,
                          int *stopped) {
    const slot **order;
    size_t i, n = 0;
    *stopped = 0;
    if (!c->used) return 0;
    order = malloc(c->used * sizeof *order);
    if (!order) return -1;
    for (i = 0; i < c->cap; i++)
        if (c->slots[i].offset && c->slots[i].count) order[n++] = &c->slots[i];
    sort_arena = c->arena;
    qsort(order, n, sizeof *order, by_string);
    for (i = 0; i < n; i++)
        if (fn(ctx, c->arena + order[i]->offset, order[i]->count)) {
            *stopped = 1;
            break;
        }
    free(order);
    return 0;
}
