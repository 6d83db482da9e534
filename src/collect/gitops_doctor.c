/*
 * The Argo CD and PagerDuty doctor checks: the tokens, the transport, one listing each with the
 * token, the catalog annotations found, applications and services that map to nothing, and
 * applications that sync so often that their capped history will be lost before the next run.
 * Nothing here prints.
 */
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collect/argocd.h"
#include "collect/argocd_map.h"
#include "collect/argocd_parse.h"
#include "collect/gitops_client.h"
#include "collect/http.h"
#include "collect/json.h"
#include "collect/pagerduty.h"
#include "doctor/doctor.h"
#include "store/gitops.h"
#include "util/xalloc.h"

#define DEFAULT_LIMIT 10
#define NIGHT_DAYS 1.0   /* run is nightly */

/* The database, read-only, when it exists (annotations come from the last catalog collection). */
static struct db *open_db(const struct doctor_env *env)
{
	struct strbuf err = STRBUF_INIT;
	struct db *db = NULL;
	struct stat st;

	if (env->db_path && !stat(env->db_path, &st) && db_open(&db, env->db_path, 0600, DB_READONLY, &err))
		db = NULL;
	strbuf_release(&err);
	return db;
}

/* GET URL with AUTH; a FAIL line NAME explaining 401/403 (TOKEN_KEY, PERMISSION) or no answer.  The body on 200. */
static json_t *probe(struct doctor_report *r, struct http_client *hc, const char *name, const char *url,
		     const char *auth, const char *accept, const char *token_key, const char *on_401, const char *permission)
{
	const char *headers[] = { auth, accept, NULL };
	struct http_response res;
	struct strbuf err = STRBUF_INIT;
	struct doctor_check *c;
	json_t *doc = NULL;
	char *msg = NULL;

	http_response_init(&res);
	if (doctor_get(hc, url, headers, &res, &err)) {
		c = doctor_add(r, name, DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "check the URL, DNS, the https_proxy/no_proxy variables and tls.ca_file");
		goto out;
	}
	msg = doctor_api_message(&res);
	if (res.status == 401) {
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 401 %s: the token in '%s' was refused", url, msg, token_key);
		doctor_set_fix(c, "%s", on_401);
	} else if (res.status == 403) {
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 403 %s: the token in '%s' lacks a permission", url, msg,
			       token_key);
		doctor_set_fix(c, "%s", permission);
	} else if (res.status == 429) {
		c = doctor_add(r, name, DOCTOR_WARN, "GET %s: 429 %s: rate limited right now", url, msg);
		doctor_set_fix(c, "the nightly run waits for the limit to reset; check that no other client uses the same key");
	} else if (res.status / 100 != 2) {
		doctor_add(r, name, DOCTOR_FAIL, "GET %s: HTTP %ld %s", url, res.status, msg);
	} else if (!(doc = json_loadb(res.body.buf, res.body.len, 0, NULL))) {
		c = doctor_add(r, name, DOCTOR_FAIL, "GET %s: 200 but not JSON", url);
		doctor_set_fix(c, "the URL must be the API itself, not a login page or a proxy's");
	}
out:
	http_response_release(&res);
	strbuf_release(&err);
	free(msg);
	return doc;
}

