/* Shared state of the workbook writer (render/xlsx.c, render/xlsx_kpi.c); not used elsewhere. */
#ifndef IDPM_XLSX_INT_H
#define IDPM_XLSX_INT_H

#include <xlsxwriter.h>

#include "compute/report_model.h"
#include "util/strbuf.h"

/* Excel's limit on a cell's text. */
#define XLSX_MAX_TEXT 32767
/* Bands target, good, average, poor, then tiers elite, high, medium, low (coloured alike). */
#define XLSX_CLASSES 8
/* Number formats by unit: fraction, one decimal, two decimals, integer, NPS. */
#define XLSX_NUM_FORMATS 5

/* A cell held back to be written in row order (see xlsx_defer). */
struct xlsx_cell {
	lxw_row_t r;
	lxw_col_t c;
	size_t seq;         /* order of the writes: a later write to one cell replaces an earlier one */
	char *text;         /* the text written, or NULL for a number */
	char *formula;      /* a formula with its value V, or NULL */
	double v;
	lxw_format *f;
};

struct xlsx_cells {
	struct xlsx_cell *v;
	size_t n, alloc, next;  /* next: the first cell not written yet (after xlsx_defer_end) */
};

struct xlsx {
	const struct report_model *m;
	struct xlsx_cells *defer;   /* while set, cells are kept there instead of written */
	lxw_workbook *wb;
	lxw_format *title, *header, *wrap, *bold, *muted;
	lxw_format *band[XLSX_CLASSES];  /* fills of the bands and tiers (xlsx_class_index order) */
	lxw_format *class_num[XLSX_CLASSES][XLSX_NUM_FORMATS]; /* a fill with a number format, made when first used */
	lxw_format *num_fraction, *num_1, *num_2, *num_int, *num_nps;
	lxw_format *datetime, *date;  /* UTC date and time, date (dataset sheets) */
	char **sheets;              /* names used so far (case-insensitively unique) */
	size_t nsheets;
	const char **ds_sheets;     /* reserved sheet name of each dataset (m->datasets order) */
	const char *summary_name, *teams_name, *definitions_name; /* reserved names of those sheets */
	lxw_error error;            /* first libxlsxwriter error seen */
};

/*
 * The sheet name message KEY gives in the report's language (ENGLISH_TOO:
 * else in English), when it is a valid sheet name; else NULL.
 */
const char *xlsx_sheet_want(const struct xlsx *x, const char *key, int english_too);
/*
 * An identifier shown in the workbook (a dataset column, a unit): message
 * PREFIX NAME in the report's language when the catalogue has one (the English
 * workbook keeps the identifiers of the CSV files), else NAME.
 */
const char *xlsx_local_name(const struct xlsx *x, const char *prefix, const char *name);
/*
 * Reserve a sheet name: WANT (or FALLBACK when WANT is not a valid sheet name:
 * at most 31 characters and 31 bytes of UTF-8), made unique.  The name is
 * owned by X.
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
/* Index of band or tier word CLS ("target" ... "poor", "elite" ... "low") in x->band, or -1. */
int xlsx_class_index(const char *cls);
/* The fill of band or tier CLS with the number format of UNIT, or UNIT's plain number format without a class. */
lxw_format *xlsx_class_format(struct xlsx *x, const char *cls, const char *unit);
/* The word shown for band or tier CLS in the report's language ("" for NULL). */
const char *xlsx_class_word(const struct xlsx *x, const char *cls);
/* Conditional formats filling the band and tier words of column C, rows R0..R1, like the band cells. */
void xlsx_class_conditions(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t c);
/*
 * Print setup of a sheet: A4 landscape, one page wide, header row HEAD repeated
 * on every page, print area A1 to (LAST_ROW, LAST_COL), sheet name and page
 * numbers in the footer.
 */
void xlsx_print_setup(struct xlsx *x, lxw_worksheet *ws, lxw_row_t head, lxw_row_t last_row, lxw_col_t last_col);
/* Write untrusted or report text: cleaned, truncated to Excel's limit, a leading = + - @ tab or CR neutralised with '. */
void xlsx_text(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f);
/* Write a number, or nothing for NaN. */
void xlsx_num(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f);
/* Write formula F with its value V (what a reader shows before recalculating), or keep it while deferring. */
void xlsx_formula(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *f, lxw_format *fmt,
		  double v);
/*
 * The workbook is written in libxlsxwriter's constant_memory mode: each
 * sheet's rows stream to disk in order, and a cell of a row before the current
 * one is refused.  A sheet with a block of cells beside its rows keeps the
 * block in CELLS (xlsx_defer), then writes it row by row among the others:
 * xlsx_defer_end() sorts what was kept and xlsx_defer_flush() writes the
 * cells of rows up to UPTO not written yet.  xlsx_cells_release() frees them.
 */
void xlsx_defer(struct xlsx *x, struct xlsx_cells *cells);
/* While deferring, keep the cell (TEXT or FORMULA copied; V the number or the formula's value) and return 1; else 0. */
int xlsx_defer_cell(struct xlsx *x, lxw_row_t r, lxw_col_t c, const char *text, const char *formula, double v,
		    lxw_format *f);
void xlsx_defer_end(struct xlsx *x);
void xlsx_defer_flush(struct xlsx *x, lxw_worksheet *ws, struct xlsx_cells *cells, lxw_row_t upto);
void xlsx_cells_release(struct xlsx_cells *cells);
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
