/* The report definition (reports/quarterly.json): sections, scorecard KPIs, charts and datasets, checked. */
#ifndef IDPM_REPORT_DEF_H
#define IDPM_REPORT_DEF_H

#include <jansson.h>
#include <stddef.h>

#include "util/config.h"
#include "util/strbuf.h"

enum section_kind {
	SEC_SCORECARD,   /* executive summary and scorecard */
	SEC_COVERAGE,    /* what data, from when to when, what was excluded */
	SEC_KPI,         /* one KPI family: values, charts, datasets, scope breakdown */
	SEC_NPS,         /* developer NPS: interval, distribution, themes */
	SEC_DORA,        /* DORA tiles per service and team */
	SEC_TEAMS,       /* the per-team table */
	SEC_FRESHNESS,   /* data freshness and warnings */
	SEC_DEFINITIONS  /* metric definitions, bands and tiers */
};

struct str_vec {
	char **v;        /* owned strings */
	size_t n;
};

struct report_section {
	char *id;
	enum section_kind kind;
	json_t *title;         /* text, {lang: text}, or NULL (message section.<id>); owned reference */
	struct str_vec metrics;
	struct str_vec charts;
	struct str_vec datasets;
	struct str_vec scopes; /* scope kinds: team, service, template */
};

enum chart_kind { CHART_TREND, CHART_HISTOGRAM, CHART_DISTRIBUTION };

struct report_chart {
	char *name;            /* file name stem: charts/<name>.svg */
	enum chart_kind kind;
	json_t *title;         /* as for sections; default message chart.<name> */
	struct str_vec metrics;/* trend: the series; histogram: the marks */
	char *metric;          /* distribution: the metric whose detail holds the counts */
	char *dataset;         /* histogram */
	char *column;          /* histogram */
	char *unit;            /* histogram: unit of the column (minutes, hours, days, ...) */
	double *bins;          /* histogram: ascending bin edges; the last bin is open-ended */
	size_t nbins;
	int interval;          /* trend: draw ci_low/ci_high from the detail */
	int target;            /* trend: draw the band target */
};

/* One COUNTIFS: every (column, value) condition must hold. */
struct figure_count {
	char **column;
	char **value;
	size_t n;
};

enum figure_kind { FIG_PERCENTILE, FIG_COUNT, FIG_RATIO };

struct report_figure {
	char *metric;          /* the idpmetrics value the formula reproduces */
	json_t *label;         /* optional; default the metric's title */
	enum figure_kind kind;
	char *column;          /* percentile */
	double k;              /* percentile, 0..1 */
	struct figure_count *num;  /* count (one) or ratio numerator (summed) */
	size_t nnum;
	struct figure_count *den;  /* ratio denominator (summed) */
	size_t nden;
};

struct report_dataset {
	char *name;            /* csv/<name>.csv */
	char *query;           /* embedded query "report/<name>" */
	char *sheet;           /* worksheet name (validated) */
	json_t *title;         /* default message dataset.<name> */
	struct report_figure *figures;
	size_t nfigures;
};

struct report_def {
	size_t history;        /* quarters of history shown, 4..8 */
	struct str_vec scorecard;
	struct report_section *sections;
	size_t nsections;
	struct report_chart *charts;
	size_t ncharts;
	struct report_dataset *datasets;
	size_t ndatasets;
	struct str_vec exclusions;
	double stale_after_hours;
	double low_response_rate;  /* warn below this survey response rate; NaN: never */
};

/*
 * Load and check definition NAME (normally "quarterly") through defs_load():
 * known section kinds, known metric names, charts and datasets that exist,
 * dataset queries under report/, sheet names Excel accepts, formula columns
 * and values that are plain identifiers.  Returns 0 with *DEF filled (release
 * with report_def_release), or -1 with "FILE: where: what" in ERR (FILE is
 * the override in reporting.definitions_dir, or reports/NAME.json).
 */
int report_def_load(const struct config *cfg, const char *name, struct report_def *def, struct strbuf *err);
void report_def_release(struct report_def *def);

const struct report_chart *report_def_chart(const struct report_def *def, const char *name);
const struct report_dataset *report_def_dataset(const struct report_def *def, const char *name);

/*
 * 0 when NAME is a worksheet name Excel and libxlsxwriter 1.1.4 accept (1 to 31
 * printable ASCII characters, none of []:*?/\, no leading or trailing '),
 * else -1 with the reason in ERR.
 */
int report_sheet_name_check(const char *name, struct strbuf *err);

#endif
