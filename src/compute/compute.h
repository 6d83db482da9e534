/* The compute stage: turn collected rows into metric values per period. */
#ifndef IDPM_COMPUTE_H
#define IDPM_COMPUTE_H

#include <stdint.h>

#include "compute/classify.h"
#include "store/db.h"
#include "util/config.h"
#include "util/log.h"
#include "util/period.h"

struct dora_commits;
struct ownership;

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
	struct dora_commits *dora_commits; /* compute/dora_commits.c: per-commit lookups; NULL until loaded */
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
 * Store METRIC for period P and SCOPE with its unit, band and tier looked up.
 * VALUE NAN means no data (stored as NULL).  FLAGS and DETAIL (JSON object
 * text) may be NULL.  Returns 0, or -1 with ERR (also for an unknown metric).
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
 * Recompute period P: in one transaction, delete its stored values and run
 * every module.  On error nothing of P changes and -1 is returned with ERR.
 */
int compute_period(struct compute_ctx *ctx, const struct period *p, struct strbuf *err);

/* Prepare CTX: load bands and tiers named by the configuration.  Release with compute_ctx_release(). */
int compute_ctx_init(struct compute_ctx *ctx, struct db *db, const struct config *cfg, const struct period_cfg *pcfg,
		     int64_t now, struct log *log, struct strbuf *err);
void compute_ctx_release(struct compute_ctx *ctx);

#endif
