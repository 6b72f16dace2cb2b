/* lantern-corpus — generate a forum archive of any size for benchmarks.
 *
 * Deterministic from --seed; streams thread by thread in flat memory. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "gen_thread.h"
#include "gen_write.h"
#include "lt_buf.h"
#include "lt_cli.h"

#define PROGRAM "lantern-corpus"
#define FILES_PER_FOLDER 1000
#define THREADS_PER_JSONL 10000

static void usage(FILE *f) {
    fprintf(f,
            "Usage: " PROGRAM " --out DIR (--posts N | --threads N) [OPTION]...\n"
            "Write a generated forum archive: threads shaped like the real ones (a\n"
            "parent's question, replies, adviser answers, quotes, dates over years)\n"
            "with the field's words and a Zipf-like vocabulary. The same seed gives\n"
            "the same archive.\n"
            "\n"
            "  --out DIR         folder to write (created)\n"
            "  --posts N         stop after about N posts (whole threads)\n"
            "  --threads N       write N threads\n"
            "  --format F        text (both phpBB text styles, alternating), postby,\n"
            "                    posted, html (phpBB prosilver pages), jsonl\n"
            "                    (default text); tsv: one post per line, for the\n"
            "                    peer engines of bench/\n"
            "  --gzip            compress every file\n"
            "  --seed N          random seed (default 1)\n"
            "  --vocab N         vocabulary size in ranks (default 200000)\n"
            "  --help            show this help\n");
}

typedef enum { F_TEXT, F_POSTBY, F_POSTED, F_HTML, F_JSONL, F_TSV } format;

typedef struct output {
    const char *dir;
    int gzip;
    uint64_t files, bytes;
} output;

static int make_dir(const char *path) {
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

/* Writes data to DIR/sub/name (sub created), gzip'd if asked. */
static int write_file(output *o, const char *sub, const char *name, const char *ext,
                      const lt_buf *data, int append) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->dir, sub);
    if (make_dir(path) != 0) return -1;
    snprintf(path, sizeof path, "%s/%s/%s%s%s", o->dir, sub, name, ext, o->gzip ? ".gz" : "");
    if (o->gzip) {
        gzFile gz = gzopen(path, append ? "ab6" : "wb6");
        if (!gz || gzwrite(gz, data->data, (unsigned)data->len) != (int)data->len) {
            if (gz) gzclose(gz);
            return -1;
        }
        if (gzclose(gz) != Z_OK) return -1;
    } else {
        FILE *f = fopen(path, append ? "ab" : "wb");
        if (!f || fwrite(data->data, 1, data->len, f) != data->len) {
            if (f) fclose(f);
            return -1;
        }
        if (fclose(f) != 0) return -1;
    }
    if (!append) o->files++;
    o->bytes += data->len;
    return 0;
}

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},  {"posts", required_argument, NULL, 'p'},
        {"threads", required_argument, NULL, 't'}, {"format", required_argument, NULL, 'f'},
        {"gzip", no_argument, NULL, 'z'},      {"seed", required_argument, NULL, 's'},
        {"vocab", required_argument, NULL, 'v'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    output o = {NULL, 0, 0, 0};
    unsigned long posts_goal = 0, threads_goal = 0, seed = 1, vocab = 0;
    format fmt = F_TEXT;
    uint64_t i, posts = 0;
    gen *g;
    lt_buf buf;
    int opt, status = 0;

    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o': o.dir = optarg; break;
        case 'p':
            if (!lt_parse_unsigned(optarg, 1, 100000000, &posts_goal)) goto bad_number;
            break;
        case 't':
            if (!lt_parse_unsigned(optarg, 1, 20000000, &threads_goal)) goto bad_number;
            break;
        case 's':
            if (!lt_parse_unsigned(optarg, 0, 4000000000ul, &seed)) goto bad_number;
            break;
        case 'v':
            if (!lt_parse_unsigned(optarg, 1000, 10000000, &vocab)) goto bad_number;
            break;
        case 'z': o.gzip = 1; break;
        case 'f':
            if (!strcmp(optarg, "text")) fmt = F_TEXT;
            else if (!strcmp(optarg, "postby")) fmt = F_POSTBY;
            else if (!strcmp(optarg, "posted")) fmt = F_POSTED;
            else if (!strcmp(optarg, "html")) fmt = F_HTML;
            else if (!strcmp(optarg, "jsonl")) fmt = F_JSONL;
            else if (!strcmp(optarg, "tsv")) fmt = F_TSV;
            else {
                fprintf(stderr, PROGRAM ": unknown --format '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!o.dir || (!posts_goal == !threads_goal)) {
        fprintf(stderr, PROGRAM ": give --out and one of --posts or --threads\n");
        usage(stderr);
        return 2;
    }
    if (make_dir(o.dir) != 0) {
        fprintf(stderr, PROGRAM ": %s: %s\n", o.dir, strerror(errno));
        return 1;
    }
    g = gen_new(seed, vocab);
    if (!g) {
        fprintf(stderr, PROGRAM ": out of memory\n");
        return 1;
    }
    lt_buf_init(&buf, 64u << 20);
    for (i = 0; threads_goal ? i < threads_goal : posts < posts_goal; i++) {
        lt_thread *t;
        char sub[32], name[64];
        int rc = 0;
        if (gen_thread(g, i, &t) != LT_OK) {
            fprintf(stderr, PROGRAM ": out of memory\n");
            status = 1;
            break;
        }
        posts += t->n_posts;
        snprintf(sub, sizeof sub, "%03llu", (unsigned long long)(i / FILES_PER_FOLDER));
        snprintf(name, sizeof name, "t%07llu", (unsigned long long)i);
        lt_buf_reset(&buf);
        switch (fmt) {
        case F_TEXT:
        case F_POSTBY:
        case F_POSTED:
            if (fmt == F_POSTBY || (fmt == F_TEXT && i % 2 == 0)) gen_write_postby(t, &buf);
            else gen_write_posted(t, &buf);
            rc = write_file(&o, sub, name, ".txt", &buf, 0);
            break;
        case F_HTML: {
            size_t page, pages = gen_html_pages(t);
            for (page = 0; page < pages && rc == 0; page++) {
                char paged[96];
                lt_buf_reset(&buf);
                gen_write_html_page(t, page, &buf);
                snprintf(paged, sizeof paged, "%s-p%zu", name, page + 1);
                rc = write_file(&o, sub, paged, ".html", &buf, 0);
            }
            break;
        }
        case F_TSV:
            gen_write_tsv(t, &buf);
            snprintf(sub, sizeof sub, "tsv");
            snprintf(name, sizeof name, "posts-%04llu",
                     (unsigned long long)(i / THREADS_PER_JSONL));
            rc = write_file(&o, sub, name, ".tsv", &buf, i % THREADS_PER_JSONL != 0);
            break;
        case F_JSONL:
            gen_write_jsonl(t, &buf);
            snprintf(sub, sizeof sub, "jsonl");
            snprintf(name, sizeof name, "threads-%04llu",
                     (unsigned long long)(i / THREADS_PER_JSONL));
            rc = write_file(&o, sub, name, ".jsonl", &buf, i % THREADS_PER_JSONL != 0);
            break;
        }
        lt_thread_free(t);
        if (rc != 0 || lt_buf_status(&buf) != LT_OK) {
            fprintf(stderr, PROGRAM ": writing to %s failed: %s\n", o.dir, strerror(errno));
            status = 1;
            break;
        }
    }
    printf(PROGRAM ": %llu threads, %llu posts, %llu files, %.1f MB in %s\n",
           (unsigned long long)i, (unsigned long long)posts, (unsigned long long)o.files,
           o.bytes / 1e6, o.dir);
    lt_buf_release(&buf);
    gen_free(g);
    return status;
bad_number:
    fprintf(stderr, PROGRAM ": bad number '%s'\n", optarg);
    return 2;
}
