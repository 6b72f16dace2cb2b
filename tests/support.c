/* support.c — test helpers; failures abort, as a broken harness must. */
#define _XOPEN_SOURCE 700  /* nftw */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

extern char **environ;

static void die(const char *what) {
    fprintf(stderr, "test harness: %s: %s\n", what, strerror(errno));
    abort();
}

char *ts_tempdir(void) {
    const char *base = getenv("TMPDIR");
    char *path;
    size_t n;
    if (!base || !*base) base = "/tmp";
    n = strlen(base) + 32;
    path = malloc(n);
    if (!path) die("malloc");
    snprintf(path, n, "%s/lantern-test-XXXXXX", base);
    if (!mkdtemp(path)) die("mkdtemp");
    return path;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

void ts_rmtree(const char *path) {
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *ts_path(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p) die("malloc");
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *ts_fixture(const char *rel) { return ts_path(LANTERN_FIXTURES, rel); }

void ts_write_file(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) die(path);
    if (len && fwrite(data, 1, len, f) != len) die(path);
    if (fclose(f) != 0) die(path);
}

void ts_write_gzip(const char *path, const char *data, size_t len, size_t keep_bytes) {
    gzFile gz = gzopen(path, "wb");
    if (!gz) die(path);
    if (len && gzwrite(gz, data, (unsigned)len) != (int)len) die(path);
    if (gzclose(gz) != Z_OK) die(path);
    if (keep_bytes && truncate(path, (off_t)keep_bytes) != 0) die(path);
}

char *ts_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    if (!f) die(path);
    do {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (!buf) die("realloc");
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* Reads all of fd into a NUL-terminated string. */
static char *slurp_fd(int fd) {
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        ssize_t got;
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (!buf) die("realloc");
        }
        got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    return buf;
}

void ts_run_program(char *const argv[], ts_run *r) {
    char out_path[] = "/tmp/lantern-out-XXXXXX", err_path[] = "/tmp/lantern-err-XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path), wstatus;
    posix_spawn_file_actions_t fa;
    pid_t pid;
    if (out_fd < 0 || err_fd < 0) die("mkstemp");
    unlink(out_path);
    unlink(err_path);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err_fd, STDERR_FILENO);
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0) die(argv[0]);
    posix_spawn_file_actions_destroy(&fa);
    while (waitpid(pid, &wstatus, 0) < 0)
        if (errno != EINTR) die("waitpid");
    r->status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    lseek(out_fd, 0, SEEK_SET);
    lseek(err_fd, 0, SEEK_SET);
    r->out = slurp_fd(out_fd);
    r->err = slurp_fd(err_fd);
    close(out_fd);
    close(err_fd);
}

void ts_run_release(ts_run *r) {
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}
