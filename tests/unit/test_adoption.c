/* Unit tests: adoption summaries by hand, and stored repositories -> snapshot -> KPI values end to end in memory. */
#include <stdlib.h>
#include <string.h>

#include "collect/github.h"
#include "collect/workflow_yaml.h"
#include "compute/adoption.h"
#include "store/github.h"
#include "store/metrics.h"
#include "test.h"
#include "util/timeutil.h"

static void test_adoption__summary(void)
{
	/* active, checked, golden, partial */
	struct adoption_obs v[] = {
		{ 1, 1, 1, 0 }, { 1, 1, 0, 0 }, { 1, 1, 1, 0 }, { 1, 1, 0, 0 },
		{ 0, 1, 1, 0 },  /* archived but golden: not counted */
		{ 1, 0, 0, 0 },  /* active, never checked: left out of the rate */
	};
	struct adoption_summary s;

	adoption_summarise(v, 4, &s);
	CHECK_INTEQ(s.repos, 4);
	CHECK_INTEQ(s.active, 4);
	CHECK_INTEQ(s.checked, 4);
	CHECK_INTEQ(s.golden, 2);
	CHECK_NEAR(s.rate, 0.5, 1e-12);
	CHECK(!s.incomplete);
	adoption_summarise(v, 6, &s);
	CHECK_INTEQ(s.repos, 6);
	CHECK_INTEQ(s.active, 5);
	CHECK_INTEQ(s.checked, 4);
	CHECK_INTEQ(s.golden, 2);
	CHECK(s.incomplete);
	adoption_summarise(v + 4, 1, &s);
	CHECK_INTEQ(s.active, 0);
	CHECK(isnan(s.rate));
	v[0].partial = 1;
	adoption_summarise(v, 1, &s);
	CHECK(s.incomplete);
	CHECK_NEAR(s.rate, 1, 1e-12);
}

struct fixture {
	struct db *db;
	struct config cfg;
	GTimeZone *tz;
	struct period_cfg pcfg;
	struct strbuf err;
};

static void put_repo(struct fixture *f, const char *name, int archived, int fork, int64_t pushed, const char *yaml)
{
	struct github_repo r;
	struct github_workflow w;
	struct workflow_uses u = { 0 };
	char full[64], *json = NULL;

	snprintf(full, sizeof(full), "acme/%s", name);
	memset(&r, 0, sizeof(r));
	r.full_name = full;
	r.owner = "acme";
	r.name = name;
	r.archived = archived;
	r.fork = fork;
	r.created_at = pushed - 86400;
	r.pushed_at = pushed;
	CHECK(!store_github_repo_upsert(f->db, &r, 1, pushed, &f->err));
	if (!yaml)
		return;
	CHECK(!workflow_yaml_uses(yaml, strlen(yaml), full, &u, &f->err));
	json = workflow_uses_json(&u);
	memset(&w, 0, sizeof(w));
	w.id = 1;
	w.name = "CI";
	w.path = ".github/workflows/ci.yml";
	w.state = "active";
	w.uses = json;
	CHECK(!store_github_workflows_replace(f->db, full, &w, 1, pushed, pushed, &f->err));
	workflow_uses_release(&u);
	free(json);
}

static double value_of(struct fixture *f, const char *period, const char *metric, int64_t *n)
{
	struct metric_rows rows = { 0 };
	double v = -1;

	CHECK(!store_metrics_load(f->db, period, "org", &rows, &f->err));
	for (size_t i = 0; i < rows.n; i++)
		if (!strcmp(rows.v[i].metric, metric)) {
			v = rows.v[i].value;
			*n = rows.v[i].n;
		}
	metric_rows_release(&rows);
	return v;
}

