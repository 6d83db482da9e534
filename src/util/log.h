/* Diagnostics: leveled, timestamped messages on stderr, text or JSON, with secrets redacted. */
#ifndef IDPM_LOG_H
#define IDPM_LOG_H

#include <stdarg.h>
#include <stdio.h>

#include "util/strbuf.h"

enum log_level {
	LOG_ERROR = 0, /* something failed; the exit status will say so */
	LOG_WARN,      /* something was skipped or looks wrong; the run goes on */
	LOG_INFO,      /* what the run did */
	LOG_DEBUG,     /* requests and decisions, for -v */
	LOG_NLEVELS
};

enum log_format { LOG_TEXT, LOG_JSON };

typedef void (*log_sink_fn)(void *data, enum log_level level, const char *msg);
/* Called just before a line is written to the log's stream (a progress bar erases itself). */
typedef void (*log_before_write_fn)(void *data);

struct log {
	enum log_level level;      /* messages above this level are dropped */
	enum log_format format;    /* text lines or one JSON object per line */
	int timestamps;            /* prefix text lines with the wall-clock time */
	int journal;               /* stderr is the systemd journal: "<N>" priority prefixes, no timestamps */
	const char *command;       /* subcommand, added to JSON lines ("command":"run"); may be NULL */
	FILE *fp;                  /* where messages go; NULL = nowhere */
	unsigned counts[LOG_NLEVELS]; /* messages seen per level, printed or not */
	char **secrets;            /* strings never written out (tokens) */
	size_t nsecrets;
	log_sink_fn sink;          /* optional extra receiver (tests, status); may be NULL */
	void *sink_data;
	log_before_write_fn before_write; /* may be NULL */
	void *before_write_data;
};

/* Initialise L to write to FP at level LOG_INFO, text format. */
void log_init(struct log *l, FILE *fp);
/* Free the secrets list. */
void log_release(struct log *l);
/* Remember S (copied) so that every later message replaces it with "***". Empty S is ignored. */
void log_add_secret(struct log *l, const char *s);
/* Format and emit a message; counts it even when the level filters it out. */
void log_msg(struct log *l, enum log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void log_vmsg(struct log *l, enum log_level level, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/*
 * Like log_msg, with FIELDS: JSON object members ("\"event\":\"run_summary\",\"rows\":3",
 * without braces, already valid JSON) added to the line in JSON format and
 * ignored in text format.  FIELDS may be NULL.
 */
void log_msg_fields(struct log *l, enum log_level level, const char *fields, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Replace every registered secret in S by "***"; returns a new string the caller frees. */
char *log_redact(const struct log *l, const char *s);
/*
 * Append S to SB as the inside of a JSON string: quotes, backslashes and
 * control characters escaped, invalid UTF-8 replaced by U+FFFD, so the line
 * is always valid JSON whatever bytes a server sent.
 */
void log_json_escape(struct strbuf *sb, const char *s);
/* 1 when file descriptor FD is the systemd journal's stream ($JOURNAL_STREAM names its device and inode). */
int log_fd_is_journal(int fd);

#define log_error(l, ...) log_msg((l), LOG_ERROR, __VA_ARGS__)
#define log_warn(l, ...) log_msg((l), LOG_WARN, __VA_ARGS__)
#define log_info(l, ...) log_msg((l), LOG_INFO, __VA_ARGS__)
#define log_debug(l, ...) log_msg((l), LOG_DEBUG, __VA_ARGS__)

#endif
