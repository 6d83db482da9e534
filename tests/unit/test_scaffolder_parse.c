/* Unit tests: scaffolder answers parsed: repoUrl forms, web URLs, outputs, totalTasks, tasks, event summaries. */
#include <stdlib.h>

#include "collect/scaffolder_parse.h"
#include "test.h"
#include "util/timeutil.h"

static void check_repo(int (*fn)(const char *, struct scaffolder_repo *), const char *in, const char *host,
		       const char *owner, const char *name)
{
	struct scaffolder_repo r = { NULL, NULL, NULL };
	int rc = fn(in, &r);

	if (!host) {
		if (rc != -1 || r.name) {
			fprintf(stderr, "%s: expected no repository from '%s'\n", test_name, in ? in : "(null)");
			test_failures++;
		}
	} else {
		CHECK_INTEQ(rc, 0);
		CHECK_STREQ(r.host, host);
		CHECK_STREQ(r.owner, owner);
		CHECK_STREQ(r.name, name);
	}
	scaffolder_repo_release(&r);
}

static void test_scaffolder_parse__repo_url(void)
{
	int (*f)(const char *, struct scaffolder_repo *) = scaffolder_parse_repo_url;

	check_repo(f, "github.com?owner=asdfasdfa&repo=asdfasdfa", "github.com", "asdfasdfa", "asdfasdfa");
	check_repo(f, "github.com?repo=payments-api&owner=acme", "github.com", "acme", "payments-api");
	check_repo(f, "ghe.example.com?owner=my%20org&repo=svc%2Dx&extra=1", "ghe.example.com", "my org", "svc-x");
	check_repo(f, "gitlab.com?owner=group%2Fsub&repo=svc", "gitlab.com", "group/sub", "svc");
	check_repo(f, "bitbucket.org?workspace=ws&project=P&repo=r", "bitbucket.org", "ws", "r");
	check_repo(f, "dev.azure.com?organization=org&project=p&repo=r", "dev.azure.com", "org", "r");
	check_repo(f, "github.com?owner=a&owner=b&repo=r", "github.com", "b", "r"); /* the last one wins */
	check_repo(f, "github.com?owner=a&repo=bad%zz", "github.com", "a", "bad%zz");
	check_repo(f, "https://github.com/acme/web.git", "github.com", "acme", "web");
	check_repo(f, "github.com?owner=acme", NULL, NULL, NULL);
	check_repo(f, "github.com?owner=&repo=x", NULL, NULL, NULL);
	check_repo(f, "?owner=a&repo=b", NULL, NULL, NULL);
	check_repo(f, "github.com", NULL, NULL, NULL);
	check_repo(f, "", NULL, NULL, NULL);
	check_repo(f, NULL, NULL, NULL, NULL);
}

static void test_scaffolder_parse__web_url(void)
{
	int (*f)(const char *, struct scaffolder_repo *) = scaffolder_parse_web_url;

	check_repo(f, "https://github.com/acme/payments-api", "github.com", "acme", "payments-api");
	check_repo(f, "https://github.com/acme/payments-api/", "github.com", "acme", "payments-api");
	check_repo(f, "https://github.com/acme/payments-api/blob/main/", "github.com", "acme", "payments-api");
	check_repo(f, "https://github.com/acme/payments-api/tree/main/docs?x=1", "github.com", "acme", "payments-api");
	check_repo(f, "https://x-access-token:abc@github.com/acme/r.git", "github.com", "acme", "r");
	check_repo(f, "https://gitlab.example.com:8443/g/sub/svc/-/blob/main/a", "gitlab.example.com:8443", "g/sub", "svc");
	check_repo(f, "https://bitbucket.org/ws/repo/src/main/", "bitbucket.org", "ws", "repo");
	check_repo(f, "https://dev.azure.com/org/proj/_git/repo", "dev.azure.com", "org/proj", "repo");
	check_repo(f, "https://github.com/acme", NULL, NULL, NULL);
	check_repo(f, "https://github.com/", NULL, NULL, NULL);
	check_repo(f, "https://dev.azure.com/_git/repo", NULL, NULL, NULL);
	check_repo(f, "github.com/acme/x", NULL, NULL, NULL);
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (!j) {
		fprintf(stderr, "%s: bad test JSON: %s\n", test_name, e.text);
		test_failures++;
		exit(1);
	}
	return j;
}

