/* Descriptive statistics: Hyndman-Fan type 7 percentiles (Excel PERCENTILE.INC). */
#ifndef IDPM_STATS_H
#define IDPM_STATS_H

#include <stddef.h>

/*
 * The P-quantile (0 <= P <= 1) of the N values in SORTED (ascending), by linear
 * interpolation between closest ranks: h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * The same as Excel PERCENTILE.INC, numpy's default and PostgreSQL percentile_cont.
 * Returns NAN when N is 0.
 */
double stats_percentile_sorted(const double *sorted, size_t n, double p);
/* Sort VALUES ascending in place, moving NaNs out; returns the count of non-NaN values. */
size_t stats_sort(double *values, size_t n);
/*
 * The NP quantiles P (each 0 <= P <= 1; ascending is cheapest) of the N
 * values, exactly as stats_percentile_sorted() of the sorted values, into OUT
 * (NAN when none), without sorting them: each needs two order statistics,
 * found by selection in linear time.  VALUES is reordered (NaNs dropped);
 * returns the count of non-NaN values.
 */
size_t stats_percentiles(double *values, size_t n, const double *p, double *out, size_t np);

#endif
