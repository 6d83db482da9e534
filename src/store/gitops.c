/* GitOps DORA rows: Argo CD application lives, syncs and lost-sync gaps; PagerDuty incidents. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/gitops.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static void bind_id(sqlite3_stmt *st, const char *name, int64_t v)
{
	if (v < 0)
		db_bind_null(st, name);
	else
		db_bind_int(st, name, v);
}

int store_argocd_app_get(struct db *db, const char *uid, int *found, int64_t *last_id, char **repo,
			 struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_app_get", err);
	int rc;

	*found = 0;
	*last_id = -1;
	*repo = NULL;
	if (!st)
		return -1;
	db_bind_text(st, ":uid", uid);
	rc = db_step(db, st, err);
	if (rc > 0) {
		*found = 1;
		*last_id = db_col_int(st, 0, -1);
		*repo = db_col_text(st, 1) ? xstrdup(db_col_text(st, 1)) : NULL;
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

int store_argocd_app_put(struct db *db, const struct argocd_app_row *a, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_app_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":uid", a->uid);
	db_bind_text(st, ":name", a->name);
	db_bind_text(st, ":project", a->project);
	db_bind_int(st, ":production", a->production);
	db_bind_text(st, ":repo", a->repo);
	db_bind_text(st, ":mapped_from", a->mapped_from);
	db_bind_text(st, ":source_repos", a->source_repos);
	db_bind_int(st, ":config_repo", a->config_repo);
	bind_id(st, ":history_limit", a->history_limit);
	bind_id(st, ":last_id", a->last_id);
	db_bind_double(st, ":syncs_per_day", a->syncs_per_day);
	db_bind_int(st, ":now", now);
	return db_exec(db, st, err);
}

int store_argocd_apps_gone(struct db *db, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_apps_gone", err);

	if (!st)
		return -1;
	db_bind_int(st, ":now", now);
	return db_exec(db, st, err);
}

int store_argocd_prev_revision(struct db *db, const char *app, int64_t at, char **out, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_prev_revision", err);
	int rc;

	*out = NULL;
	if (!st)
		return -1;
	db_bind_text(st, ":app", app);
	db_bind_int(st, ":at", at);
	rc = db_step(db, st, err);
	if (rc > 0) {
		*out = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

int store_argocd_sync_time(struct db *db, const char *uid, int64_t id, int64_t *out, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_sync_time", err);
	int rc;

	*out = TIME_NONE;
	if (!st)
		return -1;
	db_bind_text(st, ":app_uid", uid);
	db_bind_int(st, ":history_id", id);
	rc = db_step(db, st, err);
	if (rc > 0) {
		*out = db_col_time(st, 0);
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

int store_argocd_sync_put(struct db *db, const struct argocd_sync_row *s, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_sync_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":app_uid", s->app_uid);
	db_bind_text(st, ":app", s->app);
	bind_id(st, ":history_id", s->history_id);
	db_bind_text(st, ":revision", s->revision);
	db_bind_text(st, ":commit_sha", s->commit_sha);
	db_bind_text(st, ":lead_source", s->lead_source);
	db_bind_text(st, ":phase", s->phase);
	db_bind_time(st, ":started_at", s->started_at);
	db_bind_int(st, ":deployed_at", s->deployed_at);
	db_bind_int(st, ":resync", s->resync);
	db_bind_int(st, ":now", now);
	return db_exec(db, st, err);
}

int store_argocd_gap_put(struct db *db, const char *uid, const char *app, int64_t after_id, int64_t before_id,
			 int64_t lost, int64_t from_at, int64_t to_at, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_gap_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":app_uid", uid);
	db_bind_text(st, ":app", app);
	bind_id(st, ":after_id", after_id);
	db_bind_int(st, ":before_id", before_id);
	db_bind_int(st, ":lost", lost);
	db_bind_time(st, ":from_at", from_at);
	db_bind_int(st, ":to_at", to_at);
	db_bind_int(st, ":now", now);
	return db_exec(db, st, err);
}

int store_argocd_derive(struct db *db, const char *uid, const char *repo, int64_t keep_after, int64_t now,
			struct strbuf *err)
{
	static const char *const steps[] = { "store/argocd_unmap_changes", "store/argocd_unmap" };

	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_stmt(db, steps[i], err);

		if (!st)
			return -1;
		db_bind_text(st, ":app_uid", uid);
		db_bind_text(st, ":repo", repo);
		if (db_exec(db, st, err))
			return -1;
	}
	if (repo) {
		sqlite3_stmt *st = db_stmt(db, "store/argocd_derive", err);

		if (!st)
			return -1;
		db_bind_text(st, ":app_uid", uid);
		db_bind_text(st, ":repo", repo);
		db_bind_time(st, ":keep_after", keep_after);
		db_bind_int(st, ":now", now);
		return db_exec(db, st, err);
	}
	return 0;
}

int store_argocd_apps_each(struct db *db, int (*fn)(void *data, const char *uid, const char *repo, int production,
						     struct strbuf *err),
			   void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/argocd_apps_all", err);
	char **uids = NULL, **repos = NULL;
	int *prod = NULL;
	size_t n = 0, a1 = 0, a2 = 0, a3 = 0;
	int rc, ret = -1;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(uids, a1, n + 1);
		XGROW(repos, a2, n + 1);
		XGROW(prod, a3, n + 1);
		uids[n] = xstrdup(db_col_text(st, 0));
		repos[n] = db_col_text(st, 1) ? xstrdup(db_col_text(st, 1)) : NULL;
		prod[n++] = (int)db_col_int(st, 2, 0);
	}
	if (rc < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; i < n && !ret; i++)
		ret = fn(data, uids[i], repos[i], prod[i], err);
out:
	for (size_t i = 0; i < n; i++) {
		free(uids[i]);
		free(repos[i]);
	}
	free(uids);
	free(repos);
	free(prod);
	return ret;
}

int store_argocd_repos_each(struct db *db, int pending, void (*fn)(void *data, const char *repo, const char *branch),
			    void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, pending ? "store/argocd_repos" : "store/argocd_deploying_repos", err);
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0)
		fn(data, db_col_text(st, 0), db_col_text(st, 1));
	return rc < 0 ? -1 : 0;
}

int store_pd_incident_put(struct db *db, const struct pd_incident_row *i, int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/pd_incident_put", err);

	if (!st)
		return -1;
	db_bind_text(st, ":id", i->id);
	db_bind_int(st, ":number", i->number);
	db_bind_text(st, ":service_id", i->service_id);
	db_bind_text(st, ":repo", i->repo);
	db_bind_text(st, ":status", i->status);
	db_bind_text(st, ":urgency", i->urgency);
	db_bind_int(st, ":created_at", i->created_at);
	db_bind_time(st, ":resolved_at", i->resolved_at);
	db_bind_int(st, ":merged", i->merged);
	db_bind_int(st, ":now", now);
	if (db_exec(db, st, err) || !(st = db_stmt(db, "store/pd_dora_delete", err)))
		return -1;
	db_bind_text(st, ":ref", i->id);
	if (db_exec(db, st, err))
		return -1;
	if (!i->counts)
		return 0;
	if (!(st = db_stmt(db, "store/pd_dora_put", err)))
		return -1;
	db_bind_text(st, ":repo", i->repo);
	db_bind_int(st, ":number", i->number);
	db_bind_int(st, ":opened_at", i->created_at);
	db_bind_time(st, ":closed_at", i->resolved_at);
	db_bind_int(st, ":now", now);
	db_bind_text(st, ":ref", i->id);
	return db_exec(db, st, err);
}

int store_pd_open(struct db *db, char ***out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/pd_open", err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(*out, alloc, *n + 1);
		(*out)[(*n)++] = xstrdup(db_col_text(st, 0));
	}
	return rc < 0 ? -1 : 0;
}

int store_catalog_annotations_each(struct db *db, int pagerduty,
				   void (*fn)(void *data, const char *a, const char *b, const char *repo), void *data,
				   struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, pagerduty ? "store/catalog_pagerduty" : "store/catalog_argocd", err);
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		if (pagerduty)
			fn(data, db_col_text(st, 1), NULL, db_col_text(st, 2));
		else
			fn(data, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	}
	return rc < 0 ? -1 : 0;
}

int store_gitops_demo_runs(struct db *db, const char *repo, struct gitops_demo_run **out, size_t *n,
			   struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/demo_runs", err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	while ((rc = db_step(db, st, err)) > 0) {
		struct gitops_demo_run *r;

		XGROW(*out, alloc, *n + 1);
		r = &(*out)[(*n)++];
		r->id = db_col_int(st, 0, 0);
		r->sha = xstrdup(db_col_text(st, 1));
		r->success = (int)db_col_int(st, 2, 0);
		r->created_at = db_col_int(st, 3, 0);
		r->deployed_at = db_col_int(st, 4, 0);
	}
	return rc < 0 ? -1 : 0;
}

int store_gitops_demo_move(struct db *db, const char *repo, int64_t run_id, const struct argocd_sync_row *s,
			   int64_t now, struct strbuf *err)
{
	sqlite3_stmt *st;
	int64_t seq;
	int rc;

	if (store_argocd_sync_put(db, s, now, err) || !(st = db_stmt(db, "store/demo_sync_seq", err)))
		return -1;
	db_bind_text(st, ":app_uid", s->app_uid);
	bind_id(st, ":history_id", s->history_id);
	db_bind_time(st, ":started_at", s->started_at);
	if ((rc = db_step(db, st, err)) <= 0) {
		if (!rc)
			strbuf_addf(err, "demo: the sync of '%s' was not recorded", s->app);
		return -1;
	}
	seq = db_col_int(st, 0, 0);
	sqlite3_reset(st);
	if (!(st = db_stmt(db, "store/demo_move_changes", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":id", run_id);
	db_bind_int(st, ":seq", seq);
	if (db_exec(db, st, err) || !(st = db_stmt(db, "store/demo_move_deployment", err)))
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_int(st, ":id", run_id);
	db_bind_int(st, ":seq", seq);
	db_bind_text(st, ":app", s->app);
	db_bind_text(st, ":app_uid", s->app_uid);
	bind_id(st, ":history_id", s->history_id);
	return db_exec(db, st, err);
}

int store_gitops_demo_annotate(struct db *db, const char *repo, const char *app, const char *service,
			       struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/demo_annotate", err);

	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_text(st, ":app", app);
	db_bind_text(st, ":service", service);
	return db_exec(db, st, err);
}

int store_gitops_demo_incidents(struct db *db,
				int (*fn)(void *data, const char *repo, int64_t number, int64_t opened, int64_t closed,
					  struct strbuf *err),
				void *data, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/demo_incidents", err);
	struct row {
		char *repo;
		int64_t number, opened, closed;
	} *v = NULL;
	size_t n = 0, alloc = 0;
	int rc, ret = -1;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(v, alloc, n + 1);
		v[n].repo = xstrdup(db_col_text(st, 0));
		v[n].number = db_col_int(st, 1, 0);
		v[n].opened = db_col_int(st, 2, 0);
		v[n++].closed = db_col_time(st, 3);
	}
	if (rc < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; i < n && !ret; i++)
		ret = fn(data, v[i].repo, v[i].number, v[i].opened, v[i].closed, err);
out:
	for (size_t i = 0; i < n; i++)
		free(v[i].repo);
	free(v);
	return ret;
}
