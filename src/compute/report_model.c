/* The read-only model every renderer draws from: metric values of a period and its history. */
#include <stdlib.h>
#include <string.h>

#include "collect/collectors.h"
#include "compute/metric_defs.h"
#include "compute/ownership.h"
#include "compute/report_model.h"
#include "store/row.h"
#include "util/defs.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int report_sources_load(struct db *db, struct source_status **out, size_t *n, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/status_sources", err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		struct source_status *s;

		XGROW(*out, alloc, *n + 1);
		s = &(*out)[(*n)++];
		s->source = xstrdup(row_text(st, "source"));
		s->last_ok = row_time(st, "last_ok");
		s->last_run = row_time(st, "started_at");
		s->last_status = xstrdup(row_text(st, "status"));
		/* the latest run's own message when it was not clean, else the latest failure's */
		s->last_message = xstrdup(strcmp(s->last_status ? s->last_status : "", "ok") && row_text(st, "message")
						  ? row_text(st, "message")
						  : row_text(st, "last_failure_message"));
	}
	return rc < 0 ? -1 : 0;
}

void report_sources_free(struct source_status *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].source);
		free(v[i].last_status);
		free(v[i].last_message);
	}
	free(v);
}

static int load_data_since(struct db *db, struct report_model *m, struct strbuf *err)
{
	return sources_oldest_data(db, &m->data_since, err);
}

/*
 * Which team owns each service: every listed repository resolved by the same
 * ownership rules as the team KPIs (catalog, teams.repositories), keyed by
 * its service scope.  0 or -1 with ERR.
 */
static int load_service_teams(struct db *db, struct report_model *m, struct strbuf *err)
{
	struct ownership *o = ownership_new(m->cfg);
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	m->service_teams = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
	if (ownership_load(o, db, err) || !(st = db_stmt(db, "report/service_repos", err)))
		goto out;
	while ((rc = db_step(db, st, err)) > 0) {
		const char *full = db_col_text(st, 0), *name = db_col_text(st, 1), *slash = full ? strchr(full, '/') : NULL;
		char *scope;

		if (!full)
			continue;
		scope = xasprintf("service:%s", name ? name : slash ? slash + 1 : full);
		if (g_hash_table_contains(m->service_teams, scope))
			free(scope); /* the first repository of that name (as the sorted listing gives them) */
		else
			g_hash_table_insert(m->service_teams, scope, xstrdup(ownership_repo(o, full, NULL)));
	}
	if (rc < 0)
		goto out;
	ret = 0;
out:
	if (st)
		sqlite3_reset(st);
	ownership_free(o);
	return ret;
}

const char *report_service_team(const struct report_model *m, const char *service)
{
	return m->service_teams ? g_hash_table_lookup(m->service_teams, service) : NULL;
}

static int has_param(sqlite3_stmt *st, const char *name)
{
	return sqlite3_bind_parameter_index(st, name) > 0;
}

