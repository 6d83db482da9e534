/*
 * Demo data for the GitOps sources: half the deployable services deploy through Argo CD (their
 * deployment runs become syncs of an application "<repo>-prod", one of them from a configuration
 * repository with the application commit in its image tags, one with syncs lost to the capped
 * history), and incidents page through PagerDuty (with merged and low-urgency ones that do not
 * count).  Runs in the second round, after GitHub's DORA history.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/argocd.h"
#include "collect/pagerduty.h"
#include "demo/demo.h"
#include "store/gitops.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define LOST 3              /* syncs the demo's busiest application lost once */

static int noop(struct demo_org *org, struct db *db, struct strbuf *err)
{
	(void)org;
	(void)db;
	(void)err;
	return 0;
}

/* One repository's runs become Argo CD syncs.  CONFIG: from a configuration repository; GAP: lose LOST syncs once. */
static int move_repo(struct demo_org *org, struct db *db, const char *repo, const char *name, int config, int gap,
		     struct strbuf *err)
{
	struct gitops_demo_run *runs = NULL;
	struct argocd_app_row app;
	char *app_name = xasprintf("%s-prod", name), *uid = xasprintf("demo-%s-1", name), *src = NULL;
	int64_t hid = 0, first = TIME_NONE, last = TIME_NONE, prev_at = TIME_NONE;
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
		prev_at = runs[i].deployed_at;
		hid++;
	}
	(void)prev_at;
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

struct pd {
	struct demo_org *org;
	struct db *db;
	int64_t extra;
};

static int pd_incident(void *data, const char *repo, int64_t number, int64_t opened, int64_t closed, struct strbuf *err)
{
	struct pd *p = data;
	char id[32], service[16], mid[32];
	struct pd_incident_row row;
	unsigned h = 5381;

	for (const char *c = repo; *c; c++)
		h = h * 33 + (unsigned char)*c;
	snprintf(service, sizeof(service), "P%06X", h & 0xffffff);
	snprintf(id, sizeof(id), "Q%06X%04llX", h & 0xffffff, (unsigned long long)(number & 0xffff));
	memset(&row, 0, sizeof(row));
	row.id = id;
	row.service_id = service;
	row.repo = repo;
	row.status = closed != TIME_NONE ? "resolved" : "triggered";
	row.urgency = "high";
	row.number = number;
	row.created_at = opened;
	row.resolved_at = closed;
	row.counts = 1;
	if (store_pd_incident_put(p->db, &row, p->org->now, err) || store_gitops_demo_annotate(p->db, repo, NULL, service, err))
		return -1;
	/* an alert that opened a second incident, merged into this one; a low-urgency page: neither counts */
	if (rng_chance(&p->org->rng, 0.3)) {
		int low = rng_chance(&p->org->rng, 0.5);

		snprintf(mid, sizeof(mid), "Q%06XM%05llX", h & 0xffffff, (unsigned long long)(++p->extra & 0xfffff));
		row.id = mid;
		row.number = 900000 + p->extra;
		row.created_at = opened + 120;
		row.resolved_at = low ? (closed != TIME_NONE ? closed : TIME_NONE) : opened + 600;
		row.status = row.resolved_at != TIME_NONE ? "resolved" : "triggered";
		row.urgency = low ? "low" : "high";
		row.merged = !low;
		row.counts = 0;
		return store_pd_incident_put(p->db, &row, p->org->now, err);
	}
	return 0;
}

static int gen_pagerduty(struct demo_org *org, struct db *db, struct strbuf *err)
{
	struct pd p = { org, db, 0 };

	return store_gitops_demo_incidents(db, pd_incident, &p, err);
}

static const struct demo_generator night_argocd = { "argocd", noop, { 7320, 18, 41, 0 } };
static const struct demo_generator night_pagerduty = { "pagerduty", noop, { 7340, 4, 23, 0 } };
const struct demo_generator demo_argocd = { "argocd-syncs", gen_argocd, { 0, 0, 0, 0 } };
const struct demo_generator demo_pagerduty = { "pagerduty-incidents", gen_pagerduty, { 0, 0, 0, 0 } };
const struct demo_generator *const demo_argocd_list[] = { &night_argocd, &demo_argocd, NULL };
const struct demo_generator *const demo_pagerduty_list[] = { &night_pagerduty, &demo_pagerduty, NULL };
