/* Unit tests: which team owns a repository, a scaffolder task, a written team name; the tier/lifecycle filters. */
#include <stdlib.h>

#include "collect/catalog_parse.h"
#include "compute/ownership.h"
#include "store/catalog.h"
#include "test.h"
#include "util/config.h"

static const char config_text[] =
	"teams:\n"
	"  repositories:\n"
	"    \"acme/legacy-*\": payments\n"       /* a group name */
	"    \"infra-*\": \"group:ops/sre\"\n"    /* no '/': matched against the name; a ref */
	"    \"ACME/Tools-*\": \"team:tooling\"\n" /* a scope as it is; case does not matter */
	"    \"*/*-sandbox\": Nobody Yet\n"        /* a name the catalog does not know */
	"catalog:\n"
	"  filters:\n"
	"    dora: { lifecycles: [production], tiers: [\"tier-[12]\"] }\n"
	"    adoption: { lifecycles: [production, experimental] }\n";

static struct ownership *fixture(struct config *cfg)
{
	struct strbuf err = STRBUF_INIT;
	struct ownership *o;

	config_init(cfg);
	if (config_load_text(cfg, "t.yaml", config_text, strlen(config_text), &err)) {
		fprintf(stderr, "%s\n", err.buf);
		test_failures++;
	}
	strbuf_release(&err);
	o = ownership_new(cfg);
	ownership_add_group(o, "group:default/payments", "default", "payments", "Payments Team", 16);
	ownership_add_group(o, "group:default/search", "default", "search", NULL, 12);
	ownership_add_group(o, "group:ops/sre", "ops", "sre", "Site Reliability", 4);
	/* the same name in another namespace: the default namespace wins for written names */
	ownership_add_group(o, "group:other/search", "other", "search", "Search Elsewhere", 3);
	ownership_add_group(o, "group:default/zeta", "default", "Zeta", "Ωmega Ünit", 2);
	ownership_add_component(o, "group:default/payments", "acme/ledger", "production", "[\"tier-1\",\"java\"]");
	ownership_add_component(o, "group:default/search", "Acme/Search-API", "experimental", "[\"tier-3\"]");
	/* a monorepo: two components of search, one of payments */
	ownership_add_component(o, "group:default/payments", "acme/mono", "production", "[\"tier-2\"]");
	ownership_add_component(o, "group:default/search", "acme/mono", "deprecated", NULL);
	ownership_add_component(o, "group:default/search", "acme/mono", "production", "[\"tier-3\"]");
	/* a tie: one component each: the first scope by name */
	ownership_add_component(o, "group:ops/sre", "acme/tie", "production", NULL);
	ownership_add_component(o, "group:default/search", "acme/tie", "production", NULL);
	/* an owner the catalog has no group for, and a component without an owning group */
	ownership_add_component(o, "group:default/ghost", "acme/ghost", "production", NULL);
	ownership_add_component(o, NULL, "acme/legacy-orphan", "production", NULL);
	ownership_set_users(o, 57);
	return o;
}

static void test_ownership__scopes(void)
{
	char *s;

	CHECK_STREQ((s = ownership_team_scope("default", "payments")), "team:payments");
	free(s);
	CHECK_STREQ((s = ownership_team_scope(NULL, "payments")), "team:payments");
	free(s);
	CHECK_STREQ((s = ownership_team_scope("ops", "sre")), "team:ops/sre");
	free(s);
	CHECK_STREQ(ownership_scope_name("team:ops/sre"), "ops/sre");
	CHECK_STREQ(ownership_scope_name("org"), "org");
	CHECK(ownership_scope_name(NULL) == NULL);
}

static void test_ownership__repositories(void)
{
	struct config cfg;
	struct ownership *o = fixture(&cfg);
	enum ownership_via via;

	CHECK_STREQ(ownership_repo(o, "acme/ledger", &via), "team:payments");
	CHECK(via == OWNERSHIP_VIA_CATALOG);
	/* case-insensitive both ways */
	CHECK_STREQ(ownership_repo(o, "ACME/search-api", NULL), "team:search");
	CHECK_STREQ(ownership_repo(o, "acme/mono", NULL), "team:search");
	CHECK_STREQ(ownership_repo(o, "acme/tie", NULL), "team:ops/sre");
	CHECK_STREQ(ownership_repo(o, "acme/ghost", NULL), "team:ghost");
	/* patterns: the catalog first, then the first matching pattern in file order */
	CHECK_STREQ(ownership_repo(o, "acme/legacy-billing", &via), "team:payments");
	CHECK(via == OWNERSHIP_VIA_CONFIG);
	CHECK_STREQ(ownership_repo(o, "acme/legacy-orphan", &via), "team:payments"); /* in the catalog, no team */
	CHECK(via == OWNERSHIP_VIA_CONFIG);
	CHECK_STREQ(ownership_repo(o, "other-org/infra-dns", NULL), "team:ops/sre");
	CHECK_STREQ(ownership_repo(o, "acme/tools-ci", NULL), "team:tooling");
	CHECK_STREQ(ownership_repo(o, "acme/x-sandbox", NULL), "team:Nobody Yet");
	/* the rest is unowned: shown, not dropped */
	CHECK_STREQ(ownership_repo(o, "acme/unknown", &via), OWNERSHIP_UNOWNED);
	CHECK(via == OWNERSHIP_VIA_NONE);
	CHECK_STREQ(ownership_repo(o, NULL, NULL), OWNERSHIP_UNOWNED);
	/* the same text is the same pointer: callers may compare scopes by pointer */
	CHECK(ownership_repo(o, "acme/ledger", NULL) == ownership_repo(o, "acme/legacy-x", NULL));
	ownership_free(o);
	config_release(&cfg);
}

