/*
 * idpmetrics status: what happened last night.  The last run (and whether it
 * is still going or was killed), per source the last run and its counters,
 * the last success and how stale the data is, the last failure and its
 * message, the rows stored; per KPI the latest value and when it was computed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/status_gitops.h"
#include "collect/collectors.h"
#include "compute/metric_defs.h"
#include "store/metrics.h"
#include "store/runs.h"
#include "util/termtext.h"
#include "util/embedded.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define STALE_SECONDS (36 * 3600) /* a nightly source older than this missed a night */

struct source_row {
	char *name;
	int64_t last_ok, last_failure, started_at, finished_at;
	char *failure_message, *status, *message;
	int64_t requests, not_modified, rows, warnings, failures_since_ok;
	int64_t stored;       /* rows stored, -1 when the source has no status/rows_<name> query */
	int configured;       /* 1 configured, 0 a known collector no longer configured, -1 not a collector of this build */
};

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
	else if (s < 0)
		snprintf(buf, size, "0 min");
	else if (s < 3600)
		snprintf(buf, size, "%lld min", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(buf, size, "%lld h", (long long)(s / 3600));
	else
		snprintf(buf, size, "%lld days", (long long)(s / 86400));
}

static char *state(struct app *app, const char *key)
{
	struct strbuf err = STRBUF_INIT;
	char *v = NULL;

	if (store_state_get(app->db, "run", key, &v, &err))
		log_warn(&app->log, "%s", err.buf);
	strbuf_release(&err);
	return v;
}

/* 1 when a process holds the run lock now (H says who), else 0. */
static int lock_held(struct app *app, struct lock_holder *h)
{
	struct strbuf err = STRBUF_INIT;
	char *path = lockfile_path_for(app->db_path);
	int rc = 0;

	memset(h, 0, sizeof(*h));
	if (path && (rc = lockfile_probe(path, h, &err)) < 0) {
		log_warn(&app->log, "%s", err.buf);
		rc = 0;
	}
	free(path);
	strbuf_release(&err);
	return rc;
}

static void describe_holder(const struct lock_holder *h, char *buf, size_t size)
{
	char since[32] = "?";

	if (h->since)
		time_format_iso(h->since, since, sizeof(since));
	snprintf(buf, size, "'%s', pid %ld, since %s", h->command[0] ? termtext_show(h->command) : "?", h->pid, since);
}

static const char *exit_meaning(const char *code)
{
	static const char *const meaning[] = { "everything worked", "a source or stage failed; the rest ran",
					       "usage error", "configuration error", "database or I/O error",
					       "another run held the lock" };
	char *end;
	long c = code ? strtol(code, &end, 10) : -1;

	if (!code || *end || c < 0 || c > 5)
		return "unknown";
	return meaning[c];
}

/* The nightly job as a whole (source_state 'run'). */
static void last_run(struct app *app, int held, const struct lock_holder *h)
{
	char *st = state(app, "last_state"), *started = state(app, "last_started");
	char *finished = state(app, "last_finished"), *code = state(app, "last_exit");
	char *summary = state(app, "last_summary");
	char who[160], age[32] = "?";
	int64_t t;

	describe_holder(h, who, sizeof(who));
	if (started && !time_parse_iso(started, NULL, &t))
		fmt_age(app->now, t, age, sizeof(age));
	if (!started) {
		printf("Last run: none recorded: 'idpmetrics run' has not run on this database yet\n");
	} else if (st && !strcmp(st, "running")) {
		if (held && !strcmp(h->command, "run"))
			printf("Last run: in progress since %s (%s ago; %s)\n", started, age, who);
		else
			printf("Last run: started %s (%s ago) and NEVER FINISHED: it was killed or crashed (nothing "
			       "holds the run lock).\n  What it committed is kept; the next run marks its unfinished "
			       "collections 'interrupted' and continues.\n",
			       started, age);
	} else {
		printf("Last run: started %s (%s ago), finished %s, exit %s (%s)\n", started, age,
		       finished ? finished : "?", code ? code : "?", exit_meaning(code));
		if (summary)
			printf("  %s\n", termtext_show(summary));
	}
	if (held && !(st && !strcmp(st, "running") && !strcmp(h->command, "run")))
		printf("Now: another command holds the run lock (%s)\n", who);
	free(st);
	free(started);
	free(finished);
	free(code);
	free(summary);
}

static void row_free(struct source_row *r)
{
	free(r->name);
	free(r->failure_message);
	free(r->status);
	free(r->message);
}

