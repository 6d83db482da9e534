/* Demo data: the Backstage catalog of the demo organisation (teams under two business units, components, users). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/catalog.h"
#include "demo/demo.h"
#include "store/catalog.h"
#include "util/xalloc.h"

/* Which business unit each demo team belongs to (indexes of the team table in demo.c). */
struct unit {
	const char *name, *title;
	const char *teams[4];
};

static const struct unit units[] = {
	{ "commerce", "Commerce", { "checkout", "growth", "mobile", "payments" } },
	{ "core", "Core Platform", { "data-platform", "identity", "platform", "search" } },
};

static const char *const templates[][2] = {
	{ "go-service", "Go service" }, { "java-service", "Java service" },
	{ "react-frontend", "React frontend" }, { "data-pipeline", "Data pipeline" },
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A new entity of KIND in the default namespace. */
static void entity(struct catalog_entity *e, enum catalog_kind kind, const char *kind_name, const char *name,
		   const char *title)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->ref = xasprintf("%s:default/%s", kind_name, name);
	e->ns = xstrdup("default");
	e->name = xstrdup(name);
	e->title = dup_or_null(title);
	e->tags = xstrdup("[]");
}

static const char *unit_of(const char *team)
{
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		for (size_t k = 0; k < 4; k++)
			if (!strcmp(units[u].teams[k], team))
				return units[u].name;
	return "engineering";
}

static void add_groups(struct demo_org *org, struct catalog_set *set)
{
	struct catalog_entity e;

	entity(&e, CATALOG_GROUP, "group", "engineering", "Engineering");
	e.type = xstrdup("organization");
	catalog_set_add(set, &e);
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		entity(&e, CATALOG_GROUP, "group", units[u].name, units[u].title);
		e.type = xstrdup("business-unit");
		e.parent_ref = xstrdup("group:default/engineering");
		catalog_set_add(set, &e);
	}
	for (int t = 0; t < DEMO_TEAMS; t++) {
		entity(&e, CATALOG_GROUP, "group", org->teams[t].name, org->teams[t].title);
		e.type = xstrdup("team");
		e.parent_ref = xasprintf("group:default/%s", unit_of(org->teams[t].name));
		catalog_set_add(set, &e);
	}
}

/* The engineers of every team (named as the scaffolder demo's task creators) and one lead per business unit. */
static void add_users(struct demo_org *org, struct catalog_set *set)
{
	struct catalog_entity e;
	char name[96];

	for (int t = 0; t < DEMO_TEAMS; t++) {
		for (int k = 1; k <= org->teams[t].people; k++) {
			snprintf(name, sizeof(name), "%s.dev%d", org->teams[t].name, k);
			entity(&e, CATALOG_USER, "user", name, NULL);
			e.member_of = xcalloc(1, sizeof(*e.member_of));
			e.member_of[0] = xasprintf("group:default/%s", org->teams[t].name);
			e.nmember_of = 1;
			catalog_set_add(set, &e);
		}
	}
	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		snprintf(name, sizeof(name), "%s.lead", units[u].name);
		entity(&e, CATALOG_USER, "user", name, NULL);
		e.member_of = xcalloc(1, sizeof(*e.member_of));
		e.member_of[0] = xasprintf("group:default/%s", units[u].name);
		e.nmember_of = 1;
		catalog_set_add(set, &e);
	}
}

static const char *template_for(const char *language)
{
	if (!strcmp(language, "Go"))
		return templates[0][0];
	if (!strcmp(language, "Java") || !strcmp(language, "Kotlin"))
		return templates[1][0];
	if (!strcmp(language, "TypeScript"))
		return templates[2][0];
	return templates[3][0];
}

static void add_component(struct demo_org *org, struct rng *r, const struct demo_repo *repo, struct catalog_set *set)
{
	struct catalog_entity e;
	const char *team = org->teams[repo->team].name;
	static const double tier_weights[] = { 2, 4.5, 3.5 };
	char lang[16];
	size_t i;

	entity(&e, CATALOG_COMPONENT, "component", repo->name, NULL);
	e.type = xstrdup(strstr(repo->name, "-web") || strstr(repo->name, "-admin") ? "website"
			 : strstr(repo->name, "-config")				  ? "library"
											  : "service");
	/* archived: deprecated; young scaffolded services and a few others: experimental */
	if (repo->archived)
		e.lifecycle = xstrdup("deprecated");
	else if ((repo->via_scaffolder && repo->created_at > org->now - 75 * 86400LL) || rng_chance(r, 0.08))
		e.lifecycle = xstrdup("experimental");
	else
		e.lifecycle = xstrdup("production");
	e.system = xasprintf("system:default/%s", team);
	/* a few components are owned by a person: their team owns them through the user's membership */
	if (rng_chance(r, 0.04))
		e.owner_ref = xasprintf("user:default/%s.dev1", team);
	else
		e.owner_ref = xasprintf("group:default/%s", team);
	e.repo = xasprintf("%s/%s", DEMO_ORG, repo->name);
	e.repo_from = xstrdup(rng_chance(r, 0.06) ? "source-location" : "project-slug");
	if (repo->via_scaffolder)
		e.source_template = xasprintf("template:default/%s", template_for(repo->language));
	for (i = 0; repo->language[i] && i + 1 < sizeof(lang); i++)
		lang[i] = (char)(repo->language[i] | 0x20); /* ASCII lower case */
	lang[i] = '\0';
	free(e.tags);
	e.tier = xasprintf("tier-%zu", rng_weighted(r, tier_weights, 3) + 1);
	e.tags = xasprintf("[\"%s\",\"%s\"]", e.tier, lang);
	catalog_set_add(set, &e);
}

static void add_templates(struct catalog_set *set)
{
	struct catalog_entity e;

	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		entity(&e, CATALOG_TEMPLATE, "template", templates[i][0], templates[i][1]);
		e.type = xstrdup("service");
		e.owner_ref = xstrdup("group:default/platform");
		catalog_set_add(set, &e);
	}
}

static int generate(struct demo_org *org, struct db *db, struct strbuf *err)
{
	struct catalog_set set;
	/* A stream of its own: the other generators' data do not depend on where this one runs. */
	struct rng r;
	int ret;

	rng_seed(&r, 7007);
	catalog_set_init(&set);
	add_groups(org, &set);
	add_users(org, &set);
	add_templates(&set);
	for (size_t i = 0; i < org->nrepos; i++) {
		const struct demo_repo *repo = &org->repos[i];

		/* forks, the template repository and about one in thirty others are not in the catalog */
		if (repo->fork || repo->is_template || rng_chance(&r, 0.03))
			continue;
		add_component(org, &r, repo, &set);
	}
	catalog_set_resolve(&set);
	ret = store_catalog_replace(db, &set, org->now, NULL, err);
	catalog_set_release(&set);
	return ret;
}

const struct demo_generator demo_catalog = { "catalog", generate, { 7200, 12, 9, 0 } };
