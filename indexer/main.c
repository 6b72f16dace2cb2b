/* lantern-index — ingest forum threads and pages into a Lantern index.
 *
 * Options, progress and the summary line; the work is lt_index_files. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lt_cli.h"
#include "lt_config.h"
#include "lt_indexer.h"
#include "lt_parallel.h"
#include "lt_thread_json.h"
#include "lt_walk.h"
#include "lt_writer.h"

#define PROGRAM "lantern-index"

static void usage(FILE *f) {
    fprintf(f,
            "Usage: " PROGRAM " --db DIR [OPTION]... INPUT...\n"
            "       " PROGRAM " --db DIR --remove SOURCE... [INPUT]...\n"
            "       " PROGRAM " --dump INPUT...\n"
            "Index forum threads and pages (files or folders, searched recursively)\n"
            "into the Lantern index DIR, creating it when missing. Inputs may be\n"
            "threads saved as text, JSON Lines, or gzip-compressed versions of these.\n"
            "Indexing a file again replaces its documents.\n"
            "\n"
            "  --db DIR         the index to write\n"
            "  --config FILE    adviser accounts and other settings (see README)\n"
            "  --vocabulary FILE  the site's own vocabulary, stored in the index with\n"
            "                   the built-in one (data/vocabulary.txt's format)\n"
            "  --batch N        posts per commit, per writer (default %d)\n"
            "  --jobs N         writers at once for a new index: N shards searched as\n"
            "                   one (default: the number of CPUs; 1 for one database)\n"
            "  --no-sync        do not fsync (faster; for throwaway indexes)\n"
            "  --remove SOURCE  remove thread SOURCE (the part of a document id before\n"
            "                   '#') before reading the inputs; may be repeated\n"
            "  --prune          after reading the inputs, remove every thread of the\n"
            "                   index they did not hold (refused when a file or record\n"
            "                   was skipped, or when they hold no thread)\n"
            "  --dump           print the threads read, as JSON Lines, instead of\n"
            "                   indexing them\n"
            "  --quiet          no progress display\n"
            "  --help           show this help\n"
            "\n"
            "Bad files are reported as FILE:LINE: what is wrong, and skipped.\n"
            "Exit status: 0 when the run completed (even with skipped files),\n"
            "1 when the index could not be written, 2 on a usage error.\n",
            LT_WRITER_DEFAULT_BATCH);
}

typedef struct display {
    int tty;               /* progress goes to a terminal */
    int progress_shown;    /* a progress line is on screen */
    struct timespec last;  /* when it was drawn */
    size_t problems;
} display;

static void clear_progress(display *d) {
    if (d->progress_shown) {
        fputs("\r\033[K", stderr);
        d->progress_shown = 0;
    }
}

static void on_problem(void *ctx, const char *message) {
    display *d = ctx;
    clear_progress(d);
    fprintf(stderr, "%s\n", message);
    d->problems++;
}

static void on_progress(void *ctx, const lt_run_progress *p) {
    display *d = ctx;
    struct timespec now;
    double since, mb = p->bytes / 1e6;
    if (!d->tty) return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    since = (double)(now.tv_sec - d->last.tv_sec) + (now.tv_nsec - d->last.tv_nsec) / 1e9;
    if (since < 0.1 && p->files_done < p->files_total) return;
    d->last = now;
    fprintf(stderr, "\r\033[Kfiles %zu/%zu  posts %llu  %.1f MB  %.1f MB/s  %.40s",
            p->files_done, p->files_total, (unsigned long long)p->posts, mb,
            p->seconds > 0 ? mb / p->seconds : 0.0, p->current ? p->current : "");
    d->progress_shown = 1;
}

/* Ids --remove did not find, and why --prune did nothing: problems the
 * user should see, though the run completed. */
static void report_removals(display *d, const lt_index_options *o, const lt_index_summary *s) {
    char message[LT_MAX_NAME_BYTES + 128];
    size_t i;
    for (i = 0; s->remove_missing && i < o->n_remove; i++) {
        if (!s->remove_missing[i]) continue;
        snprintf(message, sizeof message, PROGRAM ": --remove %s: the index holds no such thread",
                 o->remove[i]);
        on_problem(d, message);
    }
    if (s->prune_refused) {
        snprintf(message, sizeof message, PROGRAM ": --prune: nothing removed: %s",
                 s->prune_refused);
        on_problem(d, message);
    }
}

