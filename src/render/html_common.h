/* Pieces report.html and dashboard.html share: the head with its CSP, bands, arrows, sparklines, figures. */
#ifndef IDPM_HTML_COMMON_H
#define IDPM_HTML_COMMON_H

#include <stdio.h>

#include "compute/report_model.h"
#include "render/summary.h"

/* The shared style sheet (inline; no external resources). */
extern const char html_css[];

/*
 * Start a document: doctype, lang, charset, the CSP meta (no scripts, no
 * fetches: images only from data: URLs), TITLE (escaped), the style sheet and
 * EXTRA_HEAD (trusted markup, may be NULL).  Ends after <body>.
 */
void html_begin(FILE *fp, const struct report_model *m, const char *title, const char *extra_head);
void html_end(FILE *fp);
/* Escaped message KEY. */
void html_msg(FILE *fp, const struct report_model *m, const char *key);
/* A band as a coloured chip with its word; "–" without a band. */
void html_band(FILE *fp, const struct report_model *m, const char *band);
void html_tier(FILE *fp, const struct report_model *m, const char *tier);
/* The band of a value, or its DORA tier when it has no band. */
void html_band_or_tier(FILE *fp, const struct report_model *m, const char *band, const char *tier);
/* The band or tier of R as shown: a chip, a grey "too early" / "too few (n = 3, at least 5)" chip, or "–". */
void html_row_class(FILE *fp, const struct report_model *m, const struct metric_row *r);
/* The same for a scorecard line (its band, tier and hold). */
void html_line_class(FILE *fp, const struct report_model *m, const struct score_line *l);
/* "band" or "tier": the class prefix of what a line shows. */
const char *html_line_class_name(const struct score_line *l);
/* " so far: day 2 of 92" (a span) after a value of the period in progress; nothing otherwise. */
void html_so_far(FILE *fp, const struct report_model *m, const struct metric_row *r);
/* The change of a scorecard line: arrow, text, better/worse class and words for screen readers. */
void html_delta(FILE *fp, const struct report_model *m, const struct score_line *l);
/* A small inline SVG line of V (NaN gaps), last point marked; LABEL is its accessible name. */
void html_sparkline(FILE *fp, const double *v, size_t n, const char *label);
/* Chart DEF as a <figure>: inline SVG, caption, and its data table in <details>.  ID: unique ASCII. */
void html_figure(FILE *fp, const struct report_model *m, const struct report_chart *def);
/* A metric's value formatted for its metric (UNIT when the metric is unknown), flags marked (approximate, suppressed). */
void html_value(FILE *fp, const struct report_model *m, const struct metric_row *r, const char *unit);
/* A scope ("team:payments") without its kind, escaped, isolated from surrounding text direction. */
void html_scope_name(FILE *fp, const char *scope);
/* NAME when it is a band or tier name we style (target, good, ..., elite, ...), else "none": safe in a class. */
const char *html_known_class(const char *name);
/*
 * One tile per metric of METRICS for SCOPE ("org", "team:payments"): value, so
 * far, band or tier (or why it is held back), sparkline, target, change and n,
 * in a grid with id ID (ASCII).
 */
void html_tiles(FILE *fp, const struct report_model *m, char *const *metrics, size_t n, const char *scope,
		const char *id);
/* R's value (UNIT when the metric is unknown), with " (n = 12)" when WITH_N, and its band or tier as shown. */
void html_value_n_class(FILE *fp, const struct report_model *m, const struct metric_row *r, const char *unit, int with_n);
/* <p class="meta">: the period complete or in progress, and when the page was made. */
void html_meta_line(FILE *fp, const struct report_model *m);
/* The list of warnings with their levels. */
void html_warnings(FILE *fp, const struct report_model *m, const struct text_list *w);

#endif
