/* Pure parsing of Backstage scaffolder answers: tasks, totalTasks, task events, repository references. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/scaffolder_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

void scaffolder_repo_release(struct scaffolder_repo *r)
{
	free(r->host);
	free(r->owner);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* N bytes of S with %XX decoded (a malformed escape is kept as it is); the caller frees. */
static char *pct_decode(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			strbuf_addch(&sb, hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static int set_repo(struct scaffolder_repo *r, char *host, char *owner, char *name)
{
	if (!host || !*host || !owner || !*owner || !name || !*name) {
		free(host);
		free(owner);
		free(name);
		return -1;
	}
	scaffolder_repo_release(r);
	r->host = host;
	r->owner = owner;
	r->name = name;
	return 0;
}

int scaffolder_parse_repo_url(const char *s, struct scaffolder_repo *r)
{
	const char *q, *p;
	char *owner = NULL, *workspace = NULL, *org = NULL, *repo = NULL, *chosen;

	if (!s)
		return -1;
	if (strstr(s, "://"))
		return scaffolder_parse_web_url(s, r);
	q = strchr(s, '?');
	if (!q || q == s)
		return -1;
	for (p = q + 1; *p;) {
		const char *end = p + strcspn(p, "&"), *eq = memchr(p, '=', (size_t)(end - p));
		char **slot = NULL;

		if (eq) {
			size_t klen = (size_t)(eq - p);

			if (klen == 5 && !strncmp(p, "owner", 5))
				slot = &owner;
			else if (klen == 4 && !strncmp(p, "repo", 4))
				slot = &repo;
			else if (klen == 9 && !strncmp(p, "workspace", 9))
				slot = &workspace;
			else if (klen == 12 && !strncmp(p, "organization", 12))
				slot = &org;
		}
		if (slot) {
			free(*slot);
			*slot = pct_decode(eq + 1, (size_t)(end - eq - 1));
		}
		p = *end ? end + 1 : end;
	}
	chosen = owner && *owner ? owner : workspace && *workspace ? workspace : org;
	if (chosen == owner)
		owner = NULL;
	else if (chosen == workspace)
		workspace = NULL;
	else
		org = NULL;
	free(owner);
	free(workspace);
	free(org);
	return set_repo(r, pct_decode(s, (size_t)(q - s)), chosen, repo);
}

/* Path segments after which a web URL stops naming the repository. */
static int is_view_segment(const char *seg, size_t n)
{
	static const char *const views[] = { "-", "blob", "tree", "src", "commits", "pulls", "issues", "browse", NULL };

	for (int i = 0; views[i]; i++)
		if (strlen(views[i]) == n && !strncmp(seg, views[i], n))
			return 1;
	return 0;
}

int scaffolder_parse_web_url(const char *s, struct scaffolder_repo *r)
{
	const char *p, *host, *host_end, *at, *path_end;
	const char *seg[32];
	size_t seglen[32], nseg = 0, nowner, name_i;
	struct strbuf owner = STRBUF_INIT;
	char *name;

	if (!s || !(p = strstr(s, "://")))
		return -1;
	host = p + 3;
	host_end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(host_end - host));
	if (at)
		host = at + 1; /* drop user:password@ */
	path_end = host_end + strcspn(host_end, "?#");
	for (p = host_end; p < path_end && nseg < 32;) {
		const char *e;

		while (p < path_end && *p == '/')
			p++;
		e = p;
		while (e < path_end && *e != '/')
			e++;
		if (e > p) {
			if (is_view_segment(p, (size_t)(e - p)))
				break;
			seg[nseg] = p;
			seglen[nseg++] = (size_t)(e - p);
		}
		p = e;
	}
	if (nseg < 2)
		return -1;
	nowner = name_i = nseg - 1;
	/* Azure DevOps: https://dev.azure.com/org/project/_git/repo */
	for (size_t i = 0; i + 1 < nseg; i++)
		if (seglen[i] == 4 && !strncmp(seg[i], "_git", 4)) {
			nowner = i;
			name_i = i + 1;
			break;
		}
	if (!nowner)
		return -1;
	for (size_t i = 0; i < nowner; i++) {
		if (i)
			strbuf_addch(&owner, '/');
		strbuf_add(&owner, seg[i], seglen[i]);
	}
	name = pct_decode(seg[name_i], seglen[name_i]);
	if (strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".git"))
		name[strlen(name) - 4] = '\0';
	return set_repo(r, xstrndup(host, (size_t)(host_end - host)), strbuf_detach(&owner, NULL), name);
}

