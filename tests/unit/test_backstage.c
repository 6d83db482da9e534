/* Unit tests: the Backstage client: plugin URLs, configuration checks, error explanations, token redaction. */
#include <stdlib.h>

#include "collect/backstage.h"
#include "test.h"

static void explain(long status, const char *body, const char *location, const char *want_substr, const char *token)
{
	struct strbuf err = STRBUF_INIT;

	backstage_explain(status, "http://b/api/scaffolder/v2/tasks", "scaffolder", body, body ? strlen(body) : 0,
			  location, "idpmetrics.yaml:3", token, &err);
	if (!strstr(err.buf, want_substr)) {
		fprintf(stderr, "%s: '%s' not in '%s'\n", test_name, want_substr, err.buf);
		test_failures++;
	}
	if (token && strstr(err.buf, token)) {
		fprintf(stderr, "%s: token leaked in '%s'\n", test_name, err.buf);
		test_failures++;
	}
	if (strchr(err.buf, '\n') || strchr(err.buf, '\r')) {
		fprintf(stderr, "%s: message is not one line: '%s'\n", test_name, err.buf);
		test_failures++;
	}
	strbuf_release(&err);
}

static void test_backstage__explain(void)
{
	const char *auth = "{\"error\":{\"name\":\"AuthenticationError\",\"message\":\"Missing credentials\"},"
			   "\"request\":{\"method\":\"GET\",\"url\":\"/api/scaffolder/v2/tasks\"},\"response\":{\"statusCode\":401}}";

	explain(401, auth, NULL, "GET http://b/api/scaffolder/v2/tasks: HTTP 401 AuthenticationError: Missing credentials: ",
		NULL);
	explain(401, auth, NULL, "backend.auth.externalAccess", NULL);
	explain(401, auth, NULL, "'- type: static'", NULL);
	explain(401, auth, NULL, "(idpmetrics.yaml:3)", NULL);
	explain(403, "{\"error\":{\"name\":\"NotAllowedError\",\"message\":\"Unauthorized\"}}", NULL,
		"HTTP 403 NotAllowedError: Unauthorized: Backstage knows the token but does not let it read the 'scaffolder' plugin",
		NULL);
	explain(403, "", NULL, "add '- plugin: scaffolder'", NULL);
	explain(400, "{\"error\":{\"name\":\"InputError\",\"message\":\"Invalid order field \\\"createdAt\\\"\"}}", NULL,
		"HTTP 400 InputError: Invalid order field \"createdAt\"", NULL);
	explain(404, "", NULL, "HTTP 404 (not found): check that 'backstage.base_url' is the backend's base URL", NULL);
	explain(404, "{\"error\":{\"name\":\"NotFoundError\",\"message\":\"No task with id 'x' found\"}}", NULL,
		"HTTP 404 NotFoundError: No task with id 'x' found: check", NULL);
	explain(302, "", "https://sso.example.com/login", "HTTP 302 redirect to 'https://sso.example.com/login'", NULL);
	/* not Backstage's shape: the first line of what came, cleaned */
	explain(418, "I'm a teapot\nsecond line", NULL, "HTTP 418 I'm a teapot", NULL);
	explain(429, "{\"message\":\"Too many\\trequests\"}", NULL, "HTTP 429 Too many requests", NULL);
	/* a server that echoes the token does not get it into our message */
	explain(400, "{\"error\":{\"name\":\"InputError\",\"message\":\"bad header Bearer tok-123-secret here\"}}", NULL,
		"bad header Bearer *** here", "tok-123-secret");
	/* long messages are cut */
	{
		char body[2000];
		struct strbuf err = STRBUF_INIT;

		snprintf(body, sizeof(body), "{\"error\":{\"name\":\"Error\",\"message\":\"%0*d\"}}", 1000, 7);
		backstage_explain(500, "U", "scaffolder", body, strlen(body), NULL, NULL, NULL, &err);
		CHECK(err.len < 400);
		CHECK(strstr(err.buf, "...") != NULL);
		strbuf_release(&err);
	}
}

static void test_backstage__client(void)
{
	struct config cfg;
	struct backstage_client bc;
	struct strbuf err = STRBUF_INIT;
	struct log log;
	char *url;
	const char *params[] = { "limit", "100", "offset", "0", "order", "asc:created_at", "filter", "kind=component,a b",
				 NULL };

	log_init(&log, NULL);
	config_init(&cfg);
	/* no base_url */
	CHECK_INTEQ(backstage_client_init(&bc, &cfg, &log, NULL, &err), -1);
	CHECK(strstr(err.buf, "no 'backstage.base_url' configured") != NULL);
	backstage_client_release(&bc);
	strbuf_reset(&err);
	cfg.backstage.base_url = strdup("backstage.example.com");
	CHECK_INTEQ(backstage_client_init(&bc, &cfg, &log, NULL, &err), -1);
	CHECK(strstr(err.buf, "must start with https://") != NULL);
	backstage_client_release(&bc);
	strbuf_reset(&err);
	free(cfg.backstage.base_url);
	cfg.backstage.base_url = strdup("https://backstage.example.com/");
	/* no token */
	CHECK_INTEQ(backstage_client_init(&bc, &cfg, &log, NULL, &err), -1);
	CHECK(strstr(err.buf, "no 'backstage.token' configured") != NULL);
	backstage_client_release(&bc);
	strbuf_reset(&err);
	cfg.backstage.token.value = strdup("two words");
	CHECK_INTEQ(backstage_client_init(&bc, &cfg, &log, NULL, &err), -1);
	CHECK(strstr(err.buf, "contains whitespace") != NULL && !strstr(err.buf, "two words"));
	backstage_client_release(&bc);
	strbuf_reset(&err);
	free(cfg.backstage.token.value);
	cfg.backstage.token.value = strdup("s3cr3t");
	CHECK_INTEQ(backstage_client_init(&bc, &cfg, &log, NULL, &err), 0);
	url = backstage_url(&bc, "scaffolder", "v2/tasks", params);
	CHECK_STREQ(url, "https://backstage.example.com/api/scaffolder/v2/tasks?limit=100&offset=0&order=asc:created_at"
			 "&filter=kind%3Dcomponent%2Ca%20b");
	free(url);
	url = backstage_url(&bc, "catalog", "/entities/by-query", NULL);
	CHECK_STREQ(url, "https://backstage.example.com/api/catalog/entities/by-query");
	free(url);
	backstage_client_release(&bc);
	config_release(&cfg);
	log_release(&log);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_backstage__explain);
	RUN(test_backstage__client);
	return TEST_RESULT();
}
