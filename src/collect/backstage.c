/* Backstage backend client: plugin URLs, the static bearer token, JSON GETs with Backstage errors explained. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collect/backstage.h"
#include "collect/json.h"
#include "util/xalloc.h"

#define MAX_SERVER_TEXT 300 /* bytes of a server's error message quoted in ours */

int backstage_client_init(struct backstage_client *bc, const struct config *cfg, struct log *log,
			  struct run_stats *stats, struct strbuf *err)
{
	const char *token;
	size_t n;

	memset(bc, 0, sizeof(*bc));
	bc->cfg = cfg;
	if (!cfg->backstage.base_url || !*cfg->backstage.base_url) {
		strbuf_addstr(err, "no 'backstage.base_url' configured: set it to the Backstage backend's base URL, "
				   "e.g. https://backstage.example.com");
		return -1;
	}
	if (strncmp(cfg->backstage.base_url, "http://", 7) && strncmp(cfg->backstage.base_url, "https://", 8)) {
		strbuf_addf(err, "'backstage.base_url' must start with https:// or http://, not '%s'",
			    cfg->backstage.base_url);
		return -1;
	}
	token = config_token(&cfg->backstage.token, "backstage.token", err);
	if (!token)
		return -1;
	if (strpbrk(token, " \t\r\n")) {
		strbuf_addf(err, "%s: 'backstage.token' contains whitespace; Backstage static tokens never do",
			    cfg->backstage.token.where ? cfg->backstage.token.where : "configuration");
		return -1;
	}
	n = strlen(cfg->backstage.base_url);
	while (n && cfg->backstage.base_url[n - 1] == '/')
		n--;
	bc->base = xstrndup(cfg->backstage.base_url, n);
	bc->token = token;
	bc->auth = xasprintf("Authorization: Bearer %s", token);
	return http_client_init(&bc->http, cfg, log, stats, err);
}

void backstage_client_release(struct backstage_client *bc)
{
	http_client_release(&bc->http);
	free(bc->base);
	if (bc->auth) {
		/* do not leave the secret lying in freed memory */
		memset(bc->auth, 0, strlen(bc->auth));
		free(bc->auth);
	}
	free(bc->link_next);
	memset(bc, 0, sizeof(*bc));
}

/* Percent-encode a query value, keeping the characters RFC 3986 allows there unescaped (":", "/", "@"). */
static void add_query_value(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch) || strchr("-_.~:/@", ch))
			strbuf_addch(sb, ch);
		else
			strbuf_addf(sb, "%%%02X", ch);
	}
}

char *backstage_url(const struct backstage_client *bc, const char *plugin, const char *path,
		    const char *const *params)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/api/%s/%s", bc->base, plugin, path[0] == '/' ? path + 1 : path);
	for (size_t i = 0; params && params[i] && params[i + 1]; i += 2) {
		strbuf_addch(&sb, i ? '&' : '?');
		add_query_value(&sb, params[i]);
		strbuf_addch(&sb, '=');
		add_query_value(&sb, params[i + 1]);
	}
	return strbuf_detach(&sb, NULL);
}

/* Append S (LEN bytes) to SB cleaned for a one-line message: control characters become spaces, at most MAX_SERVER_TEXT bytes. */
static void add_server_text(struct strbuf *sb, const char *s, size_t len, const char *token)
{
	size_t start = sb->len, n = len < MAX_SERVER_TEXT ? len : MAX_SERVER_TEXT;
	char *hit;

	/* do not cut a UTF-8 sequence in half */
	if (n < len)
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	for (size_t i = 0; i < n; i++)
		strbuf_addch(sb, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i]);
	while (sb->len > start && sb->buf[sb->len - 1] == ' ')
		strbuf_setlen(sb, sb->len - 1);
	if (n < len)
		strbuf_addstr(sb, "...");
	/* a server that echoes the token must not get it into our logs or database */
	while (token && *token && (hit = strstr(sb->buf + start, token))) {
		size_t tl = strlen(token), at = (size_t)(hit - sb->buf);
		char *rest = xstrdup(hit + tl);

		strbuf_setlen(sb, at);
		strbuf_addstr(sb, "***");
		strbuf_addstr(sb, rest);
		free(rest);
	}
}

