/* Fuzz target: a Typeform form definition and a page of responses read with it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/typeform_parse.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *url = "https://api.typeform.com/forms/x";
	static const char *const comments[] = { "long-text-typeform" };
	struct strbuf err = STRBUF_INIT;
	json_t *doc = json_parse_body((const char *)data, size, url, &err);
	struct typeform_form f, fixed;
	struct typeform_page p;
	char score[] = "NRsxU591jIW9", comment[] = "DlXFaesGBpoF", *ids[] = { comment };

	if (!doc)
		goto out;
	/* the input as a form, with and without the optional settings */
	for (int k = 0; k < 2; k++) {
		strbuf_reset(&err);
		if (typeform_parse_form(doc, url, NULL, k ? comments : NULL, (size_t)k, k ? "team" : NULL, &f, &err)) {
			if (!err.len)
				abort();
		} else if (!f.score_id || f.score_min != 0 || f.score_max != 10 || (k && f.ncomment != 1) ||
			   (k && !f.team_hidden && !f.team_id)) {
			abort();
		} else if (!typeform_parse_responses(doc, url, &f, &p, &err)) {
			typeform_page_release(&p);
		}
		typeform_form_release(&f);
	}
	/* the input as a page of responses to a known form */
	memset(&fixed, 0, sizeof(fixed));
	fixed.score_id = score;
	fixed.score_max = 10;
	fixed.comment_ids = ids;
	fixed.ncomment = 1;
	fixed.team_hidden = comment;
	strbuf_reset(&err);
	if (typeform_parse_responses(doc, url, &fixed, &p, &err)) {
		if (!err.len || p.n)
			abort();
	} else {
		if (p.n + p.unfinished + p.no_score + p.bad > p.items)
			abort();
		for (size_t i = 0; i < p.n; i++)
			if (p.v[i].score < 0 || p.v[i].score > 10 || !p.v[i].token || p.v[i].submitted == TIME_NONE)
				abort();
	}
	typeform_page_release(&p);
out:
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
