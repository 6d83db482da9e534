/*
 * The DORA inputs of a compute run, read once: the streams of
 * store/dora_input.c come ordered by repository (SQLite's NOCASE order) and
 * are merged one repository at a time, so that a deployment is matched with
 * its changes, and a commit with the pull request it merged, by walking both
 * side by side instead of looking anything up.  What a repository needs for
 * every period is kept in compact arrays; its commits' hashes are dropped
 * once its changes are worked out.
 *
 * Another source of deployments or incidents adds a stream to store/ and
 * its rows here, in the repository's arrays (any, ok, incidents).
 */
#include <glib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_input.h"
#include "store/dora_input.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

size_t dora_lower_bound(const int64_t *t, size_t n, int64_t at)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A deployment of the repository being merged. */
struct dep {
	const char *kind;         /* interned */
	int64_t id, at;
	int success;
};

/* A commit listed by a successful production deployment of the repository being merged. */
struct listed {
	uint64_t prefix;          /* its first 8 bytes, big-endian: sorts as strcmp() does */
	const char *sha;          /* in the per-repository chunk */
	struct dora_change_obs c;
};

/* The first 8 bytes of S (zeros past its end) as a big-endian number. */
static uint64_t prefix_of(const char *s)
{
	uint64_t k = 0;
	int i = 0;

	for (; i < 8 && s[i]; i++)
		k = k << 8 | (unsigned char)s[i];
	return i ? k << (8 * (8 - i)) : 0;
}

/* Whether repository A is KEY: the same spelling (the usual case, cheap), else equal ignoring case. */
static int same_repo(const char *a, const char *key)
{
	return !strcmp(a, key) || !sqlite3_stricmp(a, key);
}

/* The merge: the open streams, their current rows, and the per-repository scratch arrays. */
struct merge {
	struct dora_input *in;
	GStringChunk *strings;    /* kept: spellings, names, kinds */
	GStringChunk *scratch;    /* one repository's commit hashes */
	struct dora_in deps, chgs, pulls, repos;
	struct dora_in_deployment d;
	struct dora_in_change c;
	struct dora_in_pull p;
	struct dora_in_repo r;
	int has_d, has_c, has_p, has_r;
	struct dora_incident_obs *inc; /* every incident, in stream order */
	size_t ninc, inc_alloc, next_inc;
	struct dep *dv;
	size_t nd, dalloc;
	struct listed *lv;
	size_t nl, lalloc;
	size_t alloc;             /* of in->v */
};

static int cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_listed(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return strcmp(x->sha, y->sha);
}

/* Sort the N times T unless they ascend already (deployments come by id, which mostly follows time). */
static void sort_times(int64_t *t, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (t[i] < t[i - 1]) {
			qsort(t, n, sizeof(*t), cmp_time);
			return;
		}
}

/* Deployments and their changes are in (kind, id) order within a repository. */
static int cmp_key(const char *kind_a, int64_t id_a, const char *kind_b, int64_t id_b)
{
	int d = strcmp(kind_a, kind_b);

	return d ? d : id_a < id_b ? -1 : id_a > id_b;
}

static int load_incidents(struct merge *m, struct db *db, const char *source, struct strbuf *err)
{
	struct dora_in s;
	struct dora_in_incident row;
	const char *last = NULL;
	int rc;

	if (store_dora_in_incidents(db, source, &s, err))
		return -1;
	while ((rc = store_dora_in_incident_next(&s, &row, err)) > 0) {
		struct dora_incident_obs *o;

		if (!last || strcmp(last, row.repo))
			last = g_string_chunk_insert(m->strings, row.repo);
		XGROW(m->inc, m->inc_alloc, m->ninc + 1);
		o = &m->inc[m->ninc++];
		o->opened = row.opened_at;
		o->closed = row.closed_at;
		o->repo = last;
	}
	return rc;
}

