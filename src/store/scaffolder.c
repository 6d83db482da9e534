/* Scaffolder tasks in the database. */
#include "store/scaffolder.h"

int store_task_upsert(struct db *db, const struct scaffolder_task *t, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/task_upsert", err);

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
