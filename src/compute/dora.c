/*
 * The four DORA keys per period, service, team and organisation, from
 * collected deployments, changes and incidents.
 *
 * A service is a repository.  It is deployable in a period when its first
 * production deployment (successful or not) happened before the period
 * ended, and it is still present and not archived, or deployed during the
 * period.  Every deployable service counts in the frequency medians, with
 * 0 when it did not deploy (zero weeks are never dropped).
 */
#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora.h"
#include "compute/dora_input.h"
#include "compute/ownership.h"
#include "compute/stats.h"
#include "store/dora_input.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define WEEK_SECONDS (7 * 86400.0)

double dora_weeks(const struct period *p, int64_t now, int *partial)
{
	double w;

	*partial = 0;
	if (now <= p->start)
		return 0;
	if (now >= p->end)
		return period_days(p) / 7.0;
	*partial = 1;
	w = (double)(now - p->start) / WEEK_SECONDS;
	return w < 1 ? 1 : w;
}

void dora_attribute(const int64_t *deployed, size_t nd, const int64_t *opened, size_t ni, int64_t window,
		    long *out)
{
	for (size_t i = 0; i < ni; i++) {
		size_t lo = 0, hi = nd; /* first deployment at or after the opening */

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (deployed[mid] < opened[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		out[i] = lo > 0 && opened[i] - deployed[lo - 1] <= window ? (long)(lo - 1) : -1;
	}
}

size_t dora_lead_hours(const struct dora_change_obs *c, size_t n, double *out, int64_t *dropped, int64_t *adjusted)
{
	size_t k = 0;

	*dropped = *adjusted = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t start = c[i].authored;

		if (c[i].pr_opened != TIME_NONE && (start == TIME_NONE || c[i].pr_opened < start)) {
			start = c[i].pr_opened;
			++*adjusted;
		}
		if (start == TIME_NONE || c[i].shipped < start) {
			++*dropped;
			continue;
		}
		out[k++] = (double)(c[i].shipped - start) / 3600.0;
	}
	return k;
}

void dora_summarise(struct dora_service *const *svcs, size_t n, double weeks, int single, struct dora_summary *out)
{
	static const double half = 0.5, lead_p[2] = { 0.5, 0.9 };
	double *freq = xmalloc((n ? n : 1) * sizeof(*freq)), *lead, *rec, lead_q[2];
	size_t nfreq = 0, nlead = 0, nrec = 0, kl = 0, kr = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		nlead += svcs[i]->nlead;
		nrec += svcs[i]->nrecovery;
	}
	lead = xmalloc((nlead ? nlead : 1) * sizeof(*lead));
	rec = xmalloc((nrec ? nrec : 1) * sizeof(*rec));
	for (size_t i = 0; i < n; i++) {
		const struct dora_service *s = svcs[i];

		out->deployments += s->deployments;
		out->failed += s->failed;
		out->attributed += s->attributed;
		out->incidents += s->incidents;
		out->open += s->open;
		out->lead_dropped += s->lead_dropped;
		out->lead_adjusted += s->lead_adjusted;
		out->lost += s->lost;
		out->no_lead += s->no_lead;
		if (s->deployable) {
			out->services++;
			out->idle += s->deployments == 0;
			if (weeks > 0)
				freq[nfreq++] = (double)s->deployments / weeks;
		}
		if (s->nlead) /* memcpy from NULL is undefined even for 0 bytes */
			memcpy(lead + kl, s->lead, s->nlead * sizeof(*lead));
		kl += s->nlead;
		if (s->nrecovery)
			memcpy(rec + kr, s->recovery, s->nrecovery * sizeof(*rec));
		kr += s->nrecovery;
	}
	if (single)
		out->frequency = weeks > 0 && n == 1 && (svcs[0]->deployable || svcs[0]->deployments)
				 ? (double)svcs[0]->deployments / weeks : NAN;
	else
		stats_percentiles(freq, nfreq, &half, &out->frequency, 1);
	/* percentiles by selection: the organisation pools a quarter's 90,000 lead times */
	kl = stats_percentiles(lead, kl, lead_p, lead_q, 2);
	out->changes = (int64_t)kl;
	out->lead_p50 = lead_q[0];
	out->lead_p90 = lead_q[1];
	out->cfr = out->deployments ? (double)out->failed / (double)out->deployments : NAN;
	out->recovered = (int64_t)nrec;
	stats_percentiles(rec, nrec, &half, &out->recovery_p50, 1);
	free(freq);
	free(lead);
	free(rec);
}

