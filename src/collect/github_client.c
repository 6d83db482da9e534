/*
 * The GitHub REST client every GitHub request goes through: base URL, headers,
 * Link pagination, conditional requests against http_cache, rate limits
 * (primary, secondary, retry-after), a request cap and a waiting budget.
 */
#include <ctype.h>
#include <glib.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "collect/github_app.h"
#include "collect/github_client.h"
#include "store/http_cache.h"
#include "util/timeutil.h"
#include "util/urlenc.h"
#include "util/xalloc.h"

#define API_VERSION_HEADER "X-GitHub-Api-Version: 2022-11-28"
#define ACCEPT_JSON "Accept: application/vnd.github+json"
#define ACCEPT_RAW "Accept: application/vnd.github.raw+json"
#define MAX_RATE_LIMIT_TRIES 5     /* answers of retry-after or remaining 0 for one request */
#define SECONDARY_TRIES 4          /* back-offs of 60, 120, 240, 480 s */
#define SECONDARY_FIRST_WAIT 60.0
#define GITHUB_MAX_REDIRECTS 5     /* a renamed repository answers one 301 */
#define PERMISSIONS_NEEDED                                                                                  \
	"the token needs read access to repository metadata, contents and actions, and for DORA to issues, "  \
	"pull requests and deployments (fine-grained token or GitHub App: 'Metadata', 'Contents', 'Actions', "  \
	"'Issues', 'Pull requests' and 'Deployments' read-only on the organisation's repositories; classic "    \
	"token: the 'repo' scope)"

char *github_origin(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL, *end;
	char *o;

	if (!p || p == url)
		return NULL;
	for (const char *s = url; s < p; s++)
		if (!isalpha((unsigned char)*s))
			return NULL;
	end = p + 3;
	if (!*end || *end == '/')
		return NULL;
	while (*end && *end != '/' && *end != '?' && *end != '#')
		end++;
	o = xstrndup(url, (size_t)(end - url));
	for (char *c = o; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return o;
}

static int same_origin(const struct github_client *gh, const char *url)
{
	char *o = github_origin(url);
	int ok = o && !strcmp(o, gh->origin);

	free(o);
	return ok;
}

int github_client_init(struct github_client *gh, const struct config *cfg, struct db *db, struct log *log,
		       struct run_stats *stats, int64_t now, struct strbuf *err)
{
	const char *token;
	size_t n;

	memset(gh, 0, sizeof(*gh));
	gh->rate.limit = gh->rate.remaining = gh->rate.used = gh->rate.reset = gh->rate.reset_local = -1;
	if (github_app_configured(cfg)) {
		token = NULL;
	} else if (!(token = config_token(&cfg->github.token, "github.token", err))) {
		if (!cfg->github.token.where && !cfg->github.token.missing_var)
			strbuf_addstr(err, ", or sign in as a GitHub App with 'github.app_id' and 'github.private_key_file'");
		return -1;
	}
	gh->origin = github_origin(cfg->github.api_url);
	if (!gh->origin || (strncmp(gh->origin, "https://", 8) && strncmp(gh->origin, "http://", 7))) {
		strbuf_addf(err, "'github.api_url' must be an http(s) URL such as https://api.github.com or "
				 "https://HOST/api/v3, not '%s'", cfg->github.api_url ? cfg->github.api_url : "");
		free(gh->origin);
		gh->origin = NULL;
		return -1;
	}
	if (http_client_init(&gh->http, cfg, log, stats, err)) {
		github_client_release(gh);
		return -1;
	}
	n = strlen(cfg->github.api_url);
	while (n && cfg->github.api_url[n - 1] == '/')
		n--;
	gh->api_url = xstrndup(cfg->github.api_url, n);
	if (!token) {
		gh->app = xmalloc(sizeof(*gh->app));
		if (github_app_init(gh->app, cfg, log, err)) {
			free(gh->app);
			gh->app = NULL;
			github_client_release(gh);
			return -1;
		}
	} else {
		gh->auth = xasprintf("Authorization: Bearer %s", token);
	}
	gh->token = token;
	gh->cfg = cfg;
	gh->db = db;
	gh->log = log;
	gh->now = now;
	gh->max_requests = cfg->github.max_requests;
	gh->budget = cfg->github.time_budget_seconds;
	return 0;
}

void github_client_release(struct github_client *gh)
{
	http_client_release(&gh->http);
	free(gh->api_url);
	free(gh->origin);
	if (gh->auth)
		memset(gh->auth, 0, strlen(gh->auth));
	free(gh->auth);
	free(gh->stopped);
	gh->api_url = gh->origin = gh->auth = gh->stopped = NULL;
	gh->token = NULL;
	if (gh->app) {
		github_app_release(gh->app);
		free(gh->app);
		gh->app = NULL;
	}
}

/*
 * With a GitHub App: make gh->auth carry a valid installation token, minted or
 * renewed as needed (FORCE: GitHub refused the current one).  0 or -1 with ERR.
 */
static int app_auth(struct github_client *gh, int force, struct strbuf *err)
{
	if (!gh->app)
		return 0;
	if (github_app_authorize(gh->app, &gh->http, force, err))
		return -1;
	if (!gh->auth || gh->auth_generation != gh->app->generation) {
		if (gh->auth)
			memset(gh->auth, 0, strlen(gh->auth));
		free(gh->auth);
		gh->auth = xasprintf("Authorization: Bearer %s", gh->app->token);
		gh->token = gh->app->token;
		gh->auth_generation = gh->app->generation;
	}
	return 0;
}

char *github_url(const struct github_client *gh, const char *fmt, ...)
{
	va_list ap;
	char *path, *url;

	va_start(ap, fmt);
	path = xvasprintf(fmt, ap);
	va_end(ap);
	url = xasprintf("%s%s", gh->api_url, path);
	free(path);
	return url;
}

char *github_repo_url(const struct github_client *gh, const char *full_name, const char *fmt, ...)
{
	char *repo = github_escape_repo(full_name), *rest, *url;
	va_list ap;

	va_start(ap, fmt);
	rest = xvasprintf(fmt, ap);
	va_end(ap);
	url = xasprintf("%s/repos/%s%s", gh->api_url, repo, rest);
	free(repo);
	free(rest);
	return url;
}

char *github_escape_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *seg = xstrndup(p, n), *esc = http_escape(seg);

		strbuf_addstr(&sb, esc);
		free(seg);
		free(esc);
		p += n;
		if (*p == '/')
			strbuf_addch(&sb, *p++);
	}
	return strbuf_detach(&sb, NULL);
}

