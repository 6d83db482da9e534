/*
 * The GitHub source's doctor checks: the token and its kind, the transport,
 * /rate_limit (which does not count against the limit), and small GETs on the
 * organisation and its most recently pushed repository.  Nothing here prints.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/github.h"
#include "collect/github_app.h"
#include "collect/github_client.h"
#include "collect/github_doctor.h"
#include "collect/http.h"
#include "collect/json.h"
#include "doctor/doctor.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const char github_permissions_fix[] =
	"grant the token read access to the repositories: Metadata (read), Contents (read) and Actions (read),\n"
	"plus Issues (read) and Pull requests (read) for the DORA metrics, and Deployments (read) when\n"
	"dora.source is deployments.  Fine-grained token: Settings > Developer\n"
	"settings > the token > Repository permissions, with the organisation as resource owner and the\n"
	"repositories selected (an organisation may have to approve it).  GitHub App: the App's permissions,\n"
	"then accept the new permissions in the organisation's installation.  Classic token: the 'repo' scope.";

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
		c = doctor_add(r, "github rate limit", DOCTOR_FAIL, "exhausted: 0 of %lld requests left until %s (in %lld min)",
			(long long)limit, when, (long long)mins);
		doctor_set_fix(c, "wait until %s, or find what else spends this token's budget (every job using the same token "
			   "shares it); a GitHub App installation has a larger limit (up to 12,500 requests per hour), and "
			   "github.max_requests caps what one run may spend",
			when);
	} else if (remaining * 10 < limit) {
		c = doctor_add(r, "github rate limit", DOCTOR_WARN, "low: %lld of %lld requests left until %s (in %lld min)",
			(long long)remaining, (long long)limit, when, (long long)mins);
		doctor_set_fix(c, "a run now may have to wait for the reset; run after %s or lower github.max_requests", when);
	} else {
		doctor_add(r, "github rate limit", DOCTOR_OK, "%lld of %lld requests left (resets %s)", (long long)remaining,
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
	if (doctor_get(g->hc, url, g->headers, &res, &err)) {
		c = doctor_add(r, "github api", DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "check github.api_url (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise "
			   "Server), DNS, the https_proxy/no_proxy variables and tls.ca_file");
		goto out;
	}
	msg = doctor_api_message(&res);
	if (res.status == 401) {
		c = doctor_add(r, "github auth", DOCTOR_FAIL, "GET %s: 401 %s: GitHub rejected the token", url,
			*msg ? msg : "Bad credentials");
		doctor_set_fix(c, "the token is wrong, expired or revoked: create a new one (fine-grained token or GitHub App "
			   "with read access to Metadata, Contents and Actions) and update the variable named by github.token");
		goto out;
	}
	if (res.status != 200) {
		c = doctor_add(r, "github api", DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
		doctor_set_fix(c, "check github.api_url; GitHub's status page tells about outages");
		goto out;
	}
	scopes = http_header(&res, "x-oauth-scopes");
	if (scopes && doctor_missing_scopes(scopes, &missing)) {
		c = doctor_add(r, "github auth", DOCTOR_WARN, "%s with scopes '%s': lacks %s", token_kind_names[kind], scopes,
			missing.buf);
		doctor_set_fix(c, "without 'repo' only public repositories, workflows and deployments are visible: add the "
			   "'repo' scope, or use a fine-grained token or GitHub App");
	} else if (scopes) {
		doctor_add(r, "github auth", DOCTOR_OK, "%s with scopes '%s'", token_kind_names[kind], scopes);
	} else {
		doctor_add(r, "github auth", DOCTOR_OK, "%s: accepted; its permissions are checked on the organisation below",
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
		c = doctor_add(r, "github rate limit", DOCTOR_WARN, "GET %s: no resources.core in the answer", url);
		doctor_set_fix(c, "check that github.api_url points at the GitHub REST API");
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
	if (doctor_get(g->hc, url, g->headers, &res, &err)) {
		c = doctor_add(r, name, DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "check the network path to github.api_url");
		goto out;
	}
	msg = doctor_api_message(&res);
	accepted = http_header(&res, "x-accepted-github-permissions");
	if (res.status == 200) {
		j = json_loadb(res.body.buf, res.body.len, 0, &je);
		if (!j) {
			c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 200 but not JSON (%s)", url, je.text);
			doctor_set_fix(c, "check that github.api_url points at the GitHub REST API");
		}
	} else if (res.status == 404 && not_found_ok) {
		j = json_null();
	} else if (doctor_github_rate_limited(res.status, http_header(&res, "x-ratelimit-remaining"),
					      http_header(&res, "retry-after"), msg)) {
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: %ld %s: rate limited", url, res.status, msg);
		doctor_set_fix(c, "wait for the reset (x-ratelimit-reset %s) and run doctor again",
			http_header(&res, "x-ratelimit-reset") ? http_header(&res, "x-ratelimit-reset") : "unknown");
	} else if (res.status == 403 || res.status == 404) {
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: %ld %s: the token cannot read %s%s%s", url, res.status,
			*msg ? msg : "", what, accepted ? "; GitHub says it needs: " : "", accepted ? accepted : "");
		if (res.status == 404)
			doctor_set_fix(c, "check the spelling of github.org; GitHub answers 404 for what the token may not see, so "
				   "also: %s",
				github_permissions_fix);
		else
			doctor_set_fix(c, "%s", github_permissions_fix);
	} else {
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
		doctor_set_fix(c, "GitHub's status page tells about outages; run doctor again later");
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
	char *app_tok = github_app_configured(cfg) ? github_app_doctor(r, env, hc) : NULL;
	const char *tok = github_app_configured(cfg)
				  ? app_tok
				  : doctor_token(r, "github token", &cfg->github.token, "github.token", "GITHUB_TOKEN");
	char *api = xstrdup(cfg->github.api_url), *auth = NULL, *org = NULL, *url = NULL, *esc = NULL;
	json_t *repos = NULL, *wf = NULL, *contents = NULL, *deps = NULL, *issues = NULL, *pulls = NULL;
	const char *full;
	size_t n = strlen(api);
	struct gh g;

	while (n && api[n - 1] == '/')
		api[--n] = '\0';
	if (!tok) {
		doctor_add(r, "github", DOCTOR_SKIP, "not contacted without a token");
		goto out;
	}
	doctor_check_transport(r, "github url", "github.api_url", api);
	auth = xasprintf("Authorization: Bearer %s", tok);
	g.hc = hc;
	g.api = api;
	g.headers[0] = auth;
	g.headers[1] = "Accept: application/vnd.github+json";
	g.headers[2] = "X-GitHub-Api-Version: 2022-11-28";
	g.headers[3] = NULL;
	if (!github_rate_limit(r, env, &g, tok)) {
		doctor_add(r, "github organisation", DOCTOR_SKIP, "not checked (see above)");
		goto out;
	}
	org = http_escape(cfg->github.org);
	url = xasprintf("%s/orgs/%s/repos?per_page=1&sort=pushed&direction=desc", api, org);
	repos = github_read(r, &g, "github organisation", url, "the organisation's repositories (Metadata)", 0);
	if (!repos)
		goto out;
	if (!json_is_array(repos) || !json_array_size(repos) ||
	    !(full = json_str(json_array_get(repos, 0), "full_name"))) {
		struct doctor_check *c = doctor_add(r, "github organisation", DOCTOR_WARN,
					     "'%s' is readable but the token sees no repository in it", cfg->github.org);

		doctor_set_fix(c, "a fine-grained token or GitHub App sees only the repositories selected for it: select all "
			   "repositories (or the ones to measure)");
		goto out;
	}
	doctor_add(r, "github organisation", DOCTOR_OK, "'%s' readable; sample repository %s", cfg->github.org, full);
	free(url);
	esc = github_escape_repo(full);
	url = xasprintf("%s/repos/%s/actions/workflows?per_page=1", api, esc);
	wf = github_read(r, &g, "github workflows", url, "the sample repository's workflows (Actions)", 0);
	if (wf)
		doctor_add(r, "github workflows", DOCTOR_OK, "%s: workflows readable", full);
	free(url);
	url = xasprintf("%s/repos/%s/contents/.github/workflows", api, esc);
	contents = github_read(r, &g, "github contents", url, "the sample repository's files (Contents)", 1);
	if (contents)
		doctor_add(r, "github contents", DOCTOR_OK, "%s: %s", full,
		    json_is_null(contents) ? "readable (no .github/workflows directory)" : "workflow files readable");
	/* DORA reads issues (incidents) and merged pull requests (squash-safe lead time) */
	free(url);
	url = xasprintf("%s/repos/%s/issues?per_page=1&state=all", api, esc);
	issues = github_read(r, &g, "github issues", url, "the sample repository's issues (Issues, for incidents)", 0);
	if (issues)
		doctor_add(r, "github issues", DOCTOR_OK, "%s: issues readable", full);
	free(url);
	url = xasprintf("%s/repos/%s/pulls?per_page=1&state=closed", api, esc);
	pulls = github_read(r, &g, "github pull requests", url,
			    "the sample repository's pull requests (Pull requests, for lead time)", 0);
	if (pulls)
		doctor_add(r, "github pull requests", DOCTOR_OK, "%s: pull requests readable", full);
	if (cfg->dora.source && !strcmp(cfg->dora.source, "deployments")) {
		free(url);
		url = xasprintf("%s/repos/%s/deployments?per_page=1", api, esc);
		deps = github_read(r, &g, "github deployments", url, "the sample repository's deployments (Deployments)",
				   0);
		if (deps)
			doctor_add(r, "github deployments", DOCTOR_OK, "%s: deployments readable", full);
	}
out:
	json_decref(repos);
	json_decref(wf);
	json_decref(contents);
	json_decref(deps);
	json_decref(issues);
	json_decref(pulls);
	free(api);
	free(auth);
	free(org);
	free(url);
	free(esc);
	free(app_tok);
}

void github_doctor(struct doctor_report *r, const struct doctor_env *env)
{
	struct http_client *hc = doctor_http(r, env);

	if (hc)
		check_github(r, env, hc);
}
