/* Unit tests: chart layout maths (nice ticks, scales, bins), chart scenes, inline SVG, Hangul glyph coverage. */
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "render/chart.h"
#include "render/chart_cairo.h"
#include "render/chart_scale.h"
#include "render/png_encode.h"
#include "render/renderers.h"
#include "test.h"

static void test_chart__nice_num(void)
{
	/* ceiling: 1, 2, 5, 10 times a power of ten */
	CHECK_NEAR(nice_num(0.9, 0), 1, 1e-12);
	CHECK_NEAR(nice_num(1.0, 0), 1, 1e-12);
	CHECK_NEAR(nice_num(1.1, 0), 2, 1e-12);
	CHECK_NEAR(nice_num(4.9, 0), 5, 1e-12);
	CHECK_NEAR(nice_num(5.1, 0), 10, 1e-12);
	CHECK_NEAR(nice_num(73, 0), 100, 1e-9);
	CHECK_NEAR(nice_num(0.0031, 0), 0.005, 1e-12);
	/* rounded */
	CHECK_NEAR(nice_num(1.4, 1), 1, 1e-12);
	CHECK_NEAR(nice_num(1.5, 1), 2, 1e-12);
	CHECK_NEAR(nice_num(2.9, 1), 2, 1e-12);
	CHECK_NEAR(nice_num(3.0, 1), 5, 1e-12);
	CHECK_NEAR(nice_num(6.9, 1), 5, 1e-12);
	CHECK_NEAR(nice_num(7.0, 1), 10, 1e-12);
	CHECK_NEAR(nice_num(240, 1), 200, 1e-9);
	/* not positive */
	CHECK_NEAR(nice_num(0, 0), 0, 0);
	CHECK_NEAR(nice_num(-3, 1), 0, 0);
	CHECK_NEAR(nice_num(NAN, 1), 0, 0);
}

static void test_chart__ticks(void)
{
	struct axis_ticks t;

	/* Heckbert's example shape: 0..105 with 5 ticks -> 0, 50, 100, 150 (loose, step 50) */
	nice_ticks(0, 105, 5, &t);
	CHECK_NEAR(t.step, 50, 1e-9);
	CHECK_NEAR(t.min, 0, 1e-9);
	CHECK_NEAR(t.max, 150, 1e-9);
	CHECK_INTEQ(t.n, 4);
	CHECK_INTEQ(t.nfrac, 0);
	/* fractions: 0..0.823 with 6 ticks -> step 0.2, two decimals */
	nice_ticks(0, 0.823, 6, &t);
	CHECK_NEAR(t.step, 0.2, 1e-12);
	CHECK_NEAR(t.max, 1.0, 1e-12);
	CHECK_INTEQ(t.nfrac, 1);
	CHECK_INTEQ(t.n, 6);
	/* ticks are exact multiples of the step: no drift, no -0 */
	nice_ticks(-0.3, 0.7, 6, &t);
	for (size_t i = 0; i < t.n; i++) {
		double k = t.v[i] / t.step;

		CHECK_NEAR(k, (double)(long)(k + (k < 0 ? -0.5 : 0.5)), 1e-9);
	}
	CHECK(t.min <= -0.3 && t.max >= 0.7);
	/* NPS range with a negative part */
	nice_ticks(-26, 48, 6, &t);
	CHECK_NEAR(t.step, 20, 1e-9);
	CHECK_NEAR(t.min, -40, 1e-9);
	CHECK_NEAR(t.max, 60, 1e-9);
	/* a single value widens around it; NaN gives 0..1; reversed bounds are swapped */
	nice_ticks(5, 5, 5, &t);
	CHECK(t.min < 5 && t.max > 5 && t.n >= 2);
	nice_ticks(NAN, 3, 5, &t);
	CHECK_NEAR(t.min, 0, 1e-12);
	CHECK_NEAR(t.max, 1, 1e-12);
	nice_ticks(10, 0, 5, &t);
	CHECK_NEAR(t.min, 0, 1e-12);
	CHECK(t.max >= 10);
	/* never more ticks than the array holds, even for absurd ranges */
	nice_ticks(0, 1e9, 200, &t);
	CHECK(t.n <= AXIS_MAX_TICKS);
}

