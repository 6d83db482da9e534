/* Charts as drawing primitives: trend, histogram and bar layouts, and the inline SVG writer. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart.h"
#include "render/chart_scale.h"
#include "render/escape.h"
#include "util/xalloc.h"

const unsigned chart_palette[CHART_MAX_SERIES] = { 0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7 };

#define INK 0x222222
#define MUTED 0x666666
#define GRID 0xDDDDDD
#define TITLE_SIZE 22
#define LABEL_SIZE 15
#define SMALL_SIZE 13

/* Plot area. */
struct frame {
	double left, right, top, bottom;
};

static struct chart_item *add(struct chart *c, enum chart_op op, unsigned rgb)
{
	struct chart_item *it;

	XGROW(c->items, c->alloc, c->n + 1);
	it = &c->items[c->n++];
	memset(it, 0, sizeof(*it));
	it->op = op;
	it->rgb = rgb;
	return it;
}

static void rect(struct chart *c, double x, double y, double w, double h, unsigned rgb)
{
	struct chart_item *it = add(c, CH_RECT, rgb);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
}

static void line(struct chart *c, double x1, double y1, double x2, double y2, unsigned rgb, double width, int dashed)
{
	struct chart_item *it = add(c, CH_LINE, rgb);

	it->x = x1;
	it->y = y1;
	it->w = x2;
	it->h = y2;
	it->width = width;
	it->dashed = dashed;
}

static void circle(struct chart *c, double x, double y, double r, unsigned rgb)
{
	struct chart_item *it = add(c, CH_CIRCLE, rgb);

	it->x = x;
	it->y = y;
	it->w = r;
}

static void text(struct chart *c, double x, double y, const char *s, enum chart_anchor a, double size, unsigned rgb,
		 int bold)
{
	struct chart_item *it;

	if (!s || !*s)
		return;
	it = add(c, CH_TEXT, rgb);
	it->x = x;
	it->y = y;
	it->text = xstrdup(s);
	it->anchor = a;
	it->size = size;
	it->bold = bold;
}

static struct chart *chart_new(const char *name, const char *title, const char *subtitle, const char *desc)
{
	struct chart *c = xcalloc(1, sizeof(*c));

	c->name = xstrdup(name ? name : "chart");
	c->title = xstrdup(title ? title : "");
	c->desc = xstrdup(desc ? desc : (subtitle ? subtitle : ""));
	c->caption = xstrdup(subtitle ? subtitle : "");
	c->w = CHART_W;
	c->h = CHART_H;
	rect(c, 0, 0, c->w, c->h, 0xFFFFFF);
	text(c, 24, 28, title, ANCHOR_START, TITLE_SIZE, INK, 1);
	text(c, 24, 56, subtitle, ANCHOR_START, SMALL_SIZE, MUTED, 0);
	return c;
}

void chart_free(struct chart *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].pts);
		free(c->items[i].text);
	}
	free(c->items);
	free(c->name);
	free(c->title);
	free(c->desc);
	free(c->caption);
	free(c);
}

/* Horizontal grid lines and labels of the value axis; returns the ticks used. */
/* Y of value V on an axis of ticks T (logarithmic when LOG) in frame F. */
static double ymap(double v, const struct axis_ticks *t, int log, const struct frame *f)
{
	return log ? scale_log(v, t->min, t->max, f->bottom, f->top) : scale_linear(v, t->min, t->max, f->bottom, f->top);
}

