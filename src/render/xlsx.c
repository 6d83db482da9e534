/* report.xlsx: Summary, one sheet per KPI, Teams, Definitions and one sheet per dataset (libxlsxwriter 1.1.4). */
#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "compute/metric_defs.h"
#include "render/escape.h"
#include "render/messages.h"
#include "render/renderers.h"
#include "render/summary.h"
#include "render/xlsx_int.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

void xlsx_check(struct xlsx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
		x->error = e;
}

/* 1 when NAME can name a sheet: 1 to 31 characters of UTF-8 in at most 31 bytes, none of []:*?/\\ or controls, no ' at either end. */
static int sheet_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (!n || n > 31 || !g_utf8_validate(name, -1, NULL) || name[0] == '\'' || name[n - 1] == '\'')
		return 0;
	for (const char *s = name; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f || strchr("[]:*?/\\", *s))
			return 0;
	return 1;
}

const char *xlsx_sheet_want(const struct xlsx *x, const char *key, int english_too)
{
	const char *s = json_string_value(json_object_get(x->m->messages, key));

	if (!sheet_name_ok(s) && english_too)
		s = json_string_value(json_object_get(x->m->messages_en, key));
	return sheet_name_ok(s) ? s : NULL;
}

const char *xlsx_local_name(const struct xlsx *x, const char *prefix, const char *name)
{
	char key[160];
	const char *s;

	snprintf(key, sizeof(key), "%s%s", prefix, name);
	s = json_string_value(json_object_get(x->m->messages, key));
	return s && *s ? s : name;
}

const char *xlsx_reserve(struct xlsx *x, const char *want, const char *fallback)
{
	struct strbuf cand = STRBUF_INIT;
	const char *base = sheet_name_ok(want) ? want : fallback;
	/* the longest start of BASE, on a character boundary, that leaves room for " 99" */
	int keep = strlen(base) < 27 ? (int)strlen(base) : 27;

	while (keep > 0 && ((unsigned char)base[keep] & 0xC0) == 0x80)
		keep--;
	strbuf_addstr(&cand, base);
	for (int k = 2;; k++) {
		int used = 0;

		for (size_t i = 0; i < x->nsheets && !used; i++)
			used = !strcasecmp(x->sheets[i], cand.buf);
		if (!used)
			break;
		strbuf_reset(&cand);
		strbuf_addf(&cand, "%.*s %d", keep, base, k);
	}
	x->sheets = xrealloc(x->sheets, (x->nsheets + 1) * sizeof(char *));
	x->sheets[x->nsheets++] = strbuf_detach(&cand, NULL);
	return x->sheets[x->nsheets - 1];
}

static lxw_worksheet *add_sheet(struct xlsx *x, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);

	if (!ws)
		xlsx_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
	return ws;
}

lxw_worksheet *xlsx_sheet(struct xlsx *x, const char *want, const char *fallback, const char **name)
{
	const char *n = xlsx_reserve(x, want, fallback);

	if (name)
		*name = n;
	return add_sheet(x, n);
}

char *xlsx_flags(const struct report_model *m, const struct metric_row *row)
{
	json_t *flags, *f;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!row || !row->flags || !strcmp(row->flags, "[]")) /* most rows: nothing to parse */
		return xstrdup("");
	flags = row_flags(row);
	json_array_foreach(flags, i, f) {
		char key[96];
		const char *w;

		if (!json_is_string(f))
			continue;
		snprintf(key, sizeof(key), "flagword.%s", json_string_value(f));
		w = msg_opt(m, key);
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, w ? w : json_string_value(f));
	}
	json_decref(flags);
	return strbuf_detach(&sb, NULL);
}

/* Index of UNIT's number format in x->class_num (fraction, one decimal, two, integer, NPS). */
static int num_format_index(const char *unit)
{
	if (!unit)
		return 1;
	if (!strcmp(unit, "fraction"))
		return 0;
	if (!strcmp(unit, "count"))
		return 3;
	if (!strcmp(unit, "nps"))
		return 4;
	if (!strcmp(unit, "per_week"))
		return 2;
	return 1;
}

static const char *const num_formats[XLSX_NUM_FORMATS] = { "0.0%", "0.0", "0.00", "0", "+0.0;-0.0;0" };

lxw_format *xlsx_num_format(struct xlsx *x, const char *unit)
{
	lxw_format *const plain[XLSX_NUM_FORMATS] = { x->num_fraction, x->num_1, x->num_2, x->num_int, x->num_nps };

	return plain[num_format_index(unit)];
}

