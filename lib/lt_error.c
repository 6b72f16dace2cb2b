/* lt_error.c — status names and formatting of error messages. */
#include "lt_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *lt_status_name(lt_status status) {
    switch (status) {
    case LT_OK: return "ok";
    case LT_ENOMEM: return "out of memory";
    case LT_EIO: return "i/o error";
    case LT_EFORMAT: return "bad input";
    case LT_ELIMIT: return "over a limit";
    case LT_EINDEX: return "index error";
    case LT_ENOTFOUND: return "not found";
    case LT_ELOCKED: return "index locked";
    case LT_EINVAL: return "invalid argument";
    case LT_EQUERY: return "bad query";
    }
    return "unknown error";
}

lt_status lt_error_set(lt_error *err, lt_status status, const char *fmt, ...) {
    if (err) {
        va_list ap;
        err->status = status;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

void lt_error_prefix(lt_error *err, const char *fmt, ...) {
    char prefix[512];
    size_t plen, old_len, room = sizeof err->message;
    va_list ap;
    if (!err) return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    plen = strlen(prefix);
    old_len = strlen(err->message);
    /* Keep as much of the old message as fits after "PREFIX: ". */
    if (plen + 2 + old_len >= room) old_len = room - plen - 3;
    memmove(err->message + plen + 2, err->message, old_len);
    memcpy(err->message, prefix, plen);
    err->message[plen] = ':';
    err->message[plen + 1] = ' ';
    err->message[plen + 2 + old_len] = '\0';
}

void lt_error_clear(lt_error *err) {
    if (!err) return;
    err->status = LT_OK;
    err->message[0] = '\0';
}

void lt_warnf(const lt_warn *warn, const char *fmt, ...) {
    char message[1024];
    va_list ap;
    if (!warn || !warn->fn) return;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    warn->fn(warn->ctx, message);
}
