/* Unit tests: type 7 percentiles against known answers (Excel PERCENTILE.INC, numpy). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/stats.h"
#include "test.h"

static void test_stats__worked_example(void)
{
	/* surveys-and-reports.md section 3: x = 3,5,7,9,12,15,18,22,30,45 */
	double x[] = { 45, 3, 22, 5, 7, 30, 9, 12, 18, 15 };
	size_t n = 10;

	n = stats_sort(x, n);
	CHECK_INTEQ(n, 10);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0.50), 13.5, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0.75), 21.0, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0.90), 31.5, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0.95), 38.25, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0), 3, 0);
	CHECK_NEAR(stats_percentile_sorted(x, n, 1), 45, 0);
}

static void test_stats__small_n(void)
{
	double one[] = { 7 }, two[] = { 10, 20 };

	CHECK(isnan(stats_percentile_sorted(one, 0, 0.5)));
	CHECK_NEAR(stats_percentile_sorted(one, 1, 0.5), 7, 0);
	CHECK_NEAR(stats_percentile_sorted(one, 1, 0.95), 7, 0);
	CHECK_NEAR(stats_percentile_sorted(two, 2, 0.5), 15, 1e-12);
	CHECK_NEAR(stats_percentile_sorted(two, 2, 0.95), 19.5, 1e-12); /* =PERCENTILE.INC({10,20},0.95) */
}

static void test_stats__ties_and_nan(void)
{
	double x[] = { 5, NAN, 5, 5, 1, NAN };
	size_t n = 6;

	n = stats_sort(x, n);
	CHECK_INTEQ(n, 4);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0.5), 5, 0);
	CHECK_NEAR(stats_percentile_sorted(x, n, 0.25), 4, 1e-12); /* 1,5,5,5: h=0.75 -> 1+0.75*4 */
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* stats_sort() sorts as qsort() does: random, sorted, reversed, few distinct values, every size up to 3,000. */
static void test_stats__sort_matches_qsort(void)
{
	unsigned seed = 12345;

	for (size_t n = 0; n <= 3000; n += n < 100 ? 1 : 97) {
		for (int shape = 0; shape < 4; shape++) {
			double *a = malloc((n ? n : 1) * sizeof(*a)), *b = malloc((n ? n : 1) * sizeof(*b));
			size_t k;

			for (size_t i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				a[i] = shape == 0 ? (double)(seed >> 8) / 1000.0 : shape == 1 ? (double)i : shape == 2 ? (double)(n - i)
				       : (double)((seed >> 16) % 3);
				b[i] = a[i];
			}
			k = stats_sort(a, n);
			if (n)
				qsort(b, n, sizeof(*b), cmp_d);
			CHECK_INTEQ(k, n);
			CHECK(!n || !memcmp(a, b, n * sizeof(*a)));
			free(a);
			free(b);
		}
	}
}

/* Selection gives exactly what a sort and stats_percentile_sorted() give, for any P order, ties and NaNs. */
static void test_stats__percentiles_match_the_sort(void)
{
	static const double ps[][3] = { { 0.5, 0.9, 0.95 }, { 0.9, 0.5, 0.95 }, { 0, 0.5, 1 }, { 1, 0.25, 0.25 } };
	unsigned seed = 4242;

	for (size_t n = 0; n <= 3000; n += n < 100 ? 1 : 89) {
		for (int shape = 0; shape < 5; shape++) {
			for (size_t q = 0; q < sizeof(ps) / sizeof(ps[0]); q++) {
				double *a = malloc((n ? n : 1) * sizeof(*a)), *b = malloc((n ? n : 1) * sizeof(*b)), out[3];
				size_t ka, kb;

				for (size_t i = 0; i < n; i++) {
					seed = seed * 1103515245u + 12345u;
					a[i] = shape == 0 ? (double)(seed >> 8) / 1000.0 : shape == 1 ? (double)i
					       : shape == 2 ? (double)(n - i) : shape == 3 ? (double)((seed >> 16) % 3)
					       : (seed >> 20) % 7 == 0 ? NAN : (double)(seed >> 12) / 7.0;
					b[i] = a[i];
				}
				ka = stats_percentiles(a, n, ps[q], out, 3);
				kb = stats_sort(b, n);
				CHECK_INTEQ(ka, kb);
				for (int i = 0; i < 3; i++) {
					double want = stats_percentile_sorted(b, kb, ps[q][i]);

					CHECK(isnan(want) ? isnan(out[i]) : !memcmp(&want, &out[i], sizeof(want)));
				}
				free(a);
				free(b);
			}
		}
	}
}

int main(void)
{
	RUN(test_stats__percentiles_match_the_sort);
	RUN(test_stats__sort_matches_qsort);
	RUN(test_stats__worked_example);
	RUN(test_stats__small_n);
	RUN(test_stats__ties_and_nan);
	return TEST_RESULT();
}
