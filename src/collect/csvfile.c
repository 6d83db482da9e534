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
	if (fs_read_regular(path, &raw, &ferr)) {
		strbuf_addf(err, "cannot read '%s': %s", path, ferr.buf);
		goto out;
	}
	ret = csv_decode(path, raw.buf, raw.len, encoding, text, len, err);
out:
	strbuf_release(&raw);
	strbuf_release(&ferr);
	return ret;
}

int csvfile_check_problems(struct collect_ctx *ctx, const char *path, const struct csv_problems *p, int strict,
			   struct strbuf *err)
{
	for (size_t i = 0; i < p->n; i++)
		log_warn(ctx->log, "%s", p->v[i]);
	if (p->bad > p->n)
		log_warn(ctx->log, "... and %zu more rows skipped", p->bad - p->n);
	if (!strict || !p->bad)
		return 0;
	strbuf_addf(err, "%s: %zu row%s cannot be read (first: %s); nothing imported (--strict)", path, p->bad,
		    p->bad == 1 ? "" : "s", p->n ? p->v[0] : "?");
	return -1;
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

/* PASS 0 reads the header and notes the date order; pass 1 hands each row over. */
static int table_pass(const struct csvfile_table *t, const char *text, size_t len, int pass, int *date_cols,
		      long *mdy_line, long *dmy_line, enum datetext_order order, struct strbuf *err)
{
	struct csv_reader rd;
	struct csv_record rec;
	int rc, header = 0, ret = -1;

	csv_reader_init(&rd, t->name, text, len, 0, 0);
	while ((rc = csv_reader_next(&rd, &rec, err)) > 0) {
		if (csv_blank(&rec))
			continue;
		if (!header) {
			header = 1;
			if (!pass && t->header(t->data, &rec, date_cols, err))
				goto out;
			continue;
		}
		if (pass) {
			t->row(t->data, &rec, order);
			continue;
		}
		for (int k = 0; k < CSVFILE_DATE_COLS; k++) {
			unsigned o = date_cols[k] >= 0 ? datetext_orders(csv_cell(&rec, date_cols[k])) : 0;

			if (o == DATETEXT_CAN_MDY && !*mdy_line)
				*mdy_line = rec.line;
			if (o == DATETEXT_CAN_DMY && !*dmy_line)
				*dmy_line = rec.line;
		}
	}
	if (rc < 0)
		goto out;
	if (!header) {
		strbuf_addf(err, "%s: the file is empty", t->name);
		goto out;
	}
	ret = 0;
out:
	csv_reader_release(&rd);
	return ret;
}

int csvfile_read_table(const struct csvfile_table *t, const char *text, size_t len, enum datetext_order order,
		       struct strbuf *err)
{
	int date_cols[CSVFILE_DATE_COLS];
	long mdy_line = 0, dmy_line = 0;

	for (int k = 0; k < CSVFILE_DATE_COLS; k++)
		date_cols[k] = -1;
	if (table_pass(t, text, len, 0, date_cols, &mdy_line, &dmy_line, order, err))
		return -1;
	if (order == DATETEXT_AUTO) {
		if (mdy_line && dmy_line) {
			strbuf_addf(err, "%s: dates are written month first on line %ld but day first on line %ld", t->name,
				    mdy_line, dmy_line);
			return -1;
		}
		order = dmy_line ? DATETEXT_DMY : DATETEXT_MDY;
	}
	return table_pass(t, text, len, 1, date_cols, &mdy_line, &dmy_line, order, err);
}
