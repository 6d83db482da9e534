/* Developer NPS metrics per period, org-wide and per team, from the stored survey responses. */
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/nps.h"
#include "compute/nps_metrics.h"
#include "compute/ownership.h"
#include "compute/themes.h"
#include "store/row.h"
#include "util/xalloc.h"

#define LOW_RESPONSE_RATE 0.70 /* the playbook: below this NPS says little */
#define SMALL_SAMPLE 30
#define EXAMPLES_PER_THEME 2
#define EXAMPLE_MAX_CHARS 400

struct response {
	int score;
	const char *team; /* NULL when none; the resolver's (ctx->ownership), so one team is one pointer */
	char *comment;  /* NULL when none */
	int64_t at;
	char *key;
};

struct response_set {
	struct response *v;
	size_t n, alloc;
};

/* One scope's responses in this and the previous period. */
struct group {
	const char *team;                 /* NULL = org */
	const struct response *v, *pv;
	size_t n, pn;
	const unsigned char *hits;        /* per response of V, the themes its comment mentions (themes_match()) */
	const size_t *nhits;              /* per response of V, how many (0 without a comment) */
	int64_t population, prev_population; /* -1 when unknown */
	int from_catalog;                 /* the population is the catalog's count of users */
};

int64_t nps_metrics_population(const struct config *cfg, const char *label)
{
	int64_t total = 0;
	int known = 0;

	for (size_t i = 0; i < cfg->surveys.n; i++) {
		const struct kv_list *pop = &cfg->surveys.v[i].population;
		const char *val = NULL;

		for (size_t k = 0; k < pop->n && !val; k++)
			if (!strcmp(pop->key[k], label))
				val = pop->val[k];
		for (size_t k = 0; k < pop->n && !val; k++)
			if (!strcmp(pop->key[k], "default"))
				val = pop->val[k];
		if (val) {
			total += strtoll(val, NULL, 10); /* checked when the configuration was read */
			known = 1;
		}
	}
	return known ? total : -1;
}

static int cmp_response(const void *pa, const void *pb)
{
	const struct response *a = pa, *b = pb;
	int d;

	if (!a->team != !b->team)
		return a->team ? -1 : 1;
	if (a->team != b->team && (d = strcmp(a->team, b->team)))
		return d;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void set_release(struct response_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].comment);
		free(s->v[i].key);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int load(struct compute_ctx *ctx, const struct period *p, struct response_set *s, struct strbuf *err)
{
	struct ownership *owners = ownership_of(ctx, err);
	sqlite3_stmt *st = owners ? db_stmt(ctx->db, "compute/survey_responses", err) : NULL;
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":start", p->start);
	db_bind_int(st, ":end", p->end);
	while ((rc = db_step(ctx->db, st, err)) > 0) {
		struct response *r;
		/* the answer as the catalog group it names (name or title, case-folded), else as written */
		const char *team = ownership_scope_name(ownership_team_name(owners, row_text(st, "team"), NULL));

		XGROW(s->v, s->alloc, s->n + 1);
		r = &s->v[s->n++];
		r->score = (int)row_int(st, "score", -1);
		r->team = team && *team ? team : NULL;
		r->comment = xstrdup(row_text(st, "comment"));
		r->at = row_int(st, "responded_at", 0);
		r->key = xstrdup(row_text(st, "response_key"));
	}
	if (rc < 0)
		return -1;
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_response);
	return 0;
}

/* One period's responses, read once per run. */
struct nps_period {
	int64_t start, end;
	struct response_set s;
};

/* The responses read in a run: a quarter is the current period of one compute and the previous of the next. */
struct nps_run {
	struct nps_period **v;
	size_t n, alloc;
};

void nps_run_free(struct nps_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		set_release(&r->v[i]->s);
		free(r->v[i]);
	}
	free(r->v);
	free(r);
}

/* P's responses, read on first use in this run (the run's copy: do not release). */
static const struct response_set *set_of(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct nps_run *r = ctx->nps ? ctx->nps : (ctx->nps = xcalloc(1, sizeof(*ctx->nps)));
	struct nps_period *e;

	for (size_t i = 0; i < r->n; i++)
		if (r->v[i]->start == p->start && r->v[i]->end == p->end)
			return &r->v[i]->s;
	e = xcalloc(1, sizeof(*e));
	e->start = p->start;
	e->end = p->end;
	if (load(ctx, p, &e->s, err)) {
		set_release(&e->s);
		free(e);
		return NULL;
	}
	XGROW(r->v, r->alloc, r->n + 1);
	r->v[r->n++] = e;
	return &e->s;
}

