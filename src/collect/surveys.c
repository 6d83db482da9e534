/* The surveys collector: import every export matching each configured survey source, or one named file. */
#include <glib.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/csvfile.h"
#include "collect/importers.h"
#include "collect/survey_formats.h"
#include "collect/surveys.h"
#include "collect/typeform.h"
#include "demo/demo.h"
#include "doctor/doctor.h"
#include "store/imports.h"
#include "util/config_parse.h"
#include "util/fsutil.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

/* "FILE:LINE: " of the source entry in the configuration, or "" when it came from the command line. */
static char *where(const struct collect_ctx *ctx, const struct survey_source *src)
{
	if (src->line > 0 && ctx->cfg->file)
		return xasprintf("%s:%d: ", ctx->cfg->file, src->line);
	return xstrdup("");
}

/* Turn the source's settings into parse options; TZ is set to a new reference the caller drops. */
static int options(struct collect_ctx *ctx, const struct survey_source *src, struct survey_opts *o,
		   struct strbuf *err)
{
	const char *zone = src->timezone ? src->timezone : ctx->cfg->reporting.timezone;
	const char *order = src->date_order ? src->date_order : "auto";
	char *at = where(ctx, src);
	int ret = -1;

	memset(o, 0, sizeof(*o));
	if (survey_format_from_name(src->format ? src->format : "auto", &o->format)) {
		strbuf_addf(err, "%sunknown survey format '%s' (formats: %s)", at, src->format, survey_format_list);
		goto out;
	}
	o->tz = time_zone_named(zone);
	if (!o->tz) {
		strbuf_addf(err, "%sunknown time zone '%s' (use an IANA name such as Asia/Seoul)", at, zone);
		goto out;
	}
	if (!g_ascii_strcasecmp(order, "auto")) {
		o->date_order = DATETEXT_AUTO;
	} else if (!g_ascii_strcasecmp(order, "mdy")) {
		o->date_order = DATETEXT_MDY;
	} else if (!g_ascii_strcasecmp(order, "dmy")) {
		o->date_order = DATETEXT_DMY;
	} else {
		strbuf_addf(err, "%sdate_order must be auto, mdy or dmy, not '%s'", at, order);
		goto out;
	}
	o->score_column = src->score_column;
	o->comment_columns = (const char *const *)src->comment_columns.v;
	o->ncomment = src->comment_columns.n;
	o->team_column = src->team_column;
	o->timestamp_column = src->timestamp_column;
	o->id_column = src->id_column;
	o->include_tests = src->include_tests;
	ret = 0;
out:
	free(at);
	return ret;
}

static int store_rows(struct collect_ctx *ctx, const struct survey_result *r, const char *path, size_t *added,
		      size_t *updated, struct strbuf *err)
{
	char *base = csvfile_basename(path);
	int ret = -1;

	if (db_begin(ctx->db, err))
		goto out;
	for (size_t i = 0; i < r->n; i++) {
		const struct survey_row *row = &r->rows[i];
		struct survey_response_rec rec = { row->key, survey_format_name(r->format), base, row->line,
						   row->responded_at, row->score, row->team, row->comment };
		enum store_put what;

		if (store_survey_response_put(ctx->db, &rec, ctx->now, &what, err)) {
			db_rollback(ctx->db);
			goto out;
		}
		*added += what == STORE_INSERTED;
		*updated += what == STORE_UPDATED;
	}
	if (db_commit(ctx->db, err))
		goto out;
	ret = 0;
out:
	free(base);
	return ret;
}

int surveys_import_file(struct collect_ctx *ctx, const struct survey_source *src, const char *path, int strict,
			struct strbuf *err)
{
	struct survey_opts o;
	struct survey_result r;
	char *text = NULL, *salt = NULL;
	size_t len = 0, added = 0, updated = 0;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	if (options(ctx, src, &o, err))
		goto out;
	if (csvfile_read(path, src->encoding, &text, &len, err) || store_privacy_salt(ctx->db, ctx->now, &salt, err))
		goto out;
	o.salt = salt;
	if (survey_parse(path, text, len, &o, &r, err))
		goto out;
	log_debug(ctx->log, "%s: %s", path, r.columns);
	if (csvfile_check_problems(ctx, path, &r.problems, strict, err))
		goto out;
	if (store_rows(ctx, &r, path, &added, &updated, err))
		goto out;
	ctx->stats.rows += (int64_t)(added + updated);
	if (r.problems.bad) {
		ctx->partial = 1;
		ctx->partial_fails = 1;
	}
	log_info(ctx->log, "%s: %s export, %zu responses read: %zu new, %zu updated, %zu already stored; skipped: %zu "
		 "bad, %zu unfinished, %zu tests", path, survey_format_name(r.format), r.n, added, updated,
		 r.n - added - updated, r.problems.bad, r.skipped_unfinished, r.skipped_tests);
	ret = 0;
out:
	if (o.tz)
		g_time_zone_unref(o.tz);
	survey_result_release(&r);
	free(text);
	free(salt);
	return ret;
}

static int configured(const struct config *cfg)
{
	return cfg->surveys.n > 0;
}

