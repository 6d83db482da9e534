/* The HTTP client of the GitOps sources (Argo CD, PagerDuty): a token header, JSON GETs, 429 waits, errors explained. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/gitops_client.h"
#include "collect/json.h"
#include "util/xalloc.h"

#define MAX_RATE_WAITS 20            /* 429s in a row for one request before giving up */
#define DEFAULT_WAIT 60.0            /* seconds, when a 429 says nothing */
#define MAX_SERVER_TEXT 200

int gitops_client_init(struct gitops_client *c, const struct config *cfg, struct log *log, struct run_stats *stats,
		       const char *source, const struct token_ref *tref, const char *token_key, const char *auth_scheme,
		       const char *accept, const char *on_401, const char *on_403, struct strbuf *err)
{
	const char *token;

	memset(c, 0, sizeof(*c));
	c->source = source;
	c->token_key = token_key;
	c->token_where = tref->where;
	c->on_401 = on_401;
	c->on_403 = on_403;
	c->accept = accept;
	c->budget = cfg->github.time_budget_seconds;
	token = config_token(tref, token_key, err);
	if (!token)
		return -1;
	if (strpbrk(token, " \t\r\n")) {
		strbuf_addf(err, "%s: '%s' contains whitespace", tref->where ? tref->where : "configuration", token_key);
		return -1;
	}
	log_add_secret(log, token);
	c->token = token;
	c->auth = xasprintf("Authorization: %s%s", auth_scheme, token);
	return http_client_init(&c->http, cfg, log, stats, err);
}

void gitops_client_release(struct gitops_client *c)
{
	http_client_release(&c->http);
	if (c->auth) {
		memset(c->auth, 0, strlen(c->auth));
		free(c->auth);
	}
	memset(c, 0, sizeof(*c));
}

int gitops_base_url(const char *base, const char *key, char **out, struct strbuf *err)
{
	size_t n;

	*out = NULL;
	if (!base || !*base) {
		strbuf_addf(err, "no '%s' configured", key);
		return -1;
	}
	if (strncmp(base, "http://", 7) && strncmp(base, "https://", 8)) {
		strbuf_addf(err, "'%s' must start with https:// or http://, not '%s'", key, base);
		return -1;
	}
	n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	*out = xstrndup(base, n);
	return 0;
}

/* Seconds a 429 asks to wait: Retry-After, else ratelimit-reset, else DEFAULT_WAIT. */
static double wait_of(const struct http_response *res)
{
	const char *v = http_header(res, "retry-after");
	char *end;
	double s;

	if (!v || !*v)
		v = http_header(res, "ratelimit-reset");
	if (v && *v) {
		s = strtod(v, &end);
		if (end != v && s >= 0 && s < 86400)
			return s < 1 ? 1 : ceil(s);
	}
	return DEFAULT_WAIT;
}

/* The server's own words, one line, without the token. */
static void add_server_text(struct gitops_client *c, const struct http_response *res, struct strbuf *err)
{
	json_t *doc = res->body.len ? json_loadb(res->body.buf, res->body.len, 0, NULL) : NULL;
	const char *msg = json_str(json_object_get(doc, "error"), "message");
	struct strbuf sb = STRBUF_INIT;
	char *hit;

	if (!msg)
		msg = json_str(doc, "message");
	if (!msg)
		msg = json_str(doc, "error");
	if (msg)
		strbuf_addstr(&sb, msg);
	else if (!doc && res->body.len)
		strbuf_add(&sb, res->body.buf, res->body.len < MAX_SERVER_TEXT ? res->body.len : MAX_SERVER_TEXT);
	json_decref(doc);
	for (size_t i = 0; i < sb.len; i++)
		if ((unsigned char)sb.buf[i] < 0x20)
			sb.buf[i] = ' ';
	/* a server (or a proxy) that echoes the token must not get it into our logs or database */
	while (c->token && *c->token && (hit = strstr(sb.buf, c->token))) {
		size_t at = (size_t)(hit - sb.buf);
		char *rest = xstrdup(hit + strlen(c->token));

		strbuf_setlen(&sb, at);
		strbuf_addstr(&sb, "***");
		strbuf_addstr(&sb, rest);
		free(rest);
	}
	if (sb.len > MAX_SERVER_TEXT)
		strbuf_setlen(&sb, MAX_SERVER_TEXT);
	if (sb.len)
		strbuf_addf(err, " (%s)", sb.buf);
	strbuf_release(&sb);
}

int gitops_get_json(struct gitops_client *c, const char *url, json_t **out, struct strbuf *err)
{
	const char *headers[] = { c->auth, c->accept, NULL };
	struct http_request req = { url, headers, NULL, 0, -1 };
	struct http_response res;
	int ret = -1, waits = 0;

	*out = NULL;
	c->status = 0;
	http_response_init(&res);
	for (;;) {
		double s;

		if (http_get(&c->http, &req, &res, err))
			goto out;
		c->status = res.status;
		if (res.status != 429)
			break;
		s = wait_of(&res);
		if (++waits > MAX_RATE_WAITS || c->waited + s > c->budget) {
			strbuf_addf(err, "GET %s: HTTP 429 rate limited; waiting %.0f s more would exceed "
					 "github.time_budget_seconds (%.0f s waited): what was collected is kept and the next "
					 "run resumes", url, s, c->waited);
			goto out;
		}
		c->http.sleep(c->http.sleep_data, s, "rate limit (429)");
		c->waited += s;
		c->rate_waits++;
	}
	if (res.status / 100 != 2) {
		strbuf_addf(err, "GET %s: HTTP %ld", url, res.status);
		add_server_text(c, &res, err);
		if (res.status == 401)
			strbuf_addf(err, ": the token in '%s'%s%s%s was refused: %s", c->token_key,
				    c->token_where ? " (" : "", c->token_where ? c->token_where : "",
				    c->token_where ? ")" : "", c->on_401);
		else if (res.status == 403)
			strbuf_addf(err, ": the token in '%s' lacks a permission: %s", c->token_key, c->on_403);
		goto out;
	}
	*out = json_parse_body(res.body.buf, res.body.len, url, err);
	if (*out)
		ret = 0;
out:
	http_response_release(&res);
	return ret;
}
