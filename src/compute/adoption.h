/* Golden-path adoption KPIs from the daily GitHub repository snapshots. */
#ifndef IDPM_COMPUTE_ADOPTION_H
#define IDPM_COMPUTE_ADOPTION_H

#include <stddef.h>
#include <stdint.h>

#include "compute/compute.h"

/* One repository of a snapshot as the computation sees it. */
struct adoption_obs {
	int active;     /* counts towards the KPI */
	int checked;    /* its workflows have been read at least once */
	int golden;     /* an active workflow calls the golden path */
	int partial;    /* the snapshot was written by a run that stopped early */
};

struct adoption_summary {
	int64_t repos;     /* repositories in the snapshot */
	int64_t active;    /* active repositories */
	int64_t checked;   /* active ones whose workflows were read: the rate's denominator */
	int64_t golden;    /* active, checked ones on the golden path */
	double rate;       /* golden / checked; NAN when nothing was checked */
	int incomplete;    /* unchecked active repositories, or a snapshot of a partial run */
};

/* Summarise the N repositories of one snapshot (pure). */
void adoption_summarise(const struct adoption_obs *v, size_t n, struct adoption_summary *out);

/* An active repository not on the golden path; strings owned. */
struct adoption_repo {
	char *repo;          /* owner/name */
	int checked;         /* 0: its workflows have never been read */
	int workflows;       /* active workflows read */
	int64_t pushed_at;   /* TIME_NONE when unknown */
};

struct adoption_repos {
	char day[16];        /* the snapshot day read ("" when the period has none) */
	struct adoption_repo *v;
	size_t n, alloc;
};

/*
 * The active repositories of github.org (any owner when unset) not on the
 * golden path in the last snapshot inside P, checked ones first, by name,
 * appended to OUT (release with adoption_repos_release).  0 or -1 with ERR.
 */
int adoption_not_golden(struct db *db, const struct config *cfg, const struct period *p, struct adoption_repos *out,
			struct strbuf *err);
void adoption_repos_release(struct adoption_repos *r);

extern const struct metric_module adoption_module;

#endif
