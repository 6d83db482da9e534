/*
 * Demo data: deployment runs, the commits and pull requests they ship, and
 * incidents for the deployable demo repositories.  Over the five quarters
 * teams deploy more often, with shorter lead times, fewer failures and
 * faster recovery; mature teams lead, immature ones have idle quarters.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "compute/dora_graph.h"
#include "store/dora.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define HOUR 3600LL
#define DAY 86400LL
#define WEEK (7 * DAY)

/* One repository being generated. */
struct gen {
	struct demo_org *org;
	struct db *db;
	const struct demo_repo *r;
	char full[128];
	double maturity;
	int64_t workflow, next_run, next_number;
	unsigned commits;
	char head[48];               /* the production branch's head */
	int64_t head_time;           /* its author date */
	struct dora_graph *g;
	struct dora_done *done;      /* successful deployments in order */
	size_t ndone, done_alloc;
};

/* Deployments per week at progress X: from a few a quarter to several a week, scaled by maturity. */
static double per_week(double x, double m)
{
	return (0.25 + 3.5 * pow(x, 1.3)) * (0.35 + 1.3 * m);
}

/* Median hours from commit to production: about a week at the start, under a day for mature teams at the end. */
static double lead_median_hours(double x, double m)
{
	return 150.0 * exp(-x * (1.2 + 2.6 * m)) + 3.0;
}

static double failure_chance(double x, double m)
{
	return 0.30 - 0.22 * x * (0.4 + 0.6 * m);
}

static double recovery_median_hours(double x, double m)
{
	return 36.0 * exp(-x * (1.0 + 2.0 * m)) + 0.5;
}

static void make_sha(struct gen *gn, char *out, size_t size)
{
	uint64_t a = rng_next(&gn->org->rng), b = rng_next(&gn->org->rng);

	gn->commits++;
	snprintf(out, size, "%016llx%016llx%08x", (unsigned long long)a, (unsigned long long)b, gn->commits);
}

static int put_commit(struct gen *gn, const char *sha, const char *parents, int64_t authored, struct strbuf *err)
{
	struct dora_commit c = { sha, authored, authored, parents };

	dora_graph_add(gn->g, sha, authored, parents, 0);
	return store_dora_commit_put(gn->db, gn->full, &c, err);
}

/* The commits shipped by a deployment at T: one to four, authored before T, some squash-merged pull requests. */
static int write_changes(struct gen *gn, int64_t t, double x, struct strbuf *err)
{
	struct rng *rng = &gn->org->rng;
	int n = (int)rng_range(rng, 1, 4);
	int64_t when[4];
	char sha[48];

	for (int i = 0; i < n; i++) {
		double hours = rng_lognormal(rng, lead_median_hours(x, gn->maturity), 0.9);

		when[i] = t - (int64_t)(hours * HOUR) - 60;
		if (when[i] <= gn->head_time)
			when[i] = gn->head_time + 60 * (i + 1);
		if (when[i] >= t)
			when[i] = t - 60 * (n - i);
	}
	for (int i = 1; i < n; i++) /* authored in order along the branch */
		for (int j = i; j > 0 && when[j] < when[j - 1]; j--) {
			int64_t tmp = when[j];

			when[j] = when[j - 1];
			when[j - 1] = tmp;
		}
	for (int i = 0; i < n; i++) {
		int squash = rng_chance(rng, 0.25);

		make_sha(gn, sha, sizeof(sha));
		if (put_commit(gn, sha, gn->head, when[i], err))
			return -1;
		if (squash) {
			/* A squash merge carries the merge time; its pull request was opened earlier. */
			int64_t opened = when[i] - (int64_t)(rng_lognormal(rng, 20, 0.8) * HOUR);

			if (store_dora_pull_put(gn->db, gn->full, ++gn->next_number, sha, opened, when[i], err))
				return -1;
		}
		snprintf(gn->head, sizeof(gn->head), "%s", sha);
		gn->head_time = when[i];
	}
	return 0;
}

static int put_run(struct gen *gn, int64_t t, const char *conclusion, int attempt, struct strbuf *err)
{
	struct dora_deployment d;

	memset(&d, 0, sizeof(d));
	d.repo = gn->full;
	d.kind = "run";
	d.id = gn->next_run++;
	d.workflow_id = gn->workflow;
	d.sha = gn->head;
	d.ref = "main";
	d.event = "push";
	d.conclusion = conclusion;
	d.attempt = attempt;
	d.production = 1;
	d.success = !strcmp(conclusion, "success");
	d.created_at = t - 12 * 60 - (attempt > 1 ? HOUR : 0);
	d.deployed_at = t;
	if (store_dora_deployment_put(gn->db, &d, gn->org->now, err))
		return -1;
	if (d.success) {
		XGROW(gn->done, gn->done_alloc, gn->ndone + 1);
		gn->done[gn->ndone].kind = xstrdup("run");
		gn->done[gn->ndone].id = d.id;
		gn->done[gn->ndone].sha = xstrdup(gn->head);
		gn->done[gn->ndone].deployed_at = t;
		gn->done[gn->ndone++].pending = 1;
	}
	return 0;
}

