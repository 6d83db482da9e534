/* Report definitions (the JSON files under reports/): built in, installed, or overridden from reporting.definitions_dir. */
#include <stdlib.h>

#include "util/datadir.h"
#include "util/defs.h"
#include "util/embedded.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

/* DIR/SUB/BASE (SUB may be NULL) when that file exists, else NULL; takes DIR. */
static char *existing(char *dir, const char *sub, const char *base)
{
	char *where = sub ? fs_join(dir, sub) : NULL, *file = fs_join(where ? where : dir, base);

	free(where);
	free(dir);
	if (!fs_exists(file)) {
		free(file);
		return NULL;
	}
	return file;
}

char *defs_file(const struct config *cfg, const char *name)
{
	char *base = xasprintf("%s.json", name), *file = NULL;

	if (cfg && cfg->reporting.definitions_dir)
		file = existing(config_path(cfg, cfg->reporting.definitions_dir), NULL, base);
	for (const char *const *d = data_dirs(); !file && *d; d++)
		file = existing(xstrdup(*d), "reports", base);
	free(base);
	return file;
}

int defs_load(const struct config *cfg, const char *name, json_t **out, struct strbuf *err)
{
	json_error_t jerr;
	char *file = defs_file(cfg, name);
	const struct embedded_file *f;
	int ret = -1;

	*out = NULL;
	if (file) {
		*out = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
		if (!*out) {
			strbuf_addf(err, "%s:%d: %s", file, jerr.line, jerr.text);
			goto out;
		}
		ret = 0;
		goto out;
	}
	f = embedded_find(embedded_reports, name);
	if (!f) {
		strbuf_addf(err, "no report definition named '%s'", name);
		goto out;
	}
	*out = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*out) {
		strbuf_addf(err, "reports/%s.json:%d: %s", name, jerr.line, jerr.text);
		goto out;
	}
	ret = 0;
out:
	free(file);
	return ret;
}
