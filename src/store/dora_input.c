/* What compute reads of the DORA tables, as ordered streams of rows: deployments, changes, pull requests, incidents. */
#include "store/dora_input.h"
#include "store/dora_shipped.h"
#include "store/row.h"
#include "util/timeutil.h"

/* Open QUERY; its columns NAMES (N, at most 5) are looked up once, then read by index on every row. */
static int open_stream(struct db *db, const char *query, const char *const *names, int n, struct dora_in *in,
		       struct strbuf *err)
{
	in->db = db;
	in->st = in->prepared = db_stmt(db, query, err);
	for (int i = 0; in->st && i < n; i++)
		in->col[i] = row_col(in->st, names[i]);
	return in->st ? 0 : -1;
}

/* Open QUERY again for another repository (IN starts zeroed): the statement and its columns are kept. */
static int reopen_stream(struct db *db, const char *query, const char *const *names, int n, struct dora_in *in,
			 struct strbuf *err)
{
	if (!in->prepared)
		return open_stream(db, query, names, n, in, err);
	sqlite3_reset(in->prepared);
	sqlite3_clear_bindings(in->prepared);
	in->st = in->prepared;
	return 0;
}

static const char *const deployment_cols[] = { "repo", "kind", "id", "deployed_at", "success" };
static const char *const change_cols[] = { "kind", "deployment", "sha", "authored_at" };
static const char *const pull_cols[] = { "merge_commit_sha", "created_at" };
static const char *const stale_cols[] = { "repo" };
static const char *const ship_repo_cols[] = { "repo", "first_any" };
static const char *const window_cols[] = { "deployed_at", "success" };
static const char *const shipped_cols[] = { "shipped_at", "starts" };
static const char *const incident_cols[] = { "repo", "number", "opened_at", "closed_at" };
static const char *const repo_cols[] = { "full_name", "name", "archived", "gone" };

/* Step IN: 1 with a row, 0 at the end (the stream is closed), -1 with ERR. */
static int step(struct dora_in *in, struct strbuf *err)
{
	int rc;

	if (!in->st)
		return 0;
	rc = db_step(in->db, in->st, err);
	if (rc <= 0)
		in->st = NULL;
	return rc;
}

void store_dora_in_close(struct dora_in *in)
{
	if (in->st)
		sqlite3_reset(in->st);
	in->st = NULL;
}

int store_dora_in_repo_deployments(struct db *db, const char *repo, struct dora_in *in, struct strbuf *err)
{
	if (reopen_stream(db, "compute/dora_repo_deployments", deployment_cols, 5, in, err))
		return -1;
	db_bind_text(in->st, ":repo", repo);
	return 0;
}

int store_dora_in_deployment_next(struct dora_in *in, struct dora_in_deployment *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = db_col_text(in->st, in->col[0]);
	row->kind = db_col_text(in->st, in->col[1]);
	row->id = db_col_int(in->st, in->col[2], 0);
	row->deployed_at = db_col_int(in->st, in->col[3], 0);
	row->success = (int)db_col_int(in->st, in->col[4], 0);
	return 1;
}

int store_dora_in_repo_changes(struct db *db, const char *repo, struct dora_in *in, struct strbuf *err)
{
	if (reopen_stream(db, "compute/dora_repo_changes", change_cols, 4, in, err))
		return -1;
	db_bind_text(in->st, ":repo", repo);
	return 0;
}

int store_dora_in_change_next(struct dora_in *in, struct dora_in_change *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->kind = db_col_text(in->st, in->col[0]);
	row->deployment = db_col_int(in->st, in->col[1], 0);
	row->sha = db_col_text(in->st, in->col[2]);
	row->authored_at = db_col_time(in->st, in->col[3]);
	return 1;
}

int store_dora_in_repo_pulls(struct db *db, const char *repo, struct dora_in *in, struct strbuf *err)
{
	if (reopen_stream(db, "compute/dora_repo_pulls", pull_cols, 2, in, err))
		return -1;
	db_bind_text(in->st, ":repo", repo);
	return 0;
}

