/* The leadership dashboard: dashboard.html, the current state of every KPI at a glance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "render/escape.h"
#include "render/renderers.h"
#include "util/timeutil.h"

static int render_dashboard(const struct report_model *m, const struct render_opts *o, struct strbuf *err)
{
	char *data = NULL, when[32];
	size_t len = 0;
	FILE *fp = open_memstream(&data, &len);
	int ret;

	if (!fp) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	time_format_iso(m->generated_at, when, sizeof(when));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
	      "style-src 'unsafe-inline'\">\n<title>Platform dashboard</title></head><body>\n<h1>Platform dashboard ",
	      fp);
	html_text(fp, m->period.label);
	fprintf(fp, "</h1>\n<p>Updated %s.</p>\n<table id=\"kpis\">\n", when);
	for (const struct metric_def *d = metric_defs; d->name; d++) {
		const struct metric_row *r = report_value(m, d->name, m->period.label, "org");

		if (!r)
			continue;
		fputs("<tr><td>", fp);
		html_text(fp, d->name);
		if (isnan(r->value))
			fputs("</td><td>–", fp);
		else
			fprintf(fp, "</td><td>%.4g", r->value);
		fputs("</td><td>", fp);
		html_text(fp, r->band);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n</body></html>\n", fp);
	if (fclose(fp)) {
		free(data);
		strbuf_addstr(err, "cannot build dashboard.html");
		return -1;
	}
	ret = render_write(o, "dashboard.html", data, len, err);
	free(data);
	return ret;
}

const struct renderer dashboard_renderer = { "dashboard", "dashboard.html, the leadership dashboard",
					     render_dashboard };
