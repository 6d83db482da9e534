/*
 * Write a period's computed values where they differ from the stored ones:
 * changed, new and vanished rows only.  The stored values are read one
 * metric at a time in key order and compared as they come (nothing is
 * copied but the keys of vanished rows); the writes follow the reads.
 */
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/metrics.h"
#include "store/row.h"
#include "util/xalloc.h"

/* A computed value and its place in the caller's array (a later one of the same key wins). */
struct mine {
	const struct metric_value *v;
	size_t at;
};

/* The computed values of one metric: M[lo, hi) once sorted, in scope then computing order. */
struct run {
	const char *metric;
	size_t lo, hi;
};

/* A distinct metric pointer of the values and the number it was first seen as. */
struct metric_slot {
	const char *metric;
	size_t slot;
};

/* What the comparison found to do. */
struct todo {
	const struct metric_value **put;   /* values to write */
	size_t nput, put_alloc;
	char **del_metric, **del_scope;    /* keys of values to delete (owned) */
	size_t ndel, del_alloc, del_alloc2;
};

static int cmp_scope(const void *a, const void *b)
{
	const struct mine *x = a, *y = b;
	int d = strcmp(x->v->scope, y->v->scope);

	return d ? d : x->at < y->at ? -1 : x->at > y->at;
}

static int cmp_slot(const void *a, const void *b)
{
	const struct metric_slot *x = a, *y = b;
	int d = strcmp(x->metric, y->metric);

	return d ? d : x->slot < y->slot ? -1 : x->slot > y->slot;
}

/*
 * The N values V in key order into M (metric, scope, then computing order) and the run of each metric
 * into *RUNS, by metric name.  A period has thousands of values of a few dozen metrics, named by a
 * few pointers (compute_put() gives the definition's): the pointers are ranked by name once, the
 * values placed metric by metric in one pass, and only each metric's values sorted by scope.
 */
static void sort_values(const struct metric_value *v, size_t n, struct mine *m, struct run **runs, size_t *nruns)
{
	GHashTable *slot_of = g_hash_table_new(g_direct_hash, g_direct_equal); /* metric pointer -> slot + 1 */
	struct metric_slot *slots = NULL;
	size_t nslots = 0, slots_alloc = 0, last_slot = 0, nr = 0;
	size_t *slot = xmalloc((n ? n : 1) * sizeof(*slot)), *rank;
	const char *last = NULL;
	struct run *r;

	for (size_t k = 0; k < n; k++) {
		if (!k || v[k].metric != last) {
			last = v[k].metric;
			last_slot = GPOINTER_TO_SIZE(g_hash_table_lookup(slot_of, last));
			if (!last_slot) {
				XGROW(slots, slots_alloc, nslots + 1);
				slots[nslots].metric = last;
				slots[nslots].slot = nslots;
				last_slot = ++nslots;
				g_hash_table_insert(slot_of, (gpointer)last, GSIZE_TO_POINTER(last_slot));
			}
		}
		slot[k] = last_slot - 1;
	}
	if (nslots > 1)
		qsort(slots, nslots, sizeof(*slots), cmp_slot);
	/* a run per metric name (two pointers may spell one name); RANK: slot -> run */
	rank = xmalloc((nslots ? nslots : 1) * sizeof(*rank));
	r = xcalloc(nslots ? nslots : 1, sizeof(*r));
	for (size_t i = 0; i < nslots; i++) {
		if (!nr || strcmp(r[nr - 1].metric, slots[i].metric))
			r[nr++].metric = slots[i].metric;
		rank[slots[i].slot] = nr - 1;
	}
	for (size_t k = 0; k < n; k++)
		r[rank[slot[k]]].hi++; /* counted first, then turned into places */
	for (size_t i = 0, at = 0; i < nr; i++) {
		size_t count = r[i].hi;

		r[i].lo = r[i].hi = at;
		at += count;
	}
	for (size_t k = 0; k < n; k++) {
		struct run *to = &r[rank[slot[k]]];

		m[to->hi].v = &v[k];
		m[to->hi++].at = k;
	}
	for (size_t i = 0; i < nr; i++)
		if (r[i].hi - r[i].lo > 1)
			qsort(m + r[i].lo, r[i].hi - r[i].lo, sizeof(*m), cmp_scope);
	*runs = r;
	*nruns = nr;
	g_hash_table_destroy(slot_of);
	free(slots);
	free(slot);
	free(rank);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int same_text(const char *a, const char *b)
{
	return a ? b && !strcmp(a, b) : !b;
}

/* The columns compared, in this order; their indexes are found by name once per statement. */
enum { C_VALUE, C_UNIT, C_N, C_BAND, C_TIER, C_FLAGS, C_DETAIL, C_SCOPE, NCOLS };
static const char *const col_names[NCOLS] = { "value", "unit", "n", "band", "tier", "flags", "detail", "scope" };

/* Whether V equals the row ST is on; COL: the columns' indexes. */
static int same(const struct metric_value *v, sqlite3_stmt *st, const int *col)
{
	double value = db_col_double(st, col[C_VALUE]);

	return ((isnan(v->value) && isnan(value)) || v->value == value) && v->n == db_col_int(st, col[C_N], 0) &&
	       same_text(v->unit, db_col_text(st, col[C_UNIT])) && same_text(v->band, db_col_text(st, col[C_BAND])) &&
	       same_text(v->tier, db_col_text(st, col[C_TIER])) &&
	       same_text(v->flags ? v->flags : "[]", db_col_text(st, col[C_FLAGS])) &&
	       same_text(v->detail, db_col_text(st, col[C_DETAIL]));
}

static void put_later(struct todo *t, const struct metric_value *v)
{
	XGROW(t->put, t->put_alloc, t->nput + 1);
	t->put[t->nput++] = v;
}

static void delete_later(struct todo *t, const char *metric, const char *scope)
{
	XGROW(t->del_metric, t->del_alloc, t->ndel + 1);
	XGROW(t->del_scope, t->del_alloc2, t->ndel + 1);
	t->del_metric[t->ndel] = xstrdup(metric);
	t->del_scope[t->ndel++] = xstrdup(scope);
}

/* The metrics to compare, sorted, each once: those stored (in any period) and those of the NR runs R. */
static int metric_names(struct db *db, const struct run *r, size_t nr, char ***out, size_t *count,
			struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/metrics_names", err);
	size_t alloc = 0, k = 0;
	int rc;

	*count = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		XGROW(*out, alloc, k + 1);
		(*out)[k++] = xstrdup(row_text(st, "metric"));
	}
	for (size_t i = 0; i < nr; i++) {
		XGROW(*out, alloc, k + 1);
		(*out)[k++] = xstrdup(r[i].metric);
	}
	if (k)
		qsort(*out, k, sizeof(**out), cmp_str);
	for (size_t i = 0; i < k; i++) {
		if (*count && !strcmp((*out)[*count - 1], (*out)[i]))
			free((*out)[i]);
		else
			(*out)[(*count)++] = (*out)[i];
	}
	return rc < 0 ? -1 : 0;
}

