/* The nightly job's steps: collect every source, the closed quarter's report, the summary line, the run record. */
#ifndef IDPM_NIGHTLY_H
#define IDPM_NIGHTLY_H

#include <stdint.h>

#include "cli/app.h"
#include "store/runs.h"
#include "util/period.h"
#include "util/strbuf.h"

struct collector;

/* What one night did; filled step by step, then summarised. */
struct nightly_summary {
	int sources_ok, sources_partial, sources_failed;
	struct strbuf partial;      /* names of partial sources, ", "-separated */
	struct strbuf failed;       /* names of failed sources */
	struct run_stats total;     /* counters of every source */
	int64_t warnings;           /* warnings logged during the run */
	unsigned warn0;             /* log warning count at the start */
	int exit_code;              /* worst exit code seen */
	int64_t started_ms;         /* monotonic start */
	int64_t elapsed_ms;
	char report[16];            /* closed quarter rendered tonight; "" when none */
};

/* Start a summary: records the time and the warning count so far. */
void nightly_summary_init(struct nightly_summary *s, struct app *app);
void nightly_summary_release(struct nightly_summary *s);

/*
 * Collect, one after the other, every collector of the NULL-terminated LIST
 * that the configuration names.  A failing source does not stop the others.
 * Returns the worst exit code and adds every outcome to S.
 */
int nightly_collect(struct app *app, const struct collector *const *list, struct nightly_summary *s);

/*
 * The first night of a quarter: render the closed quarter CLOSED (every
 * format) into OUT_DIR/<label>/, unless source_state ('run', 'report:<label>')
 * says it has been rendered.  The state is written only when rendering
 * succeeded, so a failure is retried the next night.  Returns an exit code.
 */
int nightly_quarterly_report(struct app *app, const struct period *closed, const char *out_dir,
			     struct nightly_summary *s);

/* Mark the run as started in source_state ('run', 'last_*'), so status can tell a killed run. */
void nightly_record_start(struct app *app);

/*
 * End of the night: finish S (elapsed time, warnings, EXIT), log the summary
 * line (error level when EXIT is not 0, warning level when there were
 * warnings or partial sources, info otherwise: so cron stays quiet on a clean
 * night) and record it in source_state for status.
 */
void nightly_finish(struct app *app, struct nightly_summary *s, int exit_code);

/* The summary line, without a newline, appended to OUT. */
void nightly_summary_format(const struct nightly_summary *s, struct strbuf *out);

#endif
