/* Service-creation lead time KPIs from scaffolder tasks. */
#ifndef IDPM_COMPUTE_SCAFFOLDER_H
#define IDPM_COMPUTE_SCAFFOLDER_H

#include <stddef.h>
#include <stdint.h>

#include "compute/compute.h"

/* One task as the computation sees it; strings borrowed. */
struct task_obs {
	const char *template_ref;
	const char *status;      /* open, processing, completed, failed, cancelled */
	int64_t created_at;
	int64_t completed_at;    /* TIME_NONE when unknown */
	int approx;              /* completed_at is the last heartbeat */
	const char *team;        /* team:NAME owning the created component (compute/ownership.h) */
};

struct lead_time_summary {
	double p50_minutes;      /* NAN without completed tasks */
	double p95_minutes;
	int64_t completed;       /* tasks with status completed */
	int64_t finished;        /* completed + failed + cancelled */
	int64_t with_time;       /* completed tasks with a usable completion time */
	int approx;              /* at least one lead time came from a heartbeat */
};

/* Summarise N tasks (pure function; open and processing tasks are ignored). */
void lead_time_summarise(const struct task_obs *tasks, size_t n, struct lead_time_summary *out);

extern const struct metric_module scaffolder_module;

#endif