static void value_axis_scaled(struct chart *c, const struct frame *f, const struct axis_ticks *t, enum tick_style style,
			      const char *ylabel, int log)
{
	char buf[48];

	for (size_t i = 0; i < t->n; i++) {
		double y = ymap(t->v[i], t, log, f);
		/* a logarithmic axis labels each tick with the decimals it needs (0.5, 1, 20) */
		int nfrac = log ? (int)fmax(-floor(log10(t->v[i]) + 1e-9), 0) : t->nfrac;

		line(c, f->left, y, f->right, y, t->v[i] == 0 ? 0x999999 : GRID, 1, 0);
		format_tick(t->v[i], nfrac, style == TICK_PERCENT, buf, sizeof(buf));
		text(c, f->left - 8, y, buf, ANCHOR_END, LABEL_SIZE, MUTED, 0);
	}
	if (ylabel && *ylabel) {
		struct chart_item *it;

		text(c, 22, (f->top + f->bottom) / 2, ylabel, ANCHOR_MIDDLE, SMALL_SIZE, MUTED, 0);
		it = &c->items[c->n - 1];
		it->vertical = 1;
	}
}

static void value_axis(struct chart *c, const struct frame *f, const struct axis_ticks *t, enum tick_style style,
		       const char *ylabel)
{
	value_axis_scaled(c, f, t, style, ylabel, 0);
}

static void no_data(struct chart *c, const struct frame *f, const char *msg)
{
	rect(c, f->left, f->top, f->right - f->left, f->bottom - f->top, 0xF4F4F4);
	text(c, (f->left + f->right) / 2, (f->top + f->bottom) / 2, msg ? msg : "no data", ANCHOR_MIDDLE, LABEL_SIZE,
	     MUTED, 0);
}

static void path(struct chart *c, const struct chart_pt *pts, size_t n, unsigned rgb, double width)
{
	struct chart_item *it;

	if (n < 2)
		return;
	it = add(c, CH_PATH, rgb);
	it->pts = xmalloc(n * sizeof(*pts));
	memcpy(it->pts, pts, n * sizeof(*pts));
	it->npts = n;
	it->width = width;
}

/* Direct labels at the right of the last points, pushed apart so they never overlap. */
struct dlabel {
	double y;
	const char *text;
	unsigned rgb;
};

static int cmp_dlabel(const void *a, const void *b)
{
	const struct dlabel *x = a, *y = b;

	return x->y < y->y ? -1 : x->y > y->y;
}

static void direct_labels(struct chart *c, const struct frame *f, struct dlabel *l, size_t n)
{
	qsort(l, n, sizeof(*l), cmp_dlabel);
	for (size_t i = 1; i < n; i++)
		if (l[i].y < l[i - 1].y + 20)
			l[i].y = l[i - 1].y + 20;
	for (size_t i = 0; i < n; i++) {
		line(c, f->right + 10, l[i].y, f->right + 24, l[i].y, l[i].rgb, 4, 0);
		text(c, f->right + 30, l[i].y, l[i].text, ANCHOR_START, LABEL_SIZE, INK, 0);
	}
}

struct chart *chart_trend(const struct trend_spec *s)
{
	struct chart *c = chart_new(s->name, s->title, s->subtitle, s->desc);
	struct frame f = { 90, CHART_W - 190, 84, CHART_H - 56 };
	struct axis_ticks t;
	struct dlabel labels[CHART_MAX_SERIES];
	size_t nlabels = 0;
	double lo = 0, hi = 0, step;
	int any = 0, log = s->log_scale;