/* The deployments of repository KEY: spelling of the earliest, the times, the (kind, id) list. */
static int take_deployments(struct merge *m, struct dora_repo_in *r, const char *key, struct strbuf *err)
{
	int64_t best_at = TIME_NONE, best_id = 0;
	const char *best_kind = NULL;
	char *spelling = NULL;

	m->nd = 0;
	while (m->has_d && same_repo(m->d.repo, key)) {
		struct dep *d;

		XGROW(m->dv, m->dalloc, m->nd + 1);
		d = &m->dv[m->nd++];
		d->kind = g_string_chunk_insert_const(m->strings, m->d.kind);
		d->id = m->d.id;
		d->at = m->d.deployed_at;
		d->success = m->d.success;
		/* the spelling of the first index entry (repo, deployed_at, kind, id), as the loose scan found it */
		if (!best_kind || d->at < best_at || (d->at == best_at && cmp_key(d->kind, d->id, best_kind, best_id) < 0)) {
			best_at = d->at;
			best_kind = d->kind;
			best_id = d->id;
			free(spelling);
			spelling = xstrdup(m->d.repo);
		}
		if ((m->has_d = store_dora_in_deployment_next(&m->deps, &m->d, err)) < 0) {
			free(spelling);
			return -1;
		}
	}
	if (!m->nd)
		return 0;
	r->repo = g_string_chunk_insert(m->strings, spelling);
	free(spelling);
	r->any = xmalloc(m->nd * sizeof(*r->any));
	r->ok = xmalloc(m->nd * sizeof(*r->ok));
	for (size_t i = 0; i < m->nd; i++) {
		r->any[r->nany++] = m->dv[i].at;
		if (m->dv[i].success)
			r->ok[r->nok++] = m->dv[i].at;
	}
	sort_times(r->any, r->nany);
	sort_times(r->ok, r->nok);
	r->first_any = r->any[0];
	return 0;
}

/* The changes of repository KEY's successful deployments, each commit once (earliest shipping and author date). */
static int take_changes(struct merge *m, struct dora_repo_in *r, const char *key, struct strbuf *err)
{
	size_t j = 0, k = 0;

	m->nl = 0;
	g_string_chunk_clear(m->scratch);
	while (m->has_c && sqlite3_stricmp(m->c.repo, key) < 0) /* changes of repositories that never deployed */
		if ((m->has_c = store_dora_in_change_next(&m->chgs, &m->c, err)) < 0)
			return -1;
	while (m->has_c && same_repo(m->c.repo, key)) {
		while (j < m->nd && cmp_key(m->dv[j].kind, m->dv[j].id, m->c.kind, m->c.deployment) < 0)
			j++;
		if (j < m->nd && !cmp_key(m->dv[j].kind, m->dv[j].id, m->c.kind, m->c.deployment) && m->dv[j].success) {
			struct listed *l;

			XGROW(m->lv, m->lalloc, m->nl + 1);
			l = &m->lv[m->nl++];
			l->sha = g_string_chunk_insert(m->scratch, m->c.sha);
			l->prefix = prefix_of(l->sha);
			l->c.shipped = m->dv[j].at;
			l->c.authored = m->c.authored_at;
			l->c.pr_opened = TIME_NONE;
		}
		if ((m->has_c = store_dora_in_change_next(&m->chgs, &m->c, err)) < 0)
			return -1;
	}
	if (m->nl > 1)
		qsort(m->lv, m->nl, sizeof(*m->lv), cmp_listed);
	/* one entry per commit: the earliest shipping and author date */
	for (size_t i = 0; i < m->nl; i++) {
		if (k && m->lv[k - 1].prefix == m->lv[i].prefix && !strcmp(m->lv[k - 1].sha, m->lv[i].sha)) {
			struct dora_change_obs *c = &m->lv[k - 1].c;

			if (m->lv[i].c.shipped < c->shipped)
				c->shipped = m->lv[i].c.shipped;
			/* SQL's MIN(): an unknown author date only when none is known */
			if (c->authored == TIME_NONE ||
			    (m->lv[i].c.authored != TIME_NONE && m->lv[i].c.authored < c->authored))
				c->authored = m->lv[i].c.authored;
			continue;
		}
		m->lv[k++] = m->lv[i];
	}
	m->nl = k;
	/* the pull requests merged as these commits: both in commit order */
	while (m->has_p && sqlite3_stricmp(m->p.repo, key) < 0)
		if ((m->has_p = store_dora_in_pull_next(&m->pulls, &m->p, err)) < 0)
			return -1;
	k = 0;
	while (m->has_p && same_repo(m->p.repo, key)) {
		uint64_t pre = prefix_of(m->p.merge_sha);

		while (k < m->nl && (m->lv[k].prefix < pre ||
				     (m->lv[k].prefix == pre && strcmp(m->lv[k].sha, m->p.merge_sha) < 0)))
			k++;
		if (k < m->nl && !strcmp(m->lv[k].sha, m->p.merge_sha) && m->p.opened_at != TIME_NONE &&
		    (m->lv[k].c.pr_opened == TIME_NONE || m->p.opened_at < m->lv[k].c.pr_opened))
			m->lv[k].c.pr_opened = m->p.opened_at;
		if ((m->has_p = store_dora_in_pull_next(&m->pulls, &m->p, err)) < 0)
			return -1;
	}
	for (size_t i = 0; i < m->nl; i++) {
		const struct dora_change_obs *c = &m->lv[i].c;

		if (c->shipped < m->in->from || c->shipped >= m->in->until)
			continue;
		if (!r->changes)
			r->changes = xmalloc(m->nl * sizeof(*r->changes));
		r->changes[r->nchanges++] = *c;
	}
	return 0;
}

