/* Fuzz target: a Jira search page (Cloud search/jql or Data Center search), issue times, the /myself zone. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/jira_parse.h"
#include "collect/json.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const team_fields[] = { "components", "labels", "customfield_10001", NULL };
	const char *url = "https://jira/rest/api/3/search/jql";
	struct strbuf err = STRBUF_INIT;
	json_t *doc = json_parse_body((const char *)data, size, url, &err);
	char *tz, *text = malloc(size + 1);
	int64_t t;

	/* the bytes as a time string: whatever it is, a parsed time is a sane one */
	memcpy(text, data, size);
	text[size] = '\0';
	if (!jira_time_parse(text, &t) && (t < -62167219200LL || t > 253402300799LL + 18 * 3600))
		abort();
	free(jira_error_text(text, size));
	free(text);
	if (!doc)
		goto out;
	for (size_t k = 0; k < sizeof(team_fields) / sizeof(*team_fields); k++) {
		struct jira_page p;

		if (jira_parse_page(doc, url, team_fields[k], &p, &err)) {
			if (!err.len || p.n)
				abort();
		} else {
			if (p.n + p.skipped != p.listed || (p.skipped && !p.first_skipped))
				abort();
			for (size_t i = 0; i < p.n; i++) {
				const struct jira_issue *is = &p.v[i];

				if (!is->key || !is->labels || !is->components || is->labels[0] != '[' ||
				    (is->resolved != TIME_NONE && is->resolved < is->created))
					abort();
			}
			if (!p.is_last && !p.next_token)
				abort();
		}
		jira_page_release(&p);
	}
	strbuf_reset(&err);
	tz = jira_parse_myself(doc, url, &err);
	if (!tz == !err.len)
		abort();
	free(tz);
out:
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
