/* CSV report files: csv/metrics.csv, every metric of the report's periods in long format. */
#include <stdio.h>
#include <stdlib.h>

#include "render/metrics_out.h"
#include "render/renderers.h"

static int render_csv(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	char *data = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);
	int ret = -1;

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	if (metrics_write_csv(fp, &m->rows, 1, err))
		goto out;
	if (fclose(fp)) {
		fp = NULL;
		strbuf_addstr(err, "cannot build csv/metrics.csv");
		goto out;
	}
	fp = NULL;
	ret = render_write(o, "csv/metrics.csv", data, len, err);
out:
	if (fp)
		fclose(fp);
	free(data);
	return ret;
}

const struct renderer csv_renderer = { "csv", "csv/metrics.csv (long format, UTF-8 with BOM, CRLF)", render_csv };
