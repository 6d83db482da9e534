/* Diagnostics: leveled, timestamped messages on stderr, text or JSON, with secrets redacted. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "util/strbuf.h"
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

static void json_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c < 0x20)
			strbuf_addf(sb, "\\u%04x", c);
		else
			strbuf_addch(sb, c);
	}
}

static void stamp(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void log_vmsg(struct log *l, enum log_level level, const char *fmt, va_list ap)
{
	char *raw, *msg;
	struct strbuf line = STRBUF_INIT;
	char when[32];

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
		stamp(when, sizeof(when));
		if (l->format == LOG_JSON) {
			strbuf_addf(&line, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"", when, level_names[level]);
			json_escape(&line, msg);
			strbuf_addstr(&line, "\"}\n");
		} else {
			if (l->timestamps)
				strbuf_addf(&line, "%s ", when);
			strbuf_addstr(&line, "idpmetrics: ");
			if (level != LOG_INFO)
				strbuf_addf(&line, "%s: ", level_names[level]);
			strbuf_addf(&line, "%s\n", msg);
		}
		fputs(line.buf, l->fp);
		fflush(l->fp);
	}
	strbuf_release(&line);
	free(raw);
	free(msg);
}

void log_msg(struct log *l, enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(l, level, fmt, ap);
	va_end(ap);
}
