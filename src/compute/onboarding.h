/* Onboarding time: median days from a new developer's start date to their first productive day. */
#ifndef IDPM_COMPUTE_ONBOARDING_H
#define IDPM_COMPUTE_ONBOARDING_H

#include <stddef.h>
#include <stdint.h>

#include "compute/compute.h"

/* One person as the computation sees them. */
struct onboarding_obs {
	const char *team;       /* NULL when none */
	int64_t days;           /* start to first productive day; -1 while not productive yet */
};

struct onboarding_summary {
	double p50_days;        /* type-7 median over productive people; NAN when none */
	int64_t started;        /* people who started in the period */
	int64_t productive;     /* of whom have a first productive day */
};

/* Summarise N people (pure). */
void onboarding_summarise(const struct onboarding_obs *v, size_t n, struct onboarding_summary *out);

extern const struct metric_module onboarding_module;

#endif