	if (s->nseries == 1 && !s->series[0].label)
		f.right = CHART_W - 40;
	for (size_t k = 0; k < s->nseries; k++) {
		for (size_t i = 0; i < s->nx; i++) {
			const double vals[3] = { s->series[k].v[i], s->series[k].lo[i], s->series[k].hi[i] };

			for (int j = 0; j < 3; j++) {
				if (isnan(vals[j]))
					continue;
				any |= j == 0;
				lo = fmin(lo, vals[j]);
				hi = fmax(hi, vals[j]);
			}
		}
	}
	if (!any || !s->nx) {
		no_data(c, &f, s->no_data);
		return c;
	}
	if (!isnan(s->target)) {
		lo = fmin(lo, s->target);
		hi = fmax(hi, s->target);
	}
	for (size_t b = 0; b < s->nbounds; b++) {
		lo = fmin(lo, s->bounds[b].v);
		hi = fmax(hi, s->bounds[b].v);
	}
	if (log) {
		/* the smallest positive value, not 0 (the linear axis starts at 0) */
		double pos = hi;

		for (size_t k = 0; k < s->nseries; k++)
			for (size_t i = 0; i < s->nx; i++)
				if (s->series[k].v[i] > 0)
					pos = fmin(pos, s->series[k].v[i]);
		for (size_t b = 0; b < s->nbounds; b++)
			pos = fmin(pos, s->bounds[b].v);
		if (!isnan(s->target) && s->target > 0)
			pos = fmin(pos, s->target);
		log_ticks(pos, hi, &t);
	} else {
		nice_ticks(lo, hi, 6, &t);
	}
	value_axis_scaled(c, &f, &t, s->ticks, s->ylabel, log);
	for (size_t b = 0; b < s->nbounds; b++) {
		double y = ymap(s->bounds[b].v, &t, log, &f);

		line(c, f.left, y, f.right, y, s->bounds[b].rgb, 2, 1);
		text(c, f.left + 6, y - 11, s->bounds[b].label, ANCHOR_START, SMALL_SIZE, INK, 0);
	}
	step = (f.right - f.left) / (double)s->nx;
	for (size_t i = 0; i < s->nx; i++)
		text(c, f.left + step * ((double)i + 0.5), f.bottom + 22, s->xlabels[i], ANCHOR_MIDDLE, LABEL_SIZE, MUTED,
		     0);
	if (!isnan(s->target)) {
		double y = ymap(s->target, &t, log, &f);

		line(c, f.left, y, f.right, y, INK, 1.5, 1);
		/* above the line, or below it when the line runs along the top of the plot */
		text(c, f.left + 6, y - f.top < 20 ? y + 12 : y - 12, s->target_label, ANCHOR_START, SMALL_SIZE, INK, 0);
	}
	for (size_t k = 0; k < s->nseries; k++) {
		const struct chart_series *se = &s->series[k];
		struct chart_pt pts[CHART_MAX_X];
		size_t np = 0, last = s->nx;

		for (size_t i = 0; i < s->nx; i++) {
			double x = f.left + step * ((double)i + 0.5);

			if (!isnan(se->lo[i]) && !isnan(se->hi[i])) {
				double y0 = ymap(se->lo[i], &t, log, &f);
				double y1 = ymap(se->hi[i], &t, log, &f);

				line(c, x, y0, x, y1, se->rgb, 2, 0);
				line(c, x - 7, y0, x + 7, y0, se->rgb, 2, 0);
				line(c, x - 7, y1, x + 7, y1, se->rgb, 2, 0);
			}
			if (isnan(se->v[i])) {
				path(c, pts, np, se->rgb, 3);
				np = 0;
				continue;
			}
			pts[np].x = x;
			pts[np++].y = ymap(se->v[i], &t, log, &f);
			last = i;
		}
		path(c, pts, np, se->rgb, 3);
		for (size_t i = 0; i < s->nx; i++)
			if (!isnan(se->v[i]))
				circle(c, f.left + step * ((double)i + 0.5),
				       ymap(se->v[i], &t, log, &f), 5, se->rgb);
		if (se->label && last < s->nx) {
			labels[nlabels].y = ymap(se->v[last], &t, log, &f);
			labels[nlabels].text = se->label;
			labels[nlabels++].rgb = se->rgb;
		}
	}
	direct_labels(c, &f, labels, nlabels);
	return c;
}

struct chart *chart_histogram(const struct hist_spec *s)
{
	struct chart *c = chart_new(s->name, s->title, s->subtitle, s->desc);
	struct frame f = { 90, CHART_W - 40, 110, CHART_H - 56 };
	size_t *counts = xcalloc(s->nedges + 1, sizeof(*counts));
	struct axis_ticks t;
	double maxc = 0, binw;
	size_t counted = histogram_counts(s->values, s->n, s->edges, s->nedges, counts);

