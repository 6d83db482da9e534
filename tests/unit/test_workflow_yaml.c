/* Unit tests: golden-path detection from workflow YAML (many spellings) and uses: glob matching. */
#include <stdlib.h>
#include <string.h>

#include "collect/workflow_yaml.h"
#include "test.h"

static char reusable_0[] = "acme/golden-paths/.github/workflows/*";
static char actions_0[] = "acme/golden-paths/actions/*", actions_1[] = "acme/setup-golden";
static char *reusable_v[] = { reusable_0 };
static char *actions_v[] = { actions_0, actions_1 };
static const struct str_list reusable = { reusable_v, 1 };
static const struct str_list actions = { actions_v, 2 };

/* The golden use found in TEXT ("" when none, NULL when the YAML is rejected); the caller frees it. */
static char *golden_of(const char *text)
{
	struct workflow_uses u = { 0 };
	struct strbuf err = STRBUF_INIT;
	const struct workflow_use *w;
	char *s = NULL;

	if (workflow_yaml_uses(text, strlen(text), "t.yml", &u, &err)) {
		strbuf_release(&err);
		return NULL;
	}
	w = golden_find(&u, &reusable, &actions);
	s = strdup(w ? w->uses : "");
	workflow_uses_release(&u);
	strbuf_release(&err);
	return s;
}

#define CHECK_GOLDEN(text, want)                        \
	do {                                            \
		char *got_ = golden_of(text);           \
		CHECK_STREQ(got_, want);                \
		free(got_);                             \
	} while (0)

