/*
 * Net Promoter Score maths (pure): counts, the adjusted-Wald interval (Rocks 2016) with the
 * finite-population correction, and the MeasuringU z-test between two periods.
 */
#include <math.h>
#include <string.h>

#include "compute/nps.h"

void nps_counts_add(struct nps_counts *c, int score)
{
	if (score < 0 || score > 10)
		return;
	c->dist[score]++;
	c->n++;
	if (score >= 9)
		c->promoters++;
	else if (score >= 7)
		c->passives++;
	else
		c->detractors++;
}

double nps_normal_cdf(double x)
{
	return 0.5 * erfc(-x / sqrt(2.0));
}

static double clamp100(double v)
{
	return v < -100 ? -100 : v > 100 ? 100 : v;
}

void nps_estimate(const struct nps_counts *c, int64_t population, struct nps_estimate *out)
{
	double n = (double)c->n, na, pa, da, sa;

	memset(out, 0, sizeof(*out));
	out->n = c->n;
	out->fpc = 1;
	if (c->n <= 0) {
		out->nps = out->promoters_rate = out->passives_rate = out->detractors_rate = NAN;
		out->adjusted = out->variance = out->se = out->margin = out->ci_low = out->ci_high = NAN;
		return;
	}
	out->promoters_rate = (double)c->promoters / n;
	out->passives_rate = (double)c->passives / n;
	out->detractors_rate = (double)c->detractors / n;
	out->nps = 100.0 * (double)(c->promoters - c->detractors) / n;
	na = n + 3;
	pa = ((double)c->promoters + 0.75) / na;
	da = ((double)c->detractors + 0.75) / na;
	sa = pa - da;
	if (population > 1 && population >= c->n)
		out->fpc = (double)(population - c->n) / (double)(population - 1);
	out->adjusted = 100.0 * sa;
	out->variance = (pa + da - sa * sa) / na * out->fpc;
	out->se = 100.0 * sqrt(out->variance);
	out->margin = NPS_Z95 * out->se;
	out->ci_low = clamp100(out->adjusted - out->margin);
	out->ci_high = clamp100(out->adjusted + out->margin);
}

void nps_compare(const struct nps_estimate *prev, const struct nps_estimate *cur, struct nps_change *out)
{
	double diff = (cur->adjusted - prev->adjusted) / 100.0;
	double se = sqrt(cur->variance + prev->variance);

	out->delta = cur->nps - prev->nps;
	if (se > 0) {
		out->z = diff / se;
		out->p_value = erfc(fabs(out->z) / sqrt(2.0)); /* = 2 (1 - Phi(|z|)) without cancellation */
	} else {
		/* Both periods surveyed everyone: there is no sampling error to test against. */
		out->z = NAN;
		out->p_value = diff != 0 ? 0.0 : 1.0;
	}
	out->significant = out->p_value < 0.05;
}
