/* The HTTP client of the GitOps sources (Argo CD, PagerDuty): a token header, JSON GETs, 429 waits, errors explained. */
#ifndef IDPM_GITOPS_CLIENT_H
#define IDPM_GITOPS_CLIENT_H

#include <jansson.h>

#include "collect/http.h"
#include "util/config.h"

struct gitops_client {
	struct http_client http;
	const char *source;          /* "argocd", "pagerduty": the start of messages */
	const char *token_key;       /* "argocd.token" */
	const char *token_where;     /* file:line of the key, or NULL */
	const char *on_401;          /* what to do when the token is refused */
	const char *on_403;          /* which permission is missing */
	char *auth;                  /* "Authorization: ..." (a secret) */
	const char *token;           /* borrowed: redacted from server messages */
	const char *accept;          /* "Accept: ..." */
	long status;                 /* status of the last answer, 0 when none came */
	double waited, budget;       /* seconds waited for rate limits, and the most allowed */
	int64_t rate_waits;
};

/*
 * Prepare C for SOURCE with the token TOKEN_KEY of TREF sent after AUTH_SCHEME ("Bearer ",
 * "Token token="), ACCEPT the Accept header line, ON_401/ON_403 the advice for refused tokens and missing
 * permissions.  Waits for rate limits are at most github.time_budget_seconds in all.  The token is
 * registered with LOG for redaction.  0, or -1 with ERR naming the key.  Release in every case.
 */
int gitops_client_init(struct gitops_client *c, const struct config *cfg, struct log *log, struct run_stats *stats,
		       const char *source, const struct token_ref *tref, const char *token_key, const char *auth_scheme,
		       const char *accept, const char *on_401, const char *on_403, struct strbuf *err);
void gitops_client_release(struct gitops_client *c);

/*
 * GET URL and parse its JSON body into *OUT (a new reference).  429 waits (Retry-After, else
 * ratelimit-reset, else 60 s) and asks again.  Returns 0 on 2xx; otherwise -1 with a message
 * naming the URL and the status (401/403: the token key and the permission), c->status telling
 * which (a caller may accept 404).  A body that is not JSON names the URL.
 */
int gitops_get_json(struct gitops_client *c, const char *url, json_t **out, struct strbuf *err);

/* BASE without trailing slashes; -1 with ERR when it is not an http(s) URL (KEY names the setting). */
int gitops_base_url(const char *base, const char *key, char **out, struct strbuf *err);

#endif
