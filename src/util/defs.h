/* Report definitions (the JSON files under reports/): built in, installed, or overridden from reporting.definitions_dir. */
#ifndef IDPM_DEFS_H
#define IDPM_DEFS_H

#include <jansson.h>

#include "util/config.h"
#include "util/strbuf.h"

/*
 * The file definition NAME is read from: NAME.json in
 * cfg->reporting.definitions_dir, else in the reports/ folder of the first
 * data directory (util/datadir.h) that has it.  Returns a new string, or
 * NULL when the built-in copy is used.  CFG may be NULL (no definitions_dir).
 */
char *defs_file(const struct config *cfg, const char *name);

/*
 * Load definition NAME ("bands", "dora-2023", "messages-en", "quarterly") as
 * JSON from defs_file(), else from the copy built into the program (the same
 * files, embedded at build time).  Returns a new reference in *OUT, or -1 with
 * "FILE:LINE: reason" in ERR.  CFG may be NULL (no definitions_dir).
 */
int defs_load(const struct config *cfg, const char *name, json_t **out, struct strbuf *err);

#endif
