/*
 * idpmetrics doctor's HTTP helpers for the sources' checks: one client made on
 * first use, plain-HTTP warnings, GETs, the error message of an API's body.
 * The checks themselves live with their sources (collect/<source>_doctor.c).
 * Nothing here prints.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "collect/http.h"
#include "collect/json.h"
#include "doctor/doctor.h"
#include "util/xalloc.h"

/* ---- HTTP helpers ---- */

int doctor_insecure_url(const char *url)
{
	const char *host = url + 7;
	size_t n;

	if (strncasecmp(url, "http://", 7))
		return 0;
	n = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
	if ((n == 9 && !strncasecmp(host, "localhost", 9)) || (n == 5 && !strncmp(host, "[::1]", 5)) ||
	    (n > 4 && !strncmp(host, "127.", 4) && strspn(host, "0123456789.") >= n))
		return 0;
	return 1;
}

void doctor_check_transport(struct doctor_report *r, const char *name, const char *key, const char *url)
{
	struct doctor_check *c;

	if (!doctor_insecure_url(url))
		return;
	c = doctor_add(r, name, DOCTOR_WARN, "'%s' is plain HTTP: the token travels unencrypted", url);
	doctor_set_fix(c, "use https:// in %s (tls.ca_file takes a private certificate authority)", key);
}

int doctor_get(struct http_client *hc, const char *url, const char *const *headers, struct http_response *res,
	       struct strbuf *err)
{
	struct http_request req = { url, headers, NULL, 0, 0 };

	return http_get(hc, &req, res, err);
}

char *doctor_api_message(const struct http_response *res)
{
	json_error_t je;
	json_t *j = json_loadb(res->body.buf, res->body.len, 0, &je);
	const char *name = NULL, *msg = NULL;
	char *out;

	if (!j)
		return xstrdup("");
	if (json_is_object(json_object_get(j, "error"))) {
		name = json_str(json_object_get(j, "error"), "name");
		msg = json_str(json_object_get(j, "error"), "message");
	} else {
		msg = json_str(j, "message");
	}
	out = xasprintf("%s%s%s", name ? name : "", name && msg ? ": " : "", msg ? msg : "");
	json_decref(j);
	return out;
}

struct http_client *doctor_http(struct doctor_report *r, const struct doctor_env *env)
{
	struct doctor_http *h = env->http;
	struct strbuf err = STRBUF_INIT;

	if (!h)
		return NULL;
	if (!h->state) {
		h->state = -1;
		if (http_client_init(&h->client, env->cfg, env->log, NULL, &err)) {
			struct doctor_check *c = doctor_add(r, "http", DOCTOR_FAIL, "%s", err.buf);

			doctor_set_fix(c, "reinstall libcurl (libcurl4)");
		} else {
			h->state = 1;
		}
		strbuf_release(&err);
	}
	return h->state > 0 ? &h->client : NULL;
}
