/* Infrastructure tickets per month, from imported Jira tickets filtered by tickets.infra_filter. */
#ifndef IDPM_COMPUTE_TICKETS_H
#define IDPM_COMPUTE_TICKETS_H

#include "compute/compute.h"

/*
 * 1 when a ticket with LABELS and COMPONENTS (JSON array texts) is an
 * infrastructure ticket under CFG's tickets.infra_filter: one of its labels
 * or components matches one of the filter's globs, case-insensitively.  With
 * no filter configured every ticket counts.  Pure.
 */
int tickets_is_infra(const struct config *cfg, const char *labels, const char *components);

struct tickets_run;
/* Free what the tickets module kept for a compute run (compute_ctx.tickets). */
void tickets_run_free(struct tickets_run *t);

extern const struct metric_module tickets_module;

#endif