static json_t *num(double v)
{
	return isfinite(v) ? json_real(round(v * 1e4) / 1e4) : json_null();
}

/* A comment shortened to EXAMPLE_MAX_CHARS characters. */
static char *example(const char *comment)
{
	if (g_utf8_strlen(comment, -1) <= EXAMPLE_MAX_CHARS)
		return xstrdup(comment);
	return xasprintf("%.*s…", (int)(g_utf8_offset_to_pointer(comment, EXAMPLE_MAX_CHARS - 1) - comment), comment);
}

struct theme_tally {
	size_t index;                     /* configuration order */
	int64_t detractors, respondents;
	const struct response *ex[EXAMPLES_PER_THEME];
	size_t nex;
};

static int cmp_tally(const void *pa, const void *pb)
{
	const struct theme_tally *a = pa, *b = pb;

	if (a->detractors != b->detractors)
		return a->detractors > b->detractors ? -1 : 1;
	if (a->respondents != b->respondents)
		return a->respondents > b->respondents ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Which response comes first as an example: the lowest score, then the earliest, then by key. */
static int better_example(const struct response *a, const struct response *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	if (a->at != b->at)
		return a->at < b->at;
	return strcmp(a->key, b->key) < 0;
}

static void keep_example(struct theme_tally *t, const struct response *r)
{
	size_t i;

	for (i = 0; i < t->nex; i++)
		if (!strcmp(t->ex[i]->comment, r->comment))
			return; /* the same words twice are one example */
	if (t->nex < EXAMPLES_PER_THEME) {
		t->ex[t->nex++] = r;
	} else if (better_example(r, t->ex[EXAMPLES_PER_THEME - 1])) {
		t->ex[EXAMPLES_PER_THEME - 1] = r;
	} else {
		return;
	}
	for (i = t->nex - 1; i > 0 && better_example(t->ex[i], t->ex[i - 1]); i--) {
		const struct response *tmp = t->ex[i];

		t->ex[i] = t->ex[i - 1];
		t->ex[i - 1] = tmp;
	}
}

static json_t *themes_json(const struct themes *th, const struct group *g)
{
	struct theme_tally *tally = xcalloc(th->n ? th->n : 1, sizeof(*tally));
	json_t *a = json_array();

	for (size_t i = 0; i < th->n; i++)
		tally[i].index = i;
	for (size_t r = 0; r < g->n; r++) {
		const unsigned char *hits = g->hits + r * th->n;

		if (!g->nhits[r])
			continue;
		for (size_t i = 0; i < th->n; i++) {
			if (!hits[i])
				continue;
			tally[i].respondents++;
			tally[i].detractors += g->v[r].score <= 6;
			keep_example(&tally[i], &g->v[r]);
		}
	}
	qsort(tally, th->n, sizeof(*tally), cmp_tally);
	for (size_t i = 0; i < th->n; i++) {
		json_t *o = json_object(), *ex = json_array();

		for (size_t k = 0; k < tally[i].nex; k++) {
			char *s = example(tally[i].ex[k]->comment);

			json_array_append_new(ex, json_string(s));
			free(s);
		}
		json_object_set_new(o, "theme", json_string(th->v[tally[i].index].name));
		json_object_set_new(o, "detractors", json_integer(tally[i].detractors));
		json_object_set_new(o, "respondents", json_integer(tally[i].respondents));
		json_object_set_new(o, "examples", ex);
		json_array_append_new(a, o);
	}
	free(tally);
	return a;
}

/* The developer_nps detail (docs/METRICS.md); PE and CH are NULL without a previous value. */
static char *detail_json(const struct nps_estimate *e, const struct nps_estimate *pe, const struct nps_change *ch,
			 int64_t population, const struct nps_counts *c, json_t *themes)
{
	json_t *o = json_object(), *dist;
	char *s;

	json_object_set_new(o, "ci_low", e ? num(e->ci_low) : json_null());
	json_object_set_new(o, "ci_high", e ? num(e->ci_high) : json_null());
	json_object_set_new(o, "previous", pe ? num(pe->nps) : json_null());
	json_object_set_new(o, "delta", ch ? num(ch->delta) : json_null());
	json_object_set_new(o, "z", ch ? num(ch->z) : json_null());
	json_object_set_new(o, "p_value", ch ? num(ch->p_value) : json_null());
	json_object_set_new(o, "significant", ch ? json_boolean(ch->significant) : json_null());
	json_object_set_new(o, "population", population > 0 ? json_integer(population) : json_null());
	if (c) {
		dist = json_array();
		for (int i = 0; i <= 10; i++)
			json_array_append_new(dist, json_integer(c->dist[i]));
		json_object_set_new(o, "distribution", dist);
	} else {
		json_object_set_new(o, "distribution", json_null());
	}
	json_object_set_new(o, "themes", themes ? themes : json_array());
	s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(o);
	return s;
}

static const char *const nps_metric_names[] = { "developer_nps", "nps_responses", "nps_promoters_rate",
						"nps_passives_rate", "nps_detractors_rate", "nps_margin_of_error",
						"survey_response_rate" };

/* Every metric of SCOPE as "no value", with FLAGS; developer_nps carries DETAIL. */
static int put_empty(struct compute_ctx *ctx, const struct period *p, const char *scope, const struct flagset *flags,
		     const char *detail, struct strbuf *err)
{
	for (size_t i = 0; i < sizeof(nps_metric_names) / sizeof(nps_metric_names[0]); i++)
		if (compute_put(ctx, p, nps_metric_names[i], scope, NAN, 0, flags, i ? NULL : detail, err))
			return -1;
	return 0;
}

static void count(const struct response *v, size_t n, struct nps_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < n; i++)
		nps_counts_add(c, v[i].score);
}

