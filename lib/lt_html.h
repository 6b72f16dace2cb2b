/* lt_html.h — HTML in, text out: parsing with libxml2's HTML parser and
 * turning a DOM subtree into the text a reader sees.
 *
 * The charset is decided here, not left to libxml2's guess: a declared
 * charset other than UTF-8 is converted by libxml2 (ISO-8859-1 and ASCII
 * read as windows-1252, as browsers do); an undeclared or UTF-8 page is
 * repaired as UTF-8, or read as windows-1252 when its bytes hold no UTF-8
 * at all. (Left alone, libxml2 reads an undeclared page as ISO-8859-1 and
 * mangles every curly quote of a UTF-8 page.)
 *
 * Text extraction: entities decoded, white space folded, block elements
 * and <br> become line or paragraph breaks (never words glued together),
 * scripts, styles and other non-text elements dropped.
 */
#ifndef LANTERN_LT_HTML_H
#define LANTERN_LT_HTML_H

#include <libxml/HTMLparser.h>
#include <stddef.h>

#include "lt_buf.h"

/* Parses data[0..len). The caller frees *out with xmlFreeDoc. A page with
 * no elements at all (junk named .html) fails with LT_EFORMAT. */
lt_status lt_html_parse(const char *name, const char *data, size_t len,
                        htmlDocPtr *out, lt_error *err);

/* 1 if the element's class attribute holds `cls` as a whole word. */
int lt_html_has_class(xmlNodePtr node, const char *cls);
/* 1 if the element is named `tag` (lower case). */
int lt_html_is(xmlNodePtr node, const char *tag);
/* The attribute's value into out (replacing it); 0 if absent. */
int lt_html_attr(xmlNodePtr node, const char *attr, lt_buf *out);

/* Text being written: folds white space and places breaks. */
typedef struct lt_html_text {
    lt_buf *out;
    int pending;      /* 0 none, 1 line break, 2 paragraph break */
    int space;        /* a space is owed before the next word */
} lt_html_text;

void lt_html_text_init(lt_html_text *w, lt_buf *out);
/* Asks for a break (1 line, 2 paragraph) before the next text. */
void lt_html_text_break(lt_html_text *w, int level);
void lt_html_text_add(lt_html_text *w, const char *s, size_t len);

typedef enum lt_html_visit {
    LT_HTML_DESCEND,  /* walk into the element as usual */
    LT_HTML_SKIP,     /* leave the element and its children out */
    LT_HTML_HANDLED   /* the visitor wrote what it wanted; do not descend */
} lt_html_visit;

/* Decides, per element, what the walk does with it. May be NULL. */
typedef lt_html_visit (*lt_html_visit_fn)(void *ctx, xmlNodePtr node,
                                          lt_html_text *w);

/* Writes the text of node's subtree (node included) to w. Elements that
 * are never text (script, style, noscript, template, svg, iframe, form
 * controls …) are always skipped. */
void lt_html_walk(xmlNodePtr node, lt_html_visit_fn visit, void *ctx,
                  lt_html_text *w);

/* The text of a subtree, cleaned, into out (replacing its contents). */
lt_status lt_html_text_of(xmlNodePtr node, lt_html_visit_fn visit, void *ctx,
                          lt_buf *out);

#endif
