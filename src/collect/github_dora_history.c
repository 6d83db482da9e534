/*
 * DORA changes: the production history read incrementally (commits of each
 * production branch since the last read, each with its parents), missing
 * ancestors chased, reachability worked out locally, compare as the
 * fallback; merged pull requests for squash-safe lead times.
 *
 * A backfill costs one request per 100 commits of history, not one per
 * deployment: a compare is made only for a deployment whose history could
 * not be read (force-pushed, or outside the production branches).
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
#define OVERLAP DAY               /* branch and pull request listings re-read this much before their watermark */
#define MAX_CHASES 25             /* reads of missing history per repository and run before falling back to compare */

struct history {
	struct dora_run *r;
	const struct dora_repo *repo;
	struct dora_graph *g;
	int chases;
	/* the listing in progress */
	char **parents;           /* parents named by the commits it added */
	size_t nparents, parents_alloc;
	int64_t newest;           /* newest committed_at seen */
	int64_t added;
	int stopped;              /* the page callback stopped early */
	const char *head, *base;  /* a chase: stop once HEAD's changes since BASE are complete */
	struct dora_change_list scratch;
	int compare;              /* a compare answer: {commits: [...]} whose commits are the changes */
	char **listed;            /* shas a compare listed (owned) */
	int64_t *listed_at;       /* and their author dates */
	size_t nlisted, listed_alloc, listed_at_alloc;
	char *bad;
};

static void forget_parents(struct history *h)
{
	for (size_t i = 0; i < h->nparents; i++)
		free(h->parents[i]);
	h->nparents = 0;
}

/* Store one commit object ({sha, commit:{author:{date}, committer:{date}}, parents:[{sha}]}). */
static int put_commit(struct history *h, json_t *item, struct strbuf *err)
{
	struct dora_commit_item it;
	struct dora_commit c;
	int ret = 0;

	if (github_dora_parse_commit(item, &it))
		goto out;
	memset(&c, 0, sizeof(c));
	c.sha = it.sha;
	c.authored_at = it.authored_at;
	c.committed_at = it.committed_at;
	c.parents = it.parents_text;
	for (size_t i = 0; i < it.nparents; i++) { /* the history keeps them (moved) */
		XGROW(h->parents, h->parents_alloc, h->nparents + 1);
		h->parents[h->nparents++] = it.parents[i];
	}
	it.nparents = 0;
	if ((ret = store_dora_commit_put(h->r->ctx->db, h->repo->full_name, &c, err)))
		goto out;
	dora_graph_add(h->g, it.sha, c.authored_at, c.parents, 0);
	if (h->compare) {
		XGROW(h->listed, h->listed_alloc, h->nlisted + 1);
		XGROW(h->listed_at, h->listed_at_alloc, h->nlisted + 1);
		h->listed_at[h->nlisted] = c.authored_at;
		h->listed[h->nlisted++] = xstrdup(it.sha);
	}
	if (c.committed_at != TIME_NONE && (h->newest == TIME_NONE || c.committed_at > h->newest))
		h->newest = c.committed_at;
	h->added++;
	h->r->commits++;
	h->r->ctx->stats.rows++;
out:
	github_dora_commit_item_release(&it);
	return ret;
}

static int on_commits_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct history *h = data;
	struct db *db = h->r->ctx->db;
	struct strbuf perr = STRBUF_INIT;
	json_t *doc = json_parse_body(page->body, page->len, page->url, &perr), *arr, *item;
	const char *missing;
	size_t i;
	int ret = -1;

	arr = h->compare ? json_object_get(doc, "commits") : doc;
	if (!json_is_array(arr)) {
		if (!perr.len)
			strbuf_addf(&perr, "%s: expected %s", page->url,
				    h->compare ? "an object with a 'commits' array" : "a JSON array of commits");
		h->bad = strbuf_detach(&perr, NULL);
		ret = 1;
		goto out;
	}
	h->r->commit_pages++;
	if (db_begin(db, err))
		goto out;
	json_array_foreach(arr, i, item) {
		if (put_commit(h, item, err)) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db, err))
		goto out;
	ret = 0;
	if (h->head && dora_graph_changes(h->g, h->head, h->base, &h->scratch, &missing) == DORA_GRAPH_OK) {
		h->stopped = 1;
		ret = 1;
	}
out:
	json_decref(doc);
	strbuf_release(&perr);
	return ret;
}

