/*
 * The github collector: list the organisation's repositories, read the
 * workflows of active repositories pushed since they were last read, find
 * their golden-path calls, and record the day's snapshot.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/github.h"
#include "collect/github_client.h"
#include "collect/github_doctor.h"
#include "collect/github_dora.h"
#include "collect/github_parse.h"
#include "collect/workflow_yaml.h"
#include "demo/demo.h"
#include "store/github.h"
#include "store/http_cache.h"
#include "store/runs.h"
#include "util/config_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define WORKFLOW_DIR ".github/workflows/"
#define MAX_FAILURES_IN_A_ROW 3          /* unreadable repositories in a row before the source gives up */
#define CACHE_KEEP_SECONDS (60 * 86400LL) /* cached answers nobody confirmed for this long are dropped */
#define RECHECK_SECONDS (7 * 86400LL)     /* workflows are re-validated this often even without a push */

struct gh_run {
	struct collect_ctx *ctx;
	struct github_client gh;
	const char *org;
	int64_t generation;       /* this run's listing number */
	int64_t pages, listed;    /* repository pages and repositories listed */
	int64_t read, unchanged;  /* repositories whose workflows were read / skipped as unchanged */
	int64_t confirmed;        /* re-validated without a push: the workflow list answered 304 */
	int64_t files;            /* workflow files fetched */
	int64_t skipped;          /* repositories that could not be read (warnings) */
	int failures_in_a_row;
};

/* One workflow as listed, with what its file gave. */
struct wf {
	int64_t id;
	char *name, *path, *state;
	char *uses;               /* JSON, or NULL when not read */
	char *error;
};

struct wf_list {
	struct wf *v;
	size_t n, alloc;
	int changed;              /* a page came with a new body (not a 304) */
	char *bad;                /* why a page could not be used */
};

static void wf_list_release(struct wf_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].state);
		free(l->v[i].uses);
		free(l->v[i].error);
	}
	free(l->v);
	free(l->bad);
	memset(l, 0, sizeof(*l));
}

static int configured(const struct config *cfg)
{
	return cfg->github.org && *cfg->github.org;
}

/* Each run numbers its listing, so repositories a complete listing did not return can be marked gone. */
static int next_generation(struct gh_run *r, struct strbuf *err)
{
	char *v = NULL, buf[32];
	int ret = -1;

	if (store_state_get(r->ctx->db, "github", "list_generation", &v, err))
		goto out;
	if (v) {
		char *end;
		long long g;

		errno = 0;
		g = strtoll(v, &end, 10);
		r->generation = (errno || *end || g < 0) ? 0 : g; /* a damaged cursor restarts the count */
	}
	r->generation++;
	snprintf(buf, sizeof(buf), "%lld", (long long)r->generation);
	ret = store_state_set(r->ctx->db, "github", "list_generation", buf, r->ctx->now, err);
out:
	free(v);
	return ret;
}

/* One page of GET /orgs/{org}/repos, stored in one transaction. */
static int on_repos_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct gh_run *r = data;
	struct github_repos_page p;
	int ret = -1;

	if (github_parse_repos_page(page->body, page->len, page->url, &p, err))
		goto out;
	for (size_t i = 0; i < p.nskipped; i++) {
		log_warn(r->ctx->log, "github: %s: item %zu has no usable 'full_name': skipped", page->url, p.skipped[i]);
		r->ctx->partial = 1;
	}
	if (db_begin(r->ctx->db, err))
		goto out;
	for (size_t i = 0; i < p.n; i++) {
		if (store_github_repo_upsert(r->ctx->db, &p.repos[i], r->generation, r->ctx->now, err)) {
			db_rollback(r->ctx->db);
			goto out;
		}
	}
	if (db_commit(r->ctx->db, err))
		goto out;
	/* only what was committed counts */
	r->listed += (int64_t)p.n;
	r->ctx->stats.rows += (int64_t)p.n;
	r->pages++;
	if (r->ctx->progress)
		r->ctx->progress(r->ctx->progress_data, "repositories listed", r->listed, 0);
	ret = 0;
out:
	github_repos_page_release(&p);
	return ret;
}

static void on_unlisted(void *data, const char *full_name)
{
	struct gh_run *r = data;

	log_info(r->ctx->log, "github: repository '%s' is no longer listed (deleted, renamed or transferred): marked gone",
		 full_name);
}