static void test_scaffolder_parse__output_repo(void)
{
	const char *outputs[][4] = {
		{ "{\"remoteUrl\":\"https://github.com/acme/a\",\"repoContentsUrl\":\"https://github.com/acme/b/blob/main\"}",
		  "github.com", "acme", "a" },
		{ "{\"repoContentsUrl\":\"https://github.com/acme/b/blob/main/\"}", "github.com", "acme", "b" },
		{ "{\"links\":[{\"title\":\"Open in catalog\",\"entityRef\":\"component:default/c\"},"
		  "{\"title\":\"Repository\",\"url\":\"https://github.com/acme/c\"}]}",
		  "github.com", "acme", "c" },
		{ "{\"links\":[{\"title\":\"Docs\",\"url\":\"https://github.com/acme/docs\"}]}", NULL, NULL, NULL },
		{ "{\"remoteUrl\":42}", NULL, NULL, NULL },
		{ "[]", NULL, NULL, NULL },
	};

	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		json_t *j = parse(outputs[i][0]);
		struct scaffolder_repo r = { NULL, NULL, NULL };
		int rc = scaffolder_parse_output_repo(j, &r);

		if (outputs[i][1]) {
			CHECK_INTEQ(rc, 0);
			CHECK_STREQ(r.host, outputs[i][1]);
			CHECK_STREQ(r.owner, outputs[i][2]);
			CHECK_STREQ(r.name, outputs[i][3]);
		} else {
			CHECK_INTEQ(rc, -1);
		}
		scaffolder_repo_release(&r);
		json_decref(j);
	}
}

static void test_scaffolder_parse__total(void)
{
	struct strbuf err = STRBUF_INIT;
	int64_t total = -1;
	json_t *j;

	j = parse("{\"tasks\":[],\"totalTasks\":12}");
	CHECK_INTEQ(scaffolder_parse_total(j, "U", &total, &err), 1);
	CHECK_INTEQ(total, 12);
	json_decref(j);
	j = parse("{\"tasks\":[],\"totalTasks\":\"1234\"}");
	CHECK_INTEQ(scaffolder_parse_total(j, "U", &total, &err), 1);
	CHECK_INTEQ(total, 1234);
	json_decref(j);
	j = parse("{\"tasks\":[]}");
	CHECK_INTEQ(scaffolder_parse_total(j, "U", &total, &err), 0);
	json_decref(j);
	j = parse("{\"tasks\":[],\"totalTasks\":null}");
	CHECK_INTEQ(scaffolder_parse_total(j, "U", &total, &err), 0);
	json_decref(j);
	CHECK_STREQ(err.buf, "");
	const char *bad[] = { "{\"totalTasks\":\"12a\"}", "{\"totalTasks\":-1}", "{\"totalTasks\":1.5}",
			      "{\"totalTasks\":\"\"}", "{\"totalTasks\":[1]}" };
	for (size_t i = 0; i < 5; i++) {
		strbuf_reset(&err);
		j = parse(bad[i]);
		CHECK_INTEQ(scaffolder_parse_total(j, "http://b/api/scaffolder/v2/tasks", &total, &err), -1);
		CHECK_STREQ(err.buf, "http://b/api/scaffolder/v2/tasks: 'totalTasks' is not a count");
		json_decref(j);
	}
	strbuf_release(&err);
}