/* Parents named by the listing just completed that are still unknown are older than SINCE: stubs. */
static int stub_unknown_parents(struct history *h, struct strbuf *err)
{
	struct db *db = h->r->ctx->db;

	if (db_begin(db, err))
		return -1;
	for (size_t i = 0; i < h->nparents; i++) {
		if (dora_graph_known(h->g, h->parents[i]))
			continue;
		if (store_dora_commit_stub(db, h->repo->full_name, h->parents[i], err)) {
			db_rollback(db);
			return -1;
		}
		dora_graph_add(h->g, h->parents[i], TIME_NONE, NULL, 1);
		h->r->stubs++;
	}
	return db_commit(db, err);
}

/*
 * List REF's history back to SINCE.  *COMPLETE is set when every page was
 * read; *GONE when GitHub does not know REF (404, 409 empty repository, 422).
 * A complete listing from the horizon turns unknown parents into stubs.
 */
static int list_history(struct history *h, const char *ref, int64_t since, int *complete, int *gone,
			struct strbuf *err)
{
	struct dora_run *r = h->r;
	char when[32], *esc = http_escape(ref), *url;
	long status = 0;
	int rc;

	*complete = *gone = 0;
	time_format_iso(since, when, sizeof(when));
	url = github_repo_url(r->gh, h->repo->full_name, "/commits?sha=%s&since=%s&per_page=100", esc, when);
	forget_parents(h);
	free(h->bad);
	h->bad = NULL;
	h->newest = TIME_NONE;
	h->added = 0;
	h->stopped = 0;
	/* History pages are asked once (the next read starts later): not worth keeping in http_cache. */
	rc = github_get_pages(r->gh, url, GITHUB_NO_CACHE, on_commits_page, h, &status, err);
	if (rc != GITHUB_OK)
		goto out;
	if (h->bad) {
		strbuf_addstr(err, h->bad);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	if (status == 404 || status == 409 || status == 422) {
		*gone = 1;
		goto out;
	}
	if (status / 100 != 2) {
		strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	*complete = !h->stopped;
	if (*complete && since <= r->horizon && stub_unknown_parents(h, err))
		rc = GITHUB_FAILED;
out:
	free(esc);
	free(url);
	return rc;
}

/* Read each production branch's commits since its watermark (the horizon the first time). */
static int read_branches(struct history *h, struct strbuf *err)
{
	const struct config *cfg = h->r->cfg;
	const char *one[1];
	const char *const *branches = (const char *const *)cfg->dora.production_branches.v;
	size_t n = cfg->dora.production_branches.n;
	int rc = GITHUB_OK;

	if (!n) {
		if (!h->repo->default_branch)
			return GITHUB_OK;
		one[0] = h->repo->default_branch;
		branches = one;
		n = 1;
	}
	for (size_t i = 0; i < n && rc == GITHUB_OK; i++) {
		int64_t mark, since;
		int complete, gone;

		if (github_dora_mark_get(h->r, "commits", h->repo->full_name, branches[i], &mark, err))
			return GITHUB_FAILED;
		since = mark == TIME_NONE || mark - OVERLAP < h->r->horizon ? h->r->horizon : mark - OVERLAP;
		rc = list_history(h, branches[i], since, &complete, &gone, err);
		if (rc == GITHUB_OK && complete && h->newest != TIME_NONE &&
		    github_dora_mark_set(h->r, "commits", h->repo->full_name, branches[i], h->newest, err))
			rc = GITHUB_FAILED;
	}
	return rc;
}

/* Read SHA's history (a deployment or ancestor not on the branches read), stopping when HEAD..BASE is complete. */
static int chase(struct history *h, const char *sha, const char *head, const char *base, int *progress,
		 struct strbuf *err)
{
	char *copy = xstrdup(sha);
	int complete, gone, rc;

	h->chases++;
	h->r->chases++;
	h->head = head;
	h->base = base;
	rc = list_history(h, copy, h->r->horizon, &complete, &gone, err);
	h->head = h->base = NULL;
	if (rc == GITHUB_OK && complete && !dora_graph_known(h->g, copy) && !gone) {
		/* Listed to the horizon without SHA itself: it is older than the horizon. */
		if (store_dora_commit_stub(h->r->ctx->db, h->repo->full_name, copy, err))
			rc = GITHUB_FAILED;
		dora_graph_add(h->g, copy, TIME_NONE, NULL, 1);
		h->r->stubs++;
	}
	*progress = rc == GITHUB_OK && !gone && dora_graph_known(h->g, copy);
	free(copy);
	return rc;
}

static int store_changes(struct history *h, const struct dora_done *d, const char *how, const char *base,
			 const struct dora_change_list *l, struct strbuf *err)
{
	struct db *db = h->r->ctx->db;

	if (db_begin(db, err))
		return -1;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].sha && l->v[i].authored != TIME_NONE &&
		    store_dora_change_put(db, h->repo->full_name, d, l->v[i].sha, l->v[i].authored, err))
			goto fail;
	if (store_dora_changes_done(db, h->repo->full_name, d, how, base, (int64_t)l->n, err))
		goto fail;
	h->r->worked_out++;
	h->r->changes += (int64_t)l->n;
	return db_commit(db, err);
fail:
	db_rollback(db);
	return -1;
}

