/*
 * DORA deployments: runs of deployment workflows, listed per workflow in
 * created= windows kept under GitHub's 1,000-result cap; or GitHub
 * Deployments to the production environment, judged by their statuses.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_graph.h"
#include "collect/github_dora.h"
#include "collect/github_dora_parse.h"
#include "collect/json.h"
#include "store/dora.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define DAY 86400LL
#define LOOKBACK (7 * DAY)        /* listed again each night (from the Monday before): re-runs and late completions */
#define PATIENCE (30 * DAY)       /* unfinished runs and deployments older than this stop holding the watermark */
#define RESULT_CAP 1000           /* GitHub returns at most this many runs for a filtered listing */
#define WINDOW_TARGET 600         /* runs per window when a window must be split */
#define MAX_PARTS 16
#define MIN_SPAN 60               /* seconds: windows are never split below a minute */

/* One deployment workflow being read. */
struct wf_read {
	struct dora_run *r;
	const struct dora_repo *repo;
	int64_t workflow;
	int64_t floor;            /* earliest created_at of an unfinished run (TIME_NONE: none) */
	char key[32];             /* the workflow id, naming its watermark */
	int incremental;          /* read from a watermark (not a backfill) */
};

/* One window's pages. */
struct window_page {
	struct wf_read *w;
	int first, may_split, too_big;
	int64_t total;
	char *bad;
};

/* Monday 00:00 UTC of T's week: a listing's lower bound moves once a week, so a quiet workflow answers 304. */
static int64_t week_floor(int64_t t)
{
	int64_t days = (t - ((t % DAY) + DAY) % DAY) / DAY;  /* 1970-01-01 was a Thursday */

	return (days - ((days + 3) % 7 + 7) % 7) * DAY;
}

static char *created_param(int64_t from, int64_t to)
{
	char a[32], b[32];

	time_format_iso(from, a, sizeof(a));
	if (to == TIME_NONE)
		return xasprintf("%%3E%%3D%s", a); /* >=FROM */
	time_format_iso(to, b, sizeof(b));
	return xasprintf("%s..%s", a, b);
}

/* Store one completed run; returns 0, or -1 with ERR (database). */
static int put_run(struct wf_read *w, json_t *item, struct strbuf *err)
{
	struct dora_run *r = w->r;
	struct dora_deployment d;
	struct dora_run_item it;
	int ret = 0;

	switch (github_dora_parse_run(item, &it)) {
	case DORA_RUN_UNUSABLE:
	case DORA_RUN_NO_TIMES:
		r->no_times++;
		goto out;
	case DORA_RUN_UNFINISHED:
		r->incomplete++;
		if (it.created_at != TIME_NONE && it.created_at >= r->ctx->now - PATIENCE &&
		    (w->floor == TIME_NONE || it.created_at < w->floor))
			w->floor = it.created_at;
		goto out;
	default:
		break;
	}
	if (!github_dora_production_branch(r->cfg, w->repo->default_branch, it.branch)) {
		r->not_production++;
		goto out;
	}
	memset(&d, 0, sizeof(d));
	d.repo = w->repo->full_name;
	d.kind = "run";
	d.id = it.id;
	d.workflow_id = w->workflow;
	d.sha = it.sha;
	d.ref = it.branch;
	d.event = it.event;
	d.conclusion = it.conclusion;
	d.attempt = (int)it.attempt;
	d.production = 1;
	d.success = it.conclusion && !strcmp(it.conclusion, "success");
	d.created_at = it.created_at;
	d.deployed_at = it.updated_at;
	ret = store_dora_deployment_put(r->ctx->db, &d, r->ctx->now, err);
	if (!ret) {
		r->runs++;
		r->ctx->stats.rows++;
	}
out:
	github_dora_run_item_release(&it);
	return ret;
}

static int on_runs_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct window_page *wp = data;
	struct db *db = wp->w->r->ctx->db;
	struct strbuf perr = STRBUF_INIT;
	json_t *doc = json_parse_body(page->body, page->len, page->url, &perr), *arr, *item;
	size_t i;
	int ret = -1;

	arr = json_object_get(doc, "workflow_runs");
	if (!json_is_array(arr)) {
		if (!perr.len)
			strbuf_addf(&perr, "%s: expected an object with a 'workflow_runs' array", page->url);
		wp->bad = strbuf_detach(&perr, NULL);
		ret = 1;
		goto out;
	}
	if (wp->first) {
		wp->first = 0;
		json_int(doc, "total_count", &wp->total);
		if (wp->total >= RESULT_CAP && wp->may_split) {
			wp->too_big = 1;
			ret = 1;
			goto out;
		}
	}
	if (db_begin(db, err))
		goto out;
	json_array_foreach(arr, i, item) {
		if (put_run(wp->w, item, err)) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db, err))
		goto out;
	ret = 0;
out:
	json_decref(doc);
	strbuf_release(&perr);
	return ret;
}

