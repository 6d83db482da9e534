/*
 * Fuzz target: what idpmetrics reads from PagerDuty.  The body is a GET /incidents page (or a
 * single {"incident": ...}); each incident is parsed and checked: a resolved time only when
 * resolved, an id and a service always.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/pagerduty_parse.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const json_t *item)
{
	struct pd_incident in;
	struct strbuf why = STRBUF_INIT;
	char high[] = "high";
	char *urg[] = { high };

	if (pagerduty_parse_incident(item, &in, &why)) {
		if (!why.len)
			abort();
		strbuf_release(&why);
		return;
	}
	if (!in.id || !in.service_id || !in.status || in.created_at == TIME_NONE)
		abort();
	if (in.resolved_at != TIME_NONE && strcmp(in.status, "resolved"))
		abort();
	(void)pagerduty_urgency_ok(in.urgency, urg, 1);
	pd_incident_release(&in);
	strbuf_release(&why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct pd_page page;
	const json_t *item;
	json_t *doc;
	size_t i;

	doc = json_parse_body((const char *)data, size, "https://pd/fuzz", &err);
	if (doc && !pagerduty_parse_page(doc, "https://pd/fuzz", &page, &err)) {
		json_array_foreach(page.incidents, i, item)
			one(item);
	} else if (doc && json_object_get(doc, "incident")) {
		one(json_object_get(doc, "incident"));
	}
	json_decref(doc);
	strbuf_release(&err);
	return 0;
}
