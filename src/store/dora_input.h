/* What compute reads of the DORA tables, as ordered streams of rows: deployments, changes, pull requests, incidents. */
#ifndef IDPM_STORE_DORA_INPUT_H
#define IDPM_STORE_DORA_INPUT_H

#include <stdint.h>

#include "store/db.h"

/*
 * One open stream of rows.  Open it with one of the store_dora_in_*()
 * functions, read it with the matching *_next() until it returns 0 (the end)
 * or -1 (ERR filled); strings of a row are borrowed until the next call.
 * Several streams can be open at once (compute merges them by repository);
 * store_dora_in_close() ends one early.  Repositories come in SQLite's NOCASE
 * order (compare them with sqlite3_stricmp()).
 */
struct dora_in {
	struct db *db;
	sqlite3_stmt *st;
	int col[5];               /* the columns' indexes, found by name when the stream opens */
};

/* A production deployment (any outcome) with a completion time. */
struct dora_in_deployment {
	const char *repo, *kind;
	int64_t id, deployed_at;
	int success;
};

/* A change: a commit listed under a deployment. */
struct dora_in_change {
	const char *repo, *kind, *sha;
	int64_t deployment, authored_at;   /* authored_at: TIME_NONE when unknown */
};

/* A merged pull request. */
struct dora_in_pull {
	const char *repo, *merge_sha;
	int64_t opened_at;                 /* TIME_NONE when unknown */
};

/* An incident. */
struct dora_in_incident {
	const char *repo;
	int64_t number, opened_at, closed_at; /* closed_at: TIME_NONE while open */
};

/* What the GitOps sources say about a service in a period: Argo CD syncs lost, deployments without a lead time. */
struct dora_in_gitops {
	const char *repo;
	int64_t lost, no_lead;
};

/* Per service, the GitOps figures of [START, END) (any order). */
int store_dora_in_gitops(struct db *db, int64_t start, int64_t end, struct dora_in *in, struct strbuf *err);
int store_dora_in_gitops_next(struct dora_in *in, struct dora_in_gitops *row, struct strbuf *err);

/* A listed repository. */
struct dora_in_repo {
	const char *full_name, *name;
	int archived, gone;
};

/* Production deployments ordered by repository, kind and id (the order of the changes' key). */
int store_dora_in_deployments(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_deployment_next(struct dora_in *in, struct dora_in_deployment *row, struct strbuf *err);
/* Every change, ordered by repository, kind, deployment and commit. */
int store_dora_in_changes(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_change_next(struct dora_in *in, struct dora_in_change *row, struct strbuf *err);
/* Merged pull requests ordered by repository, merge commit and opening. */
int store_dora_in_pulls(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_pull_next(struct dora_in *in, struct dora_in_pull *row, struct strbuf *err);
/* Incidents of SOURCE (dora.incidents: github, pagerduty, ...) ordered by repository, opening and number. */
int store_dora_in_incidents(struct db *db, const char *source, struct dora_in *in, struct strbuf *err);
int store_dora_in_incident_next(struct dora_in *in, struct dora_in_incident *row, struct strbuf *err);
/* Listed repositories ordered by name. */
int store_dora_in_repos(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_repo_next(struct dora_in *in, struct dora_in_repo *row, struct strbuf *err);
/* Stop reading IN (safe on a stream that ended or never opened). */
void store_dora_in_close(struct dora_in *in);

#endif
