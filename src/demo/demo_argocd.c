/*
 * Demo data for Argo CD: half the deployable services deploy through Argo CD (their deployment
 * runs become syncs of an application "<repo>-prod"), one of them from a configuration repository
 * with the application commit in its image tags, one with syncs lost to the capped history.
 * Runs in the second round, after GitHub's DORA history.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/argocd.h"
#include "demo/demo.h"
#include "store/gitops.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define LOST 3              /* syncs the demo's busiest application lost once */

/* One repository's runs become Argo CD syncs.  CONFIG: from a configuration repository; GAP: lose LOST syncs once. */
static int move_repo(struct demo_org *org, struct db *db, const char *repo, const char *name, int config, int gap,
		     struct strbuf *err)
{
	struct gitops_demo_run *runs = NULL;
	struct argocd_app_row app;
	char *app_name = xasprintf("%s-prod", name), *uid = xasprintf("demo-%s-1", name), *src = NULL;
	int64_t hid = 0, first = TIME_NONE, last = TIME_NONE;
	size_t n = 0;
	int ret = -1;

	if (store_gitops_demo_runs(db, repo, &runs, &n, err))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct argocd_sync_row s;
		char rev[48];

		memset(&s, 0, sizeof(s));
		s.app_uid = uid;
		s.app = app_name;
		s.history_id = runs[i].success ? hid : -1;
		/* a configuration repository's commit: derived from the application commit, deterministic */
		snprintf(rev, sizeof(rev), "%.32s%08llx", runs[i].sha + 8, (unsigned long long)(runs[i].id & 0xffffffff));
		s.revision = config ? rev : runs[i].sha;
		s.commit_sha = config && runs[i].success ? runs[i].sha : NULL;
		s.lead_source = !runs[i].success ? NULL : config ? "image" : "source";
		s.phase = runs[i].success ? "Succeeded" : "Failed";
		s.started_at = runs[i].created_at;
		s.deployed_at = runs[i].deployed_at;
		if (store_gitops_demo_move(db, repo, runs[i].id, &s, org->now, err))
			goto out;
		if (!runs[i].success)
			continue;
		if (first == TIME_NONE)
			first = runs[i].deployed_at;
		last = runs[i].deployed_at;
		/* the busiest application once synced faster than its history of 10 was read: LOST syncs gone */
		if (gap && hid == 20) {
			if (store_argocd_gap_put(db, uid, app_name, hid, hid + LOST + 1, LOST, runs[i].deployed_at,
						 i + 1 < n ? runs[i + 1].deployed_at : runs[i].deployed_at + 3600, org->now, err))
				goto out;
			hid += LOST;
		}
		hid++;
	}
	src = config ? xasprintf("https://github.com/%s-deploy.git", repo) : xasprintf("https://github.com/%s.git", repo);
	memset(&app, 0, sizeof(app));
	app.uid = uid;
	app.name = app_name;
	app.project = "default";
	app.production = 1;
	app.repo = repo;
	app.mapped_from = "catalog";
	app.source_repos = src;
	app.config_repo = config;
	app.history_limit = -1;
	app.last_id = hid - 1;
	app.syncs_per_day = last > first ? (double)(hid - 1) / ((double)(last - first) / 86400.0) : NAN;
	if (store_argocd_app_put(db, &app, org->now, err) || store_gitops_demo_annotate(db, repo, app_name, NULL, err))
		goto out;
	ret = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(runs[i].sha);
	free(runs);
	free(app_name);
	free(uid);
	free(src);
	return ret;
}

static int gen_argocd(struct demo_org *org, struct db *db, struct strbuf *err)
{
	size_t k = 0;

	for (size_t i = 0; i < org->nrepos; i++) {
		const struct demo_repo *r = &org->repos[i];
		char full[128];

		if (!r->deployable || r->archived || r->fork || r->is_template)
			continue;
		if (k++ % 2) /* every other deployable service stays on its GitHub Actions deployment workflow */
			continue;
		snprintf(full, sizeof(full), "%s/%s", DEMO_ORG, r->name);
		if (move_repo(org, db, full, r->name, k == 1, k == 3, err))
			return -1;
	}
	return 0;
}

static const struct demo_generator night = { "argocd", demo_noop, { 7320, 18, 41, 0 } };
const struct demo_generator demo_argocd = { "argocd-syncs", gen_argocd, { 0, 0, 0, 0 } };
const struct demo_generator *const demo_argocd_list[] = { &night, &demo_argocd, NULL };
