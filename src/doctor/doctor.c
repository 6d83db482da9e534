/*
 * idpmetrics doctor's checks: configuration, tokens, surveys, database, output directory, fonts.
 *
 * Every check appends one line (OK, WARN, FAIL or SKIP) with what it found and,
 * when something is wrong, what to do.  Each source's own checks (tokens, API
 * access, files) live with the source (struct collector's doctor, e.g.
 * collect/github_doctor.c) and run here for the configured ones.  Nothing here prints.
 */
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/http.h"
#include "doctor/doctor.h"
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

/* The "sources" line: what the registered sources say of themselves, or that nothing is configured. */
static void sources_line(struct doctor_report *r, const struct config *cfg)
{
	struct strbuf sb = STRBUF_INIT, keys = STRBUF_INIT;
	struct doctor_check *c;
	size_t n = 0, nkeys = 0;

	for (const struct collector *const *s = collectors; *s; s++) {
		int seen = 0;

		for (const struct collector *const *t = collectors; t < s; t++)
			seen |= (*t)->describe == (*s)->describe && (*t)->configured_by == (*s)->configured_by;
		if (seen)
			continue;
		if (!(*s)->configured(cfg)) {
			if ((*s)->configured_by)
				strbuf_addf(&keys, "%s%s", nkeys++ ? ", " : "", (*s)->configured_by);
			continue;
		}
		n++;
		if ((*s)->describe) {
			if (sb.len)
				strbuf_addstr(&sb, "; ");
			(*s)->describe(cfg, &sb);
		}
	}
	if (!n) {
		char *last = nkeys > 1 ? strrchr(keys.buf, ',') : NULL;

		/* "a, b, c" -> "a, b and c" */
		if (last) {
			char *tail = xstrdup(last + 2);

			strbuf_setlen(&keys, (size_t)(last - keys.buf));
			strbuf_addf(&keys, " and %s", tail);
			free(tail);
		}
		c = doctor_add(r, "sources", DOCTOR_FAIL, "nothing to collect: %s %s unset", keys.buf, nkeys == 1 ? "is" : "are");
		doctor_set_fix(c, "configure at least one source (docs/idpmetrics.example.yaml shows them all)");
	} else {
		doctor_add(r, "sources", DOCTOR_OK, "%s", sb.buf);
	}
	strbuf_release(&sb);
	strbuf_release(&keys);
}

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
	tz = time_zone_named(cfg->reporting.timezone);
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
	sources_line(r, cfg);
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
	struct doctor_http http;
	struct doctor_env e = *env;

	memset(&http, 0, sizeof(http));
	e.http = &http;
	for (const struct collector *const *s = env->config_ok ? collectors : NULL; s && *s; s++) {
		int seen = 0;

		for (const struct collector *const *t = collectors; t < s; t++)
			seen |= (*t)->doctor == (*s)->doctor && (*t)->configured(env->cfg);
		if ((*s)->doctor && !seen && (*s)->configured(env->cfg))
			(*s)->doctor(r, &e);
	}
	check_database(r, &e);
	check_output_dir(r, e.cfg);
	check_font(r, e.cfg);
	if (http.state > 0)
		http_client_release(&http.client);
}
