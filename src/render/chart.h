/*
 * Charts as a list of drawing primitives (a scene), built from plain data by
 * pure layout functions, then drawn by a backend: inline SVG text for the HTML
 * report (render/chart.c) or cairo with pango for SVG, PNG and PDF files
 * (render/chart_cairo.c).
 */
#ifndef IDPM_CHART_H
#define IDPM_CHART_H

#include <stddef.h>
#include <stdio.h>

#define CHART_W 800.0
#define CHART_H 450.0
#define CHART_MAX_X 8
#define CHART_MAX_SERIES 4

enum chart_op { CH_RECT, CH_LINE, CH_PATH, CH_CIRCLE, CH_TEXT };
enum chart_anchor { ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END };

struct chart_pt {
	double x, y;
};

/* One primitive.  Coordinates in chart units (CHART_W x CHART_H, y down). */
struct chart_item {
	enum chart_op op;
	unsigned rgb;             /* 0xRRGGBB */
	double x, y, w, h;        /* rect: corner and size; line: (x,y)-(w,h); circle: centre and radius w; text: anchor point, y the middle */
	double width;             /* line and path stroke width */
	int dashed;
	struct chart_pt *pts;     /* path: an open polyline (owned) */
	size_t npts;
	char *text;               /* text: owned UTF-8, drawn as given (backends escape) */
	enum chart_anchor anchor;
	double size;              /* text: font size in chart units */
	int bold;
	int vertical;             /* text: rotated 90 degrees counter-clockwise */
};

struct chart {
	char *name;               /* file stem: charts/<name>.svg */
	char *title;              /* also the accessible name */
	char *desc;               /* for screen readers: what it shows, units, n and the values */
	char *caption;            /* the subtitle: scope, unit, n */
	double w, h;
	struct chart_item *items;
	size_t n, alloc;
};

/* Colour-blind-safe series colours (Okabe-Ito), in the order series take them. */
extern const unsigned chart_palette[CHART_MAX_SERIES];

struct chart_series {
	const char *label;        /* direct label next to the last point */
	double v[CHART_MAX_X];    /* NaN: no value (the line breaks) */
	double lo[CHART_MAX_X];   /* interval (NaN: none) */
	double hi[CHART_MAX_X];
	unsigned rgb;
};

/* A horizontal boundary line across a trend (a DORA tier's threshold) with its label. */
struct chart_bound {
	double v;
	const char *label;
	unsigned rgb;
};

/* Value formatting for axis ticks and labels. */
enum tick_style { TICK_PLAIN, TICK_PERCENT };

struct trend_spec {
	const char *name, *title, *subtitle, *desc;
	const char *ylabel;                   /* unit text beside the axis */
	const char *xlabels[CHART_MAX_X];     /* period labels */
	size_t nx;
	struct chart_series series[CHART_MAX_SERIES];
	size_t nseries;
	double target;                        /* NaN: no target line */
	const char *target_label;
	enum tick_style ticks;
	int log_scale;                        /* a logarithmic value axis (every value > 0) */
	struct chart_bound bounds[4];         /* tier boundaries drawn across the plot (DORA) */
	size_t nbounds;
	const char *no_data;                  /* shown when every value is NaN */
};

struct hist_mark {
	double v;
	const char *label;
};

struct hist_spec {
	const char *name, *title, *subtitle, *desc, *ylabel;
	const double *values;                 /* NaN values are skipped */
	size_t n;
	const double *edges;                  /* ascending; the last bin is open-ended */
	const char *const *edge_labels;       /* one per edge */
	size_t nedges;
	struct hist_mark marks[4];
	size_t nmarks;
	const char *no_data;
};

struct bar_spec {
	const char *name, *title, *subtitle, *desc, *ylabel;
	const char *const *labels;            /* one per bar */
	const double *values;
	const unsigned *rgb;
	size_t n;
	const char *const *legend;            /* legend entries (may be 0) */
	const unsigned *legend_rgb;
	size_t nlegend;
	const char *no_data;                  /* shown when every value is 0 or NaN */
};

/* Lay out a chart; each returns a new chart to free with chart_free(). */
struct chart *chart_trend(const struct trend_spec *s);
struct chart *chart_histogram(const struct hist_spec *s);
struct chart *chart_bars(const struct bar_spec *s);
void chart_free(struct chart *c);

/*
 * Write C as an inline <svg> element (real <text>, escaped, a <title> and
 * <desc>, role="img"); ID must be unique in the document (ASCII identifier).
 * Output depends only on C, so it is deterministic.
 */
void chart_write_svg(FILE *fp, const struct chart *c, const char *id);
/*
 * Write C as a standalone SVG file: the same elements with an XML
 * declaration, its size, and text as <text> in the named font families
 * (CHART_SVG_FONTS, Hangul included), so it can be selected and edited.
 */
void chart_write_svg_file(FILE *fp, const struct chart *c);

/* The font families of standalone SVG charts: those the PNG and PDF pin first, Hangul included. */
#define CHART_SVG_FONTS "'Noto Sans CJK KR', 'Noto Sans KR', 'Noto Sans', 'DejaVu Sans', 'Malgun Gothic', " \
	"'Apple SD Gothic Neo', sans-serif"

#endif
