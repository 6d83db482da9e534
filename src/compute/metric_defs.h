/* The stable list of metric names, their units and definitions (the export contract). */
#ifndef IDPM_METRIC_DEFS_H
#define IDPM_METRIC_DEFS_H

#include <stddef.h>

#include "store/metrics.h"

struct metric_def {
	const char *name;        /* stable name used in exports */
	const char *unit;        /* minutes, hours, days, fraction, count, nps, per_week, per_month */
	const char *kpi;         /* group it is shown under: scaffolder, adoption, nps, onboarding, tickets, dora */
	int higher_is_better;    /* 1, 0 (lower is better) or -1 (neither: a count) */
	const char *definition;  /* one sentence, as computed */
};

/* The table, in the order exports and reports list metrics; ends with a NULL name. */
extern const struct metric_def metric_defs[];

/* The definition of NAME, or NULL. */
const struct metric_def *metric_def_find(const char *name);
/* Sort ROWS by metric (table order, unknown names last by name), then scope (org, team:, service:, template:, other; then by name), then period. */
void metric_rows_sort(struct metric_rows *rows);
/*
 * The rows of METRIC in ROWS sorted by metric_rows_sort(): *FIRST and the
 * count returned (0 when there are none).  A binary search.
 */
size_t metric_rows_range(const struct metric_rows *rows, const char *metric, size_t *first);

#endif
