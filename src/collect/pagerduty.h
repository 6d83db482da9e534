/* The pagerduty collector: PagerDuty incidents of the services the catalog (or pagerduty.services) names. */
#ifndef IDPM_PAGERDUTY_H
#define IDPM_PAGERDUTY_H

#include "collect/collectors.h"

extern const struct collector pagerduty_collector;

/* What to do when the token is refused (401) or lacks a permission (403): collect and doctor say the same. */
extern const char pagerduty_token_fix[];
extern const char pagerduty_permission_fix[];

struct demo_generator;
struct doctor_report;
struct doctor_env;

/* The demo's PagerDuty incidents (demo/demo_gitops.c). */
extern const struct demo_generator demo_pagerduty;
extern const struct demo_generator *const demo_pagerduty_list[]; /* its night, then the data (second round) */

/* doctor: the API key, the transport, one incidents request, the services found. */
void pagerduty_doctor(struct doctor_report *r, const struct doctor_env *env);

#endif