char *github_escape_repo(const char *full_name)
{
	const char *slash = strchr(full_name, '/');
	struct strbuf sb = STRBUF_INIT;
	char *owner;

	if (!slash) {
		urlenc_add(&sb, full_name);
		return strbuf_detach(&sb, NULL);
	}
	owner = xstrndup(full_name, (size_t)(slash - full_name));
	urlenc_add(&sb, owner);
	strbuf_addch(&sb, '/');
	urlenc_add(&sb, slash + 1);
	free(owner);
	return strbuf_detach(&sb, NULL);
}

void github_response_init(struct github_response *res)
{
	memset(res, 0, sizeof(*res));
}

void github_response_release(struct github_response *res)
{
	free(res->url);
	free(res->body);
	free(res->next);
	free(res->message);
	free(res->location);
	memset(res, 0, sizeof(*res));
}

int64_t github_parse_http_date(const char *s)
{
	struct tm tm;
	const char *end;

	if (!s)
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end || *end)
		return -1;
	return (int64_t)timegm(&tm);
}

static int64_t header_int(const struct http_response *hr, const char *name)
{
	const char *v = http_header(hr, name);
	char *end;
	long long n;

	if (!v || !*v)
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end || n < 0)
		return -1;
	return n;
}

static int contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

enum github_limit github_classify_limit(long status, const char *retry_after, const char *remaining,
					const char *message)
{
	if (status != 403 && status != 429)
		return GITHUB_LIMIT_NONE;
	if (retry_after && *retry_after)
		return GITHUB_LIMIT_RETRY_AFTER;
	if (remaining && !strcmp(remaining, "0"))
		return GITHUB_LIMIT_PRIMARY;
	if (status == 429 || contains_nocase(message, "rate limit") || contains_nocase(message, "abuse"))
		return GITHUB_LIMIT_SECONDARY;
	return GITHUB_LIMIT_NONE;
}