/* Read the runs created in [FROM, TO] (TO TIME_NONE: from FROM on), splitting a window at the cap. */
static int read_window(struct wf_read *w, int64_t from, int64_t to, struct strbuf *err)
{
	struct dora_run *r = w->r;
	struct window_page wp;
	int64_t end = to == TIME_NONE ? (r->ctx->now > from ? r->ctx->now : from) : to, starts[MAX_PARTS], mark;
	char *created = created_param(from, to), *url;
	long status = 0;
	int rc;

	url = github_repo_url(r->gh, w->repo->full_name,
			      "/actions/workflows/%lld/runs?per_page=100&exclude_pull_requests=true&created=%s",
			      (long long)w->workflow, created);
	memset(&wp, 0, sizeof(wp));
	wp.w = w;
	wp.first = 1;
	wp.may_split = end - from + 1 >= 2 * MIN_SPAN;
	/* Only the weekly tail window is asked again (and answers 304); a backfill's windows are asked once. */
	rc = github_get_pages(r->gh, url, w->incremental ? 0 : GITHUB_NO_CACHE, on_runs_page, &wp, &status, err);
	if (rc != GITHUB_OK)
		goto out;
	if (status == 404) {
		log_debug(r->ctx->log, "github: %s: 404: the workflow is gone; its runs are no longer read", url);
		goto out;
	}
	if (status / 100 != 2 || wp.bad) {
		if (wp.bad)
			strbuf_addstr(err, wp.bad);
		else
			strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	r->windows++;
	if (wp.too_big) {
		size_t k = github_dora_split(from, end, wp.total, WINDOW_TARGET, MAX_PARTS, MIN_SPAN, starts);

		r->bisected++;
		for (size_t i = 0; i < k && rc == GITHUB_OK; i++) {
			int64_t sub_to = i + 1 < k ? starts[i + 1] - 1 : to;

			rc = read_window(w, starts[i], sub_to, err);
		}
		goto out;
	}
	if (wp.total > RESULT_CAP)
		log_warn(r->ctx->log, "github: %s: %lld runs in less than two minutes; GitHub lists only the first %d",
			 url, (long long)wp.total, RESULT_CAP);
	/* Everything created up to END is stored, except unfinished runs, which are read again. */
	mark = end + 1;
	if (w->floor != TIME_NONE && w->floor < mark)
		mark = w->floor;
	if (github_dora_mark_set(r, "runs", w->repo->full_name, w->key, mark, err))
		rc = GITHUB_FAILED;
out:
	free(created);
	free(url);
	free(wp.bad);
	return rc;
}

int github_dora_runs(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err)
{
	int rc = GITHUB_OK;

	for (size_t i = 0; i < repo->nworkflows && rc == GITHUB_OK; i++) {
		struct wf_read w;
		int64_t mark, from;

		memset(&w, 0, sizeof(w));
		w.r = r;
		w.repo = repo;
		w.workflow = repo->workflows[i];
		w.floor = TIME_NONE;
		snprintf(w.key, sizeof(w.key), "%lld", (long long)w.workflow);
		if (github_dora_mark_get(r, "runs", repo->full_name, w.key, &mark, err))
			return GITHUB_FAILED;
		from = mark == TIME_NONE ? r->horizon : week_floor(mark - LOOKBACK);
		w.incremental = mark != TIME_NONE;
		if (from < r->horizon)
			from = r->horizon;
		rc = read_window(&w, from, TIME_NONE, err);
	}
	return rc;
}

/* ---- GitHub Deployments ---------------------------------------------------------------- */

struct deploy_page {
	struct dora_run *r;
	const struct dora_repo *repo;
	int64_t stop_at;
	char *bad;
};

static int put_deployment(struct deploy_page *dp, json_t *item, int *older, struct strbuf *err)
{
	struct dora_run *r = dp->r;
	struct dora_deployment d;
	const char *env = json_str(item, "environment");
	int64_t id, created = json_time(item, "created_at");
	char *sha = dora_graph_norm(json_str(item, "sha"));
	int ret = 0;

	if (json_int(item, "id", &id) || !sha || created == TIME_NONE) {
		r->no_times++;
		goto out;
	}
	if (created < dp->stop_at) {
		*older = 1;
		goto out;
	}
	memset(&d, 0, sizeof(d));
	d.repo = dp->repo->full_name;
	d.kind = "deployment";
	d.id = id;
	d.sha = sha;
	d.ref = json_str(item, "ref");
	d.environment = env;
	d.production = env && !strcmp(env, r->cfg->dora.production_environment);
	d.created_at = created;
	ret = store_dora_deployment_new(r->ctx->db, &d, r->ctx->now, err);
	if (!ret) {
		r->deployments++;
		r->ctx->stats.rows++;
	}
out:
	free(sha);
	return ret;
}

static int on_deploys_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct deploy_page *dp = data;
	struct db *db = dp->r->ctx->db;
	json_t *doc = json_parse_array(page->body, page->len, page->url, "deployments", &dp->bad), *item;
	size_t i;
	int older = 0, ret = -1;

	if (!doc)
		return 1;
	if (db_begin(db, err))
		goto out;
	json_array_foreach(doc, i, item) {
		if (put_deployment(dp, item, &older, err)) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db, err))
		goto out;
	ret = older; /* newest first: an older one means the rest is known */