static void test_workflow_yaml__spellings(void)
{
	/* plain */
	CHECK_GOLDEN("on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n",
		     "acme/golden-paths/.github/workflows/build.yml@v3");
	/* quoted, single and double, with a trailing comment */
	CHECK_GOLDEN("jobs:\n  ci:\n    uses: 'acme/golden-paths/.github/workflows/build.yml@main' # pinned\n",
		     "acme/golden-paths/.github/workflows/build.yml@main");
	CHECK_GOLDEN("\"jobs\":\n  \"ci\":\n    \"uses\": \"acme/golden-paths/.github/workflows/go.yml@v1\"\n",
		     "acme/golden-paths/.github/workflows/go.yml@v1");
	/* commented out: not golden */
	CHECK_GOLDEN("jobs:\n  ci:\n    # uses: acme/golden-paths/.github/workflows/build.yml@v3\n    runs-on: x\n"
		     "    steps:\n      - run: make\n",
		     "");
	CHECK_GOLDEN("jobs:\n  ci:\n    runs-on: x\n    steps:\n      #- uses: acme/golden-paths/actions/build@v1\n"
		     "      - uses: actions/checkout@v4\n",
		     "");
	/* a matrix job */
	CHECK_GOLDEN("jobs:\n  build:\n    strategy:\n      matrix:\n        go: ['1.21', '1.22']\n"
		     "    uses: acme/golden-paths/.github/workflows/go.yml@v2\n    with:\n      go: ${{ matrix.go }}\n",
		     "acme/golden-paths/.github/workflows/go.yml@v2");
	/* a commit sha as the ref, GitHub's case-insensitive owner and repository */
	CHECK_GOLDEN("jobs:\n  ci:\n    uses: ACME/Golden-Paths/.github/workflows/build.yml@8f4b7f84864484a7bf31766abe9204da3cbe65b3\n",
		     "ACME/Golden-Paths/.github/workflows/build.yml@8f4b7f84864484a7bf31766abe9204da3cbe65b3");
	/* the path is case-sensitive, and a look-alike repository is not the golden one */
	CHECK_GOLDEN("jobs:\n  ci:\n    uses: acme/golden-paths/.GITHUB/workflows/build.yml@v1\n", "");
	CHECK_GOLDEN("jobs:\n  ci:\n    uses: acme/golden-paths-fork/.github/workflows/build.yml@v1\n", "");
	CHECK_GOLDEN("jobs:\n  ci:\n    uses: evil/golden-paths/.github/workflows/build.yml@v1\n", "");
	/* flow style */
	CHECK_GOLDEN("{on: push, jobs: {ci: {uses: \"acme/golden-paths/.github/workflows/build.yml@v3\"}}}",
		     "acme/golden-paths/.github/workflows/build.yml@v3");
	/* a composite action in a step (actions patterns), also in the repository root */
	CHECK_GOLDEN("jobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
		     "      - name: build\n        uses: acme/golden-paths/actions/build@v1\n",
		     "acme/golden-paths/actions/build@v1");
	CHECK_GOLDEN("jobs:\n  ci:\n    steps:\n      - {uses: acme/setup-golden@v2}\n", "acme/setup-golden@v2");
	/* a reusable-workflow pattern does not count in a step, nor an action pattern at job level */
	CHECK_GOLDEN("jobs:\n  ci:\n    steps:\n      - uses: acme/golden-paths/.github/workflows/build.yml@v1\n", "");
	CHECK_GOLDEN("jobs:\n  ci:\n    uses: acme/golden-paths/actions/build@v1\n", "");
	/* the text in run:, with:, env: and block scalars is not a uses: */
	CHECK_GOLDEN("jobs:\n  ci:\n    runs-on: x\n    env:\n      uses: acme/golden-paths/.github/workflows/a.yml@v1\n"
		     "    steps:\n      - run: |\n          uses: acme/golden-paths/actions/build@v1\n"
		     "      - uses: actions/github-script@v7\n        with:\n"
		     "          uses: acme/golden-paths/actions/build@v1\n",
		     "");
	/* top-level keys other than jobs */
	CHECK_GOLDEN("uses: acme/golden-paths/.github/workflows/build.yml@v3\njobs: {}\n", "");
	/* anchors: an aliased scalar, aliased steps, and a merge key */
	CHECK_GOLDEN("x-gp: &gp acme/golden-paths/.github/workflows/build.yml@v3\njobs:\n  ci:\n    uses: *gp\n",
		     "acme/golden-paths/.github/workflows/build.yml@v3");
	CHECK_GOLDEN("x-steps: &steps\n  - uses: acme/golden-paths/actions/build@v1\njobs:\n  a:\n    runs-on: x\n"
		     "    steps: *steps\n",
		     "acme/golden-paths/actions/build@v1");
	CHECK_GOLDEN("x-job: &job\n  uses: acme/golden-paths/.github/workflows/build.yml@v3\njobs:\n  ci:\n    <<: *job\n"
		     "    secrets: inherit\n",
		     "acme/golden-paths/.github/workflows/build.yml@v3");
	/* an explicit key wins over a merged one */
	CHECK_GOLDEN("x-job: &job\n  uses: acme/golden-paths/.github/workflows/build.yml@v3\njobs:\n  ci:\n    <<: *job\n"
		     "    uses: other/repo/.github/workflows/x.yml@v1\n",
		     "");
	/* only the first document counts */
	CHECK_GOLDEN("jobs:\n  ci:\n    runs-on: x\n---\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/b.yml@v1\n",
		     "");
	/* a non-scalar uses is ignored, the next job still read */
	CHECK_GOLDEN("jobs:\n  a:\n    uses: [x]\n  b:\n    uses: acme/golden-paths/.github/workflows/b.yml@v1\n",
		     "acme/golden-paths/.github/workflows/b.yml@v1");
	/* Windows line ends and a BOM */
	CHECK_GOLDEN("\xef\xbb\xbfjobs:\r\n  ci:\r\n    uses: acme/golden-paths/.github/workflows/b.yml@v1\r\n",
		     "acme/golden-paths/.github/workflows/b.yml@v1");
}

