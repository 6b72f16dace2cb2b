/* lt_format.c — sniffing input formats. */
#include "lt_format.h"

#include <string.h>
#include <strings.h>

/* 1 if path ends in ext (any case), before an optional ".gz". */
static int has_ext(const char *path, const char *ext) {
    size_t len = strlen(path), n = strlen(ext);
    if (len > 3 && !strcasecmp(path + len - 3, ".gz")) len -= 3;
    return len > n && !strncasecmp(path + len - n, ext, n);
}

static int starts_nocase(const char *s, size_t len, const char *prefix) {
    size_t n = strlen(prefix);
    return len >= n && !strncasecmp(s, prefix, n);
}

lt_format lt_format_detect(const char *path, const char *head, size_t head_len) {
    size_t i = 0;
    if (memchr(head, '\0', head_len)) return LT_FORMAT_BINARY;
    if (head_len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < head_len && (head[i] == ' ' || head[i] == '\t' ||
                            head[i] == '\r' || head[i] == '\n'))
        i++;
    if (i < head_len && head[i] == '{') return LT_FORMAT_JSONL;
    if (i < head_len && head[i] == '<' &&
        (starts_nocase(head + i, head_len - i, "<!doctype html") ||
         starts_nocase(head + i, head_len - i, "<html") ||
         starts_nocase(head + i, head_len - i, "<!--") ||
         starts_nocase(head + i, head_len - i, "<head") ||
         starts_nocase(head + i, head_len - i, "<?xml")))
        return LT_FORMAT_HTML;
    if (has_ext(path, ".jsonl") || has_ext(path, ".ndjson") || has_ext(path, ".json"))
        return LT_FORMAT_JSONL;
    if (has_ext(path, ".html") || has_ext(path, ".htm") || has_ext(path, ".xhtml"))
        return LT_FORMAT_HTML;
    return LT_FORMAT_TEXT;
}

const char *lt_format_name(lt_format f) {
    switch (f) {
    case LT_FORMAT_TEXT: return "text";
    case LT_FORMAT_JSONL: return "jsonl";
    case LT_FORMAT_HTML: return "html";
    case LT_FORMAT_BINARY: return "binary";
    }
    return "unknown";
}
