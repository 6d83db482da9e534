/* Golden-path adoption KPIs from the daily GitHub repository snapshots. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/adoption.h"
#include "compute/ownership.h"
#include "store/row.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

void adoption_summarise(const struct adoption_obs *v, size_t n, struct adoption_summary *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		out->repos++;
		if (v[i].partial)
			out->incomplete = 1;
		if (!v[i].active)
			continue;
		out->active++;
		if (!v[i].checked) {
			out->incomplete = 1;
			continue;
		}
		out->checked++;
		out->golden += v[i].golden != 0;
	}
	out->rate = out->checked ? (double)out->golden / (double)out->checked : NAN;
}

/* The last snapshot day of the configured organisation inside P into DAY ("" when none). */
static int last_day(struct db *db, const struct config *cfg, const struct period *p, char *day, size_t size,
		    struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "compute/adoption_last_day", err);
	int rc;

	day[0] = '\0';
	if (!st)
		return -1;
	db_bind_int(st, ":start", p->start);
	db_bind_int(st, ":end", p->end);
	db_bind_text(st, ":owner", cfg->github.org);
	rc = db_step(db, st, err);
	if (rc > 0) {
		snprintf(day, size, "%s", row_text(st, "day") ? row_text(st, "day") : "");
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

/* A repository of the snapshot and the team that owns it (compute/ownership.h). */
struct team_obs {
	const char *team;        /* interned by the resolver */
	struct adoption_obs obs;
};

/* The snapshot's repositories that catalog.filters.adoption lets count, with their teams. */
static int load_snapshot(struct compute_ctx *ctx, const char *day, struct team_obs **v, size_t *n,
			 struct strbuf *err)
{
	struct ownership *owners = ownership_of(ctx, err);
	sqlite3_stmt *st = owners ? db_stmt(ctx->db, "compute/adoption_snapshot", err) : NULL;
	size_t alloc = 0;
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, ":day", day);
	db_bind_text(st, ":owner", ctx->cfg->github.org);
	while ((rc = db_step(ctx->db, st, err)) > 0) {
		struct adoption_obs *o;

		if (!ownership_selected(owners, "adoption", row_text(st, "repo")))
			continue;
		XGROW(*v, alloc, *n + 1);
		(*v)[*n].team = ownership_repo(owners, row_text(st, "repo"), NULL);
		o = &(*v)[(*n)++].obs;
		o->active = (int)row_int(st, "active", 0);
		o->checked = (int)row_int(st, "checked", 0);
		o->golden = (int)row_int(st, "golden", 0);
		o->partial = (int)row_int(st, "partial", 0);
	}
	return rc < 0 ? -1 : 0;
}

/* The three KPIs of SCOPE from its N repositories V of snapshot DAY; FILTER: catalog.filters.adoption as JSON, or NULL. */
static int put_scope(struct compute_ctx *ctx, const struct period *p, const char *scope, const char *day,
		     const struct team_obs *v, size_t n, const char *filter, struct strbuf *err)
{
	struct adoption_obs *obs = xcalloc(n + 1, sizeof(*obs));
	struct adoption_summary s;
	struct flagset flags = { { 0 }, 0 };
	char *detail;
	int ret = -1;

	for (size_t i = 0; i < n; i++)
		obs[i] = v[i].obs;
	adoption_summarise(obs, n, &s);
	if (s.incomplete)
		flagset_add(&flags, "partial");
	if (filter)
		flagset_add(&flags, "filtered");
	detail = xasprintf("{\"snapshot\":\"%s\",\"repos\":%lld,\"active\":%lld,\"checked\":%lld,\"golden\":%lld%s%s}", day,
			   (long long)s.repos, (long long)s.active, (long long)s.checked, (long long)s.golden,
			   filter ? ",\"filter\":" : "", filter ? filter : "");
	if (compute_put(ctx, p, "golden_path_adoption_rate", scope, s.rate, s.checked, &flags, detail, err) ||
	    compute_put(ctx, p, "golden_path_repos", scope, s.checked ? (double)s.golden : NAN, s.checked, &flags, detail,
			err) ||
	    compute_put(ctx, p, "active_repos", scope, (double)s.active, s.active, &flags, detail, err))
		goto out;
	ret = 0;
out:
	free(obs);
	free(detail);
	return ret;
}

static int cmp_team(const void *a, const void *b)
{
	return strcmp(((const struct team_obs *)a)->team, ((const struct team_obs *)b)->team);
}

static int compute_adoption(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct team_obs *v = NULL;
	char day[16], *filter = NULL;
	size_t n = 0;
	int ret = -1;

	if (last_day(ctx->db, ctx->cfg, p, day, sizeof(day), err))
		goto out;
	if (!day[0]) {
		/* No snapshot in the period: no data, not zero. */
		ret = compute_put(ctx, p, "golden_path_adoption_rate", "org", NAN, 0, NULL, NULL, err) ||
		      compute_put(ctx, p, "golden_path_repos", "org", NAN, 0, NULL, NULL, err) ||
		      compute_put(ctx, p, "active_repos", "org", NAN, 0, NULL, NULL, err) ? -1 : 0;
		goto out;
	}
	if (load_snapshot(ctx, day, &v, &n, err))
		goto out;
	filter = ownership_filter_json(ctx->ownership, "adoption");
	if (put_scope(ctx, p, "org", day, v, n, filter, err))
		goto out;
	/* per team (unowned included): sort by team, then each run of equal teams */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_team);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && v[j].team == v[i].team; j++)
			;
		if (put_scope(ctx, p, v[i].team, day, v + i, j - i, filter, err))
			goto out;
	}
	ret = 0;
out:
	free(v);
	free(filter);
	return ret;
}

void adoption_repos_release(struct adoption_repos *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].repo);
	free(r->v);
	r->v = NULL;
	r->n = r->alloc = 0;
}

int adoption_not_golden(struct db *db, const struct config *cfg, const struct period *p, struct adoption_repos *out,
			struct strbuf *err)
{
	sqlite3_stmt *st;
	int rc;

	if (last_day(db, cfg, p, out->day, sizeof(out->day), err))
		return -1;
	if (!out->day[0])
		return 0;
	if (!(st = db_stmt(db, "compute/adoption_not_golden", err)))
		return -1;
	db_bind_text(st, ":day", out->day);
	db_bind_text(st, ":owner", cfg->github.org);
	while ((rc = db_step(db, st, err)) > 0) {
		struct adoption_repo *r;

		XGROW(out->v, out->alloc, out->n + 1);
		r = &out->v[out->n++];
		r->repo = xstrdup(row_text(st, "repo"));
		r->checked = (int)row_int(st, "checked", 0);
		r->workflows = (int)row_int(st, "workflows", 0);
		r->pushed_at = row_time(st, "pushed_at");
	}
	return rc < 0 ? -1 : 0;
}

const struct metric_module adoption_module = { "adoption", compute_adoption };
