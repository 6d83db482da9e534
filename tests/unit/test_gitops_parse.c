/* Unit tests: Argo CD applications and PagerDuty incidents as the reference bodies show them; URLs, selectors, image tags, windows. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "collect/argocd.h"
#include "collect/argocd_parse.h"
#include "collect/pagerduty_parse.h"
#include "test.h"
#include "util/timeutil.h"

static json_t *load(const char *name)
{
	char path[1024];
	json_error_t e;
	json_t *doc;

	snprintf(path, sizeof(path), "%s/fixtures/api/%s", IDPM_SOURCE_DIR, name);
	doc = json_load_file(path, 0, &e);
	if (!doc)
		fprintf(stderr, "%s: %s\n", path, e.text);
	return doc;
}

static int64_t at(const char *iso)
{
	int64_t t = TIME_NONE;

	time_parse_iso(iso, NULL, &t);
	return t;
}

static void test_gitops_parse__reference_application(void)
{
	json_t *doc = load("argocd-application.json");
	struct argocd_app a;
	struct strbuf why = STRBUF_INIT;
	size_t skipped = 0;

	CHECK(doc != NULL);
	CHECK(argocd_parse_app(doc, &a, &skipped, &why) == 0);
	CHECK_STREQ(a.name, "test-app");
	CHECK_STREQ(a.uid, "059f1d64-f5cb-4887-a142-0aeea61d5817");
	CHECK_STREQ(a.project, "default");
	CHECK_INTEQ(a.history_limit, -1);
	CHECK_INTEQ(a.nsources, 1);
	CHECK_STREQ(a.source_repos[0], "https://github.com/argoproj/argocd-example-apps.git");
	/* two entries, the same SHA five months apart: the second is a re-sync */
	CHECK_INTEQ(a.nhistory, 2);
	CHECK_INTEQ(skipped, 0);
	CHECK_INTEQ(a.history[0].id, 0);
	CHECK_INTEQ(a.history[1].id, 1);
	CHECK_STREQ(a.history[0].revision, "53e28ff20cc530b9ada2173fbbd64d48338583ba");
	CHECK_STREQ(a.history[0].revision, a.history[1].revision);
	CHECK_INTEQ(a.history[0].deployed_at, at("2021-03-04T17:39:07Z"));
	CHECK_INTEQ(a.history[0].started_at, at("2021-03-04T17:39:06Z"));
	CHECK_INTEQ(a.history[1].nrev, 1);
	CHECK_STREQ(a.history[1].repos[0], "https://github.com/argoproj/argocd-example-apps.git");
	CHECK_INTEQ(a.nimages, 1);
	CHECK_STREQ(a.images[0], "gcr.io/heptio-images/ks-guestbook-demo:0.2");
	CHECK_STREQ(a.op_phase, "Succeeded");
	CHECK_STREQ(a.op_revision, "53e28ff20cc530b9ada2173fbbd64d48338583ba");
	argocd_app_release(&a);
	json_decref(doc);
	strbuf_release(&why);
}

static void test_gitops_parse__failed_sync_and_list(void)
{
	json_t *doc = load("argocd-application-sync-failed.json"), *list;
	const json_t *items;
	struct argocd_app a;
	struct strbuf why = STRBUF_INIT, err = STRBUF_INIT;

	CHECK(argocd_parse_app(doc, &a, NULL, &why) == 0);
	/* no status.history at all; the failure is only in operationState */
	CHECK_INTEQ(a.nhistory, 0);
	CHECK_STREQ(a.op_phase, "Failed");
	CHECK_STREQ(a.op_revision, "d4482964ef6179da5bcd8e2ce6db58411e312e94");
	CHECK_INTEQ(a.op_started, at("2022-10-31T08:47:08Z"));
	CHECK_INTEQ(a.op_finished, at("2022-10-31T08:47:15Z"));
	argocd_app_release(&a);
	/* the list envelope: items, or null when there are none */
	list = json_pack("{s:{s:s},s:[O]}", "metadata", "resourceVersion", "1", "items", doc);
	CHECK(argocd_list_items(list, "u", &items, &err) == 0 && json_array_size(items) == 1);
	json_decref(list);
	list = json_pack("{s:{s:s},s:n}", "metadata", "resourceVersion", "1", "items");
	CHECK(argocd_list_items(list, "u", &items, &err) == 0 && items == NULL);
	json_decref(list);
	list = json_pack("{s:s}", "items", "x");
	CHECK(argocd_list_items(list, "https://argo/api/v1/applications", &items, &err) == -1);
	CHECK(strstr(err.buf, "https://argo/api/v1/applications") != NULL);
	json_decref(list);
	list = json_pack("[]");
	CHECK(argocd_list_items(list, "u", &items, &err) == -1);
	json_decref(list);
	/* an application without a uid cannot be keyed */
	list = json_pack("{s:{s:s}}", "metadata", "name", "x");
	CHECK(argocd_parse_app(list, &a, NULL, &why) == -1);
	CHECK(strstr(why.buf, "uid") != NULL);
	json_decref(list);
	json_decref(doc);
	strbuf_release(&why);
	strbuf_release(&err);
}