	if (!counted || !s->nedges) {
		no_data(c, &f, s->no_data);
		free(counts);
		return c;
	}
	for (size_t b = 0; b < s->nedges; b++)
		maxc = fmax(maxc, (double)counts[b]);
	nice_ticks(0, maxc, 6, &t);
	if (t.step < 1) {
		/* counts are whole numbers */
		nice_ticks(0, fmax(maxc, 5), 6, &t);
	}
	value_axis(c, &f, &t, TICK_PLAIN, s->ylabel);
	binw = (f.right - f.left) / (double)s->nedges;
	for (size_t b = 0; b < s->nedges; b++) {
		double y = scale_linear((double)counts[b], t.min, t.max, f.bottom, f.top);

		if (counts[b])
			rect(c, f.left + binw * (double)b + 2, y, binw - 4, f.bottom - y, chart_palette[0]);
	}
	for (size_t b = 0; b < s->nedges; b++) {
		line(c, f.left + binw * (double)b, f.bottom, f.left + binw * (double)b, f.bottom + 6, MUTED, 1, 0);
		if (s->edge_labels)
			text(c, f.left + binw * (double)b, f.bottom + 22, s->edge_labels[b], ANCHOR_MIDDLE, LABEL_SIZE, MUTED,
			     0);
	}
	for (size_t k = 0; k < s->nmarks; k++) {
		double pos = bin_position(s->marks[k].v, s->edges, s->nedges), x, ly;

		if (isnan(pos))
			continue;
		x = f.left + pos * binw;
		ly = f.top - 30 + 18 * (double)(k % 2);
		line(c, x, ly + 8, x, f.bottom, chart_palette[1 + k % 3], 2.5, 1);
		text(c, x, ly, s->marks[k].label, x > (f.left + f.right) / 2 ? ANCHOR_END : ANCHOR_START, SMALL_SIZE, INK,
		     1);
	}
	free(counts);
	return c;
}

struct chart *chart_bars(const struct bar_spec *s)
{
	struct chart *c = chart_new(s->name, s->title, s->subtitle, s->desc);
	struct frame f = { 90, CHART_W - 40, 100, CHART_H - 56 };
	struct axis_ticks t;
	double maxv = 0, binw, lx = f.left;

	for (size_t i = 0; i < s->n; i++)
		if (!isnan(s->values[i]))
			maxv = fmax(maxv, s->values[i]);
	if (!(maxv > 0)) {
		no_data(c, &f, s->no_data);
		return c;
	}
	for (size_t i = 0; i < s->nlegend; i++) {
		rect(c, lx, 74, 14, 14, s->legend_rgb[i]);
		text(c, lx + 20, 81, s->legend[i], ANCHOR_START, SMALL_SIZE, INK, 0);
		lx += 30 + 8.5 * (double)strlen(s->legend[i]);
	}
	nice_ticks(0, maxv, 6, &t);
	if (t.step < 1)
		nice_ticks(0, fmax(maxv, 5), 6, &t);
	value_axis(c, &f, &t, TICK_PLAIN, s->ylabel);
	binw = (f.right - f.left) / (double)s->n;
	for (size_t i = 0; i < s->n; i++) {
		double x = f.left + binw * (double)i;

		if (!isnan(s->values[i]) && s->values[i] > 0) {
			double y = scale_linear(s->values[i], t.min, t.max, f.bottom, f.top);

			rect(c, x + 3, y, binw - 6, f.bottom - y, s->rgb ? s->rgb[i] : chart_palette[0]);
		}
		text(c, x + binw / 2, f.bottom + 22, s->labels[i], ANCHOR_MIDDLE, LABEL_SIZE, MUTED, 0);
	}
	return c;
}

