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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora.h"
#include "compute/dora_commits.h"
#include "compute/ownership.h"
#include "compute/stats.h"
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
	double *freq = xmalloc((n ? n : 1) * sizeof(*freq)), *lead, *rec;
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
		out->frequency = stats_median(freq, nfreq);
	kl = stats_sort(lead, kl);
	out->changes = (int64_t)kl;
	out->lead_p50 = stats_percentile_sorted(lead, kl, 0.5);
	out->lead_p90 = stats_percentile_sorted(lead, kl, 0.9);
	out->cfr = out->deployments ? (double)out->failed / (double)out->deployments : NAN;
	out->recovered = (int64_t)nrec;
	out->recovery_p50 = stats_median(rec, nrec);
	free(freq);
	free(lead);
	free(rec);
}

/* ---- loading ---------------------------------------------------------------------------- */

/* A service while loading: the period's figures plus what attribution and deployability need. */
struct svc {
	struct dora_service s;
	int64_t first_any, last_any;      /* production deployments (any outcome) before the period's end */
	int present;                      /* listed and not archived */
	int64_t *deployed;                /* successful production deployments, ascending, start - window .. end + window */
	size_t ndeployed, deployed_alloc;
	int64_t *opened;                  /* incident openings loaded (start .. end + window) */
	size_t nopened, opened_alloc;
	struct dora_change_obs *changes;
	size_t nchanges, changes_alloc;
};

struct load {
	struct compute_ctx *ctx;
	const struct period *p;
	int64_t window, until;
	GHashTable *index;                /* lower-case repo -> index + 1 */
	struct svc *v;
	size_t n, alloc;
};

static struct svc *svc_of(struct load *l, const char *repo, const char *name)
{
	char *key = g_ascii_strdown(repo, -1);
	gpointer p = g_hash_table_lookup(l->index, key);
	const char *slash;
	struct svc *s;

	if (p) {
		g_free(key);
		return &l->v[GPOINTER_TO_SIZE(p) - 1];
	}
	XGROW(l->v, l->alloc, l->n + 1);
	s = &l->v[l->n];
	memset(s, 0, sizeof(*s));
	s->s.repo = xstrdup(repo);
	slash = strchr(repo, '/');
	s->s.name = xstrdup(name ? name : slash ? slash + 1 : repo);
	s->first_any = s->last_any = TIME_NONE;
	s->present = 1;
	g_hash_table_insert(l->index, key, GSIZE_TO_POINTER(++l->n));
	return s;
}

static void load_release(struct load *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].s.repo);
		free(l->v[i].s.name);
		free(l->v[i].s.lead);
		free(l->v[i].s.recovery);
		free(l->v[i].deployed);
		free(l->v[i].opened);
		free(l->v[i].changes);
	}
	free(l->v);
	if (l->index)
		g_hash_table_destroy(l->index);
}

/*
 * The services: every repository with a production deployment (any outcome)
 * completed before l->until, whether it deployed before the period's end, and
 * whether it is still listed.  One row per repository, so the whole history
 * is summed up by SQLite from an index instead of being loaded.
 */
static int load_services(struct load *l, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(l->ctx->db, "compute/dora_services", err);
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":end", l->p->end);
	db_bind_int(st, ":until", l->until);
	while ((rc = db_step(l->ctx->db, st, err)) > 0) {
		struct svc *s = svc_of(l, db_col_text(st, 0), db_col_text(st, 1));

		s->present = !db_col_int(st, 2, 0) && !db_col_int(st, 3, 0);
		s->first_any = db_col_time(st, 4);
		s->last_any = db_col_time(st, 5);
	}
	return rc < 0 ? -1 : 0;
}

/*
 * Successful production deployments from one incident window before the
 * period (an incident early in the period may follow one of them) to
 * l->until: what attribution needs, and the period's deployments.
 */
