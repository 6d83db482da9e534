/* A small deterministic random number generator (splitmix64) for the demo and the benchmark. */
#ifndef IDPM_RNG_H
#define IDPM_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, 1). */
double rng_uniform(struct rng *r);
/* Uniform integer in [lo, hi]. */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* 1 with probability P. */
int rng_chance(struct rng *r, double p);
/* Standard normal (Box-Muller). */
double rng_normal(struct rng *r);
/* Log-normal with the given median and sigma of the underlying normal. */
double rng_lognormal(struct rng *r, double median, double sigma);
/* An index in [0, n) chosen with the given weights. */
size_t rng_weighted(struct rng *r, const double *weights, size_t n);

#endif
