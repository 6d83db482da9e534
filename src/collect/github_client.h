/*
 * The GitHub REST client every GitHub request goes through: base URL, headers,
 * Link pagination, conditional requests against http_cache, rate limits
 * (primary, secondary, retry-after), a request cap and a waiting budget.
 */
#ifndef IDPM_GITHUB_CLIENT_H
#define IDPM_GITHUB_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "collect/http.h"
#include "store/db.h"
#include "store/runs.h"
#include "util/config.h"
#include "util/log.h"
#include "util/strbuf.h"

/* What github_get and github_get_pages return. */
enum github_result {
	GITHUB_UNAVAILABLE = -2, /* no usable answer after http.retries (refused, timeouts, 5xx, cut bodies):
				  * the caller may skip the item and go on, or fail */
	GITHUB_FAILED = -1,  /* the source must stop and fail: ERR names URL, status and cause (401, permission 403) */
	GITHUB_OK = 0,       /* an answer came: look at the response status */
	GITHUB_STOPPED = 1   /* stop cleanly (rate limit beyond the budget, github.max_requests): keep what is
			      * done, mark the run partial; ERR says why and when the next run can resume */
};

enum github_flags {
	GITHUB_RAW = 1 << 0,      /* Accept: application/vnd.github.raw+json (file contents as bytes) */
	GITHUB_NO_CACHE = 1 << 1  /* no conditional request, nothing stored (one-off, large answers) */
};

/* Rate-limit state as the last response reported it (x-ratelimit-*); -1 when unknown. */
struct github_rate {
	int64_t limit, remaining, used;
	int64_t reset;            /* x-ratelimit-reset: Unix seconds on GitHub's clock */
	int64_t reset_local;      /* the same instant on our wall clock (corrected with the Date header) */
	char resource[32];        /* core, search, ... */
};

struct github_app;

struct github_client {
	struct http_client http;      /* counts requests and 304s into the run's stats */
	const struct config *cfg;
	struct db *db;                /* holds http_cache; NULL: no conditional requests */
	struct log *log;
	int64_t now;                  /* the run's time (--now): cache timestamps */
	char *api_url;                /* github.api_url without a trailing '/' */
	char *origin;                 /* scheme://host[:port] of api_url: the token is sent nowhere else */
	char *auth;                   /* "Authorization: Bearer TOKEN" (never logged: the log redacts tokens) */
	const char *token;            /* borrowed from cfg or app: only to redact what servers echo back */
	struct github_app *app;       /* GitHub App sign-in (github.app_id), or NULL: auth follows its token */
	unsigned auth_generation;     /* the app token generation auth was made from */
	int64_t max_requests;         /* github.max_requests; 0 = no cap */
	double budget;                /* github.time_budget_seconds: the most a run waits for rate limits */
	double waited;                /* seconds waited (or, with fake sleep, announced) so far */
	struct github_rate rate;
	int64_t cache_hits;           /* 304s answered from http_cache */
	char *stopped;                /* once set, why every later request is refused (GITHUB_STOPPED) */
};

/* One answer.  Members are owned; github_response_release() frees them. */
struct github_response {
	long status;                  /* HTTP status; a 304 is reported as 200 with not_modified = 1 */
	int not_modified;             /* the body is the cached one, confirmed by a 304 */
	char *url;                    /* the URL requested */
	char *body;                   /* NUL-terminated; error bodies too */
	size_t len;
	char *next;                   /* rel="next" (verbatim, absolute), NULL on the last page */
	char *message;                /* "message" of a JSON error body, or NULL */
	char *location;               /* the Location header (of a redirect not followed), or NULL */
};

/*
 * Prepare GH for one run: needs github.token (ERR names the key, file and line
 * when it is missing), or a GitHub App (github.app_id): its key is read and
 * checked here, its installation token minted at the first request and
 * renewed before it expires or once when GitHub answers 401 to it.  STATS (may be NULL) receives requests and 304s; DB
 * (may be NULL) holds the conditional-request cache.  0 or -1 with ERR.
 */
int github_client_init(struct github_client *gh, const struct config *cfg, struct db *db, struct log *log,
		       struct run_stats *stats, int64_t now, struct strbuf *err);
void github_client_release(struct github_client *gh);

