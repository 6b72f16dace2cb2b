/* lt_error.h — status codes and the caller's error struct.
 *
 * liblantern never prints and never exits: a function that can fail returns
 * LT_OK (0) or a negative lt_status and, when given an lt_error, writes a
 * message there, shaped "FILE:LINE: what is wrong" where a place is known.
 */
#ifndef LANTERN_LT_ERROR_H
#define LANTERN_LT_ERROR_H

typedef enum lt_status {
    LT_OK = 0,
    LT_ENOMEM = -1,     /* an allocation failed */
    LT_EIO = -2,        /* reading or writing a file failed */
    LT_EFORMAT = -3,    /* input is not in a format we read, or is damaged */
    LT_ELIMIT = -4,     /* input is over one of our size or count limits */
    LT_EINDEX = -5,     /* the index could not be read or written */
    LT_ENOTFOUND = -6,  /* no such file, index or document */
    LT_ELOCKED = -7,    /* another writer holds the index */
    LT_EINVAL = -8,     /* a bad argument or option value */
    LT_EQUERY = -9      /* the query could not be searched */
} lt_status;

typedef struct lt_error {
    lt_status status;
    char message[1024];
} lt_error;

/* A short fixed name for a status; never NULL. */
const char *lt_status_name(lt_status status);

/* Sets err (if not NULL) and returns `status`, so callers can write
 * `return lt_error_set(err, LT_EIO, "%s: %s", path, strerror(errno));`. */
lt_status lt_error_set(lt_error *err, lt_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Puts "PREFIX: " before the message already in err. */
void lt_error_prefix(lt_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void lt_error_clear(lt_error *err);

/* Where readers report a problem they recovered from (a post with an
 * unreadable date, a bad line in a JSON Lines file …): the message is
 * "FILE:LINE: what is wrong". `fn` may be NULL to ignore warnings. */
typedef struct lt_warn {
    void (*fn)(void *ctx, const char *message);
    void *ctx;
} lt_warn;

void lt_warnf(const lt_warn *warn, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
