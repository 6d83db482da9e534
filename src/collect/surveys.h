/* The surveys collector: import every export matching each configured survey source, or one named file. */
#ifndef IDPM_COLLECT_SURVEYS_H
#define IDPM_COLLECT_SURVEYS_H

#include "collect/collectors.h"
#include "collect/importers.h"

extern const struct collector surveys_collector;
extern const struct importer survey_importer;        /* import survey FILE */
extern const struct demo_generator demo_surveys;     /* demo/demo_surveys.c */

/*
 * Import the survey export PATH with the settings of SRC (its format, columns,
 * encoding, time zone; SRC->line 0 means it did not come from the
 * configuration file).  Bad rows are logged as warnings with file:line and
 * skipped (ctx->partial and ctx->partial_fails are set); with STRICT any bad
 * row fails the file and nothing of it is stored.  The file's responses are
 * written in one transaction; a response already stored (same vendor id, or
 * same cells) is not added again.  Returns 0, or -1 with ERR.
 */
int surveys_import_file(struct collect_ctx *ctx, const struct survey_source *src, const char *path, int strict,
			struct strbuf *err);

#endif