static void test_chart__scale_and_bins(void)
{
	static const double edges[] = { 0, 5, 15, 30, 60 };
	static const double values[] = { 0, 4.9, 5, 14, 29, 31, 59, 60, 1000, NAN, -3 };
	size_t counts[5];

	CHECK_NEAR(scale_linear(5, 0, 10, 100, 200), 150, 1e-12);
	CHECK_NEAR(scale_linear(0, 0, 10, 300, 100), 300, 1e-12); /* inverted (screen y) */
	CHECK_NEAR(scale_linear(3, 2, 2, 0, 10), 5, 1e-12);
	CHECK_INTEQ(histogram_counts(values, 11, edges, 5, counts), 10);
	CHECK_INTEQ(counts[0], 3); /* 0, 4.9 and -3 (below the first edge) */
	CHECK_INTEQ(counts[1], 2); /* 5, 14 */
	CHECK_INTEQ(counts[2], 1); /* 29 */
	CHECK_INTEQ(counts[3], 2); /* 31, 59 */
	CHECK_INTEQ(counts[4], 2); /* 60 and 1000 in the open last bin */
	CHECK_NEAR(bin_position(0, edges, 5), 0, 1e-12);
	CHECK_NEAR(bin_position(2.5, edges, 5), 0.5, 1e-12);    /* linear from 0 */
	CHECK_NEAR(bin_position(15, edges, 5), 2, 1e-12);       /* on an edge */
	CHECK_NEAR(bin_position(sqrt(15.0 * 30), edges, 5), 2.5, 1e-12); /* geometric middle */
	CHECK_NEAR(bin_position(120, edges, 5), 5, 1e-12);      /* one doubling past the last edge */
	CHECK_NEAR(bin_position(1e6, edges, 5), 5, 1e-12);      /* clamped */
	CHECK(isnan(bin_position(NAN, edges, 5)));
}

static void test_chart__log_ticks(void)
{
	struct axis_ticks t;

	/* 24 minutes to 78 hours in minutes: 1, 2, 5 steps from 20 to 5000 */
	log_ticks(24, 4681, &t);
	CHECK_INTEQ(t.n, 8);
	CHECK_NEAR(t.v[0], 20, 1e-9);
	CHECK_NEAR(t.v[1], 50, 1e-9);
	CHECK_NEAR(t.v[t.n - 1], 5000, 1e-9);
	CHECK_NEAR(t.min, 20, 1e-9);
	CHECK_NEAR(t.max, 5000, 1e-9);
	/* below one: the labels need a decimal */
	log_ticks(0.8, 60.8, &t);
	CHECK_NEAR(t.v[0], 0.5, 1e-9);
	CHECK_INTEQ(t.nfrac, 1);
	/* more than ten ticks of 1, 2, 5: powers of ten only */
	log_ticks(3, 3000, &t);
	CHECK_INTEQ(t.n, 5);
	CHECK_NEAR(t.v[0], 1, 1e-9);
	CHECK_NEAR(t.v[4], 10000, 1e-9);
	/* a bound on a tick opens the axis there */
	log_ticks(10, 100, &t);
	CHECK_NEAR(t.v[0], 10, 1e-9);
	CHECK_NEAR(t.v[t.n - 1], 100, 1e-9);
	/* nonsense stays sane */
	log_ticks(-1, NAN, &t);
	CHECK(t.n >= 2 && t.min > 0 && t.max > t.min);
	CHECK_NEAR(scale_log(10, 1, 100, 0, 200), 100, 1e-9);
	CHECK_NEAR(scale_log(0, 1, 100, 0, 200), 0, 1e-9); /* not on a log axis: the bottom */
}

static void test_chart__format_tick(void)
{
	char buf[32];

	format_tick(0.25, 2, 1, buf, sizeof(buf));
	CHECK_STREQ(buf, "25%");
	format_tick(0.125, 3, 1, buf, sizeof(buf));
	CHECK_STREQ(buf, "12.5%");
	format_tick(-0.0, 1, 0, buf, sizeof(buf));
	CHECK_STREQ(buf, "0.0");
	format_tick(-20, 0, 0, buf, sizeof(buf));
	CHECK_STREQ(buf, "-20");
}

static char *svg_of(const struct chart *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	chart_write_svg(fp, c, "t");
	fclose(fp);
	return buf;
}

static void test_chart__trend_svg(void)
{
	struct trend_spec s;
	struct chart *c;
	char *a, *b;

	memset(&s, 0, sizeof(s));
	s.name = "t";
	s.title = "Lead <time> & \"quotes\"";
	s.subtitle = "n = 3";
	s.nx = 3;
	s.xlabels[0] = "2026-Q1";
	s.xlabels[1] = "2026-Q2";
	s.xlabels[2] = "2026-Q3";
	s.nseries = 1;
	s.series[0].label = "p50 \xe2\x80\xae" "evil";
	for (int i = 0; i < 3; i++) {
		s.series[0].v[i] = 10 * (i + 1);
		s.series[0].lo[i] = s.series[0].hi[i] = NAN;
	}
	s.series[0].v[1] = NAN; /* a gap: two polylines would need two points each, so none is drawn */
	s.target = 30;
	s.target_label = "target";
	c = chart_trend(&s);
	a = svg_of(c);
	b = svg_of(c);
	CHECK_STREQ(a, b); /* deterministic */
	CHECK(strstr(a, "<title id=\"t-t\">Lead &lt;time&gt; &amp; &quot;quotes&quot;</title>") != NULL);
	CHECK(strstr(a, "\xe2\x80\xae") == NULL);            /* bidi override dropped */
	CHECK(strstr(a, ">p50 evil</text>") != NULL);
	CHECK(strstr(a, "stroke-dasharray") != NULL);           /* the target line */
	CHECK(strstr(a, "<polyline") == NULL);                  /* no segment spans the gap */
	CHECK(strstr(a, "<circle") != NULL);
	free(a);
	free(b);
	chart_free(c);
	/* every value missing: the chart says so instead of drawing zeros */
	for (int i = 0; i < 3; i++)
		s.series[0].v[i] = NAN;
	s.no_data = "nothing yet";
	c = chart_trend(&s);
	a = svg_of(c);
	CHECK(strstr(a, ">nothing yet</text>") != NULL);
	CHECK(strstr(a, "<circle") == NULL);
	free(a);
	chart_free(c);
}

