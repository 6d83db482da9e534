/* The catalog collector: Backstage components, groups, users and templates, stored as one snapshot. */
#ifndef IDPM_COLLECT_CATALOG_H
#define IDPM_COLLECT_CATALOG_H

#include "collect/collectors.h"

/* "catalog": configured when backstage.base_url is set. */
extern const struct collector catalog_collector;
extern const struct demo_generator demo_catalog;     /* demo/demo_catalog.c */

#endif
