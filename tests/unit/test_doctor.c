/* Unit test: doctor's pure parts: token kinds, rate limit vs permission, classic scopes, files and database. */
#include <stdlib.h>

#include "collect/github_doctor.h"
#include "doctor/doctor.h"
#include "test.h"
#include "util/xalloc.h"

static void test_doctor__token_kind(void)
{
	CHECK_INTEQ(doctor_github_token_kind("ghp_abc"), GH_TOKEN_CLASSIC);
	CHECK_INTEQ(doctor_github_token_kind("github_pat_11AB"), GH_TOKEN_FINE_GRAINED);
	CHECK_INTEQ(doctor_github_token_kind("ghs_xyz"), GH_TOKEN_APP_INSTALLATION);
	CHECK_INTEQ(doctor_github_token_kind("gho_1"), GH_TOKEN_OAUTH);
	CHECK_INTEQ(doctor_github_token_kind("0123456789abcdef"), GH_TOKEN_UNKNOWN);
}

static void test_doctor__rate_limited_or_forbidden(void)
{
	CHECK(doctor_github_rate_limited(403, "0", NULL, "API rate limit exceeded for user ID 1."));
	CHECK(doctor_github_rate_limited(403, "4000", "60", "You have exceeded a secondary rate limit"));
	CHECK(doctor_github_rate_limited(429, NULL, NULL, NULL));
	CHECK(doctor_github_rate_limited(403, "4000", NULL, "You have exceeded a secondary rate limit."));
	CHECK(!doctor_github_rate_limited(403, "4000", NULL, "Resource not accessible by integration"));
	CHECK(!doctor_github_rate_limited(403, NULL, NULL, "Resource not accessible by personal access token"));
	CHECK(!doctor_github_rate_limited(404, "0", NULL, "Not Found"));
}

static void test_doctor__scopes(void)
{
	struct strbuf m = STRBUF_INIT;

	CHECK_INTEQ(doctor_missing_scopes("repo, read:org", &m), 0);
	CHECK_INTEQ(doctor_missing_scopes("read:org,repo", &m), 0);
	CHECK_INTEQ(doctor_missing_scopes("public_repo, read:org", &m), 1);
	CHECK_STREQ(m.buf, "repo");
	strbuf_reset(&m);
	CHECK_INTEQ(doctor_missing_scopes("repo:status", &m), 1);
	strbuf_reset(&m);
	CHECK_INTEQ(doctor_missing_scopes("", &m), 1);
	strbuf_release(&m);
}

static void test_doctor__insecure_url(void)
{
	CHECK(doctor_insecure_url("http://backstage.internal"));
	CHECK(doctor_insecure_url("HTTP://backstage.internal:7007/"));
	CHECK(doctor_insecure_url("http://127.example.com"));
	CHECK(doctor_insecure_url("http://localhost.evil.com/"));
	CHECK(!doctor_insecure_url("https://backstage.internal"));
	CHECK(!doctor_insecure_url("http://127.0.0.1:7007"));
	CHECK(!doctor_insecure_url("http://localhost/"));
	CHECK(!doctor_insecure_url("http://[::1]:7007"));
}

static const struct doctor_check *line(const struct doctor_report *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return &r->v[i];
	return NULL;
}

static void test_doctor__config_and_files(void)
{
	char dir[] = "/tmp/idpm-doctor-XXXXXX";
	struct doctor_report r = { 0 };
	struct doctor_env env;
	struct config cfg;
	char *path, *db;
	FILE *fp;
	const struct doctor_check *c;

	CHECK(mkdtemp(dir) != NULL);
	path = xasprintf("%s/idpmetrics.yaml", dir);
	db = xasprintf("%s/idpmetrics.db", dir);
	config_init(&cfg);
	CHECK_INTEQ(doctor_config(&r, &cfg, path), 0);
	CHECK(r.n == 1 && r.v[0].status == DOCTOR_FAIL && strstr(r.v[0].fix, "idpmetrics init"));
	doctor_report_release(&r);
	fp = fopen(path, "w");
	fputs("reporting:\n  timezone: Mars/Olympus\n", fp);
	fclose(fp);
	CHECK_INTEQ(doctor_config(&r, &cfg, path), 0);
	CHECK(strstr(r.v[0].detail, "'Mars/Olympus' is not a time zone") != NULL);
	doctor_report_release(&r);
	config_release(&cfg);
	config_init(&cfg);
	fp = fopen(path, "w");
	fputs("surveys:\n  - path: exports/*.csv\n", fp);
	fclose(fp);
	CHECK_INTEQ(doctor_config(&r, &cfg, path), 1);
	memset(&env, 0, sizeof(env));
	env.cfg = &cfg;
	env.config_ok = 1;
	env.db_path = db;
	doctor_checks(&r, &env);
	c = line(&r, "surveys");
	CHECK(c && c->status == DOCTOR_FAIL && strstr(c->detail, "no file matches") && strstr(c->detail, ":2)"));
	c = line(&r, "database");
	CHECK(c && c->status == DOCTOR_WARN && strstr(c->detail, "does not exist yet"));
	c = line(&r, "output directory");
	CHECK(c && c->status == DOCTOR_OK);
	CHECK(line(&r, "korean font") != NULL);
	CHECK(line(&r, "backstage url") == NULL);
	/* a file that is not a database */
	doctor_report_release(&r);
	fp = fopen(db, "w");
	fputs("this is not an SQLite database, but long enough to look like a header of one....\n", fp);
	fclose(fp);
	doctor_checks(&r, &env);
	c = line(&r, "database");
	CHECK(c && c->status == DOCTOR_FAIL && c->fix && strstr(c->fix, ".recover"));
	doctor_report_release(&r);
	config_release(&cfg);
	free(path);
	free(db);
}

int main(void)
{
	RUN(test_doctor__token_kind);
	RUN(test_doctor__rate_limited_or_forbidden);
	RUN(test_doctor__scopes);
	RUN(test_doctor__insecure_url);
	RUN(test_doctor__config_and_files);
	return TEST_RESULT();
}
