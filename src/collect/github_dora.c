/*
 * DORA collection, part of `collect github`: which repositories are read and
 * in what order, what a changed configuration resets, and the pure helpers
 * the per-endpoint files share.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/github_dora.h"
#include "store/dora.h"
#include "store/gitops.h"
#include "store/row.h"
#include "store/runs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define MAX_FAILURES_IN_A_ROW 3   /* unreadable repositories in a row before the source gives up */
#define HORIZON_QUARTERS 4        /* default backfill: this many quarters before the current one */

int github_dora_horizon(const struct config *cfg, const struct period_cfg *pcfg, int64_t now, int64_t *out,
			struct strbuf *err)
{
	struct period cur, first;

	if (cfg->dora.since && *cfg->dora.since) {
		if (time_parse_iso(cfg->dora.since, pcfg ? pcfg->tz : NULL, out)) {
			strbuf_addf(err, "'dora.since' must be a date such as 2025-01-01, not '%s'", cfg->dora.since);
			return -1;
		}
		return 0;
	}
	period_at(now, PERIOD_QUARTER, pcfg, &cur);
	period_shift(&cur, -HORIZON_QUARTERS, pcfg, &first);
	*out = first.start;
	return 0;
}

static int cmp_status(const void *pa, const void *pb)
{
	const struct dora_status *a = pa, *b = pb;

	if (a->created_at != b->created_at)
		return a->created_at < b->created_at ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

int github_dora_status_outcome(struct dora_status *v, size_t n, const char **conclusion, int *success, int64_t *at)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_status);
	for (size_t i = 0; i < n; i++)
		if (v[i].state && !strcmp(v[i].state, "success")) {
			*conclusion = "success";
			*success = 1;
			*at = v[i].created_at;
			return 1;
		}
	for (size_t i = 0; i < n; i++)
		if (v[i].state && (!strcmp(v[i].state, "failure") || !strcmp(v[i].state, "error"))) {
			*conclusion = !strcmp(v[i].state, "error") ? "error" : "failure";
			*success = 0;
			*at = v[i].created_at;
			return 1;
		}
	if (n && v[n - 1].state && !strcmp(v[n - 1].state, "inactive")) {
		*conclusion = "inactive";
		*success = 0;
		*at = v[n - 1].created_at;
		return 1;
	}
	return 0;
}

size_t github_dora_split(int64_t from, int64_t to, int64_t total, int64_t target, size_t max_parts, int64_t min_span,
			 int64_t *starts)
{
	int64_t span = to - from + 1, k = target > 0 ? (total + target - 1) / target : 1;

	if (k < 2)
		k = 2;
	if ((size_t)k > max_parts)
		k = (int64_t)max_parts;
	if (min_span > 0 && span / k < min_span)
		k = span / min_span;
	if (k < 1)
		k = 1;
	for (int64_t i = 0; i < k; i++)
		starts[i] = from + span * i / k;
	return (size_t)k;
}

int github_dora_production_branch(const struct config *cfg, const char *default_branch, const char *branch)
{
	if (!branch)
		return 0;
	if (!cfg->dora.production_branches.n)
		return default_branch && !strcmp(branch, default_branch);
	for (size_t i = 0; i < cfg->dora.production_branches.n; i++)
		if (!strcmp(cfg->dora.production_branches.v[i], branch))
			return 1;
	return 0;
}

static char *mark_key(const char *kind, const char *repo, const char *extra)
{
	return extra ? xasprintf("%s:%s:%s", kind, repo, extra) : xasprintf("%s:%s", kind, repo);
}

int github_dora_mark_get(struct dora_run *r, const char *kind, const char *repo, const char *extra, int64_t *out,
			 struct strbuf *err)
{
	char *key = mark_key(kind, repo, extra), *v = NULL;
	int ret = store_state_get(r->ctx->db, DORA_STATE_SOURCE, key, &v, err);

	*out = TIME_NONE;
	if (!ret && v && time_parse_iso(v, NULL, out))
		*out = TIME_NONE; /* a damaged watermark reads again from the horizon */
	free(key);
	free(v);
	return ret;
}

int github_dora_mark_set(struct dora_run *r, const char *kind, const char *repo, const char *extra, int64_t t,
			 struct strbuf *err)
{
	char *key = mark_key(kind, repo, extra), buf[32];
	int ret;

	time_format_iso(t, buf, sizeof(buf));
	ret = store_state_set(r->ctx->db, DORA_STATE_SOURCE, key, buf, r->ctx->now, err);
	free(key);
	return ret;
}

/* What decides which rows are deployments; when it changes, deployments are read again. */
static char *fingerprint(const struct config *cfg)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "source=%s\nworkflows=%s\nenvironment=%s\nsince=%s\nbranches=", cfg->dora.source,
		    cfg->dora.deploy_workflows, cfg->dora.production_environment, cfg->dora.since ? cfg->dora.since : "");
	for (size_t i = 0; i < cfg->dora.production_branches.n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", cfg->dora.production_branches.v[i]);
	return strbuf_detach(&sb, NULL);
}