static int list_repos(struct gh_run *r, struct strbuf *err)
{
	char *org = http_escape(r->org);
	char *url = github_url(&r->gh, "/orgs/%s/repos?type=all&per_page=100", org);
	long status = 0;
	int rc;

	rc = github_get_pages(&r->gh, url, 0, on_repos_page, r, &status, err);
	if (rc == GITHUB_OK && status == 404) {
		strbuf_addf(err, "GET %s: 404: organisation '%s' not found, or the token cannot see it (check "
				 "'github.org' and that the token or GitHub App is installed on the organisation)",
			    url, r->org);
		rc = GITHUB_FAILED;
	} else if (rc == GITHUB_OK && status / 100 != 2) {
		strbuf_addf(err, "GET %s: unexpected status %ld while listing repositories", url, status);
		rc = GITHUB_FAILED;
	}
	free(org);
	free(url);
	return rc;
}

static int on_workflows_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct wf_list *l = data;
	struct strbuf perr = STRBUF_INIT;
	struct github_workflows_page p;

	(void)err;
	if (!page->not_modified)
		l->changed = 1;
	if (github_parse_workflows_page(page->body, page->len, page->url, &p, &perr)) {
		l->bad = strbuf_detach(&perr, NULL);
		github_workflows_page_release(&p);
		return 1;
	}
	for (size_t i = 0; i < p.n; i++) {
		struct wf *w;

		XGROW(l->v, l->alloc, l->n + 1);
		w = &l->v[l->n++];
		memset(w, 0, sizeof(*w));
		w->id = p.v[i].id;
		/* the strings move to the list */
		w->name = p.v[i].name;
		w->path = p.v[i].path;
		w->state = p.v[i].state;
		p.v[i].name = p.v[i].path = p.v[i].state = NULL;
	}
	github_workflows_page_release(&p);
	strbuf_release(&perr);
	return 0;
}

/* Fetch and parse one workflow file.  Returns a github_result; the outcome is in W. */
static int read_file(struct gh_run *r, const char *repo, struct wf *w, struct strbuf *err)
{
	struct github_response res;
	struct workflow_uses uses = { 0 };
	struct strbuf perr = STRBUF_INIT;
	char *path = github_escape_path(w->path), *url = github_repo_url(&r->gh, repo, "/contents/%s", path);
	char *name = xasprintf("%s/%s", repo, w->path);
	int rc;

	github_response_init(&res);
	rc = github_get(&r->gh, url, GITHUB_RAW, &res, err);
	if (rc != GITHUB_OK)
		goto out;
	r->files++;
	if (res.status / 100 != 2) {
		github_describe(&res, &perr);
		log_warn(r->ctx->log, "github: cannot read workflow '%s': %s", name, perr.buf);
		w->error = strbuf_detach(&perr, NULL);
	} else if (workflow_yaml_uses(res.body, res.len, name, &uses, &perr)) {
		log_warn(r->ctx->log, "github: %s: its uses: are ignored", perr.buf);
		w->error = strbuf_detach(&perr, NULL);
	} else {
		w->uses = workflow_uses_json(&uses);
	}
out:
	workflow_uses_release(&uses);
	github_response_release(&res);
	strbuf_release(&perr);
	free(path);
	free(url);
	free(name);
	return rc;
}

static int store_workflows(struct gh_run *r, const struct github_repo_state *repo, const struct wf_list *l,
			   struct strbuf *err)
{
	struct github_workflow *rows = xcalloc(l->n ? l->n : 1, sizeof(*rows));
	int ret = -1, broken = 0;

	for (size_t i = 0; i < l->n; i++) {
		broken |= l->v[i].error != NULL;
		rows[i].id = l->v[i].id;
		rows[i].name = l->v[i].name;
		rows[i].path = l->v[i].path;
		rows[i].state = l->v[i].state;
		rows[i].uses = l->v[i].uses;
		rows[i].error = l->v[i].error;
	}
	if (db_begin(r->ctx->db, err))
		goto out;
	/*
	 * A file that could not be read or parsed (a proxy's error page in its
	 * place, a 5xx body) is not taken as the repository's final word: with
	 * no push recorded, the next run reads its workflows again (answered 304
	 * when nothing changed).
	 */
	if (store_github_workflows_replace(r->ctx->db, repo->full_name, rows, l->n, broken ? TIME_NONE : repo->pushed_at,
					   r->ctx->now, err)) {
		db_rollback(r->ctx->db);
		goto out;
	}
	if (db_commit(r->ctx->db, err))
		goto out;
	r->ctx->stats.rows += (int64_t)l->n;
	ret = 0;
out:
	free(rows);
	return ret;
}

