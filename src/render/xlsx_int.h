/* Shared state of the workbook writer (render/xlsx.c, render/xlsx_kpi.c); not used elsewhere. */
#ifndef IDPM_XLSX_INT_H
#define IDPM_XLSX_INT_H

#include <xlsxwriter.h>

#include "compute/report_model.h"
#include "util/strbuf.h"

/* Excel's limit on a cell's text. */
#define XLSX_MAX_TEXT 32767

struct xlsx {
	const struct report_model *m;
	lxw_workbook *wb;
	lxw_format *title, *header, *wrap, *bold, *muted;
	lxw_format *band[4];        /* fills for target, good, average, poor */
	lxw_format *num_fraction, *num_1, *num_2, *num_int, *num_nps;
	lxw_format *datetime, *date;  /* UTC date and time, date (dataset sheets) */
	char **sheets;              /* names used so far (case-insensitively unique) */
	size_t nsheets;
	const char **ds_sheets;     /* reserved sheet name of each dataset (m->datasets order) */
	lxw_error error;            /* first libxlsxwriter error seen */
};

/*
 * Reserve a sheet name: WANT (or FALLBACK when WANT is not a valid ASCII sheet
 * name), made unique.  The name is owned by X.
 */
const char *xlsx_reserve(struct xlsx *x, const char *want, const char *fallback);
/*
 * Add a worksheet named WANT (or FALLBACK when WANT is not a valid ASCII sheet
 * name), made unique; returns it, or NULL with x->error set.  *NAME receives
 * the name used (owned by X).
 */
lxw_worksheet *xlsx_sheet(struct xlsx *x, const char *want, const char *fallback, const char **name);
/* The number format for UNIT. */
lxw_format *xlsx_num_format(struct xlsx *x, const char *unit);
/* The fill format of BAND, or NULL. */
lxw_format *xlsx_band_format(struct xlsx *x, const char *band);
/* Write untrusted or report text: cleaned, truncated to Excel's limit, a leading = + - @ tab or CR neutralised with '. */
void xlsx_text(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
/* Write a number, or nothing for NaN. */
void xlsx_num(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f);
/* Record the first error of a libxlsxwriter call. */
void xlsx_check(struct xlsx *x, lxw_error e);
/* A header row of N texts at row R from column C. */
void xlsx_header(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *const *texts, size_t n);
/* The flags of ROW as words joined with ", " (a new string). */
char *xlsx_flags(const struct report_model *m, const struct metric_row *row);
/* The name of dataset sheet D (as reserved), or NULL. */
const char *xlsx_dataset_sheet(const struct xlsx *x, const char *dataset);

/* One sheet per KPI section (kpi, nps, dora) with rows, trend, key figures as formulas and a chart. */
void xlsx_kpi_sheet(struct xlsx *x, const struct report_section *s);

#endif
