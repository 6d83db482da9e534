/* Unit tests: the Link header parser and URL escaping. */
#include <stdlib.h>

#include "collect/http.h"
#include "test.h"

static void check_next(const char *link, const char *want)
{
	char *got = http_link_next(link);

	if (want)
		CHECK_STREQ(got, want);
	else if (got)
		fprintf(stderr, "unexpected next '%s' for '%s'\n", got, link), test_failures++;
	free(got);
}

static void test_http__link_next(void)
{
	check_next("<https://api.github.com/repositories/1300192/issues?page=2>; rel=\"prev\", "
		   "<https://api.github.com/repositories/1300192/issues?page=4>; rel=\"next\", "
		   "<https://api.github.com/repositories/1300192/issues?page=515>; rel=\"last\", "
		   "<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"first\"",
		   "https://api.github.com/repositories/1300192/issues?page=4");
	check_next("<https://x/?a=1&page=3>; REL=\"Next\"", "https://x/?a=1&page=3");
	check_next("<https://x/?page=3>; rel=next", "https://x/?page=3");
	check_next("<https://x/?page=3>; rel=\"prev next\"", "https://x/?page=3");
	check_next("<https://x/?page=1>; rel=\"first\"", NULL);
	check_next("<https://x/?page=1>; rel=\"nextish\"", NULL);
	check_next("", NULL);
	check_next("garbage", NULL);
	check_next("<unterminated; rel=\"next\"", NULL);
	check_next("<a>; title=\"x, y\"; rel=\"next\"", "a");
}

static void test_http__escape(void)
{
	char *e = http_escape("a b&c=d/é");

	CHECK_STREQ(e, "a%20b%26c%3Dd%2F%C3%A9");
	free(e);
}

int main(void)
{
	RUN(test_http__link_next);
	RUN(test_http__escape);
	return TEST_RESULT();
}
