/* report.pdf: the executive summary, scorecard, warnings and every chart on A4 pages (cairo PDF surface). */
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart_cairo.h"
#include "render/chart_data.h"
#include "render/escape.h"
#include "render/messages.h"
#include "render/renderers.h"
#include "render/summary.h"
#include "util/timeutil.h"

/*
 * cairo 1.16 leaks one small array per embedded font while it writes the font
 * subsets in cairo_surface_finish() (entirely inside the library).  Under
 * AddressSanitizer only that call is hidden from the leak checker.
 */
#if defined(__SANITIZE_ADDRESS__)
#define IDPM_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IDPM_LSAN 1
#endif
#endif
#ifdef IDPM_LSAN
#include <sanitizer/lsan_interface.h>
#define LIBRARY_LEAKS_BEGIN() __lsan_disable()
#define LIBRARY_LEAKS_END() __lsan_enable()
#else
#define LIBRARY_LEAKS_BEGIN() ((void)0)
#define LIBRARY_LEAKS_END() ((void)0)
#endif

#define PAGE_W 595.0   /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 40.0
#define BODY_W (PAGE_W - 2 * MARGIN)
#define FOOTER_Y (PAGE_H - 24)

struct pdf {
	const struct report_model *m;
	cairo_t *cr;
	int page;
	double y;          /* next free line */
};

/* A wrapped paragraph of width W at (X, Y) (top); returns its height. */
static double paragraph(cairo_t *cr, double x, double y, double w, const char *s, double size, unsigned rgb, int bold)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();
	char *clean = text_clean(s);
	int pw, ph;

	pango_font_description_set_family(fd, CHART_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, clean, -1);
	pango_layout_get_size(l, &pw, &ph);
	chart_cairo_rgb(cr, rgb);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	free(clean);
	return (double)ph / PANGO_SCALE;
}

static void footer(struct pdf *p)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "idpmetrics · %s · %d", p->m->period.label, p->page);
	chart_cairo_text(p->cr, PAGE_W - MARGIN, FOOTER_Y, buf, ANCHOR_END, 8, 0x777777, 0, 0);
}

static void new_page(struct pdf *p)
{
	if (p->page) {
		footer(p);
		cairo_show_page(p->cr);
	}
	p->page++;
	p->y = MARGIN;
}

/* Make room for H points, starting a new page when needed. */
static void need(struct pdf *p, double h)
{
	if (p->y + h > FOOTER_Y - 16)
		new_page(p);
}

static void chip(cairo_t *cr, double x, double y, const char *word, unsigned rgb)
{
	if (!word || !*word)
		return;
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_rectangle(cr, x, y - 7, 64, 14);
	chart_cairo_rgb(cr, rgb);
	cairo_fill(cr);
	cairo_restore(cr);
	chart_cairo_text(cr, x + 32, y, word, ANCHOR_MIDDLE, 8, 0x000000, 1, 60);
}

