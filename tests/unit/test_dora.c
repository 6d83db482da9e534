/* Unit tests: the DORA computations (weeks, attribution window, frequency medians with zeros, lead times, summaries). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/dora.h"
#include "test.h"
#include "util/timeutil.h"

#define H 3600
#define D 86400

static void test_dora__weeks(void)
{
	struct period p;
	int partial = -1;

	memset(&p, 0, sizeof(p));
	p.start = 0;
	p.end = 92 * D;
	CHECK_NEAR(dora_weeks(&p, 100 * D, &partial), 92 / 7.0, 1e-12);
	CHECK_INTEQ(partial, 0);
	CHECK_NEAR(dora_weeks(&p, p.end, &partial), 92 / 7.0, 1e-12);
	/* the current quarter: the weeks elapsed */
	CHECK_NEAR(dora_weeks(&p, 57 * D + 12 * H, &partial), 57.5 / 7.0, 1e-12);
	CHECK_INTEQ(partial, 1);
	/* ... at least one week */
	CHECK_NEAR(dora_weeks(&p, 2 * D, &partial), 1, 1e-12);
	/* not started */
	CHECK_NEAR(dora_weeks(&p, 0, &partial), 0, 0);
	CHECK_NEAR(dora_weeks(&p, -5, &partial), 0, 0);
}

static void test_dora__attribution_window(void)
{
	int64_t deployed[] = { 100, 200, 1000 };
	int64_t opened[] = { 150, 250, 199, 50, 200, 1200, 1100, 1000 };
	long who[8];

	dora_attribute(deployed, 3, opened, 8, 100, who);
	CHECK_INTEQ(who[0], 0);   /* 50 s after the first */
	CHECK_INTEQ(who[1], 1);   /* the latest before it, not the first */
	CHECK_INTEQ(who[2], 0);
	CHECK_INTEQ(who[3], -1);  /* before any deployment */
	CHECK_INTEQ(who[4], 0);   /* at the same second as a deployment: that one was not before it */
	CHECK_INTEQ(who[5], -1);  /* 200 s after the last: outside the window */
	CHECK_INTEQ(who[6], 2);   /* exactly the window: inside */
	CHECK_INTEQ(who[7], -1);  /* 1000 is not before 1000; 200 is 800 s before: outside */
	who[7] = 99;
	dora_attribute(deployed, 3, opened + 7, 1, 1000, who + 7);
	CHECK_INTEQ(who[7], 1);
	dora_attribute(NULL, 0, opened, 2, 100, who);
	CHECK_INTEQ(who[0], -1);
	CHECK_INTEQ(who[1], -1);
}

static void test_dora__lead_hours(void)
{
	struct dora_change_obs c[] = {
		{ 10 * H, 4 * H, TIME_NONE },    /* 6 h */
		{ 10 * H, 9 * H, 2 * H },        /* squash: from the pull request's opening, 8 h */
		{ 10 * H, 3 * H, 5 * H },        /* the commit is older than its pull request: 7 h */
		{ 10 * H, 12 * H, TIME_NONE },   /* authored after the deployment (clock skew): dropped */
		{ 10 * H, TIME_NONE, TIME_NONE } /* no date: dropped */
	};
	double out[5];
	int64_t dropped, adjusted;
	size_t n = dora_lead_hours(c, 5, out, &dropped, &adjusted);

	CHECK_INTEQ(n, 3);
	CHECK_NEAR(out[0], 6, 1e-12);
	CHECK_NEAR(out[1], 8, 1e-12);
	CHECK_NEAR(out[2], 7, 1e-12);
	CHECK_INTEQ(dropped, 2);
	CHECK_INTEQ(adjusted, 1);
}

static struct dora_service svc(int deployable, int64_t deployments, int64_t failed, double *lead, size_t nlead,
			       double *rec, size_t nrec, int64_t incidents)
{
	struct dora_service s;

	memset(&s, 0, sizeof(s));
	s.deployable = deployable;
	s.deployments = deployments;
	s.failed = failed;
	s.attributed = failed;
	s.lead = lead;
	s.nlead = nlead;
	s.recovery = rec;
	s.nrecovery = nrec;
	s.incidents = incidents;
	s.open = incidents - (int64_t)nrec;
	return s;
}

