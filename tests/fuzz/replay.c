/* replay.c — runs saved inputs through a fuzz target, without libFuzzer.
 *
 *   fuzz_TARGET FILE_OR_FOLDER...
 *
 * Every regular file named (or found directly inside a folder named) is
 * read and passed to LLVMFuzzerTestOneInput once. A broken property
 * aborts (fuzz.h); otherwise prints how many inputs ran and exits 0. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_BYTES (16u << 20)

static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    size_t n;
    if (!f) {
        perror(path);
        return -1;
    }
    data = malloc(REPLAY_MAX_BYTES);
    if (!data) {
        fclose(f);
        return -1;
    }
    n = fread(data, 1, REPLAY_MAX_BYTES, f);
    fclose(f);
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

static int run_path(const char *path, size_t *count) {
    struct stat st;
    DIR *d;
    struct dirent *e;
    char child[4096];
    int rc = 0;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    if (!(d = opendir(path))) {
        perror(path);
        return -1;
    }
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if ((size_t)snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= sizeof child)
            continue;
        if (stat(child, &st) == 0 && S_ISREG(st.st_mode)) {
            (*count)++;
            rc = run_file(child);
        }
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv) {
    size_t count = 0;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++)
        if (run_path(argv[i], &count) != 0) return 1;
    if (count == 0) {
        fprintf(stderr, "%s: no inputs found\n", argv[0]);
        return 1;
    }
    printf("%zu inputs ran, every property held\n", count);
    return 0;
}
