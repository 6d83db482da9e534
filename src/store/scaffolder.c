/* Scaffolder tasks in the database. */
#include <stdlib.h>
#include <string.h>

#include "store/row.h"
#include "store/scaffolder.h"
#include "util/xalloc.h"

int store_task_upsert(struct db *db, const struct scaffolder_task *t, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/task_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":id", t->id);
	db_bind_text(st, ":template_ref", t->template_ref);
	db_bind_text(st, ":created_by", t->created_by);
	db_bind_text(st, ":status", t->status);
	db_bind_int(st, ":created_at", t->created_at);
	db_bind_time(st, ":completed_at", t->completed_at);
	db_bind_int(st, ":completed_approx", t->completed_approx);
	db_bind_time(st, ":last_heartbeat_at", t->last_heartbeat_at);
	db_bind_int(st, ":cancelled", t->cancelled);
	db_bind_text(st, ":repo_host", t->repo_host);
	db_bind_text(st, ":repo_owner", t->repo_owner);
	db_bind_text(st, ":repo_name", t->repo_name);
	db_bind_time(st, ":events_fetched_at", t->events_fetched_at);
	db_bind_text(st, ":raw", t->raw);
	db_bind_int(st, ":updated_at", now);
	return db_exec(db, st, err);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int store_task_get(struct db *db, const char *id, const char *raw, struct scaffolder_task_row *row,
		   struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/task_get", err);
	int rc;

	memset(row, 0, sizeof(*row));
	if (!st)
		return -1;
	db_bind_text(st, ":id", id);
	db_bind_text(st, ":raw", raw);
	rc = db_step(db, st, err);
	if (rc > 0) {
		row->status = dup_or_null(row_text(st, "status"));
		row->last_heartbeat_at = row_time(st, "last_heartbeat_at");
		row->events_fetched_at = row_time(st, "events_fetched_at");
		row->completed_at = row_time(st, "completed_at");
		row->completed_approx = (int)row_int(st, "completed_approx", 0);
		row->cancelled = (int)row_int(st, "cancelled", 0);
		row->repo_host = dup_or_null(row_text(st, "repo_host"));
		row->repo_owner = dup_or_null(row_text(st, "repo_owner"));
		row->repo_name = dup_or_null(row_text(st, "repo_name"));
		row->same_raw = (int)row_int(st, "same_raw", 0);
	}
	sqlite3_reset(st); /* end the read at once: the collector writes next */
	return rc;
}

void store_task_row_release(struct scaffolder_task_row *row)
{
	free(row->status);
	free(row->repo_host);
	free(row->repo_owner);
	free(row->repo_name);
	memset(row, 0, sizeof(*row));
}
