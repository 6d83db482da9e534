/* Service-creation lead time KPIs from scaffolder tasks. */
#include <fnmatch.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/ownership.h"
#include "compute/scaffolder.h"
#include "compute/stats.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

void lead_time_summarise(const struct task_obs *t, size_t n, struct lead_time_summary *out)
{
	static const double ps[2] = { 0.5, 0.95 };
	double *minutes = xmalloc((n ? n : 1) * sizeof(*minutes)), q[2];
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		int completed = !strcmp(t[i].status, "completed");

		if (completed || !strcmp(t[i].status, "failed") || !strcmp(t[i].status, "cancelled"))
			out->finished++;
		if (!completed)
			continue;
		out->completed++;
		if (t[i].completed_at == TIME_NONE || t[i].completed_at < t[i].created_at)
			continue;
		minutes[k++] = (double)(t[i].completed_at - t[i].created_at) / 60.0;
		if (t[i].approx)
			out->approx = 1;
	}
	k = stats_percentiles(minutes, k, ps, q, 2);
	out->with_time = (int64_t)k;
	out->p50_minutes = q[0];
	out->p95_minutes = q[1];
	free(minutes);
}

struct task_set {
	struct task_obs *v;
	size_t n, alloc;
	GHashTable *strings;     /* template refs and statuses, each kept once (owned): equal text, equal pointer */
};

/* STR kept for the life of S, one copy per distinct text. */
static const char *keep(struct task_set *s, const char *str)
{
	char *have;

	if (!str)
		return NULL;
	if (!(have = g_hash_table_lookup(s->strings, str))) {
		have = xstrdup(str);
		g_hash_table_add(s->strings, have);
	}
	return have;
}

static void task_set_release(struct task_set *s)
{
	if (s->strings)
		g_hash_table_destroy(s->strings);
	free(s->v);
}

static int included(const struct config *cfg, const char *ref)
{
	if (!cfg->backstage.templates.n)
		return 1;
	for (size_t i = 0; i < cfg->backstage.templates.n; i++)
		if (ref && !fnmatch(cfg->backstage.templates.v[i], ref, 0))
			return 1;
	return 0;
}

static int load_tasks(struct compute_ctx *ctx, const struct period *p, struct task_set *s, struct strbuf *err)
{
	struct ownership *owners = ownership_of(ctx, err);
	sqlite3_stmt *st = owners ? db_stmt(ctx->db, "compute/scaffolder_tasks", err) : NULL;
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":start", p->start);
	db_bind_int(st, ":end", p->end);
	while ((rc = db_step(ctx->db, st, err)) > 0) {
		struct task_obs *o;
		const char *ref = row_text(st, "template_ref");

		if (!included(ctx->cfg, ref))
			continue;
		XGROW(s->v, s->alloc, s->n + 1);
		o = &s->v[s->n++];
		o->template_ref = keep(s, ref);
		o->status = keep(s, row_text(st, "status"));
		o->created_at = row_int(st, "created_at", 0);
		o->completed_at = row_time(st, "completed_at");
		o->approx = (int)row_int(st, "completed_approx", 0);
		/* interned by the resolver, which outlives the task set */
		o->team = ownership_task(owners, row_text(st, "repo_owner"), row_text(st, "repo_name"),
					 row_text(st, "param_owner"), NULL);
	}
	return rc < 0 ? -1 : 0;
}

static int put_summary(struct compute_ctx *ctx, const struct period *p, const char *scope, const struct task_obs *t,
		       size_t n, struct strbuf *err)
{
	struct lead_time_summary s;
	struct flagset flags = { { 0 }, 0 };
	double rate;

	lead_time_summarise(t, n, &s);
	if (s.approx)
		flagset_add(&flags, "approximate");
	rate = s.finished ? (double)s.completed / (double)s.finished : NAN;
	if (compute_put(ctx, p, "service_creation_lead_time_p50_minutes", scope, s.p50_minutes, s.with_time, &flags,
			NULL, err) ||
	    compute_put(ctx, p, "service_creation_lead_time_p95_minutes", scope, s.p95_minutes, s.with_time, &flags,
			NULL, err) ||
	    compute_put(ctx, p, "services_created", scope, n ? (double)s.completed : NAN, s.completed, NULL, NULL,
			err) ||
	    compute_put(ctx, p, "scaffolder_success_rate", scope, rate, s.finished, NULL, NULL, err))
		return -1;
	return 0;
}

