/* Report definitions (the JSON files under reports/): built in, or overridden from reporting.definitions_dir. */
#include <stdlib.h>

#include "util/defs.h"
#include "util/embedded.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

int defs_load(const struct config *cfg, const char *name, json_t **out, struct strbuf *err)
{
	json_error_t jerr;
	char *file = NULL, *dir = NULL;
	const struct embedded_file *f;
	int ret = -1;

	*out = NULL;
	if (cfg && cfg->reporting.definitions_dir) {
		char *base = xasprintf("%s.json", name);

		dir = config_path(cfg, cfg->reporting.definitions_dir);
		file = fs_join(dir, base);
		free(base);
		if (fs_exists(file)) {
			*out = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
			if (!*out) {
				strbuf_addf(err, "%s:%d: %s", file, jerr.line, jerr.text);
				goto out;
			}
			ret = 0;
			goto out;
		}
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
	free(dir);
	return ret;
}
