/* The built-in demo organisation: a deterministic synthetic company whose platform improves each quarter. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/collectors.h"
#include "demo/demo.h"
#include "store/runs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const struct demo_team team_table[DEMO_TEAMS] = {
	{ "checkout", "Checkout", 14, 0.85 },
	{ "data-platform", "Data Platform", 11, 0.55 },
	{ "growth", "Growth", 9, 0.45 },
	{ "identity", "Identity", 8, 0.75 },
	{ "mobile", "Mobile", 12, 0.30 },
	{ "payments", "Payments", 16, 0.65 },
	{ "platform", "Platform", 10, 0.95 },
	{ "search", "Search", 12, 0.50 },
};

static const char *const nouns[] = {
	"api", "web", "worker", "gateway", "ledger", "events", "jobs", "admin", "sync", "export",
	"notifier", "scheduler", "catalog", "auth", "billing", "reports", "ingest", "cache", "config", "router",
};

static const char *const languages[] = { "Go", "Java", "TypeScript", "Python", "Kotlin" };

int demo_noop(struct demo_org *org, struct db *db, struct strbuf *err)
{
	(void)org;
	(void)db;
	(void)err;
	return 0;
}

double demo_progress(const struct demo_org *org, int64_t t)
{
	double span = (double)(org->now - org->start);
	double x = span > 0 ? (double)(t - org->start) / span : 1;

	return x < 0 ? 0 : x > 1 ? 1 : x;
}

static void make_repos(struct demo_org *org)
{
	size_t alloc = 0;
	int64_t three_years = 3 * 365 * 86400LL;

	for (int i = 0; i < 150; i++) {
		struct demo_repo *r;
		int team = (int)rng_range(&org->rng, 0, DEMO_TEAMS - 1);
		double m = org->teams[team].maturity;

		XGROW(org->repos, alloc, org->nrepos + 1);
		r = &org->repos[org->nrepos++];
		memset(r, 0, sizeof(*r));
		r->team = team;
		snprintf(r->name, sizeof(r->name), "%s-%s%s", org->teams[team].name, nouns[i % 20],
			 i < 20 ? "" : i < 40 ? "-v2" : "");
		if (i >= 40)
			snprintf(r->name + strlen(r->name), sizeof(r->name) - strlen(r->name), "-%d", i);
		r->language = languages[rng_range(&org->rng, 0, 4)];
		/* About a quarter of the repositories are new during the demo span, most via the scaffolder. */
		if (rng_chance(&org->rng, 0.27)) {
			r->created_at = rng_range(&org->rng, org->start, org->now - 86400);
			r->via_scaffolder = rng_chance(&org->rng, 0.3 + 0.6 * demo_progress(org, r->created_at));
		} else {
			r->created_at = org->start - rng_range(&org->rng, 30 * 86400LL, three_years);
		}
		r->archived = i % 17 == 5;
		r->fork = i % 23 == 7;
		r->is_template = i == 149;
		r->deployable = !r->archived && !r->is_template && rng_chance(&org->rng, 0.75);
		r->pushed_at = r->archived ? org->start - rng_range(&org->rng, 86400, 400 * 86400LL)
					   : org->now - rng_range(&org->rng, 600, (int64_t)(30 * 86400 * (1.2 - m)));
		/* Golden-path migration: mature teams move early; scaffolded repositories start on it. */
		if (r->via_scaffolder)
			r->golden_since = r->created_at;
		else if (!r->archived && rng_chance(&org->rng, 0.5 + 0.45 * m)) {
			/* a third of the eventual adopters were on it before the demo starts */
			double f = -0.3 + 1.4 * pow(rng_uniform(&org->rng), 2.0 - m);

			r->golden_since = org->start + (int64_t)(f * (double)(org->now - org->start));
			if (r->golden_since < r->created_at)
				r->golden_since = r->created_at;
		} else
			r->golden_since = TIME_NONE;
		if (r->golden_since != TIME_NONE && r->golden_since > org->now)
			r->golden_since = TIME_NONE;
	}
}

/*
 * The last night's collection runs, so the reports' freshness sections read
 * like a real installation's.  Each source with a demo ran last night, ok.
 */
static int record_nights(struct demo_org *org, struct db *db, struct strbuf *err)
{
	int64_t night = org->now - org->now % 86400; /* midnight UTC of the demo's day */

	for (const struct collector *const *c = collectors; *c; c++) {
		const struct demo_night *n = (*c)->demo && (*c)->demo[0] ? &(*c)->demo[0]->night : NULL;
		struct run_stats st;
		int64_t start, id;

		if (!n || !n->offset)
			continue;
		memset(&st, 0, sizeof(st));
		st.requests = n->requests;
		st.not_modified = n->not_modified;
		st.rows = n->requests * 3;
		start = night + n->offset;
		if (start > org->now)
			start -= 86400;
		if (store_run_begin(db, (*c)->name, start, &id, err) ||
		    store_run_end(db, id, start + n->seconds, "ok", &st, NULL, err))
			return -1;
	}
	return 0;
}

/* The number of demo generators of source C. */
static size_t generators_of(const struct collector *c)
{
	size_t n = 0;

	while (c->demo && c->demo[n])
		n++;
	return n;
}

/* Run the K-th generator of every source that has one; *RAN tells whether one ran. */
static int run_round(struct demo_org *org, struct db *db, size_t k, int *ran, struct strbuf *err)
{
	*ran = 0;
	for (const struct collector *const *c = collectors; *c; c++) {
		const struct demo_generator *g;

		if (k >= generators_of(*c))
			continue;
		g = (*c)->demo[k];
		*ran = 1;
		if (g->generate(org, db, err)) {
			strbuf_addf(err, " (demo %s)", g->name);
			return -1;
		}
	}
	return 0;
}

int demo_build(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, int64_t now, struct log *log,
	       struct strbuf *err)
{
	struct demo_org org;
	struct period cur;
	int ret = -1;

	memset(&org, 0, sizeof(org));
	org.cfg = cfg;
	org.pcfg = pcfg;
	org.log = log;
	org.now = now;
	rng_seed(&org.rng, 20260701);
	memcpy(org.teams, team_table, sizeof(team_table));
	period_at(now, PERIOD_QUARTER, pcfg, &cur);
	for (int i = 0; i < DEMO_QUARTERS; i++)
		period_shift(&cur, i - (DEMO_QUARTERS - 1), pcfg, &org.quarters[i]);
	org.start = org.quarters[0].start;
	make_repos(&org);
	if (db_begin(db, err))
		goto out;
	if (store_state_set(db, "demo", "organisation", DEMO_ORG, now, err))
		goto fail;
	for (size_t k = 0, ran = 1; ran; k++) {
		int any;

		if (run_round(&org, db, k, &any, err))
			goto fail;
		ran = (size_t)any;
	}
	if (record_nights(&org, db, err))
		goto fail;
	if (db_commit(db, err))
		goto out;
	ret = 0;
	goto out;
fail:
	db_rollback(db);
out:
	free(org.repos);
	return ret;
}
