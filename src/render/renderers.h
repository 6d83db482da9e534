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

/*
 * Write DATA to o->out_dir/NAME with o->mode through safefile_write_at(): a random temporary name
 * that follows no symlink, then rename; subdirectories of NAME are created, never followed.
 */
int render_write(const struct render_opts *o, const char *name, const char *data, size_t len, struct strbuf *err);

/*
 * Free the font and glyph caches cairo, pango and fontconfig keep for the
 * whole process, so leak checkers see a clean exit.  Call once at exit, when
 * no cairo or pango object is alive; drawing afterwards starts them anew.
 */
void render_release_globals(void);

/*
 * For writers that need a file name (libxlsxwriter 1.1.4 has no memory output): return in
 * *TMP (the caller frees it) the path NAME inside a new private directory (0700, random name,
 * under $TMPDIR or /tmp), which nobody else can plant a symlink in.  0 or -1 with ERR.
 */
int render_tmp_begin(const struct render_opts *o, const char *name, char **tmp, struct strbuf *err);
/*
 * Copy TMP to o->out_dir/NAME with render_write()'s guarantees and o->mode, then remove TMP and
 * its private directory (also on error).  0 or -1 with ERR.
 */
int render_tmp_commit(const struct render_opts *o, const char *tmp, const char *name, struct strbuf *err);
/* Remove TMP and its private directory after a failed render (NULL is fine). */
void render_tmp_discard(const char *tmp);

#endif
