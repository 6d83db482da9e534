/* Pure reading of GitHub answers DORA uses: workflow run items and commit items. */
#include <stdlib.h>
#include <string.h>

#include "compute/dora_graph.h"
#include "collect/github_dora_parse.h"
#include "collect/json.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int github_dora_parse_run(const json_t *item, struct dora_run_item *out)
{
	memset(out, 0, sizeof(*out));
	out->attempt = 1;
	out->status = json_str(item, "status");
	out->conclusion = json_str(item, "conclusion");
	out->branch = json_str(item, "head_branch");
	out->event = json_str(item, "event");
	out->created_at = json_time(item, "created_at");
	out->updated_at = json_time(item, "updated_at");
	out->sha = dora_graph_norm(json_str(item, "head_sha"));
	if (json_int(item, "id", &out->id) || !out->sha)
		return DORA_RUN_UNUSABLE;
	if (!out->status || strcmp(out->status, "completed"))
		return DORA_RUN_UNFINISHED;
	if (out->created_at == TIME_NONE || out->updated_at == TIME_NONE)
		return DORA_RUN_NO_TIMES;
	if (json_int(item, "run_attempt", &out->attempt))
		out->attempt = 1;
	return DORA_RUN_USABLE;
}

void github_dora_run_item_release(struct dora_run_item *r)
{
	free(r->sha);
	r->sha = NULL;
}

int github_dora_parse_commit(const json_t *item, struct dora_commit_item *out)
{
	json_t *parents = json_object_get(item, "parents"), *p;
	struct strbuf ps = STRBUF_INIT;
	size_t i, alloc = 0;

	memset(out, 0, sizeof(*out));
	out->sha = dora_graph_norm(json_str(item, "sha"));
	if (!out->sha)
		return -1;
	out->authored_at = json_time(json_path(item, "commit.author"), "date");
	out->committed_at = json_time(json_path(item, "commit.committer"), "date");
	if (out->committed_at == TIME_NONE)
		out->committed_at = out->authored_at;
	if (out->authored_at == TIME_NONE)
		out->authored_at = out->committed_at;
	json_array_foreach(parents, i, p) {
		char *pn = dora_graph_norm(json_str(p, "sha"));

		if (!pn)
			continue;
		strbuf_addf(&ps, "%s%s", ps.len ? " " : "", pn);
		XGROW(out->parents, alloc, out->nparents + 1);
		out->parents[out->nparents++] = pn;
	}
	out->parents_text = ps.len ? strbuf_detach(&ps, NULL) : xstrdup("");
	strbuf_release(&ps);
	return 0;
}

void github_dora_commit_item_release(struct dora_commit_item *c)
{
	for (size_t i = 0; i < c->nparents; i++)
		free(c->parents[i]);
	free(c->parents);
	free(c->sha);
	free(c->parents_text);
	memset(c, 0, sizeof(*c));
}