static const char *const class_names[XLSX_CLASSES] = { "target", "good", "average", "poor",
							"elite", "high", "medium", "low" };

int xlsx_class_index(const char *cls)
{
	for (int i = 0; cls && i < XLSX_CLASSES; i++)
		if (!strcmp(cls, class_names[i]))
			return i;
	return -1;
}

lxw_format *xlsx_class_format(struct xlsx *x, const char *cls, const char *unit)
{
	int c = xlsx_class_index(cls), u = num_format_index(unit);
	lxw_format *f;

	if (c < 0)
		return xlsx_num_format(x, unit);
	if (!x->class_num[c][u]) {
		static const unsigned fills[4] = { 0x009E73, 0x56B4E9, 0xE69F00, 0xD55E00 };

		f = workbook_add_format(x->wb);
		format_set_bg_color(f, fills[c % 4]);
		format_set_font_color(f, 0x000000);
		format_set_num_format(f, num_formats[u]);
		x->class_num[c][u] = f;
	}
	return x->class_num[c][u];
}

const char *xlsx_class_word(const struct xlsx *x, const char *cls)
{
	int c = xlsx_class_index(cls);

	if (c < 0)
		return cls ? cls : "";
	return c < 4 ? band_word(x->m, cls) : tier_word(x->m, cls);
}

void xlsx_class_conditions(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t c)
{
	if (r1 < r0)
		return;
	for (int i = 0; i < XLSX_CLASSES; i++) {
		lxw_conditional_format cf;
		struct strbuf word = STRBUF_INIT;

		/* the words come from the message catalogue; a quote would end the criterion early */
		if (strchr(xlsx_class_word(x, class_names[i]), '"'))
			continue;
		strbuf_addf(&word, "\"%s\"", xlsx_class_word(x, class_names[i]));
		memset(&cf, 0, sizeof(cf));
		cf.type = LXW_CONDITIONAL_TYPE_CELL;
		cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
		cf.value_string = word.buf;
		cf.format = x->band[i];
		xlsx_check(x, worksheet_conditional_format_range(ws, r0, c, r1, c, &cf));
		strbuf_release(&word);
	}
}

void xlsx_print_setup(struct xlsx *x, lxw_worksheet *ws, lxw_row_t head, lxw_row_t last_row, lxw_col_t last_col)
{
	lxw_header_footer_options hf = { 0 };

	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	xlsx_check(x, worksheet_repeat_rows(ws, head, head));
	xlsx_check(x, worksheet_print_area(ws, 0, 0, last_row > head ? last_row : head, last_col));
	xlsx_check(x, worksheet_set_footer_opt(ws, "&L&A&R&P / &N", &hf));
}

void xlsx_formula(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *f, lxw_format *fmt,
		  double v)
{
	if (!xlsx_defer_cell(x, r, c, NULL, f, v, fmt))
		xlsx_check(x, worksheet_write_formula_num(ws, r, c, f, fmt, v));
}

void xlsx_text(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	char *clean;
	struct strbuf out = STRBUF_INIT;

	if (!s)
		return;
	if (*s && !strchr("=+-@\t\r", s[0]) && text_is_clean_ascii(s) && strlen(s) < XLSX_MAX_TEXT) {
		/* clean ASCII that cannot start a formula (most cells): written as it is */
		if (!xlsx_defer_cell(x, r, c, s, NULL, 0, f))
			xlsx_check(x, worksheet_write_string(ws, r, c, s, f));
		return;
	}
	clean = text_clean(s);
	if (clean[0] && strchr("=+-@\t\r", clean[0]))
		strbuf_addch(&out, '\'');
	strbuf_addstr(&out, clean);
	if (g_utf8_strlen(out.buf, -1) > XLSX_MAX_TEXT) {
		gchar *cut = g_utf8_substring(out.buf, 0, XLSX_MAX_TEXT - 1);

		strbuf_reset(&out);
		strbuf_addstr(&out, cut);
		strbuf_addstr(&out, "…");
		g_free(cut);
	}
	if (!xlsx_defer_cell(x, r, c, out.buf, NULL, 0, f))
		xlsx_check(x, worksheet_write_string(ws, r, c, out.buf, f));
	strbuf_release(&out);
	free(clean);
}

