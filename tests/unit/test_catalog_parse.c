/* Unit tests: entity refs as Backstage parses them, entities as the catalog serves them, member counts. */
#include <stdlib.h>

#include "collect/catalog_parse.h"
#include "test.h"

static char *norm(const char *text, const char *kind, const char *ns)
{
	static char *last;

	free(last);
	last = catalog_ref_normalise(text, kind, ns);
	return last;
}

static void test_catalog_parse__refs(void)
{
	struct catalog_ref r;

	/* short, namespaced and full refs; defaults fill what is missing; the key is lower case */
	CHECK_STREQ(norm("team-a", "group", NULL), "group:default/team-a");
	CHECK_STREQ(norm("team-a", "group", "ops"), "group:ops/team-a");
	CHECK_STREQ(norm("ops/team-a", "group", "other"), "group:ops/team-a");
	CHECK_STREQ(norm("user:jdoe", "group", NULL), "user:default/jdoe");
	CHECK_STREQ(norm("Group:Default/Team-A", NULL, NULL), "group:default/team-a");
	CHECK_STREQ(norm("  group:default/team-a \n", NULL, NULL), "group:default/team-a");
	CHECK_STREQ(norm("template:default/go-service", "template", NULL), "template:default/go-service");
	/* the kind is what precedes the first ':', the namespace what precedes the first '/' after it */
	CHECK_STREQ(norm("component:a/b", NULL, NULL), "component:a/b");
	/* no kind and no default: not a ref; empty parts and separators in the name are refused */
	CHECK(norm("team-a", NULL, NULL) == NULL);
	CHECK(norm("", "group", NULL) == NULL);
	CHECK(norm("   ", "group", NULL) == NULL);
	CHECK(norm(NULL, "group", NULL) == NULL);
	CHECK(norm("group:", NULL, NULL) == NULL);
	CHECK(norm(":default/x", NULL, NULL) == NULL);
	CHECK(norm("group:/x", NULL, NULL) == NULL);
	CHECK(norm("group:a/b/c", NULL, NULL) == NULL);
	CHECK(norm("group:default/a b", NULL, NULL) == NULL);
	/* the parts keep their case */
	CHECK(!catalog_ref_parse("Group:Ops/Team-A", NULL, NULL, &r));
	CHECK_STREQ(r.kind, "Group");
	CHECK_STREQ(r.ns, "Ops");
	CHECK_STREQ(r.name, "Team-A");
	catalog_ref_release(&r);
	norm(NULL, NULL, NULL);
}

static void test_catalog_parse__slugs(void)
{
	char *s;

	CHECK_STREQ((s = catalog_parse_slug("acme/svc")), "acme/svc");
	free(s);
	CHECK_STREQ((s = catalog_parse_slug("  Acme/SVC-A2 ")), "Acme/SVC-A2");
	free(s);
	CHECK(catalog_parse_slug("acme") == NULL);
	CHECK(catalog_parse_slug("/svc") == NULL);
	CHECK(catalog_parse_slug("acme/") == NULL);
	CHECK(catalog_parse_slug("a/b/c") == NULL);
	CHECK(catalog_parse_slug("not a slug") == NULL);
	CHECK(catalog_parse_slug("acme/s vc") == NULL);
	CHECK(catalog_parse_slug(NULL) == NULL);
}

static int parse(const char *text, struct catalog_entity *e, struct strbuf *why, struct strbuf *warn)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);
	int rc;

	if (!j) {
		fprintf(stderr, "bad test JSON: %s\n", jerr.text);
		test_failures++;
		return -2;
	}
	strbuf_reset(why);
	strbuf_reset(warn);
	rc = catalog_parse_entity(j, e, why, warn);
	json_decref(j);
	return rc;
}