static void test_dora__frequency_median_counts_zeros(void)
{
	struct dora_service a = svc(1, 5, 0, NULL, 0, NULL, 0, 0), b = svc(1, 0, 0, NULL, 0, NULL, 0, 0),
			    c = svc(1, 0, 0, NULL, 0, NULL, 0, 0), d = svc(1, 3, 0, NULL, 0, NULL, 0, 0),
			    e = svc(0, 0, 0, NULL, 0, NULL, 0, 0);
	struct dora_service *v[] = { &a, &b, &c, &d, &e };
	struct dora_summary s;

	/* [5, 0, 0] over 10 weeks: the median service did not deploy */
	dora_summarise(v, 3, 10, 0, &s);
	CHECK_NEAR(s.frequency, 0, 0);
	CHECK_INTEQ(s.services, 3);
	CHECK_INTEQ(s.idle, 2);
	CHECK_INTEQ(s.deployments, 5);
	/* [5, 0, 0, 3]: interpolated median of 0 and 0.3 */
	dora_summarise(v, 4, 10, 0, &s);
	CHECK_NEAR(s.frequency, 0.15, 1e-12);
	/* a service that is not deployable is not in the median */
	dora_summarise(v, 5, 10, 0, &s);
	CHECK_NEAR(s.frequency, 0.15, 1e-12);
	CHECK_INTEQ(s.services, 4);
	/* one service: its own rate */
	dora_summarise(v, 1, 10, 1, &s);
	CHECK_NEAR(s.frequency, 0.5, 1e-12);
	dora_summarise(v + 1, 1, 10, 1, &s);
	CHECK_NEAR(s.frequency, 0, 0);
	dora_summarise(v + 4, 1, 10, 1, &s);
	CHECK(isnan(s.frequency));
	/* nothing: no value */
	dora_summarise(v, 0, 10, 0, &s);
	CHECK(isnan(s.frequency));
	CHECK(isnan(s.cfr));
	CHECK(isnan(s.lead_p50));
	CHECK(isnan(s.recovery_p50));
}

static void test_dora__summary_pools_and_rates(void)
{
	double la[] = { 24, 46, 48 }, lb[] = { 10 }, ra[] = { 5, 30 }, rb[] = { 2 };
	struct dora_service a = svc(1, 5, 1, la, 3, ra, 2, 3), b = svc(1, 2, 1, lb, 1, rb, 1, 1);
	struct dora_service *v[] = { &a, &b };
	struct dora_summary s;

	dora_summarise(v, 2, 13, 0, &s);
	CHECK_INTEQ(s.deployments, 7);
	CHECK_NEAR(s.cfr, 2 / 7.0, 1e-12);
	CHECK_INTEQ(s.changes, 4);
	CHECK_NEAR(s.lead_p50, 35, 1e-12);            /* [10, 24, 46, 48] */
	CHECK_NEAR(s.lead_p90, 46 + 0.7 * 2, 1e-12);  /* h = 2.7 */
	CHECK_NEAR(s.recovery_p50, 5, 1e-12);         /* [2, 5, 30] */
	CHECK_INTEQ(s.incidents, 4);
	CHECK_INTEQ(s.open, 1);
	CHECK_INTEQ(s.recovered, 3);
	CHECK_NEAR(s.frequency, 3.5 / 13, 1e-12);     /* median of 5/13 and 2/13 */
	/* a deployable service with no deployments has no failure rate */
	a.deployments = 0;
	a.failed = 0;
	dora_summarise(v, 1, 13, 1, &s);
	CHECK(isnan(s.cfr));
	CHECK_NEAR(s.frequency, 0, 0);
}

int main(void)
{
	RUN(test_dora__weeks);
	RUN(test_dora__attribution_window);
	RUN(test_dora__lead_hours);
	RUN(test_dora__frequency_median_counts_zeros);
	RUN(test_dora__summary_pools_and_rates);
	return TEST_RESULT();
}