static int check_fingerprint(struct dora_run *r, struct strbuf *err)
{
	struct db *db = r->ctx->db;
	char *want = fingerprint(r->cfg), *have = NULL;
	int ret = -1;

	if (store_state_get(db, DORA_STATE_SOURCE, "settings", &have, err))
		goto out;
	if (have && !strcmp(have, want)) {
		ret = 0;
		goto out;
	}
	if (db_begin(db, err))
		goto out;
	if ((have && store_dora_reset(db, err)) ||
	    store_state_set(db, DORA_STATE_SOURCE, "settings", want, r->ctx->now, err)) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db, err))
		goto out;
	if (have)
		log_info(r->ctx->log, "github: the dora settings changed (source, deploy_workflows, production branches or "
				      "environment, since): deployments are read again from the horizon");
	ret = 0;
out:
	free(want);
	free(have);
	return ret;
}

static void repos_release(struct dora_repo *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].full_name);
		free(v[i].default_branch);
		free(v[i].workflows);
	}
	free(v);
}

static int skippable(const struct config *cfg, int archived, int disabled, int fork, int is_template)
{
	return archived || disabled || is_template || (fork && !cfg->github.include_forks);
}

struct repo_list {
	struct dora_repo *v;
	size_t n, alloc;
};

static void add_argocd_repo(void *data, const char *repo, const char *branch)
{
	struct repo_list *l = data;
	struct dora_repo *rp;

	XGROW(l->v, l->alloc, l->n + 1);
	rp = &l->v[l->n++];
	memset(rp, 0, sizeof(*rp));
	rp->full_name = xstrdup(repo);
	rp->default_branch = branch ? xstrdup(branch) : NULL;
}

/*
 * The repositories to read: with a deployment workflow (workflows source), every present one
 * (deployments), or those Argo CD deploys (argocd: the deployments come from 'collect argocd').
 */
static int list_repos(struct dora_run *r, const char *org, struct dora_repo **out, size_t *n, struct strbuf *err)
{
	struct db *db = r->ctx->db;
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	if (r->argocd_source) {
		struct repo_list l = { NULL, 0, 0 };

		rc = store_argocd_repos_each(db, 0, add_argocd_repo, &l, err);
		*out = l.v;
		*n = l.n;
		return rc;
	}
	st = db_stmt(db, r->deployments_source ? "store/dora_repos_present" : "store/dora_deploy_workflows", err);
	if (!st)
		return -1;
	db_bind_text(st, ":owner", org);
	while ((rc = db_step(db, st, err)) > 0) {
		const char *name = row_text(st, "full_name");
		struct dora_repo *rp;

		if (skippable(r->cfg, (int)row_int(st, "archived", 0), (int)row_int(st, "disabled", 0), (int)row_int(st, "fork", 0),
			      (int)row_int(st, "is_template", 0)))
			continue;
		if (!r->deployments_source && regexec(&r->deploy_rx, row_text(st, "path"), 0, NULL, 0))
			continue;
		if (!*n || strcmp((*out)[*n - 1].full_name, name)) {
			XGROW(*out, alloc, *n + 1);
			rp = &(*out)[(*n)++];
			memset(rp, 0, sizeof(*rp));
			rp->full_name = xstrdup(name);
			rp->default_branch = row_text(st, "default_branch") ? xstrdup(row_text(st, "default_branch")) : NULL;
		}
		rp = &(*out)[*n - 1];
		if (!r->deployments_source) {
			XGROW(rp->workflows, rp->alloc, rp->nworkflows + 1);
			rp->workflows[rp->nworkflows++] = row_int(st, "id", 0);
		}
	}
	return rc < 0 ? -1 : 0;
}

/* Read one repository: deployments, then their changes, then incidents. */
static int read_repo(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err)
{
	int rc, deploys;

	if (r->argocd_source)
		rc = GITHUB_OK;
	else
		rc = r->deployments_source ? github_dora_deployments(r, repo, err) : github_dora_runs(r, repo, err);
	if (rc == GITHUB_OK)
		rc = github_dora_changes(r, repo, err);
	if (rc != GITHUB_OK)
		return rc;
	/* Incidents only matter for a repository that deploys to production (a first deployment reads them all). */
	deploys = store_dora_repo_deploys(r->ctx->db, repo->full_name, err);
	if (deploys < 0)
		return GITHUB_FAILED;
	return deploys && r->issues ? github_dora_issues(r, repo, err) : GITHUB_OK;
}

