/* support.h — helpers the test programs share: temporary folders, files
 * written on the fly (plain, gzip, truncated gzip), fixture paths, and
 * running the project's programs to capture their output. */
#ifndef LANTERN_TEST_SUPPORT_H
#define LANTERN_TEST_SUPPORT_H

#include <stddef.h>

/* Set by CMake: the fixtures folder and the build's program folder. */
#ifndef LANTERN_FIXTURES
#error "LANTERN_FIXTURES must be defined"
#endif

/* A new empty folder under $TMPDIR (or /tmp); free() the result. Aborts
 * the test program if it cannot be made. */
char *ts_tempdir(void);
/* Removes a folder and everything in it. */
void ts_rmtree(const char *path);
/* dir + "/" + name, malloc'd. */
char *ts_path(const char *dir, const char *name);
/* LANTERN_FIXTURES + "/" + rel, malloc'd. */
char *ts_fixture(const char *rel);

void ts_write_file(const char *path, const char *data, size_t len);
/* Writes data gzip-compressed; keep_bytes > 0 cuts the file to that many
 * bytes afterwards (a truncated download). */
void ts_write_gzip(const char *path, const char *data, size_t len, size_t keep_bytes);
/* Reads a whole file; *len (may be NULL) gets its size. free() it. */
char *ts_read_file(const char *path, size_t *len);

typedef struct ts_run {
    int status;      /* exit status, or 128 + signal */
    char *out;       /* standard output */
    char *err;       /* standard error */
} ts_run;

/* Runs argv (argv[0] a path), waits for it, captures both streams. */
void ts_run_program(char *const argv[], ts_run *r);
void ts_run_release(ts_run *r);

#endif
