/* report.xlsx KPI sheets: the section's values (services on a sheet of their own), org trend, native charts, key figures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compute/metric_defs.h"
#include "compute/stats.h"
#include "render/chart.h"
#include "render/chart_data.h"
#include "render/escape.h"
#include "render/messages.h"
#include "render/summary.h"
#include "render/xlsx_int.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Column of the trend, key-figure and chart blocks, right of the long table. */
#define BLOCK_COL 11

/* "'Sheet'!$C$2:$C$9" (no "="): a column of rows 2..N+1 of dataset sheet SHEET. */
static void column_ref(char *buf, size_t size, const char *sheet, size_t col, size_t nrows)
{
	char tmp[160];

	lxw_rowcol_to_formula_abs(tmp, sheet, 1, (lxw_col_t)col, (lxw_row_t)nrows, (lxw_col_t)col);
	snprintf(buf, size, "%s", tmp[0] == '=' ? tmp + 1 : tmp);
}

/* 1 when cell X matches COUNTIFS criterion V (text: case-insensitive; numbers: equal when V is a number). */
static int criterion_holds(const struct cell *x, const char *v)
{
	char *end;
	double d;

	if (x->type == CELL_TEXT)
		return !strcasecmp(x->s, v);
	if (x->type == CELL_NULL)
		return 0;
	d = strtod(v, &end);
	return end != v && !*end && d == x->d;
}

/* Append one COUNTIFS(...) for FC over D to F and return what Excel computes. */
static double countifs(const struct dataset_rows *d, const char *sheet, const struct figure_count *fc,
		       struct strbuf *f, int *ok)
{
	int cols[8];
	double n = 0;

	strbuf_addstr(f, "COUNTIFS(");
	for (size_t k = 0; k < fc->n && k < 8; k++) {
		char ref[200];

		cols[k] = dataset_col(d, fc->column[k]);
		if (cols[k] < 0) {
			*ok = 0;
			return NAN;
		}
		column_ref(ref, sizeof(ref), sheet, (size_t)cols[k], d->nrows);
		/* the value was checked to be plain text without quotes when the definition was loaded */
		strbuf_addf(f, "%s%s,\"%s\"", k ? "," : "", ref, fc->value[k]);
	}
	strbuf_addch(f, ')');
	for (size_t r = 0; r < d->nrows; r++) {
		int all = 1;

		for (size_t k = 0; k < fc->n && k < 8 && all; k++)
			all = criterion_holds(&d->cells[r * d->ncols + (size_t)cols[k]], fc->value[k]);
		n += all;
	}
	return n;
}

static double count_sum(const struct dataset_rows *d, const char *sheet, const struct figure_count *fc, size_t n,
			struct strbuf *f, int *ok)
{
	double sum = 0;

	strbuf_addch(f, '(');
	for (size_t i = 0; i < n && *ok; i++) {
		if (i)
			strbuf_addch(f, '+');
		sum += countifs(d, sheet, &fc[i], f, ok);
	}
	strbuf_addch(f, ')');
	return sum;
}

/*
 * The formula of figure FG over dataset D on SHEET into F (with "="), and the
 * value Excel computes, which is written as the cached result.  NaN when the
 * formula would be an error (no rows, 0/0) or a column is missing (*OK = 0).
 */
static double figure_formula(const struct report_figure *fg, const struct dataset_rows *d, const char *sheet,
			     struct strbuf *f, int *ok)
{
	*ok = 1;
	strbuf_addch(f, '=');
	if (fg->kind == FIG_PERCENTILE) {
		int col = dataset_col(d, fg->column);
		double *v, res;
		size_t n = 0;
		char ref[200];

		if (col < 0) {
			*ok = 0;
			return NAN;
		}
		column_ref(ref, sizeof(ref), sheet, (size_t)col, d->nrows);
		strbuf_addf(f, "_xlfn.PERCENTILE.INC(%s,%.10g)", ref, fg->k);
		v = xcalloc(d->nrows + 1, sizeof(double));
		for (size_t r = 0; r < d->nrows; r++) {
			const struct cell *x = &d->cells[r * d->ncols + (size_t)col];

			if (x->type == CELL_INT || x->type == CELL_REAL)
				v[n++] = x->d;
		}
		n = stats_sort(v, n);
		res = stats_percentile_sorted(v, n, fg->k);
		free(v);
		return res;
	}
	if (fg->kind == FIG_COUNT)
		return count_sum(d, sheet, fg->num, fg->nnum, f, ok);
	{
		double num = count_sum(d, sheet, fg->num, fg->nnum, f, ok), den;

		strbuf_addch(f, '/');
		den = count_sum(d, sheet, fg->den, fg->nden, f, ok);
		return den > 0 ? num / den : NAN;
	}
}