static int load_deployments(struct load *l, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(l->ctx->db, "compute/dora_deployments", err);
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":from", l->p->start - l->window);
	db_bind_int(st, ":until", l->until);
	while ((rc = db_step(l->ctx->db, st, err)) > 0) {
		/* every such repository is a service already (load_services): in time order, each one's list ascends */
		struct svc *s = svc_of(l, db_col_text(st, 0), NULL);
		int64_t t = db_col_int(st, 1, 0);

		XGROW(s->deployed, s->deployed_alloc, s->ndeployed + 1);
		s->deployed[s->ndeployed++] = t;
		if (t >= l->p->start && t < l->p->end)
			s->s.deployments++;
	}
	return rc < 0 ? -1 : 0;
}

static int load_incidents(struct load *l, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(l->ctx->db, "compute/dora_incidents", err);
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":start", l->p->start);
	db_bind_int(st, ":until", l->until);
	db_bind_text(st, ":source", l->ctx->cfg->dora.incidents ? l->ctx->cfg->dora.incidents : "github");
	while ((rc = db_step(l->ctx->db, st, err)) > 0) {
		struct svc *s = svc_of(l, db_col_text(st, 0), db_col_text(st, 1));
		int64_t opened = db_col_int(st, 2, 0), closed = db_col_time(st, 3);

		XGROW(s->opened, s->opened_alloc, s->nopened + 1);
		s->opened[s->nopened++] = opened;
		if (opened >= l->p->end)
			continue;
		s->s.incidents++;
		if (closed == TIME_NONE || closed < opened) {
			s->s.open += closed == TIME_NONE;
			continue;
		}
		XGROW(s->s.recovery, s->s.recovery_alloc, s->s.nrecovery + 1);
		s->s.recovery[s->s.nrecovery++] = (double)(closed - opened) / 3600.0;
	}
	return rc < 0 ? -1 : 0;
}

/* Argo CD: syncs lost and deployments without a lead time source, per service of the period. */
static int load_gitops(struct load *l, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(l->ctx->db, "compute/dora_gitops", err);
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, ":start", l->p->start);
	db_bind_int(st, ":end", l->p->end);
	while ((rc = db_step(l->ctx->db, st, err)) > 0) {
		struct svc *s = svc_of(l, db_col_text(st, 0), NULL);

		s->s.lost += db_col_int(st, 1, 0);
		s->s.no_lead += db_col_int(st, 2, 0);
	}
	return rc < 0 ? -1 : 0;
}

/* "repo (lower case)\nsha": a commit counted already in this period */
static char *commit_key(const char *repo, const char *sha)
{
	char *lower = g_ascii_strdown(repo, -1), *key = xasprintf("%s\n%s", lower, sha);

	g_free(lower);
	return key;
}

/* The per-commit lookups of this compute run, loaded on first use. */
static struct dora_commits *commits_of(struct compute_ctx *ctx, struct strbuf *err)
{
	if (!ctx->dora_commits)
		ctx->dora_commits = dora_commits_load(ctx->db, err);
	return ctx->dora_commits;
}

/* When a repeated commit was first shipped (*SHIPPED, TIME_NONE if never) and its earliest author date. */
static int first_shipped(struct compute_ctx *ctx, const char *repo, const char *sha, int64_t *shipped,
			 int64_t *authored, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(ctx->db, "compute/dora_change_first", err);
	int rc;

	*shipped = *authored = TIME_NONE;
	if (!st)
		return -1;
	db_bind_text(st, ":repo", repo);
	db_bind_text(st, ":sha", sha);
	rc = db_step(ctx->db, st, err);
	if (rc > 0) {
		*shipped = db_col_time(st, 0);
		*authored = db_col_time(st, 1);
		sqlite3_reset(st);
	}
	return rc < 0 ? -1 : 0;
}

/*
 * The changes first shipped in the period: those of its deployments, each
 * commit once, at the earliest successful production deployment that shipped
 * it.  A commit listed under one deployment only is that deployment's; the
 * few repeated ones are looked up whole and counted once, in the period
 * their first shipping falls in.
 */
