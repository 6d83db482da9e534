/*
 * Net Promoter Score maths (pure): counts, the adjusted-Wald interval (Rocks 2016) with the
 * finite-population correction, and the MeasuringU z-test between two periods.
 */
#ifndef IDPM_NPS_H
#define IDPM_NPS_H

#include <stdint.h>

#define NPS_Z95 1.959963984540054 /* two-sided 95 % normal quantile */

/* Scores 0-10 counted. */
struct nps_counts {
	int64_t dist[11];
	int64_t n, promoters, passives, detractors; /* 9-10, 7-8, 0-6 */
};

/* Count one SCORE (0..10; anything else is ignored). */
void nps_counts_add(struct nps_counts *c, int score);

struct nps_estimate {
	int64_t n;
	double nps;               /* 100 (P - D) / n; NAN when n = 0 */
	double promoters_rate, passives_rate, detractors_rate; /* fractions; NAN when n = 0 */
	double adjusted;          /* adjusted-Wald centre: 100 ((P + 3/4) - (D + 3/4)) / (n + 3) */
	double variance;          /* of the adjusted estimate, in fraction units, FPC applied */
	double se;                /* 100 sqrt(variance): points */
	double margin;            /* NPS_Z95 * se: half-width of the 95 % interval, points */
	double ci_low, ci_high;   /* adjusted ± margin, clamped to [-100, 100] */
	double fpc;               /* (N - n) / (N - 1) with a known population N >= n > 0, else 1 */
};

/*
 * Estimate the NPS of C.  POPULATION is the number of people surveyed, or
 * <= 0 when unknown (or when it is smaller than n, which means it is wrong).
 * Adjusted Wald: n' = n + 3, p' = (P + .75)/n', d' = (D + .75)/n', S' = p' - d',
 * Var' = (p' + d' - S'^2) / n', times the FPC.  With n = 0 every figure is NAN.
 */
void nps_estimate(const struct nps_counts *c, int64_t population, struct nps_estimate *out);

struct nps_change {
	double delta;             /* cur->nps - prev->nps, points */
	double z;                 /* (S'cur - S'prev) / sqrt(Var'cur + Var'prev); NAN when both variances are 0 */
	double p_value;           /* two-sided */
	int significant;          /* p_value < 0.05 */
};

/* Compare two estimates (MeasuringU "How to statistically compare two Net Promoter Scores"). */
void nps_compare(const struct nps_estimate *prev, const struct nps_estimate *cur, struct nps_change *out);

/* The standard normal distribution function. */
double nps_normal_cdf(double x);

#endif
