/*
 * idpmetrics doctor's checks: configuration, tokens, APIs, permissions, rate limit, surveys, database, fonts.
 *
 * Every check appends one line (OK, WARN, FAIL or SKIP) with what it found and,
 * when something is wrong, what to do.  The HTTP checks are cheap: one GET per
 * Backstage plugin, GitHub's /rate_limit (free) and three small GETs on the
 * organisation and its most recently pushed repository.  Nothing here prints.
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
#include "collect/json.h"
#include "store/db.h"
#include "store/prune.h"
#include "util/fsutil.h"
#include "util/lockfile.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const char static_token_fix[] =
	"give Backstage a static external-access token and idpmetrics the same value; in Backstage's app-config:\n"
	"  backend:\n"
	"    auth:\n"
	"      externalAccess:\n"
	"        - type: static\n"
	"          options:\n"
	"            token: ${IDPMETRICS_BACKSTAGE_TOKEN}   # long and random, no whitespace\n"
	"            subject: idpmetrics\n"
	"          accessRestrictions:\n"
	"            - plugin: catalog\n"
	"            - plugin: scaffolder\n"
	"restart Backstage, then set the variable named by backstage.token (e.g. BACKSTAGE_TOKEN) for idpmetrics\n"
	"to that value (systemd: the EnvironmentFile; Kubernetes: the Secret).";

static const char github_permissions_fix[] =
	"grant the token read access to the repositories: Metadata (read), Contents (read) and Actions (read),\n"
	"plus Deployments (read) when dora.source is deployments.  Fine-grained token: Settings > Developer\n"
	"settings > the token > Repository permissions, with the organisation as resource owner and the\n"
	"repositories selected (an organisation may have to approve it).  GitHub App: the App's permissions,\n"
	"then accept the new permissions in the organisation's installation.  Classic token: the 'repo' scope.";

static struct doctor_check *add(struct doctor_report *r, const char *name, enum doctor_status st, const char *fmt,
				...) __attribute__((format(printf, 4, 5)));
static struct doctor_check *add(struct doctor_report *r, const char *name, enum doctor_status st, const char *fmt,
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

static void set_fix(struct doctor_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_fix(struct doctor_check *c, const char *fmt, ...)
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
		c = add(r, "configuration", DOCTOR_FAIL, "'%s' does not exist", path);
		set_fix(c, "run 'idpmetrics init' in this directory to write an example, or pass --config FILE");
		goto out;
	}
	if (config_load(cfg, path, 1, &err)) {
		c = add(r, "configuration", DOCTOR_FAIL, "%s", err.buf);
		set_fix(c, "correct the line named above; the README's 'Configuration' section lists every key");
		goto out;
	}
	tz = g_time_zone_new_identifier(cfg->reporting.timezone);
	if (!tz) {
		c = add(r, "configuration", DOCTOR_FAIL, "'%s' parses, but 'reporting.timezone' '%s' is not a time zone",
			path, cfg->reporting.timezone);
		set_fix(c, "use an IANA zone name such as UTC, Europe/Berlin or Asia/Seoul");
		goto out;
	}
	g_time_zone_unref(tz);
	add(r, "configuration", DOCTOR_OK, "'%s' parses (time zone %s, quarters start in month %d)", path,
	    cfg->reporting.timezone, cfg->reporting.fiscal_year_start_month);
	ok = 1;
	if (!cfg->backstage.base_url && !cfg->github.org && !cfg->surveys.n) {
		c = add(r, "sources", DOCTOR_FAIL, "nothing to collect: backstage.base_url, github.org and surveys are unset");
		set_fix(c, "configure at least one source (docs/idpmetrics.example.yaml shows them all)");
	} else {
		strbuf_reset(&err);
		if (cfg->backstage.base_url)
			strbuf_addf(&err, "backstage at %s", cfg->backstage.base_url);
		if (cfg->github.org)
			strbuf_addf(&err, "%sgithub organisation '%s'", err.len ? "; " : "", cfg->github.org);
		if (cfg->surveys.n)
			strbuf_addf(&err, "%s%zu survey source%s", err.len ? "; " : "", cfg->surveys.n,
				    cfg->surveys.n == 1 ? "" : "s");
		add(r, "sources", DOCTOR_OK, "%s", err.buf);
	}
out:
	strbuf_release(&err);
	return ok;
}

/* The token of one source, or NULL after a FAIL line. */
static const char *check_token(struct doctor_report *r, const char *name, const struct token_ref *t, const char *key,
			       const char *example_var)
{
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	const char *tok = config_token(t, key, &err);

	if (!tok) {
		c = add(r, name, DOCTOR_FAIL, "%s", err.buf);
		set_fix(c,
			"set %s to \"${%s}\" (or %s_file) and provide the variable to the job: export it in the shell, "
			"put it in the systemd EnvironmentFile or the Kubernetes Secret",
			key, t->missing_var ? t->missing_var : example_var, key);
	} else if (strpbrk(tok, " \t\r\n")) {
		c = add(r, name, DOCTOR_FAIL, "the token from %s contains whitespace", t->where ? t->where : key);
		set_fix(c, "copy the token again without spaces or line breaks");
		tok = NULL;
	} else {
		add(r, name, DOCTOR_OK, "present (%s)", t->where ? t->where : key);
	}
	strbuf_release(&err);
	return tok;
}

