/* Steps shared by several subcommands: compute periods, render a report. */
#ifndef IDPM_PIPELINE_H
#define IDPM_PIPELINE_H

#include "cli/app.h"
#include "store/runs.h"
#include "util/period.h"

struct collector;

/* Collect one source and log its outcome; adds its counters to TOTAL (may be NULL).  Returns an exit code. */
int pipeline_collect(struct app *app, const struct collector *c, struct run_stats *total);

/* How one collection went. */
struct pipeline_outcome {
	struct run_stats stats;     /* its counters */
	int partial;                /* some items were skipped (the exit code is 1 when they were bad input) */
	int failed;                 /* the collector returned an error */
};

/*
 * Collect one source with the terminal progress display (when there is one)
 * and log its outcome; OUT (may be NULL) receives its counters.  Returns an exit code.
 */
int pipeline_collect_one(struct app *app, const struct collector *c, struct pipeline_outcome *out);
/* Compute each of the N periods; logs failures.  Returns an exit code. */
int pipeline_compute(struct app *app, const struct period *periods, size_t n);
/*
 * Render period P in the comma-separated FORMATS (NULL = all) into OUT_DIR
 * (created when missing).  Returns an exit code; an unknown format is EXIT_USAGE.
 */
int pipeline_report(struct app *app, const struct period *p, const char *formats, const char *out_dir);

#endif
