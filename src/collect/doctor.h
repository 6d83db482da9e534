/* idpmetrics doctor's checks: configuration, tokens, APIs, permissions, rate limit, surveys, database, fonts. */
#ifndef IDPM_DOCTOR_H
#define IDPM_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

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

/* What the checks need; everything is borrowed. */
struct doctor_env {
	const struct config *cfg;  /* the configuration as loaded (defaults when it failed) */
	int config_ok;             /* 0: the configuration failed, source checks are skipped */
	const char *db_path;       /* the database the commands would use */
	struct log *log;           /* requests at debug level (-v); never the tokens */
	int64_t now;               /* for "resets in N min" */
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

/* Kinds of GitHub token, told by their documented prefixes. */
enum github_token_kind {
	GH_TOKEN_UNKNOWN,
	GH_TOKEN_CLASSIC,          /* ghp_: classic personal access token (scopes in x-oauth-scopes) */
	GH_TOKEN_FINE_GRAINED,     /* github_pat_: fine-grained personal access token (permissions) */
	GH_TOKEN_APP_INSTALLATION, /* ghs_: GitHub App installation token (permissions) */
	GH_TOKEN_OAUTH             /* gho_ / ghu_: OAuth or App user token */
};

enum github_token_kind doctor_github_token_kind(const char *token);

/*
 * A GitHub 403 or 429: 1 when it is a rate limit (remaining 0, a Retry-After,
 * or a message that says so: the documented tests), 0 when it is a permission problem.
 */
int doctor_github_rate_limited(long status, const char *remaining, const char *retry_after, const char *message);

/*
 * The classic scopes from an x-oauth-scopes header ("repo, read:org") that a
 * full collection needs and the token lacks, appended to MISSING
 * (", "-separated).  Returns the number missing.
 */
int doctor_missing_scopes(const char *scopes, struct strbuf *missing);

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
/* The Backstage checks: token, transport, catalog and scaffolder with the token (doctor_api.c). */
void doctor_check_backstage(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc);
/* The GitHub checks: token, transport, rate limit, organisation, a repository's workflows and contents. */
void doctor_check_github(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc);
/* The Jira checks: token, transport, the user's zone, each JQL (doctor_jira_typeform.c). */
void doctor_check_jira(struct doctor_report *r, const struct doctor_env *env);
/* The Typeform checks: per form source, the token, the form, its 0-10 question, the responses. */
void doctor_check_typeform(struct doctor_report *r, const struct doctor_env *env);

#endif
