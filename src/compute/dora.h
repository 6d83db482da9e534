/* The four DORA keys per period, service, team and organisation, from collected deployments, changes and incidents. */
#ifndef IDPM_COMPUTE_DORA_H
#define IDPM_COMPUTE_DORA_H

#include <stddef.h>
#include <stdint.h>

#include "compute/compute.h"

/*
 * Weeks the period P counts for deployment frequency: its length in days / 7
 * for a period that is over at NOW; for the current period the days elapsed
 * up to NOW / 7, but at least one week (so a first day with one deployment is
 * not "7 per week"), with *PARTIAL set.  0 for a period that has not started.
 */
double dora_weeks(const struct period *p, int64_t now, int *partial);

/*
 * For each of the NI incident opening times OPENED (any order), the index of
 * the latest of the ND successful production deployment times DEPLOYED
 * (ascending) strictly before it, when it is at most WINDOW seconds before;
 * else -1.  Results go into OUT (NI entries).  Pure.
 */
void dora_attribute(const int64_t *deployed, size_t nd, const int64_t *opened, size_t ni, int64_t window,
		    long *out);

/* One change first shipped in the period. */
struct dora_change_obs {
	int64_t shipped;          /* the first successful production deployment that contained it */
	int64_t authored;         /* commit author date */
	int64_t pr_opened;        /* when the pull request whose merge made this commit was opened; TIME_NONE if none */
};

/*
 * Lead times in hours into OUT (room for N): shipped minus the change's
 * start, the earlier of its author date and its pull request's opening (a
 * squash merge's author date is the merge time).  Negative values are
 * dropped (*DROPPED counts them); *ADJUSTED counts changes started by their
 * pull request.  Returns the number of values.  Pure.
 */
size_t dora_lead_hours(const struct dora_change_obs *c, size_t n, double *out, int64_t *dropped, int64_t *adjusted);

/* One service (repository) in one period. */
struct dora_service {
	char *repo;               /* owner/name */
	char *name;               /* the repository name: scope service:NAME */
	const char *team;         /* team scope (owned by the resolver) or NULL */
	int deployable;           /* counted in frequency medians (see dora.c) */
	int64_t deployments;      /* successful production deployments in the period */
	int64_t failed;           /* of which with at least one attributed incident */
	int64_t attributed;       /* incidents attributed to those deployments */
	double *lead;             /* lead times in hours of changes first shipped in the period */
	size_t nlead, lead_alloc;
	int64_t lead_dropped, lead_adjusted;
	double *recovery;         /* hours from opening to closing of incidents opened in the period and closed */
	size_t nrecovery, recovery_alloc;
	int64_t incidents;        /* opened in the period */
	int64_t open;             /* of which still open */
	int64_t lost;             /* Argo CD syncs lost (history rolled past its limit) in the period */
	int64_t no_lead;          /* successful deployments without an application commit (no lead time) */
};

/* The DORA keys of a set of services. */
struct dora_summary {
	int64_t services;         /* deployable services */
	int64_t idle;             /* of which without a deployment in the period */
	int64_t deployments, failed, attributed, incidents, open, recovered;
	int64_t changes, lead_dropped, lead_adjusted;
	int64_t lost, no_lead;    /* summed dora_service.lost and no_lead */
	double frequency;         /* per week: the service's own, or the median over deployable services; NAN without any */
	double lead_p50, lead_p90, cfr, recovery_p50;  /* NAN without data */
};

/*
 * Summarise the N services in SVCS over WEEKS weeks (pure).  SINGLE: one
 * service's own frequency (deployments / weeks, also when not deployable)
 * rather than the median over deployable services.  Lead and recovery
 * times are pooled over the services.
 */
void dora_summarise(struct dora_service *const *svcs, size_t n, double weeks, int single, struct dora_summary *out);

extern const struct metric_module dora_module;

#endif