/* Run dataset D's query for the period and keep its rows. */
static int load_dataset(struct db *db, struct report_model *m, const struct report_dataset *def, struct dataset_rows *d,
			struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, def->query, err);
	size_t alloc = 0;
	int rc;

	d->def = def;
	if (!st) {
		strbuf_addf(err, " (dataset '%s')", def->name);
		return -1;
	}
	if (!sqlite3_stmt_readonly(st)) {
		strbuf_addf(err, "dataset '%s': query '%s' must only read", def->name, def->query);
		return -1;
	}
	if (has_param(st, ":start"))
		db_bind_int(st, ":start", m->period.start);
	if (has_param(st, ":end"))
		db_bind_int(st, ":end", m->period.end);
	if (has_param(st, ":min_team_responses"))
		db_bind_int(st, ":min_team_responses", m->cfg ? m->cfg->surveys.min_team_responses : 5);
	if (has_param(st, ":period"))
		db_bind_text(st, ":period", m->period.label);
	if (has_param(st, ":start_date") || has_param(st, ":end_date")) {
		char day[16];

		/* local calendar dates of the period's bounds, for tables keyed by date */
		time_format_date(m->period.start, m->pcfg->tz, day, sizeof(day));
		if (has_param(st, ":start_date"))
			db_bind_text(st, ":start_date", day);
		time_format_date(m->period.end, m->pcfg->tz, day, sizeof(day));
		if (has_param(st, ":end_date"))
			db_bind_text(st, ":end_date", day);
	}
	d->strings = g_string_chunk_new(64 * 1024);
	d->ncols = (size_t)sqlite3_column_count(st);
	d->cols = xcalloc(d->ncols + 1, sizeof(char *));
	for (size_t c = 0; c < d->ncols; c++)
		d->cols[c] = xstrdup(sqlite3_column_name(st, (int)c));
	while ((rc = db_step(db, st, err)) > 0) {
		struct cell *row;

		if (d->nrows == REPORT_DATASET_MAX_ROWS) {
			d->truncated = 1;
			sqlite3_reset(st);
			rc = 0;
			break;
		}
		XGROW(d->cells, alloc, (d->nrows + 1) * d->ncols);
		row = &d->cells[d->nrows++ * d->ncols];
		for (size_t c = 0; c < d->ncols; c++) {
			struct cell *x = &row[c];

			memset(x, 0, sizeof(*x));
			switch (sqlite3_column_type(st, (int)c)) {
			case SQLITE_INTEGER:
				x->type = CELL_INT;
				x->i = sqlite3_column_int64(st, (int)c);
				x->d = (double)x->i;
				break;
			case SQLITE_FLOAT:
				x->type = CELL_REAL;
				x->d = sqlite3_column_double(st, (int)c);
				break;
			case SQLITE_NULL:
				x->type = CELL_NULL;
				break;
			default:
				x->type = CELL_TEXT;
				x->s = g_string_chunk_insert(d->strings, (const char *)sqlite3_column_text(st, (int)c));
				break;
			}
		}
	}
	if (rc < 0)
		strbuf_addf(err, " (dataset '%s')", def->name);
	return rc < 0 ? -1 : 0;
}

static void dataset_release(struct dataset_rows *d)
{
	if (d->strings)
		g_string_chunk_free(d->strings);
	free(d->cells);
	for (size_t c = 0; c < d->ncols; c++)
		free(d->cols[c]);
	free(d->cols);
}

/* A message catalogue: the built-in one with the keys of an override in reporting.definitions_dir on top. */
static int load_messages(const struct config *cfg, const char *name, json_t **out, struct strbuf *err)
{
	json_t *over = NULL;

	if (defs_load(NULL, name, out, err))
		return -1;
	if (defs_load(cfg, name, &over, err))
		return -1;
	if (!json_is_object(over) || json_object_update(*out, over)) {
		strbuf_addf(err, "message catalogue '%s' must be an object of texts", name);
		json_decref(over);
		return -1;
	}
	json_decref(over);
	return 0;
}

static int load_definitions(const struct config *cfg, struct report_model *m, struct strbuf *err)
{
	char *name = NULL;
	int ret = -1;

	if (report_def_load(cfg, "quarterly", &m->def, err))
		goto out;
	if (strcmp(m->lang, "en") && strcmp(m->lang, "ko")) {
		strbuf_addf(err, "reporting.lang '%s' is not supported: use en or ko", m->lang);
		goto out;
	}
	name = xasprintf("messages-%s", m->lang);
	if (load_messages(cfg, "messages-en", &m->messages_en, err) || load_messages(cfg, name, &m->messages, err) ||
	    defs_load(cfg, "bands", &m->bands, err))
		goto out;
	/* DORA tiers are shown when their definition exists (a later issue adds it). */
	if (cfg->dora.benchmarks) {
		struct strbuf ignore = STRBUF_INIT;

		if (!defs_load(cfg, cfg->dora.benchmarks, &m->tiers, &ignore))
			m->tiers_name = cfg->dora.benchmarks;
		strbuf_release(&ignore);
	}
	ret = 0;
out:
	free(name);
	return ret;
}

