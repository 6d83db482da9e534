/* Infrastructure tickets per month, from imported Jira tickets filtered by tickets.infra_filter. */
#include <fnmatch.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/ownership.h"
#include "compute/tickets.h"
#include "store/row.h"
#include "util/xalloc.h"

static int any_match(const struct str_list *globs, const char *json_text)
{
	json_t *a = json_loads(json_text ? json_text : "[]", 0, NULL);
	size_t i;
	json_t *e;
	int hit = 0;

	json_array_foreach(a, i, e)
		for (size_t k = 0; k < globs->n && !hit; k++)
			hit = json_is_string(e) && !fnmatch(globs->v[k], json_string_value(e), FNM_CASEFOLD);
	json_decref(a);
	return hit;
}

int tickets_is_infra(const struct config *cfg, const char *labels, const char *components)
{
	if (!cfg->tickets.labels.n && !cfg->tickets.components.n)
		return 1;
	return any_match(&cfg->tickets.labels, labels) || any_match(&cfg->tickets.components, components);
}

/* any_match() of GLOBS and JSON_TEXT, each distinct text parsed once: MEMO maps it to the answer + 1. */
static int any_match_memo(GHashTable *memo, const struct str_list *globs, const char *json_text)
{
	const char *key = json_text ? json_text : "[]";
	int hit = GPOINTER_TO_INT(g_hash_table_lookup(memo, key));

	if (!hit) {
		hit = any_match(globs, key) + 1;
		g_hash_table_insert(memo, xstrdup(key), GINT_TO_POINTER(hit));
	}
	return hit - 1;
}

/*
 * tickets_is_infra() for the rows of a period: a few label and component lists are written on
 * thousands of tickets.  LABELS and COMPONENTS: the memos of any_match_memo().
 */
static int is_infra_memo(const struct config *cfg, GHashTable *labels_memo, GHashTable *components_memo,
			 const char *labels, const char *components)
{
	if (!cfg->tickets.labels.n && !cfg->tickets.components.n)
		return 1;
	return any_match_memo(labels_memo, &cfg->tickets.labels, labels) ||
	       any_match_memo(components_memo, &cfg->tickets.components, components);
}

struct team_count {
	char *team;
	int64_t n;
};

static struct team_count *team_find(struct team_count *v, size_t n, const char *team)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].team, team))
			return &v[i];
	return NULL;
}

/* Months of P the data can speak for: the whole period, or up to NOW in the current one. */
static double months_covered(const struct compute_ctx *ctx, const struct period *p, int *partial)
{
	double months = p->kind == PERIOD_QUARTER ? 3.0 : 1.0;

	*partial = 0;
	if (ctx->now >= p->end)
		return months;
	if (ctx->now <= p->start)
		return 0;
	*partial = 1;
	return months * (double)(ctx->now - p->start) / (double)(p->end - p->start);
}

/* What every period of a compute run shares: the span of the tickets and the teams they name. */
struct tickets_run {
	int64_t first, last, total;
	char **team;              /* as written, in name order */
	int64_t *since;           /* each one's first ticket */
	size_t n;
};

void tickets_run_free(struct tickets_run *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->team[i]);
	free(t->team);
	free(t->since);
	free(t);
}

/* The run's span and teams, read on first use (one pass over the tickets instead of two per period). */
static struct tickets_run *run_of(struct compute_ctx *ctx, struct strbuf *err)
{
	sqlite3_stmt *st;
	struct tickets_run *t;
	size_t alloc = 0, alloc2 = 0;
	int rc;

