/* Demo data: the acme organisation's repositories, their CI workflows and weekly golden-path snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "collect/github.h"
#include "collect/workflow_yaml.h"
#include "store/github.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define WEEK (7 * 86400LL)
#define NIGHTLY_RUN_HOUR 2

/* The CI workflow of a repository on the golden path: a call of the platform's reusable workflow. */
static const char golden_ci[] =
	"name: CI\n"
	"on: [push, pull_request]\n"
	"jobs:\n"
	"  build:\n"
	"    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
	"    secrets: inherit\n";

/* ... and of one that is not: hand-written steps. */
static const char custom_ci[] =
	"name: CI\n"
	"on: [push]\n"
	"jobs:\n"
	"  test:\n"
	"    runs-on: ubuntu-latest\n"
	"    steps:\n"
	"      - uses: actions/checkout@v4\n"
	"      - uses: actions/setup-go@v5\n"
	"      - run: make test\n";

static const char deploy_wf[] =
	"name: Deploy\n"
	"on:\n"
	"  push:\n"
	"    branches: [main]\n"
	"jobs:\n"
	"  deploy:\n"
	"    runs-on: ubuntu-latest\n"
	"    environment: production\n"
	"    steps:\n"
	"      - uses: actions/checkout@v4\n"
	"      - run: ./deploy.sh\n";

static char *uses_of(const char *yaml, const char *name, struct strbuf *err)
{
	struct workflow_uses u = { 0 };
	char *json = NULL;

	if (!workflow_yaml_uses(yaml, strlen(yaml), name, &u, err))
		json = workflow_uses_json(&u);
	workflow_uses_release(&u);
	return json;
}

/* The repository row and its workflows as a collection at org->now would have stored them. */
static int put_repo(struct demo_org *org, struct db *db, const struct demo_repo *r, int64_t id, struct strbuf *err)
{
	struct github_repo repo;
	struct github_workflow wf[2];
	char full[128];
	char *ci = NULL, *deploy = NULL;
	size_t n = 0;
	int golden = r->golden_since != TIME_NONE && r->golden_since <= org->now;
	int ret = -1;

	snprintf(full, sizeof(full), "%s/%s", DEMO_ORG, r->name);
	memset(&repo, 0, sizeof(repo));
	repo.full_name = full;
	repo.owner = DEMO_ORG;
	repo.name = r->name;
	repo.id = id;
	repo.archived = r->archived;
	repo.fork = r->fork;
	repo.is_template = r->is_template;
	repo.visibility = "internal";
	repo.default_branch = "main";
	repo.topics = "[]";
	repo.created_at = r->created_at;
	repo.pushed_at = r->pushed_at;
	if (store_github_repo_upsert(db, &repo, 1, org->now, err))
		goto out;
	memset(wf, 0, sizeof(wf));
	/* A few repositories that never moved have no CI at all. */
	if (golden || !(id % 9 == 4)) {
		ci = uses_of(golden ? golden_ci : custom_ci, full, err);
		if (!ci)
			goto out;
		wf[n].id = id * 10 + 1;
		wf[n].name = "CI";
		wf[n].path = ".github/workflows/ci.yml";
		wf[n].state = "active";
		wf[n++].uses = ci;
	}
	if (r->deployable) {
		deploy = uses_of(deploy_wf, full, err);
		if (!deploy)
			goto out;
		wf[n].id = id * 10 + 2;
		wf[n].name = "Deploy";
		wf[n].path = ".github/workflows/deploy.yml";
		wf[n].state = "active";
		wf[n++].uses = deploy;
	}
	ret = store_github_workflows_replace(db, full, wf, n, r->pushed_at, org->now, err);
out:
	free(ci);
	free(deploy);
	return ret;
}

/* One repository's row of the snapshot taken at T (its state then, as the demo story has it). */
static int put_snapshot(struct demo_org *org, struct db *db, const struct demo_repo *r, int64_t id, int64_t t,
			const char *day, struct strbuf *err)
{
	struct github_snapshot s;
	char full[128], via[160];
	int64_t pushed = r->pushed_at <= t ? r->pushed_at : t - 86400 * (1 + id % 5);

	snprintf(full, sizeof(full), "%s/%s", DEMO_ORG, r->name);
	memset(&s, 0, sizeof(s));
	s.day = day;
	s.taken_at = t;
	s.repo = full;
	s.inactive_why = github_inactive_why(r->archived, 0, r->fork, r->is_template, pushed, org->cfg, t);
	s.active = !s.inactive_why;
	s.checked = 1;
	s.golden = r->golden_since != TIME_NONE && r->golden_since <= t;
	if (s.golden) {
		snprintf(via, sizeof(via), ".github/workflows/ci.yml: acme/golden-paths/.github/workflows/build.yml@v3");
		s.golden_via = via;
	}
	s.workflows = (s.golden || id % 9 != 4) + r->deployable;
	s.pushed_at = pushed;
	return store_github_snapshot_put(db, &s, err);
}

static int generate(struct demo_org *org, struct db *db, struct strbuf *err)
{
	int64_t first = org->start + NIGHTLY_RUN_HOUR * 3600;
	char day[16], last_day[16] = "";

	for (size_t i = 0; i < org->nrepos; i++)
		if (put_repo(org, db, &org->repos[i], 1000 + (int64_t)i, err))
			return -1;
	/* A weekly snapshot through the demo span, and tonight's. */
	for (int64_t t = first;; t += WEEK) {
		int64_t at = t < org->now ? t : org->now;

		time_format_date(at, org->pcfg->tz, day, sizeof(day));
		if (strcmp(day, last_day)) {
			for (size_t i = 0; i < org->nrepos; i++) {
				const struct demo_repo *r = &org->repos[i];

				if (r->created_at > at)
					continue;
				if (put_snapshot(org, db, r, 1000 + (int64_t)i, at, day, err))
					return -1;
			}
			snprintf(last_day, sizeof(last_day), "%s", day);
		}
		if (at == org->now)
			break;
	}
	return 0;
}

const struct demo_generator demo_github = { "github", generate, { 7212, 95, 412, 391 } };
