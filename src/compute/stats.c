/* Descriptive statistics: Hyndman-Fan type 7 percentiles (Excel PERCENTILE.INC). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute/stats.h"
#include "util/xalloc.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

size_t stats_sort(double *values, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(values[i]))
			values[k++] = values[i];
	qsort(values, k, sizeof(*values), cmp_double);
	return k;
}

double stats_percentile_sorted(const double *x, size_t n, double p)
{
	double h, frac;
	size_t lo;

	if (!n)
		return NAN;
	if (p <= 0)
		return x[0];
	if (p >= 1)
		return x[n - 1];
	h = (double)(n - 1) * p;
	lo = (size_t)floor(h);
	frac = h - (double)lo;
	if (lo + 1 >= n)
		return x[n - 1];
	return x[lo] + frac * (x[lo + 1] - x[lo]);
}

double stats_percentile(double *values, size_t *n, double p)
{
	*n = stats_sort(values, *n);
	return stats_percentile_sorted(values, *n, p);
}

double stats_mean(const double *values, size_t n)
{
	double sum = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		sum += values[i];
	return sum / (double)n;
}

double stats_median(const double *values, size_t n)
{
	double *copy = xmalloc((n ? n : 1) * sizeof(*copy));
	double m;

	memcpy(copy, values, n * sizeof(*copy));
	m = stats_percentile(copy, &n, 0.5);
	free(copy);
	return m;
}