static lxw_row_t figures(struct xlsx *x, lxw_worksheet *ws, const struct report_section *s, lxw_row_t row)
{
	const struct report_model *m = x->m;
	const char *head[4] = { msg(m, "xlsx.figure"), msg(m, "xlsx.formula"), msg(m, "xlsx.idpmetrics"),
				msg(m, "xlsx.rows_from") };
	int any = 0;

	for (size_t i = 0; i < s->datasets.n; i++) {
		const struct dataset_rows *d = report_dataset(m, s->datasets.v[i]);
		const char *sheet = xlsx_dataset_sheet(x, s->datasets.v[i]);

		for (size_t k = 0; d && sheet && k < d->def->nfigures; k++) {
			const struct report_figure *fg = &d->def->figures[k];
			const struct metric_row *mine = report_value(m, fg->metric, m->period.label, "org");
			const struct metric_def *md = metric_def_find(fg->metric);
			lxw_format *nf = xlsx_num_format(x, md ? md->unit : NULL);
			struct strbuf f = STRBUF_INIT;
			int ok;
			double v;

			if (!any) {
				xlsx_header(x, ws, row, BLOCK_COL, head, 4);
				row++;
				any = 1;
			}
			v = figure_formula(fg, d, sheet, &f, &ok);
			xlsx_text(x, ws, row, BLOCK_COL, fg->label ? msg_title(m, fg->label, "") : metric_title(m, fg->metric),
				  NULL);
			if (!ok)
				xlsx_text(x, ws, row, BLOCK_COL + 1, msg(m, "xlsx.missing_column"), x->muted);
			else if (isnan(v) || !d->nrows)
				xlsx_text(x, ws, row, BLOCK_COL + 1, msg(m, "value.no_data"), x->muted);
			else
				xlsx_formula(x, ws, row, BLOCK_COL + 1, f.buf, nf, v);
			if (mine && !isnan(mine->value))
				xlsx_num(x, ws, row, BLOCK_COL + 2, mine->value, nf);
			else
				xlsx_text(x, ws, row, BLOCK_COL + 2, msg(m, "value.no_data"), x->muted);
			xlsx_text(x, ws, row, BLOCK_COL + 3, sheet, NULL);
			strbuf_release(&f);
			row++;
		}
	}
	if (any)
		xlsx_text(x, ws, row++, BLOCK_COL, msg(m, "xlsx.figures_note"), x->muted);
	return row;
}

/* The NPS complaint themes with their example comments (untrusted text, neutralised by xlsx_text). */
static lxw_row_t themes(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row)
{
	const struct report_model *m = x->m;
	const struct metric_row *r = report_value(m, "developer_nps", m->period.label, "org");
	json_t *detail = row_detail(r), *t;
	const char *head[4] = { msg(m, "nps.theme"), msg(m, "nps.theme_detractors"), msg(m, "nps.theme_respondents"),
				msg(m, "nps.examples") };
	size_t i;

	if (!json_array_size(json_object_get(detail, "themes"))) {
		json_decref(detail);
		return row;
	}
	xlsx_header(x, ws, row++, BLOCK_COL, head, 4);
	json_array_foreach(json_object_get(detail, "themes"), i, t) {
		json_t *e;
		size_t k;
		lxw_col_t c = BLOCK_COL + 3;

		xlsx_text(x, ws, row, BLOCK_COL, json_string_value(json_object_get(t, "theme")), NULL);
		xlsx_num(x, ws, row, BLOCK_COL + 1, detail_num(t, "detractors"), x->num_int);
		xlsx_num(x, ws, row, BLOCK_COL + 2, detail_num(t, "respondents"), x->num_int);
		/* one example per cell, so each is checked on its own */
		json_array_foreach(json_object_get(t, "examples"), k, e)
			if (json_is_string(e) && k < 3)
				xlsx_text(x, ws, row, (lxw_col_t)(c + k), json_string_value(e), NULL);
		row++;
	}
	json_decref(detail);
	return row + 1;
}

