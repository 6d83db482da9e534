/* Unit tests: the GitHub client's pure helpers (rate-limit classification, dates, origins, paths) and activity. */
#include <stdlib.h>

#include "collect/github.h"
#include "collect/github_client.h"
#include "test.h"
#include "util/timeutil.h"

static void test_github_client__classify(void)
{
	/* not a rate limit at all */
	CHECK(github_classify_limit(200, NULL, "0", NULL) == GITHUB_LIMIT_NONE);
	CHECK(github_classify_limit(404, "5", NULL, NULL) == GITHUB_LIMIT_NONE);
	/* a permission 403: remaining left, no retry-after, no rate-limit words */
	CHECK(github_classify_limit(403, NULL, "4999", "Resource not accessible by integration") == GITHUB_LIMIT_NONE);
	CHECK(github_classify_limit(403, NULL, NULL, NULL) == GITHUB_LIMIT_NONE);
	/* retry-after wins, then remaining 0 */
	CHECK(github_classify_limit(403, "30", "0", "API rate limit exceeded") == GITHUB_LIMIT_RETRY_AFTER);
	CHECK(github_classify_limit(429, "7", NULL, NULL) == GITHUB_LIMIT_RETRY_AFTER);
	CHECK(github_classify_limit(403, NULL, "0", "API rate limit exceeded for installation ID 1") == GITHUB_LIMIT_PRIMARY);
	CHECK(github_classify_limit(429, "", "0", NULL) == GITHUB_LIMIT_PRIMARY);
	/* secondary: the message says so, or a bare 429 */
	CHECK(github_classify_limit(403, NULL, "4000", "You have exceeded a secondary rate limit. Please wait a few "
						  "minutes before you try again.") == GITHUB_LIMIT_SECONDARY);
	CHECK(github_classify_limit(403, NULL, NULL, "You have triggered an abuse detection mechanism") ==
	      GITHUB_LIMIT_SECONDARY);
	CHECK(github_classify_limit(429, NULL, "12", NULL) == GITHUB_LIMIT_SECONDARY);
	/* "00" or "10" remaining is not zero */
	CHECK(github_classify_limit(403, NULL, "10", "Forbidden") == GITHUB_LIMIT_NONE);
}

static void test_github_client__http_date(void)
{
	int64_t t;

	CHECK(!time_parse_iso("2026-11-27T12:00:05Z", NULL, &t));
	CHECK_INTEQ(github_parse_http_date("Fri, 27 Nov 2026 12:00:05 GMT"), t);
	CHECK_INTEQ(github_parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
	CHECK_INTEQ(github_parse_http_date("2026-11-27T12:00:05Z"), -1);
	CHECK_INTEQ(github_parse_http_date("Fri, 27 Nov 2026 12:00:05 GMT junk"), -1);
	CHECK_INTEQ(github_parse_http_date(NULL), -1);
}

static void check_origin(const char *url, const char *want)
{
	char *o = github_origin(url);

	if (want)
		CHECK_STREQ(o, want);
	else
		CHECK(o == NULL);
	free(o);
}

static void test_github_client__origin_and_paths(void)
{
	char *p;

	check_origin("https://api.github.com", "https://api.github.com");
	check_origin("https://API.GitHub.com/orgs/x/repos?page=2", "https://api.github.com");
	check_origin("https://ghe.example.com:8443/api/v3/repos", "https://ghe.example.com:8443");
	check_origin("http://127.0.0.1:5000?x", "http://127.0.0.1:5000");
	check_origin("/organizations/1/repos", NULL);
	check_origin("https:///x", NULL);
	check_origin("://x", NULL);
	check_origin(NULL, NULL);
	p = github_escape_path(".github/workflows/build & test.yml");
	CHECK_STREQ(p, ".github/workflows/build%20%26%20test.yml");
	free(p);
	p = github_escape_path(".github/workflows/ci.yml");
	CHECK_STREQ(p, ".github/workflows/ci.yml");
	free(p);
}

static void test_github_client__active(void)
{
	struct config cfg;
	int64_t now = 2000000000, day = 86400;

	config_init(&cfg);
	CHECK(github_inactive_why(0, 0, 0, 0, now - 89 * day, &cfg, now) == NULL);
	CHECK(github_inactive_why(0, 0, 0, 0, now - 90 * day, &cfg, now) == NULL);
	CHECK_STREQ(github_inactive_why(0, 0, 0, 0, now - 90 * day - 1, &cfg, now), "stale");
	CHECK_STREQ(github_inactive_why(0, 0, 0, 0, TIME_NONE, &cfg, now), "empty");
	CHECK_STREQ(github_inactive_why(1, 0, 1, 1, now, &cfg, now), "archived");
	CHECK_STREQ(github_inactive_why(0, 1, 0, 0, now, &cfg, now), "disabled");
	CHECK_STREQ(github_inactive_why(0, 0, 1, 0, now, &cfg, now), "fork");
	CHECK_STREQ(github_inactive_why(0, 0, 0, 1, now, &cfg, now), "template");
	cfg.github.include_forks = 1;
	cfg.github.active_days = 7;
	CHECK(github_inactive_why(0, 0, 1, 0, now - 6 * day, &cfg, now) == NULL);
	CHECK_STREQ(github_inactive_why(0, 0, 1, 0, now - 8 * day, &cfg, now), "stale");
	config_release(&cfg);
}

int main(void)
{
	RUN(test_github_client__classify);
	RUN(test_github_client__http_date);
	RUN(test_github_client__origin_and_paths);
	RUN(test_github_client__active);
	return TEST_RESULT();
}