static void scorecard(struct pdf *p, const struct scorecard *sc)
{
	const struct report_model *m = p->m;
	const struct period *prev = report_prev_period(m);
	static const double col[] = { MARGIN, MARGIN + 268, MARGIN + 278, MARGIN + 350, MARGIN + 515 };
	const char *args[1] = { prev ? prev->label : "" };
	char *vs = msg_fmt(m, "table.change_vs", 1, args);

	need(p, 40);
	p->y += paragraph(p->cr, MARGIN, p->y, BODY_W, msg(m, "pdf.scorecard"), 14, 0x222222, 1) + 6;
	{
		/* a quarter in progress: its values are so far, said once above them */
		struct metric_row now = { 0 };
		char *so_far;

		now.period = (char *)m->period.label;
		if ((so_far = row_so_far(m, &now))) {
			p->y += paragraph(p->cr, MARGIN, p->y, BODY_W, so_far, 9, 0x555555, 0) + 4;
			free(so_far);
		}
	}
	chart_cairo_text(p->cr, col[0], p->y + 8, msg(m, "table.kpi"), ANCHOR_START, 8.5, 0x555555, 1, 0);
	chart_cairo_text(p->cr, col[1], p->y + 8, m->period.label, ANCHOR_END, 8.5, 0x555555, 1, 0);
	chart_cairo_text(p->cr, col[2], p->y + 8, msg(m, "table.band"), ANCHOR_START, 8.5, 0x555555, 1, 0);
	chart_cairo_text(p->cr, col[3], p->y + 8, msg(m, "table.target"), ANCHOR_START, 8.5, 0x555555, 1, 0);
	chart_cairo_text(p->cr, col[4], p->y + 8, vs, ANCHOR_END, 8.5, 0x555555, 1, 0);
	p->y += 18;
	for (size_t i = 0; i < sc->n; i++) {
		const struct score_line *l = &sc->v[i];
		const char *arrow = l->dir > 0 ? "▲ " : l->dir < 0 ? "▼ " : "";
		unsigned dc = l->sense > 0 ? 0x00664A : l->sense < 0 ? 0xA33A00 : 0x555555;
		char delta[96];

		need(p, 20);
		cairo_save(p->cr);
		chart_cairo_rgb(p->cr, 0xDDDDDD);
		cairo_set_line_width(p->cr, 0.5);
		cairo_move_to(p->cr, MARGIN, p->y - 2);
		cairo_line_to(p->cr, PAGE_W - MARGIN, p->y - 2);
		cairo_stroke(p->cr);
		cairo_restore(p->cr);
		chart_cairo_text(p->cr, col[0], p->y + 8, metric_title(m, l->metric), ANCHOR_START, 9.5, 0x222222, 0, 200);
		chart_cairo_text(p->cr, col[1], p->y + 8, l->value, ANCHOR_END, 9.5, l->has_value ? 0x222222 : 0x777777,
				 l->has_value, 0);
		if (l->hold != HOLD_NONE)
			/* a held-back band or tier is grey, with the reason, never a finding's colour */
			chip(p->cr, col[2], p->y + 8, msg(m, l->hold == HOLD_TOO_EARLY ? "hold.delta_too_early" : "hold.delta_too_few"),
			     band_rgb(NULL));
		else if (!l->band && l->tier)
			chip(p->cr, col[2], p->y + 8, tier_word(m, l->tier), tier_rgb(l->tier));
		else
			chip(p->cr, col[2], p->y + 8, band_word(m, l->band), band_rgb(l->band));
		chart_cairo_text(p->cr, col[3], p->y + 8, l->target ? l->target : "–", ANCHOR_START, 9, 0x222222, 0, 90);
		snprintf(delta, sizeof(delta), "%s%s", arrow,
			 l->delta ? l->delta : l->delta_held ? msg(m, l->delta_held == HOLD_TOO_EARLY ? "hold.delta_too_early"
												   : "hold.delta_too_few")
				  : "–");
		chart_cairo_text(p->cr, col[4], p->y + 8, delta, ANCHOR_END, 9, dc, 0, 0);
		p->y += 20;
	}
	p->y += 10;
	free(vs);
}

static void text_block(struct pdf *p, const char *heading, const struct text_list *l, int levels)
{
	const struct report_model *m = p->m;

	need(p, 40);
	p->y += paragraph(p->cr, MARGIN, p->y, BODY_W, heading, 14, 0x222222, 1) + 6;
	for (size_t i = 0; i < l->n; i++) {
		char key[32];
		const char *lead = "•";

		if (levels) {
			snprintf(key, sizeof(key), "level.%s", l->level[i]);
			lead = msg(m, key);
		}
		need(p, 16);
		chart_cairo_text(p->cr, MARGIN, p->y + 6, lead, ANCHOR_START, 9, levels ? 0x555555 : 0x222222, levels, 0);
		p->y += paragraph(p->cr, MARGIN + (levels ? 70 : 12), p->y, BODY_W - (levels ? 70 : 12), l->v[i], 9.5,
				  0x222222, 0) + 4;
	}
	if (!l->n) {
		p->y += paragraph(p->cr, MARGIN, p->y, BODY_W, msg(m, "warn.none"), 9.5, 0x555555, 0) + 4;
	}
	p->y += 10;
}