static void test_catalog_parse__reference_component(void)
{
	/* fixtures/api/backstage-catalog-entity.json as the catalog serves it: short owner, no relations */
	static const char ref[] =
		"{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"annotations\":"
		"{\"backstage.io/managed-by-location\":\"file:/tmp/catalog-info.yaml\",\"example.com/service-discovery\":"
		"\"artistweb\",\"circleci.com/project-slug\":\"github/example-org/artist-website\"},\"description\":"
		"\"The place to be, for great artists\",\"etag\":\"ZjU2MWRkZWUtMmMxZS00YTZiLWFmMWMtOTE1NGNiZDdlYzNk\","
		"\"generation\":1,\"labels\":{\"example.com/custom\":\"custom_label_value\"},\"links\":[{\"url\":"
		"\"https://admin.example-org.com\",\"title\":\"Admin Dashboard\",\"icon\":\"dashboard\"}],\"tags\":"
		"[\"java\"],\"name\":\"artist-web\",\"uid\":\"2152f463-549d-4d8d-a94d-ce2b7676c6e2\"},\"spec\":"
		"{\"lifecycle\":\"production\",\"owner\":\"artist-relations-team\",\"type\":\"website\",\"system\":"
		"\"public-websites\"}}";
	struct catalog_entity e;
	struct strbuf why = STRBUF_INIT, warn = STRBUF_INIT;

	CHECK(parse(ref, &e, &why, &warn) == 0);
	CHECK(e.kind == CATALOG_COMPONENT);
	CHECK_STREQ(e.ref, "component:default/artist-web");
	CHECK_STREQ(e.ns, "default");
	CHECK_STREQ(e.owner_ref, "group:default/artist-relations-team");
	CHECK_STREQ(e.system, "system:default/public-websites");
	CHECK_STREQ(e.type, "website");
	CHECK_STREQ(e.lifecycle, "production");
	CHECK_STREQ(e.tags, "[\"java\"]");
	CHECK(e.tier == NULL);
	/* circleci.com/project-slug is not GitHub's, and a file: location names no repository */
	CHECK(e.repo == NULL);
	CHECK(warn.len == 0);
	catalog_entity_release(&e);
	strbuf_release(&why);
	strbuf_release(&warn);
}

static void test_catalog_parse__owners_repos_tags(void)
{
	struct catalog_entity e;
	struct strbuf why = STRBUF_INIT, warn = STRBUF_INIT;

	/* the ownedBy relation wins over spec.owner; the first (by ref) of several */
	CHECK(parse("{\"kind\":\"Component\",\"metadata\":{\"name\":\"Svc\",\"namespace\":\"Ops\",\"tags\":"
		    "[\"java\",\"Tier-1\",\"tier-2\"],\"annotations\":{\"github.com/project-slug\":\" Acme/Svc \","
		    "\"backstage.io/source-template\":\"template:default/go-service\"}},\"spec\":{\"owner\":\"team-a\"},"
		    "\"relations\":[{\"type\":\"partOf\",\"targetRef\":\"system:ops/x\"},{\"type\":\"ownedBy\",\"targetRef\":"
		    "\"group:default/team-z\"},{\"type\":\"ownedBy\",\"targetRef\":\"group:default/team-b\"}]}",
		    &e, &why, &warn) == 0);
	CHECK_STREQ(e.ref, "component:ops/svc");
	CHECK_STREQ(e.ns, "Ops");
	CHECK_STREQ(e.name, "Svc");
	CHECK_STREQ(e.owner_ref, "group:default/team-b");
	CHECK_STREQ(e.repo, "Acme/Svc");
	CHECK_STREQ(e.repo_from, "project-slug");
	CHECK_STREQ(e.source_template, "template:default/go-service");
	CHECK_STREQ(e.tier, "Tier-1");
	CHECK_STREQ(e.tags, "[\"java\",\"Tier-1\",\"tier-2\"]");
	catalog_entity_release(&e);
	/* without relations, a short spec.owner is a group of the entity's own namespace */
	CHECK(parse("{\"kind\":\"component\",\"metadata\":{\"name\":\"x\",\"namespace\":\"ops\"},\"spec\":{\"owner\":"
		    "\"sre\"}}", &e, &why, &warn) == 0);
	CHECK_STREQ(e.owner_ref, "group:ops/sre");
	CHECK_STREQ(e.tags, "[]");
	catalog_entity_release(&e);
	/* a bad slug is a warning; the source location still names the repository */
	CHECK(parse("{\"kind\":\"Component\",\"metadata\":{\"name\":\"y\",\"annotations\":{\"github.com/project-slug\":"
		    "\"nope\",\"backstage.io/source-location\":\"url:https://github.com/acme/y/tree/main/\"}},"
		    "\"spec\":{\"owner\":\"user:jdoe\"}}", &e, &why, &warn) == 0);
	CHECK(strstr(warn.buf, "'y': annotation github.com/project-slug 'nope' is not owner/name") != NULL);
	CHECK_STREQ(e.repo, "acme/y");
	CHECK_STREQ(e.repo_from, "source-location");
	CHECK_STREQ(e.owner_ref, "user:default/jdoe");
	catalog_entity_release(&e);
	/* an owner that is no ref is dropped with a warning */
	CHECK(parse("{\"kind\":\"Component\",\"metadata\":{\"name\":\"z\"},\"spec\":{\"owner\":\"a/b/c\"}}", &e, &why,
		    &warn) == 0);
	CHECK(e.owner_ref == NULL);
	CHECK(strstr(warn.buf, "spec.owner 'a/b/c' is not an entity ref") != NULL);
	catalog_entity_release(&e);
	strbuf_release(&why);
	strbuf_release(&warn);
}

