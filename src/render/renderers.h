/* Output formats: the registry of renderers and the file writing they share. */
#ifndef IDPM_RENDERERS_H
#define IDPM_RENDERERS_H

#include "compute/report_model.h"
#include "util/log.h"
#include "util/strbuf.h"

struct render_opts {
	const char *out_dir;   /* existing directory the files go into */
	int mode;              /* file mode (storage.mode) */
	struct log *log;
};

struct renderer {
	const char *name;      /* the --format name */
	const char *summary;
	/* Write this format's files for M into o->out_dir.  Returns 0 or -1 with ERR. */
	int (*render)(const struct report_model *m, const struct render_opts *o, struct strbuf *err);
	/* Rough share of a large report's rendering time: side by side, dearer formats start first. */
	unsigned cost;
};

/* The registry, NULL-terminated, in the order 'report' runs them (render/renderers.c). */
extern const struct renderer *const renderers[];
const struct renderer *renderer_find(const char *name);

/* Write DATA to o->out_dir/NAME atomically with o->mode, creating subdirectories of NAME. */
int render_write(const struct render_opts *o, const char *name, const char *data, size_t len, struct strbuf *err);

/*
 * Free the font and glyph caches cairo, pango and fontconfig keep for the
 * whole process, so leak checkers see a clean exit.  Call once at exit, when
 * no cairo or pango object is alive; drawing afterwards starts them anew.
 */
void render_release_globals(void);

/*
 * For writers that need a file name (libxlsxwriter 1.1.4 has no memory output):
 * create an empty private temporary file in o->out_dir and return its path in
 * *TMP (the caller frees it).  0 or -1 with ERR.
 */
int render_tmp_begin(const struct render_opts *o, char **tmp, struct strbuf *err);
/* Flush TMP to disk, give it o->mode and rename it to o->out_dir/NAME.  On error TMP is removed. */
int render_tmp_commit(const struct render_opts *o, const char *tmp, const char *name, struct strbuf *err);

#endif