/* Remember what the x-ratelimit-* headers say; the reset is mapped onto our clock with the Date header. */
static void note_rate(struct github_client *gh, const struct http_response *hr)
{
	int64_t date = github_parse_http_date(http_header(hr, "date"));
	const char *resource = http_header(hr, "x-ratelimit-resource");
	int64_t v;

	if ((v = header_int(hr, "x-ratelimit-limit")) >= 0)
		gh->rate.limit = v;
	if ((v = header_int(hr, "x-ratelimit-used")) >= 0)
		gh->rate.used = v;
	if (resource)
		snprintf(gh->rate.resource, sizeof(gh->rate.resource), "%s", resource);
	if ((v = header_int(hr, "x-ratelimit-remaining")) >= 0)
		gh->rate.remaining = v;
	if (gh->app)
		github_app_note_date(gh->app, date);
	if ((v = header_int(hr, "x-ratelimit-reset")) >= 0) {
		gh->rate.reset = v;
		gh->rate.reset_local = date > 0 ? v - (date - time_now()) : v;
	}
}

/*
 * The "message" of a JSON error body, or NULL.  A server (or a proxy) that
 * echoes the credentials it was sent must not get the token into our logs,
 * messages or database: it is replaced by "***".
 */
static char *error_message(const struct github_client *gh, const struct http_response *hr)
{
	json_t *doc = json_loadb(hr->body.buf, hr->body.len, 0, NULL);
	const char *m = json_string_value(json_object_get(doc, "message"));
	struct strbuf sb = STRBUF_INIT;
	const char *hit;
	size_t tl = gh->token ? strlen(gh->token) : 0;

	if (!m) {
		json_decref(doc);
		return NULL;
	}
	while (tl && (hit = strstr(m, gh->token))) {
		strbuf_add(&sb, m, (size_t)(hit - m));
		strbuf_addstr(&sb, "***");
		m = hit + tl;
	}
	strbuf_addstr(&sb, m);
	json_decref(doc);
	return strbuf_detach(&sb, NULL);
}

