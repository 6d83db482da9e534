/* GitHub repositories, their workflows and the dated adoption snapshots in the database. */
#include <stdlib.h>
#include <string.h>

#include "store/github.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int store_github_repo_upsert(struct db *db, const struct github_repo *r, int64_t generation, int64_t now,
			     struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_repo_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":full_name", r->full_name);
	if (r->id)
		db_bind_int(st, ":id", r->id);
	else
		db_bind_null(st, ":id");
	db_bind_text(st, ":owner", r->owner);
	db_bind_text(st, ":name", r->name);
	db_bind_int(st, ":archived", r->archived);
	db_bind_int(st, ":disabled", r->disabled);
	db_bind_int(st, ":fork", r->fork);
	db_bind_int(st, ":is_template", r->is_template);
	db_bind_text(st, ":visibility", r->visibility);
	db_bind_text(st, ":default_branch", r->default_branch);
	db_bind_text(st, ":topics", r->topics ? r->topics : "[]");
	db_bind_time(st, ":created_at", r->created_at);
	db_bind_time(st, ":pushed_at", r->pushed_at);
	db_bind_int(st, ":list_generation", generation);
	db_bind_int(st, ":updated_at", now);
	return db_exec(db, st, err);
}

int store_github_repos_mark_unlisted(struct db *db, const char *owner, int64_t generation, int64_t now,
				     void (*fn)(void *data, const char *full_name), void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_repos_mark_unlisted", err);
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":owner", owner);
	db_bind_int(st, ":list_generation", generation);
	db_bind_int(st, ":updated_at", now);
	while ((rc = db_step(db, st, err)) > 0)
		if (fn)
			fn(data, row_text(st, "full_name"));
	return rc;
}

int store_github_repo_mark_gone(struct db *db, const char *full_name, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_repo_mark_gone", err);

	if (!st)
		return -1;
	db_bind_text(st, ":full_name", full_name);
	db_bind_int(st, ":updated_at", now);
	return db_exec(db, st, err);
}

void store_github_repo_states_release(struct github_repo_states *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].full_name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

int store_github_repos_current(struct db *db, const char *owner, struct github_repo_states *out, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_repos_current", err);
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":owner", owner);
	while ((rc = db_step(db, st, err)) > 0) {
		struct github_repo_state *r;

		XGROW(out->v, out->alloc, out->n + 1);
		r = &out->v[out->n++];
		r->full_name = xstrdup(row_text(st, "full_name"));
		r->archived = (int)row_int(st, "archived", 0);
		r->disabled = (int)row_int(st, "disabled", 0);
		r->fork = (int)row_int(st, "fork", 0);
		r->is_template = (int)row_int(st, "is_template", 0);
		r->pushed_at = row_time(st, "pushed_at");
		r->workflows_pushed_at = row_time(st, "workflows_pushed_at");
		r->workflows_read_at = row_time(st, "workflows_read_at");
		r->created_at = row_time(st, "created_at");
	}
	return rc;
}

int store_github_workflows_replace(struct db *db, const char *repo, const struct github_workflow *w, size_t n,
				   int64_t pushed_at, int64_t read_at, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_workflows_delete", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	if (db_exec(db, st, err))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!(st = db_stmt(db, "store/github_workflow_put", err)))
			return -1;
		db_bind_text(st, ":repo", repo);
		db_bind_int(st, ":id", w[i].id);
		db_bind_text(st, ":name", w[i].name);
		db_bind_text(st, ":path", w[i].path);
		db_bind_text(st, ":state", w[i].state);
		db_bind_text(st, ":uses", w[i].uses);
		db_bind_text(st, ":error", w[i].error);
		db_bind_int(st, ":read_at", read_at);
		if (db_exec(db, st, err))
			return -1;
	}
	return store_github_workflows_confirmed(db, repo, pushed_at, read_at, err);
}

int store_github_workflows_confirmed(struct db *db, const char *repo, int64_t pushed_at, int64_t read_at,
				     struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_repo_workflows_done", err);

	if (!st)
		return -1;
	db_bind_text(st, ":full_name", repo);
	db_bind_time(st, ":pushed_at", pushed_at);
	db_bind_int(st, ":read_at", read_at);
	return db_exec(db, st, err);
}

int store_github_workflows_each(struct db *db, const char *owner,
				int (*fn)(void *data, const char *repo, const struct github_workflow *w, struct strbuf *err),
				void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_workflows_of_owner", err);
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":owner", owner);
	while ((rc = db_step(db, st, err)) > 0) {
		struct github_workflow w;

		memset(&w, 0, sizeof(w));
		w.path = row_text(st, "path");
		w.state = row_text(st, "state");
		w.uses = row_text(st, "uses");
		w.error = row_text(st, "error");
		if (fn(data, row_text(st, "repo"), &w, err)) {
			sqlite3_reset(st);
			return -1;
		}
	}
	return rc;
}

int store_github_snapshot_clear(struct db *db, const char *day, const char *owner, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_snapshot_delete_day", err);

	if (!st)
		return -1;
	db_bind_text(st, ":day", day);
	db_bind_text(st, ":owner", owner);
	return db_exec(db, st, err);
}

int store_github_snapshot_put(struct db *db, const struct github_snapshot *s, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/github_snapshot_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":day", s->day);
	db_bind_int(st, ":taken_at", s->taken_at);
	db_bind_text(st, ":repo", s->repo);
	db_bind_int(st, ":active", s->active);
	db_bind_text(st, ":inactive_why", s->inactive_why);
	db_bind_int(st, ":checked", s->checked);
	db_bind_int(st, ":golden", s->golden);
	db_bind_text(st, ":golden_via", s->golden_via);
	db_bind_int(st, ":workflows", s->workflows);
	db_bind_time(st, ":pushed_at", s->pushed_at);
	db_bind_int(st, ":partial", s->partial);
	return db_exec(db, st, err);
}
