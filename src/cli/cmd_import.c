/* idpmetrics import survey|onboarding|tickets FILE [options]: read one CSV export into the database. */
#include <fnmatch.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "collect/importers.h"
#include "collect/survey_formats.h"
#include "collect/surveys.h"
#include "util/xalloc.h"

/* The configured survey source whose path glob matches FILE, or NULL. */
static const struct survey_source *source_for(struct app *app, const char *file)
{
	const struct config *cfg = &app->cfg;
	char *abs_file = g_canonicalize_filename(file, NULL);
	const struct survey_source *found = NULL;

	for (size_t i = 0; i < cfg->surveys.n && !found; i++) {
		char *pattern, *abs_pattern;

		if (!cfg->surveys.v[i].path)
			continue; /* a Typeform form, read through the API */
		pattern = config_path(cfg, cfg->surveys.v[i].path);
		abs_pattern = g_canonicalize_filename(pattern, NULL);

		if (!fnmatch(abs_pattern, abs_file, FNM_PATHNAME))
			found = &cfg->surveys.v[i];
		g_free(abs_pattern);
		free(pattern);
	}
	g_free(abs_file);
	if (!found && cfg->surveys.n)
		log_info(&app->log, "'%s' matches no survey source's path: reading it with the default settings", file);
	return found;
}

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },       { "strict", no_argument, NULL, 's' },
	{ "score-column", required_argument, NULL, 'S' }, { "comment-column", required_argument, NULL, 'C' },
	{ "team-column", required_argument, NULL, 'T' },  { "encoding", required_argument, NULL, 'e' },
	{ "include-tests", no_argument, NULL, 'i' },      { NULL, 0, NULL, 0 }
};
const struct command_opts cmd_import_opts = { "f:s", longopts };

int cmd_import(int argc, char **argv, struct app *app)
{
	struct import_args args;
	struct survey_source survey;          /* survey: the settings used (borrowed strings) */
	const struct importer *im;
	struct collect_ctx ctx;
	const struct survey_source *src;
	const char *format = NULL, *score = NULL, *team = NULL;
	char **comments = NULL;
	size_t ncomments = 0;
	int c, include_tests = 0, ret = EXIT_OK;
	struct strbuf err = STRBUF_INIT;
	enum survey_format fmt;

	memset(&args, 0, sizeof(args));
	memset(&survey, 0, sizeof(survey));
	while ((c = getopt_long(argc, argv, cmd_import_opts.shorts, cmd_import_opts.longs, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 's': args.strict = 1; break;
		case 'S': score = optarg; break;
		case 'T': team = optarg; break;
		case 'e': args.encoding = optarg; break;
		case 'i': include_tests = 1; break;
		case 'C':
			comments = xrealloc(comments, (ncomments + 1) * sizeof(*comments));
			comments[ncomments++] = optarg;
			break;
		default: ret = command_usage_error(argv[0]); goto out;
		}
	}
	if (argc - optind != 2 || !(im = importer_find(argv[optind]))) {
		ret = command_usage_error(argv[0]);
		goto out;
	}
	args.file = argv[optind + 1];
	if (im != &survey_importer && (format || score || team || ncomments || include_tests)) {
		fprintf(stderr, "idpmetrics: --format, --score-column, --comment-column, --team-column and "
				"--include-tests are for 'import survey'\n");
		ret = EXIT_USAGE;
		goto out;
	}
	if (format && survey_format_from_name(format, &fmt)) {
		fprintf(stderr, "idpmetrics: unknown survey format '%s' (formats: %s)\n", format, survey_format_list);
		ret = EXIT_USAGE;
		goto out;
	}
	if (im == &survey_importer) {
		src = source_for(app, args.file);
		if (src)
			survey = *src;
		else
			survey.format = (char *)"auto";
		survey.line = src ? src->line : 0;
		if (format)
			survey.format = (char *)format;
		if (score)
			survey.score_column = (char *)score;
		if (team)
			survey.team_column = (char *)team;
		if (ncomments) {
			survey.comment_columns.v = comments;
			survey.comment_columns.n = ncomments;
		}
		if (args.encoding)
			survey.encoding = (char *)args.encoding;
		survey.include_tests |= include_tests;
		args.survey = &survey;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.db = app->db;
	ctx.cfg = &app->cfg;
	ctx.pcfg = &app->pcfg;
	ctx.log = &app->log;
	ctx.now = app->now;
	if (import_source(im, &args, &ctx, &err)) {
		log_error(&app->log, "%s", err.buf);
		ret = EXIT_PARTIAL;
		goto out;
	}
	printf("%s: %lld row%s added or updated%s\n", args.file, (long long)ctx.stats.rows, ctx.stats.rows == 1 ? "" : "s",
	       ctx.partial ? "; some rows were skipped (see the warnings)" : "");
	if (ctx.partial && ctx.partial_fails)
		ret = EXIT_PARTIAL;
out:
	free(comments);
	strbuf_release(&err);
	return ret;
}