static int put_group(struct compute_ctx *ctx, const struct period *p, const struct group *g,
		     const struct themes *th, struct strbuf *err)
{
	struct nps_counts c, pc;
	struct nps_estimate e, pe;
	struct nps_change ch;
	struct flagset flags = { { 0 }, 0 };
	char *scope = g->team ? xasprintf("team:%s", g->team) : xstrdup("org");
	char *detail = NULL;
	int64_t min_prev = g->team ? ctx->cfg->surveys.min_team_responses : 1;
	int64_t pop = g->population, n;
	double rate = NAN;
	int have_prev, ret = -1;

	count(g->v, g->n, &c);
	count(g->pv, g->pn, &pc);
	n = c.n;
	if (g->team && n < ctx->cfg->surveys.min_team_responses) {
		/* Too few to stay anonymous: nothing about this team is shown, not even how many answered. */
		flagset_add(&flags, "suppressed");
		detail = detail_json(NULL, NULL, NULL, -1, NULL, NULL);
		ret = put_empty(ctx, p, scope, &flags, detail, err);
		goto out;
	}
	if (!n) {
		ret = put_empty(ctx, p, scope, NULL, NULL, err);
		goto out;
	}
	if (pop > 0 && pop < n) {
		log_warn(ctx->log, "%s: %lld responses but %s %lld people were surveyed: the population is ignored",
			 p->label, (long long)n, g->from_catalog ? "the Backstage catalog says" : "surveys.population says",
			 (long long)pop);
		flagset_add(&flags, "population_too_small");
		pop = -1;
	}
	if (pop > 0) {
		if (g->from_catalog)
			flagset_add(&flags, "catalog_population");
		rate = (double)n / (double)pop;
		if (rate < LOW_RESPONSE_RATE)
			flagset_add(&flags, "low_response_rate");
	}
	if (n < SMALL_SAMPLE)
		flagset_add(&flags, "small_sample");
	nps_estimate(&c, pop, &e);
	have_prev = pc.n >= min_prev && pc.n > 0;
	if (have_prev) {
		nps_estimate(&pc, g->prev_population >= pc.n ? g->prev_population : -1, &pe);
		nps_compare(&pe, &e, &ch);
	}
	detail = detail_json(&e, have_prev ? &pe : NULL, have_prev ? &ch : NULL, pop, &c, themes_json(th, g));
	if (compute_put(ctx, p, "developer_nps", scope, e.nps, n, &flags, detail, err) ||
	    compute_put(ctx, p, "nps_responses", scope, (double)n, n, &flags, NULL, err) ||
	    compute_put(ctx, p, "nps_promoters_rate", scope, e.promoters_rate, n, &flags, NULL, err) ||
	    compute_put(ctx, p, "nps_passives_rate", scope, e.passives_rate, n, &flags, NULL, err) ||
	    compute_put(ctx, p, "nps_detractors_rate", scope, e.detractors_rate, n, &flags, NULL, err) ||
	    compute_put(ctx, p, "nps_margin_of_error", scope, e.margin, n, &flags, NULL, err) ||
	    compute_put(ctx, p, "survey_response_rate", scope, rate, isnan(rate) ? 0 : n, &flags, NULL, err))
		goto out;
	ret = 0;
out:
	free(scope);
	free(detail);
	return ret;
}

