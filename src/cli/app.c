/* The program's state shared by every subcommand: configuration, log, database, clock. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/app.h"
#include "collect/collectors.h"
#include "render/renderers.h"
#include "store/runs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int app_load_config(struct app *app)
{
	struct strbuf err = STRBUF_INIT;
	int ret;

	if (config_load(&app->cfg, app->config_path, app->config_explicit, &err)) {
		log_error(&app->log, "%s", err.buf);
		strbuf_release(&err);
		return EXIT_CONFIG;
	}
	strbuf_release(&err);
	ret = app_configure(app);
	return ret;
}

int app_configure(struct app *app)
{
	if (app->tz)
		g_time_zone_unref(app->tz);
	app->tz = time_zone_named(app->cfg.reporting.timezone);
	if (!app->tz) {
		log_error(&app->log, "%s: unknown time zone '%s' in 'reporting.timezone' (use an IANA name such as Europe/Berlin)",
			  app->cfg.file ? app->cfg.file : "configuration", app->cfg.reporting.timezone);
		return EXIT_CONFIG;
	}
	app->pcfg.tz = app->tz;
	app->pcfg.fy_start_month = app->cfg.reporting.fiscal_year_start_month;
	/* Tokens must never be printed, even by accident. */
	sources_register_secrets(&app->cfg, &app->log);
	free(app->db_path);
	app->db_path = app->db_override ? xstrdup(app->db_override) : config_path(&app->cfg, app->cfg.storage.path);
	return EXIT_OK;
}

int app_open_db(struct app *app, int create)
{
	struct strbuf err = STRBUF_INIT;
	int ret = EXIT_OK;

	if (app->db)
		return EXIT_OK;
	if (!create && strcmp(app->db_path, ":memory:") && !g_file_test(app->db_path, G_FILE_TEST_EXISTS)) {
		log_error(&app->log, "database '%s' does not exist: run 'idpmetrics init' or 'idpmetrics collect' first",
			  app->db_path);
		return EXIT_IO;
	}
	if (db_open(&app->db, app->db_path, app->cfg.storage.mode, DB_CREATE, &err) ||
	    (app->cfg.storage.max_size_mb && db_set_max_size(app->db, app->cfg.storage.max_size_mb, &err)) ||
	    db_migrate(app->db, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
	} else if (app->cfg.storage.max_size_mb && app->db->max_bytes > ((int64_t)app->cfg.storage.max_size_mb << 20)) {
		log_warn(&app->log, "database '%s' is already %lld MB, over storage.max_size_mb (%d): it may not grow any "
				    "more; raise the limit or run 'idpmetrics prune'",
			 app->db_path, (long long)(app->db->max_bytes >> 20), app->cfg.storage.max_size_mb);
	}
	strbuf_release(&err);
	return ret;
}

int app_lock(struct app *app)
{
	struct strbuf err = STRBUF_INIT;
	struct lock_holder h;
	char *path = lockfile_path_for(app->db_path);
	int ret = EXIT_OK, rc;

	if (!path)
		return EXIT_OK; /* an in-memory database cannot be shared */
	rc = lockfile_acquire(&app->lock, path, app->command, &h, &err);
	if (rc < 0) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
	} else if (rc > 0) {
		struct strbuf who = STRBUF_INIT;
		char since[32];

		if (h.pid)
			strbuf_addf(&who, "pid %ld", h.pid);
		if (h.command[0])
			strbuf_addf(&who, "%s'%s'", who.len ? ", " : "", h.command);
		if (h.since) {
			time_format_iso(h.since, since, sizeof(since));
			strbuf_addf(&who, "%ssince %s", who.len ? ", " : "", since);
		}
		log_error(&app->log,
			  "another idpmetrics process%s%s%s holds the lock '%s': exiting without doing anything; "
			  "the lock is released when that process ends",
			  who.len ? " (" : "", who.buf, who.len ? ")" : "", path);
		strbuf_release(&who);
		ret = EXIT_LOCKED;
	}
	free(path);
	strbuf_release(&err);
	return ret;
}

int app_mark_interrupted(struct app *app)
{
	struct strbuf err = STRBUF_INIT;
	struct interrupted_run *runs = NULL;
	size_t n = 0;
	int ret = EXIT_OK;

	if (store_runs_mark_interrupted(app->db, &runs, &n, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char when[32];

		time_format_iso(runs[i].started_at, when, sizeof(when));
		log_warn(&app->log,
			 "the collection of '%s' started at %s never finished: the process was killed or crashed; "
			 "what it committed is kept and this run continues from there",
			 runs[i].source, when);
	}
out:
	store_interrupted_runs_free(runs, n);
	strbuf_release(&err);
	return ret;
}

int64_t app_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void app_release(struct app *app)
{
	db_close(app->db);
	app->db = NULL;
	lockfile_release(&app->lock); /* after the database is closed: the next run finds it complete */
	config_release(&app->cfg);
	if (app->tz)
		g_time_zone_unref(app->tz);
	free(app->db_path);
	log_release(&app->log);
	render_release_globals();
}

int app_period(struct app *app, const char *arg, int dflt_offset, struct period *out)
{
	struct strbuf err = STRBUF_INIT;
	struct period cur;

	if (arg) {
		if (period_parse(arg, &app->pcfg, out, &err)) {
			log_error(&app->log, "%s", err.buf);
			strbuf_release(&err);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	period_at(app->now, PERIOD_QUARTER, &app->pcfg, &cur);
	period_shift(&cur, dflt_offset, &app->pcfg, out);
	return EXIT_OK;
}

int exit_worst(int a, int b)
{
	/* Rank: ok < partial < locked < io < config < usage */
	static const int rank[] = { 0, 1, 5, 4, 3, 2 };

	if (a < 0 || a > 5)
		return a;
	if (b < 0 || b > 5)
		return b;
	return rank[a] >= rank[b] ? a : b;
}