/* The server's own words: "InputError: message" from a Backstage error body, else the start of the body. */
static void add_server_message(struct strbuf *sb, const char *body, size_t len, const char *token)
{
	json_t *doc = NULL, *error;
	json_error_t jerr;
	const char *name = NULL, *msg = NULL;

	if (len && (body[0] == '{' || body[0] == ' ' || body[0] == '\n'))
		doc = json_loadb(body, len, 0, &jerr);
	error = json_object_get(doc, "error");
	if (json_is_object(error)) {
		name = json_str(error, "name");
		msg = json_str(error, "message");
	} else if (json_is_object(doc)) {
		msg = json_str(doc, "message"); /* a proxy's or an older plugin's shape */
	}
	if (name) {
		strbuf_addstr(sb, " ");
		add_server_text(sb, name, strlen(name), token);
	}
	if (msg && *msg) {
		strbuf_addstr(sb, name ? ": " : " ");
		add_server_text(sb, msg, strlen(msg), token);
	} else if (!doc && len) {
		size_t n = 0;

		while (n < len && body[n] != '\n')
			n++;
		strbuf_addstr(sb, " ");
		add_server_text(sb, body, n, token);
	}
	json_decref(doc);
}

void backstage_explain(long status, const char *url, const char *plugin, const char *body, size_t len,
		       const char *location, const char *token_where, const char *token, struct strbuf *err)
{
	strbuf_addf(err, "GET %s: HTTP %ld", url, status);
	if (status >= 300 && status < 400) {
		strbuf_addf(err, " redirect to '%s': 'backstage.base_url' must be the Backstage backend's own URL "
				 "(an authenticating proxy in front of it cannot be used with a static token)",
			    location ? location : "(no Location header)");
		return;
	}
	add_server_message(err, body, len, token);
	switch (status) {
	case 401:
		strbuf_addf(err,
			    ": Backstage did not accept the token in 'backstage.token'%s%s%s. idpmetrics needs a static "
			    "external-access token: in Backstage's app-config add under backend.auth.externalAccess an entry "
			    "'- type: static' with 'options: {token: <a random string of at least 8 characters, no "
			    "whitespace>, subject: idpmetrics}', restart Backstage, and give idpmetrics the same string "
			    "through the environment variable or file that 'backstage.token' names",
			    token_where ? " (" : "", token_where ? token_where : "", token_where ? ")" : "");
		break;
	case 403:
		strbuf_addf(err,
			    ": Backstage knows the token but does not let it read the '%s' plugin. Check the static "
			    "external-access entry (backend.auth.externalAccess, type: static) for this token: if it has "
			    "accessRestrictions, add '- plugin: %s'; a permission policy must also allow its subject to read",
			    plugin, plugin);
		break;
	case 404:
		strbuf_addf(err, "%scheck that 'backstage.base_url' is the backend's base URL (without /api) and "
				 "that the Backstage '%s' plugin is installed", len ? ": " : " (not found): ", plugin);
		break;
	default:
		break;
	}
}

int backstage_get_json(struct backstage_client *bc, const char *plugin, const char *url, json_t **out,
		       struct strbuf *err)
{
	const char *headers[] = { bc->auth, "Accept: application/json", NULL };
	struct http_request req = { url, headers, NULL, bc->cfg->backstage.timeout_seconds, -1 };
	struct http_response res;
	const char *link;
	int ret = -1;

	*out = NULL;
	bc->status = 0;
	free(bc->link_next);
	bc->link_next = NULL;
	http_response_init(&res);
	if (http_get(&bc->http, &req, &res, err)) {
		bc->status = res.status;
		if (res.status >= 500 && res.body.len) {
			strbuf_addstr(err, "; the server said:");
			add_server_message(err, res.body.buf, res.body.len, bc->token);
		}
		goto out;
	}
	bc->status = res.status;
	if (res.status < 200 || res.status > 299) {
		backstage_explain(res.status, url, plugin, res.body.buf, res.body.len, http_header(&res, "Location"),
				  bc->cfg->backstage.token.where, bc->token, err);
		goto out;
	}
	link = http_header(&res, "Link");
	if (link)
		bc->link_next = http_link_next(link);
	*out = json_parse_body(res.body.buf, res.body.len, url, err);
	if (*out)
		ret = 0;
out:
	http_response_release(&res);
	return ret;
}
