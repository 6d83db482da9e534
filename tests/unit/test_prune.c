/* Unit test: prune: every prune/ query runs with its boundary, in name order, in one transaction. */
#include <stdlib.h>

#include "collect/collectors.h"
#include "store/db.h"
#include "store/metrics.h"
#include "store/prune.h"
#include "store/runs.h"
#include "test.h"
#include "util/embedded.h"
#include "util/timeutil.h"

static void put(struct db *db, const char *metric, const char *period)
{
	struct metric_value mv = { metric, period, "org", 1.0, "count", 1, NULL, NULL, NULL, NULL };
	struct strbuf err = STRBUF_INIT;

	CHECK(!store_metric_put(db, &mv, 1700000000, &err));
	strbuf_release(&err);
}

static void test_prune__bounds_and_dry_run(void)
{
	struct db *db = NULL;
	struct strbuf err = STRBUF_INIT;
	struct prune_result r;
	struct prune_bounds b = { 1735689600, "2025-Q1", "2025-01" }; /* 2025-01-01T00:00:00Z */
	struct run_stats rs = { 0 };
	struct metric_rows rows = { 0 };
	int64_t id, size, free_bytes;
	struct collect_ctx ctx;
	struct log log;
	char *v = NULL;
	int ok;

	CHECK(!db_open(&db, ":memory:", 0600, DB_CREATE, &err));
	CHECK(!db_migrate(db, &err));
	put(db, "services_created", "2024-Q4");
	put(db, "services_created", "2025-Q1");
	put(db, "services_created", "2024-12");
	put(db, "services_created", "2025-01");
	CHECK(!store_run_begin(db, "scaffolder", 1735689599, &id, &err));
	CHECK(!store_run_end(db, id, 1735689600, "ok", &rs, NULL, &err));
	CHECK(!store_run_begin(db, "scaffolder", 1735689600, &id, &err));
	CHECK(!store_run_end(db, id, 1735689601, "ok", &rs, NULL, &err));

	/* a dry run counts and changes nothing */
	CHECK(!store_prune(db, &b, 1, 1800000000, &r, &err));
	CHECK_INTEQ(r.total, 3);
	for (size_t i = 1; i < r.n; i++)
		CHECK(strcmp(r.v[i - 1].query, r.v[i].query) < 0); /* name order */
	prune_result_release(&r);
	CHECK(!store_metrics_load(db, "2024-Q4", NULL, &rows, &err));
	CHECK_INTEQ(rows.n, 1);
	metric_rows_release(&rows);
	CHECK(!store_state_get(db, "prune", "before", &v, &err));
	CHECK(v == NULL);
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = db;
	ctx.log = &log;
	log_init(&log, NULL);
	CHECK(collect_retention_before(&ctx) == TIME_NONE);

	CHECK(!store_prune(db, &b, 0, 1800000000, &r, &err));
	CHECK_INTEQ(r.total, 3);
	for (size_t i = 0; i < r.n; i++) {
		if (!strcmp(r.v[i].query, "prune/metric_values"))
			CHECK_INTEQ(r.v[i].rows, 2); /* 2024-Q4 and 2024-12 */
		if (!strcmp(r.v[i].query, "prune/collection_runs"))
			CHECK_INTEQ(r.v[i].rows, 1);
	}
	prune_result_release(&r);
	/* kept periods are untouched */
	CHECK(!store_metrics_load(db, "2025-Q1", NULL, &rows, &err));
	CHECK(!store_metrics_load(db, "2025-01", NULL, &rows, &err));
	CHECK(!store_metrics_load(db, "2024-Q4", NULL, &rows, &err));
	CHECK_INTEQ(rows.n, 2);
	metric_rows_release(&rows);
	CHECK(!store_state_get(db, "prune", "before", &v, &err));
	CHECK_STREQ(v, "2025-01-01T00:00:00Z");
	free(v);
	/* what collectors ask, so they do not bring pruned rows back */
	CHECK_INTEQ(collect_retention_before(&ctx), 1735689600);
	CHECK(!store_vacuum(db, &err));
	CHECK(!store_db_size(db, &size, &free_bytes, &err));
	CHECK(size > 0);
	CHECK_INTEQ(free_bytes, 0);
	CHECK(!store_integrity_check(db, &ok, &err, &err));
	CHECK(ok);
	if (err.len)
		fprintf(stderr, "%s\n", err.buf);
	CHECK_INTEQ(err.len, 0);
	log_release(&log);
	db_close(db);
	strbuf_release(&err);
}

static void test_prune__every_query_is_bounded(void)
{
	int n = 0;

	/* a prune query without a boundary parameter could only delete everything */
	for (const struct embedded_file *f = embedded_queries; f->name; f++) {
		if (strncmp(f->name, "prune/", 6))
			continue;
		n++;
		if (!strstr(f->data, ":before")) {
			fprintf(stderr, "%s has no :before parameter\n", f->name);
			test_failures++;
		}
	}
	CHECK(n >= 4);
}

int main(void)
{
	RUN(test_prune__bounds_and_dry_run);
	RUN(test_prune__every_query_is_bounded);
	return TEST_RESULT();
}