static int load_changes(struct load *l, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(l->ctx->db, "compute/dora_changes", err);
	struct dora_commits *dc = st ? commits_of(l->ctx, err) : NULL;
	GHashTable *seen = NULL;
	int rc;

	if (!dc)
		return -1;
	db_bind_int(st, ":start", l->p->start);
	db_bind_int(st, ":end", l->p->end);
	while ((rc = db_step(l->ctx->db, st, err)) > 0) {
		const char *repo = db_col_text(st, 0), *sha = db_col_text(st, 1);
		struct svc *s = svc_of(l, repo, NULL); /* a service already (load_services) */
		int64_t shipped = db_col_int(st, 2, 0), authored = db_col_time(st, 3);
		struct dora_change_obs *c;

		if (dora_commits_repeated(dc, repo, sha)) {
			char *key = commit_key(repo, sha);

			if (!seen)
				seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
			if (!g_hash_table_add(seen, key))
				continue; /* counted already, from another deployment of the period */
			if (first_shipped(l->ctx, repo, sha, &shipped, &authored, err)) {
				rc = -1;
				break;
			}
			if (shipped == TIME_NONE || shipped < l->p->start || shipped >= l->p->end)
				continue; /* first shipped in another period */
		}
		XGROW(s->changes, s->changes_alloc, s->nchanges + 1);
		c = &s->changes[s->nchanges++];
		c->shipped = shipped;
		c->authored = authored;
		c->pr_opened = dora_commits_pr_opened(dc, repo, sha);
	}
	if (seen)
		g_hash_table_destroy(seen);
	return rc < 0 ? -1 : 0;
}

/* Deployability, incident attribution and lead times of every loaded service. */
static void settle(struct load *l)
{
	const struct period *p = l->p;

	for (size_t i = 0; i < l->n; i++) {
		struct svc *s = &l->v[i];
		long *who = xmalloc((s->nopened ? s->nopened : 1) * sizeof(*who));
		unsigned char *hit = xcalloc(s->ndeployed ? s->ndeployed : 1, 1);

		s->s.deployable = s->first_any != TIME_NONE && s->first_any < p->end &&
				  (s->present || s->last_any >= p->start);
		dora_attribute(s->deployed, s->ndeployed, s->opened, s->nopened, l->window, who);
		for (size_t k = 0; k < s->nopened; k++) {
			int64_t t;

			if (who[k] < 0)
				continue;
			t = s->deployed[who[k]];
			if (t < p->start || t >= p->end)
				continue;
			s->s.attributed++;
			if (!hit[who[k]]) {
				hit[who[k]] = 1;
				s->s.failed++;
			}
		}
		s->s.lead = xmalloc((s->nchanges ? s->nchanges : 1) * sizeof(double));
		s->s.nlead = dora_lead_hours(s->changes, s->nchanges, s->s.lead, &s->s.lead_dropped, &s->s.lead_adjusted);
		free(who);
		free(hit);
	}
}

/* ---- storing ------------------------------------------------------------------------------ */

/* A detail object: FIELDS (JSON members without braces, may be empty) and catalog.filters.dora when set. */
static char *detail_of(const char *fields, const char *filter)
{
	if (!*fields && !filter)
		return NULL;
	return xasprintf("{%s%s%s%s}", fields, *fields && filter ? "," : "", filter ? "\"filter\":" : "",
			 filter ? filter : "");
}

