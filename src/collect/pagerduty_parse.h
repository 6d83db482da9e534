/* Pure reading of PagerDuty REST v2 answers: incident pages, single incidents, query windows. */
#ifndef IDPM_PAGERDUTY_PARSE_H
#define IDPM_PAGERDUTY_PARSE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define PAGERDUTY_MAX_WINDOW (180LL * 86400)  /* since/until may span at most 6 months */
#define PAGERDUTY_MAX_OFFSET 10000            /* offset + limit may not pass this */

/* One incident; strings owned. */
struct pd_incident {
	char *id;
	int64_t number;                /* incident_number */
	char *service_id;              /* service.id */
	char *status;                  /* triggered, acknowledged, resolved, or a future status */
	char *urgency;                 /* high, low, or NULL */
	int64_t created_at;
	int64_t resolved_at;           /* resolved_at, else last_status_change_at when resolved; TIME_NONE when open */
	int merged;                    /* resolve_reason is a merge: not an incident of its own */
};

/*
 * Read one element of incidents[] (or the "incident" of GET /incidents/{id}).  0 with OUT filled
 * (release it with pd_incident_release()), -1 with the reason in WHY when it lacks an id, a
 * number, a service, a status or created_at.  No I/O.
 */
int pagerduty_parse_incident(const json_t *item, struct pd_incident *out, struct strbuf *why);
void pd_incident_release(struct pd_incident *i);

/* A page of GET /incidents: the incidents array (borrowed from DOC) and whether more follow. */
struct pd_page {
	const json_t *incidents;
	int more;
};

/* Read a page; -1 with "URL: ..." in ERR when DOC has no incidents array. */
int pagerduty_parse_page(const json_t *doc, const char *url, struct pd_page *out, struct strbuf *err);

/*
 * Cut [FROM, TO) into windows of at most SPAN seconds: writes up to MAX starts into STARTS (window i
 * is [STARTS[i], STARTS[i+1]), the last ends at TO) and returns how many (0 when FROM >= TO).
 */
size_t pagerduty_windows(int64_t from, int64_t to, int64_t span, int64_t *starts, size_t max);

/* Whether URGENCY passes the filter of N URGENCIES (n == 0: everything passes). */
int pagerduty_urgency_ok(const char *urgency, char *const *urgencies, size_t n);

#endif