static void test_adoption__snapshot_to_kpi(void)
{
	const char *golden = "jobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n";
	const char *custom = "jobs:\n  ci:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n";
	struct fixture f;
	struct compute_ctx ctx;
	struct github_snapshot_counts c;
	struct adoption_repos ng = { { 0 }, NULL, 0, 0 };
	struct period q3, q2;
	struct log log;
	int64_t now, n = -1;

	log_init(&log, NULL);

	memset(&f, 0, sizeof(f));
	strbuf_init(&f.err, 0);
	config_init(&f.cfg);
	f.cfg.github.org = strdup("acme");
	f.cfg.golden_path.reusable_workflows.v = malloc(sizeof(char *));
	f.cfg.golden_path.reusable_workflows.v[0] = strdup("acme/golden-paths/.github/workflows/*");
	f.cfg.golden_path.reusable_workflows.n = 1;
	f.tz = g_time_zone_new_utc();
	f.pcfg.tz = f.tz;
	f.pcfg.fy_start_month = 1;
	CHECK(!db_open(&f.db, ":memory:", 0600, DB_CREATE, &f.err));
	CHECK(!db_migrate(f.db, &f.err));
	CHECK(!time_parse_iso("2026-08-15T02:00:00Z", NULL, &now));
	put_repo(&f, "a-golden", 0, 0, now - 86400, golden);
	put_repo(&f, "b-golden", 0, 0, now - 10 * 86400, golden);
	put_repo(&f, "c-custom", 0, 0, now - 86400, custom);
	put_repo(&f, "d-noci", 0, 0, now - 86400, NULL);
	put_repo(&f, "e-archived", 1, 0, now - 86400, golden);
	put_repo(&f, "f-fork", 0, 1, now - 86400, golden);
	put_repo(&f, "g-stale", 0, 0, now - 200 * 86400, custom);
	CHECK(!github_snapshot_write(f.db, &f.cfg, &f.pcfg, "acme", now, 0, &c, &f.err));
	CHECK_INTEQ(c.repos, 7);
	CHECK_INTEQ(c.active, 4);
	CHECK_INTEQ(c.checked, 3); /* d-noci's workflows were never read */
	CHECK_INTEQ(c.golden, 2);
	/* writing the same day again replaces it */
	CHECK(!github_snapshot_write(f.db, &f.cfg, &f.pcfg, "acme", now + 3600, 0, &c, &f.err));

	CHECK(!compute_ctx_init(&ctx, f.db, &f.cfg, &f.pcfg, now, &log, &f.err));
	CHECK(!period_parse("2026-Q3", &f.pcfg, &q3, &f.err));
	CHECK(!period_parse("2026-Q2", &f.pcfg, &q2, &f.err));
	CHECK(!compute_period(&ctx, &q3, &f.err));
	CHECK(!compute_period(&ctx, &q2, &f.err));
	if (f.err.len)
		fprintf(stderr, "%s\n", f.err.buf);
	CHECK_NEAR(value_of(&f, "2026-Q3", "golden_path_adoption_rate", &n), 2.0 / 3.0, 1e-12);
	CHECK_INTEQ(n, 3);
	CHECK_NEAR(value_of(&f, "2026-Q3", "golden_path_repos", &n), 2, 0);
	CHECK_NEAR(value_of(&f, "2026-Q3", "active_repos", &n), 4, 0);
	CHECK_INTEQ(n, 4);
	/* no snapshot in Q2: null with n 0 */
	CHECK(isnan(value_of(&f, "2026-Q2", "golden_path_adoption_rate", &n)));
	CHECK_INTEQ(n, 0);

	/* the report's list: active repositories not on the golden path, checked ones first */
	CHECK(!adoption_not_golden(f.db, &f.cfg, &q3, &ng, &f.err));
	CHECK_STREQ(ng.day, "2026-08-15");
	CHECK_INTEQ(ng.n, 2);
	if (ng.n == 2) {
		CHECK_STREQ(ng.v[0].repo, "acme/c-custom");
		CHECK_INTEQ(ng.v[0].checked, 1);
		CHECK_INTEQ(ng.v[0].workflows, 1);
		CHECK_STREQ(ng.v[1].repo, "acme/d-noci");
		CHECK_INTEQ(ng.v[1].checked, 0);
	}
	adoption_repos_release(&ng);
	CHECK(!adoption_not_golden(f.db, &f.cfg, &q2, &ng, &f.err));
	CHECK_STREQ(ng.day, "");
	CHECK_INTEQ(ng.n, 0);
	adoption_repos_release(&ng);

	/* changing the golden-path patterns takes effect at the next snapshot without re-reading anything */
	free(f.cfg.golden_path.reusable_workflows.v[0]);
	f.cfg.golden_path.reusable_workflows.v[0] = strdup("acme/other/*");
	CHECK(!github_snapshot_write(f.db, &f.cfg, &f.pcfg, "acme", now + 86400, 0, &c, &f.err));
	CHECK_INTEQ(c.golden, 0);

	compute_ctx_release(&ctx);
	db_close(f.db);
	g_time_zone_unref(f.tz);
	config_release(&f.cfg);
	strbuf_release(&f.err);
	log_release(&log);
}

int main(void)
{
	RUN(test_adoption__summary);
	RUN(test_adoption__snapshot_to_kpi);
	return TEST_RESULT();
}
