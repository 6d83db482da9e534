/* The nightly job's steps: collect every source, the closed quarter's report, the summary line, the run record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/nightly.h"
#include "cli/pipeline.h"
#include "collect/collectors.h"
#include "store/runs.h"
#include "util/fsutil.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define RUN_STATE "run" /* the source_state namespace of the nightly job */

void nightly_summary_init(struct nightly_summary *s, struct app *app)
{
	memset(s, 0, sizeof(*s));
	strbuf_init(&s->partial, 0);
	strbuf_init(&s->failed, 0);
	s->warn0 = app->log.counts[LOG_WARN];
	s->started_ms = app_clock_ms();
}

void nightly_summary_release(struct nightly_summary *s)
{
	strbuf_release(&s->partial);
	strbuf_release(&s->failed);
}

static void add_name(struct strbuf *sb, const char *name)
{
	strbuf_addf(sb, "%s%s", sb->len ? ", " : "", name);
}

int nightly_collect(struct app *app, const struct collector *const *list, struct nightly_summary *s)
{
	int ret = EXIT_OK, ran = 0;

	for (const struct collector *const *c = list; *c; c++) {
		struct pipeline_outcome o;

		if (!(*c)->configured(&app->cfg))
			continue;
		ran++;
		ret = exit_worst(ret, pipeline_collect_one(app, *c, &o));
		s->total.rows += o.stats.rows;
		s->total.requests += o.stats.requests;
		s->total.not_modified += o.stats.not_modified;
		s->total.warnings += o.stats.warnings;
		s->total.errors += o.stats.errors;
		if (o.failed) {
			s->sources_failed++;
			add_name(&s->failed, (*c)->name);
		} else if (o.partial) {
			s->sources_partial++;
			add_name(&s->partial, (*c)->name);
		} else {
			s->sources_ok++;
		}
	}
	if (!ran)
		log_warn(&app->log, "no source is configured in '%s' (backstage, github, surveys): nothing to collect",
			 app->cfg.file ? app->cfg.file : app->config_path);
	s->exit_code = exit_worst(s->exit_code, ret);
	return ret;
}

static void state_set(struct app *app, const char *key, const char *value)
{
	struct strbuf err = STRBUF_INIT;

	if (store_state_set(app->db, RUN_STATE, key, value, app->now, &err))
		log_warn(&app->log, "cannot record the run's state: %s", err.buf);
	strbuf_release(&err);
}

int nightly_quarterly_report(struct app *app, const struct period *closed, const char *out_dir,
			     struct nightly_summary *s)
{
	struct strbuf err = STRBUF_INIT;
	char *key = xasprintf("report:%s", closed->label), *done = NULL, *dir = NULL;
	char stamp[32];
	int ret = EXIT_OK;

