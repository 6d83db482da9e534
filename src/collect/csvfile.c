/* Reading a CSV export from disk for the importers: bounded read, then decode to UTF-8 text. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "collect/csvfile.h"
#include "collect/survey_columns.h"
#include "util/csv.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

int csvfile_read(const char *path, const char *encoding, char **text, size_t *len, struct strbuf *err)
{
	struct strbuf raw = STRBUF_INIT, ferr = STRBUF_INIT;
	int ret = -1;

	strbuf_init(&raw, CSVFILE_MAX);
	if (fs_read_file(path, &raw, &ferr)) {
		strbuf_addf(err, "cannot read '%s': %s", path, ferr.buf);
		goto out;
	}
	ret = csv_decode(path, raw.buf, raw.len, encoding, text, len, err);
out:
	strbuf_release(&raw);
	strbuf_release(&ferr);
	return ret;
}

void csvfile_log_problems(struct collect_ctx *ctx, char *const *problems, size_t n, size_t bad)
{
	for (size_t i = 0; i < n; i++)
		log_warn(ctx->log, "%s", problems[i]);
	if (bad > n)
		log_warn(ctx->log, "... and %zu more rows skipped", bad - n);
}

int csvfile_column(char *const *header, size_t n, const char *const *names, int contains, const unsigned char *skip)
{
	int found = -1;
	char **folded = xcalloc(n ? n : 1, sizeof(char *));

	for (size_t i = 0; i < n; i++)
		folded[i] = survey_fold(header[i]);
	for (int k = 0; names[k] && found < 0; k++)
		for (size_t i = 0; i < n && found < 0; i++)
			if (!(skip && skip[i]) && (contains ? !!strstr(folded[i], names[k]) : !strcmp(folded[i], names[k])))
				found = (int)i;
	for (size_t i = 0; i < n; i++)
		g_free(folded[i]);
	free(folded);
	return found;
}

char *csvfile_basename(const char *path)
{
	char *g = g_path_get_basename(path);
	char *s = xstrdup(g);

	g_free(g);
	return s;
}
