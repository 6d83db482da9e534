/* Unit test: log lines: JSON that parses whatever the bytes, secrets redacted, one line per message. */
#include <jansson.h>
#include <stdlib.h>

#include "test.h"
#include "util/log.h"

/* Log MSG at LEVEL into a temporary file and return what was written (caller frees). */
static char *capture(struct log *l, enum log_level level, const char *fields, const char *msg)
{
	FILE *fp = tmpfile();
	char *buf;
	long n;

	l->fp = fp;
	log_msg_fields(l, level, fields, "%s", msg);
	n = ftell(fp);
	buf = calloc(1, (size_t)n + 1);
	rewind(fp);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		buf[0] = '\0';
	fclose(fp);
	l->fp = NULL;
	return buf;
}

static void test_log__json_is_valid(void)
{
	static const char *const msgs[] = {
		"plain", "quote \" backslash \\ newline\n tab\t cr\r", "bell \a escape \033[31m del \x7f",
		"Korean 한국어 ok", "invalid \xff\xfe bytes", "truncated \xe3\x81", "overlong \xc0\xaf",
		"surrogate \xed\xa0\x80", "too big \xf4\x90\x80\x80", NULL
	};
	struct log l;

	log_init(&l, NULL);
	l.format = LOG_JSON;
	l.command = "run";
	for (int i = 0; msgs[i]; i++) {
		char *line = capture(&l, LOG_WARN, i ? NULL : "\"event\":\"x\",\"rows\":3", msgs[i]);
		json_error_t e;
		json_t *j;
		size_t len = strlen(line);

		CHECK(len > 0 && line[len - 1] == '\n');
		CHECK(strchr(line, '\n') == line + len - 1); /* exactly one line */
		j = json_loads(line, 0, &e);
		if (!j) {
			fprintf(stderr, "not JSON (%s): %s", e.text, line);
			test_failures++;
			free(line);
			continue;
		}
		CHECK_STREQ(json_string_value(json_object_get(j, "level")), "warning");
		CHECK_STREQ(json_string_value(json_object_get(j, "command")), "run");
		CHECK(json_is_integer(json_object_get(j, "pid")));
		CHECK(strlen(json_string_value(json_object_get(j, "time"))) == 24); /* 2026-11-27T02:30:00.123Z */
		CHECK(json_string_value(json_object_get(j, "msg")) != NULL);
		if (i == 0)
			CHECK_INTEQ(json_integer_value(json_object_get(j, "rows")), 3);
		if (i == 3)
			CHECK_STREQ(json_string_value(json_object_get(j, "msg")), "Korean 한국어 ok");
		if (i == 4)
			CHECK_STREQ(json_string_value(json_object_get(j, "msg")), "invalid \xef\xbf\xbd\xef\xbf\xbd bytes");
		json_decref(j);
		free(line);
	}
	log_release(&l);
}

static void test_log__text_one_line_and_redacted(void)
{
	struct log l;
	char *line;

	log_init(&l, NULL);
	log_add_secret(&l, "ghp_SECRET123");
	line = capture(&l, LOG_ERROR, "\"ignored\":1",
		       "GET x: token ghp_SECRET123\nsecond line \033[2J \xc2\x9b" "1m \xe2\x80\xae" "abc");
	/* the escape, a C1 CSI and a bidi override are shown as text, never obeyed */
	CHECK_STREQ(line, "idpmetrics: error: GET x: token *** second line \\x1b[2J \\u009b1m \\u202eabc\n");
	free(line);
	l.timestamps = 1;
	line = capture(&l, LOG_INFO, NULL, "hello");
	CHECK(strlen(line) == strlen("2026-11-27T02:30:00Z idpmetrics: hello\n"));
	CHECK(strstr(line, "Z idpmetrics: hello\n") != NULL);
	free(line);
	/* under journald: a priority prefix instead of a time stamp */
	l.journal = 1;
	line = capture(&l, LOG_WARN, NULL, "careful");
	CHECK_STREQ(line, "<4>idpmetrics: warning: careful\n");
	free(line);
	log_release(&l);
}

static void test_log__levels_counted_when_filtered(void)
{
	struct log l;
	char *line;

	log_init(&l, NULL);
	l.level = LOG_WARN;
	line = capture(&l, LOG_INFO, NULL, "quiet on a clean night");
	CHECK_STREQ(line, "");
	free(line);
	CHECK_INTEQ(l.counts[LOG_INFO], 1);
	log_release(&l);
}

static void test_log__journal_detection(void)
{
	setenv("JOURNAL_STREAM", "1:2", 1);
	CHECK(!log_fd_is_journal(2));
	setenv("JOURNAL_STREAM", "garbage", 1);
	CHECK(!log_fd_is_journal(2));
	unsetenv("JOURNAL_STREAM");
	CHECK(!log_fd_is_journal(2));
}

int main(void)
{
	RUN(test_log__json_is_valid);
	RUN(test_log__text_one_line_and_redacted);
	RUN(test_log__levels_counted_when_filtered);
	RUN(test_log__journal_detection);
	return TEST_RESULT();
}