int scaffolder_parse_output_repo(const json_t *output, struct scaffolder_repo *r)
{
	static const char *const keys[] = { "remoteUrl", "repoContentsUrl", "repoUrl", "repositoryUrl", NULL };
	json_t *links;
	size_t i;
	json_t *link;

	if (!json_is_object(output))
		return -1;
	for (int k = 0; keys[k]; k++)
		if (!scaffolder_parse_repo_url(json_str(output, keys[k]), r))
			return 0;
	links = json_object_get(output, "links");
	json_array_foreach(links, i, link) {
		const char *title = json_str(link, "title"), *url = json_str(link, "url");

		if (title && url && strcasestr(title, "repo") && !scaffolder_parse_web_url(url, r))
			return 0;
	}
	return -1;
}

int scaffolder_parse_total(const json_t *page, const char *url, int64_t *total, struct strbuf *err)
{
	json_t *v = json_object_get(page, "totalTasks");

	if (!v || json_is_null(v))
		return 0;
	if (json_int(page, "totalTasks", total) || *total < 0) {
		strbuf_addf(err, "%s: 'totalTasks' is not a count", url);
		return -1;
	}
	return 1;
}

void scaffolder_task_info_release(struct scaffolder_task_info *t)
{
	scaffolder_repo_release(&t->repo);
	free(t->raw);
	memset(t, 0, sizeof(*t));
}

int scaffolder_parse_task(json_t *task, const char *url, size_t index, struct scaffolder_task_info *out,
			  struct strbuf *err)
{
	const char *created, *hb;
	json_t *ref;

	memset(out, 0, sizeof(*out));
	out->last_heartbeat_at = TIME_NONE;
	if (!json_is_object(task)) {
		strbuf_addf(err, "%s: task %zu is not an object", url, index);
		return -1;
	}
	out->id = json_str(task, "id");
	if (!out->id || !*out->id) {
		strbuf_addf(err, "%s: task %zu has no 'id'", url, index);
		return -1;
	}
	out->status = json_str(task, "status");
	if (!out->status || !*out->status) {
		strbuf_addf(err, "%s: task '%s' has no 'status'", url, out->id);
		return -1;
	}
	created = json_str(task, "createdAt");
	if (!created || time_parse_iso(created, NULL, &out->created_at)) {
		strbuf_addf(err, "%s: task '%s' has no valid 'createdAt'", url, out->id);
		return -1;
	}
	hb = json_str(task, "lastHeartbeatAt");
	if (hb && time_parse_iso(hb, NULL, &out->last_heartbeat_at)) {
		strbuf_addf(err, "%s: task '%s' has an invalid 'lastHeartbeatAt' '%s'", url, out->id, hb);
		return -1;
	}
	ref = json_path(task, "spec.templateInfo.entityRef");
	out->template_ref = json_is_string(ref) ? json_string_value(ref) : NULL;
	out->created_by = json_str(task, "createdBy");
	if (!out->created_by) {
		json_t *user = json_path(task, "spec.user.ref");

		out->created_by = json_is_string(user) ? json_string_value(user) : NULL;
	}
	ref = json_path(task, "spec.parameters.repoUrl");
	if (json_is_string(ref))
		scaffolder_parse_repo_url(json_string_value(ref), &out->repo);
	/* Current servers strip secrets; older ones did not. They never reach the database. */
	json_object_del(task, "secrets");
	out->raw = json_dumps(task, JSON_COMPACT | JSON_SORT_KEYS);
	return 0;
}

