/* Computed metric values: write one, clear a period, read a period back. */
#ifndef IDPM_STORE_METRICS_H
#define IDPM_STORE_METRICS_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* One value to store; every pointer is borrowed for the call. */
struct metric_value {
	const char *metric;  /* stable name, e.g. "services_created" */
	const char *period;  /* "2026-Q3" */
	const char *scope;   /* "org", "team:NAME", "service:NAME", "template:REF" */
	double value;        /* NAN = no data (stored as NULL) */
	const char *unit;
	int64_t n;           /* observations behind the value */
	const char *band;    /* NULL or poor/average/good/target */
	const char *tier;    /* NULL or elite/high/medium/low */
	const char *flags;   /* JSON array text; NULL = "[]" */
	const char *detail;  /* JSON object text or NULL */
};

/* A stored value as read back; its strings live in the metric_rows it was read into. */
struct metric_row {
	char *metric, *period, *scope, *unit, *band, *tier, *flags, *detail;
	double value;        /* NAN when NULL */
	int64_t n;
	int64_t computed_at;
};

struct metric_rows {
	struct metric_row *v;
	size_t n, alloc;
	GStringChunk *strings;  /* every string of every row (names, units and bands interned once) */
};

/* Insert or replace a value. */
int store_metric_put(struct db *db, const struct metric_value *mv, int64_t computed_at, struct strbuf *err);
/* The same with ST, the statement store/metric_put already prepared (for many rows in a row). */
int store_metric_bind_put(struct db *db, sqlite3_stmt *st, const struct metric_value *mv, int64_t computed_at,
			  struct strbuf *err);
/* Delete every value of PERIOD (done inside the transaction that recomputes it). */
int store_metrics_delete_period(struct db *db, const char *period, struct strbuf *err);
/* What store_metrics_sync() did. */
struct metric_sync_stats {
	int64_t written, deleted, unchanged;
};

/*
 * Make the stored values of PERIOD the N values V (any order; of several
 * with one metric and scope the last one counts), writing only what
 * differs: changed and new values are written with COMPUTED_AT, values no
 * longer computed are deleted, equal ones are left as they are; the
 * period's computed_at (metric_periods) becomes COMPUTED_AT.  The caller
 * holds the transaction.
 */
int store_metrics_sync(struct db *db, const char *period, const struct metric_value *v, size_t n, int64_t computed_at,
		       struct metric_sync_stats *stats, struct strbuf *err);
/* Append the values of PERIOD (all scopes when SCOPE is NULL) to OUT, unordered. */
int store_metrics_load(struct db *db, const char *period, const char *scope, struct metric_rows *out,
		       struct strbuf *err);
/* The same for every scope except the per-service ones ("service:NAME"): a report's earlier quarters. */
int store_metrics_load_summary(struct db *db, const char *period, struct metric_rows *out, struct strbuf *err);
/* Append every period label that has values, oldest first, to OUT (owned strings). */
int store_metrics_periods(struct db *db, char ***out, size_t *n, struct strbuf *err);
/* Free the rows (not the struct). */
void metric_rows_release(struct metric_rows *rows);

#endif
