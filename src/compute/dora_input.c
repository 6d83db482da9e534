/*
 * The DORA inputs of a compute run.  Each commit's first shipping is kept
 * between runs (dora_shipped, migration 013): the repositories a write made
 * stale are derived again first, each from its whole history (its
 * deployments beside its changes, its pull requests beside the changes'
 * commits, walked side by side instead of looked up); then every repository
 * is read for the run's periods only: its production deployments around
 * them and the commits first shipped in them, into compact arrays.
 *
 * Another source of deployments writes rows of dora_deployments and
 * dora_changes (the triggers of migration 013 see them); another source of
 * incidents adds a stream to store/ and its rows here (incidents).
 */
#include <glib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora_input.h"
#include "store/dora_input.h"
#include "store/dora_shipped.h"
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

/* A production deployment of the repository being derived. */
struct dep {
	const char *kind;         /* interned */
	int64_t id, at;
	int success;
};

/* A commit listed by a successful production deployment of the repository being derived. */
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

/* A run's reading: the streams, the ship_repos stream's current row, one repository's scratch arrays. */
struct merge {
	struct dora_input *in;
	struct db *db;
	int64_t dfrom, duntil;    /* deployments kept: completed in [dfrom, duntil) */
	GStringChunk *strings;    /* kept: spellings, names, kinds */
	GStringChunk *scratch;    /* one repository's commit hashes */
	struct dora_in deps, chgs, pulls, ships, window, shipped, repos;
	struct dora_in_ship_repo s;
	struct dora_in_repo r;
	int has_s, has_r;
	struct dora_incident_obs *inc; /* every incident, in stream order */
	size_t ninc, inc_alloc, next_inc;
	struct dep *dv;
	size_t nd, dalloc;
	struct listed *lv;
	size_t nl, lalloc;
	struct dora_shipped_row *rows;
	size_t rows_alloc;
	size_t alloc;             /* of in->v */
};

static int cmp_listed(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	return strcmp(x->sha, y->sha);
}

/* Deployments and their changes are in (kind, id) order within a repository. */
static int cmp_key(const char *kind_a, int64_t id_a, const char *kind_b, int64_t id_b)
{
	int d = strcmp(kind_a, kind_b);

	return d ? d : id_a < id_b ? -1 : id_a > id_b;
}

