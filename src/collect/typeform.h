/* Typeform responses as a survey source: the form's 0-10 question, comments and team, read through the API. */
#ifndef IDPM_COLLECT_TYPEFORM_H
#define IDPM_COLLECT_TYPEFORM_H

#include "collect/collectors.h"

/*
 * Read the responses of the Typeform form SRC->typeform submitted since the last run (an hour
 * of overlap) and store them like CSV responses (format typeform, file "typeform:FORM_ID", the
 * same salted key as the form's CSV export, so the two never count a response twice).  Nothing
 * but the score, the team and the comment answers is kept.  Each page is one transaction.
 * Returns 0, or -1 with ERR (pages stored before stay).
 */
int typeform_collect(struct collect_ctx *ctx, const struct survey_source *src, struct strbuf *err);

#endif
