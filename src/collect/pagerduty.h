/* The pagerduty collector: PagerDuty incidents of the services the catalog (or pagerduty.services) names. */
#ifndef IDPM_PAGERDUTY_H
#define IDPM_PAGERDUTY_H

#include "collect/collectors.h"

extern const struct collector pagerduty_collector;

#endif
