/* What every report format says the same way: scorecard lines, the executive summary, warnings. */
#ifndef IDPM_SUMMARY_H
#define IDPM_SUMMARY_H

#include "compute/metric_defs.h"
#include "compute/report_model.h"

/*
 * Why the band, tier or change of a value is not shown: the period in progress
 * has run fewer than HOLD_MIN_DAYS days (too early), or the value rests on
 * fewer observations than its metric's minimum (too few).
 */
enum hold { HOLD_NONE, HOLD_TOO_EARLY, HOLD_TOO_FEW };
#define HOLD_MIN_DAYS 30

/* The fewest observations (n) a band or tier of METRIC is shown from; 0 when any n will do. */
int metric_min_n(const char *metric);
/* 1 when M's period is still running, with *DAY (1-based, "day 2") and *DAYS (its length) set; else 0. */
int report_period_day(const struct report_model *m, int *day, int *days);
/* Whether ROW's band, tier and change are held back, and why (HOLD_NONE for no value). */
enum hold row_hold(const struct report_model *m, const struct metric_row *row);
/* The band and tier of ROW a report may show (NULL when held back or none); returns the hold. */
enum hold row_class(const struct report_model *m, const struct metric_row *row, const char **band, const char **tier);
/* "so far: day 2 of 92" when ROW belongs to M's period and it is still running, else NULL.  A new string. */
char *row_so_far(const struct report_model *m, const struct metric_row *row);
/* "too early (day 2 of 92)" or "too few (n = 3, at least 5)" for HOLD on ROW, else NULL.  A new string. */
char *hold_text(const struct report_model *m, const struct metric_row *row, enum hold h);
/* "too_early", "too_few" or NULL. */
const char *hold_name(enum hold h);

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
	const char *band;                /* NULL when unbanded, no data or held back */
	const char *tier;                /* the DORA tier shown: NULL when none or held back */
	enum hold hold;                  /* why the band or tier of cur is held back */
	enum hold delta_held;            /* why the change is not shown (cur or prev held back) */
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