static int run_repos(struct dora_run *r, struct dora_repo *repos, size_t n, struct strbuf *err)
{
	struct strbuf why = STRBUF_INIT;
	int rc = GITHUB_OK;

	for (size_t i = 0; i < n && rc == GITHUB_OK; i++) {
		strbuf_reset(&why);
		rc = read_repo(r, &repos[i], &why);
		db_rollback(r->ctx->db); /* a unit cut short leaves nothing half-written */
		r->repos++;
		if (rc == GITHUB_UNAVAILABLE) {
			log_warn(r->ctx->log, "github: DORA data of '%s' skipped: %s", repos[i].full_name, why.buf);
			r->skipped++;
			r->ctx->partial = 1;
			if (++r->failures_in_a_row >= MAX_FAILURES_IN_A_ROW) {
				strbuf_addf(err, "%s (%d repositories in a row could not be read; giving up)", why.buf,
					    MAX_FAILURES_IN_A_ROW);
				rc = GITHUB_FAILED;
				break;
			}
			rc = GITHUB_OK;
			continue;
		}
		if (rc != GITHUB_OK) {
			strbuf_addstr(err, why.buf);
			break;
		}
		r->failures_in_a_row = 0;
		if (r->ctx->progress)
			r->ctx->progress(r->ctx->progress_data, "DORA repositories", (int64_t)i + 1, (int64_t)n);
	}
	strbuf_release(&why);
	return rc;
}

static void summary(struct dora_run *r)
{
	if (r->no_times)
		log_warn(r->ctx->log, "github: %lld deployment runs without usable created_at/updated_at were skipped",
			 (long long)r->no_times);
	if (r->rewritten)
		log_warn(r->ctx->log, "github: the changes of %lld deployments were skipped: the compare with the previous "
				      "deployment answered 404 (history rewritten)", (long long)r->rewritten);
	log_info(r->ctx->log,
		 "github: DORA: %lld repositories; %lld run windows (%lld bisected), %lld deployment runs, %lld GitHub "
		 "Deployments (%lld status reads); %lld history pages (%lld commits, %lld chases, %lld horizon stubs), "
		 "%lld compares; changes of %lld deployments worked out (%lld changes); %lld pull requests, %lld "
		 "incidents; %lld repositories skipped",
		 (long long)r->repos, (long long)r->windows, (long long)r->bisected, (long long)r->runs,
		 (long long)r->deployments, (long long)r->statuses, (long long)r->commit_pages, (long long)r->commits,
		 (long long)r->chases, (long long)r->stubs, (long long)r->compares, (long long)r->worked_out,
		 (long long)r->changes, (long long)r->pulls, (long long)r->incidents, (long long)r->skipped);
}

int github_dora_collect(struct collect_ctx *ctx, struct github_client *gh, const char *org, struct strbuf *err)
{
	struct dora_run r;
	struct dora_repo *repos = NULL;
	size_t n = 0;
	int64_t pruned;
	int rc = GITHUB_FAILED, have_rx = 0, code;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.gh = gh;
	r.cfg = ctx->cfg;
	r.deployments_source = ctx->cfg->dora.source && !strcmp(ctx->cfg->dora.source, "deployments");
	r.argocd_source = ctx->cfg->dora.source && !strcmp(ctx->cfg->dora.source, "argocd");
	r.issues = !ctx->cfg->dora.incidents || !strcmp(ctx->cfg->dora.incidents, "github");
	if ((code = regcomp(&r.deploy_rx, ctx->cfg->dora.deploy_workflows, REG_EXTENDED | REG_NOSUB))) {
		char msg[128];

		regerror(code, &r.deploy_rx, msg, sizeof(msg));
		strbuf_addf(err, "'dora.deploy_workflows' is not a valid extended regular expression: %s", msg);
		goto out;
	}
	have_rx = 1;
	if (github_dora_horizon(ctx->cfg, ctx->pcfg, ctx->now, &r.horizon, err))
		goto out;
	/* What 'prune' dropped is never read again: its boundary is the horizon too. */
	pruned = collect_retention_before(ctx);
	if (pruned != TIME_NONE && pruned > r.horizon)
		r.horizon = pruned;
	if (check_fingerprint(&r, err) || list_repos(&r, org, &repos, &n, err))
		goto out;
	rc = run_repos(&r, repos, n, err);
	summary(&r);
out:
	if (have_rx)
		regfree(&r.deploy_rx);
	repos_release(repos, n);
	return rc;
}

int github_dora_changes_of(struct collect_ctx *ctx, struct github_client *gh, const char *repo,
			   const char *default_branch, int64_t *worked_out, struct strbuf *err)
{
	struct dora_run r;
	struct dora_repo one;
	int64_t pruned;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&one, 0, sizeof(one));
	r.ctx = ctx;
	r.gh = gh;
	r.cfg = ctx->cfg;
	r.argocd_source = 1;
	if (github_dora_horizon(ctx->cfg, ctx->pcfg, ctx->now, &r.horizon, err))
		return GITHUB_FAILED;
	pruned = collect_retention_before(ctx);
	if (pruned != TIME_NONE && pruned > r.horizon)
		r.horizon = pruned;
	one.full_name = (char *)repo;
	one.default_branch = (char *)default_branch;
	rc = github_dora_changes(&r, &one, err);
	db_rollback(ctx->db);
	*worked_out += r.worked_out;
	return rc;
}