/* Stop every later request of this run with WHY; ERR gets the same text. */
static int stop(struct github_client *gh, struct strbuf *err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int stop(struct github_client *gh, struct strbuf *err, const char *fmt, ...)
{
	va_list ap;

	if (!gh->stopped) {
		va_start(ap, fmt);
		gh->stopped = xvasprintf(fmt, ap);
		va_end(ap);
	}
	strbuf_addstr(err, gh->stopped);
	return GITHUB_STOPPED;
}

/* Wait SECONDS through the sleep hook, or stop when that would exceed the budget.  RESUME says when to come back. */
static int wait_for(struct github_client *gh, double seconds, const char *why, const char *resume, struct strbuf *err)
{
	seconds = ceil(seconds < 1 ? 1 : seconds);
	if (gh->waited + seconds > gh->budget)
		return stop(gh, err,
			    "stopped early: %s; waiting %.0f s would exceed github.time_budget_seconds (%.0f s, %.0f s "
			    "waited already); what was collected is kept and the next run resumes%s%s",
			    why, seconds, gh->budget, gh->waited, resume ? " " : "", resume ? resume : "");
	if (gh->log)
		log_debug(gh->log, "github: %s: waiting %.0f s", why, seconds);
	gh->http.sleep(gh->http.sleep_data, seconds, why);
	gh->waited += seconds;
	return 0;
}

/* Wait for the primary rate limit to reset (the last answer said remaining 0). */
static int wait_reset(struct github_client *gh, struct strbuf *err)
{
	char when[32], why[160], resume[96];
	double seconds = (double)(gh->rate.reset_local - time_now()) + 1;
	int rc;

	time_format_iso(gh->rate.reset > 0 ? gh->rate.reset : time_now(), when, sizeof(when));
	snprintf(why, sizeof(why), "GitHub's primary rate limit (%s%s%lld requests per hour) is used up until %s",
		 gh->rate.resource[0] ? gh->rate.resource : "", gh->rate.resource[0] ? ", " : "",
		 (long long)gh->rate.limit, when);
	snprintf(resume, sizeof(resume), "(any time after %s)", when);
	rc = wait_for(gh, gh->rate.reset_local > 0 ? seconds : SECONDARY_FIRST_WAIT, why, resume, err);
	if (!rc)
		gh->rate.remaining = -1; /* unknown until the next answer */
	return rc;
}

static int check_cap(struct github_client *gh, struct strbuf *err)
{
	if (gh->stopped) {
		strbuf_addstr(err, gh->stopped);
		return GITHUB_STOPPED;
	}
	if (gh->max_requests && gh->http.requests >= gh->max_requests)
		return stop(gh, err,
			    "stopped early: github.max_requests (%lld) reached; what was collected is kept and the next run "
			    "continues where this one stopped",
			    (long long)gh->max_requests);
	return 0;
}

static int limited(struct github_client *gh, const struct http_response *hr, const char *url, int *rl_tries,
		   int *sec_tries, struct strbuf *err)
{
	char *msg = error_message(gh, hr);
	const char *ra = http_header(hr, "retry-after");
	enum github_limit kind = github_classify_limit(hr->status, ra, http_header(hr, "x-ratelimit-remaining"), msg);
	char why[256];
	int rc = 0;
	double secs;

	switch (kind) {
	case GITHUB_LIMIT_NONE:
		strbuf_addf(err, "GET %s: %ld %s: %s", url, hr->status, msg ? msg : "Forbidden", PERMISSIONS_NEEDED);
		if (http_header(hr, "x-github-sso"))
			strbuf_addstr(err, "; the token must also be authorised for the organisation's SAML single sign-on");
		rc = GITHUB_FAILED;
		break;
	case GITHUB_LIMIT_RETRY_AFTER:
	case GITHUB_LIMIT_PRIMARY:
		if (++*rl_tries > MAX_RATE_LIMIT_TRIES) {
			rc = stop(gh, err, "stopped early: GET %s was rate limited %d times in a row; the next run resumes", url,
				  MAX_RATE_LIMIT_TRIES);
			break;
		}
		if (kind == GITHUB_LIMIT_PRIMARY) {
			rc = wait_reset(gh, err);
			break;
		}
		errno = 0;
		secs = strtod(ra, NULL);
		if (errno || !(secs >= 0))
			secs = SECONDARY_FIRST_WAIT;
		snprintf(why, sizeof(why), "GitHub answered %ld with retry-after: %s", hr->status, ra);
		rc = wait_for(gh, secs, why, NULL, err);
		break;
	case GITHUB_LIMIT_SECONDARY:
		if (*sec_tries >= SECONDARY_TRIES) {
			rc = stop(gh, err,
				  "stopped early: GitHub's secondary rate limit persisted after %d back-offs (GET %s: %s); "
				  "what was collected is kept and the next run resumes",
				  SECONDARY_TRIES, url, msg ? msg : "rate limited");
			break;
		}
		secs = SECONDARY_FIRST_WAIT * (double)(1 << *sec_tries);
		++*sec_tries;
		snprintf(why, sizeof(why), "GitHub's secondary rate limit (%ld: %.120s), back-off %d of %d", hr->status,
			 msg ? msg : "rate limited", *sec_tries, SECONDARY_TRIES);
		rc = wait_for(gh, secs, why, NULL, err);
		break;
	}
	free(msg);
	return rc;
}

static void fill_from_http(struct github_response *res, struct http_response *hr)
{
	const char *link = http_header(hr, "link");

	res->status = hr->status;
	res->len = hr->body.len;
	res->body = xmalloc(res->len + 1);
	memcpy(res->body, hr->body.buf, res->len);
	res->body[res->len] = '\0';
	res->next = link ? http_link_next(link) : NULL;
	res->location = xstrdup(http_header(hr, "location"));
}

/* The cache part of a final answer: reuse the body on 304, store it on 200. */
static int settle(struct github_client *gh, unsigned flags, struct http_cache_entry *cached, int have_cache,
		  struct http_response *hr, struct github_response *res, struct strbuf *err)
{
	struct http_cache_entry put;

	if (hr->status == 304) {
		if (!have_cache) {
			strbuf_addf(err, "GET %s: 304 Not Modified although no validator was sent", res->url);
			return GITHUB_FAILED;
		}
		res->status = 200;
		res->not_modified = 1;
		res->body = cached->body;
		res->len = cached->len;
		res->next = cached->link_next;
		cached->body = cached->link_next = NULL;
		gh->cache_hits++;
		return store_http_cache_touch(gh->db, res->url, gh->now, err) ? GITHUB_FAILED : GITHUB_OK;
	}
	fill_from_http(res, hr);
	if (hr->status / 100 != 2) {
		res->message = error_message(gh, hr);
		return GITHUB_OK;
	}
	if (!gh->db || (flags & GITHUB_NO_CACHE) || (!http_header(hr, "etag") && !http_header(hr, "last-modified")))
		return GITHUB_OK;
	memset(&put, 0, sizeof(put));
	put.etag = (char *)http_header(hr, "etag");
	put.last_modified = (char *)http_header(hr, "last-modified");
	put.link_next = res->next;
	put.body = res->body;
	put.len = res->len;
	return store_http_cache_put(gh->db, res->url, &put, gh->now, err) ? GITHUB_FAILED : GITHUB_OK;
}

/* One request (with its rate-limit waits and retries), no redirect followed. */
static int get_once(struct github_client *gh, const char *url, unsigned flags, struct github_response *res,
		    struct strbuf *err)
{
	struct http_cache_entry cached;
	struct http_response hr;
	struct http_request req;
	const char *headers[6];
	char *ims = NULL;
	int have_cache = 0, rl_tries = 0, sec_tries = 0, nh = 0, ret = GITHUB_FAILED, rc, auth_at, renewed = 0;

	memset(&cached, 0, sizeof(cached));
	http_response_init(&hr);
	github_response_release(res);
	res->url = xstrdup(url);
	if ((rc = check_cap(gh, err))) {
		ret = rc;
		goto out;
	}
	if (!same_origin(gh, url)) {
		strbuf_addf(err, "refusing to send the GitHub token to '%s': it is not on the host of github.api_url (%s)",
			    url, gh->origin);
		goto out;
	}
	if (gh->db && !(flags & GITHUB_NO_CACHE) && (have_cache = store_http_cache_get(gh->db, url, &cached, err)) < 0)
		goto out;
	headers[nh++] = (flags & GITHUB_RAW) ? ACCEPT_RAW : ACCEPT_JSON;
	headers[nh++] = API_VERSION_HEADER;
	auth_at = nh;
	headers[nh++] = gh->auth;
	if (have_cache && !cached.etag && cached.last_modified) {
		ims = xasprintf("If-Modified-Since: %s", cached.last_modified);
		headers[nh++] = ims;
	}
	headers[nh] = NULL;
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.headers = headers;
	req.if_none_match = have_cache ? cached.etag : NULL;
	req.retries = -1;
	for (;;) {
		if ((rc = check_cap(gh, err))) {
			ret = rc;
			goto out;
		}
		if (gh->rate.remaining == 0 && gh->rate.reset_local > time_now() && (rc = wait_reset(gh, err))) {
			ret = rc;
			goto out;
		}
		if (app_auth(gh, 0, err))
			goto out;
		headers[auth_at] = gh->auth;
		if (http_get(&gh->http, &req, &hr, err)) {
			ret = GITHUB_UNAVAILABLE;
			goto out;
		}
		note_rate(gh, &hr);
		if (hr.status == 401 && gh->app && !renewed) {
			/* revoked or expired early: one new token, then the same request again */
			renewed = 1;
			if (app_auth(gh, 1, err))
				goto out;
			continue;
		}
		if (hr.status == 401 && gh->app) {
			char *msg = error_message(gh, &hr), *who = github_app_describe(gh->app);

			strbuf_addf(err, "GET %s: 401 %s: GitHub rejected the installation token of %s although it was "
					 "just minted: check that the installation is not suspended and that github.api_url "
					 "is the GitHub that issued it", url, msg ? msg : "Unauthorized", who);
			free(msg);
			free(who);
			goto out;
		}
		if (hr.status == 401) {
			char *msg = error_message(gh, &hr);

			strbuf_addf(err, "GET %s: 401 %s: GitHub rejected the token of 'github.token'%s%s: it is wrong, "
					 "expired or revoked",
				    url, msg ? msg : "Unauthorized", gh->cfg->github.token.where ? " at " : "",
				    gh->cfg->github.token.where ? gh->cfg->github.token.where : "");
			free(msg);
			goto out;
		}
		if (hr.status != 403 && hr.status != 429)
			break;
		if ((rc = limited(gh, &hr, url, &rl_tries, &sec_tries, err))) {
			ret = rc;
			goto out;
		}
	}
	ret = settle(gh, flags, &cached, have_cache, &hr, res, err);
out:
	store_http_cache_entry_release(&cached);
	http_response_release(&hr);
	free(ims);
	return ret;
}

static int is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

int github_get(struct github_client *gh, const char *url, unsigned flags, struct github_response *res,
	       struct strbuf *err)
{
	char *cur = xstrdup(url), *next;
	int rc, hops = 0;

	for (;;) {
		rc = get_once(gh, cur, flags, res, err);
		if (rc != GITHUB_OK || !is_redirect(res->status) || !res->location)
			break;
		next = res->location[0] == '/' ? xasprintf("%s%s", gh->origin, res->location) : xstrdup(res->location);
		if (!same_origin(gh, next)) {
			/* the token goes nowhere else: a repository moved to another host is not followed */
			strbuf_addf(err, "GET %s: %ld redirect to '%s', another host than github.api_url's: not followed "
					 "(the token is only sent to %s)",
				    cur, res->status, next, gh->origin);
			free(next);
			rc = GITHUB_UNAVAILABLE;
			break;
		}
		if (++hops > GITHUB_MAX_REDIRECTS) {
			strbuf_addf(err, "GET %s: more than %d redirects (the last to '%s')", url, GITHUB_MAX_REDIRECTS, next);
			free(next);
			rc = GITHUB_UNAVAILABLE;
			break;
		}
		log_info(gh->log, "GET %s: %ld moved to %s (a renamed or transferred repository): following", cur,
			 res->status, next);
		free(cur);
		cur = next;
	}
	free(cur);
	return rc;
}

int github_get_pages(struct github_client *gh, const char *url, unsigned flags, github_page_fn fn, void *data,
		     long *status, struct strbuf *err)
{
	struct github_response res;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	long max_pages = gh->cfg && gh->cfg->http.max_pages > 0 ? gh->cfg->http.max_pages : HTTP_MAX_PAGES_DEFAULT;
	long page = 0;
	char *cur = xstrdup(url);
	int ret = GITHUB_FAILED, rc;

	github_response_init(&res);
	if (status)
		*status = 0;
	while (cur) {
		/* a server whose rel="next" loops or never ends must not keep the run (and its lock) forever */
		if (g_hash_table_contains(seen, cur)) {
			strbuf_addf(err, "GET %s: rel=\"next\" leads back to '%s', a page already read: the server's "
					 "pagination loops; stopped after %ld pages",
				    res.url ? res.url : url, cur, page);
			ret = GITHUB_UNAVAILABLE;
			goto out;
		}
		if (++page > max_pages) {
			strbuf_addf(err, "GET %s: the listing has more than %ld pages (http.max_pages): stopped before '%s'",
				    url, max_pages, cur);
			ret = GITHUB_UNAVAILABLE;
			goto out;
		}
		g_hash_table_add(seen, xstrdup(cur));
		rc = github_get(gh, cur, flags, &res, err);
		if (rc != GITHUB_OK) {
			ret = rc;
			goto out;
		}
		if (status)
			*status = res.status;
		if (res.status / 100 != 2 && page > 1) {
			/* not "the listing is gone": its first page answered; say which page did not */
			github_describe(&res, err);
			strbuf_addf(err, " (page %ld of the listing that starts at %s: the listing changed while it was "
					 "read, or the server lost it; the next run reads it again)",
				    page, url);
			ret = GITHUB_UNAVAILABLE;
			goto out;
		}
		if (res.status / 100 != 2) {
			ret = GITHUB_OK;
			goto out;
		}
		rc = fn(data, &res, err);
		if (rc < 0) {
			ret = GITHUB_FAILED;
			goto out;
		}
		free(cur);
		cur = NULL;
		if (rc > 0 || !res.next)
			break;
		if (res.next[0] == '/') {
			cur = xasprintf("%s%s", gh->origin, res.next);
		} else if (!same_origin(gh, res.next)) {
			strbuf_addf(err, "GET %s: refusing to follow rel=\"next\" to '%s': not on the host of github.api_url",
				    res.url, res.next);
			goto out;
		} else {
			cur = xstrdup(res.next);
		}
	}
	ret = GITHUB_OK;
out:
	free(cur);
	g_hash_table_destroy(seen);
	github_response_release(&res);
	return ret;
}

void github_describe(const struct github_response *res, struct strbuf *err)
{
	strbuf_addf(err, "GET %s: %ld", res->url, res->status);
	if (res->message)
		strbuf_addf(err, " %s", res->message);
}