/* ---- one period from the run's input ------------------------------------------------------- */

/* The run's DORA input (compute/dora_input.c), read once for every period of the run. */
static struct dora_input *input_of(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	int64_t from = p->start, until = p->end;

	for (size_t i = 0; i < ctx->nperiods; i++) {
		if (ctx->periods[i].start < from)
			from = ctx->periods[i].start;
		if (ctx->periods[i].end > until)
			until = ctx->periods[i].end;
	}
	/* a period outside the run's (compute_period() called alone) reads the input again */
	if (ctx->dora_input && (p->start < ctx->dora_input->from || p->end > ctx->dora_input->until)) {
		dora_input_free(ctx->dora_input);
		ctx->dora_input = NULL;
	}
	if (!ctx->dora_input)
		ctx->dora_input = dora_input_load(ctx->db, ctx->cfg->dora.incidents ? ctx->cfg->dora.incidents : "github",
						  from, until, (int64_t)ctx->cfg->dora.incident_window_days * 86400, err);
	return ctx->dora_input;
}

/* Index of the first of the N records at BASE (SIZE bytes each) whose time at OFFSET is at or after AT. */
static size_t first_at(const void *base, size_t n, size_t size, size_t offset, int64_t at)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t t;

		memcpy(&t, (const char *)base + mid * size + offset, sizeof(t));
		if (t < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the first incident of R opened at or after AT. */
static size_t first_incident(const struct dora_repo_in *r, int64_t at)
{
	return first_at(r->incidents, r->nincidents, sizeof(*r->incidents), offsetof(struct dora_incident_obs, opened),
			at);
}

/* Index of the first change of R shipped at or after AT. */
static size_t first_change(const struct dora_repo_in *r, int64_t at)
{
	return first_at(r->changes, r->nchanges, sizeof(*r->changes), offsetof(struct dora_change_obs, shipped), at);
}

/*
 * Repository R in period P as service S, spelt REPO: deployability, the
 * period's deployments, incidents (opened from its start to one incident
 * window after its end, attributed to the deployment before them), recovery
 * and lead times.
 */
static void service_of(const struct dora_repo_in *r, const char *repo, const struct period *p, int64_t window,
		       struct dora_service *s)
{
	size_t i = dora_lower_bound(r->any, r->nany, p->start), k;
	const char *slash = strchr(repo, '/');
	int64_t until = p->end + window;
	long who, last = -1;

	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->name = r->name ? r->name : slash ? slash + 1 : repo;
	s->deployable = r->first_any != TIME_NONE && r->first_any < p->end &&
			(r->present || (i < r->nany && r->any[i] < p->end));
	s->deployments = (int64_t)(dora_lower_bound(r->ok, r->nok, p->end) - dora_lower_bound(r->ok, r->nok, p->start));
	for (k = first_incident(r, p->start); k < r->nincidents && r->incidents[k].opened < until; k++) {
		const struct dora_incident_obs *o = &r->incidents[k];

		dora_attribute(r->ok, r->nok, &o->opened, 1, window, &who);
		if (who >= 0 && r->ok[who] >= p->start && r->ok[who] < p->end) {
			s->attributed++;
			s->failed += who != last; /* in opening order, the deployments attributed to never go back */
			last = who;
		}
		if (o->opened >= p->end)
			continue;
		s->incidents++;
		if (o->closed == TIME_NONE || o->closed < o->opened) {
			s->open += o->closed == TIME_NONE;
			continue;
		}
		XGROW(s->recovery, s->recovery_alloc, s->nrecovery + 1);
		s->recovery[s->nrecovery++] = (double)(o->closed - o->opened) / 3600.0;
	}
	i = first_change(r, p->start);
	k = first_change(r, p->end);
	s->lead = xmalloc((k > i ? k - i : 1) * sizeof(double));
	s->nlead = dora_lead_hours(r->changes + i, k - i, s->lead, &s->lead_dropped, &s->lead_adjusted);
}

/*
 * The services of period P, in the order the values are written: every
 * repository that deployed to production before P's end plus one incident
 * window, then those with only an incident opened in that time, each in
 * name order.  Returns how many were written to OUT (room for IN->n).
 */
static size_t services_of(const struct dora_input *in, const struct period *p, int64_t window,
			  struct dora_service *out)
{
	int64_t until = p->end + window;
	size_t n = 0;

	for (size_t i = 0; i < in->n; i++) {
		const struct dora_repo_in *r = &in->v[i];

		if (r->first_any != TIME_NONE && r->first_any < until)
			service_of(r, r->repo, p, window, &out[n++]);
	}
	for (size_t i = 0; i < in->n; i++) {
		const struct dora_repo_in *r = &in->v[i];
		size_t k = first_incident(r, p->start);

		if ((r->first_any == TIME_NONE || r->first_any >= until) && k < r->nincidents &&
		    r->incidents[k].opened < until)
			service_of(r, r->incidents[k].repo, p, window, &out[n++]); /* spelt as the first such incident */
	}
	return n;
}

/* ---- storing ------------------------------------------------------------------------------ */

/* Append V in decimal to G (what printf's %lld writes, without printf: put_keys runs for every service). */
static void add_int(GString *g, int64_t v)
{
	char t[24];
	size_t n = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		t[n++] = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		g_string_append_c(g, '-');
	while (n)
		g_string_append_c(g, t[--n]);
}

/*
 * A detail object into G: the members "K[i]":V[i] when WITH (the fourth only
 * when not 0), and catalog.filters.dora (FILTER, JSON) when set; NULL when it
 * has no member.
 */
static const char *detail_of(GString *g, int with, const char *const k[4], const int64_t v[4], const char *filter)
{
	if (!with && !filter)
		return NULL;
	g_string_assign(g, "{");
	for (int i = 0; with && i < 4; i++) {
		if (i == 3 && (!k[3] || !v[3]))
			break;
		g_string_append(g, i ? ",\"" : "\"");
		g_string_append(g, k[i]);
		g_string_append(g, "\":");
		add_int(g, v[i]);
	}
	if (filter) {
		g_string_append(g, with ? ",\"filter\":" : "\"filter\":");
		g_string_append(g, filter);
	}
	g_string_append_c(g, '}');
	return g->str;
}

/* The seven keys of SCOPE from summary S; FILTER: catalog.filters.dora as JSON, or NULL. */
static int put_keys(struct compute_ctx *ctx, const struct period *p, const char *scope, const struct dora_summary *s,
		    int single, int partial, int any, const char *filter, struct strbuf *err)
{
	static const char *const k_freq[4] = { "services", "idle_services", "deployments", "lost_syncs" };
	static const char *const k_lead[4] = { "changes", "dropped_negative", "started_by_pull_request",
					       "no_lead_time_source" };
	static const char *const k_cfr[4] = { "deployments", "failed", "incidents_attributed", NULL };
	static const char *const k_rec[4] = { "incidents", "closed", "open", NULL };
	const int64_t v_freq[4] = { single ? 1 : s->services, single ? s->deployments == 0 : s->idle, s->deployments,
				    s->lost };
	const int64_t v_lead[4] = { s->changes, s->lead_dropped, s->lead_adjusted, s->no_lead };
	const int64_t v_cfr[4] = { s->deployments, s->failed, s->attributed, 0 };
	const int64_t v_rec[4] = { s->incidents, s->recovered, s->open, 0 };
	struct flagset fl = { { 0 }, 0 }, plain = { { 0 }, 0 }, rec_fl = { { 0 }, 0 };
	double deployments = any ? (double)s->deployments : NAN, incidents = any ? (double)s->incidents : NAN;
	GString *g = g_string_sized_new(256);
	const char *d;
	int ret = -1;

	if (partial) {
		flagset_add(&fl, "partial_period");
		flagset_add(&rec_fl, "partial_period");
	}
	if (s->open)
		flagset_add(&rec_fl, "incomplete");
	if (s->lost)
		flagset_add(&fl, "incomplete"); /* Argo CD syncs were lost: deployments are undercounted */
	if (s->no_lead && !s->changes)
		flagset_add(&plain, "no_lead_time_source");
	if (filter) {
		flagset_add(&fl, "filtered");
		flagset_add(&plain, "filtered");
		flagset_add(&rec_fl, "filtered");
	}
	/* each detail is copied by compute_put(): G is reused */
	d = detail_of(g, 0, NULL, NULL, filter);
	if (compute_put(ctx, p, "deployments", scope, deployments, s->deployments, &fl, d, err) ||
	    compute_put(ctx, p, "incidents", scope, incidents, s->incidents, &fl, d, err))
		goto out;
	d = detail_of(g, any, k_freq, v_freq, filter);
	if (compute_put(ctx, p, "deployment_frequency_per_week", scope, s->frequency,
			single ? s->deployments : s->services, &fl, d, err))
		goto out;
	d = detail_of(g, s->changes || s->lead_dropped || s->no_lead, k_lead, v_lead, filter);
	if (compute_put(ctx, p, "lead_time_for_changes_p50_hours", scope, s->lead_p50, s->changes, &plain, d, err) ||
	    compute_put(ctx, p, "lead_time_for_changes_p90_hours", scope, s->lead_p90, s->changes, &plain, d, err))
		goto out;
	d = detail_of(g, s->deployments != 0, k_cfr, v_cfr, filter);
	if (compute_put(ctx, p, "change_failure_rate", scope, s->cfr, s->deployments, &fl, d, err))
		goto out;
	d = detail_of(g, s->incidents != 0, k_rec, v_rec, filter);
	if (compute_put(ctx, p, "failed_deployment_recovery_time_p50_hours", scope, s->recovery_p50, s->recovered, &rec_fl,
			d, err))
		goto out;
	ret = 0;
out:
	g_string_free(g, TRUE);
	return ret;
}

static int cmp_team(const void *a, const void *b)
{
	const struct dora_service *x = *(struct dora_service *const *)a, *y = *(struct dora_service *const *)b;
	int d = strcmp(x->team ? x->team : "", y->team ? y->team : "");

	return d ? d : strcmp(x->repo, y->repo);
}

static int put_teams(struct compute_ctx *ctx, const struct period *p, struct dora_service **all, size_t n,
		     double weeks, int partial, const char *filter, struct strbuf *err)
{
	struct dora_service **v = xmalloc((n ? n : 1) * sizeof(*v));
	size_t k = 0;
	int ret = 0;

	for (size_t i = 0; i < n; i++)
		if (all[i]->team)
			v[k++] = all[i];
	if (k > 1)
		qsort(v, k, sizeof(*v), cmp_team);
	for (size_t i = 0; i < k && !ret;) {
		struct dora_summary s;
		size_t j = i;

		while (j < k && !strcmp(v[j]->team, v[i]->team))
			j++;
		dora_summarise(v + i, j - i, weeks, 0, &s);
		ret = put_keys(ctx, p, v[i]->team, &s, 0, partial, 1, filter, err);
		i = j;
	}
	free(v);
	return ret;
}

/*
 * Argo CD: syncs lost and deployments without a lead time source, per
 * service of period P (a service the period had none of comes after the others).
 */
static int add_gitops(struct compute_ctx *ctx, const struct period *p, struct dora_service **v, size_t *nv,
		      size_t *alloc, struct strbuf *err)
{
	struct dora_in in = { 0 };
	struct dora_in_gitops row;
	GHashTable *index = NULL; /* ASCII-folded repository (SQLite's NOCASE) -> its service's index + 1 */
	int rc;

	if (store_dora_in_gitops(ctx->db, p->start, p->end, &in, err))
		return -1;
	while ((rc = store_dora_in_gitops_next(&in, &row, err)) > 0) {
		char *key = g_ascii_strdown(row.repo, -1);
		size_t i;

		if (!index) { /* built on the first row: most periods have none */
			index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
			for (size_t k = 0; k < *nv; k++)
				g_hash_table_insert(index, g_ascii_strdown((*v)[k].repo, -1), GSIZE_TO_POINTER(k + 1));
		}
		i = GPOINTER_TO_SIZE(g_hash_table_lookup(index, key));
		if (!i) {
			struct dora_service *s;
			const char *slash;
			char *repo = g_string_chunk_insert(ctx->dora_input->strings, row.repo);

			XGROW(*v, *alloc, *nv + 1);
			s = &(*v)[(*nv)++];
			memset(s, 0, sizeof(*s));
			slash = strchr(repo, '/');
			s->repo = repo;
			s->name = slash ? slash + 1 : repo;
			s->lead = xmalloc(sizeof(double));
			i = *nv;
			g_hash_table_insert(index, key, GSIZE_TO_POINTER(i));
		} else {
			g_free(key);
		}
		(*v)[i - 1].lost += row.lost;
		(*v)[i - 1].no_lead += row.no_lead;
	}
	if (index)
		g_hash_table_destroy(index);
	return rc;
}

static int compute_dora(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct dora_service *v = NULL, **all = NULL;
	struct dora_summary s;
	struct ownership *owners = ownership_of(ctx, err);
	struct dora_input *in = owners ? input_of(ctx, p, err) : NULL;
	char *filter = NULL;
	size_t n = 0, nv = 0, valloc;
	int partial, ret = -1;
	double weeks = dora_weeks(p, ctx->now, &partial);
	int64_t window = (int64_t)ctx->cfg->dora.incident_window_days * 86400;

	if (!in)
		return -1;
	valloc = in->n ? in->n : 1;
	v = xmalloc(valloc * sizeof(*v));
	nv = services_of(in, p, window, v);
	if (add_gitops(ctx, p, &v, &nv, &valloc, err) < 0)
		goto out;
	/* catalog.filters.dora: only the repositories it selects count anywhere; each one has its team. */
	filter = ownership_filter_json(owners, "dora");
	all = xmalloc((nv ? nv : 1) * sizeof(*all));
	for (size_t i = 0; i < nv; i++) {
		if (!ownership_selected(owners, "dora", v[i].repo))
			continue;
		all[n] = &v[i];
		all[n++]->team = ownership_repo(owners, v[i].repo, NULL);
	}
	/* Organisation: every service (a period not started yet, or without any DORA data, has none). */
	dora_summarise(all, weeks > 0 ? n : 0, weeks, 0, &s);
	if (put_keys(ctx, p, "org", &s, 0, partial, weeks > 0 && (s.services || s.incidents), filter, err))
		goto out;
	if (weeks <= 0) {
		ret = 0;
		goto out;
	}
	if (put_teams(ctx, p, all, n, weeks, partial, filter, err))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct dora_service *one = all[i];
		char *scope;
		int rc;

		if (!one->deployable && !one->deployments && !one->incidents && !one->nlead)
			continue;
		dora_summarise(&one, 1, weeks, 1, &s);
		scope = xasprintf("service:%s", one->name);
		rc = put_keys(ctx, p, scope, &s, 1, partial, 1, filter, err);
		free(scope);
		if (rc)
			goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; i < nv; i++) {
		free(v[i].lead);
		free(v[i].recovery);
	}
	free(v);
	free(all);
	free(filter);
	return ret;
}

const struct metric_module dora_module = { "dora", compute_dora };