static void test_catalog_parse__groups_users_and_errors(void)
{
	struct catalog_entity e;
	struct strbuf why = STRBUF_INIT, warn = STRBUF_INIT;

	CHECK(parse("{\"kind\":\"Group\",\"metadata\":{\"name\":\"team-b\"},\"spec\":{\"type\":\"team\",\"parent\":"
		    "\"commerce\",\"profile\":{\"displayName\":\"Bravo Squad\"}},\"relations\":[{\"type\":\"childOf\","
		    "\"targetRef\":\"group:default/Engineering\"}]}", &e, &why, &warn) == 0);
	CHECK(e.kind == CATALOG_GROUP);
	CHECK_STREQ(e.parent_ref, "group:default/engineering");
	CHECK_STREQ(e.title, "Bravo Squad");
	CHECK_STREQ(e.type, "team");
	catalog_entity_release(&e);
	/* memberships: relations and spec.memberOf together, qualified, sorted, once each */
	CHECK(parse("{\"kind\":\"User\",\"metadata\":{\"name\":\"bob\",\"namespace\":\"ops\"},\"spec\":{\"memberOf\":"
		    "[\"team-a\",\"group:default/team-b\",\"sre\",42]},\"relations\":[{\"type\":\"memberOf\",\"targetRef\":"
		    "\"group:ops/team-a\"},{\"type\":\"ownerOf\",\"targetRef\":\"component:default/x\"}]}",
		    &e, &why, &warn) == 0);
	CHECK(e.kind == CATALOG_USER);
	CHECK_INTEQ(e.nmember_of, 3);
	CHECK_STREQ(e.member_of[0], "group:default/team-b");
	CHECK_STREQ(e.member_of[1], "group:ops/sre");
	CHECK_STREQ(e.member_of[2], "group:ops/team-a");
	CHECK(strstr(warn.buf, "spec.memberOf is not a group ref") != NULL);
	catalog_entity_release(&e);
	/* kinds the KPIs do not use are skipped; things that are no entity are errors */
	CHECK(parse("{\"kind\":\"API\",\"metadata\":{\"name\":\"a\"}}", &e, &why, &warn) == 1);
	CHECK(parse("{\"metadata\":{\"name\":\"a\"}}", &e, &why, &warn) == -1);
	CHECK_STREQ(why.buf, "has no 'kind'");
	CHECK(parse("{\"kind\":\"Group\",\"metadata\":{}}", &e, &why, &warn) == -1);
	CHECK_STREQ(why.buf, "has no 'metadata.name'");
	CHECK(parse("[1]", &e, &why, &warn) == -1);
	CHECK_STREQ(why.buf, "is not an object");
	strbuf_release(&why);
	strbuf_release(&warn);
}

static void add(struct catalog_set *s, const char *json)
{
	struct catalog_entity e;
	struct strbuf why = STRBUF_INIT, warn = STRBUF_INIT;

	if (parse(json, &e, &why, &warn) == 0)
		catalog_set_add(s, &e);
	else
		test_failures++;
	strbuf_release(&why);
	strbuf_release(&warn);
}

static const struct catalog_entity *get(const struct catalog_set *s, const char *ref)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].ref, ref))
			return &s->v[i];
	return NULL;
}

