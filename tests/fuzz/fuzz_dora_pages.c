/*
 * Fuzz target: what DORA reads from GitHub.  The first byte picks the page: a
 * workflow runs page, a commits page (then the commit graph and the changes
 * between its first and last commit, as a deployment's are worked out), or a
 * deployment's statuses (and the deployment's outcome).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_graph.h"
#include "collect/github_dora.h"
#include "collect/github_dora_parse.h"
#include "collect/json.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void runs(const json_t *doc)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(doc, "workflow_runs"), i, item) {
		struct dora_run_item r;
		int kind = github_dora_parse_run(item, &r);

		if (kind == DORA_RUN_USABLE && (!r.sha || r.created_at == TIME_NONE || r.updated_at == TIME_NONE ||
						strcmp(r.status, "completed")))
			abort();
		if (kind != DORA_RUN_UNUSABLE && (!r.sha || strspn(r.sha, "0123456789abcdef") != strlen(r.sha)))
			abort();
		github_dora_run_item_release(&r);
	}
}

static void commits(const json_t *doc)
{
	struct dora_graph *g = dora_graph_new();
	struct dora_change_list changes = { 0 };
	char *first = NULL, *last = NULL;
	const char *missing = NULL, **unknown = NULL;
	json_t *item;
	size_t i;

	json_array_foreach(doc, i, item) {
		struct dora_commit_item c;

		if (github_dora_parse_commit(item, &c))
			continue;
		if ((c.nparents == 0) != (c.parents_text[0] == '\0'))
			abort();
		dora_graph_add(g, c.sha, c.authored_at, c.parents_text, (int)(i % 7 == 6));
		if (!first)
			first = xstrdup(c.sha);
		free(last);
		last = xstrdup(c.sha);
		github_dora_commit_item_release(&c);
	}
	if (first) {
		/* GitHub lists newest first: the first commit is the head, the last a base */
		if (dora_graph_changes(g, first, last, &changes, &missing) == DORA_GRAPH_MISSING && !missing)
			abort();
		dora_graph_changes(g, first, NULL, &changes, &missing);
		for (size_t k = 0; k < changes.n; k++)
			if (!dora_graph_known(g, changes.v[k].sha))
				abort();
	}
	free(unknown);
	unknown = NULL;
	if (dora_graph_unknown(g, &unknown) > dora_graph_size(g) * 64 + 64)
		abort();
	free(unknown);
	dora_change_list_release(&changes);
	dora_graph_free(g);
	free(first);
	free(last);
}

static void statuses(const json_t *doc)
{
	size_t n = json_array_size(doc), k = 0, i;
	struct dora_status *v = xcalloc(n + 1, sizeof(*v));
	const char *conclusion = NULL;
	int success = 0;
	int64_t at = TIME_NONE;
	json_t *item;

	json_array_foreach(doc, i, item) {
		v[k].state = json_str(item, "state");
		v[k].created_at = json_time(item, "created_at");
		if (json_int(item, "id", &v[k].id))
			v[k].id = 0;
		if (v[k].created_at != TIME_NONE)
			k++;
	}
	if (github_dora_status_outcome(v, k, &conclusion, &success, &at) && (!conclusion || at == TIME_NONE))
		abort();
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	json_t *doc;

	if (!size)
		return 0;
	doc = json_parse_body((const char *)data + 1, size - 1, "https://gh/fuzz", &err);
	if (doc) {
		switch (data[0] % 3) {
		case 0: runs(doc); break;
		case 1: commits(doc); break;
		default: statuses(doc); break;
		}
	}
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
