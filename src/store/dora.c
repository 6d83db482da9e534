/* DORA rows in the database: deployments, the production commit graph, changes, pull requests, incidents. */
#include <stdlib.h>
#include <string.h>

#include "store/dora.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static void bind_deployment(sqlite3_stmt *st, const struct dora_deployment *d, int64_t now)
{
	db_bind_text(st, ":repo", d->repo);
	db_bind_int(st, ":id", d->id);
	db_bind_text(st, ":sha", d->sha);
	db_bind_text(st, ":ref", d->ref);
	db_bind_text(st, ":environment", d->environment);
	db_bind_int(st, ":production", d->production);
	db_bind_int(st, ":created_at", d->created_at);
	db_bind_int(st, ":updated_at", now);
}

int store_dora_deployment_put(struct db *db, const struct dora_deployment *d, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_deployment_put", err);

	if (!st)
		return -1;
	bind_deployment(st, d, now);
	db_bind_text(st, ":kind", d->kind);
	if (d->workflow_id)
		db_bind_int(st, ":workflow_id", d->workflow_id);
	else
		db_bind_null(st, ":workflow_id");
	db_bind_text(st, ":event", d->event);
	db_bind_text(st, ":conclusion", d->conclusion);
	db_bind_int(st, ":attempt", d->attempt > 0 ? d->attempt : 1);
	db_bind_int(st, ":success", d->success);
	db_bind_time(st, ":deployed_at", d->deployed_at);
	return db_exec(db, st, err);
}

int store_dora_deployment_new(struct db *db, const struct dora_deployment *d, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_deployment_new", err);

	if (!st)
		return -1;
	bind_deployment(st, d, now);
	return db_exec(db, st, err);
}

int store_dora_deployment_finish(struct db *db, const char *repo, int64_t id, const char *conclusion, int success,
				 int64_t deployed_at, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_deployment_finish", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":id", id);
	db_bind_text(st, ":conclusion", conclusion);
	db_bind_int(st, ":success", success);
	db_bind_time(st, ":deployed_at", deployed_at);
	db_bind_int(st, ":updated_at", now);
	return db_exec(db, st, err);
}

int store_dora_deployments_unfinished(struct db *db, const char *repo, int64_t since,
				      int (*fn)(void *data, int64_t id, int64_t created_at, struct strbuf *err),
				      void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_deployments_unfinished", err);
	int64_t *ids = NULL, *created = NULL;
	size_t n = 0, alloc = 0, alloc2 = 0;
	int rc, ret = -1;

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":since", since);
	/* Read them all first: FN makes requests and writes. */
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(ids, alloc, n + 1);
		XGROW(created, alloc2, n + 1);
		ids[n] = row_int(st, "id", 0);
		created[n++] = row_int(st, "created_at", 0);
	}
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		rc = fn(data, ids[i], created[i], err);
		if (rc) {
			ret = rc;
			goto out;
		}
	}
	ret = 0;
out:
	free(ids);
	free(created);
	return ret;
}

