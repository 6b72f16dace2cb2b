/* lt_xc.h — internal: carrying the shim's errors into liblantern's. */
#ifndef LANTERN_LT_XC_H
#define LANTERN_LT_XC_H

#include "lt_error.h"
#include "xc.h"

static inline lt_status lt_status_from_xc(xc_status s) {
    switch (s) {
    case XC_OK: return LT_OK;
    case XC_ERR_NOMEM: return LT_ENOMEM;
    case XC_ERR_NOT_FOUND: return LT_ENOTFOUND;
    case XC_ERR_LOCKED: return LT_ELOCKED;
    case XC_ERR_QUERY: return LT_EQUERY;
    default: return LT_EINDEX;
    }
}

/* Sets err from a shim error with a "WHAT: " prefix; returns the status. */
static inline lt_status lt_error_from_xc(lt_error *err, const char *what,
                                         const xc_error *xe) {
    return lt_error_set(err, lt_status_from_xc(xe->status), "%s: %s", what,
                        xe->message);
}

#endif