static int load_sources(struct app *app, struct source_row **out, size_t *n, struct strbuf *err)
{
	struct source_row *v = NULL;
	struct source_runs *runs;
	size_t alloc = 0, count = 0, nruns;
	int rc = store_source_runs(app->db, &runs, &nruns, err) ? -1 : 0;

	for (size_t i = 0; rc == 0 && i < nruns; i++) {
		struct source_runs *s = &runs[i];
		struct source_row *r;

		XGROW(v, alloc, count + 1);
		r = &v[count++];
		memset(r, 0, sizeof(*r));
		/* the strings move over */
		r->name = s->source;
		r->last_ok = s->last_ok;
		r->last_failure = s->last_failure;
		r->failure_message = s->failure_message;
		r->started_at = s->started_at;
		r->finished_at = s->finished_at;
		r->status = s->status;
		r->requests = s->requests;
		r->not_modified = s->not_modified;
		r->rows = s->rows;
		r->warnings = s->warnings;
		r->message = s->message;
		r->failures_since_ok = s->failures_since_ok;
		r->stored = -1;
		r->configured = -1;
	}
	free(runs);
	/* configured sources that never ran still deserve a line */
	for (const struct collector *const *c = collectors; rc == 0 && *c; c++) {
		size_t i;

		for (i = 0; i < count && strcmp(v[i].name, (*c)->name); i++)
			;
		if (i < count) {
			v[i].configured = (*c)->configured(&app->cfg);
			continue;
		}
		if (!(*c)->configured(&app->cfg))
			continue;
		XGROW(v, alloc, count + 1);
		memset(&v[count], 0, sizeof(v[count]));
		v[count].name = xstrdup((*c)->name);
		v[count].last_ok = v[count].last_failure = v[count].started_at = v[count].finished_at = TIME_NONE;
		v[count].stored = -1;
		v[count].configured = 1;
		count++;
	}
	*out = v;
	*n = count;
	return rc < 0 ? -1 : 0;
}

/* Rows stored for a source: its registered status_rows query, if it has one. */
static int count_stored(struct app *app, struct source_row *r, struct strbuf *err)
{
	const char *name = sources_status_rows(r->name);

	return name ? store_count_stored(app->db, name, &r->stored, err) : 0;
}

static const char *result_of(const struct source_row *r, int held)
{
	if (!r->status)
		return "never run";
	if (!strcmp(r->status, "running"))
		return held ? "running" : "killed";
	return r->status;
}

static void print_notes(struct app *app, const struct source_row *r, int held, const struct lock_holder *h)
{
	char t1[32], t2[32], age[32], who[160];
	/* only a nightly source (a configured collector) goes stale; imports come when they come */
	int stale = r->configured == 1 && (r->last_ok == TIME_NONE || app->now - r->last_ok > STALE_SECONDS);

	fmt_time(r->started_at, t1, sizeof(t1));
	fmt_time(r->last_ok, t2, sizeof(t2));
	fmt_age(app->now, r->last_ok, age, sizeof(age));
	if (!r->status) {
		printf("%s: configured but never collected: run 'idpmetrics run' (or 'idpmetrics collect %s')\n",
		       r->name, r->name);
		return;
	}
	if (!strcmp(r->status, "running")) {
		describe_holder(h, who, sizeof(who));
		if (held)
			printf("%s: being collected now (started %s; %s)\n", r->name, t1, who);
		else
			printf("%s: the collection started at %s never finished: the process was killed or crashed "
			       "(nothing holds the run lock); the next run marks it interrupted and continues\n",
			       r->name, t1);
	} else if (!strcmp(r->status, "failed") || !strcmp(r->status, "interrupted")) {
		printf("%s: the last run (%s) %s: %s\n", r->name, t1, r->status,
		       r->message ? termtext_show(r->message) : "(no message)");
	} else if (r->last_failure != TIME_NONE) {
		fmt_time(r->last_failure, t1, sizeof(t1));
		printf("%s: last failure %s: %s\n", r->name, t1, r->failure_message ? termtext_show(r->failure_message) : "(no message)");
	}
	if (!strcmp(r->status, "partial") && r->message)
		printf("%s: the last run was partial: %s\n", r->name, termtext_show(r->message));
	else if (!strcmp(r->status, "partial"))
		printf("%s: the last run skipped some items (partial): its warnings are in that night's log\n", r->name);
	else if (r->warnings)
		printf("%s: the last run logged %lld warning%s\n", r->name, (long long)r->warnings,
		       r->warnings == 1 ? "" : "s");
	if (r->failures_since_ok > 1)
		printf("%s: %lld failures in a row\n", r->name, (long long)r->failures_since_ok);
	if (r->last_ok == TIME_NONE)
		printf("%s: never collected successfully: the reports have no %s data\n", r->name, r->name);
	else if (stale)
		printf("%s: STALE: the data is %s old (last success %s)\n", r->name, age, t2);
	if (r->configured == 0)
		printf("%s: no longer configured: its stored data stays until 'idpmetrics prune' drops it\n", r->name);
}