/* Chart titles are never formulas (a leading '=' is dropped) and hold no character XML forbids. */
static void set_title(lxw_chart *c, const char *t)
{
	char *clean = text_clean(t);

	for (t = clean; *t == '='; t++)
		;
	if (*t)
		chart_title_set_name(c, t);
	free(clean);
}

/* Rows one native chart takes (288 px at 20 px a row, and a gap). */
#define CHART_ROWS 16

/* 1 when metrics A and B are drawn on one chart: the same unit and the same quantity (p50 and p95 of one lead time). */
static int same_chart(const char *a, const char *b)
{
	const struct metric_def *da = metric_def_find(a), *db = metric_def_find(b);
	const char *pa = strstr(a, "_p"), *pb = strstr(b, "_p");

	if (!da || !db || strcmp(da->unit, db->unit) || !pa || !pb || pa - a != pb - b || strncmp(a, b, (size_t)(pa - a)))
		return 0;
	/* "_p50_" and "_p95_": the rest after the percentile must match too */
	pa += 2;
	pb += 2;
	while (*pa >= '0' && *pa <= '9')
		pa++;
	while (*pb >= '0' && *pb <= '9')
		pb++;
	return !strcmp(pa, pb);
}

/* The chart title of metrics FIRST..: a report chart drawing METRIC with others (its title), else the metric's. */
static const char *chart_title_of(const struct report_model *m, const char *metric, size_t nmetrics)
{
	for (size_t i = 0; nmetrics > 1 && i < m->def.ncharts; i++) {
		const struct report_chart *c = &m->def.charts[i];
		char key[160];

		if (c->kind != CHART_TREND || c->metrics.n < 2 || strcmp(c->metrics.v[0], metric))
			continue;
		snprintf(key, sizeof(key), "chart.%s", c->name);
		return msg_title(m, c->title, key);
	}
	return metric_title(m, metric);
}

/* The value axis of UNIT: its title (axis.<word>) and number format. */
static void value_axis(const struct report_model *m, lxw_chart *c, const char *unit)
{
	static const struct { const char *unit, *axis, *format; } axes[] = {
		{ "fraction", "axis.percent", "0%" }, { "nps", "axis.nps", "+0;-0;0" },
		{ "minutes", "axis.minutes", "0" },   { "hours", "axis.hours", "0.0" },
		{ "days", "axis.days", "0.0" },       { "count", "axis.count", "0" },
		{ "per_week", "axis.per_week", "0.0" }, { "per_month", "axis.per_month", "0" },
	};
	const char *name = msg(m, "axis.value");

	for (size_t i = 0; unit && i < sizeof(axes) / sizeof(axes[0]); i++)
		if (!strcmp(axes[i].unit, unit)) {
			name = msg(m, axes[i].axis);
			chart_axis_set_num_format(c->y_axis, axes[i].format);
		}
	while (*name == '=')
		name++;
	chart_axis_set_name(c->y_axis, name);
}

/*
 * One native line chart per quantity of the section's org trend (the block at
 * BLOCK_COL, columns 1..N after it, rows 1..): metrics of one unit and one
 * quantity (p50 and p95) share a chart, so no axis mixes units.  Charts stack
 * from row AT; returns the row after the last.
 */
