/* Collectors: the registry of sources and the run bookkeeping around each. */
#ifndef IDPM_COLLECTORS_H
#define IDPM_COLLECTORS_H

#include <stdint.h>

#include "store/db.h"
#include "store/runs.h"
#include "util/config.h"
#include "util/log.h"
#include "util/period.h"

/* Progress of a long collection: WHAT done of TOTAL (TOTAL 0 = unknown). */
typedef void (*progress_fn)(void *data, const char *what, int64_t done, int64_t total);

/* Everything a collector gets; owned by the caller. */
struct collect_ctx {
	struct db *db;
	const struct config *cfg;
	const struct period_cfg *pcfg;
	struct log *log;            /* warnings (a vanished repository) and debug lines */
	int64_t now;                /* --now or the clock: recorded times, snapshot dates */
	struct run_stats stats;     /* the collector adds requests, 304s, rows, warnings */
	int partial;                /* set when items were skipped: the run is recorded as 'partial' */
	int partial_fails;          /* with partial: the skipped items were bad input (a CSV row), so exit 1 */
	progress_fn progress;       /* may be NULL */
	void *progress_data;
};

struct ckey;
struct demo_generator;
struct doctor_env;
struct doctor_report;

/*
 * A source: one entry of the registry below, describing everything the
 * program does with it.  Only name, summary, configured and run are required;
 * every other member may be NULL.
 */
struct collector {
	const char *name;           /* scaffolder, github, catalog, surveys: the collection_runs.source */
	const char *summary;        /* one line for help */
	/* 1 when the configuration names this source, so "collect" with no argument runs it */
	int (*configured)(const struct config *cfg);
	/*
	 * Collect into ctx->db.  Commits in units that are complete on their own
	 * (a page, a task), so an interruption loses at most the unit in flight.
	 * Returns 0, or -1 with ERR (everything committed before stays).
	 */
	int (*run)(struct collect_ctx *ctx, struct strbuf *err);
	/* what makes it configured, for doctor's "nothing to collect" ("github.org") */
	const char *configured_by;
	/* append "github organisation 'acme'" for doctor's sources line (run once per function) */
	void (*describe)(const struct config *cfg, struct strbuf *out);
	/*
	 * doctor: append this source's checks (token, transport, API access) to R;
	 * run when the source is configured and the configuration loaded, once per
	 * function (two sources of one server share one).  Never fails, never prints.
	 */
	void (*doctor)(struct doctor_report *r, const struct doctor_env *env);
	/*
	 * demo: the generators writing this source's synthetic data, NULL-terminated.
	 * The demo runs them in rounds: every source's first, then every source's
	 * second (histories built on the first round's entities), and so on.
	 */
	const struct demo_generator *const *demo;
	/* the embedded query counting the rows stored for 'status' ("status/rows_github") */
	const char *status_rows;
	/* the embedded query giving the oldest time a stored row refers to ("oldest/github"), one row, NULL when none */
	const char *oldest_data;
	/*
	 * The top-level configuration sections this source owns (util/config_keys.c
	 * or the source's own file), ending with a NULL name: the configuration
	 * reader accepts them, and their T_TOKEN keys are registered as secrets.
	 */
	const struct ckey *config;
};

/* The registry, NULL-terminated (collect/collectors.c). */
extern const struct collector *const collectors[];

/* The collector named NAME, or NULL. */
const struct collector *collector_find(const char *name);

/* "scaffolder, github, surveys, catalog": the registered names, for messages (caller frees). */
char *collector_names(void);

/*
 * The oldest time any collected or imported row refers to, asking every
 * registered source's oldest_data query; TIME_NONE when nothing is stored.
 * 0 or -1 with ERR.
 */
int sources_oldest_data(struct db *db, int64_t *out, struct strbuf *err);

/* The status/rows_<source> query of the source or import recorded as SOURCE in collection_runs, or NULL. */
const char *sources_status_rows(const char *source);

/* Register the value of every T_TOKEN key of the registered sources' configuration with LOG (redacted). */
void sources_register_secrets(const struct config *cfg, struct log *log);

/*
 * Run C with a collection_runs row around it: 'ok', 'partial' (ctx->partial)
 * or 'failed' with the message.  Returns 0 when the collector succeeded (even
 * partially), -1 with ERR otherwise.
 */
int collect_source(const struct collector *c, struct collect_ctx *ctx, struct strbuf *err);

/*
 * Report progress of a long collection: WHAT ("repositories", "workflow runs")
 * DONE of TOTAL (0 = unknown).  Cheap to call per item: the display throttles
 * itself, and nothing is shown unless stderr is a terminal.
 */
void collect_progress(struct collect_ctx *ctx, const char *what, int64_t done, int64_t total);

/*
 * The retention boundary of the last 'idpmetrics prune' (Unix seconds), or
 * TIME_NONE when nothing was pruned.  Rows older than it were dropped on
 * purpose: a collector that re-reads old pages skips such items instead of
 * writing them (and fetching their details) again.
 */
int64_t collect_retention_before(struct collect_ctx *ctx);

#endif
