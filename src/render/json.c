/* JSON report file: metrics.json, the export contract for the reported period, with what the reports hold back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/metrics_out.h"
#include "render/renderers.h"
#include "render/summary.h"
#include "util/xalloc.h"

/* What the reports hold back of a value: "held_back" ("too_early", "too_few" or null) and its "min_n". */
static json_t *held_back(const struct metric_row *r, void *ctx)
{
	const struct report_model *m = ctx;
	const char *why = hold_name(row_hold(m, r));

	return json_pack("{s:o,s:i}", "held_back", why ? json_string(why) : json_null(), "min_n", metric_min_n(r->metric));
}

/* The state of the period: complete, or day N of DAYS with the rule that holds bands, tiers and changes back. */
static json_t *period_state(const struct report_model *m)
{
	int day, days;

	if (!report_period_day(m, &day, &days))
		return json_pack("{s:{s:b}}", "progress", "complete", 1);
	return json_pack("{s:{s:b,s:i,s:i,s:i}}", "progress", "complete", 0, "day", day, "days", days,
			 "bands_from_day", HOLD_MIN_DAYS + 1);
}

static int render_json(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	struct metric_rows mine = { 0 };
	json_t *extra;
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
	extra = period_state(m);
	ret = metrics_write_json_annotated(fp, m->period.label, &mine, extra, held_back, (void *)m, err);
	json_decref(extra);
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