static int run(struct collect_ctx *ctx, struct strbuf *err)
{
	const struct config *cfg = ctx->cfg;
	size_t files = 0, failed = 0;
	struct strbuf ferr = STRBUF_INIT;
	int ret = -1;

	if (!cfg->surveys.n) {
		strbuf_addstr(err, "no survey sources are configured (surveys: in the configuration)");
		goto out;
	}
	for (size_t i = 0; i < cfg->surveys.n; i++) {
		const struct survey_source *src = &cfg->surveys.v[i];
		char *pattern;
		glob_t g;
		int rc;

		if (src->typeform) {
			files++;
			strbuf_reset(&ferr);
			if (typeform_collect(ctx, src, &ferr)) {
				log_error(ctx->log, "%s", ferr.buf);
				ctx->partial = 1;
				failed++;
			}
			continue;
		}
		pattern = config_path(cfg, src->path);
		rc = glob(pattern, 0, NULL, &g);

		if (rc == GLOB_NOMATCH) {
			log_warn(ctx->log, "%s:%d: survey source '%s' matches no file", cfg->file ? cfg->file : "config",
				 src->line, pattern);
			ctx->partial = ctx->partial_fails = 1;
		} else if (rc) {
			log_error(ctx->log, "cannot list '%s' (survey source)", pattern);
			ctx->partial = ctx->partial_fails = 1;
			failed++;
		}
		for (size_t k = 0; !rc && k < g.gl_pathc; k++) {
			struct stat st;

			/* a FIFO would block the run (and its lock) forever; a directory is no export */
			if (stat(g.gl_pathv[k], &st) == 0 && !S_ISREG(st.st_mode)) {
				log_warn(ctx->log, "%s:%d: '%s' matches survey source '%s' but is %s, not a regular file: "
						   "skipped",
					 cfg->file ? cfg->file : "config", src->line, g.gl_pathv[k], src->path,
					 fs_kind(st.st_mode));
				ctx->partial = 1;
				continue;
			}
			files++;
			strbuf_reset(&ferr);
			if (surveys_import_file(ctx, src, g.gl_pathv[k], 0, &ferr)) {
				log_error(ctx->log, "%s", ferr.buf);
				ctx->partial = ctx->partial_fails = 1;
				failed++;
			}
		}
		globfree(&g);
		free(pattern);
	}
	if (failed && failed >= files) {
		strbuf_addf(err, "no survey export could be imported (%zu failed; see the errors above)", failed);
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&ferr);
	return ret;
}

/* doctor: every configured survey path matches readable files; every Typeform form is readable with a 0-10 question. */
static void surveys_doctor(struct doctor_report *r, const struct doctor_env *env)
{
	const struct config *cfg = env->cfg;
	for (size_t i = 0; i < cfg->surveys.n; i++) {
		const struct survey_source *s = &cfg->surveys.v[i];
		char *pattern;
		glob_t gl;
		int rc;
		size_t unreadable = 0;
		struct doctor_check *c;

		if (s->typeform) {
			typeform_doctor(r, env, s);
			continue;
		}
		pattern = config_path(cfg, s->path);
		rc = glob(pattern, 0, NULL, &gl);

		for (size_t k = 0; rc == 0 && k < gl.gl_pathc; k++)
			unreadable += access(gl.gl_pathv[k], R_OK) != 0;
		if (rc == GLOB_NOMATCH || (rc == 0 && !gl.gl_pathc)) {
			c = doctor_add(r, "surveys", DOCTOR_FAIL, "no file matches '%s' (%s:%d)", pattern,
				cfg->file ? cfg->file : "configuration", s->line);
			doctor_set_fix(c, "export the survey as CSV into that place, or correct 'path' (relative paths start at the "
				   "configuration's directory; * and ? match)");
		} else if (rc) {
			c = doctor_add(r, "surveys", DOCTOR_FAIL, "cannot read the directory of '%s'", pattern);
			doctor_set_fix(c, "check the permissions of the directories on the way");
		} else if (unreadable) {
			c = doctor_add(r, "surveys", DOCTOR_FAIL, "'%s': %zu of %zu files are not readable", pattern, unreadable,
				gl.gl_pathc);
			doctor_set_fix(c, "make them readable by the user that runs idpmetrics");
		} else {
			doctor_add(r, "surveys", DOCTOR_OK, "'%s': %zu file%s", pattern, gl.gl_pathc, gl.gl_pathc == 1 ? "" : "s");
		}
		if (rc == 0)
			globfree(&gl);
		free(pattern);
	}
}

static void describe(const struct config *cfg, struct strbuf *out)
{
	strbuf_addf(out, "%zu survey source%s", cfg->surveys.n, cfg->surveys.n == 1 ? "" : "s");
}

static const struct demo_generator *const demo[] = { &demo_surveys, NULL };

const struct collector surveys_collector = {
	.name = "surveys",
	.summary = "survey CSV exports (Google Forms, Typeform, SurveyMonkey, Qualtrics, Microsoft Forms, any CSV) and "
		   "Typeform forms read through the API",
	.configured = configured,
	.run = run,
	.configured_by = "surveys",
	.describe = describe,
	.doctor = surveys_doctor,
	.demo = demo,
	.status_rows = "status/rows_surveys",
	.oldest_data = "status/oldest_surveys",
	.config = config_surveys_section,
};

static int import(struct collect_ctx *ctx, const struct import_args *a, struct strbuf *err)
{
	return surveys_import_file(ctx, a->survey, a->file, a->strict, err);
}

const struct importer survey_importer = {
	.name = "survey",
	.source = "surveys",
	.usage = "FILE [--format F] [--strict] [--score-column TEXT] [--comment-column TEXT]... [--team-column TEXT] "
		 "[--encoding E] [--include-tests]",
	.summary = "a survey export (the settings of the configured survey source whose path matches it)",
	.run = import,
	.status_rows = "status/rows_surveys",
	.oldest_data = NULL,   /* the surveys source asks already */
};
