/* A JSON REST client for token-authenticated APIs (Jira, Typeform): rate-limit waits, explained errors. */
#ifndef IDPM_REST_H
#define IDPM_REST_H

#include <jansson.h>

#include "collect/http.h"
#include "util/config.h"

struct rest_client {
	struct http_client http;
	const char *name;           /* "Jira", "Typeform": the service, for messages */
	const char *token_key;      /* "jira.token": where the user fixes a refused token */
	const char *token_where;    /* "file:line" of that key, or NULL */
	const char *token;          /* borrowed; replaced by *** in anything a server said */
	char *auth;                 /* "Authorization: ..." header line: a secret */
	long status;                /* HTTP status of the last answer; 0 when none came */
	double waited;              /* seconds waited for rate limits in this run */
};

/*
 * Prepare RC for service NAME with the header line AUTH (copied; a secret) and TOKEN (borrowed,
 * for redaction) configured at TOKEN_KEY (TOKEN_WHERE may be NULL).  0, or -1 with ERR.
 */
int rest_client_init(struct rest_client *rc, const struct config *cfg, struct log *log, struct run_stats *stats,
		     const char *name, const char *token_key, const char *token_where, const char *token, const char *auth,
		     struct strbuf *err);
void rest_client_release(struct rest_client *rc);

/*
 * GET URL with the authorisation and Accept: application/json.  A 429 (or a 503 with
 * Retry-After) waits what Retry-After says (10 s without one) and asks again, at most 5 times
 * and 15 minutes in all.  Returns 0 with the parsed body (a new reference) in *OUT on 2xx.
 * Otherwise -1 with ERR: "GET URL: HTTP 401 ..." naming the token key on 401/403, the server's
 * own words (tokens redacted), or "URL: invalid JSON ..." for a malformed body; rc->status
 * says which status came (callers may treat 404 or 410 as an answer).
 */
int rest_get_json(struct rest_client *rc, const char *url, json_t **out, struct strbuf *err);

/* Append to SB a query parameter "&NAME=VALUE" ("?" first when SB has none), VALUE percent-encoded. */
void rest_add_param(struct strbuf *sb, const char *name, const char *value);

#endif
