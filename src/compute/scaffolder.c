/* Service-creation lead time KPIs from scaffolder tasks. */
#include <fnmatch.h>
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
	double *minutes = xmalloc((n ? n : 1) * sizeof(*minutes));
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
	k = stats_sort(minutes, k);
	out->with_time = (int64_t)k;
	out->p50_minutes = stats_percentile_sorted(minutes, k, 0.5);
	out->p95_minutes = stats_percentile_sorted(minutes, k, 0.95);
	free(minutes);
}

struct task_set {
	struct task_obs *v;
	char **owned;            /* strings the observations point into */
	size_t n, alloc, nowned, owned_alloc;
};

static const char *keep(struct task_set *s, const char *str)
{
	if (!str)
		return NULL;
	XGROW(s->owned, s->owned_alloc, s->nowned + 1);
	return s->owned[s->nowned++] = xstrdup(str);
}

static void task_set_release(struct task_set *s)
{
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
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

static int cmp_template(const void *a, const void *b)
{
	const struct task_obs *x = a, *y = b;

	return strcmp(x->template_ref ? x->template_ref : "", y->template_ref ? y->template_ref : "");
}

static int cmp_team(const void *a, const void *b)
{
	const struct task_obs *x = a, *y = b;

	return strcmp(x->team ? x->team : "", y->team ? y->team : "");
}

/* Per team (every task has one, unowned included): sort by team, then summarise each run of equal teams. */
static int put_teams(struct compute_ctx *ctx, const struct period *p, struct task_set *s, struct strbuf *err)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_team);
	for (size_t i = 0; i < s->n;) {
		size_t j = i;

		while (j < s->n && !cmp_team(&s->v[i], &s->v[j]))
			j++;
		if (s->v[i].team && put_summary(ctx, p, s->v[i].team, s->v + i, j - i, err))
			return -1;
		i = j;
	}
	return 0;
}

static int compute_scaffolder(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct task_set s = { 0 };
	int ret = -1;

	if (load_tasks(ctx, p, &s, err))
		goto out;
	if (put_summary(ctx, p, "org", s.v, s.n, err))
		goto out;
	/* Per template: sort by template, then summarise each run of equal refs. */
	if (s.n > 1) /* qsort(NULL, 0, ...) is undefined */
		qsort(s.v, s.n, sizeof(*s.v), cmp_template);
	for (size_t i = 0; i < s.n;) {
		size_t j = i;
		char *scope;
		int rc;

		while (j < s.n && !cmp_template(&s.v[i], &s.v[j]))
			j++;
		if (s.v[i].template_ref) {
			scope = xasprintf("template:%s", s.v[i].template_ref);
			rc = put_summary(ctx, p, scope, s.v + i, j - i, err);
			free(scope);
			if (rc)
				goto out;
		}
		i = j;
	}
	if (put_teams(ctx, p, &s, err))
		goto out;
	ret = 0;
out:
	task_set_release(&s);
	return ret;
}

const struct metric_module scaffolder_module = { "scaffolder", compute_scaffolder };
