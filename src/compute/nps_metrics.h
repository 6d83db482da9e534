/* Developer NPS metrics per period, org-wide and per team, from the stored survey responses. */
#ifndef IDPM_NPS_METRICS_H
#define IDPM_NPS_METRICS_H

#include <stdint.h>

#include "compute/compute.h"

/*
 * People surveyed in period LABEL according to the survey sources'
 * population maps: per source the entry for LABEL, else its "default", summed
 * over sources.  Returns -1 when no source says.
 */
int64_t nps_metrics_population(const struct config *cfg, const char *label);

/*
 * Stores developer_nps, nps_responses, nps_promoters_rate, nps_passives_rate,
 * nps_detractors_rate, nps_margin_of_error and survey_response_rate for the
 * org and each team; the developer_nps row carries the detail JSON described
 * in docs/METRICS.md ("developer_nps detail").
 */
extern const struct metric_module nps_metrics_module;

/* The survey responses a run read, kept for its periods (compute_ctx.nps); NULL is fine. */
void nps_run_free(struct nps_run *r);

#endif