static void test_catalog_parse__set_resolve(void)
{
	struct catalog_set s;
	const struct catalog_entity *g;

	catalog_set_init(&s);
	add(&s, "{\"kind\":\"Group\",\"metadata\":{\"name\":\"root\"},\"spec\":{}}");
	add(&s, "{\"kind\":\"Group\",\"metadata\":{\"name\":\"unit\"},\"spec\":{\"parent\":\"root\"}}");
	add(&s, "{\"kind\":\"Group\",\"metadata\":{\"name\":\"a\"},\"spec\":{\"parent\":\"unit\"}}");
	add(&s, "{\"kind\":\"Group\",\"metadata\":{\"name\":\"b\"},\"spec\":{\"parent\":\"unit\"}}");
	/* a parent cycle must not hang or double-count */
	add(&s, "{\"kind\":\"Group\",\"metadata\":{\"name\":\"c1\"},\"spec\":{\"parent\":\"c2\"}}");
	add(&s, "{\"kind\":\"Group\",\"metadata\":{\"name\":\"c2\"},\"spec\":{\"parent\":\"c1\"}}");
	add(&s, "{\"kind\":\"User\",\"metadata\":{\"name\":\"u1\"},\"spec\":{\"memberOf\":[\"a\",\"b\"]}}");
	add(&s, "{\"kind\":\"User\",\"metadata\":{\"name\":\"u2\"},\"spec\":{\"memberOf\":[\"a\"]}}");
	add(&s, "{\"kind\":\"User\",\"metadata\":{\"name\":\"u3\"},\"spec\":{\"memberOf\":[\"unit\",\"ghost\"]}}");
	add(&s, "{\"kind\":\"User\",\"metadata\":{\"name\":\"u4\"},\"spec\":{\"memberOf\":[\"c1\"]}}");
	add(&s, "{\"kind\":\"Component\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"owner\":\"user:u1\"}}");
	add(&s, "{\"kind\":\"Component\",\"metadata\":{\"name\":\"y\"},\"spec\":{\"owner\":\"user:nobody\"}}");
	add(&s, "{\"kind\":\"Component\",\"metadata\":{\"name\":\"z\"},\"spec\":{\"owner\":\"b\"}}");
	/* listed twice (the catalog changed during the listing): the later one counts */
	add(&s, "{\"kind\":\"Component\",\"metadata\":{\"name\":\"z\"},\"spec\":{\"owner\":\"a\"}}");
	CHECK_INTEQ(s.duplicates, 1);
	CHECK_INTEQ(catalog_set_count(&s, CATALOG_COMPONENT), 3);
	CHECK_INTEQ(catalog_set_count(&s, CATALOG_USER), 4);
	catalog_set_resolve(&s);
	/* sorted by ref */
	for (size_t i = 1; i < s.n; i++)
		CHECK(strcmp(s.v[i - 1].ref, s.v[i].ref) < 0);
	/* a: u1, u2.  b: u1.  unit: u3 directly, u1 and u2 below: 3 distinct.  root: the same 3. */
	g = get(&s, "group:default/a");
	CHECK(g && g->members == 2 && g->members_total == 2);
	g = get(&s, "group:default/b");
	CHECK(g && g->members == 1 && g->members_total == 1);
	g = get(&s, "group:default/unit");
	CHECK(g && g->members == 1 && g->members_total == 3);
	g = get(&s, "group:default/root");
	CHECK(g && g->members == 0 && g->members_total == 3);
	g = get(&s, "group:default/c2");
	CHECK(g && g->members == 0 && g->members_total == 1);
	/* a user owner's team is the user's first group; an unknown user gives no team */
	CHECK_STREQ(get(&s, "component:default/x")->team_ref, "group:default/a");
	CHECK(get(&s, "component:default/y")->team_ref == NULL);
	CHECK_STREQ(get(&s, "component:default/z")->team_ref, "group:default/a");
	catalog_set_release(&s);
}

int main(void)
{
	RUN(test_catalog_parse__refs);
	RUN(test_catalog_parse__slugs);
	RUN(test_catalog_parse__reference_component);
	RUN(test_catalog_parse__owners_repos_tags);
	RUN(test_catalog_parse__groups_users_and_errors);
	RUN(test_catalog_parse__set_resolve);
	return TEST_RESULT();
}
