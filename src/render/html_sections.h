/* The sections of report.html, one function per section kind of reports/quarterly.json. */
#ifndef IDPM_HTML_SECTIONS_H
#define IDPM_HTML_SECTIONS_H

#include <stdio.h>

#include "compute/report_model.h"

/* Each writes one <section> for S from M (every untrusted string escaped). */
void html_sec_scorecard(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_coverage(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_kpi(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_nps(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_dora(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_teams(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_freshness(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_definitions(FILE *fp, const struct report_model *m, const struct report_section *s);

/* Shared by the section files. */
void html_sec_open(FILE *fp, const struct report_model *m, const struct report_section *s);
void html_sec_close(FILE *fp);
/* Where the section's datasets' raw rows are: one line per dataset (csv/ file and workbook sheet). */
void html_datasets_note(FILE *fp, const struct report_model *m, const struct report_section *s);
/* The title of section S in M's language. */
const char *html_sec_title(const struct report_model *m, const struct report_section *s);
/* The table of METRICS (org): value, band, target, previous value, change, n, flags. */
void html_metric_table(FILE *fp, const struct report_model *m, char *const *metrics, size_t n);
/* Tables of METRICS per scope of each kind in KINDS, rows sorted by name. */
void html_scope_table(FILE *fp, const struct report_model *m, const char *kind, char *const *metrics, size_t n);
/* The id of the first section listing METRIC, or NULL. */
const char *html_section_of(const struct report_model *m, const char *metric);

#endif