int store_dora_in_pull_next(struct dora_in *in, struct dora_in_pull *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->merge_sha = db_col_text(in->st, in->col[0]);
	row->opened_at = db_col_time(in->st, in->col[1]);
	return 1;
}

int store_dora_in_incidents(struct db *db, const char *source, struct dora_in *in, struct strbuf *err)
{
	if (open_stream(db, "compute/dora_in_incidents", incident_cols, 4, in, err))
		return -1;
	db_bind_text(in->st, ":source", source);
	return 0;
}

static const char *const gitops_cols[] = { "repo", "lost", "no_lead" };

int store_dora_in_gitops(struct db *db, int64_t start, int64_t end, struct dora_in *in, struct strbuf *err)
{
	if (open_stream(db, "compute/dora_gitops", gitops_cols, 3, in, err))
		return -1;
	db_bind_int(in->st, ":start", start);
	db_bind_int(in->st, ":end", end);
	return 0;
}

int store_dora_in_gitops_next(struct dora_in *in, struct dora_in_gitops *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = db_col_text(in->st, in->col[0]);
	row->lost = db_col_int(in->st, in->col[1], 0);
	row->no_lead = db_col_int(in->st, in->col[2], 0);
	return 1;
}

int store_dora_in_incident_next(struct dora_in *in, struct dora_in_incident *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = db_col_text(in->st, in->col[0]);
	row->number = db_col_int(in->st, in->col[1], 0);
	row->opened_at = db_col_int(in->st, in->col[2], 0);
	row->closed_at = db_col_time(in->st, in->col[3]);
	return 1;
}

int store_dora_in_repos(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_repos", repo_cols, 4, in, err);
}

int store_dora_in_repo_next(struct dora_in *in, struct dora_in_repo *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->full_name = db_col_text(in->st, in->col[0]);
	row->name = db_col_text(in->st, in->col[1]);
	row->archived = (int)db_col_int(in->st, in->col[2], 0);
	row->gone = (int)db_col_int(in->st, in->col[3], 0);
	return 1;
}

int store_dora_in_stale(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_stale", stale_cols, 1, in, err);
}

int store_dora_in_stale_next(struct dora_in *in, const char **repo, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc > 0)
		*repo = db_col_text(in->st, in->col[0]);
	return rc;
}

int store_dora_in_ship_repos(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_ship_repos", ship_repo_cols, 2, in, err);
}

int store_dora_in_ship_repo_next(struct dora_in *in, struct dora_in_ship_repo *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = db_col_text(in->st, in->col[0]);
	row->first_any = db_col_int(in->st, in->col[1], 0);
	return 1;
}

int store_dora_in_window(struct db *db, const char *repo, int64_t from, int64_t until, struct dora_in *in,
			 struct strbuf *err)
{
	if (reopen_stream(db, "compute/dora_in_window", window_cols, 2, in, err))
		return -1;
	db_bind_text(in->st, ":repo", repo);
	db_bind_int(in->st, ":from", from);
	db_bind_int(in->st, ":until", until);
	return 0;
}

int store_dora_in_window_next(struct dora_in *in, int64_t *at, int *success, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	*at = db_col_int(in->st, in->col[0], 0);
	*success = (int)db_col_int(in->st, in->col[1], 0);
	return 1;
}

int store_dora_in_shipped(struct db *db, const char *repo, int64_t from, int64_t until, struct dora_in *in,
			  struct strbuf *err)
{
	if (reopen_stream(db, "compute/dora_in_shipped", shipped_cols, 2, in, err))
		return -1;
	db_bind_text(in->st, ":repo", repo);
	db_bind_int(in->st, ":from", from);
	db_bind_int(in->st, ":until", until);
	return 0;
}

int store_dora_in_shipped_next(struct dora_in *in, struct dora_in_shipped *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->shipped_at = sqlite3_column_int64(in->st, in->col[0]); /* NOT NULL */
	row->starts = sqlite3_column_blob(in->st, in->col[1]);
	row->n = (size_t)sqlite3_column_bytes(in->st, in->col[1]) / DORA_STARTS_BYTES;
	return 1;
}
