/* Metric values as an OpenMetrics text file for a Prometheus node-exporter textfile collector. */
#ifndef IDPM_OPENMETRICS_H
#define IDPM_OPENMETRICS_H

#include <stdio.h>

#include "compute/report_model.h"
#include "store/metrics.h"
#include "util/strbuf.h"

/*
 * Write ROWS (sorted by metric) as gauge families idpmetrics_<metric> with
 * labels scope, period, band and tier (the last two only when set), one
 * sample per row with a value (rows without data are left out, never 0),
 * then per source the time of its last successful collection and whether
 * its last run succeeded, then "# EOF".  Label values and help texts are
 * escaped; no timestamps (the textfile collector refuses them).  Returns 0
 * or -1 with ERR.
 */
int openmetrics_write(FILE *fp, const struct metric_rows *rows, const struct source_status *sources, size_t nsources,
		      struct strbuf *err);
/* Append S as an OpenMetrics label value (without the quotes) to OUT: \\ \" \n escaped, controls dropped. */
void openmetrics_label(struct strbuf *out, const char *s);

#endif
