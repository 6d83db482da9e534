/* Typeform responses as a survey source: the form's 0-10 question, comments and team, read through the API. */
#ifndef IDPM_COLLECT_TYPEFORM_H
#define IDPM_COLLECT_TYPEFORM_H

#include "collect/collectors.h"
#include "collect/rest.h"
#include "collect/typeform_parse.h"

/*
 * Prepare RC for the Typeform source SRC (Bearer token); *BASE gets its api_url without trailing
 * slashes (the caller frees it, also on failure).  0, or -1 with ERR.  Release RC with
 * rest_client_release().
 */
int typeform_client_init(struct rest_client *rc, char **base, const struct config *cfg,
			 const struct survey_source *src, struct log *log, struct run_stats *stats, struct strbuf *err);

/*
 * GET {BASE}/forms/{SRC->typeform} and find its 0-10 question, comments and team
 * (typeform_parse_form with SRC's score_field, comment_fields, team_field).  0, or -1 with ERR.
 * Release FORM in any case.
 */
int typeform_read_form(struct rest_client *rc, const char *base, const struct survey_source *src,
		       struct typeform_form *form, struct strbuf *err);

struct doctor_report;
struct doctor_env;

/* doctor: the token of SRC, its form and 0-10 question, its responses (typeform_doctor.c). */
void typeform_doctor(struct doctor_report *r, const struct doctor_env *env, const struct survey_source *src);

/*
 * Read the responses of the Typeform form SRC->typeform submitted since the last run (an hour
 * of overlap) and store them like CSV responses (format typeform, file "typeform:FORM_ID", the
 * same salted key as the form's CSV export, so the two never count a response twice).  Nothing
 * but the score, the team and the comment answers is kept.  Each page is one transaction.
 * Returns 0, or -1 with ERR (pages stored before stay).
 */
int typeform_collect(struct collect_ctx *ctx, const struct survey_source *src, struct strbuf *err);

#endif
