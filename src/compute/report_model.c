/* The read-only model every renderer draws from: metric values of a period and its history. */
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "compute/report_model.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static int load_sources(struct db *db, struct report_model *m, struct strbuf *err)
{
	sqlite3_stmt *st = db_stmt(db, "cli/status_sources", err);
	size_t alloc = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(db, st, err)) > 0) {
		struct source_status *s;

		XGROW(m->sources, alloc, m->nsources + 1);
		s = &m->sources[m->nsources++];
		s->source = xstrdup(db_col_text(st, 0));
		s->last_ok = db_col_time(st, 1);
		s->last_message = xstrdup(db_col_text(st, 3));
		s->last_run = db_col_time(st, 4);
		s->last_status = xstrdup(db_col_text(st, 6));
	}
	return rc < 0 ? -1 : 0;
}

int report_model_build(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, const struct period *p,
		       int64_t now, struct report_model *m, struct strbuf *err)
{
	memset(m, 0, sizeof(*m));
	m->cfg = cfg;
	m->pcfg = pcfg;
	m->period = *p;
	m->generated_at = now;
	m->lang = cfg->reporting.lang;
	m->nhistory = REPORT_HISTORY;
	for (size_t i = 0; i < REPORT_HISTORY; i++) {
		period_shift(p, (int)i - (REPORT_HISTORY - 1), pcfg, &m->history[i]);
		if (store_metrics_load(db, m->history[i].label, NULL, &m->rows, err))
			return -1;
	}
	metric_rows_sort(&m->rows);
	return load_sources(db, m, err);
}

void report_model_release(struct report_model *m)
{
	metric_rows_release(&m->rows);
	for (size_t i = 0; i < m->nsources; i++) {
		free(m->sources[i].source);
		free(m->sources[i].last_status);
		free(m->sources[i].last_message);
	}
	free(m->sources);
	memset(m, 0, sizeof(*m));
}

const struct metric_row *report_value(const struct report_model *m, const char *metric, const char *period,
				      const char *scope)
{
	for (size_t i = 0; i < m->rows.n; i++) {
		const struct metric_row *r = &m->rows.v[i];

		if (!strcmp(r->metric, metric) && !strcmp(r->period, period) && !strcmp(r->scope, scope))
			return r;
	}
	return NULL;
}