void xlsx_num(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
	if (!isnan(v) && isfinite(v) && !xlsx_defer_cell(x, r, c, NULL, NULL, v, f))
		xlsx_check(x, worksheet_write_number(ws, r, c, v, f));
}

void xlsx_header(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		xlsx_text(x, ws, r, (lxw_col_t)(c + i), texts[i], x->header);
}

const char *xlsx_dataset_sheet(const struct xlsx *x, const char *dataset)
{
	for (size_t i = 0; i < x->m->ndatasets; i++)
		if (!strcmp(x->m->datasets[i].def->name, dataset))
			return x->ds_sheets[i];
	return NULL;
}

static void formats(struct xlsx *x)
{
	static const unsigned fills[4] = { 0x009E73, 0x56B4E9, 0xE69F00, 0xD55E00 };

	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 16);
	x->header = workbook_add_format(x->wb);
	format_set_bold(x->header);
	format_set_bg_color(x->header, 0xF2F2F2);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	format_set_text_wrap(x->header);
	format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->muted = workbook_add_format(x->wb);
	format_set_font_color(x->muted, 0x555555);
	for (int i = 0; i < XLSX_CLASSES; i++) {
		x->band[i] = workbook_add_format(x->wb);
		format_set_bg_color(x->band[i], fills[i % 4]);
		format_set_font_color(x->band[i], 0x000000);
	}
	/* dates of the dataset sheets look as in the CSV files but sort, filter and subtract as dates */
	x->datetime = workbook_add_format(x->wb);
	format_set_num_format(x->datetime, "yyyy-mm-dd\\Thh:mm:ss\\Z");
	x->date = workbook_add_format(x->wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	x->num_fraction = workbook_add_format(x->wb);
	format_set_num_format(x->num_fraction, "0.0%");
	x->num_1 = workbook_add_format(x->wb);
	format_set_num_format(x->num_1, "0.0");
	x->num_2 = workbook_add_format(x->wb);
	format_set_num_format(x->num_2, "0.00");
	x->num_int = workbook_add_format(x->wb);
	format_set_num_format(x->num_int, "0");
	x->num_nps = workbook_add_format(x->wb);
	format_set_num_format(x->num_nps, "+0.0;-0.0;0");
}

