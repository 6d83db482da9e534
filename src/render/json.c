/* JSON report file: metrics.json, the export contract for the reported period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/metrics_out.h"
#include "render/renderers.h"
#include "util/xalloc.h"

static int render_json(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	struct metric_rows mine = { 0 };
	char *data = NULL;
	size_t len = 0;
	FILE *fp;
	int ret = -1;

	/* Only the reported period: borrow the rows (no copies are freed). */
	mine.v = xcalloc(m->rows.n + 1, sizeof(*mine.v));
	for (size_t i = 0; i < m->rows.n; i++)
		if (!strcmp(m->rows.v[i].period, m->period.label))
			mine.v[mine.n++] = m->rows.v[i];
	fp = open_memstream(&data, &len);
	if (!fp) {
		strbuf_addstr(err, "out of memory");
		goto out;
	}
	ret = metrics_write_json(fp, m->period.label, &mine, err);
	if (fclose(fp) && !ret) {
		strbuf_addstr(err, "cannot build metrics.json");
		ret = -1;
	}
	if (!ret)
		ret = render_write(o, "metrics.json", data, len, err);
out:
	free(mine.v);
	free(data);
	return ret;
}

const struct renderer json_renderer = { "json", "metrics.json (the export contract)", render_json, 2 };
