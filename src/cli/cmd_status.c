/* idpmetrics status: per source the last runs and freshness; per KPI the latest org value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "compute/metric_defs.h"
#include "store/metrics.h"
#include "util/timeutil.h"

static void fmt_time(int64_t t, char *buf, size_t size)
{
	if (t == TIME_NONE)
		snprintf(buf, size, "never");
	else
		time_format_iso(t, buf, size);
}

static void fmt_age(int64_t now, int64_t t, char *buf, size_t size)
{
	int64_t s = t == TIME_NONE ? 0 : now - t;

	if (t == TIME_NONE)
		snprintf(buf, size, "-");
	else if (s < 3600)
		snprintf(buf, size, "%lld min", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(buf, size, "%lld h", (long long)(s / 3600));
	else
		snprintf(buf, size, "%lld days", (long long)(s / 86400));
}

static int sources(struct app *app)
{
	sqlite3_stmt *st;
	struct strbuf err = STRBUF_INIT;
	int rc, any = 0;

	st = db_stmt(app->db, "cli/status_sources", &err);
	if (!st)
		goto fail;
	printf("%-11s %-20s %-9s %-8s %9s %9s %7s  %s\n", "source", "last success", "age", "last run", "requests",
	       "304s", "rows", "last failure");
	while ((rc = db_step(app->db, st, &err)) > 0) {
		char ok[32], age[32], fail_at[32];
		const char *msg = db_col_text(st, 3);

		any = 1;
		fmt_time(db_col_time(st, 1), ok, sizeof(ok));
		fmt_age(app->now, db_col_time(st, 1), age, sizeof(age));
		fmt_time(db_col_time(st, 2), fail_at, sizeof(fail_at));
		printf("%-11s %-20s %-9s %-8s %9lld %9lld %7lld  %s%s%s\n", db_col_text(st, 0), ok, age, db_col_text(st, 6),
		       (long long)db_col_int(st, 7, 0), (long long)db_col_int(st, 8, 0), (long long)db_col_int(st, 9, 0),
		       db_col_time(st, 2) == TIME_NONE ? "-" : fail_at, msg ? ": " : "", msg ? msg : "");
	}
	if (rc < 0)
		goto fail;
	if (!any)
		printf("(nothing collected yet: run 'idpmetrics collect')\n");
	strbuf_release(&err);
	return EXIT_OK;
fail:
	log_error(&app->log, "%s", err.buf);
	strbuf_release(&err);
	return EXIT_IO;
}

static int kpis(struct app *app)
{
	struct metric_rows rows = { 0 };
	struct strbuf err = STRBUF_INIT;
	char **periods = NULL;
	size_t nperiods = 0;
	int ret = EXIT_OK;

	if (store_metrics_periods(app->db, &periods, &nperiods, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	printf("\n%-42s %-8s %12s %-8s %s\n", "metric (org)", "period", "value", "band", "computed");
	/* the newest period that has each metric */
	for (size_t i = nperiods; i-- > 0;)
		if (store_metrics_load(app->db, periods[i], "org", &rows, &err)) {
			log_error(&app->log, "%s", err.buf);
			ret = EXIT_IO;
			goto out;
		}
	for (const struct metric_def *d = metric_defs; d->name; d++) {
		for (size_t i = 0; i < rows.n; i++) {
			const struct metric_row *r = &rows.v[i];
			char when[32];

			if (strcmp(r->metric, d->name))
				continue;
			time_format_iso(r->computed_at, when, sizeof(when));
			if (isnan(r->value))
				printf("%-42s %-8s %12s %-8s %s\n", r->metric, r->period, "null", "-", when);
			else
				printf("%-42s %-8s %12.4g %-8s %s\n", r->metric, r->period, r->value, r->band ? r->band : "-",
				       when);
			break;
		}
	}
out:
	for (size_t i = 0; i < nperiods; i++)
		free(periods[i]);
	free(periods);
	metric_rows_release(&rows);
	strbuf_release(&err);
	return ret;
}

int cmd_status(int argc, char **argv, struct app *app)
{
	int ret;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "usage: idpmetrics status\n");
		return EXIT_USAGE;
	}
	ret = sources(app);
	return exit_worst(ret, kpis(app));
}