/* The tasks sharing one template or one team: its name (kept once, so compared by pointer) and where they go. */
struct task_group {
	const char *name;
	size_t n, at;
};

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct task_group *)a)->name, ((const struct task_group *)b)->name);
}

static const char *group_key(const struct task_obs *t, int by_team)
{
	return by_team ? t->team : t->template_ref;
}

/*
 * Summarise the tasks of S per template (BY_TEAM 0; tasks without one are left out) or per team, the
 * groups in name order.  The names are kept once each (keep(), the resolver's interning), so the tasks
 * are grouped by pointer in one pass and placed group by group instead of sorted by name.
 */
static int put_groups(struct compute_ctx *ctx, const struct period *p, const struct task_set *s, int by_team,
		      struct strbuf *err)
{
	GHashTable *index = g_hash_table_new(g_direct_hash, g_direct_equal); /* name -> group number + 1 */
	struct task_group *g = NULL;
	size_t ng = 0, galloc = 0, *of = xmalloc((s->n ? s->n : 1) * sizeof(*of)), *rank = NULL;
	struct task_obs *placed = xmalloc((s->n ? s->n : 1) * sizeof(*placed));
	const char *last = NULL;
	size_t last_g = 0;
	int ret = -1;

	for (size_t i = 0; i < s->n; i++) {
		const char *key = group_key(&s->v[i], by_team);

		if (!key)
			continue;
		if (key != last) {
			last_g = GPOINTER_TO_SIZE(g_hash_table_lookup(index, key));
			if (!last_g) {
				XGROW(g, galloc, ng + 1);
				g[ng].name = key;
				g[ng].n = 0;
				last_g = ++ng;
				g_hash_table_insert(index, (gpointer)key, GSIZE_TO_POINTER(last_g));
			}
			last = key;
		}
		of[i] = last_g - 1;
		g[last_g - 1].n++;
	}
	if (ng > 1)
		qsort(g, ng, sizeof(*g), cmp_group);
	rank = xmalloc((ng ? ng : 1) * sizeof(*rank)); /* first-seen number -> place in name order */
	for (size_t k = 0, at = 0; k < ng; k++) {
		rank[GPOINTER_TO_SIZE(g_hash_table_lookup(index, g[k].name)) - 1] = k;
		g[k].at = at;
		at += g[k].n;
	}
	for (size_t k = 0; k < ng; k++)
		g[k].n = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct task_group *to;

		if (!group_key(&s->v[i], by_team))
			continue;
		to = &g[rank[of[i]]];
		placed[to->at + to->n++] = s->v[i];
	}
	for (size_t k = 0; k < ng; k++) {
		char *scope = by_team ? NULL : xasprintf("template:%s", g[k].name);
		int rc = put_summary(ctx, p, by_team ? g[k].name : scope, placed + g[k].at, g[k].n, err);

		free(scope);
		if (rc)
			goto out;
	}
	ret = 0;
out:
	g_hash_table_destroy(index);
	free(g);
	free(of);
	free(rank);
	free(placed);
	return ret;
}

static int compute_scaffolder(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct task_set s = { 0 };
	int ret = -1;

	s.strings = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	if (load_tasks(ctx, p, &s, err))
		goto out;
	if (put_summary(ctx, p, "org", s.v, s.n, err))
		goto out;
	/* per template, then per team (every task has one, unowned included) */
	if (put_groups(ctx, p, &s, 0, err) || put_groups(ctx, p, &s, 1, err))
		goto out;
	ret = 0;
out:
	task_set_release(&s);
	return ret;
}

const struct metric_module scaffolder_module = { "scaffolder", compute_scaffolder };
