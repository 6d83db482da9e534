/* Unit test: store_metrics_sync(): a period's values written only where they changed, as a full rewrite would leave them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/metrics.h"
#include "test.h"
#include "test_db.h"

/* The rows of PERIOD as "metric|scope|value|n|band|flags|detail|computed_at" lines, in key order. */
static char *dump(struct db *db, const char *period)
{
	struct metric_rows rows = { 0 };
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	char **lines;

	CHECK(!store_metrics_load(db, period, NULL, &rows, &err));
	lines = calloc(rows.n + 1, sizeof(*lines));
	for (size_t i = 0; i < rows.n; i++) {
		const struct metric_row *r = &rows.v[i];
		struct strbuf l = STRBUF_INIT;

		strbuf_addf(&l, "%s|%s|%g|%lld|%s|%s|%s|%lld\n", r->metric, r->scope, r->value, (long long)r->n,
			    r->band ? r->band : "-", r->flags, r->detail ? r->detail : "-", (long long)r->computed_at);
		lines[i] = strdup(l.buf);
		strbuf_release(&l);
	}
	for (size_t i = 1; i < rows.n; i++) /* insertion sort: a handful of rows */
		for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			char *t = lines[j];

			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	for (size_t i = 0; i < rows.n; i++) {
		strbuf_addstr(&out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	metric_rows_release(&rows);
	strbuf_release(&err);
	return strbuf_detach(&out, NULL);
}

static int sync_period(struct db *db, const char *period, const struct metric_value *v, size_t n, int64_t at,
		struct metric_sync_stats *s)
{
	struct strbuf err = STRBUF_INIT;
	int rc;

	CHECK(!db_begin(db, &err));
	rc = store_metrics_sync(db, period, v, n, at, s, &err);
	CHECK(!db_commit(db, &err));
	if (rc)
		fprintf(stderr, "%s\n", err.buf);
	strbuf_release(&err);
	return rc;
}

static void test_metrics_sync__writes_what_changed(void)
{
	struct db *db = test_db_fresh(), *ref = test_db_fresh();
	struct metric_sync_stats s;
	struct strbuf err = STRBUF_INIT;
	struct metric_value first[] = {
		{ "deployments", "2026-Q3", "org", 10, "count", 10, NULL, NULL, NULL, "{\"a\":1}" },
		{ "deployments", "2026-Q3", "service:a", 4, "count", 4, NULL, NULL, NULL, NULL },
		{ "deployments", "2026-Q3", "service:b", 6, "count", 6, NULL, NULL, "[\"partial_period\"]", NULL },
		{ "incidents", "2026-Q3", "org", NAN, "count", 0, NULL, NULL, NULL, NULL },
		{ "deployments", "2026-Q2", "org", 1, "count", 1, NULL, NULL, NULL, NULL },
	};
	/* the next night: b's value changed, a vanished, c is new, incidents unchanged (NULL), org's detail changed;
	 * two values of one key: the later one counts, as an upsert would have it */
	struct metric_value second[] = {
		{ "deployments", "2026-Q3", "service:c", 1, "count", 1, NULL, NULL, NULL, NULL },
		{ "deployments", "2026-Q3", "org", 10, "count", 10, NULL, NULL, NULL, "{\"a\":2}" },
		{ "incidents", "2026-Q3", "org", NAN, "count", 0, NULL, NULL, NULL, NULL },
		{ "deployments", "2026-Q3", "service:b", 5, "count", 5, NULL, NULL, "[\"partial_period\"]", NULL },
		{ "deployments", "2026-Q3", "service:b", 7, "count", 7, "good", NULL, "[\"partial_period\"]", NULL },
	};
	char *a, *b;

	CHECK(!sync_period(db, "2026-Q3", first, 4, 1000, &s));
	CHECK_INTEQ(s.written, 4);
	CHECK(!sync_period(db, "2026-Q2", first + 4, 1, 1000, &s));
	CHECK(!sync_period(db, "2026-Q3", first, 4, 2000, &s)); /* nothing changed: nothing written */
	CHECK_INTEQ(s.written, 0);
	CHECK_INTEQ(s.deleted, 0);
	CHECK_INTEQ(s.unchanged, 4);
	CHECK(!sync_period(db, "2026-Q3", second, 5, 3000, &s));
	CHECK_INTEQ(s.written, 3);   /* org (detail), b (value), c (new) */
	CHECK_INTEQ(s.deleted, 1);   /* a */
	CHECK_INTEQ(s.unchanged, 1); /* incidents */
	/* what deleting the period and writing every value would leave, computed_at included */
	CHECK(!db_begin(ref, &err));
	CHECK(!store_metrics_delete_period(ref, "2026-Q3", &err));
	for (size_t i = 0; i < 5; i++)
		CHECK(!store_metric_put(ref, &second[i], 3000, &err));
	CHECK(!store_metric_put(ref, &first[4], 1000, &err));
	CHECK(!db_commit(ref, &err));
	a = dump(db, "2026-Q3");
	b = dump(ref, "2026-Q3");
	CHECK_STREQ(a, b);
	CHECK(strstr(a, "deployments|service:b|7|7|good|") != NULL);
	CHECK(strstr(a, "service:a") == NULL);
	free(a);
	free(b);
	a = dump(db, "2026-Q2"); /* another period is left alone, with its own computed_at */
	CHECK(strstr(a, "|1000\n") != NULL);
	free(a);
	db_close(db);
	db_close(ref);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_metrics_sync__writes_what_changed);
	return TEST_RESULT();
}
