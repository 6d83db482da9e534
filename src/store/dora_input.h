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
 * order (compare them with sqlite3_stricmp()).  A stream that is reopened for
 * another repository must start zeroed ({ 0 }).
 */
struct dora_in {
	struct db *db;
	sqlite3_stmt *st;         /* while rows are being read */
	sqlite3_stmt *prepared;   /* the query, kept to be run again (another repository) */
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

/*
 * One repository's rows, to derive its commits' first shipping (REPO matches
 * whatever its spelling): its production deployments ordered by kind and id
 * (the order of the changes' key), its changes ordered by kind, deployment
 * and commit, its merged pull requests ordered by merge commit and opening.
 * A stream reopened for another repository reuses its statement.
 */
int store_dora_in_repo_deployments(struct db *db, const char *repo, struct dora_in *in, struct strbuf *err);
int store_dora_in_deployment_next(struct dora_in *in, struct dora_in_deployment *row, struct strbuf *err);
int store_dora_in_repo_changes(struct db *db, const char *repo, struct dora_in *in, struct strbuf *err);
int store_dora_in_change_next(struct dora_in *in, struct dora_in_change *row, struct strbuf *err);
int store_dora_in_repo_pulls(struct db *db, const char *repo, struct dora_in *in, struct strbuf *err);
int store_dora_in_pull_next(struct dora_in *in, struct dora_in_pull *row, struct strbuf *err);

/* The repositories whose derived rows are out of date (dora_stale), ordered by name; REPO borrowed. */
int store_dora_in_stale(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_stale_next(struct dora_in *in, const char **repo, struct strbuf *err);

/* A repository with a production deployment, as derived (dora_ship_repos). */
struct dora_in_ship_repo {
	const char *repo;                  /* its first production deployment's spelling */
	int64_t first_any;                 /* that deployment's completion */
};

/* Every derived repository, ordered by name. */
int store_dora_in_ship_repos(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_ship_repo_next(struct dora_in *in, struct dora_in_ship_repo *row, struct strbuf *err);

/* REPO's production deployments (any outcome) completed in [FROM, UNTIL), by completion: AT and SUCCESS. */
int store_dora_in_window(struct db *db, const char *repo, int64_t from, int64_t until, struct dora_in *in,
			 struct strbuf *err);
int store_dora_in_window_next(struct dora_in *in, int64_t *at, int *success, struct strbuf *err);

/* The commits first shipped at one time, as derived (dora_shipped): N of them, read with dora_starts_get(). */
struct dora_in_shipped {
	int64_t shipped_at;
	const unsigned char *starts;       /* borrowed until the next call */
	size_t n;
};

/* REPO's commits first shipped in [FROM, UNTIL), by shipping. */
int store_dora_in_shipped(struct db *db, const char *repo, int64_t from, int64_t until, struct dora_in *in,
			  struct strbuf *err);
int store_dora_in_shipped_next(struct dora_in *in, struct dora_in_shipped *row, struct strbuf *err);

/* Incidents of SOURCE (dora.incidents: github, pagerduty, ...) ordered by repository, opening and number. */
int store_dora_in_incidents(struct db *db, const char *source, struct dora_in *in, struct strbuf *err);
int store_dora_in_incident_next(struct dora_in *in, struct dora_in_incident *row, struct strbuf *err);
/* Listed repositories ordered by name. */
int store_dora_in_repos(struct db *db, struct dora_in *in, struct strbuf *err);
int store_dora_in_repo_next(struct dora_in *in, struct dora_in_repo *row, struct strbuf *err);
/* Stop reading IN (safe on a stream that ended or never opened). */
void store_dora_in_close(struct dora_in *in);

#endif
