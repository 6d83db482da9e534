/* Pure reading of PagerDuty REST v2 answers: incident pages, single incidents, query windows. */
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/pagerduty_parse.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

int pagerduty_parse_incident(const json_t *item, struct pd_incident *out, struct strbuf *why)
{
	const char *id = json_str(item, "id"), *service = json_str(json_object_get(item, "service"), "id");
	const char *status = json_str(item, "status"), *reason;
	const json_t *rr = json_object_get(item, "resolve_reason");

	memset(out, 0, sizeof(*out));
	out->created_at = json_time(item, "created_at");
	if (!json_is_object(item)) {
		strbuf_addstr(why, "an incident that is not an object");
		return -1;
	}
	if (!id || !*id) {
		strbuf_addstr(why, "an incident without 'id'");
		return -1;
	}
	if (json_int(item, "incident_number", &out->number) || !service || !status || out->created_at == TIME_NONE) {
		strbuf_addf(why, "incident '%s' lacks incident_number, service.id, status or created_at", id);
		return -1;
	}
	out->id = xstrdup(id);
	out->service_id = xstrdup(service);
	out->status = xstrdup(status);
	out->urgency = json_str(item, "urgency") ? xstrdup(json_str(item, "urgency")) : NULL;
	out->resolved_at = TIME_NONE;
	if (!strcmp(status, "resolved")) {
		out->resolved_at = json_time(item, "resolved_at");
		if (out->resolved_at == TIME_NONE)
			out->resolved_at = json_time(item, "last_status_change_at");
	}
	reason = json_str(rr, "type");
	out->merged = reason && strstr(reason, "merge") != NULL;
	return 0;
}

void pd_incident_release(struct pd_incident *i)
{
	free(i->id);
	free(i->service_id);
	free(i->status);
	free(i->urgency);
	memset(i, 0, sizeof(*i));
}

int pagerduty_parse_page(const json_t *doc, const char *url, struct pd_page *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	out->incidents = json_object_get(doc, "incidents");
	if (!json_is_array(out->incidents)) {
		strbuf_addf(err, "%s: expected an object with an 'incidents' array", url);
		return -1;
	}
	out->more = json_bool(doc, "more", 0);
	return 0;
}

size_t pagerduty_windows(int64_t from, int64_t to, int64_t span, int64_t *starts, size_t max)
{
	size_t n = 0;

	if (span <= 0)
		span = PAGERDUTY_MAX_WINDOW;
	for (int64_t t = from; t < to && n < max; t += span)
		starts[n++] = t;
	return n;
}

int pagerduty_urgency_ok(const char *urgency, char *const *urgencies, size_t n)
{
	if (!n)
		return 1;
	for (size_t i = 0; urgency && i < n; i++)
		if (!strcmp(urgency, urgencies[i]))
			return 1;
	return 0;
}
