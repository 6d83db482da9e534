/* Drawing chart scenes and text with cairo and pango: SVG and PNG files, and pages of the PDF report. */
#ifndef IDPM_CHART_CAIRO_H
#define IDPM_CHART_CAIRO_H

#include <cairo.h>

#include "render/chart.h"
#include "util/strbuf.h"

/* The font families every chart and PDF text uses, pinned so output is reproducible (Hangul included). */
#define CHART_FONT "Noto Sans CJK KR, Noto Sans, DejaVu Sans, sans-serif"

/* Draw C at the current transformation of CR (chart units map to user units). */
void chart_cairo_draw(cairo_t *cr, const struct chart *c);
/*
 * Draw S (cleaned of control and bidi characters, never parsed as markup) with
 * its anchor at (X, Y), Y being the middle of the line, SIZE in user units.
 * With MAX_WIDTH > 0 the text is ellipsised to fit.  Returns the width drawn.
 */
double chart_cairo_text(cairo_t *cr, double x, double y, const char *s, enum chart_anchor anchor, double size,
			unsigned rgb, int bold, double max_width);
/* Set the source colour 0xRRGGBB. */
void chart_cairo_rgb(cairo_t *cr, unsigned rgb);

/* C as an SVG document (cairo: text as glyph outlines), appended to OUT.  0 or -1 with ERR. */
int chart_to_svg(const struct chart *c, struct strbuf *out, struct strbuf *err);
/* C as a PNG SCALE times the chart size in pixels, appended to OUT.  0 or -1 with ERR. */
int chart_to_png(const struct chart *c, double scale, struct strbuf *out, struct strbuf *err);
/* A cairo write function appending to the struct strbuf CLOSURE. */
cairo_status_t chart_cairo_write_strbuf(void *closure, const unsigned char *data, unsigned int len);

#endif
