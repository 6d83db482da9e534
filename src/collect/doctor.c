/*
 * idpmetrics doctor's checks: configuration, tokens, surveys, database, output directory, fonts.
 *
 * Every check appends one line (OK, WARN, FAIL or SKIP) with what it found and,
 * when something is wrong, what to do.  The Backstage and GitHub checks are in
 * doctor_api.c.  Nothing here prints.
 */
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/doctor.h"
#include "collect/http.h"
#include "store/db.h"
#include "store/prune.h"
#include "util/fsutil.h"
#include "util/lockfile.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct doctor_check *doctor_add(struct doctor_report *r, const char *name, enum doctor_status st, const char *fmt,
			       ...)
{
	struct doctor_check *c;
	va_list ap;

	XGROW(r->v, r->alloc, r->n + 1);
	c = &r->v[r->n++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name);
	c->status = st;
	va_start(ap, fmt);
	c->detail = xvasprintf(fmt, ap);
	va_end(ap);
	return c;
}

void doctor_set_fix(struct doctor_check *c, const char *fmt, ...)
{
	va_list ap;

	free(c->fix);
	va_start(ap, fmt);
	c->fix = xvasprintf(fmt, ap);
	va_end(ap);
}

size_t doctor_count(const struct doctor_report *r, enum doctor_status status)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].status == status;
	return n;
}

void doctor_report_release(struct doctor_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].detail);
		free(r->v[i].fix);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* ---- configuration and tokens ---- */

int doctor_config(struct doctor_report *r, struct config *cfg, const char *path)
{
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	GTimeZone *tz;
	int ok = 0;

	if (!fs_exists(path)) {
		c = doctor_add(r, "configuration", DOCTOR_FAIL, "'%s' does not exist", path);
		doctor_set_fix(c, "run 'idpmetrics init' in this directory to write an example, or pass --config FILE");
		goto out;
	}
	if (config_load(cfg, path, 1, &err)) {
		c = doctor_add(r, "configuration", DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "correct the line named above; docs/CONFIGURATION.md lists every key");
		goto out;
	}
	tz = g_time_zone_new_identifier(cfg->reporting.timezone);
	if (!tz) {
		c = doctor_add(r, "configuration", DOCTOR_FAIL, "'%s' parses, but 'reporting.timezone' '%s' is not a time zone",
			path, cfg->reporting.timezone);
		doctor_set_fix(c, "use an IANA zone name such as UTC, Europe/Berlin or Asia/Seoul");
		goto out;
	}
	g_time_zone_unref(tz);
	doctor_add(r, "configuration", DOCTOR_OK, "'%s' parses (time zone %s, quarters start in month %d)", path,
	    cfg->reporting.timezone, cfg->reporting.fiscal_year_start_month);
	ok = 1;
	if (!cfg->backstage.base_url && !cfg->github.org && !cfg->surveys.n && !(cfg->jira.base_url && *cfg->jira.base_url)) {
		c = doctor_add(r, "sources", DOCTOR_FAIL, "nothing to collect: backstage.base_url, github.org, jira.base_url and "
					 "surveys are unset");
		doctor_set_fix(c, "configure at least one source (docs/idpmetrics.example.yaml shows them all)");
	} else {
		strbuf_reset(&err);
		if (cfg->backstage.base_url)
			strbuf_addf(&err, "backstage at %s", cfg->backstage.base_url);
		if (cfg->github.org)
			strbuf_addf(&err, "%sgithub organisation '%s'", err.len ? "; " : "", cfg->github.org);
		if (cfg->jira.base_url && *cfg->jira.base_url)
			strbuf_addf(&err, "%sjira at %s", err.len ? "; " : "", cfg->jira.base_url);
		if (cfg->surveys.n)
			strbuf_addf(&err, "%s%zu survey source%s", err.len ? "; " : "", cfg->surveys.n,
				    cfg->surveys.n == 1 ? "" : "s");
		doctor_add(r, "sources", DOCTOR_OK, "%s", err.buf);
	}
out:
	strbuf_release(&err);
	return ok;
}