static int sources(struct app *app, int held, const struct lock_holder *h)
{
	struct source_row *rows = NULL;
	struct strbuf err = STRBUF_INIT;
	size_t n = 0;
	int ret = EXIT_OK, notes = 0;

	if (load_sources(app, &rows, &n, &err))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (count_stored(app, &rows[i], &err))
			goto out;
	printf("\n%-11s %-20s %-11s %8s %6s %7s  %-20s %-15s %8s\n", "source", "last run", "result", "requests",
	       "304s", "rows", "last success", "data age", "stored");
	for (size_t i = 0; i < n; i++) {
		const struct source_row *r = &rows[i];
		char started[32], ok[32], age[32], agecol[48], stored[24];
		int stale = r->configured == 1 && (r->last_ok == TIME_NONE || app->now - r->last_ok > STALE_SECONDS);

		fmt_time(r->started_at, started, sizeof(started));
		fmt_time(r->last_ok, ok, sizeof(ok));
		fmt_age(app->now, r->last_ok, age, sizeof(age));
		snprintf(agecol, sizeof(agecol), "%s%s", age, stale && r->last_ok != TIME_NONE ? " STALE" : "");
		if (r->stored >= 0)
			snprintf(stored, sizeof(stored), "%lld", (long long)r->stored);
		else
			snprintf(stored, sizeof(stored), "-");
		printf("%-11s %-20s %-11s %8lld %6lld %7lld  %-20s %-15s %8s\n", r->name, started, result_of(r, held),
		       (long long)r->requests, (long long)r->not_modified, (long long)r->rows, ok, agecol, stored);
	}
	if (!n)
		printf("(nothing configured or collected yet: configure a source, then run 'idpmetrics run')\n");
	printf("\n");
	for (size_t i = 0; i < n; i++) {
		const struct source_row *r = &rows[i];
		int quiet = r->status && !strcmp(r->status, "ok") && r->last_failure == TIME_NONE && !r->warnings &&
			    (r->configured != 1 || app->now - r->last_ok <= STALE_SECONDS) && r->configured != 0;

		if (!quiet) {
			print_notes(app, r, held, h);
			notes++;
		}
	}
	if (n && !notes)
		printf("Every source was collected in its last run without failures or warnings.\n");
	status_gitops(app->db, &err);
out:
	if (err.len) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
	}
	for (size_t i = 0; i < n; i++)
		row_free(&rows[i]);
	free(rows);
	strbuf_release(&err);
	return ret;
}

static int kpis(struct app *app)
{
	struct metric_rows rows = { 0 };
	struct strbuf err = STRBUF_INIT;
	char **periods = NULL;
	size_t nperiods = 0;
	int ret = EXIT_OK, any = 0;

	if (store_metrics_periods(app->db, &periods, &nperiods, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	printf("\n%-42s %-8s %12s %-8s %-20s %s\n", "KPI (org)", "period", "value", "band", "computed", "age");
	/* newest period first, so the first row found for a metric is its latest */
	for (size_t i = nperiods; i-- > 0;)
		if (store_metrics_load(app->db, periods[i], "org", &rows, &err)) {
			log_error(&app->log, "%s", err.buf);
			ret = EXIT_IO;
			goto out;
		}
	for (const struct metric_def *d = metric_defs; d->name; d++) {
		const struct metric_row *r = NULL;
		char when[32], age[32], value[32];

		/* the newest value; a period with no data yet (a quarter just begun) only when nothing else has data */
		for (size_t i = 0; i < rows.n; i++) {
			if (strcmp(rows.v[i].metric, d->name))
				continue;
			if (!r || (isnan(r->value) && !isnan(rows.v[i].value)))
				r = &rows.v[i];
			if (!isnan(r->value))
				break;
		}
		if (r) {
			time_format_iso(r->computed_at, when, sizeof(when));
			fmt_age(app->now, r->computed_at, age, sizeof(age));
			if (isnan(r->value))
				snprintf(value, sizeof(value), "no data");
			else
				snprintf(value, sizeof(value), "%.4g", r->value);
			printf("%-42s %-8s %12s %-8s %-20s %s\n", r->metric, r->period, value, r->band ? r->band : "-", when,
			       age);
			any = 1;
		}
	}
	if (!any)
		printf("(no KPI computed yet: 'idpmetrics run' or 'idpmetrics compute')\n");
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
	struct lock_holder h;
	int ret, held;

	if (argc > 1) {
		return command_usage_error(argv[0]);
	}
	held = lock_held(app, &h);
	last_run(app, held, &h);
	ret = sources(app, held, &h);
	return exit_worst(ret, kpis(app));
}