static void summary_sheet(struct xlsx *x)
{
	const struct report_model *m = x->m;
	const struct period *prev = report_prev_period(m);
	lxw_worksheet *ws = add_sheet(x, x->summary_name);
	struct scorecard sc;
	struct text_list w = { 0 };
	const char *args[1] = { m->period.label };
	char *title = msg_fmt(m, "report.title", 1, args), when[48], *vs;
	const char *head[11];
	lxw_row_t r;

	if (!ws) {
		free(title);
		return;
	}
	args[0] = prev ? prev->label : "";
	vs = msg_fmt(m, "table.change_vs", 1, args);
	xlsx_text(x, ws, 0, 0, title, x->title);
	fmt_time(m, m->generated_at, when, sizeof(when));
	{
		const char *a[1] = { when };
		char *t = msg_fmt(m, "report.generated", 1, a);

		xlsx_text(x, ws, 1, 0, t, x->muted);
		free(t);
	}
	xlsx_text(x, ws, 2, 0, msg(m, m->period_complete ? "report.complete" : "report.in_progress"), x->muted);
	head[0] = msg(m, "table.kpi");
	head[1] = msg(m, "table.name");
	head[2] = m->period.label;
	head[3] = msg(m, "table.unit");
	head[4] = msg_opt(m, "xlsx.band") ? msg(m, "xlsx.band") : "Band";
	head[5] = msg(m, "table.tier");
	head[6] = msg(m, "table.target");
	head[7] = prev ? prev->label : "";
	head[8] = vs;
	head[9] = "n";
	head[10] = msg(m, "table.flags");
	xlsx_header(x, ws, 4, 0, head, 11);
	scorecard_build(m, m->def.scorecard.v, m->def.scorecard.n, "org", &sc);
	for (size_t i = 0; i < sc.n; i++) {
		const struct score_line *l = &sc.v[i];
		lxw_format *nf = xlsx_num_format(x, l->def ? l->def->unit : NULL);

		r = (lxw_row_t)(5 + i);
		xlsx_text(x, ws, r, 0, metric_title(m, l->metric), NULL);
		xlsx_text(x, ws, r, 1, l->metric, NULL);
		if (l->cur && !isnan(l->cur->value))
			xlsx_num(x, ws, r, 2, l->cur->value, nf);
		else
			xlsx_text(x, ws, r, 2, msg(m, "value.no_data"), x->muted);
		xlsx_text(x, ws, r, 3, l->def ? xlsx_local_name(x, "unitname.", l->def->unit) : "", NULL);
		if (l->hold != HOLD_NONE) {
			char *held = hold_text(m, l->cur, l->hold);

			/* held back: the reason in the column the class would take, never coloured */
			xlsx_text(x, ws, r, l->cur->band ? 4 : 5, held, x->muted);
			free(held);
		}
		xlsx_text(x, ws, r, 4, l->band ? xlsx_class_word(x, l->band) : NULL, NULL);
		xlsx_text(x, ws, r, 5, l->tier ? xlsx_class_word(x, l->tier) : NULL, NULL);
		xlsx_text(x, ws, r, 6, l->target, NULL);
		if (l->prev)
			xlsx_num(x, ws, r, 7, l->prev->value, nf);
		if (l->cur && l->prev && !isnan(l->cur->value) && !isnan(l->prev->value) && !l->delta_held) {
			char f[64];
			char c2[16], c7[16];

			lxw_rowcol_to_cell(c2, r, 2);
			lxw_rowcol_to_cell(c7, r, 7);
			snprintf(f, sizeof(f), "=%s-%s", c2, c7);
			xlsx_formula(x, ws, r, 8, f, nf, l->cur->value - l->prev->value);
		}
		if (l->cur) {
			char *fl = xlsx_flags(m, l->cur), *so_far = row_so_far(m, l->cur);

			xlsx_num(x, ws, r, 9, (double)l->cur->n, x->num_int);
			if (so_far && l->has_value) {
				struct strbuf t = STRBUF_INIT;

				strbuf_addf(&t, "%s%s%s", so_far, *fl ? "; " : "", fl);
				xlsx_text(x, ws, r, 10, t.buf, NULL);
				strbuf_release(&t);
			} else {
				xlsx_text(x, ws, r, 10, fl, NULL);
			}
			free(so_far);
			free(fl);
		}
	}
	r = (lxw_row_t)(5 + sc.n);
	xlsx_class_conditions(x, ws, 5, r - 1, 4);
	xlsx_class_conditions(x, ws, 5, r - 1, 5);
	worksheet_freeze_panes(ws, 5, 1);
	xlsx_check(x, worksheet_autofilter(ws, 4, 0, r > 5 ? r - 1 : 5, 10));
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 1, 30, NULL);
	worksheet_set_column(ws, 2, 10, 13, NULL);
	report_warnings(m, &w);
	xlsx_text(x, ws, r + 1, 0, msg(m, "section.warnings"), x->bold);
	for (size_t i = 0; i < w.n; i++) {
		char key[32];

		snprintf(key, sizeof(key), "level.%s", w.level[i]);
		xlsx_text(x, ws, (lxw_row_t)(r + 2 + i), 0, msg(m, key), NULL);
		xlsx_text(x, ws, (lxw_row_t)(r + 2 + i), 1, w.v[i], NULL);
	}
	xlsx_print_setup(x, ws, 4, (lxw_row_t)(r + 1 + w.n), 10);
	text_list_release(&w);
	scorecard_release(&sc);
	free(title);
	free(vs);
}

