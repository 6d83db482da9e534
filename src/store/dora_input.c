/* What compute reads of the DORA tables, as ordered streams of rows: deployments, changes, pull requests, incidents. */
#include "store/dora_input.h"
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
	row->repo = db_col_text(in->st, 0);
	row->kind = db_col_text(in->st, 1);
	row->id = db_col_int(in->st, 2, 0);
	row->deployed_at = db_col_int(in->st, 3, 0);
	row->success = (int)db_col_int(in->st, 4, 0);
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
	row->repo = db_col_text(in->st, 0);
	row->kind = db_col_text(in->st, 1);
	row->deployment = db_col_int(in->st, 2, 0);
	row->sha = db_col_text(in->st, 3);
	row->authored_at = db_col_time(in->st, 4);
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
	row->repo = db_col_text(in->st, 0);
	row->merge_sha = db_col_text(in->st, 1);
	row->opened_at = db_col_time(in->st, 2);
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
	row->repo = db_col_text(in->st, 0);
	row->number = db_col_int(in->st, 1, 0);
	row->opened_at = db_col_int(in->st, 2, 0);
	row->closed_at = db_col_time(in->st, 3);
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
	row->full_name = db_col_text(in->st, 0);
	row->name = db_col_text(in->st, 1);
	row->archived = (int)db_col_int(in->st, 2, 0);
	row->gone = (int)db_col_int(in->st, 3, 0);
	return 1;
}
