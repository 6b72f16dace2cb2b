/* lt_config.h — Lantern's configuration file.
 *
 * A plain text file of `key = value` lines; `#` starts a comment line;
 * blank lines are ignored; a key may repeat. Keys:
 *
 *   adviser = NAME            an author account that answers as an adviser
 *   adviser-pattern = GLOB    authors matching GLOB (fnmatch, any case) too
 *   base-url = URL            prefix for the URLs of pages without their own
 *
 * Unknown keys are errors, so a misspelt key never passes silently.
 */
#ifndef LANTERN_LT_CONFIG_H
#define LANTERN_LT_CONFIG_H

#include <stddef.h>

#include "lt_error.h"

#define LT_CONFIG_MAX_BYTES (1u << 20)
#define LT_CONFIG_MAX_ENTRIES 10000

typedef struct lt_config {
    char **adviser_names;
    size_t n_adviser_names;
    char **adviser_patterns;
    size_t n_adviser_patterns;
    char *base_url;           /* NULL when not set */
} lt_config;

/* An empty configuration: built-in rules only. */
void lt_config_init(lt_config *c);
void lt_config_release(lt_config *c);

/* Adds the settings of `path` to c. Errors say "FILE:LINE: what". */
lt_status lt_config_load(lt_config *c, const char *path, lt_error *err);
/* The same, from text in memory (`name` is used in messages). */
lt_status lt_config_parse(lt_config *c, const char *name, const char *text,
                          size_t len, lt_error *err);

#endif
