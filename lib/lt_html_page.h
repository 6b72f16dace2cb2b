/* lt_html_page.h — FAQ and advice pages: the main content only, split
 * into sections at its <h2> headings.
 *
 * The content is the page's <main> (or role=main, <article>, a #content
 * element …, falling back to <body>), without the furniture sites put
 * around and inside it: navigation, headers, footers, asides, forms,
 * cookie notices, "exit this site" and "cover your tracks" links,
 * breadcrumbs, phone banners, share buttons — recognised by element,
 * ARIA role, hidden state, and the words of class and id names.
 *
 * Section 0 is the text before the first <h2>; each section is one
 * document SOURCE#S of type "faq", titled "Page title — Heading".
 */
#ifndef LANTERN_LT_HTML_PAGE_H
#define LANTERN_LT_HTML_PAGE_H

#include <libxml/HTMLparser.h>

#include "lt_config.h"
#include "lt_thread.h"

/* Reads the page into a new thread of type LT_TYPE_FAQ with id `source`.
 * A page with no text in its content, or content that is not text (junk
 * bytes named .html), fails with LT_EFORMAT; a section over the size limit
 * is cut, with a warning. */
lt_status lt_html_read_page(htmlDocPtr doc, const char *source, const lt_config *config,
                            const lt_warn *warn, lt_thread **out, lt_error *err);

#endif