static lxw_row_t trend_charts(struct xlsx *x, lxw_worksheet *ws, const char *sheet, const struct report_section *s,
			      size_t first, lxw_row_t at)
{
	const struct report_model *m = x->m;
	lxw_row_t last = (lxw_row_t)(m->nhistory - first);
	char cats[160], vals[160];
	char *drawn = xcalloc(s->metrics.n + 1, 1);
	const char *x_title = msg(m, "table.period");

	lxw_rowcol_to_formula_abs(cats, sheet, 1, BLOCK_COL, last, BLOCK_COL);
	for (size_t k = 0; k < s->metrics.n; k++) {
		const struct metric_def *md = metric_def_find(s->metrics.v[k]);
		lxw_chart *c;
		lxw_chart_options opts = { 0 };
		size_t nseries = 0;

		if (drawn[k])
			continue;
		if (!(c = workbook_add_chart(x->wb, LXW_CHART_LINE))) {
			xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
			break;
		}
		for (size_t j = k; j < s->metrics.n && nseries < CHART_MAX_SERIES; j++) {
			lxw_chart_series *se;
			lxw_chart_line line = { 0 };
			lxw_col_t col = (lxw_col_t)(BLOCK_COL + 1 + j);

			if (drawn[j] || (j != k && !same_chart(s->metrics.v[k], s->metrics.v[j])))
				continue;
			drawn[j] = 1;
			lxw_rowcol_to_formula_abs(vals, sheet, 1, col, last, col);
			if (!(se = chart_add_series(c, cats, vals)))
				continue;
			chart_series_set_name_range(se, sheet, 0, col);
			chart_series_set_marker_type(se, LXW_CHART_MARKER_CIRCLE);
			line.color = chart_palette[nseries++ % CHART_MAX_SERIES];
			line.width = 2.25;
			chart_series_set_line(se, &line);
		}
		set_title(c, chart_title_of(m, s->metrics.v[k], nseries));
		value_axis(m, c, md ? md->unit : NULL);
		chart_axis_set_name(c->x_axis, *x_title == '=' ? x_title + 1 : x_title);
		chart_legend_set_position(c, nseries > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
		opts.x_scale = 1.4;
		xlsx_check(x, worksheet_insert_chart_opt(ws, at, BLOCK_COL, c, &opts));
		at += CHART_ROWS;
	}
	free(drawn);
	return at;
}

/* Flags of each metric of a service, "Title: flags" joined with "; " (a new string, "" when none). */
static char *service_notes(const struct report_model *m, const struct metric_row *const *v, char *const *metrics,
			   size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t k = 0; k < n; k++) {
		char *fl = xlsx_flags(m, v[k]);

		if (*fl)
			strbuf_addf(&sb, "%s%s: %s", sb.len ? "; " : "", metric_title(m, metrics[k]), fl);
		free(fl);
	}
	return strbuf_detach(&sb, NULL);
}

/*
 * The per-service values of section S in the reported period, one row per
 * service (thousands of them, with several metrics each): the service and its
 * team, each metric's value filled with the colour of its band or tier, then
 * the words of those bands and tiers (or why they are held back), then the
 * notes.  Nothing when the section has no per-service value.
 */
