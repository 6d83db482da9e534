/* A tiny unit-test harness: CHECK macros and a runner; one executable per module. */
#ifndef IDPM_TEST_H
#define IDPM_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_failures;
static const char *test_name = "";

#define CHECK(cond)                                                                                         \
	do {                                                                                                \
		if (!(cond)) {                                                                              \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, test_name, #cond); \
			test_failures++;                                                                    \
		}                                                                                           \
	} while (0)

#define CHECK_STREQ(a, b)                                                                                   \
	do {                                                                                                \
		const char *a_ = (a), *b_ = (b);                                                            \
		if (!a_ || !b_ || strcmp(a_, b_)) {                                                         \
			fprintf(stderr, "%s:%d: %s: '%s' != '%s'\n", __FILE__, __LINE__, test_name,          \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                     \
			test_failures++;                                                                    \
		}                                                                                           \
	} while (0)

#define CHECK_NEAR(a, b, eps)                                                                               \
	do {                                                                                                \
		double a_ = (a), b_ = (b);                                                                  \
		if (!(fabs(a_ - b_) <= (eps))) {                                                            \
			fprintf(stderr, "%s:%d: %s: %.10g != %.10g (eps %g)\n", __FILE__, __LINE__, test_name, a_, \
				b_, (double)(eps));                                                         \
			test_failures++;                                                                    \
		}                                                                                           \
	} while (0)

#define CHECK_INTEQ(a, b)                                                                                   \
	do {                                                                                                \
		long long a_ = (long long)(a), b_ = (long long)(b);                                         \
		if (a_ != b_) {                                                                             \
			fprintf(stderr, "%s:%d: %s: %lld != %lld\n", __FILE__, __LINE__, test_name, a_, b_); \
			test_failures++;                                                                    \
		}                                                                                           \
	} while (0)

#define RUN(fn)                  \
	do {                     \
		test_name = #fn; \
		fn();            \
	} while (0)

#define TEST_RESULT() (test_failures ? (fprintf(stderr, "%d check(s) failed\n", test_failures), 1) : 0)

#endif
