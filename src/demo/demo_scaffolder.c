/* Demo data: Backstage scaffolder tasks whose lead time falls from days to minutes over the quarters. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "store/scaffolder.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const char *const templates[] = {
	"template:default/go-service", "template:default/java-service", "template:default/react-frontend",
	"template:default/data-pipeline",
};
static const double template_weights[] = { 5, 3, 3, 1.5 };

static void make_uuid(struct rng *r, char *buf, size_t size)
{
	uint64_t a = rng_next(r), b = rng_next(r);

	snprintf(buf, size, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		 (unsigned)a & 0xfff, (unsigned)(0x8000 | ((b >> 48) & 0x3fff)), (unsigned long long)(b & 0xffffffffffffULL));
}

/* Median lead time in minutes: about two days at the start, a quarter of an hour at the end. */
static double median_minutes(double progress)
{
	return exp(log(2880.0) + (log(12.0) - log(2880.0)) * pow(progress, 0.6));
}

static char *task_json(const struct scaffolder_task *t, const char *owner_team)
{
	json_t *o = json_object(), *spec = json_object(), *params = json_object(), *info = json_object();
	char when[32], *repo_url, *owner, *s;

	repo_url = t->repo_name ? xasprintf("github.com?owner=%s&repo=%s", t->repo_owner, t->repo_name) : NULL;
	owner = xasprintf("group:default/%s", owner_team);
	json_object_set_new(o, "id", json_string(t->id));
	json_object_set_new(spec, "apiVersion", json_string("scaffolder.backstage.io/v1beta3"));
	json_object_set_new(info, "entityRef", json_string(t->template_ref));
	json_object_set_new(spec, "templateInfo", info);
	if (repo_url)
		json_object_set_new(params, "repoUrl", json_string(repo_url));
	json_object_set_new(params, "owner", json_string(owner));
	json_object_set_new(spec, "parameters", params);
	json_object_set_new(o, "spec", spec);
	json_object_set_new(o, "status", json_string(t->status));
	time_format_iso(t->created_at, when, sizeof(when));
	json_object_set_new(o, "createdAt", json_string(when));
	if (t->last_heartbeat_at != TIME_NONE) {
		time_format_iso(t->last_heartbeat_at, when, sizeof(when));
		json_object_set_new(o, "lastHeartbeatAt", json_string(when));
	}
	if (t->created_by)
		json_object_set_new(o, "createdBy", json_string(t->created_by));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	free(repo_url);
	free(owner);
	return s;
}

static int put_task(struct demo_org *org, struct db *db, int64_t created, const struct demo_repo *repo, int team,
		    struct strbuf *err)
{
	struct rng *r = &org->rng;
	struct scaffolder_task t;
	double p = demo_progress(org, created);
	double minutes = rng_lognormal(r, median_minutes(p), 0.7);
	char id[40], user[96], name[80];
	int64_t end = created + (int64_t)(minutes * 60);
	char *raw;
	int ret;

	memset(&t, 0, sizeof(t));
	make_uuid(r, id, sizeof(id));
	snprintf(user, sizeof(user), "user:default/%s.dev%d", org->teams[team].name,
		 (int)rng_range(r, 1, org->teams[team].people));
	t.id = id;
	t.template_ref = templates[rng_weighted(r, template_weights, 4)];
	t.created_by = user;
	t.created_at = created;
	t.completed_at = TIME_NONE;
	t.last_heartbeat_at = TIME_NONE;
	t.events_fetched_at = org->now;
	if (end > org->now) {
		t.status = "processing";
		t.last_heartbeat_at = org->now - 1;
		t.events_fetched_at = TIME_NONE;
	} else if (rng_chance(r, 0.80 + 0.17 * p)) {
		t.status = "completed";
		t.completed_at = end;
		t.last_heartbeat_at = end;
		/* A few servers vacuumed the events: only the heartbeat is left. */
		t.completed_approx = rng_chance(r, 0.03);
		if (repo) {
			t.repo_host = "github.com";
			t.repo_owner = DEMO_ORG;
			t.repo_name = repo->name;
		} else {
			snprintf(name, sizeof(name), "%s-svc-%d", org->teams[team].name, (int)rng_range(r, 100, 999));
			t.repo_host = "github.com";
			t.repo_owner = DEMO_ORG;
			t.repo_name = name;
		}
	} else {
		t.status = "failed";
		t.cancelled = rng_chance(r, 0.25);
		t.completed_at = created + (int64_t)(minutes * 60 * rng_uniform(r));
		t.last_heartbeat_at = t.completed_at;
	}
	raw = task_json(&t, org->teams[team].name);
	t.raw = raw;
	ret = store_task_upsert(db, &t, org->now, err);
	free(raw);
	return ret;
}

static int generate(struct demo_org *org, struct db *db, struct strbuf *err)
{
	/* Repositories created through the scaffolder get their own completed task. */
	for (size_t i = 0; i < org->nrepos; i++) {
		const struct demo_repo *repo = &org->repos[i];

		if (repo->via_scaffolder && put_task(org, db, repo->created_at - 600, repo, repo->team, err))
			return -1;
	}
	/* Other tasks: more each quarter as more teams use the templates. */
	for (int q = 0; q < DEMO_QUARTERS; q++) {
		const struct period *p = &org->quarters[q];
		int64_t end = p->end < org->now ? p->end : org->now;
		int n = (int)((double)(18 + 9 * q) * (double)(end - p->start) / (double)(p->end - p->start));

		for (int k = 0; k < n; k++) {
			int64_t created = rng_range(&org->rng, p->start, end - 1);
			int team = (int)rng_range(&org->rng, 0, DEMO_TEAMS - 1);

			if (put_task(org, db, created, NULL, team, err))
				return -1;
		}
	}
	return 0;
}

const struct demo_generator demo_scaffolder = { "scaffolder", generate, { 7307, 8, 14, 0 } };
