/* Computed metric values: write one, clear a period, read a period back. */
#include <stdlib.h>
#include <string.h>

#include "store/metrics.h"
#include "store/row.h"
#include "util/xalloc.h"

int store_metric_put(struct db *db, const struct metric_value *mv, int64_t computed_at, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/metric_put", err);

	return st ? store_metric_bind_put(db, st, mv, computed_at, err) : -1;
}

int store_metric_bind_put(struct db *db, sqlite3_stmt *st, const struct metric_value *mv, int64_t computed_at,
			  struct strbuf *err)
{
	db_bind_text(st, ":metric", mv->metric);
	db_bind_text(st, ":period", mv->period);
	db_bind_text(st, ":scope", mv->scope);
	db_bind_double(st, ":value", mv->value);
	db_bind_text(st, ":unit", mv->unit);
	db_bind_int(st, ":n", mv->n);
	db_bind_text(st, ":band", mv->band);
	db_bind_text(st, ":tier", mv->tier);
	db_bind_text(st, ":flags", mv->flags ? mv->flags : "[]");
	db_bind_text(st, ":detail", mv->detail);
	db_bind_int(st, ":computed_at", computed_at);
	return db_exec(db, st, err);
}

int store_metrics_delete_period(struct db *db, const char *period, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/metrics_delete_period", err);

	if (!st)
		return -1;
	db_bind_text(st, ":period", period);
	return db_exec(db, st, err);
}

/* S kept in CHUNK; INTERN: one copy of equal strings (names, units, bands). */
static char *keep_text(GStringChunk *chunk, const char *s, int intern)
{
	if (!s)
		return NULL;
	return intern ? g_string_chunk_insert_const(chunk, s) : g_string_chunk_insert(chunk, s);
}

/* Append the rows ST returns to OUT. */
static int load_rows(struct db *db, sqlite3_stmt *st, struct metric_rows *out, struct strbuf *err)
{
	int rc;

	if (!out->strings)
		out->strings = g_string_chunk_new(64 * 1024);
	while ((rc = db_step(db, st, err)) > 0) {
		struct metric_row *r;

		XGROW(out->v, out->alloc, out->n + 1);
		r = &out->v[out->n++];
		r->metric = keep_text(out->strings, row_text(st, "metric"), 1);
		r->period = keep_text(out->strings, row_text(st, "period"), 1);
		r->scope = keep_text(out->strings, row_text(st, "scope"), 0);
		r->value = row_double(st, "value");
		r->unit = keep_text(out->strings, row_text(st, "unit"), 1);
		r->n = row_int(st, "n", 0);
		r->band = keep_text(out->strings, row_text(st, "band"), 1);
		r->tier = keep_text(out->strings, row_text(st, "tier"), 1);
		r->flags = keep_text(out->strings, row_text(st, "flags"), 1);
		r->detail = keep_text(out->strings, row_text(st, "detail"), 0);
		r->computed_at = row_int(st, "computed_at", 0);
	}
	return rc < 0 ? -1 : 0;
}

int store_metrics_load(struct db *db, const char *period, const char *scope, struct metric_rows *out,
		       struct strbuf *err)
{
	/* every scope: the period's range of the key per metric, not a lookup per row of the index */
	sqlite3_stmt *st = db_stmt(db, scope ? "store/metrics_list" : "store/metrics_list_period", err);

	if (!st)
		return -1;
	db_bind_text(st, ":period", period);
	if (scope)
		db_bind_text(st, ":scope", scope);
	return load_rows(db, st, out, err);
}

int store_metrics_load_summary(struct db *db, const char *period, struct metric_rows *out, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/metrics_list_summary", err);

	if (!st)
		return -1;
	db_bind_text(st, ":period", period);
	return load_rows(db, st, out, err);
}

int store_metrics_periods(struct db *db, char ***out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/metrics_periods", err);
	size_t alloc = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(*out, alloc, *n + 1);
		(*out)[(*n)++] = xstrdup(row_text(st, "period"));
	}
	return rc < 0 ? -1 : 0;
}

void metric_rows_release(struct metric_rows *rows)
{
	if (rows->strings)
		g_string_chunk_free(rows->strings);
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}
