/* Unit tests: KPI bands from reports/bands.json, including the boundaries. */
#include <math.h>

#include "compute/classify.h"
#include "test.h"

static void test_classify__bands(void)
{
	struct classifier *c = NULL;
	struct strbuf err = STRBUF_INIT;
	const char *m = "service_creation_lead_time_p50_minutes";

	CHECK(!classify_load(NULL, "bands", &c, &err));
	CHECK_STREQ(classify(c, m, 12), "target");
	CHECK_STREQ(classify(c, m, 30), "target");
	CHECK_STREQ(classify(c, m, 30.5), "good");
	CHECK_STREQ(classify(c, m, 60), "good");
	CHECK_STREQ(classify(c, m, 61), "average");     /* between 1 hour and 1 day: the worse band */
	CHECK_STREQ(classify(c, m, 4320), "average");   /* 3 days */
	CHECK_STREQ(classify(c, m, 4321), "poor");      /* between 3 days and 1 week: poor */
	CHECK(classify(c, m, NAN) == NULL);
	CHECK(classify(c, "services_created", 3) == NULL);
	CHECK_STREQ(classify(c, "golden_path_adoption_rate", 0.8), "target");
	CHECK_STREQ(classify(c, "golden_path_adoption_rate", 0.79), "good");
	CHECK_STREQ(classify(c, "golden_path_adoption_rate", 0.3), "average");
	CHECK_STREQ(classify(c, "golden_path_adoption_rate", 0.29), "poor");
	CHECK_STREQ(classify(c, "developer_nps", -1), "poor");
	CHECK_STREQ(classify(c, "developer_nps", 0), "average");
	CHECK_STREQ(classify(c, "developer_nps", 40), "target");
	CHECK_STREQ(classify(c, "onboarding_time_p50_days", 1), "target");
	CHECK_STREQ(classify(c, "onboarding_time_p50_days", 1.5), "good");  /* between 1 and 2 days */
	CHECK_STREQ(classify(c, "onboarding_time_p50_days", 6), "average"); /* between 5 days and 1 week */
	CHECK_STREQ(classify(c, "onboarding_time_p50_days", 14), "poor");
	CHECK_STREQ(classify(c, "infra_tickets_per_month", 4.9), "target");
	CHECK_STREQ(classify(c, "infra_tickets_per_month", 5), "good");
	CHECK_STREQ(classify(c, "infra_tickets_per_month", 20), "good");
	CHECK_STREQ(classify(c, "infra_tickets_per_month", 49), "average");
	CHECK_STREQ(classify(c, "infra_tickets_per_month", 50), "poor");
	classify_free(c);
	CHECK(classify_load(NULL, "no-such-definition", &c, &err));
	CHECK(c == NULL);
	strbuf_release(&err);
}

int main(void)
{
	RUN(test_classify__bands);
	return TEST_RESULT();
}
