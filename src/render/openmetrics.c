/* Metric values as an OpenMetrics text file for a Prometheus node-exporter textfile collector. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "render/escape.h"
#include "render/openmetrics.h"
#include "util/timeutil.h"

void openmetrics_label(struct strbuf *out, const char *s)
{
	char *clean = text_clean(s ? s : "");

	for (const char *p = clean; *p; p++) {
		if (*p == '\\')
			strbuf_addstr(out, "\\\\");
		else if (*p == '"')
			strbuf_addstr(out, "\\\"");
		else if (*p == '\n')
			strbuf_addstr(out, "\\n");
		else if (*p == '\t')
			strbuf_addch(out, ' ');
		else
			strbuf_addch(out, *p);
	}
	free(clean);
}

static void help_text(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\')
			strbuf_addstr(out, "\\\\");
		else if (*s == '\n')
			strbuf_addstr(out, "\\n");
		else
			strbuf_addch(out, *s);
	}
}

/* The unit suffix OpenMetrics allows in a UNIT line, when the name ends with it. */
static const char *unit_of(const char *name)
{
	static const char *const units[] = { "minutes", "hours", "days" };
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t k = strlen(units[i]);

		if (n > k + 1 && name[n - k - 1] == '_' && !strcmp(name + n - k, units[i]))
			return units[i];
	}
	return NULL;
}

static void family(struct strbuf *sb, const char *name, const char *help, const char *unit)
{
	strbuf_addf(sb, "# TYPE %s gauge\n", name);
	if (unit)
		strbuf_addf(sb, "# UNIT %s %s\n", name, unit);
	strbuf_addf(sb, "# HELP %s ", name);
	help_text(sb, help);
	strbuf_addch(sb, '\n');
}

static void label(struct strbuf *sb, const char *key, const char *value, int *first)
{
	strbuf_addf(sb, "%s%s=\"", *first ? "" : ",", key);
	openmetrics_label(sb, value);
	strbuf_addch(sb, '"');
	*first = 0;
}

int openmetrics_write(FILE *fp, const struct metric_rows *rows, const struct source_status *sources, size_t nsources,
		      struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *current = NULL;
	int ret = 0;

	for (size_t i = 0; i < rows->n; i++) {
		const struct metric_row *r = &rows->v[i];
		const struct metric_def *d = metric_def_find(r->metric);
		char name[160];
		int first = 1;

		if (isnan(r->value) || !d)
			continue;
		snprintf(name, sizeof(name), "idpmetrics_%s", d->name);
		if (!current || strcmp(current, d->name)) {
			family(&sb, name, d->definition, unit_of(d->name));
			current = d->name;
		}
		strbuf_addf(&sb, "%s{", name);
		label(&sb, "scope", r->scope, &first);
		label(&sb, "period", r->period, &first);
		if (r->band)
			label(&sb, "band", r->band, &first);
		if (r->tier)
			label(&sb, "tier", r->tier, &first);
		strbuf_addf(&sb, "} %.10g\n", r->value);
	}
	if (nsources) {
		family(&sb, "idpmetrics_source_last_success_timestamp_seconds",
		       "Start of the last successful collection of the source, Unix seconds.", "seconds");
		for (size_t i = 0; i < nsources; i++) {
			int first = 1;

			if (sources[i].last_ok == TIME_NONE)
				continue;
			strbuf_addstr(&sb, "idpmetrics_source_last_success_timestamp_seconds{");
			label(&sb, "source", sources[i].source, &first);
			strbuf_addf(&sb, "} %lld\n", (long long)sources[i].last_ok);
		}
		family(&sb, "idpmetrics_source_last_run_ok",
		       "1 when the latest collection run of the source succeeded, 0 when it failed or was partial.", NULL);
		for (size_t i = 0; i < nsources; i++) {
			int first = 1;

			strbuf_addstr(&sb, "idpmetrics_source_last_run_ok{");
			label(&sb, "source", sources[i].source, &first);
			strbuf_addf(&sb, "} %d\n", sources[i].last_status && !strcmp(sources[i].last_status, "ok"));
		}
	}
	strbuf_addstr(&sb, "# EOF\n");
	if (fwrite(sb.buf, 1, sb.len, fp) != sb.len) {
		strbuf_addstr(err, "cannot write the OpenMetrics output");
		ret = -1;
	}
	strbuf_release(&sb);
	return ret;
}
