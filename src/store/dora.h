/* DORA rows in the database: deployments, the production commit graph, changes, pull requests, incidents. */
#ifndef IDPM_STORE_DORA_H
#define IDPM_STORE_DORA_H

#include <stdint.h>

#include "store/db.h"

/* The source_state source of every DORA watermark. */
#define DORA_STATE_SOURCE "github-dora"

/* A deployment attempt; strings borrowed for the call; times Unix seconds or TIME_NONE. */
struct dora_deployment {
	const char *repo;           /* owner/name */
	const char *kind;           /* "run" or "deployment" */
	int64_t id;
	int64_t workflow_id;        /* 0: none */
	const char *sha, *ref, *environment, *event, *conclusion;
	int attempt, production, success;
	int64_t created_at, deployed_at;
};

/* A commit of the production history; strings borrowed. */
struct dora_commit {
	const char *sha;            /* lower-case hex */
	int64_t authored_at, committed_at;
	const char *parents;        /* parent shas separated by spaces, "" for a root */
};

/*
 * Insert or refresh a workflow run (kind "run") with the re-run rules of
 * queries/store/dora_deployment_put.sql.  The caller holds the transaction.
 */
int store_dora_deployment_put(struct db *db, const struct dora_deployment *d, int64_t now, struct strbuf *err);
/* Remember a listed GitHub Deployment (kept as it is when already stored). */
int store_dora_deployment_new(struct db *db, const struct dora_deployment *d, int64_t now, struct strbuf *err);
/* Record a GitHub Deployment's final outcome. */
int store_dora_deployment_finish(struct db *db, const char *repo, int64_t id, const char *conclusion, int success,
				 int64_t deployed_at, int64_t now, struct strbuf *err);
/*
 * Call FN(DATA, id, created_at) for REPO's GitHub Deployments without a final status created since
 * SINCE (read first, so FN may write).  FN returns 0 to go on; anything else stops and is returned.
 * -1 with ERR on a database error.
 */
int store_dora_deployments_unfinished(struct db *db, const char *repo, int64_t since,
				      int (*fn)(void *data, int64_t id, int64_t created_at, struct strbuf *err),
				      void *data, struct strbuf *err);

/* One successful production deployment as the change work-out sees it; strings owned by the list. */
struct dora_done {
	char *kind;
	int64_t id;
	char *sha;
	int64_t deployed_at;
	int pending;                /* its changes are still to be worked out */
};
struct dora_done_list {
	struct dora_done *v;
	size_t n, alloc;
};
/*
 * REPO's successful production deployments in order, after marking every one
 * from the earliest pending deployment on as pending again (a late arrival
 * moves the bases of those after it).  *PENDING gets how many are pending.
 */
int store_dora_deployments_for_changes(struct db *db, const char *repo, struct dora_done_list *out, size_t *pending,
				       struct strbuf *err);
void store_dora_done_list_release(struct dora_done_list *l);

/* Record how D's changes were worked out (HOW: graph, compare, seed, redeploy, rewritten), BASE may be NULL. */
int store_dora_changes_done(struct db *db, const char *repo, const struct dora_done *d, const char *how,
			    const char *base, int64_t n, struct strbuf *err);
/* One change of deployment D. */
int store_dora_change_put(struct db *db, const char *repo, const struct dora_done *d, const char *sha,
			  int64_t authored_at, struct strbuf *err);

/* Store commit C of REPO; a stub of the same sha becomes a real commit. */
int store_dora_commit_put(struct db *db, const char *repo, const struct dora_commit *c, struct strbuf *err);
/* A parent older than the collection horizon. */
int store_dora_commit_stub(struct db *db, const char *repo, const char *sha, struct strbuf *err);
/* Call FN for every stored commit of REPO (PARENTS "" for a stub; strings valid during the call). */
int store_dora_commits_each(struct db *db, const char *repo,
			    void (*fn)(void *data, const char *sha, int64_t authored_at, const char *parents, int beyond),
			    void *data, struct strbuf *err);

/* A merged pull request. */
int store_dora_pull_put(struct db *db, const char *repo, int64_t number, const char *merge_sha, int64_t created_at,
			int64_t merged_at, struct strbuf *err);

/* Insert or refresh an incident (CLOSED_AT TIME_NONE while open); delete one that is not an incident. */
int store_dora_incident_put(struct db *db, const char *repo, int64_t number, int64_t opened_at, int64_t closed_at,
			    int64_t updated_at, struct strbuf *err);
int store_dora_incident_delete(struct db *db, const char *repo, int64_t number, struct strbuf *err);

/* 1 when REPO has any production deployment stored, 0 when not, -1 with ERR. */
int store_dora_repo_deploys(struct db *db, const char *repo, struct strbuf *err);

/*
 * Forget deployments, changes, horizon stubs and the run, deployment and
 * branch watermarks (what counts as a deployment changed).  Commits, pull
 * requests and incidents stay.  The caller holds the transaction.
 */
int store_dora_reset(struct db *db, struct strbuf *err);

#endif