static void teams_sheet(struct xlsx *x)
{
	const struct report_model *m = x->m;
	const struct report_section *s = NULL;
	lxw_worksheet *ws;
	const char **teams;
	size_t nt;

	for (size_t i = 0; i < m->def.nsections && !s; i++)
		if (m->def.sections[i].kind == SEC_TEAMS)
			s = &m->def.sections[i];
	if (!s || !(ws = add_sheet(x, x->teams_name)))
		return;
	teams = report_scopes_for(m, "team", m->period.label, s->metrics.v, s->metrics.n, &nt);
	xlsx_text(x, ws, 0, 0, msg(m, "scope.team"), x->header);
	for (size_t k = 0; k < s->metrics.n; k++)
		xlsx_text(x, ws, 0, (lxw_col_t)(1 + k), metric_title(m, s->metrics.v[k]), x->header);
	for (size_t i = 0; i < nt; i++) {
		lxw_row_t r = (lxw_row_t)(1 + i);

		xlsx_text(x, ws, r, 0, teams[i] + 5, NULL);
		for (size_t k = 0; k < s->metrics.n; k++) {
			const struct metric_row *v = report_value(m, s->metrics.v[k], m->period.label, teams[i]);
			lxw_col_t c = (lxw_col_t)(1 + k);

			if (row_suppressed(v))
				xlsx_text(x, ws, r, c, msg(m, "value.suppressed"), x->muted);
			else if (v && !isnan(v->value))
			{
				const char *band, *tier;

				/* a held-back band or tier (too early, too few) is not coloured */
				row_class(m, v, &band, &tier);
				xlsx_num(x, ws, r, c, v->value, xlsx_class_format(x, band ? band : tier, v->unit));
			}
		}
	}
	if (!nt)
		xlsx_text(x, ws, 1, 0, msg(m, "scope.none"), x->muted);
	worksheet_freeze_panes(ws, 1, 1);
	xlsx_check(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(nt ? nt : 1), (lxw_col_t)s->metrics.n));
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, (lxw_col_t)s->metrics.n, 16, NULL);
	xlsx_text(x, ws, (lxw_row_t)(nt + 3), 0, msg(m, "teams.xlsx_note"), x->muted);
	xlsx_print_setup(x, ws, 0, (lxw_row_t)(nt + 3), (lxw_col_t)s->metrics.n);
	free(teams);
}

static void definitions_sheet(struct xlsx *x)
{
	const struct report_model *m = x->m;
	lxw_worksheet *ws = add_sheet(x, x->definitions_name);
	const char *head[5] = { msg(m, "table.metric"), msg(m, "table.name"), msg(m, "table.unit"),
				msg(m, "table.definition"), msg(m, "table.target") };
	lxw_row_t r = 1;

	if (!ws)
		return;
	xlsx_header(x, ws, 0, 0, head, 5);
	for (const struct metric_def *d = metric_defs; d->name; d++, r++) {
		xlsx_text(x, ws, r, 0, metric_title(m, d->name), x->wrap);
		xlsx_text(x, ws, r, 1, d->name, x->wrap);
		xlsx_text(x, ws, r, 2, d->unit, x->wrap);
		xlsx_text(x, ws, r, 3, metric_definition(m, d->name), x->wrap);
		xlsx_text(x, ws, r, 4, metric_target(m, d->name), x->wrap);
	}
	worksheet_freeze_panes(ws, 1, 0);
	xlsx_check(x, worksheet_autofilter(ws, 0, 0, r - 1, 4));
	worksheet_set_column(ws, 0, 0, 32, NULL);
	worksheet_set_column(ws, 1, 1, 40, NULL);
	worksheet_set_column(ws, 2, 2, 10, NULL);
	worksheet_set_column(ws, 3, 3, 80, NULL);
	worksheet_set_column(ws, 4, 4, 14, NULL);
	xlsx_text(x, ws, r + 1, 0, msg(m, "method.percentiles"), x->muted);
	xlsx_print_setup(x, ws, 0, r + 1, 4);
}

/* The shape of a date column's text: "2026-07-01T10:00:00Z" (DATE_TIME) or "2026-07-01" (DATE_DAY). */
enum date_shape { DATE_NONE, DATE_TIME, DATE_DAY };

static enum date_shape date_shape(const char *s)
{
	static const char time_shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = strlen(s);

	if (n != 10 && n != sizeof(time_shape) - 1)
		return DATE_NONE;
	for (size_t i = 0; i < n; i++)
		if (time_shape[i] == 'd' ? !g_ascii_isdigit(s[i]) : s[i] != time_shape[i])
			return DATE_NONE;
	return n == 10 ? DATE_DAY : DATE_TIME;
}

/* The shape shared by every text cell of column C of D (and at least one), else DATE_NONE. */
static enum date_shape column_dates(const struct dataset_rows *d, size_t c)
{
	enum date_shape shape = DATE_NONE;

	for (size_t r = 0; r < d->nrows; r++) {
		const struct cell *v = &d->cells[r * d->ncols + c];
		enum date_shape here;

		if (v->type == CELL_NULL)
			continue;
		if (v->type != CELL_TEXT || !(here = date_shape(v->s)) || (shape && here != shape))
			return DATE_NONE;
		shape = here;
	}
	return shape;
}

/* The number of DIGITS decimal digits at S (already checked to be digits). */
static int digits(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + g_ascii_digit_value(*s++);
	return v;
}

