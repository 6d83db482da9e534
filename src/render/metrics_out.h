/* Metric values as the export contract's JSON and CSV. */
#ifndef IDPM_METRICS_OUT_H
#define IDPM_METRICS_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "store/metrics.h"
#include "util/strbuf.h"

/*
 * {"period":P,"metrics":[{"metric","scope","value","unit","n","band","tier","flags"},...]}
 * followed by a newline, rows in the given order.  Returns 0 or -1 with ERR.
 */
int metrics_write_json(FILE *fp, const char *period, const struct metric_rows *rows, struct strbuf *err);
/*
 * The same with additions: members of EXTRA (may be NULL) after "period", and
 * the members ANNOTATE(row, CTX) returns (a new object, or NULL) appended to
 * each row's object.
 */
int metrics_write_json_annotated(FILE *fp, const char *period, const struct metric_rows *rows, json_t *extra,
				 json_t *(*annotate)(const struct metric_row *row, void *ctx), void *ctx,
				 struct strbuf *err);
/* The same rows as CSV with a header: metric,period,scope,value,unit,n,band,tier,flags (flags joined by ';'). */
int metrics_write_csv(FILE *fp, const struct metric_rows *rows, int bom, struct strbuf *err);

#endif