	if (ctx->tickets)
		return ctx->tickets;
	if (!(st = db_stmt(ctx->db, "compute/tickets_span", err)) || db_step(ctx->db, st, err) < 0)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	t->total = row_int(st, "n", 0);
	t->first = row_int(st, "first_at", 0);
	t->last = row_int(st, "last_at", 0);
	sqlite3_reset(st);
	if (!(st = db_stmt(ctx->db, "compute/ticket_teams", err))) {
		tickets_run_free(t);
		return NULL;
	}
	while ((rc = db_step(ctx->db, st, err)) > 0) {
		XGROW(t->team, alloc, t->n + 1);
		XGROW(t->since, alloc2, t->n + 1);
		t->team[t->n] = xstrdup(row_text(st, "team"));
		t->since[t->n++] = row_int(st, "first_at", 0);
	}
	if (rc < 0) {
		tickets_run_free(t);
		return NULL;
	}
	return ctx->tickets = t;
}

/* The teams named on a ticket created before P's end, as scopes, each once. */
static int load_teams(struct compute_ctx *ctx, const struct tickets_run *run, const struct period *p,
		      struct team_count **v, size_t *n, struct strbuf *err)
{
	struct ownership *owners = ownership_of(ctx, err);
	size_t alloc = 0;

	if (!owners)
		return -1;
	for (size_t i = 0; i < run->n; i++) {
		/* the team column as the catalog group it names, else as written; two spellings can be one team */
		const char *team;

		if (run->since[i] >= p->end)
			continue;
		team = ownership_scope_name(ownership_team_name(owners, run->team[i], NULL));
		if (!team || team_find(*v, *n, team))
			continue;
		XGROW(*v, alloc, *n + 1);
		(*v)[*n].team = xstrdup(team);
		(*v)[(*n)++].n = 0;
	}
	return 0;
}

static int count_infra(struct compute_ctx *ctx, const struct period *p, struct team_count *teams, size_t nteams,
		       int64_t *org, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db, "compute/tickets_created", err);
	GHashTable *labels, *components;
	int rc;

	if (!st)
		return -1;
	labels = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	components = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	db_bind_int(st, ":start", p->start);
	db_bind_int(st, ":end", p->end);
	while ((rc = db_step(ctx->db, st, err)) > 0) {
		struct team_count *t;
		const char *team;

		if (!is_infra_memo(ctx->cfg, labels, components, row_text(st, "labels"), row_text(st, "components")))
			continue;
		(*org)++;
		team = ownership_scope_name(ownership_team_name(ctx->ownership, row_text(st, "team"), NULL));
		if (team && (t = team_find(teams, nteams, team)))
			t->n++;
	}
	g_hash_table_destroy(labels);
	g_hash_table_destroy(components);
	return rc < 0 ? -1 : 0;
}

static int compute_tickets(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct tickets_run *run = run_of(ctx, err);
	struct team_count *teams = NULL;
	struct flagset flags = { { 0 }, 0 };
	size_t nteams = 0;
	int64_t first, last, total, org = 0;
	double months;
	int partial, ret = -1;

	if (!run)
		return -1;
	total = run->total;
	first = run->first;
	last = run->last;
	months = months_covered(ctx, p, &partial);
	/* No export covers this period (or it has not started): no value rather than a false zero. */
	if (!total || p->end <= first || p->start > last || months <= 0)
		return compute_put(ctx, p, "infra_tickets_per_month", "org", NAN, 0, NULL, NULL, err);
	if (partial)
		flagset_add(&flags, "partial_period");
	if (load_teams(ctx, run, p, &teams, &nteams, err) || count_infra(ctx, p, teams, nteams, &org, err))
		goto out;
	if (compute_put(ctx, p, "infra_tickets_per_month", "org", (double)org / months, org, &flags, NULL, err))
		goto out;
	for (size_t i = 0; i < nteams; i++) {
		char *scope = xasprintf("team:%s", teams[i].team);
		int rc = compute_put(ctx, p, "infra_tickets_per_month", scope, (double)teams[i].n / months, teams[i].n,
				     &flags, NULL, err);

		free(scope);
		if (rc)
			goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; i < nteams; i++)
		free(teams[i].team);
	free(teams);
	return ret;
}

const struct metric_module tickets_module = { "tickets", compute_tickets };
