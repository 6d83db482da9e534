/* GitOps DORA rows: Argo CD application lives, syncs and lost-sync gaps; PagerDuty incidents. */
#ifndef IDPM_STORE_GITOPS_H
#define IDPM_STORE_GITOPS_H

#include <stdint.h>

#include "store/db.h"

/* An application life as read tonight; strings borrowed. */
struct argocd_app_row {
	const char *uid, *name, *project;
	int production;
	const char *repo;              /* owner/name, NULL when unmapped */
	const char *mapped_from;       /* catalog, catalog-selector, config, source; NULL when unmapped */
	const char *source_repos;      /* space separated */
	int config_repo;
	int64_t history_limit;         /* -1: default */
	int64_t last_id;               /* -1: no history */
	double syncs_per_day;          /* NaN: unknown */
};

/* A sync; strings borrowed. */
struct argocd_sync_row {
	const char *app_uid, *app;
	int64_t history_id;            /* -1: a failed operation */
	const char *revision, *commit_sha, *lead_source, *phase;
	int64_t started_at, deployed_at;
	int resync;
};

/*
 * What is stored of application life UID: *FOUND 0 when never seen; else *LAST_ID (-1 when no
 * history was seen) and *REPO (owned, NULL when unmapped).
 */
int store_argocd_app_get(struct db *db, const char *uid, int *found, int64_t *last_id, char **repo,
			 struct strbuf *err);
/* Insert or refresh an application life (last_id only grows).  The caller holds the transaction. */
int store_argocd_app_put(struct db *db, const struct argocd_app_row *a, int64_t now, struct strbuf *err);
/* Mark applications not refreshed at NOW as gone. */
int store_argocd_apps_gone(struct db *db, int64_t now, struct strbuf *err);
/* The revision (owned in *OUT, NULL when none) of APP's latest successful sync before AT, any life. */
int store_argocd_prev_revision(struct db *db, const char *app, int64_t at, char **out, struct strbuf *err);
/* deployedAt of history entry ID of life UID, TIME_NONE when not recorded. */
int store_argocd_sync_time(struct db *db, const char *uid, int64_t id, int64_t *out, struct strbuf *err);
/* Record a sync once (kept as it is when recorded already). */
int store_argocd_sync_put(struct db *db, const struct argocd_sync_row *s, int64_t now, struct strbuf *err);
/* Record LOST syncs between history ids AFTER_ID (-1: before the first collection) and BEFORE_ID. */
int store_argocd_gap_put(struct db *db, const char *uid, const char *app, int64_t after_id, int64_t before_id,
			 int64_t lost, int64_t from_at, int64_t to_at, int64_t now, struct strbuf *err);
/*
 * Make dora_deployments agree with life UID's syncs: rows of another service (or all, when REPO is
 * NULL: unmapped) go with their changes; when REPO is set, each sync that shipped something becomes
 * a deployment of kind 'argocd' (not those before KEEP_AFTER, the retention boundary; TIME_NONE: all).
 */
int store_argocd_derive(struct db *db, const char *uid, const char *repo, int64_t keep_after, int64_t now,
			struct strbuf *err);

/* Call FN(DATA, uid, repo, production) for every application life recorded (read first: FN may write). */
int store_argocd_apps_each(struct db *db, int (*fn)(void *data, const char *uid, const char *repo, int production,
						     struct strbuf *err),
			   void *data, struct strbuf *err);

/* Call FN(DATA, repo, default_branch) for each service with Argo CD deployments (PENDING: waiting for changes). */
int store_argocd_repos_each(struct db *db, int pending, void (*fn)(void *data, const char *repo, const char *branch),
			    void *data, struct strbuf *err);

/* A PagerDuty incident; strings borrowed. */
struct pd_incident_row {
	const char *id, *service_id, *repo, *status, *urgency;
	int64_t number, created_at, resolved_at;
	int merged;
	int counts;                    /* a DORA incident: mapped, not merged, urgency selected */
};

/* Store an incident and its dora_incidents row (removed when it does not count). */
int store_pd_incident_put(struct db *db, const struct pd_incident_row *i, int64_t now, struct strbuf *err);
/* The ids of stored open incidents (owned array of owned strings in *OUT, *N of them). */
int store_pd_open(struct db *db, char ***out, size_t *n, struct strbuf *err);

/* Call FN(DATA, a, b, repo) for each catalog component annotation: argocd (A app name, B selector) or pagerduty (A id). */
int store_catalog_annotations_each(struct db *db, int pagerduty,
				   void (*fn)(void *data, const char *a, const char *b, const char *repo), void *data,
				   struct strbuf *err);

/* ---- the demo: half the services deploy through Argo CD, incidents page through PagerDuty ---- */

/* A production deployment run of a repository, as the demo generated it; sha owned by the list. */
struct gitops_demo_run {
	int64_t id;
	char *sha;
	int success;
	int64_t created_at, deployed_at;
};

/* REPO's production deployment runs in order (*OUT owned: release each sha and the array). */
int store_gitops_demo_runs(struct db *db, const char *repo, struct gitops_demo_run **out, size_t *n,
			   struct strbuf *err);
/* Record sync S of REPO and make deployment run RUN_ID (and its changes) that sync. */
int store_gitops_demo_move(struct db *db, const char *repo, int64_t run_id, const struct argocd_sync_row *s,
			   int64_t now, struct strbuf *err);
/* Name application APP and PagerDuty service SERVICE (either may be NULL) on REPO's catalog components. */
int store_gitops_demo_annotate(struct db *db, const char *repo, const char *app, const char *service,
			       struct strbuf *err);
/* Call FN(DATA, repo, number, opened, closed) for each incident issue (read first: FN may write). */
int store_gitops_demo_incidents(struct db *db,
				int (*fn)(void *data, const char *repo, int64_t number, int64_t opened, int64_t closed,
					  struct strbuf *err),
				void *data, struct strbuf *err);

#endif
