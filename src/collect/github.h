/* The github collector: the organisation's repositories, their workflows and daily golden-path snapshots. */
#ifndef IDPM_GITHUB_H
#define IDPM_GITHUB_H

#include <stdint.h>

#include "collect/collectors.h"
#include "store/db.h"
#include "util/config.h"
#include "util/period.h"

extern const struct collector github_collector;
extern const struct demo_generator demo_github;      /* demo/demo_github.c */
extern const struct demo_generator demo_dora;        /* demo/demo_dora.c */

/*
 * Why a repository does not count towards adoption on NOW: "archived",
 * "disabled", "fork" (unless github.include_forks), "template", "empty" (never
 * pushed) or "stale" (not pushed within github.active_days); NULL when it is
 * active.  A static string.
 */
const char *github_inactive_why(int archived, int disabled, int fork, int is_template, int64_t pushed_at,
				const struct config *cfg, int64_t now);

/* What a snapshot found. */
struct github_snapshot_counts {
	int64_t repos;           /* present repositories */
	int64_t active;          /* of which active */
	int64_t checked;         /* active ones whose workflows have been read */
	int64_t golden;          /* active ones on the golden path */
};

/*
 * Write OWNER's snapshot for the day of NOW (in PCFG's time zone) from the
 * stored repositories and workflows, judged with CFG's golden_path and
 * activity settings; it replaces that day's earlier snapshot.  PARTIAL marks
 * a run that stopped early.  Opens and commits its own transaction.  COUNTS
 * may be NULL.  0 or -1 with ERR.
 */
int github_snapshot_write(struct db *db, const struct config *cfg, const struct period_cfg *pcfg, const char *owner,
			  int64_t now, int partial, struct github_snapshot_counts *counts, struct strbuf *err);

#endif
