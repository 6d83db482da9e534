/* What compute reads of the DORA tables, as ordered streams of rows: deployments, changes, pull requests, incidents. */
#include "store/dora_input.h"
#include "store/row.h"
#include "util/timeutil.h"

static int open_stream(struct db *db, const char *query, struct dora_in *in, struct strbuf *err)
{
	in->db = db;
	in->st = db_stmt(db, query, err);
	return in->st ? 0 : -1;
}

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

int store_dora_in_deployments(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_deployments", in, err);
}

int store_dora_in_deployment_next(struct dora_in *in, struct dora_in_deployment *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = row_text(in->st, "repo");
	row->kind = row_text(in->st, "kind");
	row->id = row_int(in->st, "id", 0);
	row->deployed_at = row_int(in->st, "deployed_at", 0);
	row->success = (int)row_int(in->st, "success", 0);
	return 1;
}

int store_dora_in_changes(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_changes", in, err);
}

int store_dora_in_change_next(struct dora_in *in, struct dora_in_change *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = row_text(in->st, "repo");
	row->kind = row_text(in->st, "kind");
	row->deployment = row_int(in->st, "deployment", 0);
	row->sha = row_text(in->st, "sha");
	row->authored_at = row_time(in->st, "authored_at");
	return 1;
}

int store_dora_in_pulls(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_pulls", in, err);
}

int store_dora_in_pull_next(struct dora_in *in, struct dora_in_pull *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = row_text(in->st, "repo");
	row->merge_sha = row_text(in->st, "merge_commit_sha");
	row->opened_at = row_time(in->st, "created_at");
	return 1;
}

int store_dora_in_incidents(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_incidents", in, err);
}

int store_dora_in_incident_next(struct dora_in *in, struct dora_in_incident *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->repo = row_text(in->st, "repo");
	row->number = row_int(in->st, "number", 0);
	row->opened_at = row_int(in->st, "opened_at", 0);
	row->closed_at = row_time(in->st, "closed_at");
	return 1;
}

int store_dora_in_repos(struct db *db, struct dora_in *in, struct strbuf *err)
{
	return open_stream(db, "compute/dora_in_repos", in, err);
}

int store_dora_in_repo_next(struct dora_in *in, struct dora_in_repo *row, struct strbuf *err)
{
	int rc = step(in, err);

	if (rc <= 0)
		return rc;
	row->full_name = row_text(in->st, "full_name");
	row->name = row_text(in->st, "name");
	row->archived = (int)row_int(in->st, "archived", 0);
	row->gone = (int)row_int(in->st, "gone", 0);
	return 1;
}