struct event_ref {
	int64_t id;
	const json_t *ev;
};

int scaffolder_parse_page(json_t *doc, const char *url, int64_t offset, struct scaffolder_page *out,
			  struct strbuf *err)
{
	json_t *tasks = json_object_get(doc, "tasks"), *task;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!json_is_array(tasks)) {
		strbuf_addf(err, "%s: expected an object with a 'tasks' array%s", url,
			    json_is_array(json_object_get(doc, "items")) ? " (this looks like the catalog API)"
			    : json_is_object(doc) && !json_object_size(doc) ? ", got an empty object"
			    : "");
		return -1;
	}
	out->has_total = scaffolder_parse_total(doc, url, &out->total, err);
	if (out->has_total < 0)
		return -1;
	out->tasks = xcalloc(json_array_size(tasks) + 1, sizeof(*out->tasks));
	json_array_foreach(tasks, i, task) {
		if (scaffolder_parse_task(task, url, (size_t)offset + i, &out->tasks[out->n], err)) {
			scaffolder_task_info_release(&out->tasks[out->n]);
			scaffolder_page_release(out);
			return -1;
		}
		out->n++;
	}
	return 0;
}

void scaffolder_page_release(struct scaffolder_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		scaffolder_task_info_release(&p->tasks[i]);
	free(p->tasks);
	memset(p, 0, sizeof(*p));
}

static int cmp_event(const void *a, const void *b)
{
	const struct event_ref *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* "Run completed with status: failed" -> failed; an error -> failed; an output -> completed. */
static const char *completion_outcome(const json_t *body)
{
	const char *msg = json_str(body, "message"), *p;

	if (msg && (p = strstr(msg, "status: "))) {
		p += 8;
		if (!strncmp(p, "completed", 9))
			return "completed";
		if (!strncmp(p, "failed", 6))
			return "failed";
		if (!strncmp(p, "cancelled", 9))
			return "cancelled";
	}
	if (json_is_object(json_object_get(body, "error")))
		return "failed";
	if (json_is_object(json_object_get(body, "output")))
		return "completed";
	return NULL;
}

int scaffolder_parse_events(const json_t *events, const char *url, struct scaffolder_events *out,
			    struct strbuf *err)
{
	struct event_ref *refs = NULL;
	size_t n = 0, i;
	const json_t *completion = NULL, *ev;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->completed_at = TIME_NONE;
	if (!json_is_array(events)) {
		strbuf_addf(err, "%s: expected a JSON array of task events", url);
		return -1;
	}
	refs = xmalloc((json_array_size(events) + 1) * sizeof(*refs));
	json_array_foreach(events, i, ev) {
		if (!json_is_object(ev) || json_int(ev, "id", &refs[n].id) || !json_str(ev, "type")) {
			strbuf_addf(err, "%s: event %zu has no numeric 'id' or no 'type'", url, i);
			goto out;
		}
		refs[n++].ev = ev;
	}
	qsort(refs, n, sizeof(*refs), cmp_event);
	for (i = 0; i < n; i++) {
		const char *type = json_str(refs[i].ev, "type");

		if (i && refs[i].id == refs[i - 1].id) {
			out->duplicates++;
			continue;
		}
		out->unique++;
		if (!strcmp(type, "recovered")) {
			out->recovered++;
			completion = NULL;
			out->cancelled = 0;
		} else if (!strcmp(type, "completion")) {
			completion = refs[i].ev;
		} else if (!strcmp(type, "cancelled")) {
			out->cancelled = 1;
		}
	}
	if (completion) {
		json_t *body = json_object_get(completion, "body");
		json_t *output = json_object_get(body, "output");

		out->completed_at = json_time(completion, "createdAt");
		if (out->completed_at == TIME_NONE) {
			strbuf_addf(err, "%s: the completion event has no valid 'createdAt'", url);
			goto out;
		}
		out->outcome = completion_outcome(body);
		out->output = json_is_object(output) ? output : NULL;
	}
	ret = 0;
out:
	free(refs);
	return ret;
}
