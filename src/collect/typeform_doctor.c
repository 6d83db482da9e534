/* idpmetrics doctor's Typeform check of one form source: the token, the form and its 0-10 question, the responses. */
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/typeform.h"
#include "doctor/doctor.h"
#include "util/xalloc.h"

void typeform_doctor(struct doctor_report *r, const struct doctor_env *env, const struct survey_source *s)
{
	struct rest_client rc;
	struct typeform_form form;
	struct strbuf err = STRBUF_INIT, url = STRBUF_INIT;
	struct doctor_check *c;
	char *base = NULL, *name = xasprintf("typeform:%s", s->typeform), *tokname = xasprintf("%s token", name);
	json_t *doc = NULL;
	int64_t total = -1;

	memset(&rc, 0, sizeof(rc));
	memset(&form, 0, sizeof(form));
	if (!doctor_token(r, tokname, &s->token, "the Typeform source's token", "TYPEFORM_TOKEN"))
		goto out;
	if (typeform_client_init(&rc, &base, env->cfg, s, env->log, NULL, &err) ||
	    typeform_read_form(&rc, base, s, &form, &err)) {
		c = doctor_add(r, name, DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, rc.status == 401 || rc.status == 403
				  ? "create a personal access token with the forms:read and responses:read scopes (Typeform: "
				    "Account > Personal tokens) and give it to the job through the variable 'token' names"
				  : "check the form id, score_field, comment_fields and team_field against the form in Typeform's "
				    "editor (a question's ref is under its settings; hidden fields are listed by name)");
		goto out;
	}
	strbuf_addf(&url, "%s/forms/%s/responses", base, s->typeform);
	rest_add_param(&url, "page_size", "1");
	rest_add_param(&url, "completed", "true");
	if (rest_get_json(&rc, url.buf, &doc, &err) || json_int(doc, "total_items", &total)) {
		c = doctor_add(r, name, DOCTOR_FAIL, "form readable, responses not: %s", err.len ? err.buf : url.buf);
		doctor_set_fix(c, "the token needs the responses:read scope");
		goto out;
	}
	doctor_add(r, name, DOCTOR_OK, "form '%s': 0-10 question %s, %zu comment question%s, team from %s; %lld "
		   "completed response%s", form.title ? form.title : s->typeform,
		   form.score_ref ? form.score_ref : form.score_id, form.ncomment, form.ncomment == 1 ? "" : "s",
		   form.team_hidden ? "a hidden field" : form.team_id ? "a question" : "nowhere (org only)",
		   (long long)total, total == 1 ? "" : "s");
out:
	json_decref(doc);
	typeform_form_release(&form);
	rest_client_release(&rc);
	strbuf_release(&err);
	strbuf_release(&url);
	free(base);
	free(name);
	free(tokname);
}