static void forget_listed(struct history *h)
{
	for (size_t i = 0; i < h->nlisted; i++)
		free(h->listed[i]);
	h->nlisted = 0;
}

/* GET compare/BASE...HEAD: the commits it lists are D's changes; 404 means the history was rewritten. */
static int compare(struct history *h, const struct dora_done *d, const char *base, struct strbuf *err)
{
	struct dora_run *r = h->r;
	struct dora_change_list l = { 0 };
	char *eb = http_escape(base), *eh = http_escape(d->sha); /* SHAs as the server sent them */
	char *url = github_repo_url(r->gh, h->repo->full_name, "/compare/%s...%s?per_page=100", eb, eh);
	long status = 0;
	int rc;

	r->compares++;
	forget_parents(h);
	forget_listed(h);
	free(h->bad);
	h->bad = NULL;
	h->compare = 1;
	rc = github_get_pages(r->gh, url, GITHUB_NO_CACHE, on_commits_page, h, &status, err);
	h->compare = 0;
	if (rc != GITHUB_OK)
		goto out;
	if (h->bad) {
		strbuf_addstr(err, h->bad);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	if (status == 404) {
		log_info(r->ctx->log, "github: %s: 404: the history between two deployments was rewritten; the changes of "
				      "deployment %s %lld are skipped", url, d->kind, (long long)d->id);
		r->rewritten++;
		rc = store_changes(h, d, "rewritten", base, &l, err) ? GITHUB_FAILED : GITHUB_OK;
		goto out;
	}
	if (status / 100 != 2) {
		strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	for (size_t i = 0; i < h->nlisted; i++) {
		XGROW(l.v, l.alloc, l.n + 1);
		l.v[l.n].sha = h->listed[i];
		l.v[l.n++].authored = h->listed_at[i];
	}
	rc = store_changes(h, d, "compare", base, &l, err) ? GITHUB_FAILED : GITHUB_OK;
out:
	dora_change_list_release(&l);
	forget_listed(h);
	free(eb);
	free(eh);
	free(url);
	return rc;
}

/* Work out D's changes since BASE: from the graph, chasing missing history, else by compare. */
static int work_out(struct history *h, const struct dora_done *d, const char *base, struct strbuf *err)
{
	struct dora_change_list l = { 0 };
	const char *missing;
	int rc = GITHUB_OK, progress;

	if (!base) /* the first deployment seen: no base, no changes (a seed would count all history) */
		return store_changes(h, d, "seed", NULL, &l, err) ? GITHUB_FAILED : GITHUB_OK;
	if (!strcmp(base, d->sha))
		return store_changes(h, d, "redeploy", base, &l, err) ? GITHUB_FAILED : GITHUB_OK;
	for (;;) {
		if (dora_graph_changes(h->g, d->sha, base, &l, &missing) == DORA_GRAPH_OK) {
			rc = store_changes(h, d, "graph", base, &l, err) ? GITHUB_FAILED : GITHUB_OK;
			break;
		}
		if (h->chases >= MAX_CHASES) {
			rc = compare(h, d, base, err);
			break;
		}
		rc = chase(h, missing, d->sha, base, &progress, err);
		if (rc != GITHUB_OK)
			break;
		if (!progress) {
			rc = compare(h, d, base, err);
			break;
		}
	}
	dora_change_list_release(&l);
	return rc;
}

static void load_commit(void *data, const char *sha, int64_t authored_at, const char *parents, int beyond)
{
	dora_graph_add(data, sha, authored_at, parents, beyond);
}

/* ---- merged pull requests ----------------------------------------------------------------- */

struct pulls_page {
	struct dora_run *r;
	const struct dora_repo *repo;
	int64_t stop_at, newest;
	char *bad;
};

static int on_pulls_page(void *data, const struct github_response *page, struct strbuf *err)
{
	struct pulls_page *pp = data;
	struct db *db = pp->r->ctx->db;
	json_t *doc = json_parse_array(page->body, page->len, page->url, "pull requests", &pp->bad), *item;
	size_t i;
	int older = 0, ret = -1;

	if (!doc)
		return 1;
	if (db_begin(db, err))
		goto out;
	json_array_foreach(doc, i, item) {
		int64_t number, updated = json_time(item, "updated_at"), created = json_time(item, "created_at");
		int64_t merged = json_time(item, "merged_at");
		char *sha = dora_graph_norm(json_str(item, "merge_commit_sha"));
		int rc = 0;

		if (updated != TIME_NONE && updated < pp->stop_at)
			older = 1; /* sorted by update, newest first: the rest was read before */
		else if (sha && merged != TIME_NONE && created != TIME_NONE && !json_int(item, "number", &number)) {
			rc = store_dora_pull_put(db, pp->repo->full_name, number, sha, created, merged, err);
			pp->r->pulls++;
		}
		if (updated != TIME_NONE && updated > pp->newest)
			pp->newest = updated;
		free(sha);
		if (rc) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db, err))
		goto out;
	ret = older;
out:
	json_decref(doc);
	return ret;
}

/* Merged pull requests updated since the last read (since the horizon the first time). */
static int read_pulls(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err)
{
	struct pulls_page pp;
	char *url = github_repo_url(r->gh, repo->full_name, "/pulls?state=closed&sort=updated&direction=desc&per_page=100");
	int64_t mark;
	long status = 0;
	int rc = GITHUB_FAILED;

	memset(&pp, 0, sizeof(pp));
	pp.r = r;
	pp.repo = repo;
	pp.newest = TIME_NONE;
	if (github_dora_mark_get(r, "pulls", repo->full_name, NULL, &mark, err))
		goto out;
	pp.stop_at = mark == TIME_NONE || mark - OVERLAP < r->horizon ? r->horizon : mark - OVERLAP;
	rc = github_get_pages(r->gh, url, 0, on_pulls_page, &pp, &status, err);
	if (rc != GITHUB_OK)
		goto out;
	if (pp.bad || (status / 100 != 2 && status != 404)) {
		if (pp.bad)
			strbuf_addstr(err, pp.bad);
		else
			strbuf_addf(err, "GET %s: unexpected status %ld", url, status);
		rc = GITHUB_UNAVAILABLE;
		goto out;
	}
	if (pp.newest != TIME_NONE && github_dora_mark_set(r, "pulls", repo->full_name, NULL, pp.newest, err))
		rc = GITHUB_FAILED;
out:
	free(pp.bad);
	free(url);
	return rc;
}

int github_dora_changes(struct dora_run *r, const struct dora_repo *repo, struct strbuf *err)
{
	struct dora_done_list list = { 0 };
	struct history h;
	struct db *db = r->ctx->db;
	size_t pending = 0;
	int rc = GITHUB_FAILED;

	memset(&h, 0, sizeof(h));
	h.r = r;
	h.repo = repo;
	h.g = dora_graph_new();
	if (db_begin(db, err))
		goto out;
	if (store_dora_deployments_for_changes(db, repo->full_name, &list, &pending, err)) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db, err))
		goto out;
	rc = GITHUB_OK;
	if (!pending)
		goto out;
	if (store_dora_commits_each(db, repo->full_name, load_commit, h.g, err)) {
		rc = GITHUB_FAILED;
		goto out;
	}
	rc = read_pulls(r, repo, err);
	if (rc == GITHUB_OK)
		rc = read_branches(&h, err);
	for (size_t i = 0; i < list.n && rc == GITHUB_OK; i++)
		if (list.v[i].pending)
			rc = work_out(&h, &list.v[i], i ? list.v[i - 1].sha : NULL, err);
out:
	store_dora_done_list_release(&list);
	forget_parents(&h);
	free(h.parents);
	forget_listed(&h);
	free(h.listed);
	free(h.listed_at);
	free(h.bad);
	dora_change_list_release(&h.scratch);
	dora_graph_free(h.g);
	return rc;
}