static void test_gitops_parse__multi_source(void)
{
	/* the multi-source entry shape: no revision, revisions[i] belongs to sources[i] */
	static const char text[] =
		"{\"metadata\":{\"name\":\"m\",\"uid\":\"u\"},\"spec\":{\"sources\":[{\"repoURL\":"
		"\"https://github.com/example-org/frontend-app.git\"},{\"repoURL\":\"https://charts.example.com\"}]},"
		"\"status\":{\"history\":[{\"deployedAt\":\"2025-02-20T16:40:32Z\",\"id\":0,\"source\":{\"repoURL\":\"\"},"
		"\"deployStartedAt\":\"2025-02-20T16:40:31Z\",\"sources\":[{\"repoURL\":"
		"\"https://github.com/example-org/frontend-app.git\"},{\"repoURL\":\"https://charts.example.com\"}],"
		"\"revisions\":[\"331386ce09e4536a730a16f10d1bce8dfca0c8b1\",\"2.6.2\"],\"initiatedBy\":{\"username\":"
		"\"admin\"}},{\"id\":1},{\"deployedAt\":\"x\",\"id\":2}],\"operationState\":{\"phase\":\"Running\","
		"\"syncResult\":{\"revision\":\"\",\"revisions\":[\"a\",\"b\"]},\"startedAt\":\"2025-02-21T00:00:00Z\"}}}";
	json_t *doc = json_loads(text, 0, NULL);
	struct argocd_app a;
	struct strbuf why = STRBUF_INIT;
	size_t skipped = 0;

	CHECK(argocd_parse_app(doc, &a, &skipped, &why) == 0);
	CHECK_INTEQ(a.nsources, 2);
	CHECK_INTEQ(a.nhistory, 1);
	CHECK_INTEQ(skipped, 2); /* no deployedAt, a deployedAt that is no time */
	CHECK_STREQ(a.history[0].revision, "331386ce09e4536a730a16f10d1bce8dfca0c8b1 2.6.2");
	CHECK_INTEQ(a.history[0].nrev, 2);
	CHECK_STREQ(a.history[0].revisions[1], "2.6.2");
	CHECK_STREQ(a.history[0].repos[1], "https://charts.example.com");
	CHECK(argocd_is_sha(a.history[0].revisions[0]));
	CHECK(!argocd_is_sha(a.history[0].revisions[1]));
	CHECK_STREQ(a.op_revision, "a b");
	CHECK(a.op_finished == TIME_NONE); /* running: no finishedAt */
	argocd_app_release(&a);
	json_decref(doc);
	strbuf_release(&why);
}

static void test_gitops_parse__urls_selectors_images(void)
{
	char l0[] = "team=web", l1[] = "env=prod", l2[] = "tier=";
	char i0[] = "redis:7", i1[] = "ghcr.io/acme/pay:1.2-0123456789abcdef0123456789abcdef01234567",
	     i2[] = "registry:5000/acme/api:2.0-ABCDEF1";
	char *labels[] = { l0, l1, l2 };
	char *images[] = { i0, i1, i2 };
	regex_t rx;
	char *s;

#define REPO(url, host, want)                              \
	do {                                               \
		s = argocd_repo_of_url(url, host);         \
		if (want)                                  \
			CHECK_STREQ(s, want);              \
		else                                       \
			CHECK(s == NULL);                  \
		free(s);                                   \
	} while (0)
	REPO("https://github.com/acme/shop.git", "github.com", "acme/shop");
	REPO("https://GitHub.com/acme/shop", "github.com", "acme/shop");
	REPO("https://github.com/acme/shop/", "github.com", "acme/shop");
	REPO("git@github.com:acme/shop.git", "github.com", "acme/shop");
	REPO("ssh://git@github.com/acme/shop.git", "github.com", "acme/shop");
	REPO("https://ghe.example.com/acme/shop.git", "ghe.example.com", "acme/shop");
	REPO("https://github.com.evil.com/acme/shop", "github.com", NULL);
	REPO("https://gitlab.com/acme/shop.git", "github.com", NULL);
	REPO("https://github.com/acme", "github.com", NULL);
	REPO("https://github.com/acme/shop/tree/main", "github.com", NULL);
	REPO("", "github.com", NULL);
	REPO(NULL, "github.com", NULL);
#undef REPO
	CHECK(argocd_selector_match("team=web,env=prod", labels, 3));
	CHECK(argocd_selector_match(" team == web , env ", labels, 3));
	CHECK(!argocd_selector_match("team=web,env=dev", labels, 3));
	CHECK(argocd_selector_match("env!=dev", labels, 3));
	CHECK(!argocd_selector_match("!env", labels, 3));
	CHECK(argocd_selector_match("!owner", labels, 3));
	CHECK(argocd_selector_match("tier=", labels, 3));
	CHECK(!argocd_selector_match("", labels, 3));
	CHECK(!argocd_selector_match(NULL, labels, 3));
	CHECK(regcomp(&rx, "-([0-9a-fA-F]{7,40})$", REG_EXTENDED) == 0);
	s = argocd_image_commit(images, 3, &rx);
	CHECK_STREQ(s, "0123456789abcdef0123456789abcdef01234567");
	free(s);
	s = argocd_image_commit(images + 2, 1, &rx); /* a registry port is no tag; upper case comes back lower */
	CHECK_STREQ(s, "abcdef1");
	free(s);
	CHECK(argocd_image_commit(images, 1, &rx) == NULL);
	CHECK(argocd_image_commit(images, 3, NULL) == NULL);
	regfree(&rx);
	s = argocd_github_host("https://api.github.com");
	CHECK_STREQ(s, "github.com");
	free(s);
	s = argocd_github_host("https://ghe.example.com/api/v3");
	CHECK_STREQ(s, "ghe.example.com");
	free(s);
}

