/* The read-only model every renderer draws from: metric values of a period and its history. */
#ifndef IDPM_REPORT_MODEL_H
#define IDPM_REPORT_MODEL_H

#include <glib.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "compute/report_def.h"
#include "store/db.h"
#include "store/metrics.h"
#include "util/config.h"
#include "util/period.h"

#define REPORT_HISTORY 8
/* Rows kept per dataset: what one worksheet can hold below its header. */
#define REPORT_DATASET_MAX_ROWS 1000000

/* Freshness of one source, from its latest collection run. */
struct source_status {
	char *source;
	int64_t last_ok;          /* TIME_NONE when never successful */
	int64_t last_run;         /* start of the latest run */
	char *last_status;        /* ok, partial, failed, running */
	char *last_message;       /* the latest run's message when it was not ok, else the latest failure's; may be NULL */
};

enum cell_type { CELL_NULL, CELL_INT, CELL_REAL, CELL_TEXT };

/* One cell of a dataset, typed as SQLite returned it. */
struct cell {
	enum cell_type type;
	int64_t i;
	double d;
	char *s;                  /* CELL_TEXT: UTF-8 kept in the dataset's strings (not cleaned: renderers escape) */
};

/* The rows of one report dataset for the reported period. */
struct dataset_rows {
	const struct report_dataset *def;  /* points into report_model.def */
	char **cols;              /* column names as the query names them */
	size_t ncols;
	struct cell *cells;       /* nrows * ncols, row-major */
	size_t nrows;
	int truncated;            /* more than REPORT_DATASET_MAX_ROWS rows: the rest was dropped */
	GStringChunk *strings;    /* the text cells' bytes: one allocation per 64 KiB, not one per cell */
};

struct report_model {
	const struct config *cfg;
	const struct period_cfg *pcfg;
	struct period period;                  /* the reported period */
	struct period history[REPORT_HISTORY]; /* oldest first; the last is PERIOD */
	size_t nhistory;
	struct metric_rows rows;               /* sorted values: every scope of the reported period, earlier
						  periods without the per-service scopes */
	struct source_status *sources;
	size_t nsources;
	int64_t generated_at;                  /* --now: the only clock a report shows */
	const char *lang;                      /* en or ko */
	struct report_def def;                 /* reports/quarterly.json */
	struct dataset_rows *datasets;         /* one per def.datasets, same order */
	size_t ndatasets;
	json_t *messages;                      /* reports/messages-<lang>.json */
	json_t *messages_en;                   /* reports/messages-en.json, the fallback */
	json_t *bands;                         /* reports/bands.json */
	json_t *tiers;                         /* the dora.benchmarks definition, or NULL when absent */
	const char *tiers_name;                /* its name (cfg->dora.benchmarks) */
	int64_t data_since;                    /* oldest collected row, TIME_NONE when nothing was collected */
	int period_complete;                   /* the period ended before generated_at */
	GHashTable *index;                     /* struct metric_row * by (metric, scope, period) */
	GHashTable *service_teams;             /* "service:NAME" -> "team:NAME" owning its repository */
};

/*
 * Load everything about period P (and the history before it) from DB: metric
 * values, source freshness, the report definition, messages, bands and the
 * rows of every dataset.  CFG and PCFG must outlive M.  Returns 0; -2 with
 * ERR when a definition file (report, messages, bands) is wrong, naming the
 * file and entry; -1 with ERR for a database error.  On error M is released.
 */
int report_model_build(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, const struct period *p,
		       int64_t now, struct report_model *m, struct strbuf *err);
void report_model_release(struct report_model *m);

/* The freshness of every source from the collection runs in DB; free with report_sources_free().  0 or -1 with ERR. */
int report_sources_load(struct db *db, struct source_status **out, size_t *n, struct strbuf *err);
void report_sources_free(struct source_status *v, size_t n);

/* The stored value of METRIC for PERIOD (label) and SCOPE, or NULL. */
const struct metric_row *report_value(const struct report_model *m, const char *metric, const char *period,
				      const char *scope);
/* The team scope owning the repository of service scope SERVICE ("team:unowned" when nobody does), or NULL when unknown. */
const char *report_service_team(const struct report_model *m, const char *service);
/* The period before the reported one (history), or NULL. */
const struct period *report_prev_period(const struct report_model *m);
/* The dataset named NAME, or NULL. */
const struct dataset_rows *report_dataset(const struct report_model *m, const char *name);
/* Index of column NAME in D, or -1. */
int dataset_col(const struct dataset_rows *d, const char *name);

/*
 * The distinct scopes of KIND ("team", "service", "template") that have a
 * value in PERIOD, sorted by name (bytewise).  Returns a new array of
 * borrowed strings (the full scope, "team:payments"); the caller frees the
 * array only.  *N receives the count.
 */
const char **report_scopes(const struct report_model *m, const char *kind, const char *period, size_t *n);
/* The same, limited to scopes with a row of one of the NMETRICS METRICS. */
const char **report_scopes_for(const struct report_model *m, const char *kind, const char *period,
			       char *const *metrics, size_t nmetrics, size_t *n);

#endif