static void services_sheet(struct xlsx *x, const struct report_section *s)
{
	const struct report_model *m = x->m;
	size_t nm = s->metrics.n, ns, nclass = 0;
	const char **services = report_scopes_for(m, "service", m->period.label, s->metrics.v, nm, &ns);
	const struct metric_row **v = xcalloc(nm + 1, sizeof(*v));
	size_t *classed = xcalloc(nm + 1, sizeof(*classed));  /* the metrics with a column of words */
	char *tiered = xcalloc(nm + 1, 1);                     /* ... whose words are tiers (else bands) */
	char key[96], fallback[32];
	const char *name;
	lxw_worksheet *ws;
	lxw_col_t first_class = (lxw_col_t)(2 + nm), notes_col;
	struct strbuf head = STRBUF_INIT;

	if (!ns)
		goto out;
	snprintf(key, sizeof(key), "sheet.%s.services", s->id);
	snprintf(fallback, sizeof(fallback), "%.20s services", s->id);
	if (!(ws = xlsx_sheet(x, xlsx_sheet_want(x, key, 1), fallback, &name)))
		goto out;
	/* a column of words for each metric some service has a band or tier of */
	for (size_t k = 0; k < nm; k++)
		for (size_t i = 0; i < ns; i++) {
			const struct metric_row *r = report_value(m, s->metrics.v[k], m->period.label, services[i]);

			if (r && (r->band || r->tier)) {
				tiered[nclass] = r->tier != NULL;
				classed[nclass++] = k;
				break;
			}
		}
	notes_col = (lxw_col_t)(first_class + nclass);
	xlsx_text(x, ws, 0, 0, msg(m, "scope.service"), x->header);
	xlsx_text(x, ws, 0, 1, msg(m, "scope.team"), x->header);
	for (size_t k = 0; k < nm; k++)
		xlsx_text(x, ws, 0, (lxw_col_t)(2 + k), metric_title(m, s->metrics.v[k]), x->header);
	for (size_t j = 0; j < nclass; j++) {
		strbuf_reset(&head);
		strbuf_addf(&head, "%s: %s", msg(m, tiered[j] ? "table.tier" : "table.band"),
			    metric_title(m, s->metrics.v[classed[j]]));
		xlsx_text(x, ws, 0, (lxw_col_t)(first_class + j), head.buf, x->header);
	}
	xlsx_text(x, ws, 0, notes_col, msg(m, "table.flags"), x->header);
	for (size_t i = 0; i < ns; i++) {
		lxw_row_t r = (lxw_row_t)(1 + i);
		const char *team = report_service_team(m, services[i]);
		char *notes;

		xlsx_text(x, ws, r, 0, services[i] + strlen("service:"), NULL);
		if (team && !strncmp(team, "team:", 5))
			xlsx_text(x, ws, r, 1, team + 5, NULL);
		for (size_t k = 0; k < nm; k++) {
			const char *band, *tier;

			v[k] = report_value(m, s->metrics.v[k], m->period.label, services[i]);
			if (row_suppressed(v[k])) {
				xlsx_text(x, ws, r, (lxw_col_t)(2 + k), msg(m, "value.suppressed"), x->muted);
			} else if (v[k] && !isnan(v[k]->value)) {
				/* a held-back band or tier (too early, too few) is not coloured */
				row_class(m, v[k], &band, &tier);
				xlsx_num(x, ws, r, (lxw_col_t)(2 + k), v[k]->value,
					 xlsx_class_format(x, band ? band : tier, v[k]->unit));
			}
		}
		for (size_t j = 0; j < nclass; j++) {
			const struct metric_row *cv = v[classed[j]];
			const char *band, *tier;
			enum hold h = cv ? row_class(m, cv, &band, &tier) : HOLD_NONE;
			char *held = cv ? hold_text(m, cv, h) : NULL;

			if (held)
				xlsx_text(x, ws, r, (lxw_col_t)(first_class + j), held, x->muted);
			else if (cv && (band || tier))
				xlsx_text(x, ws, r, (lxw_col_t)(first_class + j), xlsx_class_word(x, band ? band : tier), NULL);
			free(held);
		}
		notes = service_notes(m, v, s->metrics.v, nm);
		xlsx_text(x, ws, r, notes_col, *notes ? notes : NULL, NULL);
		free(notes);
	}
	for (size_t j = 0; j < nclass; j++)
		xlsx_class_conditions(x, ws, 1, (lxw_row_t)ns, (lxw_col_t)(first_class + j));
	worksheet_freeze_panes(ws, 1, 1);
	xlsx_check(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)ns, notes_col));
	worksheet_set_column(ws, 0, 0, 30, NULL);
	worksheet_set_column(ws, 1, 1, 20, NULL);
	worksheet_set_column(ws, 2, (lxw_col_t)(notes_col - 1), 14, NULL);
	worksheet_set_column(ws, notes_col, notes_col, 40, NULL);
	xlsx_print_setup(x, ws, 0, (lxw_row_t)ns, notes_col);
out:
	strbuf_release(&head);
	free(tiered);
	free(classed);
	free(v);
	free(services);
}

