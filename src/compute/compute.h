/* The compute stage: turn collected rows into metric values per period. */
#ifndef IDPM_COMPUTE_H
#define IDPM_COMPUTE_H

#include <stdint.h>

#include "compute/classify.h"
#include "store/db.h"
#include "store/metrics.h"
#include "util/config.h"
#include "util/log.h"
#include "util/period.h"

struct compute_out;
struct dora_input;
struct ownership;
struct tickets_run;
struct nps_run;

/* What every metric module needs; owned by the caller, valid during compute_period(). */
struct compute_ctx {
	struct db *db;
	const struct config *cfg;
	const struct period_cfg *pcfg;
	struct classifier *bands;   /* KPI bands (reports/bands.json) */
	struct classifier *tiers;   /* DORA tiers (reports/<dora.benchmarks>.json); may be NULL */
	int64_t now;                /* stored as computed_at, so --now makes outputs reproducible */
	struct log *log;            /* for warnings about the data; never NULL */
	struct ownership *ownership; /* teams from the catalog: NULL until ownership_of() loads it */
	const struct period *periods; /* every period of the run (compute_periods()), so inputs are read once */
	size_t nperiods;
	struct dora_input *dora_input; /* compute/dora_input.c: the run's DORA input; NULL until loaded */
	struct tickets_run *tickets; /* compute/tickets.c: the tickets' span and teams; NULL until read */
	struct nps_run *nps;        /* compute/nps_metrics.c: the survey responses read, by period; NULL until read */
	struct compute_out *out;    /* the values of the period being computed, written when it is done */
};

/* Up to 8 distinct flags attached to a value ("approximate", "low_response_rate", ...). */
struct flagset {
	const char *v[8];           /* borrowed static strings */
	size_t n;
};

void flagset_add(struct flagset *f, const char *flag);
/* The flags as a JSON array text; the caller frees it. */
char *flagset_json(const struct flagset *f);

/*
 * Add METRIC for period P and SCOPE, with its unit, band and tier looked up,
 * to the period's values (written when every module is done; a later value
 * of the same metric and scope replaces an earlier one).  VALUE NAN means no
 * data (stored as NULL).  FLAGS and DETAIL (JSON object text) may be NULL.
 * Returns 0, or -1 with ERR (for an unknown metric).
 */
int compute_put(struct compute_ctx *ctx, const struct period *p, const char *metric, const char *scope, double value,
		int64_t n, const struct flagset *flags, const char *detail, struct strbuf *err);

/* One metric family: computes all of its metrics and scopes for one period. */
struct metric_module {
	const char *name;
	int (*compute)(struct compute_ctx *ctx, const struct period *p, struct strbuf *err);
};

/* The registry, NULL-terminated (compute/modules.c). */
extern const struct metric_module *const metric_modules[];

/*
 * Recompute the N periods P in one transaction, each from inputs read once
 * for the whole run: every module computes a period's values in memory, then
 * only the values that differ from the stored ones are written (changed, new
 * and vanished ones), and the period's computed_at is set.  A period whose
 * computing fails is left as it was, the others are written.  DONE is called
 * for each period in order once the transaction is over, with NULL or the
 * error; returns the number of periods that failed (all of them when the
 * transaction could not be committed).  STATS (may be NULL) adds up the rows.
 */
int compute_periods(struct compute_ctx *ctx, const struct period *p, size_t n,
		    void (*done)(void *arg, const struct period *p, const char *error), void *arg,
		    struct metric_sync_stats *stats);

/* compute_periods() of the one period P: 0, or -1 with ERR (nothing of P changed). */
int compute_period(struct compute_ctx *ctx, const struct period *p, struct strbuf *err);

/* Prepare CTX: load bands and tiers named by the configuration.  Release with compute_ctx_release(). */
int compute_ctx_init(struct compute_ctx *ctx, struct db *db, const struct config *cfg, const struct period_cfg *pcfg,
		     int64_t now, struct log *log, struct strbuf *err);
void compute_ctx_release(struct compute_ctx *ctx);

#endif
