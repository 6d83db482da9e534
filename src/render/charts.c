/* Chart files: charts/<name>.svg and charts/<name>.png for every chart of the report definition. */
#include <stdlib.h>

#include "render/chart_cairo.h"
#include "render/chart_data.h"
#include "render/renderers.h"
#include "util/xalloc.h"

/* PNG pixels per chart unit: 1600 x 900, sharp on a slide. */
#define PNG_SCALE 2.0

static int render_charts(const struct report_model *m, const struct render_opts *o, int png, struct strbuf *err)
{
	int ret = 0;

	for (size_t i = 0; i < m->def.ncharts && !ret; i++) {
		struct chart *c = report_chart(m, &m->def.charts[i], NULL);
		struct strbuf data = STRBUF_INIT;
		char *name = xasprintf("charts/%s.%s", c->name, png ? "png" : "svg");

		ret = png ? chart_to_png(c, PNG_SCALE, &data, err) : chart_to_svg(c, &data, err);
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

const struct renderer svg_renderer = { "svg", "charts/*.svg, one per chart (cairo, pango)", render_svg, 2 };
const struct renderer png_renderer = { "png", "charts/*.png, one per chart, 1600x900 pixels", render_png, 4 };
