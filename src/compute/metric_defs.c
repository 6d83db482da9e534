/* The stable list of metric names, their units and definitions (the export contract). */
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"

const struct metric_def metric_defs[] = {
	{ "service_creation_lead_time_p50_minutes", "minutes", "scaffolder", 0,
	  "Median (type 7) minutes from a scaffolder task's creation to its completion event, over tasks created in the period that completed successfully." },
	{ "service_creation_lead_time_p95_minutes", "minutes", "scaffolder", 0,
	  "95th percentile (type 7) of the same lead times." },
	{ "services_created", "count", "scaffolder", -1,
	  "Scaffolder tasks created in the period that completed successfully." },
	{ "scaffolder_success_rate", "fraction", "scaffolder", 1,
	  "Completed tasks divided by finished tasks (completed, failed or cancelled) created in the period; open tasks are not counted." },
	{ "golden_path_adoption_rate", "fraction", "adoption", 1,
	  "Active repositories on the golden path divided by active repositories, from the last snapshot in the period." },
	{ "golden_path_repos", "count", "adoption", 1,
	  "Active repositories whose active workflows call a golden-path reusable workflow or action." },
	{ "active_repos", "count", "adoption", -1,
	  "Repositories not archived, not forks (unless configured), not templates, pushed within github.active_days of the snapshot." },
	{ "developer_nps", "nps", "nps", 1,
	  "Percent promoters (9-10) minus percent detractors (0-6) among survey responses in the period, -100 to 100." },
	{ "nps_responses", "count", "nps", -1, "Valid survey responses in the period." },
	{ "nps_promoters_rate", "fraction", "nps", 1, "Share of responses scoring 9 or 10." },
	{ "nps_passives_rate", "fraction", "nps", -1, "Share of responses scoring 7 or 8." },
	{ "nps_detractors_rate", "fraction", "nps", 0, "Share of responses scoring 0 to 6." },
	{ "nps_margin_of_error", "nps", "nps", 0,
	  "Half-width of the 95 % adjusted-Wald interval of the NPS (Rocks 2016), with the finite-population correction when the population is known." },
	{ "survey_response_rate", "fraction", "nps", 1, "Responses divided by the people surveyed in the period." },
	{ "onboarding_time_p50_days", "days", "onboarding", 0,
	  "Median days from a new developer's start date to their first productive day, over people who started in the period." },
	{ "infra_tickets_per_month", "per_month", "tickets", 0,
	  "Infrastructure tickets created in the period divided by the months in the period." },
	{ "deployments", "count", "dora", -1, "Successful production deployments in the period." },
	{ "deployment_frequency_per_week", "per_week", "dora", 1,
	  "Successful production deployments per week of the period; org-wide and per team, the median over deployable services, a service with none counting as 0." },
	{ "lead_time_for_changes_p50_hours", "hours", "dora", 0,
	  "Median hours from a change's commit author date to the successful production deployment that first shipped it." },
	{ "lead_time_for_changes_p90_hours", "hours", "dora", 0, "90th percentile of the same lead times." },
	{ "change_failure_rate", "fraction", "dora", 0,
	  "Successful production deployments with at least one attributed incident divided by successful production deployments." },
	{ "failed_deployment_recovery_time_p50_hours", "hours", "dora", 0,
	  "Median hours from an incident's opening to its closing, over incidents opened in the period and closed." },
	{ "incidents", "count", "dora", 0, "Incidents opened in the period." },
	{ NULL, NULL, NULL, 0, NULL }
};

const struct metric_def *metric_def_find(const char *name)
{
	for (const struct metric_def *d = metric_defs; d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static int metric_rank(const char *name)
{
	int i = 0;

	for (const struct metric_def *d = metric_defs; d->name; d++, i++)
		if (!strcmp(d->name, name))
			return i;
	return i;
}

static int scope_rank(const char *scope)
{
	static const char *const kinds[] = { "team:", "service:", "template:" };

	if (!strcmp(scope, "org"))
		return 0;
	for (int i = 0; i < 3; i++)
		if (!strncmp(scope, kinds[i], strlen(kinds[i])))
			return i + 1;
	return 4;
}

static int cmp_rows(const void *pa, const void *pb)
{
	const struct metric_row *a = pa, *b = pb;
	int d = metric_rank(a->metric) - metric_rank(b->metric);

	if (d)
		return d;
	if ((d = strcmp(a->metric, b->metric)))
		return d;
	if ((d = scope_rank(a->scope) - scope_rank(b->scope)))
		return d;
	if ((d = strcmp(a->scope, b->scope)))
		return d;
	return strcmp(a->period, b->period);
}

void metric_rows_sort(struct metric_rows *rows)
{
	if (rows->n > 1) /* qsort(NULL, 0, ...) is undefined behaviour */
		qsort(rows->v, rows->n, sizeof(*rows->v), cmp_rows);
}