static void argocd_apps(struct doctor_report *r, const struct doctor_env *env, const json_t *doc)
{
	const struct config *cfg = env->cfg;
	struct strbuf unmapped = STRBUF_INIT, risky = STRBUF_INIT, err = STRBUF_INIT;
	struct db *db = open_db(env);
	struct argocd_map map;
	const json_t *items, *item;
	struct doctor_check *c;
	regex_t rx;
	size_t i, apps = 0, prod = 0, nun = 0, nrisk = 0;
	int have_rx = !regcomp(&rx, cfg->argocd.production_apps ? cfg->argocd.production_apps : "", REG_EXTENDED | REG_NOSUB);

	if (argocd_map_init(&map, cfg, db, &err)) {
		doctor_add(r, "argocd annotations", DOCTOR_WARN, "the catalog in the database could not be read (%s): "
			   "mapping by argocd.apps and source repositories only", err.buf);
		argocd_map_release(&map);
		argocd_map_init(&map, cfg, NULL, &err);
	} else if (db) {
		doctor_add(r, "argocd annotations", map.n ? DOCTOR_OK : DOCTOR_WARN,
			   "%lld catalog components name an application (argocd/app-name), %lld select some "
			   "(argocd/app-selector); %zu in argocd.apps", (long long)map.by_name, (long long)map.by_selector,
			   cfg->argocd.apps.n);
	}
	if (argocd_list_items(doc, "applications", &items, &err)) {
		doctor_add(r, "argocd applications", DOCTOR_FAIL, "%s", err.buf);
		goto out;
	}
	json_array_foreach(items, i, item) {
		struct argocd_app a;
		struct strbuf why = STRBUF_INIT;
		const char *from;
		char *repo;
		int64_t limit;
		double per_day;

		apps++;
		if (argocd_parse_app(item, &a, NULL, &why) || !have_rx || regexec(&rx, a.name ? a.name : "", 0, NULL, 0)) {
			if (a.name)
				argocd_app_release(&a);
			strbuf_release(&why);
			continue;
		}
		strbuf_release(&why);
		prod++;
		repo = argocd_map_app(&map, &a, &from);
		if (!repo) {
			nun++;
			strbuf_addf(&unmapped, "%s%s", unmapped.len ? ", " : "", a.name);
		}
		free(repo);
		limit = a.history_limit >= 0 ? a.history_limit : DEFAULT_LIMIT;
		per_day = argocd_sync_rate(&a);
		if (!isnan(per_day) && per_day * NIGHT_DAYS >= (double)limit) {
			nrisk++;
			strbuf_addf(&risky, "%s%s (%.0f syncs a day, history of %lld)", risky.len ? ", " : "", a.name, per_day,
				    (long long)limit);
		}
		argocd_app_release(&a);
	}
	doctor_add(r, "argocd applications", DOCTOR_OK, "%zu applications readable, %zu production (argocd.production_apps)",
		   apps, prod);
	if (nun) {
		c = doctor_add(r, "argocd mapping", DOCTOR_WARN, "%zu production applications map to no service: %s", nun,
			       unmapped.buf);
		doctor_set_fix(c, "annotate the catalog component with argocd/app-name: <application> (and "
			       "github.com/project-slug), or map it under argocd.apps: { <application>: owner/repo }");
	} else if (prod) {
		doctor_add(r, "argocd mapping", DOCTOR_OK, "every production application maps to a service");
	}
	if (nrisk) {
		c = doctor_add(r, "argocd history", DOCTOR_WARN,
			       "%zu applications sync more often than their history keeps between two nightly runs: %s", nrisk,
			       risky.buf);
		doctor_set_fix(c, "raise spec.revisionHistoryLimit on those applications (e.g. 50), or run "
			       "'idpmetrics collect argocd' more often; lost syncs are counted and flagged incomplete");
	}
out:
	if (have_rx)
		regfree(&rx);
	argocd_map_release(&map);
	db_close(db);
	strbuf_release(&unmapped);
	strbuf_release(&risky);
	strbuf_release(&err);
}

void argocd_doctor(struct doctor_report *r, const struct doctor_env *env)
{
	const struct config *cfg = env->cfg;
	struct http_client *hc = doctor_http(r, env);
	const char *tok = doctor_token(r, "argocd token", &cfg->argocd.token, "argocd.token", "ARGOCD_TOKEN");
	struct strbuf err = STRBUF_INIT;
	char *base, *auth, *url;
	json_t *doc;

	if (!hc)
		return;
	if (!tok || gitops_base_url(cfg->argocd.base_url, "argocd.base_url", &base, &err)) {
		doctor_add(r, "argocd", DOCTOR_SKIP, "not contacted: %s", tok ? err.buf : "no token");
		strbuf_release(&err);
		return;
	}
	doctor_check_transport(r, "argocd url", "argocd.base_url", base);
	auth = xasprintf("Authorization: Bearer %s", tok);
	url = xasprintf("%s/api/v1/applications", base);
	doc = probe(r, hc, "argocd applications", url, auth, "Accept: application/json", "argocd.token",
		    argocd_token_fix, argocd_permission_fix);
	if (doc)
		argocd_apps(r, env, doc);
	json_decref(doc);
	memset(auth, 0, strlen(auth));
	free(auth);
	free(url);
	free(base);
}

