/* Onboarding time: median days from a new developer's start date to their first productive day. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/onboarding.h"
#include "compute/ownership.h"
#include "compute/stats.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

void onboarding_summarise(const struct onboarding_obs *v, size_t n, struct onboarding_summary *out)
{
	static const double half = 0.5;
	double *days = xmalloc((n ? n : 1) * sizeof(*days));
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	out->started = (int64_t)n;
	for (size_t i = 0; i < n; i++)
		if (v[i].days >= 0)
			days[k++] = (double)v[i].days;
	out->productive = (int64_t)k;
	stats_percentiles(days, k, &half, &out->p50_days, 1);
	free(days);
}

struct people {
	struct onboarding_obs *v;
	char **teams;
	size_t n, alloc;
};

static void people_release(struct people *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->teams[i]);
	free(s->teams);
	free(s->v);
}

static int cmp_team(const void *pa, const void *pb)
{
	const struct onboarding_obs *a = pa, *b = pb;

	if (!a->team != !b->team)
		return a->team ? -1 : 1;
	return a->team ? strcmp(a->team, b->team) : 0;
}

static int load(struct compute_ctx *ctx, const struct period *p, struct people *s, struct strbuf *err)
{
	struct ownership *owners = ownership_of(ctx, err);
	sqlite3_stmt *st = owners ? db_stmt(ctx->db, "compute/onboarding_records", err) : NULL;
	char from[16], to[16];
	int rc;

	if (!st)
		return -1;
	time_format_date(p->start, ctx->pcfg->tz, from, sizeof(from));
	time_format_date(p->end, ctx->pcfg->tz, to, sizeof(to));
	db_bind_text(st, ":start_date", from);
	db_bind_text(st, ":end_date", to);
	while ((rc = db_step(ctx->db, st, err)) > 0) {
		/* the team column as the catalog group it names, else as written */
		const char *team = ownership_scope_name(ownership_team_name(owners, row_text(st, "team"), NULL));
		size_t alloc = s->alloc;

		XGROW(s->v, s->alloc, s->n + 1);
		if (s->alloc != alloc)
			s->teams = xrealloc(s->teams, s->alloc * sizeof(*s->teams));
		s->teams[s->n] = team && *team ? xstrdup(team) : NULL;
		s->v[s->n].team = s->teams[s->n];
		s->v[s->n].days = row_text(st, "productive_date") ? row_int(st, "days", -1) : -1;
		s->n++;
	}
	return rc < 0 ? -1 : 0;
}

static int put(struct compute_ctx *ctx, const struct period *p, const char *scope, const struct onboarding_obs *v,
	       size_t n, struct strbuf *err)
{
	struct onboarding_summary s;
	struct flagset flags = { { 0 }, 0 };
	char *detail;
	int ret;

	onboarding_summarise(v, n, &s);
	/* People still onboarding are not in the median yet: it can only grow as they finish. */
	if (s.productive < s.started)
		flagset_add(&flags, "incomplete");
	if (s.productive && s.productive < 5)
		flagset_add(&flags, "small_sample");
	detail = s.started ? xasprintf("{\"started\":%lld,\"productive\":%lld}", (long long)s.started,
				       (long long)s.productive)
			   : NULL;
	ret = compute_put(ctx, p, "onboarding_time_p50_days", scope, s.p50_days, s.productive, &flags, detail, err);
	free(detail);
	return ret;
}

static int compute_onboarding(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct people s = { 0 };
	int ret = -1;

	if (load(ctx, p, &s, err) || put(ctx, p, "org", s.v, s.n, err))
		goto out;
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_team);
	for (size_t i = 0; i < s.n && s.v[i].team;) {
		size_t j = i;
		char *scope;
		int rc;

		while (j < s.n && s.v[j].team && !strcmp(s.v[j].team, s.v[i].team))
			j++;
		scope = xasprintf("team:%s", s.v[i].team);
		rc = put(ctx, p, scope, s.v + i, j - i, err);
		free(scope);
		if (rc)
			goto out;
		i = j;
	}
	ret = 0;
out:
	people_release(&s);
	return ret;
}

const struct metric_module onboarding_module = { "onboarding", compute_onboarding };