/* The index hashes and compares rows by (metric, scope, period): no key is built per row or per lookup. */
static guint index_hash(gconstpointer p)
{
	const struct metric_row *r = p;

	return (g_str_hash(r->metric) * 31u + g_str_hash(r->scope)) * 31u + g_str_hash(r->period);
}

static gboolean index_equal(gconstpointer a, gconstpointer b)
{
	const struct metric_row *x = a, *y = b;

	return !strcmp(x->metric, y->metric) && !strcmp(x->scope, y->scope) && !strcmp(x->period, y->period);
}

/*
 * The datasets are read by two workers at once, each on its own connection: a thread from the
 * start, and the building thread once the metric values are in.  Each takes the next dataset
 * not yet taken, so neither waits while the other still has several to read.
 */
struct datasets_job {
	struct report_model *m;
	gint next;               /* the next dataset to take (atomic) */
	gint failed;             /* a worker failed: the others take no more (atomic) */
};

/* Read the datasets of JOB not yet taken on DB, into their places in m->datasets.  0 or -1 with ERR. */
static int take_datasets(struct datasets_job *job, struct db *db, struct strbuf *err)
{
	struct report_model *m = job->m;

	while (!g_atomic_int_get(&job->failed)) {
		size_t i = (size_t)g_atomic_int_add(&job->next, 1);

		if (i >= m->ndatasets)
			break;
		if (load_dataset(db, m, &m->def.datasets[i], &m->datasets[i], err)) {
			g_atomic_int_set(&job->failed, 1);
			return -1;
		}
	}
	return 0;
}

/* The thread's worker: its own connection and error. */
struct datasets_reader {
	struct datasets_job *job;
	struct db *db;
	struct strbuf err;
};

static gpointer datasets_thread(gpointer arg)
{
	struct datasets_reader *r = arg;

	return GINT_TO_POINTER(take_datasets(r->job, r->db, &r->err));
}

int report_model_build(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, const struct period *p,
		       int64_t now, struct report_model *m, struct strbuf *err)
{
	struct datasets_job job = { m, 0, 0 };
	struct datasets_reader reader = { &job, NULL, STRBUF_INIT };
	GThread *thread = NULL;
	int ret = -1, rc;

	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->pcfg = pcfg;
	m->period = *p;
	m->generated_at = now;
	m->lang = cfg->reporting.lang ? cfg->reporting.lang : "en";
	m->period_complete = now >= p->end;
	m->index = g_hash_table_new(index_hash, index_equal);
	if (load_definitions(cfg, m, err)) {
		report_model_release(m);
		return -2;
	}
	m->ndatasets = m->def.ndatasets;
	m->datasets = xcalloc(m->ndatasets + 1, sizeof(*m->datasets));
	for (size_t i = 0; i < m->ndatasets; i++)
		m->datasets[i].def = &m->def.datasets[i];
	/* The datasets (raw rows of the period) are read on a second connection, in a thread, while
	   this one reads the metric values; then this one helps with those left.  Without a second
	   connection they are all read here, afterwards.  (The connections read their own
	   snapshots: a collection committing between them shows in some datasets and not yet in
	   the values, as it would in a report started a moment later.) */
	if (db->path && strcmp(db->path, ":memory:") && !db_open(&reader.db, db->path, 0, DB_READONLY, &reader.err))
		thread = g_thread_try_new("datasets", datasets_thread, &reader, NULL);
	m->nhistory = m->def.history;
	for (size_t i = 0; i < m->nhistory; i++) {
		/* per-service values only for the reported period (thousands of services times eight
		   DORA metrics a quarter); earlier periods by organisation, team and template */
		int reported = i + 1 == m->nhistory;

		period_shift(p, (int)i - (int)(m->nhistory - 1), pcfg, &m->history[i]);
		if (reported ? store_metrics_load(db, m->history[i].label, NULL, &m->rows, err)
			     : store_metrics_load_summary(db, m->history[i].label, &m->rows, err))
			goto out;
	}
	metric_rows_sort(&m->rows);
	for (size_t i = 0; i < m->rows.n; i++) {
		struct metric_row *r = &m->rows.v[i];

		g_hash_table_replace(m->index, r, r);
	}
	if (report_sources_load(db, &m->sources, &m->nsources, err) || load_data_since(db, m, err) ||
	    load_service_teams(db, m, err) || take_datasets(&job, db, err))
		goto out;
	if (thread) {
		rc = GPOINTER_TO_INT(g_thread_join(thread));
		thread = NULL;
		if (rc) {
			strbuf_addstr(err, reader.err.buf);
			goto out;
		}
	}
	ret = 0;
out:
	if (thread) {
		g_atomic_int_set(&job.failed, 1); /* take no more: this one has failed */
		g_thread_join(thread);
	}
	db_close(reader.db);
	strbuf_release(&reader.err);
	if (ret)
		report_model_release(m);
	return ret;
}