	if (store_state_get(app->db, RUN_STATE, key, &done, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	if (done)
		goto out; /* rendered on an earlier night */
	dir = fs_join(out_dir, closed->label);
	log_info(&app->log, "the closed quarter %s has no report yet: rendering it into %s", closed->label, dir);
	ret = pipeline_report(app, closed, NULL, dir);
	if (ret) {
		log_error(&app->log, "the %s report was not rendered completely: the next run tries again",
			  closed->label);
		goto out;
	}
	time_format_iso(app->now, stamp, sizeof(stamp));
	state_set(app, key, stamp);
	snprintf(s->report, sizeof(s->report), "%s", closed->label);
out:
	s->exit_code = exit_worst(s->exit_code, ret);
	free(key);
	free(done);
	free(dir);
	strbuf_release(&err);
	return ret;
}

void nightly_record_start(struct app *app)
{
	char when[32];

	time_format_iso(app->now, when, sizeof(when));
	state_set(app, "last_state", "running");
	state_set(app, "last_started", when);
}

static void add_count(struct strbuf *sb, long long n, const char *one, const char *many)
{
	strbuf_addf(sb, "%lld %s", n, n == 1 ? one : many);
}

void nightly_summary_format(const struct nightly_summary *s, struct strbuf *out)
{
	int sources = s->sources_ok + s->sources_partial + s->sources_failed;

	strbuf_addf(out, "run finished in %.1f s, exit %d: ", (double)s->elapsed_ms / 1000.0, s->exit_code);
	if (!sources) {
		strbuf_addstr(out, "no source configured");
	} else {
		strbuf_addf(out, "%d source%s ok", s->sources_ok, s->sources_ok == 1 ? "" : "s");
		if (s->sources_partial)
			strbuf_addf(out, ", %d partial (%s)", s->sources_partial, s->partial.buf);
		if (s->sources_failed)
			strbuf_addf(out, ", %d failed (%s)", s->sources_failed, s->failed.buf);
	}
	strbuf_addstr(out, "; ");
	add_count(out, (long long)s->total.rows, "row, ", "rows, ");
	add_count(out, (long long)s->total.requests, "request, ", "requests, ");
	add_count(out, (long long)s->total.not_modified, "not modified (304), ", "not modified (304), ");
	add_count(out, (long long)s->warnings, "warning", "warnings");
	if (s->report[0])
		strbuf_addf(out, "; rendered the %s report", s->report);
}

/* NAMES (", "-separated) as a JSON array of strings. */
static void json_names(struct strbuf *out, const char *names)
{
	const char *p = names;

	strbuf_addch(out, '[');
	while (*p) {
		const char *end = strstr(p, ", ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *one = xstrndup(p, n);

		strbuf_addf(out, "%s\"", p == names ? "" : ",");
		log_json_escape(out, one);
		strbuf_addch(out, '"');
		free(one);
		p += n + (end ? 2 : 0);
	}
	strbuf_addch(out, ']');
}

static void summary_fields(const struct nightly_summary *s, struct strbuf *out)
{
	strbuf_addf(out,
		    "\"event\":\"run_summary\",\"exit\":%d,\"sources_ok\":%d,\"sources_partial\":%d,"
		    "\"sources_failed\":%d,\"rows\":%lld,\"requests\":%lld,\"not_modified\":%lld,\"warnings\":%lld,"
		    "\"elapsed_s\":%.3f,\"failed\":",
		    s->exit_code, s->sources_ok, s->sources_partial, s->sources_failed, (long long)s->total.rows,
		    (long long)s->total.requests, (long long)s->total.not_modified, (long long)s->warnings,
		    (double)s->elapsed_ms / 1000.0);
	json_names(out, s->failed.buf);
	strbuf_addstr(out, ",\"partial\":");
	json_names(out, s->partial.buf);
	strbuf_addstr(out, ",\"report\":");
	if (s->report[0])
		strbuf_addf(out, "\"%s\"", s->report);
	else
		strbuf_addstr(out, "null");
}

void nightly_finish(struct app *app, struct nightly_summary *s, int exit_code)
{
	struct strbuf line = STRBUF_INIT, fields = STRBUF_INIT;
	char when[32], code[16];
	enum log_level level = LOG_INFO;

	s->exit_code = exit_worst(s->exit_code, exit_code);
	s->elapsed_ms = app_clock_ms() - s->started_ms;
	/* the summary's own warning is not counted */
	s->warnings = (int64_t)(app->log.counts[LOG_WARN] - s->warn0);
	nightly_summary_format(s, &line);
	summary_fields(s, &fields);
	if (s->exit_code)
		level = LOG_ERROR;
	else if (s->warnings || s->sources_partial)
		level = LOG_WARN;
	log_msg_fields(&app->log, level, fields.buf, "%s", line.buf);
	if (app->db) {
		time_format_iso(app->now + s->elapsed_ms / 1000, when, sizeof(when));
		snprintf(code, sizeof(code), "%d", s->exit_code);
		state_set(app, "last_finished", when);
		state_set(app, "last_exit", code);
		state_set(app, "last_summary", line.buf);
		state_set(app, "last_state", "finished");
	}
	strbuf_release(&line);
	strbuf_release(&fields);
}
