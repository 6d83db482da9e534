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

static void insertion_sort(double *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		double x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/*
 * Hoare partition of the N > 24 numbers V around the median of the first,
 * middle and last: returns J with [0, J] <= pivot <= [J + 1, N), or N when
 * there is no split (cannot happen with a median of three; the callers then
 * sort, so they never loop).
 */
static size_t partition(double *v, size_t n)
{
	double a = v[0], b = v[n / 2], c = v[n - 1];
	double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
	size_t i = 0, j = n - 1;

	for (;;) {
		double t;

		while (v[i] < pivot)
			i++;
		while (v[j] > pivot)
			j--;
		if (i >= j)
			break;
		t = v[i];
		v[i++] = v[j];
		v[j--] = t;
	}
	return j + 1 >= n ? n : j;
}

/*
 * Ascending sort of N numbers (no NaN): quicksort with a median-of-three
 * pivot, insertion sort below 24, qsort() past a depth that only a pathological
 * input reaches.  Lead times are sorted per service, team and organisation in
 * every period: this is several times cheaper than qsort()'s comparisons
 * through a function pointer, with the same result (equal numbers are equal).
 */
static void sort_doubles(double *v, size_t n, int depth)
{
	while (n > 24) {
		size_t j;

		if (!depth-- || (j = partition(v, n)) == n) {
			qsort(v, n, sizeof(*v), cmp_double);
			return;
		}
		/* [0, j] <= pivot <= [j + 1, n): recurse into the smaller side */
		if (j + 1 < n - j - 1) {
			sort_doubles(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		} else {
			sort_doubles(v + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	insertion_sort(v, n);
}

/*
 * Reorder the N numbers V (no NaN) so that V[K] is the one a sort would put
 * there, none before it is greater and none after it is smaller (quickselect
 * with sort_doubles()'s partition; a pathological input is sorted instead).
 */
static void select_nth(double *v, size_t n, size_t k)
{
	int depth = 64;

	while (n > 24) {
		size_t j;

		if (!depth-- || (j = partition(v, n)) == n) {
			sort_doubles(v, n, 64);
			return;
		}
		if (k <= j) {
			n = j + 1;
		} else {
			v += j + 1;
			k -= j + 1;
			n -= j + 1;
		}
	}
	insertion_sort(v, n);
}

size_t stats_percentiles(double *values, size_t n, const double *p, double *out, size_t np)
{
	size_t k = 0, base = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(values[i]))
			values[k++] = values[i];
	for (size_t i = 0; i < np; i++) {
		double h, frac, lo_v, hi_v;
		size_t lo;

		if (!k) {
			out[i] = NAN;
			continue;
		}
		h = p[i] <= 0 ? 0 : p[i] >= 1 ? (double)(k - 1) : (double)(k - 1) * p[i];
		lo = (size_t)floor(h);
		frac = h - (double)lo;
		if (lo < base) /* P not ascending: the order statistics before BASE are not in place */
			base = 0;
		select_nth(values + base, k - base, lo - base);
		base = lo;
		lo_v = values[lo];
		if (p[i] <= 0 || p[i] >= 1 || lo + 1 >= k) { /* stats_percentile_sorted's ends: x[0], x[n - 1] */
			out[i] = lo_v;
			continue;
		}
		hi_v = values[lo + 1]; /* the smallest after LO */
		for (size_t j = lo + 2; j < k; j++)
			if (values[j] < hi_v)
				hi_v = values[j];
		out[i] = lo_v + frac * (hi_v - lo_v);
	}
	return k;
}

size_t stats_sort(double *values, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(values[i]))
			values[k++] = values[i];
	sort_doubles(values, k, 64);
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
