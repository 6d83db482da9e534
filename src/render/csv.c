/* CSV report files: csv/metrics.csv (every metric in long format) and csv/<dataset>.csv per dataset. */
#include <stdio.h>
#include <stdlib.h>

#include "render/csvw.h"
#include "render/metrics_out.h"
#include "render/renderers.h"
#include "util/xalloc.h"

/* D as RFC 4180 CSV (BOM, CRLF); text cells neutralised against formula injection. */
static void write_dataset(FILE *fp, const struct dataset_rows *d)
{
	struct csvw w;

	csvw_init(&w, fp, 1);
	for (size_t c = 0; c < d->ncols; c++)
		csvw_text(&w, d->cols[c]);
	csvw_end(&w);
	for (size_t r = 0; r < d->nrows; r++) {
		for (size_t c = 0; c < d->ncols; c++) {
			const struct cell *x = &d->cells[r * d->ncols + c];

			switch (x->type) {
			case CELL_INT: csvw_int(&w, (long long)x->i); break;
			case CELL_REAL: csvw_num(&w, x->d); break;
			case CELL_TEXT: csvw_text(&w, x->s); break;
			case CELL_NULL: csvw_raw(&w, NULL); break;
			}
		}
		csvw_end(&w);
	}
}

/* Build one file in memory with WRITE and hand it to render_write. */
static int emit(const struct render_opts *o, const char *name, const struct report_model *m,
		const struct dataset_rows *d, struct strbuf *err)
{
	char *data = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);
	int ret = -1;

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	if (d)
		write_dataset(fp, d);
	else if (metrics_write_csv(fp, &m->rows, 1, err))
		goto out;
	if (ferror(fp)) {
		strbuf_addf(err, "cannot build %s", name);
		goto out;
	}
	if (fclose(fp)) {
		fp = NULL;
		strbuf_addf(err, "cannot build %s", name);
		goto out;
	}
	fp = NULL;
	ret = render_write(o, name, data, len, err);
out:
	if (fp)
		fclose(fp);
	free(data);
	return ret;
}

static int render_csv(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	if (emit(o, "csv/metrics.csv", m, NULL, err))
		return -1;
	for (size_t i = 0; i < m->ndatasets; i++) {
		char *name = xasprintf("csv/%s.csv", m->datasets[i].def->name);
		int rc = emit(o, name, m, &m->datasets[i], err);

		free(name);
		if (rc)
			return -1;
	}
	return 0;
}

const struct renderer csv_renderer = { "csv", "csv/metrics.csv (long format) and csv/<dataset>.csv (UTF-8 with BOM, CRLF)",
				       render_csv, 2 };
