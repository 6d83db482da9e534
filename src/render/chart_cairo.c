/* Drawing chart scenes and text with cairo and pango: SVG and PNG files, and pages of the PDF report. */
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart_cairo.h"
#include "render/escape.h"
#include "render/png_encode.h"

void chart_cairo_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* A layout with metrics independent of the device (no hinting), so SVG, PNG and PDF agree. */
static PangoLayout *layout_new(cairo_t *cr, const char *s, double size, int bold)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoContext *ctx = pango_layout_get_context(l);
	cairo_font_options_t *fo = cairo_font_options_create();
	PangoFontDescription *fd = pango_font_description_new();
	char *clean = text_clean(s);

	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_layout_context_changed(l);
	pango_font_description_set_family(fd, CHART_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, clean, -1);
	pango_font_description_free(fd);
	cairo_font_options_destroy(fo);
	free(clean);
	return l;
}

double chart_cairo_text(cairo_t *cr, double x, double y, const char *s, enum chart_anchor anchor, double size,
			unsigned rgb, int bold, double max_width)
{
	PangoLayout *l;
	PangoRectangle logical;
	double w, h, dx;

	if (!s || !*s)
		return 0;
	l = layout_new(cr, s, size, bold);
	if (max_width > 0) {
		pango_layout_set_width(l, (int)(max_width * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	pango_layout_get_extents(l, NULL, &logical);
	w = (double)logical.width / PANGO_SCALE;
	h = (double)logical.height / PANGO_SCALE;
	dx = anchor == ANCHOR_START ? 0 : anchor == ANCHOR_MIDDLE ? -w / 2 : -w;
	chart_cairo_rgb(cr, rgb);
	cairo_move_to(cr, x + dx - (double)logical.x / PANGO_SCALE, y - h / 2);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	return w;
}

void chart_cairo_draw(cairo_t *cr, const struct chart *c)
{
	static const double dash[] = { 6, 4 };

	for (size_t i = 0; i < c->n; i++) {
		const struct chart_item *it = &c->items[i];

		cairo_save(cr);
		chart_cairo_rgb(cr, it->rgb);
		switch (it->op) {
		case CH_RECT:
			cairo_rectangle(cr, it->x, it->y, it->w, it->h);
			cairo_fill(cr);
			break;
		case CH_LINE:
		case CH_PATH:
			cairo_set_line_width(cr, it->width);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			if (it->dashed)
				cairo_set_dash(cr, dash, 2, 0);
			if (it->op == CH_LINE) {
				cairo_move_to(cr, it->x, it->y);
				cairo_line_to(cr, it->w, it->h);
			} else {
				for (size_t k = 0; k < it->npts; k++)
					(k ? cairo_line_to : cairo_move_to)(cr, it->pts[k].x, it->pts[k].y);
			}
			cairo_stroke(cr);
			break;
		case CH_CIRCLE:
			cairo_arc(cr, it->x, it->y, it->w, 0, 2 * M_PI);
			cairo_fill_preserve(cr);
			chart_cairo_rgb(cr, 0xFFFFFF);
			cairo_set_line_width(cr, 1.5);
			cairo_stroke(cr);
			break;
		case CH_TEXT:
			if (it->vertical) {
				cairo_translate(cr, it->x, it->y);
				cairo_rotate(cr, -M_PI / 2);
				chart_cairo_text(cr, 0, 0, it->text, it->anchor, it->size, it->rgb, it->bold, 0);
			} else {
				chart_cairo_text(cr, it->x, it->y, it->text, it->anchor, it->size, it->rgb, it->bold, 0);
			}
			break;
		}
		cairo_restore(cr);
	}
}

cairo_status_t chart_cairo_write_strbuf(void *closure, const unsigned char *data, unsigned int len)
{
	return strbuf_add(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static int finish(cairo_t *cr, cairo_surface_t *s, const char *what, struct strbuf *err)
{
	cairo_status_t st = cairo_status(cr);

	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		strbuf_addf(err, "cannot draw %s: %s", what, cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

/*
 * cairo names groups after a process-wide surface counter ("surface6"), so the
 * same chart would come out differently depending on what was drawn before.
 * Renumber them by order of first appearance: stable, references kept.
 */
static void renumber_surfaces(struct strbuf *svg, size_t from)
{
	struct strbuf out = STRBUF_INIT;
	unsigned long seen[64];
	size_t nseen = 0;
	const char *p = svg->buf + from;

	strbuf_add(&out, svg->buf, from);
	while (*p) {
		const char *hit = strstr(p, "surface");
		char *end;
		unsigned long n;
		size_t k;

		if (!hit) {
			strbuf_addstr(&out, p);
			break;
		}
		strbuf_add(&out, p, (size_t)(hit - p) + 7);
		p = hit + 7;
		if (*p < '0' || *p > '9')
			continue;
		n = strtoul(p, &end, 10);
		for (k = 0; k < nseen && seen[k] != n; k++)
			;
		if (k == nseen && nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = n;
		strbuf_addf(&out, "%zu", k + 1);
		p = end;
	}
	strbuf_release(svg);
	*svg = out;
}

int chart_to_svg(const struct chart *c, struct strbuf *out, struct strbuf *err)
{
	size_t from = out->len;
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(chart_cairo_write_strbuf, out, c->w, c->h);
	cairo_t *cr = cairo_create(s);

	cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
	chart_cairo_draw(cr, c);
	if (finish(cr, s, c->name, err))
		return -1;
	renumber_surfaces(out, from);
	return 0;
}

int chart_to_png(const struct chart *c, double scale, struct strbuf *out, struct strbuf *err)
{
	/* opaque: a white page under the chart (which paints its own background) */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ceil(c->w * scale),
							(int)ceil(c->h * scale));
	cairo_t *cr = cairo_create(s);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	chart_cairo_draw(cr, c);
	cairo_surface_flush(s);
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS && png_encode_rgb24(s, c->name, out, err)) {
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		return -1;
	}
	return finish(cr, s, c->name, err);
}
