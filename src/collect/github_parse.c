/* Pure parsing of GitHub list pages: an organisation's repositories, a repository's workflows. */
#include <stdlib.h>
#include <string.h>

#include "collect/github_parse.h"
#include "collect/json.h"
#include "util/xalloc.h"

static char *keep(struct github_repos_page *p, char *s)
{
	p->owned = xrealloc(p->owned, (p->nowned + 1) * sizeof(*p->owned));
	p->owned[p->nowned++] = s;
	return s;
}

/* Fill R from ITEM; 0, or -1 when ITEM has no usable full_name. */
static int read_repo(struct github_repos_page *p, const json_t *item, struct github_repo *r)
{
	const char *full = json_str(item, "full_name"), *slash;
	json_t *topics = json_object_get(item, "topics");
	int64_t id = 0;

	if (!full || !(slash = strchr(full, '/')) || slash == full || !slash[1])
		return -1;
	memset(r, 0, sizeof(*r));
	r->full_name = full;
	r->owner = json_str(json_object_get(item, "owner"), "login");
	if (!r->owner)
		r->owner = keep(p, xstrndup(full, (size_t)(slash - full)));
	r->name = json_str(item, "name") ? json_str(item, "name") : slash + 1;
	if (!json_int(item, "id", &id))
		r->id = id;
	r->archived = json_bool(item, "archived", 0);
	r->disabled = json_bool(item, "disabled", 0);
	r->fork = json_bool(item, "fork", 0);
	r->is_template = json_bool(item, "is_template", 0);
	r->visibility = json_str(item, "visibility");
	r->default_branch = json_str(item, "default_branch");
	if (json_is_array(topics))
		r->topics = keep(p, json_dumps(topics, JSON_COMPACT));
	r->created_at = json_time(item, "created_at");
	r->pushed_at = json_time(item, "pushed_at");
	return 0;
}

int github_parse_repos_page(const char *body, size_t len, const char *url, struct github_repos_page *out,
			    struct strbuf *err)
{
	json_t *item;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->doc = json_parse_body(body, len, url, err);
	if (!out->doc)
		return -1;
	if (!json_is_array(out->doc)) {
		strbuf_addf(err, "%s: expected a JSON array of repositories%s", url,
			    json_is_object(out->doc) && !json_object_size(out->doc) ? ", got an empty object" : "");
		return -1;
	}
	out->repos = xcalloc(json_array_size(out->doc) + 1, sizeof(*out->repos));
	out->skipped = xcalloc(json_array_size(out->doc) + 1, sizeof(*out->skipped));
	json_array_foreach(out->doc, i, item) {
		if (read_repo(out, item, &out->repos[out->n]))
			out->skipped[out->nskipped++] = i;
		else
			out->n++;
	}
	return 0;
}

void github_repos_page_release(struct github_repos_page *p)
{
	for (size_t i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->repos);
	free(p->skipped);
	json_decref(p->doc);
	memset(p, 0, sizeof(*p));
}

int github_parse_workflows_page(const char *body, size_t len, const char *url, struct github_workflows_page *out,
				struct strbuf *err)
{
	json_t *doc, *arr, *item;
	size_t i;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	doc = json_parse_body(body, len, url, err);
	if (!doc)
		return -1;
	arr = json_object_get(doc, "workflows");
	if (!json_is_array(arr)) {
		strbuf_addf(err, "%s: expected an object with a 'workflows' array%s", url,
			    json_is_object(doc) && !json_object_size(doc) ? ", got an empty object" : "");
		goto out;
	}
	out->v = xcalloc(json_array_size(arr) + 1, sizeof(*out->v));
	json_array_foreach(arr, i, item) {
		const char *path = json_str(item, "path"), *state = json_str(item, "state"), *name = json_str(item, "name");
		struct github_workflow_item *w;
		int64_t id;

		if (!path || !*path || !state || json_int(item, "id", &id)) {
			out->ignored++;
			continue;
		}
		w = &out->v[out->n++];
		w->id = id;
		w->name = name ? xstrdup(name) : NULL;
		w->path = xstrdup(path);
		w->state = xstrdup(state);
	}
	ret = 0;
out:
	json_decref(doc);
	return ret;
}

void github_workflows_page_release(struct github_workflows_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].path);
		free(p->v[i].state);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}