/* The slice of S (grouped by team) that belongs to TEAM (interned: compared by pointer). */
static void team_slice(const struct response_set *s, const char *team, const struct response **v, size_t *n)
{
	size_t i = 0, j;

	while (i < s->n && s->v[i].team && s->v[i].team != team)
		i++;
	for (j = i; j < s->n && s->v[j].team == team; j++)
		;
	*v = s->v + i;
	*n = j - i;
}

/* A team's population: the direct members of the catalog group it names.  1 when the catalog knows it. */
static int catalog_team_size(struct compute_ctx *ctx, struct group *g)
{
	char *scope = xasprintf("team:%s", g->team);
	int64_t members = ownership_members(ctx->ownership, scope);

	free(scope);
	g->population = g->prev_population = members > 0 ? members : -1;
	return members > 0;
}

/*
 * The themes each response of S mentions, TH->n flags per response into *HITS and their count into
 * *NHITS: matched once per comment here rather than once for the org and again for the team.
 */
static void match_themes(const struct themes *th, const struct response_set *s, unsigned char **hits,
			 size_t **nhits)
{
	size_t size = s->n * th->n;

	*hits = xcalloc(size ? size : 1, 1);
	*nhits = xcalloc(s->n ? s->n : 1, sizeof(**nhits));
	for (size_t r = 0; r < s->n; r++)
		if (s->v[r].comment && th->n)
			(*nhits)[r] = themes_match(th, s->v[r].comment, *hits + r * th->n);
}

static int compute_nps(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	const struct response_set *cur, *prev;
	struct themes th;
	struct period pp;
	struct group g;
	unsigned char *hits = NULL;
	size_t *nhits = NULL;
	int ret = -1;

	themes_init(&th, ctx->cfg->surveys.themes, ctx->cfg->surveys.nthemes);
	period_shift(p, -1, ctx->pcfg, &pp);
	if (!(cur = set_of(ctx, p, err)) || !(prev = set_of(ctx, &pp, err)))
		goto out;
	match_themes(&th, cur, &hits, &nhits);
	memset(&g, 0, sizeof(g));
	g.v = cur->v;
	g.n = cur->n;
	g.hits = hits;
	g.nhits = nhits;
	g.pv = prev->v;
	g.pn = prev->n;
	g.population = nps_metrics_population(ctx->cfg, p->label);
	g.prev_population = nps_metrics_population(ctx->cfg, pp.label);
	if (g.population < 0 && ownership_users(ctx->ownership) > 0) {
		/* no configured population: everyone in the catalog was asked */
		g.population = g.prev_population = ownership_users(ctx->ownership);
		g.from_catalog = 1;
	}
	if (put_group(ctx, p, &g, &th, err))
		goto out;
	for (size_t i = 0; i < cur->n;) {
		size_t j = i;

		if (!cur->v[i].team)
			break; /* teamless responses sort last and count for the org only */
		while (j < cur->n && cur->v[j].team == cur->v[i].team)
			j++;
		memset(&g, 0, sizeof(g));
		g.team = cur->v[i].team;
		g.v = cur->v + i;
		g.n = j - i;
		g.hits = hits + i * th.n;
		g.nhits = nhits + i;
		team_slice(prev, g.team, &g.pv, &g.pn);
		if (catalog_team_size(ctx, &g))
			g.from_catalog = 1;
		if (put_group(ctx, p, &g, &th, err))
			goto out;
		i = j;
	}
	ret = 0;
out:
	free(hits);
	free(nhits);
	themes_release(&th);
	return ret;
}

const struct metric_module nps_metrics_module = { "nps", compute_nps };
