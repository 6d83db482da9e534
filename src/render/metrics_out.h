/* Metric values as the export contract's JSON and CSV. */
#ifndef IDPM_METRICS_OUT_H
#define IDPM_METRICS_OUT_H

#include <stdio.h>

#include "store/metrics.h"
#include "util/strbuf.h"

/*
 * {"period":P,"metrics":[{"metric","scope","value","unit","n","band","tier","flags"},...]}
 * followed by a newline, rows in the given order.  Returns 0 or -1 with ERR.
 */
int metrics_write_json(FILE *fp, const char *period, const struct metric_rows *rows, struct strbuf *err);
/* The same rows as CSV with a header: metric,period,scope,value,unit,n,band,tier,flags (flags joined by ';'). */
int metrics_write_csv(FILE *fp, const struct metric_rows *rows, int bom, struct strbuf *err);

#endif
