/* Chart files: charts/<name>.svg and charts/<name>.png for every chart of the report definition. */
#include <stdio.h>
#include <stdlib.h>

#include "render/chart_cairo.h"
#include "render/chart_data.h"
#include "render/renderers.h"
#include "util/xalloc.h"

/* PNG pixels per chart unit: 1600 x 900, sharp on a slide. */
#define PNG_SCALE 2.0

/* C as a standalone SVG file with its text as <text> (cairo's SVG surface would draw glyph outlines). */
static int chart_svg_document(const struct chart *c, struct strbuf *out, struct strbuf *err)
{
	char *data = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	chart_write_svg_file(fp, c);
	if (fclose(fp)) {
		free(data);
		strbuf_addf(err, "cannot build charts/%s.svg", c->name);
		return -1;
	}
	strbuf_add(out, data, len);
	free(data);
	return 0;
}

static int render_charts(const struct report_model *m, const struct render_opts *o, int png, struct strbuf *err)
{
	int ret = 0;

	for (size_t i = 0; i < m->def.ncharts && !ret; i++) {
		struct chart *c = report_chart(m, &m->def.charts[i], NULL);
		struct strbuf data = STRBUF_INIT;
		char *name = xasprintf("charts/%s.%s", c->name, png ? "png" : "svg");

		ret = png ? chart_to_png(c, PNG_SCALE, &data, err) : chart_svg_document(c, &data, err);
		if (!ret)
			ret = render_write(o, name, data.buf, data.len, err);
		strbuf_release(&data);
		free(name);
		chart_free(c);
	}
	return ret;
}

static int render_svg(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	return render_charts(m, o, 0, err);
}

static int render_png(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	return render_charts(m, o, 1, err);
}

const struct renderer svg_renderer = { "svg", "charts/*.svg, one per chart (text as text)", render_svg, 2 };
const struct renderer png_renderer = { "png", "charts/*.png, one per chart, 1600x900 pixels", render_png, 4 };
