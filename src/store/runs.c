/* Collection runs (what was collected when) and incremental cursors per source. */
#include <stdlib.h>

#include "store/row.h"
#include "store/runs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int store_run_begin(struct db *db, const char *source, int64_t started_at, int64_t *id, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/run_begin", err);
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":source", source);
	db_bind_int(st, ":started_at", started_at);
	rc = db_step(db, st, err);
	if (rc < 0)
		return -1;
	*id = row_int(st, "id", 0);
	sqlite3_reset(st);
	return 0;
}

int store_run_end(struct db *db, int64_t id, int64_t finished_at, const char *status, const struct run_stats *s,
		  const char *message, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/run_end", err);

	if (!st)
		return -1;
	db_bind_int(st, ":id", id);
	db_bind_int(st, ":finished_at", finished_at);
	db_bind_text(st, ":status", status);
	db_bind_int(st, ":requests", s->requests);
	db_bind_int(st, ":not_modified", s->not_modified);
	db_bind_int(st, ":rows", s->rows);
	db_bind_int(st, ":warnings", s->warnings);
	db_bind_int(st, ":errors", s->errors);
	db_bind_text(st, ":message", message);
	return db_exec(db, st, err);
}

int store_state_get(struct db *db, const char *source, const char *key, char **value, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/state_get", err);
	int rc;

	*value = NULL;
	if (!st)
		return -1;
	db_bind_text(st, ":source", source);
	db_bind_text(st, ":key", key);
	rc = db_step(db, st, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		*value = xstrdup(row_text(st, "value"));
	sqlite3_reset(st);
	return 0;
}

int store_state_set(struct db *db, const char *source, const char *key, const char *value, int64_t now,
		    struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/state_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":source", source);
	db_bind_text(st, ":key", key);
	db_bind_text(st, ":value", value);
	db_bind_int(st, ":updated_at", now);
	return db_exec(db, st, err);
}

void store_interrupted_runs_free(struct interrupted_run *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].source);
	free(v);
}

int store_runs_mark_interrupted(struct db *db, struct interrupted_run **out, size_t *n, struct strbuf *err)
{
	struct interrupted_run *v = NULL;
	int64_t *ids = NULL;
	size_t count = 0, alloc = 0, ialloc = 0;
	sqlite3_stmt *st;
	int rc, ret = -1;

	*out = NULL;
	*n = 0;
	if (db_begin(db, err))
		return -1;
	st = db_stmt(db, "store/runs_running", err);
	if (!st)
		goto out;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(v, alloc, count + 1);
		XGROW(ids, ialloc, count + 1);
		ids[count] = row_int(st, "id", 0);
		v[count].source = xstrdup(row_text(st, "source") ? row_text(st, "source") : "");
		v[count].started_at = row_int(st, "started_at", 0);
		count++;
	}
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < count; i++) {
		st = db_stmt(db, "store/run_interrupted", err);
		if (!st)
			goto out;
		db_bind_int(st, ":id", ids[i]);
		db_bind_text(st, ":message",
			     "interrupted: the process was killed or crashed before this collection finished");
		if (db_exec(db, st, err))
			goto out;
	}
	if (db_commit(db, err))
		goto out;
	*out = v;
	*n = count;
	v = NULL;
	count = 0;
	ret = 0;
out:
	if (ret)
		db_rollback(db);
	store_interrupted_runs_free(v, count);
	free(ids);
	return ret;
}

/* Step the one-row query NAME: 1 with its row ready to read (reset it after), 0 when it has none, -1 on error. */
static int one_row(struct db *db, const char *name, sqlite3_stmt **st, struct strbuf *err)
{
	int rc;

	*st = db_stmt(db, name, err);
	if (!*st)
		return -1;
	rc = db_step(db, *st, err);
	if (rc <= 0)
		sqlite3_reset(*st);
	return rc < 0 ? -1 : rc > 0;
}

int store_oldest_time(struct db *db, const char *name, int64_t *t, struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc = one_row(db, name, &st, err);

	*t = TIME_NONE;
	if (rc > 0) {
		*t = row_time(st, "oldest");
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int store_source_runs(struct db *db, struct source_runs **out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/status_sources", err);
	struct source_runs *v = NULL;
	size_t alloc = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		struct source_runs *r;

		XGROW(v, alloc, count + 1);
		r = &v[count++];
		r->source = xstrdup(row_text(st, "source") ? row_text(st, "source") : "?");
		r->last_ok = row_time(st, "last_ok");
		r->last_failure = row_time(st, "last_failure");
		r->failure_message = dup_or_null(row_text(st, "last_failure_message"));
		r->started_at = row_time(st, "started_at");
		r->finished_at = row_time(st, "finished_at");
		r->status = dup_or_null(row_text(st, "status"));
		r->requests = row_int(st, "requests", 0);
		r->not_modified = row_int(st, "not_modified", 0);
		r->rows = row_int(st, "rows_written", 0);
		r->warnings = row_int(st, "warnings", 0);
		r->message = dup_or_null(row_text(st, "message"));
		r->failures_since_ok = row_int(st, "failures_since_ok", 0);
	}
	if (rc < 0) {
		store_source_runs_free(v, count);
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

void store_source_runs_free(struct source_runs *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].source);
		free(v[i].failure_message);
		free(v[i].status);
		free(v[i].message);
	}
	free(v);
}

int store_count_stored(struct db *db, const char *name, int64_t *n, struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc = one_row(db, name, &st, err);

	*n = 0;
	if (rc > 0) {
		*n = row_int(st, "stored", 0);
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}