static void test_chart__hangul_has_glyphs(void)
{
	/* fonts-noto-cjk (installed by .ci/install-deps) must cover Hangul, or charts show boxes. */
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10);
	cairo_t *cr = cairo_create(s);
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(CHART_FONT " 12");

	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, "서비스 생성 시간 빌드 파이프라인", -1);
	CHECK_INTEQ(pango_layout_get_unknown_glyphs_count(l), 0);
	pango_font_description_free(fd);
	g_object_unref(l);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* A small bar chart with a Hangul title, the subject of the cairo tests. */
static struct chart *hangul_bars(void)
{
	static const char *const labels[3] = { "0", "1", "2" };
	static const double values[3] = { 3, 0, 7 };
	struct bar_spec s;

	memset(&s, 0, sizeof(s));
	s.name = "bars";
	s.title = "점수 분포";
	s.labels = labels;
	s.values = values;
	s.n = 3;
	return chart_bars(&s);
}

static void test_chart__cairo_svg_deterministic(void)
{
	struct chart *c = hangul_bars();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, err = STRBUF_INIT;

	CHECK(!chart_to_svg(c, &a, &err));
	CHECK(!chart_to_svg(c, &b, &err));
	CHECK(a.len > 100 && a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	CHECK(strstr(a.buf, "<svg") != NULL);
	strbuf_reset(&b);
	CHECK(!chart_to_png(c, 1, &b, &err));
	CHECK(b.len > 8 && !memcmp(b.buf, "\x89PNG", 4));
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&err);
	chart_free(c);
}

/* cairo's reader of a PNG stream: the next bytes of the struct strbuf CLOSURE (a size_t offset after it). */
struct png_source {
	const struct strbuf *b;
	size_t at;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
	struct png_source *src = closure;

	if (src->at + len > src->b->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, src->b->buf + src->at, len);
	src->at += len;
	return CAIRO_STATUS_SUCCESS;
}

/* The PNG encoder: cairo's own reader gets back every pixel drawn; the same pixels give the same bytes. */
static void test_chart__png_reads_back(void)
{
	struct chart *c = hangul_bars();
	cairo_surface_t *drawn = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 225), *back;
	cairo_t *cr = cairo_create(drawn);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, err = STRBUF_INIT;
	struct png_source src = { &a, 0 };
	int same = 1, inked = 0;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, 400 / c->w, 225 / c->h);
	chart_cairo_draw(cr, c);
	cairo_surface_flush(drawn);
	CHECK(!png_encode_rgb24(drawn, "bars", &a, &err));
	CHECK(!png_encode_rgb24(drawn, "bars", &b, &err));
	CHECK(a.len == b.len && !memcmp(a.buf, b.buf, a.len));
	back = cairo_image_surface_create_from_png_stream(png_read, &src);
	CHECK(cairo_surface_status(back) == CAIRO_STATUS_SUCCESS);
	CHECK(cairo_image_surface_get_width(back) == 400 && cairo_image_surface_get_height(back) == 225);
	CHECK(src.at == a.len);
	for (int y = 0; same && y < 225; y++)
		for (int x = 0; x < 400; x++) {
			uint32_t p = ((uint32_t *)(void *)(cairo_image_surface_get_data(drawn) +
							   y * cairo_image_surface_get_stride(drawn)))[x];
			uint32_t q = ((uint32_t *)(void *)(cairo_image_surface_get_data(back) +
							   y * cairo_image_surface_get_stride(back)))[x];

			inked += (p & 0xffffff) != 0xffffff;
			if ((p & 0xffffff) != (q & 0xffffff)) {
				same = 0;
				break;
			}
		}
	CHECK(same);
	CHECK(inked > 1000); /* the chart is in there, not a white page */
	/* a surface that is not opaque RGB is refused with its name */
	cairo_surface_destroy(back);
	back = cairo_image_surface_create(CAIRO_FORMAT_A8, 4, 4);
	strbuf_reset(&err);
	CHECK(png_encode_rgb24(back, "alpha", &b, &err) == -1 && strstr(err.buf, "alpha") != NULL);
	cairo_surface_destroy(back);
	cairo_destroy(cr);
	cairo_surface_destroy(drawn);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&err);
	chart_free(c);
}

int main(void)
{
	RUN(test_chart__nice_num);
	RUN(test_chart__ticks);
	RUN(test_chart__scale_and_bins);
	RUN(test_chart__log_ticks);
	RUN(test_chart__format_tick);
	RUN(test_chart__trend_svg);
	RUN(test_chart__hangul_has_glyphs);
	RUN(test_chart__cairo_svg_deterministic);
	RUN(test_chart__png_reads_back);
	render_release_globals();
	return TEST_RESULT();
}