static void charts(struct pdf *p)
{
	const double scale = BODY_W / CHART_W, h = CHART_H * BODY_W / CHART_W;

	for (size_t i = 0; i < p->m->def.ncharts; i++) {
		struct chart *c = report_chart(p->m, &p->m->def.charts[i], NULL);

		need(p, h + 16);
		cairo_save(p->cr);
		cairo_translate(p->cr, MARGIN, p->y);
		cairo_scale(p->cr, scale, scale);
		chart_cairo_draw(p->cr, c);
		cairo_restore(p->cr);
		cairo_save(p->cr);
		chart_cairo_rgb(p->cr, 0xCCCCCC);
		cairo_set_line_width(p->cr, 0.5);
		cairo_rectangle(p->cr, MARGIN, p->y, BODY_W, h);
		cairo_stroke(p->cr);
		cairo_restore(p->cr);
		p->y += h + 16;
		chart_free(c);
	}
}

static int render_pdf(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	struct strbuf data = STRBUF_INIT;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(chart_cairo_write_strbuf, &data, PAGE_W, PAGE_H);
	struct pdf p = { m, NULL, 0, MARGIN };
	struct scorecard sc;
	struct text_list sentences = { 0 }, warnings = { 0 };
	const char *args[1] = { m->period.label };
	char *title = msg_fmt(m, "report.title", 1, args), iso[32], when[48];
	cairo_status_t st;
	int ret = -1;

	/* cairo 1.16 ignores SOURCE_DATE_EPOCH: the dates come from --now. */
	time_format_iso(m->generated_at, iso, sizeof(iso));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, "idpmetrics");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "idpmetrics " IDPM_VERSION);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
	p.cr = cairo_create(s);
	new_page(&p);
	p.y += paragraph(p.cr, MARGIN, p.y, BODY_W, title, 20, 0x222222, 1) + 4;
	fmt_time(m, m->generated_at, when, sizeof(when));
	{
		const char *a[1] = { when };
		char *t = msg_fmt(m, "report.generated", 1, a);

		p.y += paragraph(p.cr, MARGIN, p.y, BODY_W, t, 9.5, 0x555555, 0);
		free(t);
	}
	p.y += paragraph(p.cr, MARGIN, p.y, BODY_W, msg(m, m->period_complete ? "report.complete" : "report.in_progress"),
			 9.5, 0x555555, 0) + 14;
	scorecard_build(m, m->def.scorecard.v, m->def.scorecard.n, "org", &sc);
	summary_sentences(m, &sc, &sentences);
	text_block(&p, msg(m, "pdf.summary"), &sentences, 0);
	scorecard(&p, &sc);
	report_warnings(m, &warnings);
	text_block(&p, msg(m, "section.warnings"), &warnings, 1);
	charts(&p);
	footer(&p);
	cairo_show_page(p.cr);
	st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	LIBRARY_LEAKS_BEGIN();
	cairo_surface_finish(s);
	LIBRARY_LEAKS_END();
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		strbuf_addf(err, "cannot draw report.pdf: %s", cairo_status_to_string(st));
	else
		ret = render_write(o, "report.pdf", data.buf, data.len, err);
	scorecard_release(&sc);
	text_list_release(&sentences);
	text_list_release(&warnings);
	strbuf_release(&data);
	free(title);
	return ret;
}

const struct renderer pdf_renderer = { "pdf", "report.pdf: summary, scorecard, warnings and charts on A4 pages", render_pdf, 1 };
