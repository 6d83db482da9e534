/* Unit tests: service-creation lead time summaries worked out by hand. */
#include "compute/scaffolder.h"
#include "test.h"
#include "util/timeutil.h"

static void test_scaffolder__summary(void)
{
	/* completed after 10, 20, 40 and 100 minutes; one failed, one cancelled, one open */
	struct task_obs t[] = {
		{ "a", "completed", 0, 600, 0, NULL },     { "a", "completed", 1000, 2200, 0, NULL },
		{ "b", "completed", 0, 2400, 1, NULL },    { "b", "completed", 0, 6000, 0, NULL },
		{ "a", "failed", 0, 50, 0, NULL },         { "a", "cancelled", 0, TIME_NONE, 0, NULL },
		{ "a", "open", 0, TIME_NONE, 0, NULL },    { "a", "processing", 0, TIME_NONE, 0, NULL },
	};
	struct lead_time_summary s;

	lead_time_summarise(t, 8, &s);
	CHECK_INTEQ(s.completed, 4);
	CHECK_INTEQ(s.finished, 6);
	CHECK_INTEQ(s.with_time, 4);
	/* sorted 10, 20, 40, 100: p50 h=1.5 -> 30; p95 h=2.85 -> 40 + 0.85*60 = 91 */
	CHECK_NEAR(s.p50_minutes, 30, 1e-9);
	CHECK_NEAR(s.p95_minutes, 91, 1e-9);
	CHECK(s.approx);
	lead_time_summarise(t + 4, 4, &s);
	CHECK_INTEQ(s.completed, 0);
	CHECK_INTEQ(s.finished, 2);
	CHECK(isnan(s.p50_minutes));
	lead_time_summarise(t, 0, &s);
	CHECK_INTEQ(s.finished, 0);
}

int main(void)
{
	RUN(test_scaffolder__summary);
	return TEST_RESULT();
}