static lt_status print_thread(void *ctx, lt_thread *t, lt_error *err) {
    json_t *o = lt_thread_to_json(t);
    (void)ctx;
    if (!o) return lt_error_set(err, LT_ENOMEM, "out of memory");
    if (json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
        fputc('\n', stdout) == EOF) {
        json_decref(o);
        return lt_error_set(err, LT_EIO, "standard output: write error");
    }
    json_decref(o);
    return LT_OK;
}

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"vocabulary", required_argument, NULL, 'V'},
        {"batch", required_argument, NULL, 'b'},
        {"jobs", required_argument, NULL, 'j'},
        {"no-sync", no_argument, NULL, 'S'},
        {"remove", required_argument, NULL, 'R'},
        {"prune", no_argument, NULL, 'P'},
        {"dump", no_argument, NULL, 'D'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *config_path = NULL;
    const char **remove = NULL;
    int dump = 0, quiet = 0, opt, status = 0, i;
    unsigned long batch = 0, jobs = 0;
    lt_index_options options;
    lt_config config;
    lt_walk files;
    lt_error err;
    lt_warn warn;
    lt_run_hooks hooks;
    display d;
    struct timespec t0, t1;
    double secs;

    memset(&options, 0, sizeof options);
    /* No more ids to remove than arguments. */
    remove = calloc((size_t)argc, sizeof *remove);
    if (!remove) {
        fprintf(stderr, PROGRAM ": out of memory\n");
        return 1;
    }
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd': db = optarg; break;
        case 'c': config_path = optarg; break;
        case 'V': options.vocabulary = optarg; break;
        case 'b':
            if (!lt_parse_unsigned(optarg, 1, 1000000, &batch)) {
                fprintf(stderr, PROGRAM ": --batch must be a number from 1 to 1000000\n");
                return 2;
            }
            break;
        case 'j':
            if (!lt_parse_unsigned(optarg, 1, LT_MAX_SHARDS, &jobs)) {
                fprintf(stderr, PROGRAM ": --jobs must be a number from 1 to %d\n", LT_MAX_SHARDS);
                return 2;
            }
            break;
        case 'S': options.no_sync = 1; break;
        case 'R':
            if (!optarg[0] || strlen(optarg) > LT_MAX_NAME_BYTES) {
                fprintf(stderr, PROGRAM ": --remove needs a thread id of 1 to %d bytes\n",
                        LT_MAX_NAME_BYTES);
                free(remove);
                return 2;
            }
            remove[options.n_remove++] = optarg;
            break;
        case 'P': options.prune = 1; break;
        case 'D': dump = 1; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); free(remove); return 0;
        default: usage(stderr); free(remove); return 2;
        }
    }
    options.batch_posts = batch;
    if (!jobs) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 1 ? (unsigned long)(cpus < 8 ? cpus : 8) : 1;
    }
    options.jobs = jobs;
    options.remove = remove;
    /* Removing threads needs no input; everything else does. */
    if ((!db && !dump) || (optind >= argc && (!options.n_remove || options.prune || dump))) {
        fprintf(stderr, PROGRAM ": %s\n", !db && !dump ? "--db DIR is required" : "no input given");
        usage(stderr);
        free(remove);
        return 2;
    }
    if (dump && (options.n_remove || options.prune)) {
        fprintf(stderr, PROGRAM ": --dump writes no index: --remove and --prune do not apply\n");
        free(remove);
        return 2;
    }

    memset(&d, 0, sizeof d);
    d.tty = !quiet && !dump && isatty(STDERR_FILENO);
    hooks.on_problem = on_problem;
    hooks.on_progress = on_progress;
    hooks.ctx = &d;
    warn.fn = on_problem;
    warn.ctx = &d;

    lt_config_init(&config);
    if (config_path && lt_config_load(&config, config_path, &err) != LT_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err.message);
        lt_config_release(&config);
        return 2;
    }
    lt_walk_init(&files);
    for (i = optind; i < argc; i++) {
        if (lt_walk_add(&files, argv[i], &warn, &err) != LT_OK) {
            fprintf(stderr, PROGRAM ": %s\n", err.message);
            status = 2;
            goto done;
        }
    }

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (dump) {
        lt_run_progress p;
        if (lt_ingest_all(&files, &config, print_thread, NULL, &hooks, &p, &err) != LT_OK) {
            fprintf(stderr, PROGRAM ": %s\n", err.message);
            status = 1;
        }
        goto done;
    }
    {
        lt_index_summary s;
        lt_status rc = lt_index_files(db, &files, &config, &options, &hooks, &s, &err);
        clear_progress(&d);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (rc != LT_OK) {
            free(s.remove_missing);
            fprintf(stderr, PROGRAM ": %s\n", err.message);
            fprintf(stderr, PROGRAM ": index not fully written: the last batch was "
                            "discarded, earlier commits are kept\n");
            status = 1;
            goto done;
        }
        report_removals(&d, &options, &s);
        printf(PROGRAM ": %zu files (%zu skipped), %llu threads, %llu posts, %.1f MB "
               "in %.2f s (%.1f MB/s, %.0f posts/s); %llu old documents replaced; ",
               s.run.files_total, s.run.files_failed, (unsigned long long)s.run.threads,
               (unsigned long long)s.run.posts, s.run.bytes / 1e6, secs,
               secs > 0 ? s.run.bytes / 1e6 / secs : 0.0,
               secs > 0 ? s.run.posts / secs : 0.0, (unsigned long long)s.docs_removed);
        if (options.n_remove || options.prune)
            printf("%llu threads removed (%llu documents); ",
                   (unsigned long long)s.threads_removed, (unsigned long long)s.posts_removed);
        printf("index has %u documents\n", s.doc_count);
        free(s.remove_missing);
        if (d.problems)
            printf(PROGRAM ": %zu problem%s reported above\n", d.problems,
                   d.problems == 1 ? "" : "s");
    }
done:
    free(remove);
    lt_walk_release(&files);
    lt_config_release(&config);
    return status;
}
