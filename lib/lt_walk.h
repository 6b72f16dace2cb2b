/* lt_walk.h — the input files of a run, from files and folders given.
 *
 * A folder is walked recursively in byte order of names (so runs are
 * repeatable); each file's source name is its path relative to the folder
 * given. A file given directly is named by its file name. Hidden entries
 * (".git", ".DS_Store") are skipped, and symbolic links to folders are not
 * followed (no loops).
 */
#ifndef LANTERN_LT_WALK_H
#define LANTERN_LT_WALK_H

#include <stddef.h>

#include "lt_error.h"

#define LT_WALK_MAX_DEPTH 64
#define LT_WALK_MAX_FILES 50000000u

typedef struct lt_walk_file {
    char *path;      /* to open */
    char *source;    /* to name documents: SOURCE#N */
} lt_walk_file;

typedef struct lt_walk {
    lt_walk_file *v;
    size_t n, cap;
} lt_walk;

void lt_walk_init(lt_walk *w);
void lt_walk_release(lt_walk *w);

/* Adds `input` (a file or a folder). Unreadable entries inside a folder go
 * to `warn` and are skipped; a missing `input` itself is an error. */
lt_status lt_walk_add(lt_walk *w, const char *input, const lt_warn *warn,
                      lt_error *err);

#endif