/*
 * Compare metric NAME's stored values of PERIOD with M[0, N), its computed values sorted by scope,
 * noting what differs in T.
 */
static int compare_metric(struct db *db, const char *period, const char *name, const struct mine *m, size_t n,
			  struct todo *t, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "store/metrics_of_period", err);
	int rc, col[NCOLS];
	size_t i = 0;

	if (!st)
		return -1;
	for (int c = 0; c < NCOLS; c++)
		col[c] = row_col(st, col_names[c]);
	db_bind_text(st, ":metric", name);
	db_bind_text(st, ":period", period);
	while ((rc = db_step(db, st, err)) > 0) {
		const char *scope = db_col_text(st, col[C_SCOPE]);
		int c = 1;

		/* of several values of one key, the last computed one is stored (as an upsert would) */
		for (; i < n; i++) {
			if (i + 1 < n && !strcmp(m[i].v->scope, m[i + 1].v->scope))
				continue;
			if ((c = strcmp(m[i].v->scope, scope)) >= 0)
				break;
			put_later(t, m[i].v);
		}
		if (i >= n)
			c = 1;
		if (c > 0) {
			delete_later(t, name, scope);
			continue;
		}
		if (!same(m[i].v, st, col))
			put_later(t, m[i].v);
		i++;
	}
	for (; i < n; i++)
		if (i + 1 >= n || strcmp(m[i].v->scope, m[i + 1].v->scope))
			put_later(t, m[i].v);
	return rc < 0 ? -1 : 0;
}

int store_metrics_sync(struct db *db, const char *period, const struct metric_value *v, size_t n, int64_t computed_at,
		       struct metric_sync_stats *stats, struct strbuf *err)
{
	struct mine *m = xmalloc((n ? n : 1) * sizeof(*m));
	struct todo t = { 0 };
	struct run *runs = NULL;
	char **names = NULL;
	size_t nnames = 0, nruns = 0, seen = 0, r = 0;
	sqlite3_stmt *st;
	int ret = -1;

	memset(stats, 0, sizeof(*stats));
	sort_values(v, n, m, &runs, &nruns);
	for (size_t k = 0; k < nruns; k++)
		for (size_t i = runs[k].lo; i < runs[k].hi; i++)
			seen += i + 1 >= runs[k].hi || strcmp(m[i].v->scope, m[i + 1].v->scope);
	if (metric_names(db, runs, nruns, &names, &nnames, err))
		goto out;
	for (size_t k = 0; k < nnames; k++) {
		size_t lo = 0, hi = 0;

		/* the names are those of the runs and the stored ones, both in name order */
		if (r < nruns && !strcmp(runs[r].metric, names[k])) {
			lo = runs[r].lo;
			hi = runs[r++].hi;
		}
		if (compare_metric(db, period, names[k], m + lo, hi - lo, &t, err))
			goto out;
	}
	/* the reads are over: write what differs, with each statement prepared once */
	if (!(st = db_stmt(db, "store/metric_delete", err)))
		goto out;
	for (size_t k = 0; k < t.ndel; k++) {
		db_bind_text(st, ":metric", t.del_metric[k]);
		db_bind_text(st, ":period", period);
		db_bind_text(st, ":scope", t.del_scope[k]);
		if (db_exec(db, st, err))
			goto out;
	}
	if (!(st = db_stmt(db, "store/metric_put", err)))
		goto out;
	for (size_t k = 0; k < t.nput; k++)
		if (store_metric_bind_put(db, st, t.put[k], computed_at, err))
			goto out;
	stats->written = (int64_t)t.nput;
	stats->deleted = (int64_t)t.ndel;
	stats->unchanged = (int64_t)(seen - t.nput);
	if (!(st = db_stmt(db, "store/metric_period_put", err)))
		goto out;
	db_bind_text(st, ":period", period);
	db_bind_int(st, ":computed_at", computed_at);
	ret = db_exec(db, st, err);
out:
	for (size_t k = 0; k < nnames; k++)
		free(names[k]);
	for (size_t k = 0; k < t.ndel; k++) {
		free(t.del_metric[k]);
		free(t.del_scope[k]);
	}
	free(names);
	free(t.put);
	free(t.del_metric);
	free(t.del_scope);
	free(runs);
	free(m);
	return ret;
}
