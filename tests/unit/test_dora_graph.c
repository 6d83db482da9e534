/* Unit tests: reachability on the commit graph (BASE..HEAD), and the collector's pure helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_graph.h"
#include "collect/github_dora.h"
#include "test.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* Short hex names stand for shas: "a1", "b2" are not hex enough (4 digits minimum), so use 4+. */
#define A "aaaa"
#define B "bbbb"
#define C "cccc"
#define D "dddd"
#define E "eeee"
#define F "ffff"
#define G "0001"
#define M "0002"
#define OLD "0003"

static int has(const struct dora_change_list *l, const char *sha)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].sha, sha))
			return 1;
	return 0;
}

static void test_dora_graph__linear(void)
{
	struct dora_graph *g = dora_graph_new();
	struct dora_change_list l = { 0 };
	const char *missing = NULL;

	dora_graph_add(g, A, 100, "", 0);
	dora_graph_add(g, B, 200, A, 0);
	dora_graph_add(g, C, 300, B, 0);
	dora_graph_add(g, D, 400, C, 0);
	CHECK_INTEQ(dora_graph_size(g), 4);
	CHECK_INTEQ(dora_graph_changes(g, D, B, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 2);
	CHECK(has(&l, C) && has(&l, D));
	/* no base: everything back to the root */
	CHECK_INTEQ(dora_graph_changes(g, D, NULL, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 4);
	/* a redeploy and a rollback ship nothing */
	CHECK_INTEQ(dora_graph_changes(g, D, D, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 0);
	CHECK_INTEQ(dora_graph_changes(g, B, D, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 0);
	/* upper-case shas are the same commits */
	CHECK_INTEQ(dora_graph_changes(g, "DDDD", "BBBB", &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 2);
	/* the author date comes with each change */
	CHECK_INTEQ(dora_graph_changes(g, B, A, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 1);
	CHECK_INTEQ(l.v[0].authored, 200);
	dora_change_list_release(&l);
	dora_graph_free(g);
}

static void test_dora_graph__merge_brings_older_commits(void)
{
	struct dora_graph *g = dora_graph_new();
	struct dora_change_list l = { 0 };
	const char *missing = NULL;

	/* A - B - C - M, and a branch A - F - G merged into M (F older than B) */
	dora_graph_add(g, A, 100, "", 0);
	dora_graph_add(g, B, 300, A, 0);
	dora_graph_add(g, C, 400, B, 0);
	dora_graph_add(g, F, 150, A, 0);
	dora_graph_add(g, G, 350, F, 0);
	dora_graph_add(g, M, 500, C " " G, 0);
	CHECK_INTEQ(dora_graph_changes(g, M, C, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 3);
	CHECK(has(&l, M) && has(&l, G) && has(&l, F));
	CHECK(!has(&l, A) && !has(&l, B));
	/* base on the branch: the main line's commits since the fork are new */
	CHECK_INTEQ(dora_graph_changes(g, M, G, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 3);
	CHECK(has(&l, M) && has(&l, B) && has(&l, C));
	/* comma-separated parents are accepted too */
	dora_graph_add(g, "0004", 600, M "," B, 0);
	CHECK_INTEQ(dora_graph_changes(g, "0004", M, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 1);
	dora_change_list_release(&l);
	dora_graph_free(g);
}

static void test_dora_graph__missing_history(void)
{
	struct dora_graph *g = dora_graph_new();
	struct dora_change_list l = { 0 };
	const char *missing = NULL, **unknown = NULL;

	dora_graph_add(g, B, 200, A, 0);          /* A only named as a parent */
	dora_graph_add(g, C, 300, B, 0);
	dora_graph_add(g, M, 400, C " " G, 0);    /* G unknown: a merged branch not read yet */
	CHECK(!dora_graph_known(g, A));
	CHECK(dora_graph_known(g, B));
	CHECK_INTEQ(dora_graph_changes(g, M, C, &l, &missing), DORA_GRAPH_MISSING);
	CHECK_STREQ(missing, G);
	/* an unknown parent of the base's ancestors is the base's: no need to read it */
	CHECK_INTEQ(dora_graph_changes(g, C, B, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 1);
	/* ... but without a base, history down to A is needed */
	CHECK_INTEQ(dora_graph_changes(g, C, NULL, &l, &missing), DORA_GRAPH_MISSING);
	CHECK_STREQ(missing, A);
	/* unknown head or base */
	CHECK_INTEQ(dora_graph_changes(g, E, C, &l, &missing), DORA_GRAPH_MISSING);
	CHECK_STREQ(missing, E);
	CHECK_INTEQ(dora_graph_changes(g, C, D, &l, &missing), DORA_GRAPH_MISSING);
	CHECK_STREQ(missing, D);
	CHECK_INTEQ(dora_graph_unknown(g, &unknown), 4);   /* A, G, E, D in the order they were named */
	CHECK_STREQ(unknown[0], A);
	CHECK_STREQ(unknown[1], G);
	free(unknown);
	/* G is older than the horizon: a stub ends the history, it is not a change */
	dora_graph_add(g, G, TIME_NONE, NULL, 1);
	CHECK_INTEQ(dora_graph_changes(g, M, C, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 1);
	CHECK(has(&l, M));
	/* a stub later read as a commit becomes one */
	dora_graph_add(g, G, 350, F, 0);
	dora_graph_add(g, F, 320, OLD, 0);
	dora_graph_add(g, OLD, TIME_NONE, NULL, 1);
	CHECK_INTEQ(dora_graph_changes(g, M, C, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 3);
	/* a commit is never demoted to a stub */
	dora_graph_add(g, F, TIME_NONE, NULL, 1);
	CHECK_INTEQ(dora_graph_changes(g, M, C, &l, &missing), DORA_GRAPH_OK);
	CHECK_INTEQ(l.n, 3);
	/* not hex: ignored */
	dora_graph_add(g, "not-a-sha", 1, "", 0);
	CHECK(!dora_graph_known(g, "not-a-sha"));
	dora_change_list_release(&l);
	dora_graph_free(g);
}

static void test_dora_graph__many_traversals(void)
{
	struct dora_graph *g = dora_graph_new();
	struct dora_change_list l = { 0 };
	const char *missing;
	char sha[16], parent[16];
	int ok = 1;

	for (int i = 0; i < 2000; i++) {
		snprintf(sha, sizeof(sha), "%08x", i + 1);
		snprintf(parent, sizeof(parent), "%08x", i);
		dora_graph_add(g, sha, i, i ? parent : "", 0);
	}
	for (int i = 1; i < 2000; i++) {
		snprintf(sha, sizeof(sha), "%08x", i + 1);
		snprintf(parent, sizeof(parent), "%08x", i);
		if (dora_graph_changes(g, sha, parent, &l, &missing) != DORA_GRAPH_OK || l.n != 1)
			ok = 0;
	}
	CHECK(ok);
	dora_change_list_release(&l);
	dora_graph_free(g);
}

static void test_github_dora__status_outcome(void)
{
	struct dora_status v[4];
	const char *c = NULL;
	int success = -1;
	int64_t at = 0;

	/* out of order: the first success by time wins, later inactive does not matter */
	v[0] = (struct dora_status){ "inactive", 900, 4 };
	v[1] = (struct dora_status){ "success", 300, 3 };
	v[2] = (struct dora_status){ "in_progress", 100, 1 };
	v[3] = (struct dora_status){ "success", 200, 2 };
	CHECK(github_dora_status_outcome(v, 4, &c, &success, &at));
	CHECK_STREQ(c, "success");
	CHECK_INTEQ(success, 1);
	CHECK_INTEQ(at, 200);
	v[0] = (struct dora_status){ "queued", 100, 1 };
	v[1] = (struct dora_status){ "error", 300, 2 };
	CHECK(github_dora_status_outcome(v, 2, &c, &success, &at));
	CHECK_STREQ(c, "error");
	CHECK_INTEQ(success, 0);
	CHECK_INTEQ(at, 300);
	v[0] = (struct dora_status){ "pending", 100, 1 };
	v[1] = (struct dora_status){ "in_progress", 200, 2 };
	CHECK(!github_dora_status_outcome(v, 2, &c, &success, &at));
	CHECK(!github_dora_status_outcome(v, 0, &c, &success, &at));
	v[2] = (struct dora_status){ "inactive", 250, 3 };
	CHECK(github_dora_status_outcome(v, 3, &c, &success, &at));
	CHECK_STREQ(c, "inactive");
}

static void test_github_dora__split(void)
{
	int64_t s[16];
	size_t k;

	/* 2,500 runs in 1,000 s: five windows of 200 s */
	k = github_dora_split(0, 999, 2500, 600, 16, 60, s);
	CHECK_INTEQ(k, 5);
	CHECK_INTEQ(s[0], 0);
	CHECK_INTEQ(s[1], 200);
	CHECK_INTEQ(s[4], 800);
	/* never fewer than two parts, never more than the maximum */
	CHECK_INTEQ(github_dora_split(0, 999, 1000, 600, 16, 60, s), 2);
	CHECK_INTEQ(github_dora_split(0, 99999, 100000, 600, 16, 60, s), 16);
	/* never below the minimum span */
	CHECK_INTEQ(github_dora_split(0, 179, 5000, 600, 16, 60, s), 3);
	CHECK_INTEQ(github_dora_split(0, 59, 5000, 600, 16, 60, s), 1);
}

static void test_github_dora__horizon_and_branches(void)
{
	struct config cfg;
	struct period_cfg pcfg = { g_time_zone_new_utc(), 1 };
	struct strbuf err = STRBUF_INIT;
	int64_t now, t, want;

	config_init(&cfg);
	time_parse_iso("2026-11-27T12:00:00Z", NULL, &now);
	CHECK(!github_dora_horizon(&cfg, &pcfg, now, &t, &err));
	time_parse_iso("2025-10-01T00:00:00Z", NULL, &want);
	CHECK_INTEQ(t, want);
	pcfg.fy_start_month = 4; /* quarters start in April, July, October, January */
	CHECK(!github_dora_horizon(&cfg, &pcfg, now, &t, &err));
	CHECK_INTEQ(t, want);
	cfg.dora.since = xstrdup("2024-02-15");
	CHECK(!github_dora_horizon(&cfg, &pcfg, now, &t, &err));
	time_parse_iso("2024-02-15T00:00:00Z", NULL, &want);
	CHECK_INTEQ(t, want);
	free(cfg.dora.since);
	cfg.dora.since = xstrdup("soon");
	CHECK(github_dora_horizon(&cfg, &pcfg, now, &t, &err));
	CHECK(strstr(err.buf, "'dora.since'") != NULL);
	/* production branches: the default branch unless configured */
	CHECK(github_dora_production_branch(&cfg, "main", "main"));
	CHECK(!github_dora_production_branch(&cfg, "main", "feature"));
	CHECK(!github_dora_production_branch(&cfg, NULL, "main"));
	CHECK(!github_dora_production_branch(&cfg, "main", NULL));
	config_release(&cfg);
	config_init(&cfg);
	{
		const char *text = "dora:\n  production_branches: [release, prod]\n";

		CHECK(!config_load_text(&cfg, "t.yaml", text, strlen(text), &err));
	}
	CHECK(github_dora_production_branch(&cfg, "main", "prod"));
	CHECK(!github_dora_production_branch(&cfg, "main", "main"));
	config_release(&cfg);
	strbuf_release(&err);
	g_time_zone_unref(pcfg.tz);
}

int main(void)
{
	RUN(test_dora_graph__linear);
	RUN(test_dora_graph__merge_brings_older_commits);
	RUN(test_dora_graph__missing_history);
	RUN(test_dora_graph__many_traversals);
	RUN(test_github_dora__status_outcome);
	RUN(test_github_dora__split);
	RUN(test_github_dora__horizon_and_branches);
	return TEST_RESULT();
}
