/*
 * Data lifecycle: drop rows older than the retention boundary with the queries/prune/ statements, then VACUUM.
 *
 * Adding a raw table: add queries/prune/<table>.sql, a DELETE of the rows
 * older than :before (Unix seconds; or older than :before_quarter /
 * :before_month for tables keyed by period labels), and list it in
 * QUERY_FILES.  Nothing here changes: every "prune/" query runs, in name order.
 */
#include <stdlib.h>
#include <string.h>

#include "store/prune.h"
#include "store/row.h"
#include "store/runs.h"
#include "util/embedded.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void prune_result_release(struct prune_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].query);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Bind the boundary parameters ST uses; returns how many it uses. */
static int bind_bounds(sqlite3_stmt *st, const struct prune_bounds *b)
{
	int used = 0;

	if (sqlite3_bind_parameter_index(st, ":before")) {
		db_bind_int(st, ":before", b->before);
		used++;
	}
	if (sqlite3_bind_parameter_index(st, ":before_quarter")) {
		db_bind_text(st, ":before_quarter", b->before_quarter);
		used++;
	}
	if (sqlite3_bind_parameter_index(st, ":before_month")) {
		db_bind_text(st, ":before_month", b->before_month);
		used++;
	}
	return used;
}

int store_prune(struct db *db, const struct prune_bounds *b, int dry_run, int64_t now, struct prune_result *out,
		struct strbuf *err)
{
	const char **names = NULL;
	size_t n = 0, alloc = 0;
	char when[32];
	int ret = -1;

	memset(out, 0, sizeof(*out));
	for (const struct embedded_file *f = embedded_queries; f->name; f++)
		if (!strncmp(f->name, "prune/", 6)) {
			XGROW(names, alloc, n + 1);
			names[n++] = f->name;
		}
	qsort(names, n, sizeof(*names), by_name);
	if (db_begin(db, err))
		goto out;
	out->v = xcalloc(n ? n : 1, sizeof(*out->v));
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = db_stmt(db, names[i], err);

		if (!st)
			goto out;
		if (!bind_bounds(st, b)) {
			strbuf_addf(err, "prune query '%s' uses none of :before, :before_quarter, :before_month", names[i]);
			goto out;
		}
		if (db_exec(db, st, err)) {
			strbuf_addf(err, " (query '%s')", names[i]);
			goto out;
		}
		out->v[out->n].query = xstrdup(names[i]);
		out->v[out->n].rows = sqlite3_changes64(db->h);
		out->total += out->v[out->n].rows;
		out->n++;
	}
	time_format_iso(b->before, when, sizeof(when));
	if (store_state_set(db, "prune", "before", when, now, err))
		goto out;
	if (dry_run)
		db_rollback(db);
	else if (db_commit(db, err))
		goto out;
	ret = 0;
out:
	if (ret) {
		db_rollback(db);
		prune_result_release(out);
	}
	free(names);
	return ret;
}

int store_vacuum(struct db *db, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "ops/vacuum", err);

	if (!st || db_exec(db, st, err))
		return -1;
	st = db_stmt(db, "ops/wal_checkpoint", err);
	if (!st || db_step(db, st, err) < 0)
		return -1;
	sqlite3_reset(st);
	return 0;
}

int store_db_size(struct db *db, int64_t *bytes, int64_t *free_bytes, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "ops/db_size", err);
	int rc;

	*bytes = *free_bytes = 0;
	if (!st || (rc = db_step(db, st, err)) < 0)
		return -1;
	if (rc > 0) {
		*bytes = row_int(st, "size", 0);
		*free_bytes = row_int(st, "free_bytes", 0);
		sqlite3_reset(st);
	}
	return 0;
}

int store_integrity_check(struct db *db, int *ok, struct strbuf *problems, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "ops/integrity_check", err);
	int rc;

	*ok = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		const char *line = row_text(st, "integrity_check");

		if (line && !strcmp(line, "ok")) {
			*ok = 1;
			continue;
		}
		strbuf_addf(problems, "%s%s", problems->len ? "\n" : "", line ? line : "?");
	}
	if (rc < 0)
		return -1;
	if (problems->len)
		*ok = 0;
	return 0;
}