/* Name and presence of repository KEY from the listing. */
static int take_listing(struct merge *m, struct dora_repo_in *r, const char *key, struct strbuf *err)
{
	while (m->has_r && sqlite3_stricmp(m->r.full_name, key) < 0)
		if ((m->has_r = store_dora_in_repo_next(&m->repos, &m->r, err)) < 0)
			return -1;
	if (m->has_r && !sqlite3_stricmp(m->r.full_name, key)) {
		r->name = m->r.name ? g_string_chunk_insert(m->strings, m->r.name) : NULL;
		r->present = !m->r.archived && !m->r.gone;
	}
	return 0;
}

static int cmp_shipped(const void *a, const void *b)
{
	const struct dora_change_obs *x = a, *y = b;

	return x->shipped < y->shipped ? -1 : x->shipped > y->shipped;
}

/* The next repository of the merge: the smaller of the deployments' and the incidents' next one. */
static int take_repo(struct merge *m, struct strbuf *err)
{
	const struct dora_incident_obs *inc = m->next_inc < m->ninc ? &m->inc[m->next_inc] : NULL;
	struct dora_repo_in *r;
	char *key;
	int ret = -1;

	if (m->has_d && (!inc || sqlite3_stricmp(m->d.repo, inc->repo) <= 0))
		key = xstrdup(m->d.repo);
	else
		key = xstrdup(inc->repo);
	XGROW(m->in->v, m->alloc, m->in->n + 1);
	r = &m->in->v[m->in->n++];
	memset(r, 0, sizeof(*r));
	r->first_any = TIME_NONE;
	r->present = 1;
	if (take_deployments(m, r, key, err) || (m->nd && take_changes(m, r, key, err)) || take_listing(m, r, key, err))
		goto out;
	if (r->nchanges > 1)
		qsort(r->changes, r->nchanges, sizeof(*r->changes), cmp_shipped);
	if (m->next_inc < m->ninc && !sqlite3_stricmp(m->inc[m->next_inc].repo, key)) {
		size_t first = m->next_inc;

		while (m->next_inc < m->ninc && !sqlite3_stricmp(m->inc[m->next_inc].repo, key))
			m->next_inc++;
		r->nincidents = m->next_inc - first;
		r->incidents = xmalloc(r->nincidents * sizeof(*r->incidents));
		memcpy(r->incidents, m->inc + first, r->nincidents * sizeof(*r->incidents));
		if (!r->repo)
			r->repo = r->incidents[0].repo;
	}
	ret = 0;
out:
	free(key);
	return ret;
}

struct dora_input *dora_input_load(struct db *db, const char *incidents, int64_t from, int64_t until,
				    struct strbuf *err)
{
	struct dora_input *in = xcalloc(1, sizeof(*in));
	struct merge m;

	memset(&m, 0, sizeof(m));
	m.in = in;
	in->from = from;
	in->until = until;
	m.strings = g_string_chunk_new(64 * 1024);
	m.scratch = g_string_chunk_new(64 * 1024);
	in->strings = m.strings;
	if (load_incidents(&m, db, incidents, err) < 0 || store_dora_in_deployments(db, &m.deps, err) ||
	    store_dora_in_changes(db, &m.chgs, err) || store_dora_in_pulls(db, &m.pulls, err) ||
	    store_dora_in_repos(db, &m.repos, err))
		goto fail;
	if ((m.has_d = store_dora_in_deployment_next(&m.deps, &m.d, err)) < 0 ||
	    (m.has_c = store_dora_in_change_next(&m.chgs, &m.c, err)) < 0 ||
	    (m.has_p = store_dora_in_pull_next(&m.pulls, &m.p, err)) < 0 ||
	    (m.has_r = store_dora_in_repo_next(&m.repos, &m.r, err)) < 0)
		goto fail;
	while (m.has_d || m.next_inc < m.ninc)
		if (take_repo(&m, err))
			goto fail;
	goto out;
fail:
	dora_input_free(in);
	in = NULL;
out:
	store_dora_in_close(&m.deps);
	store_dora_in_close(&m.chgs);
	store_dora_in_close(&m.pulls);
	store_dora_in_close(&m.repos);
	g_string_chunk_free(m.scratch);
	free(m.inc);
	free(m.dv);
	free(m.lv);
	return in;
}

void dora_input_free(struct dora_input *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].any);
		free(in->v[i].ok);
		free(in->v[i].changes);
		free(in->v[i].incidents);
	}
	free(in->v);
	if (in->strings)
		g_string_chunk_free(in->strings);
	free(in);
}
