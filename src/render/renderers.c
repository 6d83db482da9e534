/*
 * Output formats: the registry of renderers and the file writing they share.
 *
 * Adding a format: write render/<format>.c exporting a
 * `const struct renderer <format>_renderer` whose render() reads only the
 * report model (never the database), builds its output in memory and hands it
 * to render_write(); list it below; add a golden-file test under tests/.
 */
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/renderers.h"
#include "util/safefile.h"
#include "util/xalloc.h"

extern const struct renderer html_renderer;
extern const struct renderer dashboard_renderer;
extern const struct renderer csv_renderer;
extern const struct renderer json_renderer;
extern const struct renderer xlsx_renderer;
extern const struct renderer pdf_renderer;
extern const struct renderer svg_renderer;
extern const struct renderer png_renderer;

const struct renderer *const renderers[] = {
	&html_renderer,
	&dashboard_renderer,
	&xlsx_renderer,
	&pdf_renderer,
	&svg_renderer,
	&png_renderer,
	&csv_renderer,
	&json_renderer,
	NULL
};

const struct renderer *renderer_find(const char *name)
{
	for (const struct renderer *const *r = renderers; *r; r++)
		if (!strcmp((*r)->name, name))
			return *r;
	return NULL;
}

int render_write(const struct render_opts *o, const char *name, const char *data, size_t len, struct strbuf *err)
{
	return safefile_write_at(o->out_dir, name, data, len, (mode_t)o->mode, err);
}

int render_tmp_begin(const struct render_opts *o, const char *name, char **tmp, struct strbuf *err)
{
	(void)o;
	return safefile_private_begin(name, tmp, err);
}

int render_tmp_commit(const struct render_opts *o, const char *tmp, const char *name, struct strbuf *err)
{
	return safefile_private_commit(tmp, o->out_dir, name, (mode_t)o->mode, err);
}

void render_tmp_discard(const char *tmp)
{
	if (tmp)
		safefile_private_discard(tmp);
}

void render_release_globals(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