struct pd_count {
	int64_t n;
	struct strbuf *unmapped;
};

static void pd_service(void *data, const char *id, const char *unused, const char *repo)
{
	struct pd_count *c = data;

	(void)unused;
	c->n++;
	if (!repo)
		strbuf_addf(c->unmapped, "%s%s (a component without github.com/project-slug)", c->unmapped->len ? ", " : "",
			    id);
}

void pagerduty_doctor(struct doctor_report *r, const struct doctor_env *env)
{
	const struct config *cfg = env->cfg;
	struct http_client *hc = doctor_http(r, env);
	const char *tok = doctor_token(r, "pagerduty token", &cfg->pagerduty.token, "pagerduty.token", "PAGERDUTY_TOKEN");
	struct strbuf err = STRBUF_INIT, bad = STRBUF_INIT;
	struct db *db;
	struct doctor_check *c;
	struct pd_count count = { 0, &bad };
	int64_t annotated;
	char *base, *auth, *url;
	json_t *doc;

	if (!hc)
		return;
	db = open_db(env);
	if (db && store_catalog_annotations_each(db, 1, pd_service, &count, &err))
		count.n = -1;
	annotated = count.n;
	for (size_t i = 0; i < cfg->pagerduty.services.n; i++)
		if (!strchr(cfg->pagerduty.services.val[i], '/'))
			strbuf_addf(&bad, "%s%s", bad.len ? ", " : "", cfg->pagerduty.services.key[i]);
	c = doctor_add(r, "pagerduty services", annotated + (int64_t)cfg->pagerduty.services.n > 0 ? DOCTOR_OK : DOCTOR_WARN,
		       "%lld catalog components name a service (pagerduty.com/service-id), %zu in pagerduty.services",
		       (long long)(annotated < 0 ? 0 : annotated), cfg->pagerduty.services.n);
	if (annotated + (int64_t)cfg->pagerduty.services.n <= 0)
		doctor_set_fix(c, "annotate catalog components with pagerduty.com/service-id: <service id>, or list "
			       "pagerduty.services: { <service id>: owner/repo }");
	if (bad.len) {
		c = doctor_add(r, "pagerduty mapping", DOCTOR_WARN, "services that map to no repository: %s", bad.buf);
		doctor_set_fix(c, "each pagerduty.services value is owner/repo, the service's repository");
	}
	db_close(db);
	if (!tok || gitops_base_url(cfg->pagerduty.api_url, "pagerduty.api_url", &base, &err)) {
		doctor_add(r, "pagerduty", DOCTOR_SKIP, "not contacted: %s", tok ? err.buf : "no token");
		goto out;
	}
	doctor_check_transport(r, "pagerduty url", "pagerduty.api_url", base);
	auth = xasprintf("Authorization: Token token=%s", tok);
	url = xasprintf("%s/incidents?limit=1&time_zone=UTC", base);
	doc = probe(r, hc, "pagerduty incidents", url, auth, "Accept: application/vnd.pagerduty+json;version=2",
		    "pagerduty.token", pagerduty_token_fix, pagerduty_permission_fix);
	if (doc)
		doctor_add(r, "pagerduty incidents", json_is_array(json_object_get(doc, "incidents")) ? DOCTOR_OK : DOCTOR_FAIL,
			   "incidents %s with the key", json_is_array(json_object_get(doc, "incidents")) ? "readable"
													: "not listed");
	json_decref(doc);
	memset(auth, 0, strlen(auth));
	free(auth);
	free(url);
	free(base);
out:
	strbuf_release(&err);
	strbuf_release(&bad);
}
