/*
 * Demo data for PagerDuty: the demo's incidents page through PagerDuty (their services annotated on
 * the catalog components), with merged and low-urgency incidents that do not count.  Runs in the
 * second round, after GitHub's DORA history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/pagerduty.h"
#include "demo/demo.h"
#include "store/gitops.h"
#include "util/timeutil.h"

struct pd {
	struct demo_org *org;
	struct db *db;
	int64_t extra;
};

static int pd_incident(void *data, const char *repo, int64_t number, int64_t opened, int64_t closed, struct strbuf *err)
{
	struct pd *p = data;
	char id[32], service[16], mid[32];
	struct pd_incident_row row;
	unsigned h = 5381;

	for (const char *c = repo; *c; c++)
		h = h * 33 + (unsigned char)*c;
	snprintf(service, sizeof(service), "P%06X", h & 0xffffff);
	snprintf(id, sizeof(id), "Q%06X%04llX", h & 0xffffff, (unsigned long long)(number & 0xffff));
	memset(&row, 0, sizeof(row));
	row.id = id;
	row.service_id = service;
	row.repo = repo;
	row.status = closed != TIME_NONE ? "resolved" : "triggered";
	row.urgency = "high";
	row.number = number;
	row.created_at = opened;
	row.resolved_at = closed;
	row.counts = 1;
	if (store_pd_incident_put(p->db, &row, p->org->now, err) || store_gitops_demo_annotate(p->db, repo, NULL, service, err))
		return -1;
	/* an alert that opened a second incident, merged into this one; a low-urgency page: neither counts */
	if (rng_chance(&p->org->rng, 0.3)) {
		int low = rng_chance(&p->org->rng, 0.5);

		snprintf(mid, sizeof(mid), "Q%06XM%05llX", h & 0xffffff, (unsigned long long)(++p->extra & 0xfffff));
		row.id = mid;
		row.number = 900000 + p->extra;
		row.created_at = opened + 120;
		row.resolved_at = low ? (closed != TIME_NONE ? closed : TIME_NONE) : opened + 600;
		row.status = row.resolved_at != TIME_NONE ? "resolved" : "triggered";
		row.urgency = low ? "low" : "high";
		row.merged = !low;
		row.counts = 0;
		return store_pd_incident_put(p->db, &row, p->org->now, err);
	}
	return 0;
}

static int gen_pagerduty(struct demo_org *org, struct db *db, struct strbuf *err)
{
	struct pd p = { org, db, 0 };

	return store_gitops_demo_incidents(db, pd_incident, &p, err);
}

static const struct demo_generator night = { "pagerduty", demo_noop, { 7340, 4, 23, 0 } };
const struct demo_generator demo_pagerduty = { "pagerduty-incidents", gen_pagerduty, { 0, 0, 0, 0 } };
const struct demo_generator *const demo_pagerduty_list[] = { &night, &demo_pagerduty, NULL };
