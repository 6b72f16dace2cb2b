/* lt_walk.c — collecting input files, recursively and in a stable order. */
#include "lt_walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lt_buf.h"

void lt_walk_init(lt_walk *w) { memset(w, 0, sizeof *w); }

void lt_walk_release(lt_walk *w) {
    size_t i;
    for (i = 0; i < w->n; i++) {
        free(w->v[i].path);
        free(w->v[i].source);
    }
    free(w->v);
    lt_walk_init(w);
}

static lt_status push(lt_walk *w, const char *path, const char *source,
                      lt_error *err) {
    if (w->n >= LT_WALK_MAX_FILES)
        return lt_error_set(err, LT_ELIMIT, "more than %u input files",
                            LT_WALK_MAX_FILES);
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        lt_walk_file *nv = realloc(w->v, cap * sizeof *nv);
        if (!nv) return lt_error_set(err, LT_ENOMEM, "out of memory");
        w->v = nv;
        w->cap = cap;
    }
    w->v[w->n].path = strdup(path);
    w->v[w->n].source = strdup(source);
    if (!w->v[w->n].path || !w->v[w->n].source) {
        free(w->v[w->n].path);
        free(w->v[w->n].source);
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    }
    w->n++;
    return LT_OK;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the names in `dir`, sorted, hidden ones left out. */
static lt_status list_dir(const char *dir, char ***names, size_t *n,
                          const lt_warn *warn) {
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t cap = 0;
    *names = NULL;
    *n = 0;
    if (!d) {
        lt_warnf(warn, "%s: %s (skipped)", dir, strerror(errno));
        return LT_OK;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (*n == cap) {
            char **nn = realloc(*names, (cap ? cap * 2 : 64) * sizeof *nn);
            if (!nn) goto nomem;
            *names = nn;
            cap = cap ? cap * 2 : 64;
        }
        if (!((*names)[*n] = strdup(e->d_name))) goto nomem;
        (*n)++;
    }
    closedir(d);
    if (*n > 1) qsort(*names, *n, sizeof **names, compare_names);   /* an empty folder has no array */
    return LT_OK;
nomem:
    closedir(d);
    while (*n) free((*names)[--*n]);
    free(*names);
    *names = NULL;
    return LT_ENOMEM;
}

static lt_status walk_dir(lt_walk *w, lt_buf *path, lt_buf *source, int depth,
                          const lt_warn *warn, lt_error *err) {
    char **names;
    size_t n, i, path_len = path->len, source_len = source->len;
    lt_status rc = LT_OK;
    if (depth > LT_WALK_MAX_DEPTH) {
        lt_warnf(warn, "%s: folders nested deeper than %d (skipped)", path->data,
                 LT_WALK_MAX_DEPTH);
        return LT_OK;
    }
    if (list_dir(path->data, &names, &n, warn) != LT_OK)
        return lt_error_set(err, LT_ENOMEM, "out of memory");
    for (i = 0; i < n && rc == LT_OK; i++) {
        struct stat lst, st;
        lt_buf_truncate(path, path_len);
        lt_buf_truncate(source, source_len);
        lt_buf_append_char(path, '/');
        lt_buf_append_str(path, names[i]);
        if (source_len) lt_buf_append_char(source, '/');
        lt_buf_append_str(source, names[i]);
        if (lt_buf_status(path) != LT_OK || lt_buf_status(source) != LT_OK) {
            rc = lt_error_set(err, LT_ELIMIT, "%s: path too long", path->data);
            break;
        }
        if (lstat(path->data, &lst) != 0 || stat(path->data, &st) != 0) {
            lt_warnf(warn, "%s: %s (skipped)", path->data, strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (S_ISLNK(lst.st_mode)) {
                lt_warnf(warn, "%s: link to a folder, not followed", path->data);
                continue;
            }
            rc = walk_dir(w, path, source, depth + 1, warn, err);
        } else if (S_ISREG(st.st_mode)) {
            rc = push(w, path->data, source->data, err);
        }
    }
    lt_buf_truncate(path, path_len);
    lt_buf_truncate(source, source_len);
    for (i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

lt_status lt_walk_add(lt_walk *w, const char *input, const lt_warn *warn,
                      lt_error *err) {
    struct stat st;
    lt_buf path, source;
    lt_status rc;
    if (stat(input, &st) != 0)
        return lt_error_set(err, errno == ENOENT ? LT_ENOTFOUND : LT_EIO, "%s: %s",
                            input, strerror(errno));
    if (S_ISREG(st.st_mode)) {
        const char *slash = strrchr(input, '/');
        return push(w, input, slash ? slash + 1 : input, err);
    }
    if (!S_ISDIR(st.st_mode))
        return lt_error_set(err, LT_EINVAL, "%s: not a file or folder", input);
    lt_buf_init(&path, 4096);
    lt_buf_init(&source, 4096);
    lt_buf_append_str(&path, input);
    while (path.len > 1 && path.data[path.len - 1] == '/') lt_buf_truncate(&path, path.len - 1);
    rc = lt_buf_status(&path) == LT_OK
             ? walk_dir(w, &path, &source, 0, warn, err)
             : lt_error_set(err, LT_ELIMIT, "%s: path too long", input);
    lt_buf_release(&path);
    lt_buf_release(&source);
    return rc;
}
