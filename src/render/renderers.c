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
#include "util/fsutil.h"
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
	char *path = fs_join(o->out_dir, name);
	char *slash = strrchr(path, '/');
	int ret = -1;

	if (slash && strchr(name, '/')) {
		*slash = '\0';
		/* directories get x wherever the files get r */
		if (fs_mkdir_p(path, (mode_t)(o->mode | ((o->mode & 0444) >> 2)), err))
			goto out;
		*slash = '/';
	}
	ret = fs_write_file(path, data, len, (mode_t)o->mode, err);
out:
	free(path);
	return ret;
}

int render_tmp_begin(const struct render_opts *o, char **tmp, struct strbuf *err)
{
	char *path = fs_join(o->out_dir, ".idpmetrics.XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0) {
		strbuf_addf(err, "cannot create a temporary file in '%s': %s", o->out_dir, strerror(errno));
		free(path);
		*tmp = NULL;
		return -1;
	}
	close(fd);
	*tmp = path;
	return 0;
}

int render_tmp_commit(const struct render_opts *o, const char *tmp, const char *name, struct strbuf *err)
{
	char *path = fs_join(o->out_dir, name);
	int fd = open(tmp, O_RDONLY | O_CLOEXEC), ret = -1;

	if (fd < 0 || fsync(fd) || chmod(tmp, (mode_t)o->mode) || rename(tmp, path)) {
		strbuf_addf(err, "cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

void render_release_globals(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
