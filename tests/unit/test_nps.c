/* Unit test: NPS maths (adjusted Wald, FPC, z-test) against hand-worked values, and theme matching. */
#include <math.h>
#include <stdlib.h>

#include "compute/nps.h"
#include "compute/themes.h"
#include "test.h"
#include "util/xalloc.h"

static void fill(struct nps_counts *c, int promoters, int passives, int detractors)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < promoters; i++)
		nps_counts_add(c, i % 2 ? 9 : 10);
	for (int i = 0; i < passives; i++)
		nps_counts_add(c, i % 2 ? 7 : 8);
	for (int i = 0; i < detractors; i++)
		nps_counts_add(c, i % 7);
}

static void test_nps__counts(void)
{
	struct nps_counts c;

	memset(&c, 0, sizeof(c));
	for (int s = -1; s <= 11; s++)
		nps_counts_add(&c, s);
	CHECK_INTEQ(c.n, 11); /* -1 and 11 ignored */
	CHECK_INTEQ(c.promoters, 2);
	CHECK_INTEQ(c.passives, 2);
	CHECK_INTEQ(c.detractors, 7);
	for (int s = 0; s <= 10; s++)
		CHECK_INTEQ(c.dist[s], 1);
}

/*
 * The worked example of docs/surveys-and-reports.md section 2, by hand:
 * Q1 P/A/D 20/15/15: n' = 53, p' = 20.75/53 = .391509, d' = 15.75/53 = .297170, S' = .094340,
 *   Var' = (.391509 + .297170 - .094340^2)/53 = .0128261, SE = 11.325 points, MoE = 22.197,
 *   CI = 9.434 - 22.197 .. 9.434 + 22.197 = -12.76 .. 31.63.
 * Q2 30/12/8: p' = .580189, d' = .165094, S' = .415094, Var' = .0108109, SE = 10.398, CI 21.13 .. 61.89.
 * z = (.415094 - .094340)/sqrt(.0128261 + .0108109) = .320755/.153743 = 2.0863, p = 2(1 - Phi(2.0863)) = .0370.
 */
static void test_nps__worked_example(void)
{
	struct nps_counts q1, q2;
	struct nps_estimate e1, e2;
	struct nps_change ch;

	fill(&q1, 20, 15, 15);
	fill(&q2, 30, 12, 8);
	nps_estimate(&q1, -1, &e1);
	nps_estimate(&q2, -1, &e2);
	CHECK_NEAR(e1.nps, 10.0, 1e-9);
	CHECK_NEAR(e2.nps, 44.0, 1e-9);
	CHECK_NEAR(e1.promoters_rate, 0.4, 1e-12);
	CHECK_NEAR(e1.passives_rate, 0.3, 1e-12);
	CHECK_NEAR(e1.detractors_rate, 0.3, 1e-12);
	CHECK_NEAR(e1.adjusted, 9.434, 0.001);
	CHECK_NEAR(e1.se, 11.325, 0.001);
	CHECK_NEAR(e1.ci_low, -12.76, 0.01);
	CHECK_NEAR(e1.ci_high, 31.63, 0.01);
	CHECK_NEAR(e1.margin, 22.197, 0.001);
	CHECK_NEAR(e2.adjusted, 41.509, 0.001);
	CHECK_NEAR(e2.se, 10.398, 0.001);
	CHECK_NEAR(e2.ci_low, 21.13, 0.01);
	CHECK_NEAR(e2.ci_high, 61.89, 0.01);
	CHECK_NEAR(e1.fpc, 1.0, 0);
	nps_compare(&e1, &e2, &ch);
	CHECK_NEAR(ch.delta, 34.0, 1e-9);
	CHECK_NEAR(ch.z, 2.086, 0.0005);
	CHECK_NEAR(ch.p_value, 0.037, 0.0005);
	CHECK(ch.significant);
	/* the other way round: same z, negative */
	nps_compare(&e2, &e1, &ch);
	CHECK_NEAR(ch.z, -2.086, 0.0005);
	CHECK(ch.significant);
}

/*
 * Finite population, by hand: Q1 answered by 50 of 60 people.  FPC = (60 - 50)/(60 - 1) = 10/59 = .169492;
 * Var = .0128261 * .169492 = .00217392, SE = 4.6625 points, MoE = 1.95996 * 4.6625 = 9.1383.
 * 150 of 200 (the document's example): FPC = 50/199 = .251256, so the interval is sqrt(.251) = .501 as wide.
 */
