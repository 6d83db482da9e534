/* Unit tests: the configuration reader (types, unknown keys, env substitution, tokens). */
#include <stdlib.h>

#include "test.h"
#include "util/config.h"
#include "util/embedded.h"

static int load(struct config *cfg, const char *text, struct strbuf *err)
{
	config_release(cfg);
	config_init(cfg);
	strbuf_reset(err);
	return config_load_text(cfg, "t.yaml", text, strlen(text), err);
}

static void test_config__defaults_and_values(void)
{
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	CHECK_STREQ(cfg.storage.path, "idpmetrics.db");
	CHECK_INTEQ(cfg.github.active_days, 90);
	CHECK(!load(&cfg, "storage: { path: x.db }\nreporting:\n  timezone: Asia/Seoul\n  fiscal_year_start_month: 4\n"
			  "backstage:\n  templates: [\"template:default/*\"]\n  page_size: 50\n", &err));
	CHECK_STREQ(cfg.storage.path, "x.db");
	CHECK_STREQ(cfg.reporting.timezone, "Asia/Seoul");
	CHECK_INTEQ(cfg.reporting.fiscal_year_start_month, 4);
	CHECK_INTEQ(cfg.reporting.jobs, 0); /* one per processor */
	CHECK_INTEQ(cfg.backstage.templates.n, 1);
	CHECK_INTEQ(cfg.backstage.page_size, 50);
	CHECK(!load(&cfg, "", &err));
	CHECK(!load(&cfg, "# only a comment\n", &err));
	config_release(&cfg);
	strbuf_release(&err);
}

static void test_config__errors_name_file_line_key(void)
{
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	CHECK(load(&cfg, "storage:\n  path: a\ngithb:\n  org: x\n", &err));
	CHECK_STREQ(err.buf, "t.yaml:3: unknown key 'githb'");
	CHECK(load(&cfg, "github:\n  org: x\n  active_dayz: 3\n", &err));
	CHECK_STREQ(err.buf, "t.yaml:3: unknown key 'active_dayz' in 'github'");
	CHECK(load(&cfg, "github:\n  active_days: soon\n", &err));
	CHECK_STREQ(err.buf, "t.yaml:2: 'github.active_days' must be an integer, not 'soon'");
	CHECK(load(&cfg, "reporting:\n  fiscal_year_start_month: 13\n", &err));
	CHECK(strstr(err.buf, "t.yaml:2:") && strstr(err.buf, "between 1 and 12"));
	CHECK(load(&cfg, "reporting:\n  jobs: 65\n", &err));
	CHECK(strstr(err.buf, "t.yaml:2:") && strstr(err.buf, "between 0 and 64"));
	CHECK(load(&cfg, "github: [1, 2]\n", &err));
	CHECK(strstr(err.buf, "t.yaml:1:") != NULL);
	CHECK(load(&cfg, "github:\n  org: [unclosed\n", &err));
	CHECK(strstr(err.buf, "t.yaml:") != NULL);
	config_release(&cfg);
	strbuf_release(&err);
}

static void test_config__env_and_tokens(void)
{
	struct config cfg;
	struct strbuf err = STRBUF_INIT;
	const char *tok;

	config_init(&cfg);
	setenv("IDPM_TEST_ORG", "acme", 1);
	setenv("IDPM_TEST_TOKEN", "s3cret", 1);
	unsetenv("IDPM_TEST_MISSING");
	CHECK(!load(&cfg, "github:\n  org: ${IDPM_TEST_ORG}-inc\n  token: \"${IDPM_TEST_TOKEN}\"\n", &err));
	CHECK_STREQ(cfg.github.org, "acme-inc");
	CHECK_STREQ(cfg.github.token.value, "s3cret");
	CHECK(!load(&cfg, "github:\n  org: \"$${LITERAL}\"\n", &err));
	CHECK_STREQ(cfg.github.org, "${LITERAL}");
	/* a missing variable in an ordinary key fails at once, with the line */
	CHECK(load(&cfg, "storage: {}\ngithub:\n  org: ${IDPM_TEST_MISSING}\n", &err));
	CHECK_STREQ(err.buf, "t.yaml:3: environment variable 'IDPM_TEST_MISSING' is not set (used by 'github.org')");
	/* a missing token variable fails only when the token is needed */
	CHECK(!load(&cfg, "github:\n  token: ${IDPM_TEST_MISSING}\n", &err));
	strbuf_reset(&err);
	tok = config_token(&cfg.github.token, "github.token", &err);
	CHECK(tok == NULL);
	CHECK_STREQ(err.buf, "t.yaml:2: environment variable 'IDPM_TEST_MISSING' is not set (used by 'github.token')");
	/* a literal token is refused */
	CHECK(load(&cfg, "backstage:\n  token: ghp_abcdef\n", &err));
	CHECK(strstr(err.buf, "t.yaml:2:") && strstr(err.buf, "never read from the configuration text"));
	CHECK(load(&cfg, "backstage:\n  token: \"${IDPM_TEST_TOKEN}x\"\n", &err));
	config_release(&cfg);
	strbuf_release(&err);
}

static void test_config__surveys_both_shapes(void)
{
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	CHECK(!load(&cfg, "surveys:\n  - path: a/*.csv\n    score_column: How likely\n    population: { 2026-Q3: 180 }\n", &err));
	CHECK_INTEQ(cfg.surveys.n, 1);
	CHECK_STREQ(cfg.surveys.v[0].format, "auto");
	CHECK_STREQ(cfg.surveys.v[0].population.key[0], "2026-Q3");
	CHECK_STREQ(cfg.surveys.v[0].population.val[0], "180");
	CHECK(!load(&cfg, "surveys:\n  min_team_responses: 7\n  themes:\n    build: [build, 빌드]\n  sources:\n    - path: x.csv\n",
		    &err));
	CHECK_INTEQ(cfg.surveys.min_team_responses, 7);
	CHECK_INTEQ(cfg.surveys.nthemes, 1);
	CHECK_STREQ(cfg.surveys.themes[0].keywords.v[1], "빌드");
	CHECK_INTEQ(cfg.surveys.n, 1);
	CHECK(load(&cfg, "surveys:\n  - format: typeform\n", &err));
	CHECK(strstr(err.buf, "t.yaml:2:") && strstr(err.buf, "no 'path'"));
	config_release(&cfg);
	strbuf_release(&err);
}

static void test_config__shipped_examples_parse(void)
{
	static const char *const names[] = { "idpmetrics.example", "demo" };
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	setenv("BACKSTAGE_TOKEN", "x", 1);
	setenv("GITHUB_TOKEN", "y", 1);
	config_init(&cfg);
	for (size_t i = 0; i < 2; i++) {
		const struct embedded_file *f = embedded_find(embedded_docs, names[i]);

		CHECK(f != NULL);
		if (f && load(&cfg, f->data, &err))
			fprintf(stderr, "%s: %s\n", names[i], err.buf), test_failures++;
	}
	config_release(&cfg);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_config__defaults_and_values);
	RUN(test_config__errors_name_file_line_key);
	RUN(test_config__env_and_tokens);
	RUN(test_config__surveys_both_shapes);
	RUN(test_config__shipped_examples_parse);
	return TEST_RESULT();
}
