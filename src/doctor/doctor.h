/* idpmetrics doctor's checks: configuration, tokens, APIs, permissions, rate limit, surveys, database, fonts. */
#ifndef IDPM_DOCTOR_H
#define IDPM_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "collect/http.h"
#include "util/config.h"
#include "util/log.h"

enum doctor_status {
	DOCTOR_OK,
	DOCTOR_WARN,   /* works, but something will bite (low rate limit, public repositories only) */
	DOCTOR_FAIL,   /* the nightly run will fail or miss data: the line says how to fix it */
	DOCTOR_SKIP    /* not checked because an earlier check failed */
};

/* One line of the diagnosis; every string is owned. */
struct doctor_check {
	char *name;                /* "github rate limit" */
	enum doctor_status status;
	char *detail;              /* what was found */
	char *fix;                 /* what to do (may hold several lines); NULL when nothing */
};

struct doctor_report {
	struct doctor_check *v;
	size_t n, alloc;
};

struct doctor_http;

/* What the checks need; everything is borrowed. */
struct doctor_env {
	const struct config *cfg;  /* the configuration as loaded (defaults when it failed) */
	int config_ok;             /* 0: the configuration failed, source checks are skipped */
	const char *db_path;       /* the database the commands would use */
	struct log *log;           /* requests at debug level (-v); never the tokens */
	int64_t now;               /* for "resets in N min" */
	struct doctor_http *http;  /* doctor_checks() sets it: the client doctor_http() makes on first use */
};

/*
 * Load the configuration PATH into CFG (prepared by config_init) and add the
 * "configuration" line: it parses, or the file:line error, or the file is
 * missing (with how to create one); then the time zone and whether any source
 * is configured.  Returns 1 when CFG is usable for the other checks, else 0.
 */
int doctor_config(struct doctor_report *r, struct config *cfg, const char *path);

/*
 * Run every other check that applies to ENV and append one line per check
 * to R.  Problems are results, never errors: this never fails and never prints.
 */
void doctor_checks(struct doctor_report *r, const struct doctor_env *env);

/* Number of lines of R with STATUS. */
size_t doctor_count(const struct doctor_report *r, enum doctor_status status);

void doctor_report_release(struct doctor_report *r);

/*
 * 1 when URL is plain http:// to another machine (a token would travel in
 * clear text); 0 for https:// and for localhost, 127.x.x.x and [::1].
 */
int doctor_insecure_url(const char *url);

/* ---- for the doctor_*.c files ---- */

struct http_client;

/* Append a line to R; DETAIL is formatted.  Returns it, so a fix can be set. */
struct doctor_check *doctor_add(struct doctor_report *r, const char *name, enum doctor_status st, const char *fmt,
			       ...) __attribute__((format(printf, 4, 5)));
/* Set (replace) the fix of C. */
void doctor_set_fix(struct doctor_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The token T (KEY names it in messages), after an OK line NAME; NULL after a FAIL line. */
const char *doctor_token(struct doctor_report *r, const char *name, const struct token_ref *t, const char *key,
			 const char *example_var);

/* ---- for the sources' checks (struct collector's doctor, collect/<source>_doctor.c); doctor_api.c ---- */

/* One HTTP client for every source's checks, made on first use. */
struct doctor_http {
	int state;                 /* 0 not tried, 1 made, -1 failed (an "http" FAIL line was added) */
	struct http_client client;
};

/* The client of ENV, made on first use; NULL (after a FAIL line, once) when it cannot be made. */
struct http_client *doctor_http(struct doctor_report *r, const struct doctor_env *env);
/* A WARN line NAME when URL (the value of KEY) would carry a token in clear text to another machine. */
void doctor_check_transport(struct doctor_report *r, const char *name, const char *key, const char *url);
/* GET URL with HEADERS (NULL-terminated) into RES; 0, or -1 with ERR when no answer came. */
int doctor_get(struct http_client *hc, const char *url, const char *const *headers, struct http_response *res,
	       struct strbuf *err);
/* "name: message" from a Backstage ({"error":{"name","message"}}) or GitHub ({"message"}) error body; caller frees. */
char *doctor_api_message(const struct http_response *res);

#endif
