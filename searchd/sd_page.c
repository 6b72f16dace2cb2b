/* sd_page.c — the search page, server-rendered results and thread view,
 * and the page's static files. */
#include <stdio.h>
#include <string.h>

#include "lt_snippet.h"
#include "lt_thread_view.h"
#include "lt_utf8.h"
#include "sd_handlers.h"
#include "sd_params.h"
#include "sd_render.h"
#include "sd_searchers.h"

#define HTML_TYPE "text/html; charset=utf-8"

static const char *get_param(void *ctx, const char *name) { return sd_param(ctx, name); }

/* The page template with its fields filled; `results` is HTML. */
static enum MHD_Result send_page(sd_request *r, unsigned status, const char *title,
                                 const char *q, int adviser, const char *results) {
    const sd_asset *tmpl = sd_asset_find("/");
    lt_buf t, qv, ex, body;
    enum MHD_Result ret;
    const char *names[] = {"title", "q", "adviser_checked", "results", "exit_url"};
    const char *values[5];
    lt_buf_init(&t, 4096);
    lt_buf_init(&qv, 8192);
    lt_buf_init(&ex, 4096);
    lt_buf_init(&body, 4u << 20);
    lt_html_escape(&t, title, strlen(title));
    lt_html_escape(&qv, q, strlen(q));
    lt_html_escape(&ex, r->config->exit_url, strlen(r->config->exit_url));
    values[0] = t.data;
    values[1] = qv.data;
    values[2] = adviser ? "checked" : "";
    values[3] = results;
    values[4] = ex.data;
    sd_render_template(&body, (const char *)tmpl->data, names, values, 5);
    ret = lt_buf_status(&body) == LT_OK
              ? sd_respond(r, status, HTML_TYPE, &body, SD_PAGE | SD_NO_STORE)
              : sd_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "page too large");
    lt_buf_release(&t);
    lt_buf_release(&qv);
    lt_buf_release(&ex);
    lt_buf_release(&body);
    return ret;
}

enum MHD_Result sd_page_home(sd_request *r) {
    sd_search_params p;
    char why[256], title[128];
    lt_searcher *s;
    lt_results *res = NULL;
    lt_error err;
    lt_buf block;
    enum MHD_Result ret;
    unsigned status = MHD_HTTP_OK;
    int adviser;
    lt_buf_init(&block, 4u << 20);
    if (sd_params_parse(get_param, r, &p, why, sizeof why) != 0) {
        sd_render_problem(&block, why);
        ret = send_page(r, MHD_HTTP_BAD_REQUEST, "Search", "", 0, block.data);
        lt_buf_release(&block);
        return ret;
    }
    adviser = p.options.role_filter == LT_ROLE_ADVISER;
    if (p.q[0]) {
        if (sd_searcher_get(&s, &err) != LT_OK || lt_search(s, p.q, &p.options, &res, &err) != LT_OK) {
            sd_searcher_discard();
            sd_render_problem(&block, "The search is not available just now. Please try again.");
            status = MHD_HTTP_SERVICE_UNAVAILABLE;
        } else {
            sd_render_results(&block, res, adviser ? "adviser" : "");
            lt_results_free(res);
        }
    }
    /* The query is not put in the title: titles end up in history lists. */
    snprintf(title, sizeof title, "%s", p.q[0] ? "Search results" : "Search the advice archive");
    ret = send_page(r, status, title, p.q, adviser, block.data);
    lt_buf_release(&block);
    return ret;
}

enum MHD_Result sd_page_thread(sd_request *r) {
    const char *id = sd_param(r, "id");
    lt_searcher *s;
    lt_thread *t = NULL;
    lt_error err;
    lt_buf block;
    enum MHD_Result ret;
    unsigned status = MHD_HTTP_OK;
    lt_status rc = LT_EINVAL;
    lt_buf_init(&block, 16u << 20);
    if (id && *id && strlen(id) <= LT_MAX_NAME_BYTES && lt_utf8_valid(id, strlen(id))) {
        if (sd_searcher_get(&s, &err) != LT_OK) rc = err.status;
        else rc = lt_thread_view(s, id, &t, &err);
    }
    if (rc == LT_OK) {
        sd_render_thread(&block, t);
    } else if (rc == LT_ENOTFOUND || rc == LT_EINVAL) {
        sd_render_problem(&block, "That thread is not in the archive.");
        status = rc == LT_ENOTFOUND ? MHD_HTTP_NOT_FOUND : MHD_HTTP_BAD_REQUEST;
    } else {
        sd_searcher_discard();
        sd_render_problem(&block, "The archive is not available just now. Please try again.");
        status = MHD_HTTP_SERVICE_UNAVAILABLE;
    }
    ret = send_page(r, status, t && t->title[0] ? t->title : "Thread", "", 0, block.data);
    lt_thread_free(t);
    lt_buf_release(&block);
    return ret;
}

enum MHD_Result sd_page_asset(sd_request *r, const sd_asset *a) {
    lt_buf body;
    enum MHD_Result ret;
    char type[64];
    snprintf(type, sizeof type, "%s; charset=utf-8", a->type);
    lt_buf_init(&body, a->len + 1);
    lt_buf_append(&body, (const char *)a->data, a->len);
    ret = sd_respond(r, MHD_HTTP_OK, type, &body, SD_CACHE);
    lt_buf_release(&body);
    return ret;
}

const sd_asset *sd_asset_find(const char *path) {
    size_t i;
    for (i = 0; i < sd_n_assets; i++)
        if (!strcmp(sd_assets[i].path, path)) return &sd_assets[i];
    return NULL;
}
