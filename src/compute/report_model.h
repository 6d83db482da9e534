/* The read-only model every renderer draws from: metric values of a period and its history. */
#ifndef IDPM_REPORT_MODEL_H
#define IDPM_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/metrics.h"
#include "util/config.h"
#include "util/period.h"

#define REPORT_HISTORY 8

/* Freshness of one source, from its latest collection run. */
struct source_status {
	char *source;
	int64_t last_ok;          /* TIME_NONE when never successful */
	int64_t last_run;         /* start of the latest run */
	char *last_status;        /* ok, partial, failed, running */
	char *last_message;       /* error of the latest failure, if any */
};

struct report_model {
	const struct config *cfg;
	const struct period_cfg *pcfg;
	struct period period;                  /* the reported period */
	struct period history[REPORT_HISTORY]; /* oldest first; the last is PERIOD */
	size_t nhistory;
	struct metric_rows rows;               /* values of every history period, sorted */
	struct source_status *sources;
	size_t nsources;
	int64_t generated_at;                  /* --now: the only clock a report shows */
	const char *lang;                      /* en or ko */
};

/*
 * Load everything about period P (and the REPORT_HISTORY - 1 periods before it)
 * from DB.  CFG and PCFG must outlive M.  Returns 0 or -1 with ERR.
 */
int report_model_build(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, const struct period *p,
		       int64_t now, struct report_model *m, struct strbuf *err);
void report_model_release(struct report_model *m);

/* The stored value of METRIC for PERIOD (label) and SCOPE, or NULL. */
const struct metric_row *report_value(const struct report_model *m, const char *metric, const char *period,
				      const char *scope);

#endif
