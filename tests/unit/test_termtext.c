/* Unit test: terminal text cleaning and URL percent-encoding of outside data. */
#include <stdlib.h>

#include "test.h"
#include "util/termtext.h"
#include "util/urlenc.h"

static void check_clean(const char *in, const char *want)
{
	char *got = termtext_clean(in);

	CHECK_STREQ(got, want);
	free(got);
}

static void test_termtext__controls(void)
{
	check_clean("Payments", "Payments");
	check_clean("Équipe données ✓", "Équipe données ✓");
	/* OSC 52 (writes the clipboard) and a colour change are shown, not obeyed */
	check_clean("x\x1b]52;c;ZXZpbA==\x07y", "x\\x1b]52;c;ZXZpbA==\\x07y");
	check_clean("\x1b[31mred", "\\x1b[31mred");
	check_clean("a\r\nb\tc\x7f", "a\\x0d\\x0ab\\x09c\\x7f");
	/* C1 controls: U+009B (CSI) and U+0085 */
	check_clean("a\xc2\x9b" "1mb\xc2\x85", "a\\u009b1mb\\u0085");
	/* bidi overrides and isolates, marks */
	check_clean("abc\xe2\x80\xaeolleh", "abc\\u202eolleh");
	check_clean("\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8f", "\\u202a\\u2066\\u2069\\u200f");
	/* bytes that are not UTF-8 (a raw 0x9b is CSI on an 8-bit terminal), overlong, surrogate */
	check_clean("a\x9b" "b\xc0\xafz\xed\xa0\x80", "a\\x9bb\\xc0\\xafz\\xed\\xa0\\x80");
	check_clean("\xef\xbf\xbe", "\\ufffe");
	check_clean(NULL, "");
}

static void check_enc(const char *in, const char *want)
{
	char *got = urlenc_segment(in);

	CHECK_STREQ(got, want);
	free(got);
}

static void test_urlenc__segments(void)
{
	check_enc("payments-api_v2.0~x", "payments-api_v2.0~x");
	/* hostile names, not paths: the dots are written \x2e */
	check_enc("\x2e\x2e/\x2e\x2e/rate_limit?x=", "\x2e\x2e%2F\x2e\x2e%2Frate_limit%3Fx%3D");
	check_enc("\x2e\x2e", "%2E%2E");
	check_enc(".", "%2E");
	check_enc("a b#c%d\r\n", "a%20b%23c%25d%0D%0A");
	check_enc("é", "%C3%A9");
	check_enc("", "");
}

int main(void)
{
	RUN(test_termtext__controls);
	RUN(test_urlenc__segments);
	return TEST_RESULT();
}