/* A repository that could not be read is skipped (the next run retries it); too many in a row fail the source. */
static int skip_repo(struct gh_run *r, const char *repo, struct strbuf *why, struct strbuf *err)
{
	log_warn(r->ctx->log, "github: repository '%s' skipped: %s", repo, why->buf);
	r->skipped++;
	r->ctx->partial = 1;
	if (++r->failures_in_a_row < MAX_FAILURES_IN_A_ROW) {
		strbuf_reset(why);
		return 0;
	}
	strbuf_addf(err, "%s (%d repositories in a row could not be read; giving up)", why->buf, MAX_FAILURES_IN_A_ROW);
	return GITHUB_FAILED;
}

/* Read REPO's workflows and their files.  Returns a github_result (UNAVAILABLE already turned into a skip). */
static int read_repo(struct gh_run *r, const struct github_repo_state *repo, struct strbuf *err)
{
	struct wf_list l = { 0 };
	struct strbuf why = STRBUF_INIT;
	char *url = github_repo_url(&r->gh, repo->full_name, "/actions/workflows?per_page=100");
	long status = 0;
	int rc;

	rc = github_get_pages(&r->gh, url, 0, on_workflows_page, &l, &status, &why);
	if (rc == GITHUB_OK && status == 404) {
		log_warn(r->ctx->log, "github: repository '%s' vanished during the run (404 on %s): marked gone",
			 repo->full_name, url);
		rc = store_github_repo_mark_gone(r->ctx->db, repo->full_name, r->ctx->now, err) ? GITHUB_FAILED : GITHUB_OK;
		goto out;
	}
	if (rc == GITHUB_OK && (status / 100 != 2 || l.bad)) {
		if (l.bad)
			strbuf_addstr(&why, l.bad);
		else
			strbuf_addf(&why, "GET %s: unexpected status %ld", url, status);
		rc = skip_repo(r, repo->full_name, &why, err);
		goto out;
	}
	/*
	 * A weekly re-validation without a push: when the workflow list is
	 * unchanged (304), so are the files (they only change with a push).
	 */
	if (!l.changed && repo->workflows_read_at != TIME_NONE && repo->workflows_pushed_at == repo->pushed_at) {
		if (store_github_workflows_confirmed(r->ctx->db, repo->full_name, repo->pushed_at, r->ctx->now, err)) {
			rc = GITHUB_FAILED;
			goto out;
		}
		r->confirmed++;
		r->failures_in_a_row = 0;
		goto out;
	}
	for (size_t i = 0; rc == GITHUB_OK && i < l.n; i++)
		if (!strcmp(l.v[i].state, "active") && !strncmp(l.v[i].path, WORKFLOW_DIR, strlen(WORKFLOW_DIR)))
			rc = read_file(r, repo->full_name, &l.v[i], &why);
	if (rc == GITHUB_UNAVAILABLE) {
		rc = skip_repo(r, repo->full_name, &why, err);
		goto out;
	}
	if (rc != GITHUB_OK) {
		strbuf_addstr(err, why.buf);
		goto out;
	}
	if (store_workflows(r, repo, &l, err)) {
		rc = GITHUB_FAILED;
		goto out;
	}
	r->read++;
	r->failures_in_a_row = 0;
out:
	wf_list_release(&l);
	strbuf_release(&why);
	free(url);
	return rc;
}

/* Read the workflows of every active repository pushed since they were last read. */
static int read_repos(struct gh_run *r, struct strbuf *err)
{
	struct github_repo_states repos = { 0 };
	const struct config *cfg = r->ctx->cfg;
	int rc = GITHUB_FAILED;

	if (store_github_repos_current(r->ctx->db, r->org, &repos, err))
		goto out;
	rc = GITHUB_OK;
	for (size_t i = 0; rc == GITHUB_OK && i < repos.n; i++) {
		const struct github_repo_state *repo = &repos.v[i];

		if (github_inactive_why(repo->archived, repo->disabled, repo->fork, repo->is_template, repo->pushed_at, cfg,
					r->ctx->now))
			continue;
		if (repo->workflows_read_at != TIME_NONE && repo->workflows_pushed_at == repo->pushed_at &&
		    repo->workflows_read_at >= r->ctx->now - RECHECK_SECONDS) {
			r->unchanged++;
			continue;
		}
		rc = read_repo(r, repo, err);
		if (r->ctx->progress)
			r->ctx->progress(r->ctx->progress_data, "repositories", (int64_t)i + 1, (int64_t)repos.n);
	}
out:
	store_github_repo_states_release(&repos);
	return rc;
}