static void test_ownership__tasks(void)
{
	struct config cfg;
	struct ownership *o = fixture(&cfg);
	enum ownership_via via;

	/* the created repository's owner first, whatever the task says */
	CHECK_STREQ(ownership_task(o, "acme", "ledger", "group:default/search", &via), "team:payments");
	CHECK(via == OWNERSHIP_VIA_CATALOG);
	/* not in the catalog: the owner parameter, when it names a catalog group (short refs are groups) */
	CHECK_STREQ(ownership_task(o, "acme", "brand-new", "group:default/search", &via), "team:search");
	CHECK(via == OWNERSHIP_VIA_TASK_OWNER);
	CHECK_STREQ(ownership_task(o, "acme", "brand-new", "Search", NULL), "team:search");
	CHECK_STREQ(ownership_task(o, NULL, NULL, "ops/sre", NULL), "team:ops/sre");
	/* an owner the catalog does not know, or a user, does not count: patterns, then unowned */
	CHECK_STREQ(ownership_task(o, "acme", "legacy-new", "group:default/nobody", &via), "team:payments");
	CHECK(via == OWNERSHIP_VIA_CONFIG);
	CHECK_STREQ(ownership_task(o, "acme", "brand-new", "user:default/jdoe", &via), OWNERSHIP_UNOWNED);
	CHECK(via == OWNERSHIP_VIA_NONE);
	CHECK_STREQ(ownership_task(o, NULL, NULL, NULL, NULL), OWNERSHIP_UNOWNED);
	CHECK_STREQ(ownership_task(o, NULL, NULL, "not a ref/x/y", NULL), OWNERSHIP_UNOWNED);
	ownership_free(o);
	config_release(&cfg);
}

static void test_ownership__written_names(void)
{
	struct config cfg;
	struct ownership *o = fixture(&cfg);
	enum ownership_via via;

	CHECK_STREQ(ownership_team_name(o, "payments", &via), "team:payments");
	CHECK(via == OWNERSHIP_VIA_GROUP_NAME);
	CHECK_STREQ(ownership_team_name(o, "  PAYMENTS ", NULL), "team:payments");
	CHECK_STREQ(ownership_team_name(o, "Payments Team", NULL), "team:payments");     /* by title */
	CHECK_STREQ(ownership_team_name(o, "site reliability", NULL), "team:ops/sre");
	CHECK_STREQ(ownership_team_name(o, "search", NULL), "team:search");             /* default namespace first */
	CHECK_STREQ(ownership_team_name(o, "Search Elsewhere", NULL), "team:other/search");
	/* Unicode case folding, and normalisation (a decomposed Ü) */
	CHECK_STREQ(ownership_team_name(o, "ωMEGA ünit", NULL), "team:Zeta");
	CHECK_STREQ(ownership_team_name(o, "\xce\xa9mega U\xcc\x88nit", NULL), "team:Zeta");
	CHECK_STREQ(ownership_team_name(o, "zeta", NULL), "team:Zeta");
	/* no group: the text itself, trimmed; blank: no team */
	CHECK_STREQ(ownership_team_name(o, " 결제 ", &via), "team:결제");
	CHECK(via == OWNERSHIP_VIA_TEXT);
	CHECK(ownership_team_name(o, "  ", NULL) == NULL);
	CHECK(ownership_team_name(o, NULL, NULL) == NULL);
	CHECK_STREQ(ownership_team_name(o, "bad \xff utf-8", NULL), "team:bad \xff utf-8");
	/* team sizes: direct members of the group a scope names */
	CHECK_INTEQ(ownership_members(o, "team:payments"), 16);
	CHECK_INTEQ(ownership_members(o, "team:ops/sre"), 4);
	CHECK_INTEQ(ownership_members(o, "team:결제"), -1);
	CHECK_INTEQ(ownership_users(o), 57);
	ownership_free(o);
	config_release(&cfg);
}

