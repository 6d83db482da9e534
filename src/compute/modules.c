/*
 * The metric modules, in the order they run.
 *
 * Adding a metric family: write compute/<name>.c with a pure summarising
 * function (unit-tested) and a `const struct metric_module <name>_module`
 * whose compute() loads rows with queries from queries/compute/ and stores
 * values with compute_put(); declare it in its header; list it here; add its
 * metric names to compute/metric_defs.c and docs/METRICS.md.
 */
#include <stddef.h>

#include "compute/adoption.h"
#include "compute/compute.h"
#include "compute/dora.h"
#include "compute/nps_metrics.h"
#include "compute/onboarding.h"
#include "compute/scaffolder.h"
#include "compute/tickets.h"

const struct metric_module *const metric_modules[] = {
	&scaffolder_module,
	&nps_metrics_module,
	&onboarding_module,
	&tickets_module,
	&adoption_module,
	&dora_module,
	NULL
};
