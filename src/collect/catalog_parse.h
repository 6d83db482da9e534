/* Pure parsing of Backstage catalog entities (JSON): kinds, owners, repositories, tags, memberships, listing pages. */
#ifndef IDPM_CATALOG_PARSE_H
#define IDPM_CATALOG_PARSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "model/catalog.h"
#include "util/strbuf.h"

/*
 * Read one element of an entities listing.  Returns 0 with OUT filled
 * (release it with catalog_entity_release()); 1 when ITEM is of a kind the
 * KPIs do not use (OUT zeroed); -1 when ITEM is not an entity (no kind, no
 * metadata.name), with the reason in WHY.  Values that are present but
 * unusable (a project slug that is not owner/name, an owner that is no ref)
 * are ignored with a note appended to WARN ("; "-separated).
 */
int catalog_parse_entity(const json_t *item, struct catalog_entity *out, struct strbuf *why, struct strbuf *warn);

/* One page of GET /api/catalog/entities/by-query, checked whole; everything owned. */
struct catalog_page {
	struct catalog_entity *v;    /* entities of the kinds the KPIs use, in page order */
	size_t n;
	char **warnings;             /* per entity with unusable values: what was ignored, for the log */
	size_t nwarnings;
	size_t listed;               /* items on the page */
	size_t other_kinds;          /* of which of other kinds (ignored) */
	int64_t total;               /* totalItems, or -1 when absent */
	char *next;                  /* pageInfo.nextCursor; NULL (or empty: none) on the last page */
};

/*
 * Read a listing page DOC from URL: {"items":[...],"totalItems":N,"pageInfo":
 * {"nextCursor":"..."}}.  Returns 0 with OUT filled (release it with
 * catalog_page_release()), or -1 with "URL: ..." in ERR (OUT released) when
 * the page is not of that shape or an item is not an entity.  No I/O.
 */
int catalog_parse_page(const json_t *doc, const char *url, struct catalog_page *out, struct strbuf *err);
void catalog_page_release(struct catalog_page *p);

#endif
