/* sd_handlers.h — what each path of the daemon answers. */
#ifndef LANTERN_SD_HANDLERS_H
#define LANTERN_SD_HANDLERS_H

#include "sd_assets.h"
#include "sd_http.h"

/* JSON API (sd_api.c). */
enum MHD_Result sd_api_search(sd_request *r);    /* /api/search */
enum MHD_Result sd_api_suggest(sd_request *r);   /* /api/suggest */
enum MHD_Result sd_api_thread(sd_request *r);    /* /api/thread */
enum MHD_Result sd_api_health(sd_request *r);    /* /healthz */
enum MHD_Result sd_api_metrics(sd_request *r);   /* /metrics */

/* Pages (sd_page.c). */
enum MHD_Result sd_page_home(sd_request *r);     /* / and /?q=… */
enum MHD_Result sd_page_thread(sd_request *r);   /* /thread?id=… */
enum MHD_Result sd_page_asset(sd_request *r, const sd_asset *a);

#endif