static void test_ownership__filters(void)
{
	struct config cfg;
	struct ownership *o = fixture(&cfg), *none = ownership_new(NULL);
	char *json;

	/* dora: production and tier-1 or tier-2 */
	CHECK(ownership_filtered(o, "dora"));
	CHECK(ownership_selected(o, "dora", "acme/ledger"));        /* production, tier-1 */
	CHECK(!ownership_selected(o, "dora", "acme/search-api"));   /* experimental */
	CHECK(ownership_selected(o, "dora", "ACME/MONO"));          /* one component matches: production tier-2 */
	CHECK(!ownership_selected(o, "dora", "acme/tie"));          /* production, but no tier tag */
	CHECK(!ownership_selected(o, "dora", "acme/unknown"));      /* outside the catalog: never matches a filter */
	/* adoption: production or experimental, any tier */
	CHECK(ownership_selected(o, "adoption", "acme/search-api"));
	CHECK(ownership_selected(o, "adoption", "acme/tie"));
	CHECK(!ownership_selected(o, "adoption", "acme/unknown"));
	/* other KPIs and no configuration: everything counts */
	CHECK(!ownership_filtered(o, "scaffolder"));
	CHECK(ownership_selected(o, "scaffolder", "acme/unknown"));
	CHECK(ownership_selected(none, "dora", "acme/unknown"));
	CHECK(ownership_filter_json(none, "dora") == NULL);
	CHECK_STREQ((json = ownership_filter_json(o, "dora")), "{\"lifecycles\":[\"production\"],\"tiers\":[\"tier-[12]\"]}");
	free(json);
	CHECK_STREQ((json = ownership_filter_json(o, "adoption")), "{\"lifecycles\":[\"production\",\"experimental\"]}");
	free(json);
	ownership_free(none);
	ownership_free(o);
	config_release(&cfg);
}

/* The resolver as compute sees it: loaded from a stored snapshot. */
static void test_ownership__load(void)
{
	struct db *db = NULL;
	struct strbuf err = STRBUF_INIT, why = STRBUF_INIT, warn = STRBUF_INIT;
	struct catalog_set set;
	struct catalog_entity e;
	struct ownership *o = ownership_new(NULL);
	static const char *const entities[] = {
		"{\"kind\":\"Group\",\"metadata\":{\"name\":\"Team-A\",\"title\":\"Alpha\"},\"spec\":{}}",
		"{\"kind\":\"User\",\"metadata\":{\"name\":\"u\"},\"spec\":{\"memberOf\":[\"team-a\"]}}",
		"{\"kind\":\"Component\",\"metadata\":{\"name\":\"c\",\"annotations\":{\"github.com/project-slug\":"
		"\"Acme/C\"}},\"spec\":{\"owner\":\"team-a\",\"lifecycle\":\"production\"}}",
	};

	CHECK(!db_open(&db, ":memory:", 0600, DB_CREATE, &err));
	CHECK(!db_migrate(db, &err));
	/* no catalog collected: nothing known, no population */
	CHECK(!ownership_load(o, db, &err));
	CHECK_INTEQ(ownership_users(o), -1);
	CHECK_STREQ(ownership_repo(o, "acme/c", NULL), OWNERSHIP_UNOWNED);
	ownership_free(o);
	catalog_set_init(&set);
	for (size_t i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		json_t *j = json_loads(entities[i], 0, NULL);

		strbuf_reset(&why);
		CHECK(catalog_parse_entity(j, &e, &why, &warn) == 0);
		catalog_set_add(&set, &e);
		json_decref(j);
	}
	catalog_set_resolve(&set);
	CHECK(!db_begin(db, &err));
	CHECK(!store_catalog_replace(db, &set, 1000, NULL, &err));
	CHECK(!db_commit(db, &err));
	o = ownership_new(NULL);
	CHECK(!ownership_load(o, db, &err));
	/* the scope keeps the group's own spelling; refs and repositories match in any case */
	CHECK_STREQ(ownership_repo(o, "acme/c", NULL), "team:Team-A");
	CHECK_STREQ(ownership_team_name(o, "alpha", NULL), "team:Team-A");
	CHECK_INTEQ(ownership_members(o, "team:Team-A"), 1);
	CHECK_INTEQ(ownership_users(o), 1);
	ownership_free(o);
	catalog_set_release(&set);
	db_close(db);
	strbuf_release(&err);
	strbuf_release(&why);
	strbuf_release(&warn);
}

static void test_ownership__config_errors(void)
{
	static const char bad_kpi[] = "catalog:\n  filters:\n    scaffolder: { lifecycles: [production] }\n";
	static const char bad_key[] = "catalog:\n  filters:\n    dora:\n      lifecycle: production\n";
	struct config cfg;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	CHECK(config_load_text(&cfg, "t.yaml", bad_kpi, strlen(bad_kpi), &err) == -1);
	CHECK_STREQ(err.buf, "t.yaml:3: unknown key 'scaffolder' in 'catalog.filters'");
	config_release(&cfg);
	strbuf_reset(&err);
	config_init(&cfg);
	CHECK(config_load_text(&cfg, "t.yaml", bad_key, strlen(bad_key), &err) == -1);
	CHECK_STREQ(err.buf, "t.yaml:4: unknown key 'lifecycle' in 'catalog.filters.dora'");
	config_release(&cfg);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_ownership__scopes);
	RUN(test_ownership__repositories);
	RUN(test_ownership__tasks);
	RUN(test_ownership__written_names);
	RUN(test_ownership__filters);
	RUN(test_ownership__load);
	RUN(test_ownership__config_errors);
	return TEST_RESULT();
}