static void test_workflow_yaml__errors(void)
{
	struct workflow_uses u = { 0 };
	struct strbuf err = STRBUF_INIT;
	const char *bad = "jobs:\n  ci:\n    uses: [unterminated\n";

	CHECK(workflow_yaml_uses(bad, strlen(bad), "acme/x/.github/workflows/ci.yml", &u, &err) == -1);
	CHECK(strstr(err.buf, "'acme/x/.github/workflows/ci.yml':") != NULL);
	CHECK(strstr(err.buf, "invalid YAML") != NULL);
	strbuf_reset(&err);
	CHECK(workflow_yaml_uses("- a\n- b\n", 8, "w.yml", &u, &err) == -1);
	CHECK(strstr(err.buf, "must be a mapping") != NULL);
	strbuf_reset(&err);
	CHECK(workflow_yaml_uses("", 0, "w.yml", &u, &err) == -1);
	CHECK(strstr(err.buf, "empty") != NULL);
	CHECK_INTEQ(u.n, 0);
	/* no jobs: GitHub refuses such a file ("No jobs defined"), and {} or an error page looks like this */
	strbuf_reset(&err);
	CHECK(workflow_yaml_uses("on: push\n", 9, "w.yml", &u, &err) == -1);
	CHECK_STREQ(err.buf, "'w.yml':1: no 'jobs' mapping: not a GitHub Actions workflow");
	strbuf_reset(&err);
	CHECK(workflow_yaml_uses("{}", 2, "w.yml", &u, &err) == -1);
	CHECK(strstr(err.buf, "no 'jobs' mapping") != NULL);
	strbuf_reset(&err);
	CHECK(workflow_yaml_uses("on: push\njobs: [a]\n", 19, "w.yml", &u, &err) == -1);
	CHECK_STREQ(err.buf, "'w.yml':2: no 'jobs' mapping: not a GitHub Actions workflow");
	strbuf_reset(&err);
	CHECK(workflow_yaml_uses("<html><body>proxy error</body></html>", 37, "w.yml", &u, &err) == -1);
	CHECK(strstr(err.buf, "must be a mapping") != NULL);
	CHECK_INTEQ(u.n, 0);
	workflow_uses_release(&u);
	strbuf_release(&err);
}

static void test_workflow_yaml__all_uses_and_json(void)
{
	const char *text = "jobs:\n  lint:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"
			   "      - run: make lint\n      - uses: \" acme/golden-paths/actions/lint@v1 \"\n"
			   "  ci:\n    uses: ./.github/workflows/local.yml\n";
	struct workflow_uses u = { 0 }, back = { 0 };
	struct strbuf err = STRBUF_INIT;
	char *json;

	CHECK(!workflow_yaml_uses(text, strlen(text), "w.yml", &u, &err));
	CHECK_INTEQ(u.n, 3);
	if (u.n == 3) {
		CHECK_STREQ(u.v[0].uses, "actions/checkout@v4");
		CHECK(u.v[0].kind == WORKFLOW_USE_STEP);
		CHECK_STREQ(u.v[0].job, "lint");
		CHECK_INTEQ(u.v[0].line, 5);
		CHECK_STREQ(u.v[1].uses, "acme/golden-paths/actions/lint@v1");
		CHECK(u.v[2].kind == WORKFLOW_USE_JOB);
		CHECK_STREQ(u.v[2].uses, "./.github/workflows/local.yml");
	}
	json = workflow_uses_json(&u);
	CHECK_STREQ(json, "[{\"job\":\"lint\",\"kind\":\"step\",\"uses\":\"actions/checkout@v4\"},"
			  "{\"job\":\"lint\",\"kind\":\"step\",\"uses\":\"acme/golden-paths/actions/lint@v1\"},"
			  "{\"job\":\"ci\",\"kind\":\"job\",\"uses\":\"./.github/workflows/local.yml\"}]");
	CHECK(!workflow_uses_from_json(json, &back));
	CHECK_INTEQ(back.n, 3);
	CHECK(golden_find(&back, &reusable, &actions) == &back.v[1]);
	CHECK(workflow_uses_from_json("{\"no\":1}", &back) == -1);
	CHECK(workflow_uses_from_json("[{\"job\":1}]", &back) == -1);
	free(json);
	workflow_uses_release(&u);
	workflow_uses_release(&back);
	strbuf_release(&err);
}

