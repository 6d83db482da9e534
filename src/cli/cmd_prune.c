/*
 * idpmetrics prune [--keep N|Nq|PERIOD] [--dry-run]: drop raw rows, snapshots
 * and the metric values of periods older than the retention, then VACUUM.
 * Computed values of kept periods are never touched.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "store/prune.h"
#include "util/timeutil.h"

/*
 * The boundary for --keep ARG (NULL: storage.retention_quarters): N or Nq
 * keeps the current quarter and the N-1 before it; a period label keeps that
 * period and everything after.  Run recomputes the current and previous
 * quarter every night, so both must stay.  Returns an exit code.
 */
static int bounds_for(struct app *app, const char *arg, struct prune_bounds *b, struct period *oldest)
{
	struct strbuf err = STRBUF_INIT;
	struct period cur, prev, q, m;
	long keep = app->cfg.storage.retention_quarters;
	int ret = EXIT_OK;

	period_at(app->now, PERIOD_QUARTER, &app->pcfg, &cur);
	period_shift(&cur, -1, &app->pcfg, &prev);
	if (arg && strchr(arg, '-')) {
		if (period_parse(arg, &app->pcfg, oldest, &err)) {
			log_error(&app->log, "--keep: %s (or a number of quarters such as 8q)", err.buf);
			ret = EXIT_USAGE;
			goto out;
		}
	} else {
		if (arg) {
			char *end;

			errno = 0;
			keep = strtol(arg, &end, 10);
			if (errno || end == arg || (*end && strcmp(end, "q") && strcmp(end, "Q")) || keep < 1 || keep > 400) {
				log_error(&app->log, "--keep '%s' must be a number of quarters (8 or 8q) or a period (2025-Q1)",
					  arg);
				ret = EXIT_USAGE;
				goto out;
			}
		}
		period_shift(&cur, (int)-(keep - 1), &app->pcfg, oldest);
	}
	if (oldest->start > prev.start) {
		log_error(&app->log,
			  "--keep %s would drop %s, which every run recomputes: keep at least the current and the previous "
			  "quarter (--keep 2q or --keep %s)",
			  arg ? arg : "(storage.retention_quarters)", prev.label, prev.label);
		ret = EXIT_USAGE;
		goto out;
	}
	b->before = oldest->start;
	period_at(b->before, PERIOD_QUARTER, &app->pcfg, &q);
	period_at(b->before, PERIOD_MONTH, &app->pcfg, &m);
	snprintf(b->before_quarter, sizeof(b->before_quarter), "%s", q.label);
	snprintf(b->before_month, sizeof(b->before_month), "%s", m.label);
out:
	strbuf_release(&err);
	return ret;
}

static void print_counts(struct app *app, const struct prune_result *r, int dry_run)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *table = r->v[i].query + strlen("prune/");

		if (dry_run)
			printf("%-24s %10lld rows would be removed\n", table, (long long)r->v[i].rows);
		else
			log_info(&app->log, "%s: removed %lld rows", table, (long long)r->v[i].rows);
	}
}

static const struct option longopts[] = {
	{ "keep", required_argument, NULL, 'k' }, { "dry-run", no_argument, NULL, 'n' }, { NULL, 0, NULL, 0 }
};
const struct command_opts cmd_prune_opts = { "k:n", longopts };

int cmd_prune(int argc, char **argv, struct app *app)
{
	struct prune_result r = { 0 };
	struct prune_bounds b;
	struct period oldest;
	struct strbuf err = STRBUF_INIT;
	const char *keep = NULL;
	int64_t size0 = 0, size1 = 0, free0 = 0, free1 = 0;
	char when[32];
	int c, dry_run = 0, ret;

	while ((c = getopt_long(argc, argv, cmd_prune_opts.shorts, cmd_prune_opts.longs, NULL)) != -1) {
		if (c == 'k') {
			keep = optarg;
		} else if (c == 'n') {
			dry_run = 1;
		} else {
			return command_usage_error(argv[0]);
		}
	}
	if (optind < argc)
		return command_usage_error(argv[0]);
	memset(&b, 0, sizeof(b));
	if ((ret = bounds_for(app, keep, &b, &oldest)))
		return ret;
	time_format_iso(b.before, when, sizeof(when));
	if (store_db_size(app->db, &size0, &free0, &err) ||
	    store_prune(app->db, &b, dry_run, app->now, &r, &err)) {
		log_error(&app->log, "%s: nothing was removed", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	print_counts(app, &r, dry_run);
	if (dry_run) {
		printf("keeping %s and later (from %s): %lld rows would be removed; nothing was changed (--dry-run)\n",
		       oldest.label, when, (long long)r.total);
		goto out;
	}
	if (store_vacuum(app->db, &err)) {
		log_error(&app->log,
			  "removed %lld rows older than %s, but VACUUM failed: %s (SQLite reuses the free space; run "
			  "'idpmetrics prune' again when the disk has room for a copy of the database)",
			  (long long)r.total, when, err.buf);
		ret = EXIT_IO;
		goto out;
	}
	if (store_db_size(app->db, &size1, &free1, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	log_info(&app->log, "kept %s and later (from %s): removed %lld rows; database %.1f MB -> %.1f MB", oldest.label,
		 when, (long long)r.total, (double)size0 / 1e6, (double)size1 / 1e6);
out:
	prune_result_release(&r);
	strbuf_release(&err);
	return ret;
}