/* ---- HTTP helpers ---- */

static int get(struct http_client *hc, const char *url, const char *const *headers, struct http_response *res,
	       struct strbuf *err)
{
	struct http_request req = { url, headers, NULL, 0, 0 };

	return http_get(hc, &req, res, err);
}

/* The error message of a Backstage ({"error":{"name","message"}}) or GitHub ({"message"}) body. */
static char *api_message(const struct http_response *res)
{
	json_error_t je;
	json_t *j = json_loadb(res->body.buf, res->body.len, 0, &je);
	const char *name = NULL, *msg = NULL;
	char *out;

	if (!j)
		return xstrdup("");
	if (json_is_object(json_object_get(j, "error"))) {
		name = json_str(json_object_get(j, "error"), "name");
		msg = json_str(json_object_get(j, "error"), "message");
	} else {
		msg = json_str(j, "message");
	}
	out = xasprintf("%s%s%s", name ? name : "", name && msg ? ": " : "", msg ? msg : "");
	json_decref(j);
	return out;
}

/* ---- Backstage ---- */

static void backstage_probe(struct doctor_report *r, struct http_client *hc, const char *name, const char *base,
			    const char *path, const char *auth, const char *count_key, const char *what)
{
	const char *headers[] = { auth, "Accept: application/json", NULL };
	struct http_response res;
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	char *url = xasprintf("%s%s", base, path), *msg = NULL;
	json_error_t je;
	json_t *j;
	int64_t n;

	http_response_init(&res);
	if (get(hc, url, headers, &res, &err)) {
		c = add(r, name, DOCTOR_FAIL, "%s", err.buf);
		set_fix(c, "check backstage.base_url (the backend's base URL, e.g. https://backstage.example.com), DNS, "
			   "the https_proxy/no_proxy variables and tls.ca_file for a private certificate authority");
		goto out;
	}
	msg = api_message(&res);
	switch (res.status) {
	case 200:
		j = json_loadb(res.body.buf, res.body.len, 0, &je);
		if (j && !json_int(j, count_key, &n))
			add(r, name, DOCTOR_OK, "%s readable with the token (%lld %s)", what, (long long)n, count_key);
		else if (j)
			add(r, name, DOCTOR_OK, "%s readable with the token", what);
		else {
			c = add(r, name, DOCTOR_FAIL, "GET %s: 200 but not JSON (%s)", url, je.text);
			set_fix(c, "backstage.base_url must point at the Backstage backend, not the frontend or a login page");
		}
		json_decref(j);
		break;
	case 401:
		c = add(r, name, DOCTOR_FAIL, "GET %s: 401 %s: Backstage rejected the token", url, *msg ? msg : "");
		set_fix(c, "%s", static_token_fix);
		break;
	case 403:
		c = add(r, name, DOCTOR_FAIL, "GET %s: 403 %s: the token is valid but not allowed to read the %s", url, msg,
			what);
		set_fix(c, "allow the token's subject to read the %s: its accessRestrictions must list the plugin, and the "
			   "permission policy must allow it (catalog.entity.read; scaffolder task reads)",
			what);
		break;
	case 404:
		c = add(r, name, DOCTOR_FAIL, "GET %s: 404: no %s there", url, what);
		set_fix(c, "backstage.base_url must be the backend's base URL without /api (idpmetrics adds /api/catalog and "
			   "/api/scaffolder); an old scaffolder without /v2/tasks needs upgrading");
		break;
	default:
		c = add(r, name, DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
		set_fix(c, "see Backstage's backend logs for this request");
	}
out:
	http_response_release(&res);
	strbuf_release(&err);
	free(url);
	free(msg);
}

static void check_backstage(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc)
{
	const struct config *cfg = env->cfg;
	const char *tok = check_token(r, "backstage token", &cfg->backstage.token, "backstage.token", "BACKSTAGE_TOKEN");
	char *base = xstrdup(cfg->backstage.base_url), *auth;
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		base[--n] = '\0';
	if (!tok) {
		add(r, "backstage", DOCTOR_SKIP, "not contacted without a token");
		free(base);
		return;
	}
	auth = xasprintf("Authorization: Bearer %s", tok);
	backstage_probe(r, hc, "backstage catalog", base, "/api/catalog/entities/by-query?limit=1", auth, "totalItems",
			"catalog");
	backstage_probe(r, hc, "backstage scaffolder", base, "/api/scaffolder/v2/tasks?limit=1", auth, "totalTasks",
			"scaffolder tasks");
	free(auth);
	free(base);
}

/* ---- GitHub ---- */

enum github_token_kind doctor_github_token_kind(const char *token)
{
	if (!strncmp(token, "ghp_", 4))
		return GH_TOKEN_CLASSIC;
	if (!strncmp(token, "github_pat_", 11))
		return GH_TOKEN_FINE_GRAINED;
	if (!strncmp(token, "ghs_", 4))
		return GH_TOKEN_APP_INSTALLATION;
	if (!strncmp(token, "gho_", 4) || !strncmp(token, "ghu_", 4))
		return GH_TOKEN_OAUTH;
	return GH_TOKEN_UNKNOWN;
}

int doctor_github_rate_limited(long status, const char *remaining, const char *retry_after, const char *message)
{
	if (status != 403 && status != 429)
		return 0;
	if (status == 429 || retry_after || (remaining && !strcmp(remaining, "0")))
		return 1;
	return message && strcasestr(message, "rate limit") != NULL;
}

int doctor_missing_scopes(const char *scopes, struct strbuf *missing)
{
	static const char *const needed[] = { "repo", NULL };
	int n = 0;

	for (int i = 0; needed[i]; i++) {
		const char *p = scopes;
		size_t len = strlen(needed[i]);
		int found = 0;

		while (p && *p && !found) {
			p += strspn(p, ", ");
			found = !strncmp(p, needed[i], len) && (p[len] == '\0' || p[len] == ',' || p[len] == ' ');
			p += strcspn(p, ",");
		}
		if (!found) {
			strbuf_addf(missing, "%s%s", missing->len ? ", " : "", needed[i]);
			n++;
		}
	}
	return n;
}

struct gh {
	struct http_client *hc;
	const char *api;        /* without a trailing slash */
	const char *headers[4];
};

static const char *const token_kind_names[] = { "token of unknown kind", "classic personal access token",
						"fine-grained personal access token", "GitHub App installation token",
						"OAuth token" };

static void rate_limit_line(struct doctor_report *r, const struct doctor_env *env, int64_t limit, int64_t remaining,
			    int64_t reset)
{
	struct doctor_check *c;
	char when[32];
	int64_t mins = reset > env->now ? (reset - env->now + 59) / 60 : 0;

	time_format_iso(reset, when, sizeof(when));
	if (remaining <= 0) {
		c = add(r, "github rate limit", DOCTOR_FAIL, "exhausted: 0 of %lld requests left until %s (in %lld min)",
			(long long)limit, when, (long long)mins);
		set_fix(c, "wait until %s, or find what else spends this token's budget (every job using the same token "
			   "shares it); a GitHub App installation has a larger limit (up to 12,500 requests per hour), and "
			   "github.max_requests caps what one run may spend",
			when);
	} else if (remaining * 10 < limit) {
		c = add(r, "github rate limit", DOCTOR_WARN, "low: %lld of %lld requests left until %s (in %lld min)",
			(long long)remaining, (long long)limit, when, (long long)mins);
		set_fix(c, "a run now may have to wait for the reset; run after %s or lower github.max_requests", when);
	} else {
		add(r, "github rate limit", DOCTOR_OK, "%lld of %lld requests left (resets %s)", (long long)remaining,
		    (long long)limit, when);
	}
}

/* GET /rate_limit: token validity, kind, scopes, budget.  Returns 1 when further requests make sense. */
static int github_rate_limit(struct doctor_report *r, const struct doctor_env *env, struct gh *g, const char *tok)
{
	struct http_response res;
	struct strbuf err = STRBUF_INIT, missing = STRBUF_INIT;
	struct doctor_check *c;
	char *url = xasprintf("%s/rate_limit", g->api), *msg = NULL;
	enum github_token_kind kind = doctor_github_token_kind(tok);
	const char *scopes;
	json_t *j = NULL, *core;
	json_error_t je;
	int64_t limit = 0, remaining = -1, reset = 0;
	int go_on = 0;

	http_response_init(&res);
	if (get(g->hc, url, g->headers, &res, &err)) {
		c = add(r, "github api", DOCTOR_FAIL, "%s", err.buf);
		set_fix(c, "check github.api_url (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise "
			   "Server), DNS, the https_proxy/no_proxy variables and tls.ca_file");
		goto out;
	}
	msg = api_message(&res);
	if (res.status == 401) {
		c = add(r, "github auth", DOCTOR_FAIL, "GET %s: 401 %s: GitHub rejected the token", url,
			*msg ? msg : "Bad credentials");
		set_fix(c, "the token is wrong, expired or revoked: create a new one (fine-grained token or GitHub App "
			   "with read access to Metadata, Contents and Actions) and update the variable named by github.token");
		goto out;
	}
	if (res.status != 200) {
		c = add(r, "github api", DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
		set_fix(c, "check github.api_url; GitHub's status page tells about outages");
		goto out;
	}
	scopes = http_header(&res, "x-oauth-scopes");
	if (scopes && doctor_missing_scopes(scopes, &missing)) {
		c = add(r, "github auth", DOCTOR_WARN, "%s with scopes '%s': lacks %s", token_kind_names[kind], scopes,
			missing.buf);
		set_fix(c, "without 'repo' only public repositories, workflows and deployments are visible: add the "
			   "'repo' scope, or use a fine-grained token or GitHub App");
	} else if (scopes) {
		add(r, "github auth", DOCTOR_OK, "%s with scopes '%s'", token_kind_names[kind], scopes);
	} else {
		add(r, "github auth", DOCTOR_OK, "%s: accepted; its permissions are checked on the organisation below",
		    token_kind_names[kind]);
	}
	j = json_loadb(res.body.buf, res.body.len, 0, &je);
	core = j ? json_path(j, "resources.core") : NULL;
	if (!core && j)
		core = json_object_get(j, "rate");
	if (core && !json_int(core, "limit", &limit) && !json_int(core, "remaining", &remaining) &&
	    !json_int(core, "reset", &reset)) {
		rate_limit_line(r, env, limit, remaining, reset);
		go_on = remaining > 0;
	} else {
		c = add(r, "github rate limit", DOCTOR_WARN, "GET %s: no resources.core in the answer", url);
		set_fix(c, "check that github.api_url points at the GitHub REST API");
		go_on = 1;
	}
out:
	json_decref(j);
	http_response_release(&res);
	strbuf_release(&err);
	strbuf_release(&missing);
	free(url);
	free(msg);
	return go_on;
}

/*
 * A GitHub read that must succeed.  Returns the parsed body (caller frees) on
 * 200; otherwise adds a FAIL line naming what to grant and returns NULL.  A
 * 404 with 404_OK is fine (an absent directory) and returns json null.
 */
static json_t *github_read(struct doctor_report *r, struct gh *g, const char *name, const char *url, const char *what,
			   int not_found_ok)
{
	struct http_response res;
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	char *msg = NULL;
	const char *accepted;
	json_t *j = NULL;
	json_error_t je;

	http_response_init(&res);
	if (get(g->hc, url, g->headers, &res, &err)) {
		c = add(r, name, DOCTOR_FAIL, "%s", err.buf);
		set_fix(c, "check the network path to github.api_url");
		goto out;
	}
	msg = api_message(&res);
	accepted = http_header(&res, "x-accepted-github-permissions");
	if (res.status == 200) {
		j = json_loadb(res.body.buf, res.body.len, 0, &je);
		if (!j) {
			c = add(r, name, DOCTOR_FAIL, "GET %s: 200 but not JSON (%s)", url, je.text);
			set_fix(c, "check that github.api_url points at the GitHub REST API");
		}
	} else if (res.status == 404 && not_found_ok) {
		j = json_null();
	} else if (doctor_github_rate_limited(res.status, http_header(&res, "x-ratelimit-remaining"),
					      http_header(&res, "retry-after"), msg)) {
		c = add(r, name, DOCTOR_FAIL, "GET %s: %ld %s: rate limited", url, res.status, msg);
		set_fix(c, "wait for the reset (x-ratelimit-reset %s) and run doctor again",
			http_header(&res, "x-ratelimit-reset") ? http_header(&res, "x-ratelimit-reset") : "unknown");
	} else if (res.status == 403 || res.status == 404) {
		c = add(r, name, DOCTOR_FAIL, "GET %s: %ld %s: the token cannot read %s%s%s", url, res.status,
			*msg ? msg : "", what, accepted ? "; GitHub says it needs: " : "", accepted ? accepted : "");
		if (res.status == 404)
			set_fix(c, "check the spelling of github.org; GitHub answers 404 for what the token may not see, so "
				   "also: %s",
				github_permissions_fix);
		else
			set_fix(c, "%s", github_permissions_fix);
	} else {
		c = add(r, name, DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
		set_fix(c, "GitHub's status page tells about outages; run doctor again later");
	}
out:
	http_response_release(&res);
	strbuf_release(&err);
	free(msg);
	return j;
}

static void check_github(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc)
{
	const struct config *cfg = env->cfg;
	const char *tok = check_token(r, "github token", &cfg->github.token, "github.token", "GITHUB_TOKEN");
	char *api = xstrdup(cfg->github.api_url), *auth = NULL, *org = NULL, *url = NULL;
	json_t *repos = NULL, *wf = NULL, *contents = NULL, *deps = NULL;
	const char *full;
	size_t n = strlen(api);
	struct gh g;

	while (n && api[n - 1] == '/')
		api[--n] = '\0';
	if (!tok) {
		add(r, "github", DOCTOR_SKIP, "not contacted without a token");
		goto out;
	}
	auth = xasprintf("Authorization: Bearer %s", tok);
	g.hc = hc;
	g.api = api;
	g.headers[0] = auth;
	g.headers[1] = "Accept: application/vnd.github+json";
	g.headers[2] = "X-GitHub-Api-Version: 2022-11-28";
	g.headers[3] = NULL;
	if (!github_rate_limit(r, env, &g, tok)) {
		add(r, "github organisation", DOCTOR_SKIP, "not checked (see above)");
		goto out;
	}
	org = http_escape(cfg->github.org);
	url = xasprintf("%s/orgs/%s/repos?per_page=1&sort=pushed&direction=desc", api, org);
	repos = github_read(r, &g, "github organisation", url, "the organisation's repositories (Metadata)", 0);
	if (!repos)
		goto out;
	if (!json_is_array(repos) || !json_array_size(repos) ||
	    !(full = json_str(json_array_get(repos, 0), "full_name"))) {
		struct doctor_check *c = add(r, "github organisation", DOCTOR_WARN,
					     "'%s' is readable but the token sees no repository in it", cfg->github.org);

		set_fix(c, "a fine-grained token or GitHub App sees only the repositories selected for it: select all "
			   "repositories (or the ones to measure)");
		goto out;
	}
	add(r, "github organisation", DOCTOR_OK, "'%s' readable; sample repository %s", cfg->github.org, full);
	free(url);
	url = xasprintf("%s/repos/%s/actions/workflows?per_page=1", api, full);
	wf = github_read(r, &g, "github workflows", url, "the sample repository's workflows (Actions)", 0);
	if (wf)
		add(r, "github workflows", DOCTOR_OK, "%s: workflows readable", full);
	free(url);
	url = xasprintf("%s/repos/%s/contents/.github/workflows", api, full);
	contents = github_read(r, &g, "github contents", url, "the sample repository's files (Contents)", 1);
	if (contents)
		add(r, "github contents", DOCTOR_OK, "%s: %s", full,
		    json_is_null(contents) ? "readable (no .github/workflows directory)" : "workflow files readable");
	if (cfg->dora.source && !strcmp(cfg->dora.source, "deployments")) {
		free(url);
		url = xasprintf("%s/repos/%s/deployments?per_page=1", api, full);
		deps = github_read(r, &g, "github deployments", url, "the sample repository's deployments (Deployments)",
				   0);
		if (deps)
			add(r, "github deployments", DOCTOR_OK, "%s: deployments readable", full);
	}
out:
	json_decref(repos);
	json_decref(wf);
	json_decref(contents);
	json_decref(deps);
	free(api);
	free(auth);
	free(org);
	free(url);
}

/* ---- files: surveys, database, output directory, fonts ---- */

static void check_surveys(struct doctor_report *r, const struct config *cfg)
{
	for (size_t i = 0; i < cfg->surveys.n; i++) {
		const struct survey_source *s = &cfg->surveys.v[i];
		char *pattern = config_path(cfg, s->path);
		glob_t gl;
		int rc = glob(pattern, 0, NULL, &gl);
		size_t unreadable = 0;
		struct doctor_check *c;

		for (size_t k = 0; rc == 0 && k < gl.gl_pathc; k++)
			unreadable += access(gl.gl_pathv[k], R_OK) != 0;
		if (rc == GLOB_NOMATCH || (rc == 0 && !gl.gl_pathc)) {
			c = add(r, "surveys", DOCTOR_FAIL, "no file matches '%s' (%s:%d)", pattern,
				cfg->file ? cfg->file : "configuration", s->line);
			set_fix(c, "export the survey as CSV into that place, or correct 'path' (relative paths start at the "
				   "configuration's directory; * and ? match)");
		} else if (rc) {
			c = add(r, "surveys", DOCTOR_FAIL, "cannot read the directory of '%s'", pattern);
			set_fix(c, "check the permissions of the directories on the way");
		} else if (unreadable) {
			c = add(r, "surveys", DOCTOR_FAIL, "'%s': %zu of %zu files are not readable", pattern, unreadable,
				gl.gl_pathc);
			set_fix(c, "make them readable by the user that runs idpmetrics");
		} else {
			add(r, "surveys", DOCTOR_OK, "'%s': %zu file%s", pattern, gl.gl_pathc, gl.gl_pathc == 1 ? "" : "s");
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
			c = add(r, "database", DOCTOR_FAIL, "'%s' does not exist and '%s' is not writable", env->db_path, dir);
			set_fix(c, "create the directory and give the user that runs idpmetrics write access to it");
		} else {
			add(r, "database", DOCTOR_WARN, "'%s' does not exist yet: 'idpmetrics init' or the first run creates it",
			    env->db_path);
		}
		goto out;
	}
	if (db_open(&db, env->db_path, 0600, DB_READONLY, &err) || store_integrity_check(db, &ok, &problems, &err)) {
		c = add(r, "database", DOCTOR_FAIL, "%s", err.buf);
		set_fix(c, "restore the database from a backup; 'sqlite3 %s .recover' can salvage rows from a damaged file",
			env->db_path);
		goto out;
	}
	if (!ok) {
		for (char *p = problems.buf; (p = strchr(p, '\n'));)
			*p = ';';
		c = add(r, "database", DOCTOR_FAIL, "'%s' fails PRAGMA integrity_check: %s", env->db_path, problems.buf);
		set_fix(c, "stop the nightly job, keep a copy of the file, then restore a backup or salvage it with "
			   "'sqlite3 %s .recover | sqlite3 repaired.db'; collectors refill what the APIs still serve",
			env->db_path);
		goto out;
	}
	version = db_schema_version(db);
	store_db_size(db, &size, &free_bytes, &err);
	if (version > latest) {
		c = add(r, "database", DOCTOR_FAIL, "'%s' has schema version %d, newer than this idpmetrics (%d)",
			env->db_path, version, latest);
		set_fix(c, "run the idpmetrics version that wrote it (or newer)");
	} else if (st.st_mode & 077) {
		c = add(r, "database", DOCTOR_WARN, "'%s': integrity ok, but other users may read it (mode %04o)",
			env->db_path, (unsigned)(st.st_mode & 0777));
		set_fix(c, "it holds survey comments: chmod 600 '%s'", env->db_path);
	} else {
		add(r, "database", DOCTOR_OK, "'%s': integrity ok, schema %d%s, %.1f MB", env->db_path, version,
		    version < latest ? " (the next command migrates it)" : "", (double)size / 1e6);
	}
	strbuf_reset(&err);
	if (lock && lockfile_probe(lock, &h, &err) > 0) {
		char since[32] = "?";

		if (h.since)
			time_format_iso(h.since, since, sizeof(since));
		add(r, "run lock", DOCTOR_OK, "held now by '%s' (pid %ld, since %s): a second run would exit 5",
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
		c = add(r, "output directory", DOCTOR_FAIL, "'%s' cannot be written ('%s' is not a writable directory)", dir,
			probe);
		set_fix(c, "set reporting.output_dir to a directory the user that runs idpmetrics can write");
	} else {
		add(r, "output directory", DOCTOR_OK, "'%s' is writable%s", dir,
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
		add(r, "korean font", DOCTOR_OK, "%d font famil%s cover Korean (e.g. %s)", fs->nfont, fs->nfont == 1 ? "y" : "ies",
		    best);
	} else {
		int ko = cfg->reporting.lang && !strcmp(cfg->reporting.lang, "ko");

		c = add(r, "korean font", ko ? DOCTOR_FAIL : DOCTOR_WARN,
			"no installed font covers Korean (fontconfig ':lang=ko' matches nothing): Hangul in charts and "
			"survey comments renders as empty boxes");
		set_fix(c, "install one: apt-get install fonts-noto-cjk (or fonts-nanum), then fc-cache -f");
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
			struct doctor_check *c = add(r, "http", DOCTOR_FAIL, "%s", err.buf);

			set_fix(c, "reinstall libcurl (libcurl4)");
		} else {
			have_http = 1;
		}
	}
	if (have_http && cfg->backstage.base_url)
		check_backstage(r, env, &hc);
	if (have_http && cfg->github.org)
		check_github(r, env, &hc);
	if (env->config_ok)
		check_surveys(r, cfg);
	check_database(r, env);
	check_output_dir(r, cfg);
	check_font(r, cfg);
	if (have_http)
		http_client_release(&hc);
	strbuf_release(&err);
}