static int reset_pending(struct db *db, const char *repo, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_changes_pending_since", err);
	int64_t from;
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	rc = db_step(db, st, err);
	if (rc <= 0)
		return rc;
	from = row_time(st, "first_at");
	sqlite3_reset(st);
	if (from == TIME_NONE)
		return 0;
	if (!(st = db_stmt(db, "store/dora_changes_delete_from", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":from", from);
	if (db_exec(db, st, err) || !(st = db_stmt(db, "store/dora_changes_reset_from", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":from", from);
	return db_exec(db, st, err);
}

int store_dora_deployments_for_changes(struct db *db, const char *repo, struct dora_done_list *out, size_t *pending,
				       struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc;

	*pending = 0;
	if (reset_pending(db, repo, err) || !(st = db_stmt(db, "store/dora_deployments_of_repo", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	while ((rc = db_step(db, st, err)) > 0) {
		struct dora_done *d;

		XGROW(out->v, out->alloc, out->n + 1);
		d = &out->v[out->n++];
		d->kind = xstrdup(row_text(st, "kind"));
		d->id = row_int(st, "id", 0);
		d->sha = xstrdup(row_text(st, "sha"));
		d->deployed_at = row_int(st, "deployed_at", 0);
		d->pending = row_text(st, "changes") == NULL;
		*pending += (size_t)d->pending;
	}
	return rc < 0 ? -1 : 0;
}

void store_dora_done_list_release(struct dora_done_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].kind);
		free(l->v[i].sha);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int store_dora_changes_done(struct db *db, const char *repo, const struct dora_done *d, const char *how,
			    const char *base, int64_t n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_deployment_changes_done", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_text(st, ":kind", d->kind);
	db_bind_int(st, ":id", d->id);
	db_bind_text(st, ":changes", how);
	db_bind_text(st, ":base_sha", base);
	db_bind_int(st, ":n_changes", n);
	return db_exec(db, st, err);
}

int store_dora_change_put(struct db *db, const char *repo, const struct dora_done *d, const char *sha,
			  int64_t authored_at, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_change_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_text(st, ":kind", d->kind);
	db_bind_int(st, ":deployment", d->id);
	db_bind_text(st, ":sha", sha);
	db_bind_int(st, ":authored_at", authored_at);
	return db_exec(db, st, err);
}

int store_dora_commit_put(struct db *db, const char *repo, const struct dora_commit *c, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_commit_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_text(st, ":sha", c->sha);
	db_bind_time(st, ":authored_at", c->authored_at);
	db_bind_time(st, ":committed_at", c->committed_at);
	db_bind_text(st, ":parents", c->parents ? c->parents : "");
	return db_exec(db, st, err);
}

int store_dora_commit_stub(struct db *db, const char *repo, const char *sha, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_commit_stub", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_text(st, ":sha", sha);
	return db_exec(db, st, err);
}

int store_dora_commits_each(struct db *db, const char *repo,
			    void (*fn)(void *data, const char *sha, int64_t authored_at, const char *parents, int beyond),
			    void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_commits_of_repo", err);
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	while ((rc = db_step(db, st, err)) > 0)
		fn(data, row_text(st, "sha"), row_time(st, "authored_at"), row_text(st, "parents") ? row_text(st, "parents") : "",
		   (int)row_int(st, "beyond", 0));
	return rc < 0 ? -1 : 0;
}

int store_dora_pull_put(struct db *db, const char *repo, int64_t number, const char *merge_sha, int64_t created_at,
			int64_t merged_at, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_pull_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":number", number);
	db_bind_text(st, ":merge_commit_sha", merge_sha);
	db_bind_int(st, ":created_at", created_at);
	db_bind_int(st, ":merged_at", merged_at);
	return db_exec(db, st, err);
}

int store_dora_incident_put(struct db *db, const char *repo, int64_t number, int64_t opened_at, int64_t closed_at,
			    int64_t updated_at, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_incident_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":number", number);
	db_bind_int(st, ":opened_at", opened_at);
	db_bind_time(st, ":closed_at", closed_at);
	db_bind_int(st, ":updated_at", updated_at);
	return db_exec(db, st, err);
}

int store_dora_incident_delete(struct db *db, const char *repo, int64_t number, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_incident_delete", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":number", number);
	return db_exec(db, st, err);
}

int store_dora_repo_deploys(struct db *db, const char *repo, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/dora_repo_deploys", err);
	int rc, yes;

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	rc = db_step(db, st, err);
	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	yes = row_int(st, "present", 0) != 0;
	sqlite3_reset(st);
	return yes;
}

int store_dora_reset(struct db *db, struct strbuf *err)
{
	static const char *const steps[] = { "store/dora_reset_changes", "store/dora_reset_deployments", "store/dora_reset_stubs",
					     "store/dora_reset_cursors" };

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sqlite3_stmt *st = db_stmt(db, steps[i], err);

		if (!st || db_exec(db, st, err))
			return -1;
	}
	return 0;
}