/* Text S of a date column (its shape checked) as an Excel date and time in the column's format; else as text. */
static void date_cell(struct xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, enum date_shape shape)
{
	lxw_datetime dt = { digits(s, 4), digits(s + 5, 2), digits(s + 8, 2), 0, 0, 0 };

	if (shape == DATE_TIME) {
		dt.hour = digits(s + 11, 2);
		dt.min = digits(s + 14, 2);
		dt.sec = digits(s + 17, 2);
	}
	if (!g_date_valid_dmy((GDateDay)dt.day, (GDateMonth)dt.month, (GDateYear)dt.year) || dt.year < 1900 ||
	    dt.hour > 23 || dt.min > 59 || dt.sec > 59)
		xlsx_text(x, ws, r, c, s, NULL);
	else
		xlsx_check(x, worksheet_write_datetime(ws, r, c, &dt, shape == DATE_DAY ? x->date : x->datetime));
}

static void dataset_sheet(struct xlsx *x, const struct dataset_rows *d, const char *name)
{
	lxw_worksheet *ws = add_sheet(x, name);
	enum date_shape *dates;

	if (!ws)
		return;
	dates = xcalloc(d->ncols + 1, sizeof(*dates));
	for (size_t c = 0; c < d->ncols; c++) {
		dates[c] = column_dates(d, c);
		xlsx_text(x, ws, 0, (lxw_col_t)c, xlsx_local_name(x, "column.", d->cols[c]), x->header);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, dates[c] == DATE_TIME ? 21 : 18, NULL);
	}
	for (size_t r = 0; r < d->nrows; r++)
		for (size_t c = 0; c < d->ncols; c++) {
			const struct cell *v = &d->cells[r * d->ncols + c];

			if (v->type == CELL_INT || v->type == CELL_REAL)
				xlsx_num(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v->d, NULL);
			else if (v->type == CELL_TEXT && dates[c])
				date_cell(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v->s, dates[c]);
			else if (v->type == CELL_TEXT)
				xlsx_text(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v->s, NULL);
		}
	free(dates);
	worksheet_freeze_panes(ws, 1, 0);
	if (d->ncols)
		xlsx_check(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)(d->nrows ? d->nrows : 1), (lxw_col_t)(d->ncols - 1)));
	if (d->ncols)
		xlsx_print_setup(x, ws, 0, (lxw_row_t)d->nrows, (lxw_col_t)(d->ncols - 1));
}

/*
 * Free bytes of the file system of DIR for this process, or ULLONG_MAX when
 * unknown.  libxlsxwriter streams the rows to temporary files in DIR and does
 * not check those writes; in workbook_close() it copies each sheet's rows to
 * one more file, frees the first, then zips the copy.  A copy cut short for
 * want of space is zipped as it is and the workbook cannot be read, with no
 * error.  Each copy fits when, before closing, as much space is free as the
 * rows took (what the zip holds so far is less than what its sheets freed).
 */
static unsigned long long tmp_free(const char *dir)
{
	struct statvfs vfs;

	if (statvfs(dir, &vfs))
		return ULLONG_MAX;
	/* root may write into the blocks kept for it */
	return (unsigned long long)(geteuid() == 0 ? vfs.f_bfree : vfs.f_bavail) * vfs.f_frsize;
}

/* Room for the parts of a workbook that are not rows (styles, charts, the zip's directory). */
#define XLSX_TMP_SLACK (1024 * 1024)

