/* Steps shared by several subcommands: compute periods, render a report. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pipeline.h"
#include "cli/progress.h"
#include "cli/render_jobs.h"
#include "collect/collectors.h"
#include "compute/compute.h"
#include "compute/report_model.h"
#include "render/renderers.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

int pipeline_collect_one(struct app *app, const struct collector *c, struct pipeline_outcome *out)
{
	struct collect_ctx ctx;
	struct strbuf err = STRBUF_INIT;
	int ret = EXIT_OK, failed;

	memset(&ctx, 0, sizeof(ctx));
	ctx.db = app->db;
	ctx.cfg = &app->cfg;
	ctx.pcfg = &app->pcfg;
	ctx.log = &app->log;
	ctx.now = app->now;
	app->db->io_failed = 0;
	if (app->progress) {
		progress_begin(app->progress, c->name);
		ctx.progress = progress_update;
		ctx.progress_data = app->progress;
	}
	failed = collect_source(c, &ctx, &err) != 0;
	if (app->progress)
		progress_end(app->progress);
	if (failed) {
		log_error(&app->log, "%s: %s", c->name, err.buf);
		/* a full disk or a broken database file is the operator's to fix, not the source's */
		ret = db_io_failed(app->db) ? EXIT_IO : EXIT_PARTIAL;
	} else {
		log_info(&app->log, "%s: %lld rows, %lld requests (%lld not modified)%s", c->name,
			 (long long)ctx.stats.rows, (long long)ctx.stats.requests, (long long)ctx.stats.not_modified,
			 ctx.partial ? ", some items skipped" : "");
		/* skipped bad input (a broken CSV row) is the user's to fix: exit 1, though the rest was read */
		if (ctx.partial && ctx.partial_fails)
			ret = EXIT_PARTIAL;
	}
	if (out) {
		out->stats = ctx.stats;
		out->partial = ctx.partial;
		out->failed = failed;
	}
	strbuf_release(&err);
	return ret;
}

/* Collect one source and log its outcome; returns an exit code. */
int pipeline_collect(struct app *app, const struct collector *c, struct run_stats *total)
{
	struct pipeline_outcome o;
	int ret = pipeline_collect_one(app, c, &o);

	if (total) {
		total->rows += o.stats.rows;
		total->requests += o.stats.requests;
		total->not_modified += o.stats.not_modified;
		total->warnings += o.stats.warnings;
		total->errors += o.stats.errors;
	}
	return ret;
}

int pipeline_compute(struct app *app, const struct period *periods, size_t n)
{
	struct compute_ctx ctx;
	struct strbuf err = STRBUF_INIT;
	int ret = EXIT_OK;

	if (compute_ctx_init(&ctx, app->db, &app->cfg, &app->pcfg, app->now, &app->log, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_CONFIG;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&err);
		if (compute_period(&ctx, &periods[i], &err)) {
			log_error(&app->log, "%s", err.buf);
			ret = exit_worst(ret, EXIT_IO);
			continue;
		}
		log_info(&app->log, "computed %s", periods[i].label);
	}
out:
	compute_ctx_release(&ctx);
	strbuf_release(&err);
	return ret;
}

static int check_formats(struct app *app, const char *formats)
{
	char *copy = xstrdup(formats), *save = NULL;
	int ret = EXIT_OK, n = 0;

	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		n++;
		if (!renderer_find(f)) {
			struct strbuf known = STRBUF_INIT;

			for (const struct renderer *const *r = renderers; *r; r++)
				strbuf_addf(&known, "%s%s", known.len ? ", " : "", (*r)->name);
			log_error(&app->log, "unknown report format '%s' (formats: %s)", f, known.buf);
			strbuf_release(&known);
			ret = EXIT_USAGE;
		}
	}
	if (!n) {
		/* "--format ''" used to render nothing and succeed */
		log_error(&app->log, "--format '%s' names no format: give one or more of them, separated by commas, or "
				     "leave --format out for every format", formats);
		ret = EXIT_USAGE;
	}
	free(copy);
	return ret;
}

static int wanted(const char *formats, const char *name)
{
	size_t n = strlen(name);

	if (!formats)
		return 1;
	for (const char *p = formats; (p = strstr(p, name)); p += n)
		if ((p == formats || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/* What render_jobs_run() calls back with. */
struct report_run {
	struct app *app;
	struct report_model *m;
	int built;               /* M holds a model */
};

static void render_failed(void *arg, const struct renderer *r, const char *why)
{
	struct report_run *run = arg;

	log_error(&run->app->log, "%s report: %s", r->name, why);
}

/* Free the model (once every format is started, while the last ones render: they read their own copy). */
static void release_model(void *arg)
{
	struct report_run *run = arg;

	if (run->built)
		report_model_release(run->m);
	run->built = 0;
}

int pipeline_report(struct app *app, const struct period *p, const char *formats, const char *out_dir)
{
	const struct renderer **todo = NULL;
	size_t ntodo = 0, nall = 0;
	unsigned jobs;
	struct report_model m;
	struct render_opts o = { out_dir, app->cfg.storage.mode, &app->log };
	struct strbuf err = STRBUF_INIT;
	struct report_run run = { app, &m, 0 };
	int ret = EXIT_OK, rc;

	if (formats && (ret = check_formats(app, formats)))
		return ret;
	if (fs_mkdir_p(out_dir, (mode_t)(app->cfg.storage.mode | ((app->cfg.storage.mode & 0444) >> 2)), &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_IO;
		goto out;
	}
	if ((rc = report_model_build(app->db, &app->cfg, &app->pcfg, p, app->now, &m, &err))) {
		log_error(&app->log, "%s", err.buf);
		ret = rc == -2 ? EXIT_CONFIG : EXIT_IO;
		goto out;
	}
	run.built = 1;
	while (renderers[nall])
		nall++;
	todo = xcalloc(nall + 1, sizeof(*todo));
	for (const struct renderer *const *r = renderers; *r; r++)
		if (wanted(formats, (*r)->name))
			todo[ntodo++] = *r;
	jobs = app->cfg.reporting.jobs > 0 ? (unsigned)app->cfg.reporting.jobs : g_get_num_processors();
	if (jobs > 1 && ntodo > 1) {
		if (render_jobs_run(todo, ntodo, &m, &o, jobs, render_failed, release_model, &run))
			ret = exit_worst(ret, EXIT_IO);
	} else {
		for (size_t i = 0; i < ntodo; i++) {
			strbuf_reset(&err);
			if (todo[i]->render(&m, &o, &err)) {
				render_failed(&run, todo[i], err.buf);
				ret = exit_worst(ret, EXIT_IO);
			}
		}
	}
	if (!ret)
		log_info(&app->log, "wrote the %s report to %s", p->label, out_dir);
out:
	release_model(&run);
	free(todo);
	strbuf_release(&err);
	return ret;
}
