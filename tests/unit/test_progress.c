/* Unit test: the terminal progress bar, with a fake clock (no sleeping). */
#include <stdlib.h>

#include "cli/progress.h"
#include "test.h"

static int64_t fake_now;

static int64_t fake_clock(void)
{
	return fake_now;
}

/* What P wrote since the last call; P then writes into a fresh file.  The caller frees the text. */
static char *take(struct progress *p)
{
	long n;
	char *buf;

	fflush(p->fp);
	n = ftell(p->fp);
	buf = calloc(1, (size_t)n + 1);
	rewind(p->fp);
	if (fread(buf, 1, (size_t)n, p->fp) != (size_t)n)
		buf[0] = '\0';
	fclose(p->fp);
	p->fp = tmpfile();
	return buf;
}

static void test_progress__only_long_collections(void)
{
	struct progress p;
	char *out;

	progress_init(&p, tmpfile(), 80);
	p.clock = fake_clock;
	fake_now = 1000;
	progress_begin(&p, "github");
	progress_update(&p, "repositories", 10, 150);
	fake_now = 1999;
	progress_update(&p, "repositories", 20, 150);
	out = take(&p);
	CHECK_STREQ(out, ""); /* under a second: nothing drawn */
	free(out);
	fake_now = 2000 + 61000;
	progress_update(&p, "repositories", 75, 150);
	out = take(&p);
	CHECK(out[0] == '\r');
	CHECK(strstr(out, "github: repositories 75/150 [") != NULL);
	CHECK(strstr(out, "]  50% 1:02") != NULL);
	CHECK(strchr(out, '\n') == NULL);
	CHECK(strlen(out) < 80);
	free(out);
	/* throttled: a quick second update draws nothing, the final one always draws */
	fake_now += 10;
	progress_update(&p, "repositories", 76, 150);
	out = take(&p);
	CHECK_STREQ(out, "");
	free(out);
	progress_update(&p, "repositories", 150, 150);
	out = take(&p);
	CHECK(strstr(out, "150/150") != NULL && strstr(out, "100%") != NULL);
	free(out);
	/* clearing blanks exactly what was drawn */
	progress_clear(&p);
	out = take(&p);
	CHECK(out[0] == '\r' && out[strlen(out) - 1] == '\r');
	CHECK(strspn(out + 1, " ") == strlen(out) - 2);
	free(out);
	progress_clear(&p);
	out = take(&p);
	CHECK_STREQ(out, ""); /* nothing shown, nothing to clear */
	free(out);
	fclose(p.fp);
}

static void test_progress__unknown_total_and_narrow(void)
{
	struct progress p;
	char *out;

	progress_init(&p, tmpfile(), 30);
	p.clock = fake_clock;
	fake_now = 0;
	progress_begin(&p, "scaffolder");
	fake_now = 5000;
	progress_update(&p, "tasks with a rather long label that will not fit", 1234, 0);
	out = take(&p);
	CHECK(strlen(out) <= 30); /* "\r" + at most 29 columns: never wraps */
	CHECK(strstr(out, "scaffolder: tasks") != NULL);
	free(out);
	progress_end(&p);
	fclose(p.fp);
}

int main(void)
{
	RUN(test_progress__only_long_collections);
	RUN(test_progress__unknown_total_and_narrow);
	return TEST_RESULT();
}
