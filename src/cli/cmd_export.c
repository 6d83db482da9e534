/* idpmetrics export --format json|csv|openmetrics [--period P] [--metric NAME]... [--scope SCOPE]: metric values to stdout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "compute/metric_defs.h"
#include "compute/report_model.h"
#include "render/metrics_out.h"
#include "render/openmetrics.h"
#include "util/xalloc.h"

static int scope_matches(const char *want, const char *scope)
{
	size_t n;

	if (!want || !strcmp(want, "all"))
		return 1;
	if (!strchr(want, ':')) {
		/* "team" selects every team:NAME; "org" selects org */
		n = strlen(want);
		return !strcmp(scope, want) || (!strncmp(scope, want, n) && scope[n] == ':');
	}
	return !strcmp(scope, want);
}

/* A scope the metrics can have: all, org, a kind alone, or KIND:NAME with a known kind. */
static int scope_known(const char *want)
{
	static const char *const kinds[] = { "all", "org", "team", "service", "template", NULL };
	const char *colon = strchr(want, ':');
	size_t n = colon ? (size_t)(colon - want) : strlen(want);

	if (colon && (!colon[1] || !strncmp(want, "all", n) || !strncmp(want, "org", n)))
		return 0;
	for (const char *const *k = kinds; *k; k++)
		if (strlen(*k) == n && !strncmp(want, *k, n))
			return 1;
	return 0;
}

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' }, { "period", required_argument, NULL, 'p' },
	{ "metric", required_argument, NULL, 'm' }, { "scope", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};
const struct command_opts cmd_export_opts = { "f:p:m:s:", longopts };

int cmd_export(int argc, char **argv, struct app *app)
{
	const char *format = NULL, *period_arg = NULL, *scope = NULL;
	const char **metrics = NULL;
	size_t nmetrics = 0;
	struct metric_rows rows = { 0 }, keep = { 0 };
	struct source_status *sources = NULL;
	size_t nsources = 0;
	struct period p;
	struct strbuf err = STRBUF_INIT;
	int c, ret = EXIT_OK;

	while ((c = getopt_long(argc, argv, cmd_export_opts.shorts, cmd_export_opts.longs, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'p': period_arg = optarg; break;
		case 's': scope = optarg; break;
		case 'm':
			if (!metric_def_find(optarg)) {
				fprintf(stderr, "idpmetrics: unknown metric '%s'; the metric names are:\n", optarg);
				for (const struct metric_def *d = metric_defs; d->name; d++)
					fprintf(stderr, "  %s\n", d->name);
				ret = EXIT_USAGE;
				goto out;
			}
			metrics = xrealloc(metrics, (nmetrics + 1) * sizeof(*metrics));
			metrics[nmetrics++] = optarg;
			break;
		default: ret = command_usage_error(argv[0]); goto out;
		}
	}
	if (!format || (strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "openmetrics")) || optind < argc) {
		ret = command_usage_error(argv[0]);
		goto out;
	}
	if (scope && !scope_known(scope)) {
		/* a typo ("teams") used to select nothing and succeed */
		fprintf(stderr, "idpmetrics export: unknown scope '%s' (org, all, team:NAME, service:NAME, template:REF, "
				"or a kind alone)\n", scope);
		ret = command_usage_error(argv[0]);
		goto out;
	}
	if ((ret = app_period(app, period_arg, 0, &p)))
		goto out;
	if (store_metrics_load(app->db, p.label, NULL, &rows, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	keep.v = xcalloc(rows.n + 1, sizeof(*keep.v));
	for (size_t i = 0; i < rows.n; i++) {
		int want = !nmetrics;

		for (size_t k = 0; k < nmetrics && !want; k++)
			want = !strcmp(metrics[k], rows.v[i].metric);
		if (want && scope_matches(scope, rows.v[i].scope))
			keep.v[keep.n++] = rows.v[i]; /* borrowed: freed through ROWS */
	}
	metric_rows_sort(&keep);
	if (!strcmp(format, "openmetrics")) {
		if (report_sources_load(app->db, &sources, &nsources, &err) ||
		    openmetrics_write(stdout, &keep, sources, nsources, &err)) {
			log_error(&app->log, "%s", err.buf);
			ret = EXIT_IO;
		}
	} else if (!strcmp(format, "json") ? metrics_write_json(stdout, p.label, &keep, &err)
					   : metrics_write_csv(stdout, &keep, 0, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
	}
	if (fflush(stdout)) {
		log_error(&app->log, "cannot write to standard output");
		ret = EXIT_IO;
	}
out:
	report_sources_free(sources, nsources);
	free(keep.v);
	metric_rows_release(&rows);
	free(metrics);
	strbuf_release(&err);
	return ret;
}
