/* From the report model to charts: the data of each chart the report definition names. */
#ifndef IDPM_CHART_DATA_H
#define IDPM_CHART_DATA_H

#include "compute/report_model.h"
#include "render/chart.h"

/* A chart's data as text, for the table beside it (accessibility, print). */
struct chart_table {
	char **head;        /* ncols owned strings */
	size_t ncols;
	char **cells;       /* nrows * ncols owned strings */
	size_t nrows;
};

/*
 * Lay out chart DEF from M's values (texts in M's language).  With TABLE, also
 * fill it with the same data as text (release with chart_table_release).
 * Returns a new chart (chart_free); never NULL: a chart without data says so.
 */
struct chart *report_chart(const struct report_model *m, const struct report_chart *def, struct chart_table *table);
void chart_table_release(struct chart_table *t);

/* First history index a trend shows: leading quarters without any value are dropped, keeping at least 4. */
size_t report_first_period(const struct report_model *m, const char *const *metrics, size_t nmetrics, const char *scope);

#endif
