/*
 * The Backstage source's doctor checks: the token, the transport, and one GET
 * per plugin (catalog, scaffolder) with the token.  Nothing here prints.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/backstage.h"
#include "collect/http.h"
#include "collect/json.h"
#include "doctor/doctor.h"
#include "util/xalloc.h"

static const char static_token_fix[] =
	"give Backstage a static external-access token and idpmetrics the same value; in Backstage's app-config:\n"
	"  backend:\n"
	"    auth:\n"
	"      externalAccess:\n"
	"        - type: static\n"
	"          options:\n"
	"            token: ${IDPMETRICS_BACKSTAGE_TOKEN}   # long and random, no whitespace\n"
	"            subject: idpmetrics\n"
	"          accessRestrictions:\n"
	"            - plugin: catalog\n"
	"            - plugin: scaffolder\n"
	"restart Backstage, then set the variable named by backstage.token (e.g. BACKSTAGE_TOKEN) for idpmetrics\n"
	"to that value (systemd: the EnvironmentFile; Kubernetes: the Secret).";

static void backstage_probe(struct doctor_report *r, struct http_client *hc, const char *name, const char *base,
			    const char *path, const char *auth, const char *count_key, const char *what)
{
	const char *headers[] = { auth, "Accept: application/json", NULL };
	struct http_response res;
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	char *url = xasprintf("%s%s", base, path), *msg = NULL;
	json_error_t je;
	json_t *j;
	int64_t n;

	http_response_init(&res);
	if (doctor_get(hc, url, headers, &res, &err)) {
		c = doctor_add(r, name, DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "check backstage.base_url (the backend's base URL, e.g. https://backstage.example.com), DNS, "
			   "the https_proxy/no_proxy variables and tls.ca_file for a private certificate authority");
		goto out;
	}
	msg = doctor_api_message(&res);
	switch (res.status) {
	case 200:
		j = json_loadb(res.body.buf, res.body.len, 0, &je);
		if (j && !json_int(j, count_key, &n))
			doctor_add(r, name, DOCTOR_OK, "%s readable with the token (%lld %s)", what, (long long)n, count_key);
		else if (j)
			doctor_add(r, name, DOCTOR_OK, "%s readable with the token", what);
		else {
			c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 200 but not JSON (%s)", url, je.text);
			doctor_set_fix(c, "backstage.base_url must point at the Backstage backend, not the frontend or a login page");
		}
		json_decref(j);
		break;
	case 401:
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 401 %s: Backstage rejected the token", url, *msg ? msg : "");
		doctor_set_fix(c, "%s", static_token_fix);
		break;
	case 403:
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 403 %s: the token is valid but not allowed to read the %s", url, msg,
			what);
		doctor_set_fix(c, "allow the token's subject to read the %s: its accessRestrictions must list the plugin, and the "
			   "permission policy must allow it (catalog.entity.read; scaffolder task reads)",
			what);
		break;
	case 404:
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 404: no %s there", url, what);
		doctor_set_fix(c, "backstage.base_url must be the backend's base URL without /api (idpmetrics adds /api/catalog and "
			   "/api/scaffolder); an old scaffolder without /v2/tasks needs upgrading");
		break;
	default:
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
		doctor_set_fix(c, "see Backstage's backend logs for this request");
	}
out:
	http_response_release(&res);
	strbuf_release(&err);
	free(url);
	free(msg);
}

static void check_backstage(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc)
{
	const struct config *cfg = env->cfg;
	const char *tok = doctor_token(r, "backstage token", &cfg->backstage.token, "backstage.token", "BACKSTAGE_TOKEN");
	char *base = xstrdup(cfg->backstage.base_url), *auth;
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		base[--n] = '\0';
	if (!tok) {
		doctor_add(r, "backstage", DOCTOR_SKIP, "not contacted without a token");
		free(base);
		return;
	}
	doctor_check_transport(r, "backstage url", "backstage.base_url", base);
	auth = xasprintf("Authorization: Bearer %s", tok);
	backstage_probe(r, hc, "backstage catalog", base, "/api/catalog/entities/by-query?limit=1", auth, "totalItems",
			"catalog");
	backstage_probe(r, hc, "backstage scaffolder", base, "/api/scaffolder/v2/tasks?limit=1", auth, "totalTasks",
			"scaffolder tasks");
	free(auth);
	free(base);
}

void backstage_doctor(struct doctor_report *r, const struct doctor_env *env)
{
	struct http_client *hc = doctor_http(r, env);

	if (hc)
		check_backstage(r, env, hc);
}

void backstage_describe(const struct config *cfg, struct strbuf *out)
{
	strbuf_addf(out, "backstage at %s", cfg->backstage.base_url);
}