const char *doctor_token(struct doctor_report *r, const char *name, const struct token_ref *t, const char *key,
			       const char *example_var)
{
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	const char *tok = config_token(t, key, &err);

	if (!tok) {
		c = doctor_add(r, name, DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c,
			"set %s to \"${%s}\" (or %s_file) and provide the variable to the job: export it in the shell, "
			"put it in the systemd EnvironmentFile or the Kubernetes Secret",
			key, t->missing_var ? t->missing_var : example_var, key);
	} else if (strpbrk(tok, " \t\r\n")) {
		c = doctor_add(r, name, DOCTOR_FAIL, "the token from %s contains whitespace", t->where ? t->where : key);
		doctor_set_fix(c, "copy the token again without spaces or line breaks");
		tok = NULL;
	} else {
		doctor_add(r, name, DOCTOR_OK, "present (%s)", t->where ? t->where : key);
	}
	strbuf_release(&err);
	return tok;
}

/* ---- files: surveys, database, output directory, fonts ---- */

static void check_surveys(struct doctor_report *r, const struct config *cfg)
{
	for (size_t i = 0; i < cfg->surveys.n; i++) {
		const struct survey_source *s = &cfg->surveys.v[i];
		char *pattern;
		glob_t gl;
		int rc;
		size_t unreadable = 0;
		struct doctor_check *c;

		if (!s->path)
			continue; /* a Typeform form: checked with the APIs */
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

/* The directory part of PATH ("." when none); the caller frees it. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static void check_database(struct doctor_report *r, const struct doctor_env *env)
{
	struct strbuf err = STRBUF_INIT, problems = STRBUF_INIT;
	struct doctor_check *c;
	struct db *db = NULL;
	struct lock_holder h;
	struct stat st;
	char *dir = dir_of(env->db_path), *lock = lockfile_path_for(env->db_path);
	int ok = 0, version, latest = db_schema_latest();
	int64_t size = 0, free_bytes = 0;

	if (stat(env->db_path, &st)) {
		if (access(dir, W_OK)) {
			c = doctor_add(r, "database", DOCTOR_FAIL, "'%s' does not exist and '%s' is not writable", env->db_path, dir);
			doctor_set_fix(c, "create the directory and give the user that runs idpmetrics write access to it");
		} else {
			doctor_add(r, "database", DOCTOR_WARN, "'%s' does not exist yet: 'idpmetrics init' or the first run creates it",
			    env->db_path);
		}
		goto out;
	}
	if (db_open(&db, env->db_path, 0600, DB_READONLY, &err) || store_integrity_check(db, &ok, &problems, &err)) {
		c = doctor_add(r, "database", DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "restore the database from a backup; 'sqlite3 %s .recover' can salvage rows from a damaged file",
			env->db_path);
		goto out;
	}
	if (!ok) {
		for (char *p = problems.buf; (p = strchr(p, '\n'));)
			*p = ';';
		c = doctor_add(r, "database", DOCTOR_FAIL, "'%s' fails PRAGMA integrity_check: %s", env->db_path, problems.buf);
		doctor_set_fix(c, "stop the nightly job, keep a copy of the file, then restore a backup or salvage it with "
			   "'sqlite3 %s .recover | sqlite3 repaired.db'; collectors refill what the APIs still serve",
			env->db_path);
		goto out;
	}
	version = db_schema_version(db);
	store_db_size(db, &size, &free_bytes, &err);
	if (version > latest) {
		c = doctor_add(r, "database", DOCTOR_FAIL, "'%s' has schema version %d, newer than this idpmetrics (%d)",
			env->db_path, version, latest);
		doctor_set_fix(c, "run the idpmetrics version that wrote it (or newer)");
	} else if (st.st_mode & 077) {
		c = doctor_add(r, "database", DOCTOR_WARN, "'%s': integrity ok, but other users may read it (mode %04o)",
			env->db_path, (unsigned)(st.st_mode & 0777));
		doctor_set_fix(c, "it holds survey comments: chmod 600 '%s'", env->db_path);
	} else {
		doctor_add(r, "database", DOCTOR_OK, "'%s': integrity ok, schema %d%s, %.1f MB", env->db_path, version,
		    version < latest ? " (the next command migrates it)" : "", (double)size / 1e6);
	}
	strbuf_reset(&err);
	if (lock && lockfile_probe(lock, &h, &err) > 0) {
		char since[32] = "?";

		if (h.since)
			time_format_iso(h.since, since, sizeof(since));
		doctor_add(r, "run lock", DOCTOR_OK, "held now by '%s' (pid %ld, since %s): a second run would exit 5",
		    h.command[0] ? h.command : "?", h.pid, since);
	}
out:
	db_close(db);
	free(dir);
	free(lock);
	strbuf_release(&err);
	strbuf_release(&problems);
}

static void check_output_dir(struct doctor_report *r, const struct config *cfg)
{
	char *dir = config_path(cfg, cfg->reporting.output_dir), *probe = xstrdup(dir);
	struct doctor_check *c;
	struct stat st;
	int rc;

	/* the directory, or the nearest parent that exists (run creates the rest) */
	while ((rc = stat(probe, &st)) && strcmp(probe, ".") && strcmp(probe, "/")) {
		char *up = dir_of(probe);

		free(probe);
		probe = up;
	}
	if (rc || !S_ISDIR(st.st_mode) || access(probe, W_OK | X_OK)) {
		c = doctor_add(r, "output directory", DOCTOR_FAIL, "'%s' cannot be written ('%s' is not a writable directory)", dir,
			probe);
		doctor_set_fix(c, "set reporting.output_dir to a directory the user that runs idpmetrics can write");
	} else {
		doctor_add(r, "output directory", DOCTOR_OK, "'%s' is writable%s", dir,
		    strcmp(dir, probe) ? " (run creates it)" : "");
	}
	free(dir);
	free(probe);
}

static void check_font(struct doctor_report *r, const struct config *cfg)
{
	/* a private configuration (it honours FONTCONFIG_FILE), destroyed afterwards: nothing global stays */
	FcConfig *fc = FcInitLoadConfigAndFonts();
	FcPattern *pat = FcNameParse((const FcChar8 *)":lang=ko");
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = fc && pat && os ? FcFontList(fc, pat, os) : NULL;
	const char *best = NULL;
	struct doctor_check *c;

	for (int i = 0; fs && i < fs->nfont; i++) {
		FcChar8 *family = NULL;

		/* prefer a Korean family for the message; otherwise the alphabetically first, for stable output */
		if (FcPatternGetString(fs->fonts[i], FC_FAMILY, 0, &family) != FcResultMatch)
			continue;
		if (!best || (strstr((const char *)family, "KR") && !strstr(best, "KR")) ||
		    (!!strstr((const char *)family, "KR") == !!strstr(best, "KR") && strcmp((const char *)family, best) < 0))
			best = (const char *)family;
	}
	if (best) {
		doctor_add(r, "korean font", DOCTOR_OK, "%d font famil%s cover Korean (e.g. %s)", fs->nfont, fs->nfont == 1 ? "y" : "ies",
		    best);
	} else {
		int ko = cfg->reporting.lang && !strcmp(cfg->reporting.lang, "ko");

		c = doctor_add(r, "korean font", ko ? DOCTOR_FAIL : DOCTOR_WARN,
			"no installed font covers Korean (fontconfig ':lang=ko' matches nothing): Hangul in charts and "
			"survey comments renders as empty boxes");
		doctor_set_fix(c, "install one: apt-get install fonts-noto-cjk (or fonts-nanum), then fc-cache -f");
	}
	if (fs)
		FcFontSetDestroy(fs);
	if (os)
		FcObjectSetDestroy(os);
	if (pat)
		FcPatternDestroy(pat);
	if (fc)
		FcConfigDestroy(fc);
}

void doctor_checks(struct doctor_report *r, const struct doctor_env *env)
{
	const struct config *cfg = env->cfg;
	struct http_client hc;
	struct strbuf err = STRBUF_INIT;
	int have_http = 0;

	if (env->config_ok && (cfg->backstage.base_url || cfg->github.org)) {
		if (http_client_init(&hc, cfg, env->log, NULL, &err)) {
			struct doctor_check *c = doctor_add(r, "http", DOCTOR_FAIL, "%s", err.buf);

			doctor_set_fix(c, "reinstall libcurl (libcurl4)");
		} else {
			have_http = 1;
		}
	}
	if (have_http && cfg->backstage.base_url)
		doctor_check_backstage(r, env, &hc);
	if (have_http && cfg->github.org)
		doctor_check_github(r, env, &hc);
	if (env->config_ok && cfg->jira.base_url && *cfg->jira.base_url)
		doctor_check_jira(r, env);
	if (env->config_ok) {
		check_surveys(r, cfg);
		doctor_check_typeform(r, env);
	}
	check_database(r, env);
	check_output_dir(r, cfg);
	check_font(r, cfg);
	if (have_http)
		http_client_release(&hc);
	strbuf_release(&err);
}