static void test_workflow_yaml__match(void)
{
	const char *p = "acme/golden-paths/.github/workflows/*";

	CHECK(golden_uses_match(p, "acme/golden-paths/.github/workflows/build.yml@v1"));
	CHECK(golden_uses_match(p, "acme/golden-paths/.github/workflows/build.yml"));
	CHECK(golden_uses_match(p, "Acme/GOLDEN-PATHS/.github/workflows/build.yml@release/v2"));
	CHECK(!golden_uses_match(p, "acme/golden-paths/.github/Workflows/build.yml@v1"));
	CHECK(!golden_uses_match(p, "acme/golden-paths/actions/build@v1"));
	CHECK(!golden_uses_match(p, "./.github/workflows/build.yml"));
	CHECK(!golden_uses_match(p, "docker://acme/golden-paths/.github/workflows/x"));
	/* pattern owner/repo in capitals still folds */
	CHECK(golden_uses_match("ACME/Golden-Paths/.github/workflows/*.yml", "acme/golden-paths/.github/workflows/b.yml@v1"));
	/* a pattern with a ref pins it */
	CHECK(golden_uses_match("acme/golden-paths/.github/workflows/*@v3*", "acme/golden-paths/.github/workflows/b.yml@v3.1"));
	CHECK(!golden_uses_match("acme/golden-paths/.github/workflows/*@v3*", "acme/golden-paths/.github/workflows/b.yml@v2"));
	CHECK(!golden_uses_match("acme/golden-paths/.github/workflows/*@v3", "acme/golden-paths/.github/workflows/b.yml"));
	/* exact names and '*' across '/' */
	CHECK(golden_uses_match("acme/setup-golden", "acme/setup-golden@v1"));
	CHECK(!golden_uses_match("acme/setup-golden", "acme/setup-golden-x@v1"));
	CHECK(golden_uses_match("acme/*", "acme/anything/sub/dir@v1"));
	CHECK(!golden_uses_match("", "acme/x@v1"));
	CHECK(golden_uses_match("  acme/x  ", " acme/x@v1 "));
}

/*
 * Nesting is bounded before libyaml builds anything: its scanner costs time in proportion to the
 * depth for every token, so 390 KB of '[' cost 99 s of CPU.  A real workflow nests a few levels.
 */
static void test_workflow_yaml__nesting_depth(void)
{
	struct workflow_uses u = { 0 };
	struct strbuf err = STRBUF_INIT, text = STRBUF_INIT;

	/* 64 levels of flow and block nesting are fine */
	strbuf_addstr(&text, "jobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n    with:\n      x: ");
	for (int i = 0; i < 60; i++)
		strbuf_addch(&text, '[');
	for (int i = 0; i < 60; i++)
		strbuf_addch(&text, ']');
	strbuf_addch(&text, '\n');
	CHECK_INTEQ(workflow_yaml_uses(text.buf, text.len, "ok.yml", &u, &err), 0);
	CHECK_INTEQ(u.n, 1);
	workflow_uses_release(&u);
	memset(&u, 0, sizeof(u));
	/* 65 levels are refused with the line, a valid file otherwise */
	strbuf_reset(&text);
	strbuf_addstr(&text, "jobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n    with:\n      x: ");
	for (int i = 0; i < 70; i++)
		strbuf_addch(&text, '{');
	for (int i = 0; i < 70; i++)
		strbuf_addch(&text, '}');
	strbuf_addch(&text, '\n');
	CHECK_INTEQ(workflow_yaml_uses(text.buf, text.len, "deep.yml", &u, &err), -1);
	CHECK(strstr(err.buf, "'deep.yml':5: nested deeper than 64 levels") != NULL);
	workflow_uses_release(&u);
	memset(&u, 0, sizeof(u));
	/* the attack itself: 390 KB of '[' (the test is about the answer; bench/ measures the time) */
	strbuf_reset(&text);
	strbuf_reset(&err);
	for (int i = 0; i < 390 * 1024; i++)
		strbuf_addch(&text, '[');
	CHECK_INTEQ(workflow_yaml_uses(text.buf, text.len, "bomb.yml", &u, &err), -1);
	CHECK(strstr(err.buf, "nested deeper than 64 levels") != NULL);
	workflow_uses_release(&u);
	strbuf_release(&text);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_workflow_yaml__spellings);
	RUN(test_workflow_yaml__errors);
	RUN(test_workflow_yaml__all_uses_and_json);
	RUN(test_workflow_yaml__match);
	RUN(test_workflow_yaml__nesting_depth);
	return TEST_RESULT();
}
