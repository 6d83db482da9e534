/* The program's state shared by every subcommand: configuration, log, database, clock. */
#ifndef IDPM_APP_H
#define IDPM_APP_H

#include <glib.h>
#include <stdint.h>

#include "store/db.h"
#include "util/config.h"
#include "util/lockfile.h"
#include "util/log.h"
#include "util/period.h"

/* Exit statuses (docs/COMMANDS.md "Exit codes"); a run exits with the worst it saw. */
enum exit_code {
	EXIT_OK = 0,      /* everything worked */
	EXIT_PARTIAL = 1, /* some source or stage failed; the rest ran */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_CONFIG = 3,  /* configuration error */
	EXIT_IO = 4,      /* database, file or other I/O error */
	EXIT_LOCKED = 5   /* another run holds the lock */
};

struct progress;

struct app {
	struct config cfg;
	struct log log;
	struct db *db;               /* opened on demand by app_open_db */
	const char *config_path;     /* --config, or ./idpmetrics.yaml */
	int config_explicit;         /* --config was given: the file must exist */
	const char *db_override;     /* --db */
	char *db_path;               /* resolved database path */
	int64_t now;                 /* --now or the clock */
	int now_fixed;               /* --now was given */
	GTimeZone *tz;               /* reporting.timezone */
	struct period_cfg pcfg;
	int verbose, quiet;
	enum log_format log_format;
	const char *command;         /* the subcommand being run */
	struct progress *progress;   /* progress bars; NULL unless stderr is a terminal with text logs */
	struct lockfile lock;        /* held by the commands flagged CMD_LOCK (run, collect, import, prune) */
	int64_t started_ms;          /* monotonic milliseconds when the program started */
};

/* Load the configuration and set up the time zone.  Returns an exit code (EXIT_OK on success). */
int app_load_config(struct app *app);
/* Apply a loaded configuration: time zone, periods, secrets to redact, database path.  Returns an exit code. */
int app_configure(struct app *app);
/* Open (creating when CREATE) and migrate the database.  Returns an exit code. */
int app_open_db(struct app *app, int create);
/*
 * Take the run lock "<database>.lock" without waiting.  Returns EXIT_OK, or
 * EXIT_LOCKED after logging who holds it, or EXIT_IO.
 */
int app_lock(struct app *app);
/*
 * With the lock held: runs recorded as 'running' belong to a process that was
 * killed or crashed; mark them 'interrupted' and warn about each.  Returns an exit code.
 */
int app_mark_interrupted(struct app *app);
/* Monotonic milliseconds (for elapsed times in summaries). */
int64_t app_clock_ms(void);
/* Free everything. */
void app_release(struct app *app);

/*
 * Parse a --period value, or pick the default: DFLT_OFFSET quarters from the
 * one containing app->now (0 = current, -1 = last complete).  Returns an exit code.
 */
int app_period(struct app *app, const char *arg, int dflt_offset, struct period *out);

/* Worse of two exit codes (usage and config errors rank above partial failure). */
int exit_worst(int a, int b);

#endif
