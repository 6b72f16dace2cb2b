/* sd_assets.h — the page's files (searchd/static), built into the daemon
 * so it serves them with nothing installed beside it. Each is followed by
 * a NUL byte, so text files can be used as C strings. */
#ifndef LANTERN_SD_ASSETS_H
#define LANTERN_SD_ASSETS_H

#include <stddef.h>

typedef struct sd_asset {
    const char *path;          /* as requested: "/static/app.js" */
    const char *type;          /* media type; text, so served as UTF-8 */
    const unsigned char *data;
    size_t len;
} sd_asset;

extern const sd_asset sd_assets[];
extern const size_t sd_n_assets;

/* The asset at `path`, or NULL. */
const sd_asset *sd_asset_find(const char *path);

#endif
