/* Diagnostics: leveled, timestamped messages on stderr, text or JSON, with secrets redacted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"
#include "util/strbuf.h"
#include "util/termtext.h"
#include "util/xalloc.h"

static const char *const level_names[LOG_NLEVELS] = { "error", "warning", "info", "debug" };

void log_init(struct log *l, FILE *fp)
{
	memset(l, 0, sizeof(*l));
	l->level = LOG_INFO;
	l->format = LOG_TEXT;
	l->fp = fp;
}

void log_release(struct log *l)
{
	for (size_t i = 0; i < l->nsecrets; i++)
		free(l->secrets[i]);
	free(l->secrets);
	l->secrets = NULL;
	l->nsecrets = 0;
}

void log_add_secret(struct log *l, const char *s)
{
	if (!s || !*s)
		return;
	for (size_t i = 0; i < l->nsecrets; i++)
		if (!strcmp(l->secrets[i], s))
			return;
	l->secrets = xrealloc(l->secrets, (l->nsecrets + 1) * sizeof(*l->secrets));
	l->secrets[l->nsecrets++] = xstrdup(s);
}

char *log_redact(const struct log *l, const char *s)
{
	struct strbuf out = STRBUF_INIT;

	while (*s) {
		size_t skip = 0;

		for (size_t i = 0; i < l->nsecrets && !skip; i++) {
			size_t n = strlen(l->secrets[i]);

			if (!strncmp(s, l->secrets[i], n))
				skip = n;
		}
		if (skip) {
			strbuf_addstr(&out, "***");
			s += skip;
		} else {
			strbuf_addch(&out, *s++);
		}
	}
	return strbuf_detach(&out, NULL);
}

/* Length of the valid UTF-8 sequence at S, or 0 when the bytes there are not one. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	/* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void log_json_escape(struct strbuf *sb, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		size_t n;

		if (*s == '"' || *s == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, *s++);
		} else if (*s == '\n') {
			strbuf_addstr(sb, "\\n"), s++;
		} else if (*s == '\r') {
			strbuf_addstr(sb, "\\r"), s++;
		} else if (*s == '\t') {
			strbuf_addstr(sb, "\\t"), s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			strbuf_addf(sb, "\\u%04x", *s++);
		} else if ((n = utf8_len(s))) {
			strbuf_add(sb, s, n);
			s += n;
		} else {
			strbuf_addstr(sb, "\\ufffd"), s++;
		}
	}
}

int log_fd_is_journal(int fd)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	char tail;

	/* "DEVICE:INODE" of the stream systemd connected to stdout/stderr (systemd.exec(5)) */
	if (!js || sscanf(js, "%llu:%llu%c", &dev, &ino, &tail) != 2 || fstat(fd, &st))
		return 0;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

static void stamp(char *buf, size_t size, int millis)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (!millis) {
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return;
	}
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03uZ", (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

/* sd-daemon(3) priorities: what journald files each line under */
static const char *const journal_prio[LOG_NLEVELS] = { "<3>", "<4>", "<6>", "<7>" };

static void format_line(const struct log *l, enum log_level level, const char *fields, const char *msg,
			struct strbuf *line)
{
	char when[40];

	if (l->format == LOG_JSON) {
		stamp(when, sizeof(when), 1);
		strbuf_addf(line, "{\"time\":\"%s\",\"level\":\"%s\",\"pid\":%ld", when, level_names[level],
			    (long)getpid());
		if (l->command) {
			strbuf_addstr(line, ",\"command\":\"");
			log_json_escape(line, l->command);
			strbuf_addch(line, '"');
		}
		if (fields && *fields)
			strbuf_addf(line, ",%s", fields);
		strbuf_addstr(line, ",\"msg\":\"");
		log_json_escape(line, msg);
		strbuf_addstr(line, "\"}\n");
		return;
	}
	if (l->journal) {
		strbuf_addstr(line, journal_prio[level]);
	} else if (l->timestamps) {
		stamp(when, sizeof(when), 0);
		strbuf_addf(line, "%s ", when);
	}
	strbuf_addstr(line, "idpmetrics: ");
	if (level != LOG_INFO)
		strbuf_addf(line, "%s: ", level_names[level]);
	/*
	 * One message, one line: a multi-line server message must not look like
	 * several entries (line breaks become spaces), and control characters
	 * (terminal escapes) from a server never reach the terminal.
	 */
	for (const char *p = msg; *p;) {
		size_t n = strcspn(p, "\n\r");

		termtext_add(line, p, n); /* ESC, C1, bidi overrides made visible */
		p += n;
		for (; *p == '\n' || *p == '\r'; p++)
			strbuf_addch(line, ' ');
	}
	strbuf_addch(line, '\n');
}

static void emit(struct log *l, enum log_level level, const char *fields, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void emit(struct log *l, enum log_level level, const char *fields, const char *fmt, va_list ap)
{
	char *raw, *msg;
	struct strbuf line = STRBUF_INIT;

	if (level >= LOG_NLEVELS)
		level = LOG_DEBUG;
	l->counts[level]++;
	if ((!l->fp || level > l->level) && !l->sink)
		return;
	raw = xvasprintf(fmt, ap);
	msg = log_redact(l, raw);
	if (l->sink)
		l->sink(l->sink_data, level, msg);
	if (l->fp && level <= l->level) {
		format_line(l, level, fields, msg, &line);
		if (l->before_write)
			l->before_write(l->before_write_data);
		fputs(line.buf, l->fp);
		fflush(l->fp);
	}
	strbuf_release(&line);
	free(raw);
	free(msg);
}

void log_vmsg(struct log *l, enum log_level level, const char *fmt, va_list ap)
{
	emit(l, level, NULL, fmt, ap);
}

void log_msg_fields(struct log *l, enum log_level level, const char *fields, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(l, level, fields, fmt, ap);
	va_end(ap);
}

void log_msg(struct log *l, enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(l, level, fmt, ap);
	va_end(ap);
}
