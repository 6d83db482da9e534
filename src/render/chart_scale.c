/* Chart layout maths: nice axis ticks (Heckbert), scales, histogram binning.  Pure functions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/chart_scale.h"

/*
 * nice_num and the loose labelling below follow Paul Heckbert, "Nice Numbers
 * for Graph Labels", Graphics Gems, Academic Press, 1990.
 */
double nice_num(double x, int round)
{
	double e, f, nf;

	if (!(x > 0) || !isfinite(x))
		return 0;
	e = floor(log10(x));
	f = x / pow(10, e);
	if (round)
		nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
	else
		nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	return nf * pow(10, e);
}

void nice_ticks(double lo, double hi, int nticks, struct axis_ticks *out)
{
	double range, d;
	long first, last;

	memset(out, 0, sizeof(*out));
	if (isnan(lo) || isnan(hi) || !isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (lo > hi) {
		double t = lo;

		lo = hi;
		hi = t;
	}
	if (lo == hi) {
		double pad = lo ? fabs(lo) * 0.1 : 1;

		lo -= pad;
		hi += pad;
	}
	if (nticks < 2)
		nticks = 2;
	range = nice_num(hi - lo, 0);
	d = nice_num(range / (nticks - 1), 1);
	first = (long)floor(lo / d + 1e-9);
	last = (long)ceil(hi / d - 1e-9);
	while (last - first + 1 > AXIS_MAX_TICKS) {
		d = nice_num(d * 1.5, 0);
		first = (long)floor(lo / d + 1e-9);
		last = (long)ceil(hi / d - 1e-9);
	}
	out->step = d;
	out->min = (double)first * d;
	out->max = (double)last * d;
	out->nfrac = (int)fmax(-floor(log10(d) + 1e-9), 0);
	for (long i = first; i <= last; i++) {
		double v = (double)i * d;

		out->v[out->n++] = fabs(v) < d * 1e-9 ? 0 : v;
	}
}

void log_ticks(double lo, double hi, struct axis_ticks *out)
{
	static const double mant[3] = { 1, 2, 5 };

	memset(out, 0, sizeof(*out));
	if (!(lo > 0) || !isfinite(lo))
		lo = 1;
	if (!(hi > lo) || !isfinite(hi))
		hi = lo * 10;
	for (int per = 3; per >= 1; per -= 2) {
		int e0 = (int)floor(log10(lo) + 1e-9), e1 = (int)ceil(log10(hi) - 1e-9);

		out->n = 0;
		for (int e = e0; e <= e1; e++)
			for (int k = 0; k < per; k++) {
				double v = mant[k] * pow(10, e);

				if (v > lo * (1 + 1e-9) && !out->n)
					out->v[out->n++] = pow(10, e); /* LO itself was below the first: start at 10^e0 */
				if (v <= lo * (1 + 1e-9))
					out->n = 0; /* the last tick not above LO opens the axis */
				if (out->n && v <= out->v[out->n - 1])
					continue;
				if (out->n < AXIS_MAX_TICKS && (!out->n || out->v[out->n - 1] < hi * (1 - 1e-9)))
					out->v[out->n++] = v;
			}
		if (out->n <= 10)
			break;
	}
	out->min = out->v[0];
	out->max = out->v[out->n - 1];
	out->nfrac = (int)fmax(-floor(log10(out->min) + 1e-9), 0);
}

double scale_log(double v, double d0, double d1, double r0, double r1)
{
	if (!(v > 0) || !(d0 > 0) || !(d1 > d0))
		return r0;
	return r0 + (log(v) - log(d0)) * (r1 - r0) / (log(d1) - log(d0));
}

double scale_linear(double v, double d0, double d1, double r0, double r1)
{
	if (d1 == d0)
		return (r0 + r1) / 2;
	return r0 + (v - d0) * (r1 - r0) / (d1 - d0);
}

size_t histogram_counts(const double *values, size_t n, const double *edges, size_t nedges, size_t *counts)
{
	size_t counted = 0;

	memset(counts, 0, nedges * sizeof(*counts));
	if (!nedges)
		return 0;
	for (size_t i = 0; i < n; i++) {
		size_t b = 0;

		if (isnan(values[i]))
			continue;
		while (b + 1 < nedges && values[i] >= edges[b + 1])
			b++;
		counts[b]++;
		counted++;
	}
	return counted;
}

double bin_position(double v, const double *edges, size_t nedges)
{
	size_t b = 0;
	double lo, hi, f;

	if (!nedges || isnan(v))
		return NAN;
	if (v <= edges[0])
		return 0;
	while (b + 1 < nedges && v >= edges[b + 1])
		b++;
	lo = edges[b];
	hi = b + 1 < nedges ? edges[b + 1] : (lo > 0 ? lo * 2 : lo + 1);
	if (lo > 0)
		f = log(v / lo) / log(hi / lo);
	else
		f = (v - lo) / (hi - lo);
	if (f > 1)
		f = 1;
	if (f < 0)
		f = 0;
	return (double)b + f;
}

void format_tick(double v, int nfrac, int percent, char *buf, size_t size)
{
	if (percent) {
		int digits = nfrac > 2 ? nfrac - 2 : 0;

		snprintf(buf, size, "%.*f%%", digits, v * 100);
	} else {
		snprintf(buf, size, "%.*f", nfrac, v);
	}
	if (buf[0] == '-') {
		int zero = 1;

		for (const char *p = buf + 1; *p; p++)
			if (*p >= '1' && *p <= '9')
				zero = 0;
		if (zero)
			memmove(buf, buf + 1, strlen(buf));
	}
}