static int render_xlsx(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	struct xlsx x;
	lxw_workbook_options opts = { 0 };
	lxw_doc_properties props;
	char *tmp = NULL, *tmpdir = NULL, *title, *path = NULL;
	char author[] = "idpmetrics", comments[] = "Generated by idpmetrics " IDPM_VERSION;
	const char *args[1] = { m->period.label };
	lxw_error e;
	int ret = -1, saved, full;
	unsigned long long free_at_start, free_now, rows_took;

	memset(&x, 0, sizeof(x));
	x.m = m;
	if (render_tmp_begin(o, "report.xlsx", &tmp, err))
		return -1;
	tmpdir = xstrndup(tmp, (size_t)(strrchr(tmp, '/') - tmp));
	opts.tmpdir = tmpdir;
	/* rows stream to disk as they are written, strings inline: no table of every cell and string in memory,
	   and a third less work for the dataset sheets (docs/BENCHMARKS.md); every sheet writes its rows in order */
	opts.constant_memory = LXW_TRUE;
	free_at_start = tmp_free(tmpdir);
	x.wb = workbook_new_opt(tmp, &opts);
	if (!x.wb) {
		strbuf_addf(err, "cannot create the workbook in '%s'", o->out_dir);
		render_tmp_discard(tmp);
		goto out;
	}
	title = msg_fmt(m, "report.title", 1, args);
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.author = author;
	props.comments = comments;
	props.created = (time_t)m->generated_at;
	xlsx_check(&x, workbook_set_properties(x.wb, &props));
	xlsx_check(&x, workbook_set_custom_property_string(x.wb, "Period", m->period.label));
	free(title);
	formats(&x);
	/* Dataset sheet names are reserved first: formulas on the KPI sheets refer to them. */
	x.ds_sheets = xcalloc(m->ndatasets + 1, sizeof(char *));
	x.summary_name = xlsx_reserve(&x, xlsx_sheet_want(&x, "sheet.summary", 0), "Summary");
	x.teams_name = xlsx_reserve(&x, xlsx_sheet_want(&x, "sheet.teams", 0), "Teams");
	x.definitions_name = xlsx_reserve(&x, xlsx_sheet_want(&x, "sheet.definitions", 0), "Definitions");
	for (size_t i = 0; i < m->ndatasets; i++) {
		char key[96];
		const char *want;

		/* a dataset's sheet is named in quarterly.json; a translation may rename it (sheet.data.<name>) */
		snprintf(key, sizeof(key), "sheet.data.%s", m->datasets[i].def->name);
		want = xlsx_sheet_want(&x, key, 0);
		x.ds_sheets[i] = xlsx_reserve(&x, want ? want : m->datasets[i].def->sheet, m->datasets[i].def->name);
	}
	summary_sheet(&x);
	for (size_t i = 0; i < m->def.nsections; i++) {
		enum section_kind k = m->def.sections[i].kind;

		if (k == SEC_KPI || k == SEC_NPS || k == SEC_DORA)
			xlsx_kpi_sheet(&x, &m->def.sections[i]);
	}
	teams_sheet(&x);
	definitions_sheet(&x);
	for (size_t i = 0; i < m->ndatasets; i++)
		dataset_sheet(&x, &m->datasets[i], x.ds_sheets[i]);
	free_now = tmp_free(tmpdir);
	/* the rows took what was free at the start less what is free now (more if others wrote there too) */
	rows_took = free_at_start != ULLONG_MAX && free_at_start > free_now ? free_at_start - free_now : 0;
	full = free_now != ULLONG_MAX && free_now < rows_took + XLSX_TMP_SLACK;
	errno = 0;
	e = workbook_close(x.wb);
	saved = errno; /* the zip writer's failing write leaves its reason here (a full disk) */
	xlsx_check(&x, e);
	if (x.error == LXW_NO_ERROR && full) {
		/* closed all the same (to free what it holds), then thrown away */
		gchar *where = g_path_get_dirname(tmpdir);

		path = fs_join(o->out_dir, "report.xlsx");
		strbuf_addf(err, "cannot write '%s': %s (its temporary files in '%s' need %llu MB free to finish, %llu MB are)",
			    path, strerror(ENOSPC), where, (rows_took + XLSX_TMP_SLACK) >> 20, free_now >> 20);
		g_free(where);
		render_tmp_discard(tmp);
		goto out;
	}
	if (x.error != LXW_NO_ERROR) {
		path = fs_join(o->out_dir, "report.xlsx");
		strbuf_addf(err, "cannot write '%s': ", path);
		if (e == LXW_ERROR_ZIP_FILE_OPERATION && saved)
			strbuf_addf(err, "%s (", strerror(saved));
		strbuf_addstr(err, lxw_strerror(x.error));
		if (e == LXW_ERROR_ZIP_FILE_OPERATION && saved)
			strbuf_addch(err, ')');
		render_tmp_discard(tmp);
		goto out;
	}
	ret = render_tmp_commit(o, tmp, "report.xlsx", err);
out:
	for (size_t i = 0; i < x.nsheets; i++)
		free(x.sheets[i]);
	free(x.sheets);
	free(x.ds_sheets);
	free(tmp);
	free(tmpdir);
	free(path);
	return ret;
}

const struct renderer xlsx_renderer = { "xlsx", "report.xlsx: summary, KPI sheets with charts and formulas, teams, definitions",
					render_xlsx, 16 };
