/* The conditional-request cache: the last body and validators (ETag) per full URL. */
#include <stdlib.h>
#include <string.h>

#include "store/http_cache.h"
#include "store/row.h"
#include "util/xalloc.h"

void store_http_cache_entry_release(struct http_cache_entry *e)
{
	free(e->etag);
	free(e->last_modified);
	free(e->link_next);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

int store_http_cache_get(struct db *db, const char *url, struct http_cache_entry *out, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/http_cache_get", err);
	const void *blob;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	db_bind_text(st, ":url", url);
	rc = db_step(db, st, err);
	if (rc <= 0)
		return rc;
	out->etag = xstrdup(row_text(st, "etag"));
	out->last_modified = xstrdup(row_text(st, "last_modified"));
	out->link_next = xstrdup(row_text(st, "link_next"));
	blob = sqlite3_column_blob(st, row_col(st, "body"));
	out->len = (size_t)sqlite3_column_bytes(st, row_col(st, "body"));
	out->body = xmalloc(out->len + 1);
	if (out->len)
		memcpy(out->body, blob, out->len);
	out->body[out->len] = '\0';
	sqlite3_reset(st);
	return 1;
}

int store_http_cache_put(struct db *db, const char *url, const struct http_cache_entry *e, int64_t now,
			 struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/http_cache_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":url", url);
	db_bind_text(st, ":etag", e->etag);
	db_bind_text(st, ":last_modified", e->last_modified);
	db_bind_text(st, ":link_next", e->link_next);
	db_bind_blob(st, ":body", e->body ? e->body : "", e->body ? e->len : 0);
	db_bind_int(st, ":fetched_at", now);
	return db_exec(db, st, err);
}

int store_http_cache_touch(struct db *db, const char *url, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/http_cache_touch", err);

	if (!st)
		return -1;
	db_bind_text(st, ":url", url);
	db_bind_int(st, ":fetched_at", now);
	return db_exec(db, st, err);
}

int store_http_cache_prune(struct db *db, const char *prefix, int64_t before, int64_t *deleted, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/http_cache_prune", err);

	if (!st)
		return -1;
	db_bind_text(st, ":prefix", prefix);
	db_bind_int(st, ":before", before);
	if (db_exec(db, st, err))
		return -1;
	if (deleted)
		*deleted = sqlite3_changes64(db->h);
	return 0;
}