/* api_url followed by the formatted path ("/orgs/%s/repos?per_page=100"); the caller frees it. */
char *github_url(const struct github_client *gh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * api_url + "/repos/" + FULL_NAME (github_escape_repo) + the formatted rest ("/actions/workflows?per_page=%d");
 * every URL about one repository is built here.  The caller frees it.
 */
char *github_repo_url(const struct github_client *gh, const char *full_name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* PATH percent-encoded segment by segment ('/' kept), for /contents/{path}; the caller frees it. */
char *github_escape_path(const char *path);
/*
 * A repository's "owner/name" for a URL path: owner and name each percent-encoded as one segment
 * (the first '/' separates them; any other '/', '?', '#', '..' is encoded), so that a hostile name
 * cannot reach another endpoint.  The caller frees it.
 */
char *github_escape_repo(const char *full_name);

/*
 * GET URL (absolute, on api_url's origin) with the GitHub headers; FLAGS from
 * enum github_flags.  Sends If-None-Match when http_cache holds the URL and
 * answers a 304 with the cached body.  Waits for rate limits through the
 * http client's sleep hook: retry-after; x-ratelimit-remaining 0 until
 * x-ratelimit-reset; a secondary limit 60 s, then doubling, 4 tries.  A wait
 * that would take the run past github.time_budget_seconds, or a request past
 * github.max_requests, stops instead.  Requests are made one at a time.
 *
 * A redirect (a renamed or transferred repository answers 301) is followed up
 * to 5 times when it stays on api_url's origin; to another host it is not (the
 * token goes nowhere else): GITHUB_UNAVAILABLE with ERR.
 *
 * Returns GITHUB_OK with RES filled for any answer the caller must judge (2xx,
 * 304 from the cache, 404, 409, 410, 422, ...); GITHUB_FAILED for 401 (bad token) or a 403
 * that is not a rate limit (the message names the permissions needed);
 * GITHUB_UNAVAILABLE when no answer came after retries (5xx, timeouts, cut
 * bodies); GITHUB_STOPPED as described above.  Negative values carry ERR.  RES is reset
 * first; release it with github_response_release().
 */
int github_get(struct github_client *gh, const char *url, unsigned flags, struct github_response *res,
	       struct strbuf *err);
void github_response_init(struct github_response *res);
void github_response_release(struct github_response *res);

/*
 * Called once per page: PAGE is a 2xx answer.  Return 0 to read the next
 * page, 1 to stop reading (a watermark was reached), -1 with ERR to fail.
 */
typedef int (*github_page_fn)(void *data, const struct github_response *page, struct strbuf *err);

/*
 * GET URL and every rel="next" page after it, exactly as given, calling FN per
 * page.  When the first page answers other than 2xx, *STATUS (may be NULL) gets
 * that status and GITHUB_OK is returned, so the caller can treat a 404 as
 * "gone"; *STATUS is 200 when every page was read.  A later page answering
 * other than 2xx, a rel="next" leading back to a page already read (a loop),
 * or more than http.max_pages pages give GITHUB_UNAVAILABLE with ERR naming that
 * page's URL.  Returns as github_get, or GITHUB_FAILED when FN does.
 */
int github_get_pages(struct github_client *gh, const char *url, unsigned flags, github_page_fn fn, void *data,
		     long *status, struct strbuf *err);

/* "GET URL: STATUS MESSAGE" for an answer the caller did not expect, appended to ERR. */
void github_describe(const struct github_response *res, struct strbuf *err);

/* Pure helpers, exported for tests. */

/* Kinds of a 403/429 answer. */
enum github_limit {
	GITHUB_LIMIT_NONE,        /* not a rate limit: a permission problem (403) */
	GITHUB_LIMIT_RETRY_AFTER, /* retry-after given: wait that many seconds */
	GITHUB_LIMIT_PRIMARY,     /* x-ratelimit-remaining is 0: wait for x-ratelimit-reset */
	GITHUB_LIMIT_SECONDARY    /* a secondary limit: back off at least 60 s, then exponentially */
};
/* Classify a STATUS answer with headers RETRY_AFTER, REMAINING (NULL when absent) and error MESSAGE. */
enum github_limit github_classify_limit(long status, const char *retry_after, const char *remaining,
					const char *message);
/* An HTTP-date ("Fri, 27 Nov 2026 12:00:00 GMT") as Unix seconds, or -1. */
int64_t github_parse_http_date(const char *s);
/* The scheme://host[:port] prefix of URL, or NULL; the caller frees it. */
char *github_origin(const char *url);

#endif
