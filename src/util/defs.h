/* Report definitions (the JSON files under reports/): built in, or overridden from reporting.definitions_dir. */
#ifndef IDPM_DEFS_H
#define IDPM_DEFS_H

#include <jansson.h>

#include "util/config.h"
#include "util/strbuf.h"

/*
 * Load definition NAME ("bands", "dora-2023", "messages-en", "quarterly") as
 * JSON.  A file NAME.json in cfg->reporting.definitions_dir wins over the
 * built-in copy.  Returns a new reference in *OUT, or -1 with "FILE:LINE:
 * reason" in ERR.  CFG may be NULL (built-in only).
 */
int defs_load(const struct config *cfg, const char *name, json_t **out, struct strbuf *err);

#endif