static int load_incidents(struct merge *m, struct db *db, const char *source, struct strbuf *err)
{
	struct dora_in s = { 0 };
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

/*
 * Repository KEY's production deployments into M->dv, in (kind, id) order;
 * *SPELLING (malloc'd, NULL when none) and *FIRST: the first one by
 * completion, then kind and id, as the index (repo, deployed_at) finds it.
 */
static int read_deployments(struct merge *m, const char *key, char **spelling, int64_t *first, struct strbuf *err)
{
	struct dora_in_deployment d;
	const char *first_kind = NULL;
	int64_t first_id = 0;
	int rc;

	m->nd = 0;
	if (store_dora_in_repo_deployments(m->db, key, &m->deps, err))
		return -1;
	while ((rc = store_dora_in_deployment_next(&m->deps, &d, err)) > 0) {
		struct dep *e;

		XGROW(m->dv, m->dalloc, m->nd + 1);
		e = &m->dv[m->nd++];
		e->kind = g_string_chunk_insert_const(m->strings, d.kind);
		e->id = d.id;
		e->at = d.deployed_at;
		e->success = d.success;
		if (!first_kind || e->at < *first || (e->at == *first && cmp_key(e->kind, e->id, first_kind, first_id) < 0)) {
			*first = e->at;
			first_kind = e->kind;
			first_id = e->id;
			free(*spelling);
			*spelling = xstrdup(d.repo);
		}
	}
	return rc;
}

/* Repository KEY's commits listed by its successful deployments (M->dv) into M->lv, each once: the earliest
 * shipping and author date, and the earliest opening of a pull request merged as it. */
static int read_changes(struct merge *m, const char *key, struct strbuf *err)
{
	struct dora_in_change c;
	struct dora_in_pull p;
	size_t j = 0, k = 0;
	int rc;

	m->nl = 0;
	g_string_chunk_clear(m->scratch);
	if (store_dora_in_repo_changes(m->db, key, &m->chgs, err))
		return -1;
	while ((rc = store_dora_in_change_next(&m->chgs, &c, err)) > 0) {
		while (j < m->nd && cmp_key(m->dv[j].kind, m->dv[j].id, c.kind, c.deployment) < 0)
			j++;
		if (j < m->nd && !cmp_key(m->dv[j].kind, m->dv[j].id, c.kind, c.deployment) && m->dv[j].success) {
			struct listed *l;

			XGROW(m->lv, m->lalloc, m->nl + 1);
			l = &m->lv[m->nl++];
			l->sha = g_string_chunk_insert(m->scratch, c.sha);
			l->prefix = prefix_of(l->sha);
			l->c.shipped = m->dv[j].at;
			l->c.authored = c.authored_at;
			l->c.pr_opened = TIME_NONE;
		}
	}
	if (rc < 0)
		return -1;
	if (m->nl > 1)
		qsort(m->lv, m->nl, sizeof(*m->lv), cmp_listed);
	/* one entry per commit: the earliest shipping and author date */
	for (size_t i = 0; i < m->nl; i++) {
		if (k && m->lv[k - 1].prefix == m->lv[i].prefix && !strcmp(m->lv[k - 1].sha, m->lv[i].sha)) {
			struct dora_change_obs *o = &m->lv[k - 1].c;

			if (m->lv[i].c.shipped < o->shipped)
				o->shipped = m->lv[i].c.shipped;
			/* SQL's MIN(): an unknown author date only when none is known */
			if (o->authored == TIME_NONE ||
			    (m->lv[i].c.authored != TIME_NONE && m->lv[i].c.authored < o->authored))
				o->authored = m->lv[i].c.authored;
			continue;
		}
		m->lv[k++] = m->lv[i];
	}
	m->nl = k;
	if (!m->nl)
		return 0;
	/* the pull requests merged as these commits: both in commit order */
	k = 0;
	if (store_dora_in_repo_pulls(m->db, key, &m->pulls, err))
		return -1;
	while ((rc = store_dora_in_pull_next(&m->pulls, &p, err)) > 0) {
		uint64_t pre = prefix_of(p.merge_sha);

		while (k < m->nl && (m->lv[k].prefix < pre ||
				     (m->lv[k].prefix == pre && strcmp(m->lv[k].sha, p.merge_sha) < 0)))
			k++;
		if (k < m->nl && !strcmp(m->lv[k].sha, p.merge_sha) && p.opened_at != TIME_NONE &&
		    (m->lv[k].c.pr_opened == TIME_NONE || p.opened_at < m->lv[k].c.pr_opened))
			m->lv[k].c.pr_opened = p.opened_at;
	}
	return rc;
}

/* Derive stale repository KEY again from its whole history and store it (dora_shipped, dora_ship_repos). */
static int derive_repo(struct merge *m, const char *key, struct strbuf *err)
{
	char *spelling = NULL;
	int64_t first = TIME_NONE;
	int ret = -1;

	m->nl = 0;
	if (read_deployments(m, key, &spelling, &first, err) < 0 || (m->nd && read_changes(m, key, err) < 0))
		goto out;
	XGROW(m->rows, m->rows_alloc, m->nl + 1);
	for (size_t i = 0; i < m->nl; i++) {
		m->rows[i].shipped = m->lv[i].c.shipped;
		m->rows[i].authored = m->lv[i].c.authored;
		m->rows[i].pr_opened = m->lv[i].c.pr_opened;
	}
	ret = store_dora_shipped_replace(m->db, key, spelling, first, m->rows, m->nl, err);
out:
	store_dora_in_close(&m->deps);
	store_dora_in_close(&m->chgs);
	store_dora_in_close(&m->pulls);
	free(spelling);
	return ret;
}

/* Derive every repository a write made stale (dora_stale), so that nothing stale is read. */
static int derive_stale(struct merge *m, struct strbuf *err)
{
	struct dora_in st = { 0 };
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	const char *repo;
	int rc, ret = -1;

	if (store_dora_in_stale(m->db, &st, err))
		goto out;
	while ((rc = store_dora_in_stale_next(&st, &repo, err)) > 0)
		g_ptr_array_add(keys, g_strdup(repo));
	if (rc < 0)
		goto out;
	for (guint i = 0; i < keys->len; i++)
		if (derive_repo(m, keys->pdata[i], err))
			goto out;
	ret = 0;
out:
	store_dora_in_close(&st);
	g_ptr_array_free(keys, TRUE);
	return ret;
}

/* Repository R for the run: its production deployments around the periods, the commits first shipped in them. */
static int take_periods(struct merge *m, struct dora_repo_in *r, struct strbuf *err)
{
	struct dora_in_shipped row;
	size_t any_alloc = 0, ok_alloc = 0, changes_alloc = 0;
	int64_t at;
	int success, rc;

	if (store_dora_in_window(m->db, r->repo, m->dfrom, m->duntil, &m->window, err))
		return -1;
	while ((rc = store_dora_in_window_next(&m->window, &at, &success, err)) > 0) {
		XGROW(r->any, any_alloc, r->nany + 1);
		r->any[r->nany++] = at;
		if (!success)
			continue;
		XGROW(r->ok, ok_alloc, r->nok + 1);
		r->ok[r->nok++] = at;
	}
	if (rc < 0 || store_dora_in_shipped(m->db, r->repo, m->in->from, m->in->until, &m->shipped, err))
		return -1;
	while ((rc = store_dora_in_shipped_next(&m->shipped, &row, err)) > 0) {
		XGROW(r->changes, changes_alloc, r->nchanges + row.n);
		for (size_t i = 0; i < row.n; i++) {
			struct dora_change_obs *c = &r->changes[r->nchanges++];

			c->shipped = row.shipped_at;
			dora_starts_get(row.starts, i, &c->authored, &c->pr_opened);
		}
	}
	return rc;
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

/* The next repository: the smaller of the derived repositories' and the incidents' next one. */
static int take_repo(struct merge *m, struct strbuf *err)
{
	const struct dora_incident_obs *inc = m->next_inc < m->ninc ? &m->inc[m->next_inc] : NULL;
	struct dora_repo_in *r;

	XGROW(m->in->v, m->alloc, m->in->n + 1);
	r = &m->in->v[m->in->n++];
	memset(r, 0, sizeof(*r));
	r->first_any = TIME_NONE;
	r->present = 1;
	if (m->has_s && (!inc || sqlite3_stricmp(m->s.repo, inc->repo) <= 0)) {
		r->repo = g_string_chunk_insert(m->strings, m->s.repo);
		r->first_any = m->s.first_any;
		if ((m->has_s = store_dora_in_ship_repo_next(&m->ships, &m->s, err)) < 0 || take_periods(m, r, err))
			return -1;
	} else {
		r->repo = inc->repo; /* spelt as its first incident */
	}
	if (take_listing(m, r, r->repo, err))
		return -1;
	if (m->next_inc < m->ninc && !sqlite3_stricmp(m->inc[m->next_inc].repo, r->repo)) {
		size_t first = m->next_inc;

		while (m->next_inc < m->ninc && !sqlite3_stricmp(m->inc[m->next_inc].repo, r->repo))
			m->next_inc++;
		r->nincidents = m->next_inc - first;
		r->incidents = xmalloc(r->nincidents * sizeof(*r->incidents));
		memcpy(r->incidents, m->inc + first, r->nincidents * sizeof(*r->incidents));
	}
	return 0;
}

struct dora_input *dora_input_load(struct db *db, const char *incidents, int64_t from, int64_t until, int64_t window,
				    struct strbuf *err)
{
	struct dora_input *in = xcalloc(1, sizeof(*in));
	struct merge m;

	memset(&m, 0, sizeof(m));
	m.in = in;
	m.db = db;
	in->from = from;
	in->until = until;
	m.dfrom = from - window;
	m.duntil = until + window;
	m.strings = g_string_chunk_new(64 * 1024);
	m.scratch = g_string_chunk_new(64 * 1024);
	in->strings = m.strings;
	if (derive_stale(&m, err) || load_incidents(&m, db, incidents, err) < 0 ||
	    store_dora_in_ship_repos(db, &m.ships, err) || store_dora_in_repos(db, &m.repos, err))
		goto fail;
	if ((m.has_s = store_dora_in_ship_repo_next(&m.ships, &m.s, err)) < 0 ||
	    (m.has_r = store_dora_in_repo_next(&m.repos, &m.r, err)) < 0)
		goto fail;
	while (m.has_s || m.next_inc < m.ninc)
		if (take_repo(&m, err))
			goto fail;
	goto out;
fail:
	dora_input_free(in);
	in = NULL;
out:
	store_dora_in_close(&m.ships);
	store_dora_in_close(&m.window);
	store_dora_in_close(&m.shipped);
	store_dora_in_close(&m.repos);
	g_string_chunk_free(m.scratch);
	free(m.inc);
	free(m.dv);
	free(m.lv);
	free(m.rows);
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
