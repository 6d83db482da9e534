/* Daily golden-path snapshots: judge every stored repository (active? on the golden path? via what?). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/github.h"
#include "collect/workflow_yaml.h"
#include "store/github.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

const char *github_inactive_why(int archived, int disabled, int fork, int is_template, int64_t pushed_at,
				const struct config *cfg, int64_t now)
{
	if (archived)
		return "archived";
	if (disabled)
		return "disabled";
	if (fork && !cfg->github.include_forks)
		return "fork";
	if (is_template)
		return "template";
	if (pushed_at == TIME_NONE)
		return "empty";
	if (pushed_at < now - (int64_t)cfg->github.active_days * 86400)
		return "stale";
	return NULL;
}

struct judged {
	int workflows;
	int golden;
	char *via;
};

struct judge {
	const struct config *cfg;
	struct github_repo_states *repos;
	struct judged *out;
};

static int cmp_name(const void *key, const void *elem)
{
	return strcasecmp(key, ((const struct github_repo_state *)elem)->full_name);
}

static int judge_workflow(void *data, const char *repo, const struct github_workflow *w, struct strbuf *err)
{
	struct judge *j = data;
	const struct github_repo_state *r = bsearch(repo, j->repos->v, j->repos->n, sizeof(*j->repos->v), cmp_name);
	struct workflow_uses uses = { 0 };
	const struct workflow_use *hit;
	struct judged *o;

	(void)err;
	if (!r || !w->state || strcmp(w->state, "active") || !w->uses)
		return 0;
	o = &j->out[r - j->repos->v];
	o->workflows++;
	if (o->golden || workflow_uses_from_json(w->uses, &uses))
		goto out;
	hit = golden_find(&uses, &j->cfg->golden_path.reusable_workflows, &j->cfg->golden_path.actions);
	if (hit) {
		o->golden = 1;
		o->via = xasprintf("%s: %s", w->path, hit->uses);
	}
out:
	workflow_uses_release(&uses);
	return 0;
}

static int put_rows(struct db *db, const struct config *cfg, const struct github_repo_states *repos,
		    const struct judged *out, const char *day, const char *owner, int64_t now, int partial,
		    struct github_snapshot_counts *c, struct strbuf *err)
{
	if (store_github_snapshot_clear(db, day, owner, err))
		return -1;
	for (size_t i = 0; i < repos->n; i++) {
		const struct github_repo_state *r = &repos->v[i];
		struct github_snapshot s;

		memset(&s, 0, sizeof(s));
		s.day = day;
		s.taken_at = now;
		s.repo = r->full_name;
		s.inactive_why = github_inactive_why(r->archived, r->disabled, r->fork, r->is_template, r->pushed_at, cfg, now);
		s.active = !s.inactive_why;
		s.checked = r->workflows_read_at != TIME_NONE;
		s.golden = out[i].golden;
		s.golden_via = out[i].via;
		s.workflows = out[i].workflows;
		s.pushed_at = r->pushed_at;
		s.partial = partial;
		if (store_github_snapshot_put(db, &s, err))
			return -1;
		c->repos++;
		if (s.active) {
			c->active++;
			c->checked += s.checked;
			c->golden += s.golden;
		}
	}
	return 0;
}

int github_snapshot_write(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, const char *owner,
			  int64_t now, int partial, struct github_snapshot_counts *counts, struct strbuf *err)
{
	struct github_repo_states repos = { 0 };
	struct judged *out = NULL;
	struct judge j;
	struct github_snapshot_counts c = { 0, 0, 0, 0 };
	char day[16];
	int ret = -1;

	if (store_github_repos_current(db, owner, &repos, err))
		goto out;
	out = xcalloc(repos.n ? repos.n : 1, sizeof(*out));
	j.cfg = cfg;
	j.repos = &repos;
	j.out = out;
	if (store_github_workflows_each(db, owner, judge_workflow, &j, err))
		goto out;
	time_format_date(now, pcfg->tz, day, sizeof(day));
	if (db_begin(db, err))
		goto out;
	if (put_rows(db, cfg, &repos, out, day, owner, now, partial, &c, err)) {
		db_rollback(db);
		goto out;
	}
	if (db_commit(db, err))
		goto out;
	if (counts)
		*counts = c;
	ret = 0;
out:
	for (size_t i = 0; out && i < repos.n; i++)
		free(out[i].via);
	free(out);
	store_github_repo_states_release(&repos);
	return ret;
}
