/* Chart layout maths: nice axis ticks (Heckbert), scales, histogram binning.  Pure functions. */
#ifndef IDPM_CHART_SCALE_H
#define IDPM_CHART_SCALE_H

#include <stddef.h>

#define AXIS_MAX_TICKS 24

struct axis_ticks {
	double min, max;        /* the axis range: the outer ticks */
	double step;            /* distance between ticks */
	int nfrac;              /* digits after the decimal point the labels need */
	size_t n;               /* number of ticks */
	double v[AXIS_MAX_TICKS];
};

/*
 * Heckbert's nice number ("Nice Numbers for Graph Labels", Graphics Gems, 1990):
 * 1, 2, 5 or 10 times a power of ten near X > 0.  With ROUND the nearest such
 * number, otherwise the smallest one not below X.  X <= 0 or not finite gives 0.
 */
double nice_num(double x, int round);

/*
 * Loose labelling of [LO, HI] with about NTICKS (>= 2) ticks: the range grows
 * to multiples of a nice step.  Ticks are computed as i * step (no drift).  LO
 * == HI widens the range around the value; NaN bounds give 0..1.
 */
void nice_ticks(double lo, double hi, int nticks, struct axis_ticks *out);

/*
 * Logarithmic labelling of [LO, HI] (both > 0): ticks at 1, 2 and 5 times the
 * powers of ten (only the powers of ten when that would be more than ten
 * ticks), from the largest not above LO to the smallest not below HI.
 */
void log_ticks(double lo, double hi, struct axis_ticks *out);

/* V (> 0) mapped logarithmically from [D0, D1] (both > 0) to [R0, R1]. */
double scale_log(double v, double d0, double d1, double r0, double r1);

/* V mapped linearly from [D0, D1] to [R0, R1]; D0 == D1 maps to the middle. */
double scale_linear(double v, double d0, double d1, double r0, double r1);

/*
 * Count VALUES (N, NaNs skipped) into NEDGES bins: bin i holds [edges[i],
 * edges[i+1]), the last bin [edges[last], +inf); values below edges[0] go to
 * bin 0.  COUNTS must hold NEDGES entries.  Returns the number counted.
 */
size_t histogram_counts(const double *values, size_t n, const double *edges, size_t nedges, size_t *counts);

/*
 * Where V falls on an axis of NEDGES equal-width bins (0 .. NEDGES): the bin
 * index plus the position inside it, logarithmic when both bounds are
 * positive, linear from 0 otherwise.  The open last bin spans one doubling.
 */
double bin_position(double v, const double *edges, size_t nedges);

/* Format tick V with NFRAC decimals; with PERCENT as a percentage of a fraction (0.25 -> "25%"). */
void format_tick(double v, int nfrac, int percent, char *buf, size_t size);

#endif
