/* lt_config.c — reading `key = value` configuration files. */
#include "lt_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lt_buf.h"
#include "lt_thread.h"
#include "lt_utf8.h"

void lt_config_init(lt_config *c) { memset(c, 0, sizeof *c); }

static void free_list(char **list, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) free(list[i]);
    free(list);
}

void lt_config_release(lt_config *c) {
    free_list(c->adviser_names, c->n_adviser_names);
    free_list(c->adviser_patterns, c->n_adviser_patterns);
    free(c->base_url);
    lt_config_init(c);
}

static lt_status list_add(char ***list, size_t *n, const char *s, size_t len) {
    char **nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl) return LT_ENOMEM;
    *list = nl;
    nl[*n] = NULL;
    if (lt_set_string(&nl[*n], s, len) != LT_OK) return LT_ENOMEM;
    (*n)++;
    return LT_OK;
}

static void trim(const char **s, size_t *len) {
    while (*len && (**s == ' ' || **s == '\t')) { (*s)++; (*len)--; }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

lt_status lt_config_parse(lt_config *c, const char *name, const char *text,
                          size_t len, lt_error *err) {
    size_t pos = 0, line_no = 0, entries = 0;
    while (pos < len) {
        const char *line = text + pos, *eq, *key, *value;
        size_t line_len, key_len, value_len;
        const char *nl = memchr(line, '\n', len - pos);
        line_len = nl ? (size_t)(nl - line) : len - pos;
        pos += line_len + (nl ? 1 : 0);
        line_no++;
        trim(&line, &line_len);
        if (line_len == 0 || line[0] == '#') continue;
        if (++entries > LT_CONFIG_MAX_ENTRIES)
            return lt_error_set(err, LT_ELIMIT, "%s:%zu: more than %u entries",
                                name, line_no, LT_CONFIG_MAX_ENTRIES);
        eq = memchr(line, '=', line_len);
        if (!eq)
            return lt_error_set(err, LT_EFORMAT,
                                "%s:%zu: expected 'key = value'", name, line_no);
        key = line;
        key_len = (size_t)(eq - line);
        value = eq + 1;
        value_len = line_len - key_len - 1;
        trim(&key, &key_len);
        trim(&value, &value_len);
        if (value_len == 0)
            return lt_error_set(err, LT_EFORMAT, "%s:%zu: '%.*s' has no value",
                                name, line_no, (int)key_len, key);
        if (value_len > LT_MAX_NAME_BYTES)
            return lt_error_set(err, LT_ELIMIT, "%s:%zu: value longer than %u bytes",
                                name, line_no, LT_MAX_NAME_BYTES);
        if (!lt_utf8_valid(value, value_len))
            return lt_error_set(err, LT_EFORMAT, "%s:%zu: value is not valid UTF-8",
                                name, line_no);
        if (key_len == 7 && !memcmp(key, "adviser", 7)) {
            if (list_add(&c->adviser_names, &c->n_adviser_names, value,
                         value_len) != LT_OK)
                return lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
        } else if (key_len == 15 && !memcmp(key, "adviser-pattern", 15)) {
            if (list_add(&c->adviser_patterns, &c->n_adviser_patterns, value,
                         value_len) != LT_OK)
                return lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
        } else if (key_len == 8 && !memcmp(key, "base-url", 8)) {
            if (lt_set_string(&c->base_url, value, value_len) != LT_OK)
                return lt_error_set(err, LT_ENOMEM, "%s: out of memory", name);
        } else {
            return lt_error_set(err, LT_EFORMAT, "%s:%zu: unknown key '%.*s'",
                                name, line_no, (int)key_len, key);
        }
    }
    return LT_OK;
}

lt_status lt_config_load(lt_config *c, const char *path, lt_error *err) {
    FILE *f = fopen(path, "rb");
    lt_buf b;
    char chunk[8192];
    size_t n;
    lt_status rc;
    if (!f)
        return lt_error_set(err, errno == ENOENT ? LT_ENOTFOUND : LT_EIO,
                            "%s: %s", path, strerror(errno));
    lt_buf_init(&b, LT_CONFIG_MAX_BYTES);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) lt_buf_append(&b, chunk, n);
    if (ferror(f)) {
        rc = lt_error_set(err, LT_EIO, "%s: read error", path);
    } else if (lt_buf_status(&b) == LT_ELIMIT) {
        rc = lt_error_set(err, LT_ELIMIT, "%s: larger than %u bytes", path,
                          LT_CONFIG_MAX_BYTES);
    } else if (lt_buf_status(&b) != LT_OK) {
        rc = lt_error_set(err, LT_ENOMEM, "%s: out of memory", path);
    } else {
        rc = lt_config_parse(c, path, b.data, b.len, err);
    }
    fclose(f);
    lt_buf_release(&b);
    return rc;
}
