/* lt_schema.h — how a post becomes a Xapian document: term prefixes,
 * value slots, and the rule for terms too long for Xapian.
 *
 * Prefixes follow Omega's conventions where one exists (S subject/title,
 * A author, G forum, D/M/Y date, Q unique id, Z stemmed); ours start with X.
 */
#ifndef LANTERN_LT_SCHEMA_H
#define LANTERN_LT_SCHEMA_H

#include <stddef.h>

#include "lt_buf.h"

/* Free-text fields, each with its own weight at query time. */
#define LT_PREFIX_BODY ""          /* the post's own words */
#define LT_PREFIX_TITLE "S"        /* the thread title (or FAQ heading) */
#define LT_PREFIX_QUOTED "XQ"      /* words the post quotes from others */

/* Boolean filter terms. */
#define LT_PREFIX_ID "Q"           /* SOURCE#N, one document each */
#define LT_PREFIX_THREAD "XTH"     /* SOURCE: all documents of a thread */
#define LT_PREFIX_AUTHOR "A"       /* author, lower case */
#define LT_PREFIX_ROLE "XROLE"     /* adviser | member */
#define LT_PREFIX_TYPE "XTYPE"     /* post | faq */
#define LT_PREFIX_FORUM "G"        /* forum (board) name, lower case */

/* Value slots. Slot 0 held the thread id for Xapian's collapse, which
 * ranking no longer uses (lt_rank.h: a post's thread is its id less "#N");
 * it is left unused. */
#define LT_SLOT_DATE 1             /* YYYYMMDDHHMM: sorts and ranges as text */
/* One byte (LT_KIND_*), then SOURCE#N: what ranking reads of each match,
 * in one lookup (each value read is a B-tree lookup of its own). */
#define LT_SLOT_KIND_ID 2

/* What a document is, in one byte, for ranking without loading records. */
#define LT_KIND_ADVISER 'a'        /* a post by an adviser */
#define LT_KIND_MEMBER 'm'         /* a post by anyone else */
#define LT_KIND_FAQ 'f'            /* a section of an FAQ or advice page */

/* Gap in term positions between posts' fields, so that a phrase never
 * matches across the end of one field and the start of the next. */
#define LT_FIELD_GAP 100

/* Metadata key holding the schema version, checked by readers. */
#define LT_SCHEMA_KEY "lantern.schema"
#define LT_SCHEMA_VERSION "5"

/* Xapian refuses terms over 245 bytes. A prefix + value longer than this
 * keeps its first bytes and a hash of the whole value. */
#define LT_MAX_TERM_BYTES 240

/* Writes prefix + value into `out` (replacing its contents), shortened
 * with a hash as above when too long. `lower` folds ASCII to lower case
 * (author and forum names match whatever case a user types). */
lt_status lt_schema_term(lt_buf *out, const char *prefix, const char *value,
                         size_t value_len, int lower);

/* "YYYYMMDDHHMM" from "YYYY-MM-DDTHH:MM"; returns 0 if `iso` is not one. */
int lt_schema_date_value(const char *iso, char out[13]);

#endif