/* Coordinates with at most two decimals and no trailing zeros: stable text. */
static void num(FILE *fp, double v)
{
	char buf[32];
	size_t n;

	snprintf(buf, sizeof(buf), "%.2f", v);
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 1 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (!strcmp(buf, "-0"))
		snprintf(buf, sizeof(buf), "0");
	fputs(buf, fp);
}

static void attr_num(FILE *fp, const char *name, double v)
{
	fprintf(fp, " %s=\"", name);
	num(fp, v);
	fputc('"', fp);
}

static void svg_items(FILE *fp, const struct chart *c);

void chart_write_svg(FILE *fp, const struct chart *c, const char *id)
{
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		    "aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">", c->w, c->h, id, id, id);
	html_text(fp, c->title);
	fprintf(fp, "</title><desc id=\"%s-d\">", id);
	html_text(fp, c->desc);
	fputs("</desc>\n", fp);
	svg_items(fp, c);
}

void chart_write_svg_file(FILE *fp, const struct chart *c)
{
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" font-family=\"%s\"><title>",
		c->w, c->h, c->w, c->h, CHART_SVG_FONTS);
	html_text(fp, c->title);
	fputs("</title><desc>", fp);
	html_text(fp, c->desc);
	fputs("</desc>\n", fp);
	svg_items(fp, c);
}

/* The scene's elements and the closing tag. */
static void svg_items(FILE *fp, const struct chart *c)
{
	static const char *const anchors[] = { "start", "middle", "end" };

	for (size_t i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->items[i];

		switch (it->op) {
		case CH_RECT:
			fputs("<rect", fp);
			attr_num(fp, "x", it->x);
			attr_num(fp, "y", it->y);
			attr_num(fp, "width", it->w);
			attr_num(fp, "height", it->h);
			fprintf(fp, " fill=\"#%06X\"/>\n", it->rgb);
			break;
		case CH_LINE:
			fputs("<line", fp);
			attr_num(fp, "x1", it->x);
			attr_num(fp, "y1", it->y);
			attr_num(fp, "x2", it->w);
			attr_num(fp, "y2", it->h);
			fprintf(fp, " stroke=\"#%06X\"", it->rgb);
			attr_num(fp, "stroke-width", it->width);
			fputs(it->dashed ? " stroke-dasharray=\"6 4\"/>\n" : "/>\n", fp);
			break;
		case CH_PATH:
			fputs("<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"", fp);
			for (size_t k = 0; k < it->npts; k++) {
				if (k)
					fputc(' ', fp);
				num(fp, it->pts[k].x);
				fputc(',', fp);
				num(fp, it->pts[k].y);
			}
			fprintf(fp, "\" stroke=\"#%06X\"", it->rgb);
			attr_num(fp, "stroke-width", it->width);
			fputs("/>\n", fp);
			break;
		case CH_CIRCLE:
			fputs("<circle", fp);
			attr_num(fp, "cx", it->x);
			attr_num(fp, "cy", it->y);
			attr_num(fp, "r", it->w);
			fprintf(fp, " fill=\"#%06X\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\n", it->rgb);
			break;
		case CH_TEXT:
			fputs("<text", fp);
			attr_num(fp, "x", it->x);
			attr_num(fp, "y", it->y);
			fprintf(fp, " text-anchor=\"%s\" dominant-baseline=\"central\"", anchors[it->anchor]);
			attr_num(fp, "font-size", it->size);
			fprintf(fp, " fill=\"#%06X\"%s", it->rgb, it->bold ? " font-weight=\"bold\"" : "");
			if (it->vertical) {
				fputs(" transform=\"rotate(-90 ", fp);
				num(fp, it->x);
				fputc(' ', fp);
				num(fp, it->y);
				fputs(")\"", fp);
			}
			fputc('>', fp);
			html_text(fp, it->text);
			fputs("</text>\n", fp);
			break;
		}
	}
	fputs("</svg>\n", fp);
}
