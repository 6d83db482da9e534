/*
 * DORA collection, part of `collect github`: production deployments (runs of
 * deployment workflows, or GitHub Deployments), the production history and
 * the changes each deployment shipped, merged pull requests and incidents.
 */
#ifndef IDPM_GITHUB_DORA_H
#define IDPM_GITHUB_DORA_H

#include <regex.h>
#include <stdint.h>

#include "collect/collectors.h"
#include "collect/github_client.h"
#include "util/config.h"
#include "util/period.h"

/*
 * Collect the DORA data of ORG's repositories through GH (after the
 * repository and workflow listing of the same run).  Returns a
 * github_result: GITHUB_OK (repositories that could not be read were
 * skipped with warnings and ctx->partial set), GITHUB_STOPPED (rate limit
 * or request cap: what was read is kept; ERR says why) or GITHUB_FAILED
 * with ERR.
 */
int github_dora_collect(struct collect_ctx *ctx, struct github_client *gh, const char *org, struct strbuf *err);

/*
 * Work out the changes of REPO's successful production deployments still waiting for them (Argo CD
 * deployments of that repository's commits) through GH: the repository's history from
 * DEFAULT_BRANCH (may be NULL: each deployment's own history) and the reachability rule.  Adds the
 * deployments worked out to *WORKED_OUT.  Returns a github_result with ERR.
 */
int github_dora_changes_of(struct collect_ctx *ctx, struct github_client *gh, const char *repo,
			   const char *default_branch, int64_t *worked_out, struct strbuf *err);

/* Pure helpers, exported for tests. */

/*
 * The earliest time a first collection reads: dora.since (a date or time in
 * PCFG's zone) when set, else the start of the quarter four quarters before
 * the one containing NOW.  -1 with ERR naming 'dora.since' when it is not a time.
 */
int github_dora_horizon(const struct config *cfg, const struct period_cfg *pcfg, int64_t now, int64_t *out,
			struct strbuf *err);

/* The outcome of a GitHub Deployment from its statuses. */
struct dora_status {
	const char *state;        /* error, failure, inactive, pending, success, queued, in_progress */
	int64_t created_at;
	int64_t id;
};
/*
 * Judge N statuses (any order): the first "success" (by created_at, then id)
 * makes the deployment successful at that time; else the first "failure" or
 * "error" makes it failed at that time; else a latest status "inactive" ends
 * it unsuccessful ("inactive").  Returns 1 with *CONCLUSION (a static
 * string), *SUCCESS and *AT set when the outcome is final, 0 while pending.
 */
int github_dora_status_outcome(struct dora_status *v, size_t n, const char **conclusion, int *success, int64_t *at);

/*
 * Split [FROM, TO] (inclusive seconds) holding TOTAL runs into windows of
 * about TARGET runs each, at most MAX_PARTS, none shorter than MIN_SPAN
 * seconds; the boundaries go into STARTS (K entries; window i is
 * [STARTS[i], STARTS[i+1] - 1], the last ends at TO).  Returns K (>= 1).
 */
size_t github_dora_split(int64_t from, int64_t to, int64_t total, int64_t target, size_t max_parts, int64_t min_span,
			 int64_t *starts);

/* Internal to the github_dora*.c files. */

/* A repository DORA reads. */
struct dora_repo {
	char *full_name;
	char *default_branch;
	int64_t *workflows;         /* deployment workflow ids (workflows source) */
	size_t nworkflows, alloc;
};

/* One DORA collection run. */
struct dora_run {
	struct collect_ctx *ctx;
	struct github_client *gh;
	const struct config *cfg;
	regex_t deploy_rx;
	int deployments_source;     /* dora.source: deployments */
	int argocd_source;          /* dora.source: argocd (deployments from 'collect argocd') */
	int issues;                 /* dora.incidents: github */
	int64_t horizon;            /* a first collection reads from here */
	/* what was done, for the log line and the tests */
	int64_t repos, windows, bisected, runs, deployments, statuses;
	int64_t incomplete, no_times, not_production;
	int64_t commit_pages, commits, chases, stubs, compares, rewritten, worked_out, changes, pulls, incidents;
	int64_t skipped;
	int failures_in_a_row;
};

/* Read the runs of REPO's deployment workflows (workflows source).  Returns a github_result. */
int github_dora_runs(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err);
/* Read REPO's GitHub Deployments to dora.production_environment and their statuses.  A github_result. */
int github_dora_deployments(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err);
/*
 * Work out the changes of REPO's new successful production deployments: merged pull requests and
 * the production history since the last read, chases of missing history, compare as the fallback.
 * Nothing is requested when no deployment waits.  A github_result.
 */
int github_dora_changes(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err);
/* Read REPO's incident issues updated since the last run.  A github_result. */
int github_dora_issues(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err);

/* Whether BRANCH is a production branch of a repository whose default branch is DEFAULT_BRANCH. */
int github_dora_production_branch(const struct config *cfg, const char *default_branch, const char *branch);

/* Watermark KIND:REPO[:EXTRA] of source_state as Unix seconds, TIME_NONE when unset or damaged. */
int github_dora_mark_get(struct dora_run *r, const char *kind, const char *repo, const char *extra, int64_t *out,
			 struct strbuf *err);
int github_dora_mark_set(struct dora_run *r, const char *kind, const char *repo, const char *extra, int64_t t,
			 struct strbuf *err);

#endif
