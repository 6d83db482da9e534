/* KPI bands and DORA tiers: ordered threshold rules per metric, loaded from reports/. */
#ifndef IDPM_CLASSIFY_H
#define IDPM_CLASSIFY_H

#include "util/config.h"
#include "util/strbuf.h"

struct classifier;

/*
 * Load the rules of definition NAME ("bands", "dora-2023", ...).  The file holds
 * {"rules":[{"metrics":[...],"classes":[{"name":"target","op":"<=","value":30},...,{"name":"poor"}]}]}:
 * classes are tried in order and the first whose condition holds wins; a class
 * without "op" always holds.  Returns 0 and a new classifier in *OUT, or -1 with ERR.
 */
int classify_load(const struct config *cfg, const char *name, struct classifier **out, struct strbuf *err);
/* The class of VALUE for METRIC: a static string owned by C, or NULL when the metric has no rules or VALUE is NaN. */
const char *classify(const struct classifier *c, const char *metric, double value);
void classify_free(struct classifier *c);

#endif