out:
	json_decref(doc);
	return ret;
}

struct status_list {
	struct dora_status *v;
	json_t **docs;
	size_t n, alloc, ndocs, docs_alloc;
	char *bad;
};

static int on_status_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct status_list *l = data;
	json_t *doc = json_parse_array(page->body, page->len, page->url, "deployment statuses", &l->bad), *item;
	size_t i;

	(void)err;
	if (!doc)
		return 1;
	json_array_foreach(doc, i, item) {
		struct dora_status *s;

		XGROW(l->v, l->alloc, l->n + 1);
		s = &l->v[l->n++];
		s->state = json_str(item, "state");
		s->created_at = json_time(item, "created_at");
		s->id = 0;
		json_int(item, "id", &s->id);
		if (s->created_at == TIME_NONE)
			l->n--; /* a status without a time cannot date the deployment */
	}
	XGROW(l->docs, l->docs_alloc, l->ndocs + 1);
	l->docs[l->ndocs++] = doc; /* the states point into it */
	return 0;
}

struct unfinished {
	struct dora_run *r;
	const struct dora_repo *repo;
};

static int read_statuses(void *data, int64_t id, int64_t created_at, struct strbuf *err)
{
	struct unfinished *u = data;
	struct dora_run *r = u->r;
	struct status_list l = { 0 };
	char *url = github_repo_url(r->gh, u->repo->full_name, "/deployments/%lld/statuses?per_page=100",
				   (long long)id);
	const char *conclusion = NULL;
	int64_t at = TIME_NONE;
	long status = 0;
	int success = 0, rc;

	rc = github_get_pages(r->gh, url, 0, on_status_page, &l, &status, err);
	if (rc != GITHUB_OK)
		goto out;
	r->statuses++;
	if (status == 404) {
		/*
		 * The deployment was deleted (or its statuses are hidden from the token): it never counts, and
		 * with no time it does not make its repository a deployable service either (frequency 0,
		 * tier low); asked no more.
		 */
		log_warn(r->ctx->log, "github: DORA: GET %s: 404: deployment %lld of '%s' left out (deleted, or its "
				      "statuses are not visible to the token)",
			 url, (long long)id, u->repo->full_name);
		conclusion = "deleted";
		success = 0;
		at = TIME_NONE;
		(void)created_at;
	} else if (status / 100 != 2 || l.bad) {
		if (l.bad)
			strbuf_addstr(err, l.bad);
		else
			strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	} else if (!github_dora_status_outcome(l.v, l.n, &conclusion, &success, &at)) {
		goto out; /* still pending: asked again next run */
	}
	if (store_dora_deployment_finish(r->ctx->db, u->repo->full_name, id, conclusion, success, at, r->ctx->now, err))
		rc = GITHUB_FAILED;
out:
	for (size_t i = 0; i < l.ndocs; i++)
		json_decref(l.docs[i]);
	free(l.docs);
	free(l.v);
	free(l.bad);
	free(url);
	return rc;
}

int github_dora_deployments(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err)
{
	struct deploy_page dp;
	struct unfinished u = { r, repo };
	char *env = http_escape(r->cfg->dora.production_environment), *url;
	int64_t mark;
	long status = 0;
	int rc;

	memset(&dp, 0, sizeof(dp));
	url = github_repo_url(r->gh, repo->full_name, "/deployments?environment=%s&per_page=100", env);
	if (github_dora_mark_get(r, "deployments", repo->full_name, NULL, &mark, err)) {
		rc = GITHUB_FAILED;
		goto out;
	}
	dp.r = r;
	dp.repo = repo;
	dp.stop_at = mark == TIME_NONE ? r->horizon : mark - LOOKBACK;
	if (dp.stop_at < r->horizon)
		dp.stop_at = r->horizon;
	rc = github_get_pages(r->gh, url, 0, on_deploys_page, &dp, &status, err);
	if (rc != GITHUB_OK)
		goto out;
	if (status == 404) {
		log_debug(r->ctx->log, "github: %s: 404: no deployments readable", url);
		goto out;
	}
	if (status / 100 != 2 || dp.bad) {
		if (dp.bad)
			strbuf_addstr(err, dp.bad);
		else
			strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	/* Statuses: once per deployment until it has a final one. */
	rc = store_dora_deployments_unfinished(r->ctx->db, repo->full_name,
					       mark == TIME_NONE ? r->horizon : r->ctx->now - PATIENCE, read_statuses, &u,
					       err);
	if (rc == GITHUB_OK && github_dora_mark_set(r, "deployments", repo->full_name, NULL, r->ctx->now, err))
		rc = GITHUB_FAILED;
out:
	free(env);
	free(url);
	return rc;
}
