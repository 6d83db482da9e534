/* What every report format says the same way: scorecard lines, the executive summary, warnings. */
#ifndef IDPM_SUMMARY_H
#define IDPM_SUMMARY_H

#include "compute/metric_defs.h"
#include "compute/report_model.h"

/* One KPI of the scorecard, in the report's language. */
struct score_line {
	const char *metric;
	const struct metric_def *def;
	const struct metric_row *cur;    /* NULL: no value stored */
	const struct metric_row *prev;   /* the previous period's value, or NULL */
	char *value;                     /* formatted value, or "no data" */
	char *prev_value;                /* formatted previous value, or "no data" */
	char *delta;                     /* formatted change, NULL when not comparable */
	int dir;                         /* +1 up, -1 down, 0 flat or unknown */
	int sense;                       /* +1 better, -1 worse, 0 neutral or unknown */
	const char *band;                /* NULL when unbanded or no data */
	const char *target;              /* target text, or NULL */
	int has_value;                   /* cur holds a number */
	double spark[REPORT_HISTORY];    /* values from history index spark_first (NaN gaps) */
	size_t nspark, spark_first;
};

struct scorecard {
	struct score_line *v;
	size_t n;
};

/* The scorecard of METRICS for SCOPE in M's period.  Release with scorecard_release(). */
void scorecard_build(const struct report_model *m, char *const *metrics, size_t n, const char *scope,
		     struct scorecard *out);
void scorecard_release(struct scorecard *sc);

/* A list of owned texts. */
struct text_list {
	char **v;
	char **level;     /* parallel: "error", "warning" or "info" (static strings, not owned) */
	size_t n, alloc, level_alloc;
};

void text_list_release(struct text_list *l);

/* Three to six plain sentences summarising SC for leadership. */
void summary_sentences(const struct report_model *m, const struct scorecard *sc, struct text_list *out);

/*
 * Everything a reader must know before trusting the numbers: failed or stale
 * sources, flags on the period's values (low response rate, approximate),
 * KPIs without data, suppressed groups, truncated datasets, an unfinished
 * quarter.  Sorted by level (errors first), then in a fixed order.
 */
void report_warnings(const struct report_model *m, struct text_list *out);

/* 1 when ROW is a value hidden because its group is too small (flag "suppressed" or "small_group"). */
int row_suppressed(const struct metric_row *row);

#endif
