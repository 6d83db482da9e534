/* The stable list of metric names, their units and definitions (the export contract). */
#include <stdlib.h>
#include <string.h>

#include "compute/metric_defs.h"
#include "util/xalloc.h"

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
	{ "deployments", "count", "dora", -1,
	  "Successful production deployments completed in the period: runs of deployment workflows (dora.deploy_workflows) on a production branch that concluded success, or GitHub Deployments to dora.production_environment at their first success status; a re-run counts once, at its first success." },
	{ "deployment_frequency_per_week", "per_week", "dora", 1,
	  "Successful production deployments divided by the weeks of the period (for the current period the weeks elapsed, at least one); org-wide and per team, the median (type 7) over deployable services, a service that did not deploy counting as 0." },
	{ "lead_time_for_changes_p50_hours", "hours", "dora", 0,
	  "Median (type 7) hours from a change's start to the first successful production deployment that shipped it, over changes first shipped in the period. A deployment's changes are the commits reachable from its commit and not from the previous successful production deployment's (the first deployment seen has none); a change starts at its author date, or at the opening of the pull request it is the merge commit of when that is earlier (squash merges); negative times are dropped." },
	{ "lead_time_for_changes_p90_hours", "hours", "dora", 0, "90th percentile (type 7) of the same lead times." },
	{ "change_failure_rate", "fraction", "dora", 0,
	  "Successful production deployments of the period with at least one incident attributed to them, divided by the successful production deployments of the period; an incident is attributed to the latest successful production deployment of its repository before it opened, if at most dora.incident_window_days (default 7) before." },
	{ "failed_deployment_recovery_time_p50_hours", "hours", "dora", 0,
	  "Median (type 7) hours from an incident's opening to its closing, over incidents opened in the period and closed; an incident is an issue labelled dora.incident_label (default incident), pull requests excluded." },
	{ "incidents", "count", "dora", 0, "Incidents opened in the period, open or closed." },
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

/* A row with its ranks worked out once: sorting tens of thousands of rows must not search the names each time. */
struct ranked {
	int metric, scope;
	struct metric_row row;
};

static int cmp_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	int d = a->metric - b->metric;

	if (d)
		return d;
	if ((d = strcmp(a->row.metric, b->row.metric)))
		return d;
	if ((d = a->scope - b->scope))
		return d;
	if ((d = strcmp(a->row.scope, b->row.scope)))
		return d;
	return strcmp(a->row.period, b->row.period);
}

void metric_rows_sort(struct metric_rows *rows)
{
	struct ranked *r;

	if (rows->n < 2) /* qsort(NULL, 0, ...) is undefined behaviour */
		return;
	r = xmalloc(rows->n * sizeof(*r));
	for (size_t i = 0; i < rows->n; i++) {
		r[i].metric = metric_rank(rows->v[i].metric);
		r[i].scope = scope_rank(rows->v[i].scope);
		r[i].row = rows->v[i];
	}
	qsort(r, rows->n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < rows->n; i++)
		rows->v[i] = r[i].row;
	free(r);
}

/* Order of METRIC against the metric of ROW, as metric_rows_sort() orders them. */
static int cmp_metric(const char *metric, int rank, const struct metric_row *row)
{
	int d = rank - metric_rank(row->metric);

	return d ? d : strcmp(metric, row->metric);
}

size_t metric_rows_range(const struct metric_rows *rows, const char *metric, size_t *first)
{
	int rank = metric_rank(metric);
	size_t lo = 0, hi = rows->n, end;

	while (lo < hi) { /* the first row not before METRIC */
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_metric(metric, rank, &rows->v[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (end = lo; end < rows->n && !strcmp(rows->v[end].metric, metric); end++)
		;
	return end - lo;
}