static int prune_cache(struct gh_run *r, struct strbuf *err)
{
	char *prefix = xasprintf("%s/", r->gh.api_url);
	int64_t n = 0;
	int ret = store_http_cache_prune(r->ctx->db, prefix, r->ctx->now - CACHE_KEEP_SECONDS, &n, err);

	if (!ret && n)
		log_debug(r->ctx->log, "github: dropped %lld cached answers unconfirmed for 60 days", (long long)n);
	free(prefix);
	return ret;
}

static int run(struct collect_ctx *ctx, struct strbuf *err)
{
	const struct config *cfg = ctx->cfg;
	struct gh_run r;
	struct github_snapshot_counts c;
	struct strbuf stop = STRBUF_INIT;
	int rc, ret = -1, client = 0;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.org = cfg->github.org;
	if (!configured(cfg)) {
		strbuf_addstr(err, "no 'github.org' configured");
		goto out;
	}
	if (github_client_init(&r.gh, cfg, ctx->db, ctx->log, &ctx->stats, ctx->now, err))
		goto out;
	client = 1;
	if (!cfg->golden_path.reusable_workflows.n && !cfg->golden_path.actions.n)
		log_warn(ctx->log, "github: 'golden_path.reusable_workflows' and 'golden_path.actions' are empty: no "
				   "repository can be on the golden path");
	if (next_generation(&r, err))
		goto out;
	rc = list_repos(&r, &stop);
	if (rc < 0) {
		strbuf_addstr(err, stop.buf);
		goto out;
	}
	if (rc == GITHUB_OK) {
		if (!r.listed)
			log_warn(ctx->log, "github: the organisation '%s' lists no repositories: check that the token (or "
					   "GitHub App installation) has access to its repositories", r.org);
		if (store_github_repos_mark_unlisted(ctx->db, r.org, r.generation, ctx->now, on_unlisted, &r, err))
			goto out;
		rc = read_repos(&r, &stop);
		if (rc < 0) {
			strbuf_addstr(err, stop.buf);
			goto out;
		}
	}
	if (rc == GITHUB_STOPPED) {
		ctx->partial = 1;
		log_warn(ctx->log, "github: %s", stop.buf);
	}
	if (github_snapshot_write(ctx->db, cfg, ctx->pcfg, r.org, ctx->now, ctx->partial, &c, err))
		goto out;
	/* DORA after the snapshot: a rate limit there does not mark the adoption snapshot partial. */
	if (rc == GITHUB_OK) {
		rc = github_dora_collect(ctx, &r.gh, r.org, &stop);
		if (rc < 0) {
			strbuf_addstr(err, stop.buf);
			goto out;
		}
		if (rc == GITHUB_STOPPED) {
			ctx->partial = 1;
			log_warn(ctx->log, "github: %s", stop.buf);
		}
	}
	if (!ctx->partial && prune_cache(&r, err))
		goto out;
	log_info(ctx->log,
		 "github: %lld repositories in %lld pages; workflows read for %lld (%lld files), %lld re-validated, %lld "
		 "unchanged since their last read, %lld skipped; snapshot: %lld active, %lld on the golden path, %lld not "
		 "checked yet",
		 (long long)r.listed, (long long)r.pages, (long long)r.read, (long long)r.files, (long long)r.confirmed,
		 (long long)r.unchanged,
		 (long long)r.skipped, (long long)c.active, (long long)c.golden, (long long)(c.active - c.checked));
	/* A partial run keeps its reason, so collection_runs and 'status' say when it can resume. */
	if (rc == GITHUB_STOPPED)
		strbuf_addstr(err, stop.buf);
	else if (r.skipped)
		strbuf_addf(err, "%lld repositories could not be read and were skipped (see the warnings); the next run "
				 "retries them", (long long)r.skipped);
	ret = 0;
out:
	if (client)
		github_client_release(&r.gh);
	strbuf_release(&stop);
	return ret;
}

static void describe(const struct config *cfg, struct strbuf *out)
{
	strbuf_addf(out, "github organisation '%s'", cfg->github.org);
}

/* the DORA history after every source's first round: it is built on the repositories */
static const struct demo_generator *const demo[] = { &demo_github, &demo_dora, NULL };

const struct collector github_collector = {
	.name = "github",
	.summary = "GitHub repositories, workflows and golden-path adoption snapshots; DORA deployments, changes, incidents",
	.configured = configured,
	.run = run,
	.configured_by = "github.org",
	.describe = describe,
	.doctor = github_doctor,
	.demo = demo,
	.status_rows = "status/rows_github",
	.oldest_data = "status/oldest_github",
	.config = config_github_sections,
};
