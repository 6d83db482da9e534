/* PNG files of opaque cairo images through libpng, with settings for flat-coloured charts. */
#include <glib.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/png_encode.h"
#include "util/xalloc.h"

/* Where libpng writes, and what it says when it fails. */
struct png_sink {
	struct strbuf *out;
	char message[160];
};

static void on_error(png_structp png, png_const_charp msg)
{
	struct png_sink *k = png_get_error_ptr(png);

	snprintf(k->message, sizeof(k->message), "%s", msg);
	png_longjmp(png, 1);
}

/* libpng's warnings are not errors, and nothing below cli/ prints. */
static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void on_write(png_structp png, png_bytep data, size_t n)
{
	struct png_sink *k = png_get_io_ptr(png);

	if (strbuf_add(k->out, data, n))
		png_error(png, "out of memory");
}

static void on_flush(png_structp png)
{
	(void)png;
}

int png_encode_rgb24(cairo_surface_t *s, const char *what, struct strbuf *out, struct strbuf *err)
{
	struct png_sink sink = { out, "" };
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	png_bytep *rows = NULL;
	png_structp png = NULL;
	png_infop info = NULL;
	int ret = -1;

	if (!data || cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24 || w <= 0 || h <= 0) {
		strbuf_addf(err, "cannot encode %s as PNG: not an RGB image", what);
		return -1;
	}
	rows = xcalloc((size_t)h, sizeof(*rows));
	for (int y = 0; y < h; y++)
		rows[y] = data + (size_t)y * (size_t)stride;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		strbuf_addf(err, "cannot encode %s as PNG: out of memory", what);
		goto out;
	}
	if (setjmp(png_jmpbuf(png))) {
		strbuf_addf(err, "cannot encode %s as PNG: %s", what, sink.message);
		goto out;
	}
	png_set_write_fn(png, &sink, on_write, on_flush);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	/* no row filter: a chart's flat areas and straight edges compress better unfiltered, and trying the
	   five filters on every row (libpng's default, cairo's writer) was most of the time */
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_write_info(png, info);
	/* cairo's pixels are 32-bit words 0x00RRGGBB: in memory B G R x on a little-endian machine */
	if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
		png_set_bgr(png);
	png_set_filler(png, 0, G_BYTE_ORDER == G_LITTLE_ENDIAN ? PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
	png_write_image(png, rows);
	png_write_end(png, NULL);
	ret = 0;
out:
	png_destroy_write_struct(&png, &info);
	free(rows);
	return ret;
}