static void test_gitops_parse__pagerduty(void)
{
	json_t *doc = load("pagerduty-incidents.json"), *item;
	struct pd_page page;
	struct pd_incident in;
	struct strbuf why = STRBUF_INIT;
	int64_t starts[8];
	char high[] = "high";
	char *urg[] = { high };

	CHECK(pagerduty_parse_page(doc, "u", &page, &why) == 0);
	CHECK(page.more == 1);
	CHECK_INTEQ(json_array_size(page.incidents), 1);
	item = json_array_get(page.incidents, 0);
	CHECK(pagerduty_parse_incident(item, &in, &why) == 0);
	CHECK_STREQ(in.id, "PT4KHLK");
	CHECK_INTEQ(in.number, 1234);
	CHECK_STREQ(in.service_id, "PIJ90N7");
	CHECK_STREQ(in.status, "resolved");
	CHECK_STREQ(in.urgency, "high");
	CHECK_INTEQ(in.created_at, at("2015-10-06T21:30:42Z"));
	CHECK_INTEQ(in.resolved_at, at("2015-10-06T21:38:23Z"));
	CHECK(!in.merged);
	pd_incident_release(&in);
	/* before 2023 there was no resolved_at: last_status_change_at of a resolved incident */
	json_object_del(item, "resolved_at");
	json_object_set_new(item, "last_status_change_at", json_string("2015-10-06T22:00:00Z"));
	json_object_set_new(item, "resolve_reason", json_pack("{s:s}", "type", "merge_resolve_reason"));
	CHECK(pagerduty_parse_incident(item, &in, &why) == 0);
	CHECK_INTEQ(in.resolved_at, at("2015-10-06T22:00:00Z"));
	CHECK(in.merged);
	pd_incident_release(&in);
	/* an open incident has no recovery, whatever last_status_change_at says */
	json_object_set_new(item, "status", json_string("acknowledged"));
	CHECK(pagerduty_parse_incident(item, &in, &why) == 0);
	CHECK(in.resolved_at == TIME_NONE);
	pd_incident_release(&in);
	json_object_del(item, "service");
	CHECK(pagerduty_parse_incident(item, &in, &why) == -1);
	CHECK(strstr(why.buf, "PT4KHLK") != NULL);
	CHECK(pagerduty_parse_page(json_array_get(page.incidents, 0), "https://pd/incidents", &page, &why) == -1);
	CHECK(strstr(why.buf, "https://pd/incidents") != NULL);
	/* windows of at most 6 months */
	CHECK_INTEQ(pagerduty_windows(0, 400 * 86400LL, PAGERDUTY_MAX_WINDOW, starts, 8), 3);
	CHECK_INTEQ(starts[1], PAGERDUTY_MAX_WINDOW);
	CHECK_INTEQ(pagerduty_windows(5, 5, PAGERDUTY_MAX_WINDOW, starts, 8), 0);
	CHECK(pagerduty_urgency_ok("high", urg, 1));
	CHECK(!pagerduty_urgency_ok("low", urg, 1));
	CHECK(!pagerduty_urgency_ok(NULL, urg, 1));
	CHECK(pagerduty_urgency_ok("low", urg, 0));
	json_decref(doc);
	strbuf_release(&why);
}

int main(void)
{
	RUN(test_gitops_parse__reference_application);
	RUN(test_gitops_parse__failed_sync_and_list);
	RUN(test_gitops_parse__multi_source);
	RUN(test_gitops_parse__urls_selectors_images);
	RUN(test_gitops_parse__pagerduty);
	return TEST_RESULT();
}