void xlsx_kpi_sheet(struct xlsx *x, const struct report_section *s)
{
	const struct report_model *m = x->m;
	const char *head[10] = { msg(m, "table.metric"), msg(m, "table.name"), msg(m, "table.period"),
				 msg(m, "table.scope"), msg(m, "table.value"), msg(m, "table.unit"), "n",
				 msg(m, "table.band"), msg(m, "table.tier"), msg(m, "table.flags") };
	char key[96];
	const char *sheet, *want;
	lxw_worksheet *ws;
	lxw_row_t r = 1, br;
	size_t first, nseries = s->metrics.n;
	lxw_col_t last_col = BLOCK_COL + 5;
	struct xlsx_cells block = { 0 };

	snprintf(key, sizeof(key), "sheet.%s", s->id);
	/* in the report's language when the name fits a sheet (31 characters in 31 bytes), else in English */
	want = xlsx_sheet_want(x, key, 1);
	ws = xlsx_sheet(x, want, s->id, &sheet);
	if (!ws || !s->metrics.n)
		return;
	/* Beside the rows, from column BLOCK_COL: the org trend (the charts' data), the key figures, the
	   themes and the charts.  Kept first, then written among the rows, in row order. */
	xlsx_defer(x, &block);
	first = report_first_period(m, (const char *const *)s->metrics.v, nseries, "org");
	xlsx_text(x, ws, 0, BLOCK_COL, msg(m, "table.period"), x->header);
	for (size_t k = 0; k < nseries; k++)
		xlsx_text(x, ws, 0, (lxw_col_t)(BLOCK_COL + 1 + k), metric_title(m, s->metrics.v[k]), x->header);
	br = 1;
	for (size_t h = first; h < m->nhistory; h++, br++) {
		xlsx_text(x, ws, br, BLOCK_COL, m->history[h].label, NULL);
		for (size_t k = 0; k < nseries; k++) {
			const struct metric_row *v = report_value(m, s->metrics.v[k], m->history[h].label, "org");

			if (v)
				xlsx_num(x, ws, br, (lxw_col_t)(BLOCK_COL + 1 + k), v->value, xlsx_num_format(x, v->unit));
		}
	}
	br = figures(x, ws, s, br + 1);
	if (s->kind == SEC_NPS)
		br = themes(x, ws, br + 1);
	br = trend_charts(x, ws, sheet, s, first, br + 1);
	xlsx_defer_end(x);
	xlsx_header(x, ws, 0, 0, head, 10);
	for (size_t k = 0; k < s->metrics.n; k++) {
		size_t from, count = metric_rows_range(&m->rows, s->metrics.v[k], &from);
		/* one metric's rows: its title once, the unit's name once per unit */
		const char *title = count ? metric_title(m, m->rows.v[from].metric) : NULL, *unit = NULL, *unit_name = NULL;

		for (size_t i = from; i < from + count; i++) {
			const struct metric_row *v = &m->rows.v[i];
			lxw_format *nf;
			char *fl;

			if (!strncmp(v->scope, "service:", 8))
				continue; /* one row per service on the sheet after this one (services_sheet) */
			if (!unit_name || v->unit != unit) {
				unit = v->unit;
				unit_name = xlsx_local_name(x, "unitname.", unit);
			}
			xlsx_defer_flush(x, ws, &block, r);
			nf = xlsx_num_format(x, v->unit);
			xlsx_text(x, ws, r, 0, title, NULL);
			xlsx_text(x, ws, r, 1, v->metric, NULL);
			xlsx_text(x, ws, r, 2, v->period, NULL);
			xlsx_text(x, ws, r, 3, v->scope, NULL);
			xlsx_num(x, ws, r, 4, v->value, nf);
			xlsx_text(x, ws, r, 5, unit_name, NULL);
			xlsx_num(x, ws, r, 6, (double)v->n, x->num_int);
			{
				const char *band, *tier;
				enum hold h = row_class(m, v, &band, &tier);
				char *held = hold_text(m, v, h);

				xlsx_text(x, ws, r, 7, band ? xlsx_class_word(x, band) : NULL, NULL);
				xlsx_text(x, ws, r, 8, tier ? xlsx_class_word(x, tier) : NULL, NULL);
				if (held)
					xlsx_text(x, ws, r, v->band ? 7 : 8, held, x->muted);
				free(held);
			}
			fl = xlsx_flags(m, v);
			xlsx_text(x, ws, r, 9, fl, NULL);
			free(fl);
			r++;
		}
	}
	/* the filter's rows end here: set before the block's rows below them are written (constant_memory) */
	xlsx_check(x, worksheet_autofilter(ws, 0, 0, r > 1 ? r - 1 : 1, 9));
	xlsx_defer_flush(x, ws, &block, LXW_ROW_MAX);
	xlsx_cells_release(&block);
	if (r > 1) {
		xlsx_class_conditions(x, ws, 1, r - 1, 7);
		xlsx_class_conditions(x, ws, 1, r - 1, 8);
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_set_column(ws, 0, 0, 32, NULL);
	worksheet_set_column(ws, 1, 1, 28, NULL);
	worksheet_set_column(ws, 2, 2, 9, NULL);
	worksheet_set_column(ws, 3, 3, 26, NULL);
	worksheet_set_column(ws, 4, 9, 11, NULL);
	worksheet_set_column(ws, BLOCK_COL, BLOCK_COL, 30, NULL);
	worksheet_set_column(ws, BLOCK_COL + 1, BLOCK_COL + 4, 16, NULL);

	if (last_col < BLOCK_COL + nseries)
		last_col = (lxw_col_t)(BLOCK_COL + nseries);
	xlsx_print_setup(x, ws, 0, r - 1 > br ? r - 1 : br, last_col);
	services_sheet(x, s);
}
