/* A JSON REST client for token-authenticated APIs (Jira, Typeform): rate-limit waits, explained errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/json.h"
#include "collect/rest.h"
#include "util/xalloc.h"

#define RATE_TRIES 5
#define RATE_BUDGET 900.0   /* seconds a run may wait for rate limits */
#define RATE_DEFAULT 10.0   /* a 429 without Retry-After */
#define SERVER_TEXT 300     /* bytes of a server's message quoted */

int rest_client_init(struct rest_client *rc, const struct config *cfg, struct log *log, struct run_stats *stats,
		     const char *name, const char *token_key, const char *token_where, const char *token, const char *auth,
		     struct strbuf *err)
{
	memset(rc, 0, sizeof(*rc));
	rc->name = name;
	rc->token_key = token_key;
	rc->token_where = token_where;
	rc->token = token;
	rc->auth = xstrdup(auth);
	return http_client_init(&rc->http, cfg, log, stats, err);
}

void rest_client_release(struct rest_client *rc)
{
	http_client_release(&rc->http);
	if (rc->auth) {
		memset(rc->auth, 0, strlen(rc->auth)); /* do not leave the secret in freed memory */
		free(rc->auth);
	}
	memset(rc, 0, sizeof(*rc));
}

void rest_add_param(struct strbuf *sb, const char *name, const char *value)
{
	char *v = http_escape(value);

	strbuf_addf(sb, "%c%s=%s", strchr(sb->buf ? sb->buf : "", '?') ? '&' : '?', name, v);
	free(v);
}

/* What the server said, one line, at most SERVER_TEXT bytes, the token replaced by ***. */
static void add_server_text(const struct rest_client *rc, const struct http_response *res, struct strbuf *err)
{
	json_t *doc = res->body.len ? json_loadb(res->body.buf, res->body.len, 0, NULL) : NULL, *v;
	struct strbuf sb = STRBUF_INIT;
	const char *k, *hit;
	size_t i;

	json_array_foreach(json_object_get(doc, "errorMessages"), i, v) /* Jira */
		if (json_is_string(v))
			strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", json_string_value(v));
	json_object_foreach(json_object_get(doc, "errors"), k, v)
		if (json_is_string(v))
			strbuf_addf(&sb, "%s%s: %s", sb.len ? "; " : "", k, json_string_value(v));
	if (!sb.len && json_str(doc, "description")) /* Typeform */
		strbuf_addstr(&sb, json_str(doc, "description"));
	if (!sb.len && json_str(doc, "message"))
		strbuf_addstr(&sb, json_str(doc, "message"));
	if (!sb.len && !doc && res->body.len)
		strbuf_add(&sb, res->body.buf, strcspn(res->body.buf, "\n") < res->body.len ? strcspn(res->body.buf, "\n")
											 : res->body.len);
	json_decref(doc);
	if (sb.len > SERVER_TEXT) {
		size_t n = SERVER_TEXT;

		while (n && ((unsigned char)sb.buf[n] & 0xC0) == 0x80)
			n--;
		strbuf_setlen(&sb, n);
		strbuf_addstr(&sb, "...");
	}
	for (i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20)
			sb.buf[i] = ' ';
	while (rc->token && *rc->token && (hit = strstr(sb.buf, rc->token))) {
		char *rest = xstrdup(hit + strlen(rc->token));

		strbuf_setlen(&sb, (size_t)(hit - sb.buf));
		strbuf_addstr(&sb, "***");
		strbuf_addstr(&sb, rest);
		free(rest);
	}
	if (sb.len)
		strbuf_addf(err, ": %s", sb.buf);
	strbuf_release(&sb);
}

static void explain(const struct rest_client *rc, const char *url, const struct http_response *res,
		    struct strbuf *err)
{
	strbuf_addf(err, "GET %s: HTTP %ld", url, res->status);
	add_server_text(rc, res, err);
	if (res->status == 401)
		strbuf_addf(err, " (%s did not accept the token in '%s'%s%s%s: check it is current and complete)", rc->name,
			    rc->token_key, rc->token_where ? ", " : "", rc->token_where ? rc->token_where : "", "");
	else if (res->status == 403)
		strbuf_addf(err, " (%s knows the token in '%s' but does not let it read this: give its user read access)",
			    rc->name, rc->token_key);
}

/* Seconds Retry-After asks for: a number of seconds (an HTTP date is not used by these services). */
static double retry_after(const struct http_response *res)
{
	const char *ra = http_header(res, "Retry-After");
	char *end;
	double s;

	if (!ra)
		return RATE_DEFAULT;
	errno = 0;
	s = strtod(ra, &end);
	if (errno || end == ra || !(s >= 0) || s > 3600)
		return RATE_DEFAULT;
	return s < 1 ? 1 : s;
}

int rest_get_json(struct rest_client *rc, const char *url, json_t **out, struct strbuf *err)
{
	const char *headers[] = { rc->auth, "Accept: application/json", NULL };
	struct http_request req = { url, headers, NULL, 0, -1 };
	struct http_response res;
	char why[160];
	int ret = -1;

	*out = NULL;
	rc->status = 0;
	http_response_init(&res);
	for (int tries = 0;; tries++) {
		if (http_get(&rc->http, &req, &res, err))
			goto out;
		rc->status = res.status;
		if (res.status != 429 && !(res.status == 503 && http_header(&res, "Retry-After")))
			break;
		if (tries >= RATE_TRIES || rc->waited + retry_after(&res) > RATE_BUDGET) {
			strbuf_addf(err, "GET %s: %s kept answering HTTP %ld (rate limited) after %d waits (%.0f s): what was "
					 "collected is kept and the next run resumes", url, rc->name, res.status, tries, rc->waited);
			goto out;
		}
		snprintf(why, sizeof(why), "%s answered %ld with Retry-After: %s", rc->name, res.status,
			 http_header(&res, "Retry-After") ? http_header(&res, "Retry-After") : "(none)");
		rc->waited += retry_after(&res);
		rc->http.sleep(rc->http.sleep_data, retry_after(&res), why);
	}
	if (res.status < 200 || res.status > 299) {
		explain(rc, url, &res, err);
		goto out;
	}
	*out = json_parse_body(res.body.buf, res.body.len, url, err);
	if (*out)
		ret = 0;
out:
	http_response_release(&res);
	return ret;
}