/* The seven keys of SCOPE from summary S; FILTER: catalog.filters.dora as JSON, or NULL. */
static int put_keys(struct compute_ctx *ctx, const struct period *p, const char *scope, const struct dora_summary *s,
		    int single, int partial, int any, const char *filter, struct strbuf *err)
{
	struct flagset fl = { { 0 }, 0 }, plain = { { 0 }, 0 }, rec_fl = { { 0 }, 0 };
	char freq[192], lead[160], cfr[128], rec[96];
	char *d_count = NULL, *d_freq = NULL, *d_lead = NULL, *d_cfr = NULL, *d_rec = NULL;
	double deployments = any ? (double)s->deployments : NAN, incidents = any ? (double)s->incidents : NAN;
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
	snprintf(freq, sizeof(freq), "\"services\":%lld,\"idle_services\":%lld,\"deployments\":%lld",
		 (long long)(single ? 1 : s->services), (long long)(single ? s->deployments == 0 : s->idle),
		 (long long)s->deployments);
	if (s->lost)
		snprintf(freq + strlen(freq), sizeof(freq) - strlen(freq), ",\"lost_syncs\":%lld", (long long)s->lost);
	snprintf(lead, sizeof(lead), "\"changes\":%lld,\"dropped_negative\":%lld,\"started_by_pull_request\":%lld%s",
		 (long long)s->changes, (long long)s->lead_dropped, (long long)s->lead_adjusted,
		 s->no_lead ? ",\"no_lead_time_source\":" : "");
	if (s->no_lead)
		snprintf(lead + strlen(lead), sizeof(lead) - strlen(lead), "%lld", (long long)s->no_lead);
	snprintf(cfr, sizeof(cfr), "\"deployments\":%lld,\"failed\":%lld,\"incidents_attributed\":%lld",
		 (long long)s->deployments, (long long)s->failed, (long long)s->attributed);
	snprintf(rec, sizeof(rec), "\"incidents\":%lld,\"closed\":%lld,\"open\":%lld", (long long)s->incidents,
		 (long long)s->recovered, (long long)s->open);
	d_count = detail_of("", filter);
	d_freq = detail_of(any ? freq : "", filter);
	d_lead = detail_of(s->changes || s->lead_dropped || s->no_lead ? lead : "", filter);
	d_cfr = detail_of(s->deployments ? cfr : "", filter);
	d_rec = detail_of(s->incidents ? rec : "", filter);
	if (compute_put(ctx, p, "deployments", scope, deployments, s->deployments, &fl, d_count, err) ||
	    compute_put(ctx, p, "deployment_frequency_per_week", scope, s->frequency,
			single ? s->deployments : s->services, &fl, d_freq, err) ||
	    compute_put(ctx, p, "lead_time_for_changes_p50_hours", scope, s->lead_p50, s->changes, &plain, d_lead, err) ||
	    compute_put(ctx, p, "lead_time_for_changes_p90_hours", scope, s->lead_p90, s->changes, &plain, d_lead, err) ||
	    compute_put(ctx, p, "change_failure_rate", scope, s->cfr, s->deployments, &fl, d_cfr, err) ||
	    compute_put(ctx, p, "failed_deployment_recovery_time_p50_hours", scope, s->recovery_p50, s->recovered, &rec_fl,
			d_rec, err) ||
	    compute_put(ctx, p, "incidents", scope, incidents, s->incidents, &fl, d_count, err))
		goto out;
	ret = 0;
out:
	free(d_count);
	free(d_freq);
	free(d_lead);
	free(d_cfr);
	free(d_rec);
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

static int compute_dora(struct compute_ctx *ctx, const struct period *p, struct strbuf *err)
{
	struct load l;
	struct dora_service **all = NULL;
	struct dora_summary s;
	struct ownership *owners = ownership_of(ctx, err);
	char *filter = NULL;
	size_t n = 0;
	int partial, ret = -1;
	double weeks = dora_weeks(p, ctx->now, &partial);

	memset(&l, 0, sizeof(l));
	if (!owners)
		return -1;
	l.ctx = ctx;
	l.p = p;
	l.window = (int64_t)ctx->cfg->dora.incident_window_days * 86400;
	l.until = p->end + l.window;
	l.index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (load_services(&l, err) || load_deployments(&l, err) || load_incidents(&l, err) || load_changes(&l, err) ||
	    load_gitops(&l, err))
		goto out;
	settle(&l);
	/* catalog.filters.dora: only the repositories it selects count anywhere; each one has its team. */
	filter = ownership_filter_json(owners, "dora");
	all = xmalloc((l.n ? l.n : 1) * sizeof(*all));
	for (size_t i = 0; i < l.n; i++) {
		if (!ownership_selected(owners, "dora", l.v[i].s.repo))
			continue;
		all[n] = &l.v[i].s;
		all[n++]->team = ownership_repo(owners, l.v[i].s.repo, NULL);
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
	free(all);
	free(filter);
	load_release(&l);
	return ret;
}

const struct metric_module dora_module = { "dora", compute_dora };
