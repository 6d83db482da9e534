/* The conditional-request cache: the last body and validators (ETag) per full URL. */
#ifndef IDPM_STORE_HTTP_CACHE_H
#define IDPM_STORE_HTTP_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* A cached answer; every member is owned (release with store_http_cache_entry_release). */
struct http_cache_entry {
	char *etag;            /* sent back verbatim as If-None-Match; NULL when none */
	char *last_modified;
	char *link_next;       /* rel="next" of the cached page, NULL on the last page */
	char *body;            /* NUL-terminated */
	size_t len;
};

/* Look URL up.  Returns 1 with OUT filled, 0 when there is no entry, -1 with ERR. */
int store_http_cache_get(struct db *db, const char *url, struct http_cache_entry *out, struct strbuf *err);
void store_http_cache_entry_release(struct http_cache_entry *e);

/* Store the answer to URL (ENTRY's members are borrowed) as fetched at NOW. */
int store_http_cache_put(struct db *db, const char *url, const struct http_cache_entry *entry, int64_t now,
			 struct strbuf *err);

/* A 304 confirmed URL's entry at NOW. */
int store_http_cache_touch(struct db *db, const char *url, int64_t now, struct strbuf *err);

/* Delete entries under PREFIX last confirmed before BEFORE; *DELETED (may be NULL) gets the count. */
int store_http_cache_prune(struct db *db, const char *prefix, int64_t before, int64_t *deleted, struct strbuf *err);

#endif