static void test_scaffolder_parse__task(void)
{
	struct strbuf err = STRBUF_INIT;
	struct scaffolder_task_info t;
	int64_t when;
	json_t *j;

	j = parse("{\"id\":\"t1\",\"status\":\"completed\",\"createdAt\":\"2023-10-30T11:00:46.211Z\","
		  "\"lastHeartbeatAt\":\"2023-10-30T11:53:19.630Z\",\"secrets\":{\"backstageToken\":\"s3\"},"
		  "\"spec\":{\"templateInfo\":{\"entityRef\":\"template:default/go\"},\"user\":{\"ref\":\"user:default/u\"},"
		  "\"parameters\":{\"repoUrl\":\"github.com?owner=o&repo=r\"}}}");
	CHECK_INTEQ(scaffolder_parse_task(j, "U", 0, &t, &err), 0);
	CHECK_STREQ(t.id, "t1");
	CHECK_STREQ(t.status, "completed");
	CHECK_STREQ(t.template_ref, "template:default/go");
	CHECK_STREQ(t.created_by, "user:default/u"); /* no createdBy: the spec's user */
	time_parse_iso("2023-10-30T11:00:46Z", NULL, &when);
	CHECK_INTEQ(t.created_at, when);
	time_parse_iso("2023-10-30T11:53:19Z", NULL, &when);
	CHECK_INTEQ(t.last_heartbeat_at, when);
	CHECK_STREQ(t.repo.name, "r");
	CHECK(t.raw && !strstr(t.raw, "secrets") && !strstr(t.raw, "s3"));
	CHECK(strstr(t.raw, "\"createdAt\":\"2023-10-30T11:00:46.211Z\"") != NULL);
	scaffolder_task_info_release(&t);
	json_decref(j);

	j = parse("{\"id\":\"t2\",\"status\":\"open\",\"createdAt\":\"2023-10-30T11:00:46Z\",\"createdBy\":\"user:default/c\","
		  "\"lastHeartbeatAt\":null,\"spec\":{}}");
	CHECK_INTEQ(scaffolder_parse_task(j, "U", 0, &t, &err), 0);
	CHECK_STREQ(t.created_by, "user:default/c");
	CHECK(t.template_ref == NULL);
	CHECK(t.repo.name == NULL);
	CHECK_INTEQ(t.last_heartbeat_at, TIME_NONE);
	scaffolder_task_info_release(&t);
	json_decref(j);

	struct {
		const char *json, *msg;
	} bad[] = {
		{ "[1]", "U: task 7 is not an object" },
		{ "{\"status\":\"open\"}", "U: task 7 has no 'id'" },
		{ "{\"id\":\"\",\"status\":\"open\"}", "U: task 7 has no 'id'" },
		{ "{\"id\":\"x\",\"createdAt\":\"2023-10-30T11:00:46Z\"}", "U: task 'x' has no 'status'" },
		{ "{\"id\":\"x\",\"status\":\"open\",\"createdAt\":\"yesterday\"}", "U: task 'x' has no valid 'createdAt'" },
		{ "{\"id\":\"x\",\"status\":\"open\",\"createdAt\":\"2023-10-30T11:00:46Z\",\"lastHeartbeatAt\":\"soon\"}",
		  "U: task 'x' has an invalid 'lastHeartbeatAt' 'soon'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *arr = parse(bad[i].json);
		json_t *task = json_is_array(arr) ? json_array_get(arr, 0) : arr;

		strbuf_reset(&err);
		CHECK_INTEQ(scaffolder_parse_task(task, "U", 7, &t, &err), -1);
		CHECK_STREQ(err.buf, bad[i].msg);
		scaffolder_task_info_release(&t);
		json_decref(arr);
	}
	strbuf_release(&err);
}

static int64_t at(const char *iso)
{
	int64_t t = TIME_NONE;

	time_parse_iso(iso, NULL, &t);
	return t;
}

static void test_scaffolder_parse__events(void)
{
	struct strbuf err = STRBUF_INIT;
	struct scaffolder_events s;
	json_t *j;

	/* out of order, with the completion event repeated (as the after= semantics return it) */
	j = parse("[{\"id\":9,\"type\":\"completion\",\"createdAt\":\"2026-07-01T10:12:00.500Z\","
		  "\"body\":{\"message\":\"Run completed with status: completed\",\"output\":{\"remoteUrl\":\"https://github.com/a/b\"}}},"
		  "{\"id\":3,\"type\":\"log\",\"createdAt\":\"2026-07-01T10:00:01Z\",\"body\":{\"message\":\"Starting\"}},"
		  "{\"id\":9,\"type\":\"completion\",\"createdAt\":\"2026-07-01T10:12:00.500Z\","
		  "\"body\":{\"message\":\"Run completed with status: completed\",\"output\":{}}}]");
	CHECK_INTEQ(scaffolder_parse_events(j, "U", &s, &err), 0);
	CHECK_INTEQ(s.unique, 2);
	CHECK_INTEQ(s.duplicates, 1);
	CHECK_INTEQ(s.completed_at, at("2026-07-01T10:12:00Z"));
	CHECK_STREQ(s.outcome, "completed");
	CHECK(s.output && json_object_get(s.output, "remoteUrl"));
	CHECK_INTEQ(s.cancelled, 0);
	json_decref(j);

	/* cancelled by the user, then failed; ids as strings (bigint columns) are accepted */
	j = parse("[{\"id\":\"5\",\"type\":\"cancelled\",\"createdAt\":\"2026-07-01T10:02:00Z\",\"body\":{}},"
		  "{\"id\":\"6\",\"type\":\"completion\",\"createdAt\":\"2026-07-01T10:02:01Z\","
		  "\"body\":{\"message\":\"Run completed with status: failed\",\"error\":{\"name\":\"Error\",\"message\":\"x\"}}}]");
	CHECK_INTEQ(scaffolder_parse_events(j, "U", &s, &err), 0);
	CHECK_INTEQ(s.cancelled, 1);
	CHECK_STREQ(s.outcome, "failed");
	CHECK(s.output == NULL);
	json_decref(j);

	/* retried: whatever came before the last recovered event no longer counts */
	j = parse("[{\"id\":1,\"type\":\"cancelled\",\"createdAt\":\"2026-07-01T10:00:00Z\",\"body\":{}},"
		  "{\"id\":2,\"type\":\"completion\",\"createdAt\":\"2026-07-01T10:05:00Z\",\"body\":{\"message\":\"Run completed with status: failed\"}},"
		  "{\"id\":7,\"type\":\"recovered\",\"createdAt\":\"2026-07-01T11:00:00Z\",\"body\":{\"recoverStrategy\":\"startOver\"}},"
		  "{\"id\":8,\"type\":\"log\",\"createdAt\":\"2026-07-01T11:00:01Z\",\"body\":{}}]");
	CHECK_INTEQ(scaffolder_parse_events(j, "U", &s, &err), 0);
	CHECK_INTEQ(s.recovered, 1);
	CHECK_INTEQ(s.cancelled, 0);
	CHECK_INTEQ(s.completed_at, TIME_NONE);
	CHECK(s.outcome == NULL);
	json_decref(j);

	j = parse("[{\"id\":1,\"type\":\"completion\",\"createdAt\":\"2026-07-01T10:05:00Z\",\"body\":{}},"
		  "{\"id\":2,\"type\":\"recovered\",\"createdAt\":\"2026-07-01T11:00:00Z\",\"body\":{}},"
		  "{\"id\":3,\"type\":\"completion\",\"createdAt\":\"2026-07-01T12:30:00Z\",\"body\":{\"message\":\"This task was marked as stale as it exceeded its timeout\"}}]");
	CHECK_INTEQ(scaffolder_parse_events(j, "U", &s, &err), 0);
	CHECK_INTEQ(s.completed_at, at("2026-07-01T12:30:00Z"));
	CHECK(s.outcome == NULL); /* stale: the message does not say; the task's status does */
	json_decref(j);

	/* none at all (an open task's long poll ends with []) */
	j = parse("[]");
	CHECK_INTEQ(scaffolder_parse_events(j, "U", &s, &err), 0);
	CHECK_INTEQ(s.unique, 0);
	CHECK_INTEQ(s.completed_at, TIME_NONE);
	json_decref(j);
	CHECK_STREQ(err.buf, "");

	struct {
		const char *json, *msg;
	} bad[] = {
		{ "{\"events\":[]}", "U: expected a JSON array of task events" },
		{ "[{\"id\":1,\"type\":\"log\"},{\"type\":\"completion\"}]", "U: event 1 has no numeric 'id' or no 'type'" },
		{ "[{\"id\":\"x1\",\"type\":\"log\"}]", "U: event 0 has no numeric 'id' or no 'type'" },
		{ "[{\"id\":1}]", "U: event 0 has no numeric 'id' or no 'type'" },
		{ "[3]", "U: event 0 has no numeric 'id' or no 'type'" },
		{ "[{\"id\":1,\"type\":\"completion\",\"createdAt\":\"later\"}]", "U: the completion event has no valid 'createdAt'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&err);
		j = parse(bad[i].json);
		CHECK_INTEQ(scaffolder_parse_events(j, "U", &s, &err), -1);
		CHECK_STREQ(err.buf, bad[i].msg);
		json_decref(j);
	}
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_scaffolder_parse__repo_url);
	RUN(test_scaffolder_parse__web_url);
	RUN(test_scaffolder_parse__output_repo);
	RUN(test_scaffolder_parse__total);
	RUN(test_scaffolder_parse__task);
	RUN(test_scaffolder_parse__events);
	return TEST_RESULT();
}
