/* The scaffolder collector: Backstage scaffolder tasks and their completion times, read incrementally. */
#ifndef IDPM_COLLECT_SCAFFOLDER_H
#define IDPM_COLLECT_SCAFFOLDER_H

#include "collect/collectors.h"

/* "scaffolder": configured when backstage.base_url is set. */
extern const struct collector scaffolder_collector;
extern const struct demo_generator demo_scaffolder;  /* demo/demo_scaffolder.c */

/* 1 when template REF matches one of backstage.templates (fnmatch), or the list is empty. */
int scaffolder_template_included(const struct config *cfg, const char *ref);

#endif
