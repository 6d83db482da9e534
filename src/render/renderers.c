/*
 * Output formats: the registry of renderers and the file writing they share.
 *
 * Adding a format: write render/<format>.c exporting a
 * `const struct renderer <format>_renderer` whose render() reads only the
 * report model (never the database), builds its output in memory and hands it
 * to render_write(); list it below; add a golden-file test under tests/.
 */
#include <stdlib.h>
#include <string.h>

#include "render/renderers.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

extern const struct renderer html_renderer;
extern const struct renderer dashboard_renderer;
extern const struct renderer csv_renderer;
extern const struct renderer json_renderer;

const struct renderer *const renderers[] = {
	&html_renderer,
	&dashboard_renderer,
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