void report_model_release(struct report_model *m)
{
	metric_rows_release(&m->rows);
	report_sources_free(m->sources, m->nsources);
	for (size_t i = 0; i < m->ndatasets; i++)
		dataset_release(&m->datasets[i]);
	free(m->datasets);
	report_def_release(&m->def);
	json_decref(m->messages);
	json_decref(m->messages_en);
	json_decref(m->bands);
	json_decref(m->tiers);
	if (m->index)
		g_hash_table_destroy(m->index);
	if (m->service_teams)
		g_hash_table_destroy(m->service_teams);
	memset(m, 0, sizeof(*m));
}

const struct metric_row *report_value(const struct report_model *m, const char *metric, const char *period,
				      const char *scope)
{
	struct metric_row key = { .metric = (char *)metric, .scope = (char *)scope, .period = (char *)period };

	return m->index && metric && scope && period ? g_hash_table_lookup(m->index, &key) : NULL;
}

const struct period *report_prev_period(const struct report_model *m)
{
	return m->nhistory > 1 ? &m->history[m->nhistory - 2] : NULL;
}

const struct dataset_rows *report_dataset(const struct report_model *m, const char *name)
{
	for (size_t i = 0; i < m->ndatasets; i++)
		if (!strcmp(m->datasets[i].def->name, name))
			return &m->datasets[i];
	return NULL;
}

int dataset_col(const struct dataset_rows *d, const char *name)
{
	for (size_t c = 0; d && c < d->ncols; c++)
		if (!strcmp(d->cols[c], name))
			return (int)c;
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **report_scopes(const struct report_model *m, const char *kind, const char *period, size_t *n)
{
	return report_scopes_for(m, kind, period, NULL, 0, n);
}

static int listed(const char *metric, char *const *metrics, size_t nmetrics)
{
	for (size_t i = 0; i < nmetrics; i++)
		if (!strcmp(metrics[i], metric))
			return 1;
	return !metrics;
}

const char **report_scopes_for(const struct report_model *m, const char *kind, const char *period,
			       char *const *metrics, size_t nmetrics, size_t *n)
{
	const char **v = xcalloc(m->rows.n + 1, sizeof(*v));
	size_t k = strlen(kind);
	/* thousands of services: a set, not a scan of the scopes found so far */
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	*n = 0;
	for (size_t i = 0; i < m->rows.n; i++) {
		const struct metric_row *r = &m->rows.v[i];

		if (strcmp(r->period, period) || strncmp(r->scope, kind, k) || r->scope[k] != ':' ||
		    !listed(r->metric, metrics, nmetrics))
			continue;
		if (g_hash_table_add(seen, r->scope))
			v[(*n)++] = r->scope;
	}
	g_hash_table_destroy(seen);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}