static int put_incident(struct gen *gn, int64_t opened, double x, struct strbuf *err)
{
	int64_t closed = opened + (int64_t)(rng_lognormal(&gn->org->rng, recovery_median_hours(x, gn->maturity), 1.0) * HOUR);

	if (opened >= gn->org->now)
		return 0;
	return store_dora_incident_put(gn->db, gn->full, ++gn->next_number, opened, closed < gn->org->now ? closed : TIME_NONE,
				       closed < gn->org->now ? closed : opened, err);
}

/* The changes of each successful deployment, worked out on the generated graph as the collector does. */
static int put_changes(struct gen *gn, struct strbuf *err)
{
	struct dora_change_list l = { 0 };
	const char *missing;
	int ret = -1;

	for (size_t i = 0; i < gn->ndone; i++) {
		const struct dora_done *d = &gn->done[i];
		const char *base = i ? gn->done[i - 1].sha : NULL, *how = "graph";

		l.n = 0;
		if (!base)
			how = "seed";
		else if (!strcmp(base, d->sha))
			how = "redeploy";
		else if (dora_graph_changes(gn->g, d->sha, base, &l, &missing) != DORA_GRAPH_OK)
			goto out;
		for (size_t k = 0; k < l.n; k++)
			if (store_dora_change_put(gn->db, gn->full, d, l.v[k].sha, l.v[k].authored, err))
				goto out;
		if (store_dora_changes_done(gn->db, gn->full, d, how, base, (int64_t)l.n, err))
			goto out;
	}
	ret = 0;
out:
	if (ret && !err->len)
		strbuf_addf(err, "demo: the history of '%s' is incomplete", gn->full);
	dora_change_list_release(&l);
	return ret;
}

static int gen_repo(struct demo_org *org, struct db *db, const struct demo_repo *r, int64_t id, struct strbuf *err)
{
	struct rng *rng = &org->rng;
	struct gen gn;
	int64_t t, freeze_from = TIME_NONE, freeze_to = TIME_NONE;
	char root[48];
	int ret = -1;

	memset(&gn, 0, sizeof(gn));
	gn.org = org;
	gn.db = db;
	gn.r = r;
	gn.maturity = org->teams[r->team].maturity;
	gn.workflow = id * 10 + 2; /* demo_github's deployment workflow */
	gn.next_run = id * 100000;
	gn.g = dora_graph_new();
	snprintf(gn.full, sizeof(gn.full), "%s/%s", DEMO_ORG, r->name);
	t = (r->created_at > org->start ? r->created_at : org->start) + rng_range(rng, HOUR, 5 * DAY);
	make_sha(&gn, root, sizeof(root));
	if (put_commit(&gn, root, "", t - 2 * DAY, err))
		goto out;
	snprintf(gn.head, sizeof(gn.head), "%s", root);
	gn.head_time = t - 2 * DAY;
	/* Some services of less mature teams go quiet for a quarter (a freeze, a rewrite): they count as 0. */
	if (rng_chance(rng, 0.25 * (1.0 - gn.maturity))) {
		const struct period *q = &org->quarters[rng_range(rng, 1, DEMO_QUARTERS - 2)];

		freeze_from = q->start;
		freeze_to = q->end;
	}
	for (;;) {
		double x = demo_progress(org, t), rate = per_week(x, gn.maturity);

		t += (int64_t)(-log(1.0 - rng_uniform(rng) * 0.999) * (double)WEEK / rate) + 10 * 60;
		if (t >= freeze_from && t < freeze_to)
			t = freeze_to + rng_range(rng, HOUR, 3 * DAY);
		if (t >= org->now)
			break;
		x = demo_progress(org, t);
		if (write_changes(&gn, t, x, err))
			goto out;
		if (rng_chance(rng, failure_chance(x, gn.maturity) * 0.5)) {
			/* The deployment job fails; half the time a re-run an hour later succeeds. */
			if (rng_chance(rng, 0.5)) {
				if (put_run(&gn, t + HOUR, "success", 2, err))
					goto out;
				t += HOUR;
			} else if (put_run(&gn, t, "failure", 1, err)) {
				goto out;
			} else {
				continue;
			}
		} else if (put_run(&gn, t, "success", 1, err)) {
			goto out;
		}
		/* A change that reaches production and breaks it: an incident within hours. */
		if (rng_chance(rng, failure_chance(x, gn.maturity)) &&
		    put_incident(&gn, t + (int64_t)(rng_lognormal(rng, 6, 1.0) * HOUR), x, err))
			goto out;
	}
	/* Now and then an incident nobody can tie to a deployment (outside the window). */
	if (rng_chance(rng, 0.3) && put_incident(&gn, org->start + rng_range(rng, 0, org->now - org->start), 0.5, err))
		goto out;
	ret = put_changes(&gn, err);
out:
	for (size_t i = 0; i < gn.ndone; i++) {
		free(gn.done[i].kind);
		free(gn.done[i].sha);
	}
	free(gn.done);
	dora_graph_free(gn.g);
	return ret;
}

static int generate(struct demo_org *org, struct db *db, struct strbuf *err)
{
	for (size_t i = 0; i < org->nrepos; i++) {
		const struct demo_repo *r = &org->repos[i];

		if (!r->deployable || r->archived || r->fork || r->is_template)
			continue;
		if (gen_repo(org, db, r, 1000 + (int64_t)i, err))
			return -1;
	}
	return 0;
}

const struct demo_generator demo_dora = { "dora", generate, { 0, 0, 0, 0 } };
