/* Backstage backend client: plugin URLs, the static bearer token, JSON GETs with Backstage errors explained. */
#ifndef IDPM_BACKSTAGE_H
#define IDPM_BACKSTAGE_H

#include <jansson.h>
#include <stddef.h>

#include "collect/http.h"
#include "store/runs.h"
#include "util/config.h"
#include "util/log.h"
#include "util/strbuf.h"

/*
 * One client per collector run.  Shared by the scaffolder and catalog
 * collectors: everything plugin-specific is passed in by the caller.
 */
struct backstage_client {
	struct http_client http;
	const struct config *cfg;
	char *base;                  /* backstage.base_url without trailing slashes */
	char *auth;                  /* "Authorization: Bearer TOKEN": a secret, never put in a message */
	const char *token;           /* borrowed from cfg; only used to redact server messages */
	long status;                 /* HTTP status of the last answer; 0 when none came */
	char *link_next;             /* rel="next" of the last answer's Link header, or NULL (legacy catalog) */
};

/*
 * Prepare BC from cfg->backstage (base_url, token, timeout_seconds).  Requests
 * are counted in STATS (may be NULL).  Returns -1 with ERR when base_url or
 * the token is missing, or libcurl cannot start.  Release with
 * backstage_client_release() in every case.
 */
int backstage_client_init(struct backstage_client *bc, const struct config *cfg, struct log *log,
			  struct run_stats *stats, struct strbuf *err);
void backstage_client_release(struct backstage_client *bc);

/*
 * "{base}/api/{PLUGIN}/{PATH}?n1=v1&n2=v2".  PARAMS is a NULL-terminated list
 * of name, value pairs (NULL for none); values are percent-encoded (":" and
 * "/" are kept, as the query syntax allows).  PATH is used as given: escape
 * path segments with http_escape().  The caller frees the result.
 */
char *backstage_url(const struct backstage_client *bc, const char *plugin, const char *path,
		    const char *const *params);

/*
 * GET URL (a URL of plugin PLUGIN) with the bearer token and Accept:
 * application/json, and parse the JSON answer.  Returns 0 with a new
 * reference in *OUT on 2xx.  Otherwise returns -1 with a message that names
 * the URL and explains the status (backstage_explain()); bc->status says
 * which status came (0: no answer), so a caller may treat 404 as a warning.
 */
int backstage_get_json(struct backstage_client *bc, const char *plugin, const char *url, json_t **out,
		       struct strbuf *err);

/*
 * Explain a non-2xx answer STATUS of URL (plugin PLUGIN) whose body is BODY
 * (LEN bytes, a Backstage error object {"error":{"name","message"}} or
 * anything else): "GET URL: HTTP 401 AuthenticationError: Missing
 * credentials: ..." with what to do.  LOCATION is the Location header of a
 * redirect (may be NULL); TOKEN_WHERE is where the token is configured (may be
 * NULL).  TOKEN (may be NULL) is replaced by "***" in anything the server
 * said.  Appends to ERR.
 */
void backstage_explain(long status, const char *url, const char *plugin, const char *body, size_t len,
		       const char *location, const char *token_where, const char *token, struct strbuf *err);

struct doctor_report;
struct doctor_env;

/*
 * doctor's checks of a configured Backstage (scaffolder and catalog share
 * them): the token, the transport, one GET per plugin with the token
 * (collect/backstage_doctor.c).  Appends lines to R; never fails, never prints.
 */
void backstage_doctor(struct doctor_report *r, const struct doctor_env *env);
/* "backstage at URL", for doctor's sources line. */
void backstage_describe(const struct config *cfg, struct strbuf *out);

#endif