static void test_nps__finite_population(void)
{
	struct nps_counts q1, q2, big;
	struct nps_estimate a, b, e, f;
	struct nps_change ch;

	fill(&q1, 20, 15, 15);
	nps_estimate(&q1, 60, &e);
	CHECK_NEAR(e.fpc, 10.0 / 59.0, 1e-12);
	CHECK_NEAR(e.se, 4.6625, 0.0005);
	CHECK_NEAR(e.margin, 9.1383, 0.0005);
	CHECK_NEAR(e.ci_low, 9.434 - 9.1383, 0.001);
	CHECK_NEAR(e.nps, 10.0, 1e-9); /* the point estimate does not change */
	fill(&big, 75, 40, 35);
	nps_estimate(&big, -1, &a);
	nps_estimate(&big, 200, &b);
	CHECK_NEAR(b.fpc, 50.0 / 199.0, 1e-12);
	CHECK_NEAR(b.margin / a.margin, sqrt(50.0 / 199.0), 1e-9);
	/* everyone answered: no sampling error */
	nps_estimate(&q1, 50, &e);
	CHECK_NEAR(e.margin, 0.0, 1e-12);
	CHECK_NEAR(e.ci_low, e.adjusted, 1e-12);
	/* a population smaller than n is wrong: ignored */
	nps_estimate(&q1, 40, &e);
	CHECK_NEAR(e.fpc, 1.0, 0);
	/* the z-test uses the corrected variances: with 60 people per quarter, Q1 vs Q2 is clearer */
	fill(&q2, 30, 12, 8);
	nps_estimate(&q1, 60, &e);
	nps_estimate(&q2, 60, &f);
	nps_compare(&e, &f, &ch);
	/* z = .320755 / sqrt(.169492 * (.0128261 + .0108109)) = .320755 / .063296 = 5.0675 */
	CHECK_NEAR(ch.z, 5.0675, 0.001);
	CHECK(ch.significant);
	/* both census: any change is real, no z */
	nps_estimate(&q1, 50, &e);
	nps_estimate(&q2, 50, &f);
	nps_compare(&e, &f, &ch);
	CHECK(isnan(ch.z));
	CHECK_NEAR(ch.p_value, 0.0, 0);
	CHECK(ch.significant);
}

static void test_nps__edges(void)
{
	struct nps_counts c;
	struct nps_estimate e;

	memset(&c, 0, sizeof(c));
	nps_estimate(&c, 100, &e);
	CHECK(isnan(e.nps));
	CHECK(isnan(e.margin));
	CHECK_INTEQ(e.n, 0);
	/* all promoters: NPS 100, interval clamped at 100 */
	fill(&c, 5, 0, 0);
	nps_estimate(&c, -1, &e);
	CHECK_NEAR(e.nps, 100.0, 1e-12);
	CHECK(e.ci_high <= 100.0);
	/* n' = 8, p' = 5.75/8, d' = .75/8, S' = .625; Var' = (.71875 + .09375 - .390625)/8 = .052734; SE = 22.964 */
	CHECK_NEAR(e.adjusted, 62.5, 1e-9);
	CHECK_NEAR(e.se, 22.964, 0.001);
	fill(&c, 0, 0, 3);
	nps_estimate(&c, -1, &e);
	CHECK_NEAR(e.nps, -100.0, 1e-12);
	CHECK(e.ci_low >= -100.0);
	CHECK_NEAR(nps_normal_cdf(0), 0.5, 1e-12);
	CHECK_NEAR(nps_normal_cdf(1.959963984540054), 0.975, 1e-9);
	CHECK_NEAR(nps_normal_cdf(-1), 0.158655, 1e-6);
}

static struct str_list words(const char *const *w, size_t n)
{
	struct str_list l = { xcalloc(n, sizeof(char *)), n };

	for (size_t i = 0; i < n; i++)
		l.v[i] = xstrdup(w[i]);
	return l;
}

static void test_nps__themes(void)
{
	static const char *const bk[] = { "build", "빌드", "CI" }, *const dk[] = { "docs", "문서" },
				 *const ek[] = { "Staging", "환경" };
	struct theme conf[3] = { { (char *)"build", words(bk, 3) }, { (char *)"docs", words(dk, 2) },
				 { (char *)"environments", words(ek, 2) } };
	struct themes t;
	unsigned char hits[3];

	themes_init(&t, conf, 3);
	CHECK_INTEQ(themes_match(&t, "The BUILDS are slow", hits), 1);
	CHECK(hits[0] && !hits[1] && !hits[2]);
	CHECK_INTEQ(themes_match(&t, "Rebuilding is fine", hits), 0);   /* not at the start of a word */
	CHECK_INTEQ(themes_match(&t, "a decision about specific CIs", hits), 1); /* "ci" only as a word start */
	CHECK(hits[0]);
	CHECK_INTEQ(themes_match(&t, "decision, specific", hits), 0);
	CHECK_INTEQ(themes_match(&t, "빌드가 느리고 문서가 없어요", hits), 2); /* particles attached */
	CHECK(hits[0] && hits[1] && !hits[2]);
	CHECK_INTEQ(themes_match(&t, "배포환경이 불안정", hits), 1);       /* inside a compound */
	CHECK(hits[2]);
	CHECK_INTEQ(themes_match(&t, "STAGING env (docs)", hits), 2);
	CHECK(!hits[0] && hits[1] && hits[2]);
	/* decomposed Hangul (as macOS writes it) matches after normalisation: 빌드 as jamo */
	CHECK_INTEQ(themes_match(&t, "\xE1\x84\x87\xE1\x85\xB5\xE1\x86\xAF\xE1\x84\x83\xE1\x85\xB3 문제", hits), 1);
	CHECK(hits[0]);
	CHECK_INTEQ(themes_match(&t, "ＣＩ is down", hits), 1); /* full-width letters fold to ci */
	CHECK_INTEQ(themes_match(&t, "", hits), 0);
	CHECK_STREQ(t.v[2].name, "environments");
	themes_release(&t);
	for (int i = 0; i < 3; i++) {
		for (size_t k = 0; k < conf[i].keywords.n; k++)
			free(conf[i].keywords.v[k]);
		free(conf[i].keywords.v);
	}
}

int main(void)
{
	RUN(test_nps__counts);
	RUN(test_nps__worked_example);
	RUN(test_nps__finite_population);
	RUN(test_nps__edges);
	RUN(test_nps__themes);
	return TEST_RESULT();
}
