/*
 * GitHub App sign-in: the App's private key, the RS256 JSON Web Token it signs,
 * the installation looked up from the organisation and its installation token,
 * renewed before it expires.  Secrets (key, JWT, token) are registered with the
 * log's redaction and never put into a message.
 */
#include <glib.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>

#include "collect/github_app.h"
#include "collect/github_client.h"
#include "collect/json.h"
#include "util/fsutil.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define JWT_BACKDATE 60     /* iat this far in the past, against clock drift (GitHub's advice) */
#define JWT_LIFETIME 540    /* exp - now: GitHub accepts at most 600 s */
#define CLOCK_SLACK 30      /* seconds our clock may differ from GitHub's before a refused JWT is re-signed */
#define MAX_KEY_BYTES (1024 * 1024)
#define MAX_TOKEN_LEN 4096  /* installation tokens grow (stateless format): no fixed size, but a bound */

static const char key_fix[] =
	"download a new private key from the App's settings page (Settings > Developer settings > GitHub Apps > "
	"the App > Private keys > Generate a private key) and point github.private_key_file at that .pem file";

int github_app_configured(const struct config *cfg)
{
	return cfg->github.app_id && *cfg->github.app_id;
}

/* "github.private_key_file 'PATH' (config.yaml:7)" into ERR. */
static void name_key(const struct github_app *app, struct strbuf *err)
{
	strbuf_addf(err, "github.private_key_file '%s'", app->key_path);
	if (app->cfg->github.private_key_where)
		strbuf_addf(err, " (%s)", app->cfg->github.private_key_where);
}

/* The key must never be asked for on a terminal: an encrypted key is refused. */
static int no_passphrase(char *buf, int size, int rwflag, void *data)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)data;
	return -1;
}

static int parse_key(struct github_app *app, const struct strbuf *pem, struct strbuf *err)
{
	BIO *bio = BIO_new_mem_buf(pem->buf, (int)pem->len);
	EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;
	int ret = -1;

	ERR_clear_error();
	if (!key) {
		name_key(app, err);
		if (!strstr(pem->buf, "-----BEGIN "))
			strbuf_addf(err, " is not a PEM file (no '-----BEGIN' line): %s", key_fix);
		else if (strstr(pem->buf, "ENCRYPTED"))
			strbuf_addstr(err, " is encrypted with a passphrase: give idpmetrics the key as GitHub generates it "
					   "(not encrypted) and protect the file with its mode (chmod 600)");
		else if (!strstr(pem->buf, "PRIVATE KEY-----"))
			strbuf_addf(err, " holds no private key (a public key or a certificate?): %s", key_fix);
		else
			strbuf_addf(err, " holds a private key OpenSSL cannot read (damaged or cut short?): %s", key_fix);
		goto out;
	}
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
		name_key(app, err);
		strbuf_addf(err, " holds a %s key, not an RSA key: GitHub Apps sign with RSA (RS256): %s",
			    EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "non-RSA", key_fix);
		EVP_PKEY_free(key);
		goto out;
	}
	app->key = key;
	ret = 0;
out:
	BIO_free(bio);
	return ret;
}

int github_app_init(struct github_app *app, const struct config *cfg, struct log *log, struct strbuf *err)
{
	struct strbuf pem = STRBUF_INIT, ferr = STRBUF_INIT;
	size_t n;
	int ret = -1;

	memset(app, 0, sizeof(*app));
	app->cfg = cfg;
	app->log = log;
	app->installation_id = cfg->github.installation_id;
	n = strlen(cfg->github.api_url);
	while (n && cfg->github.api_url[n - 1] == '/')
		n--;
	app->api_url = xstrndup(cfg->github.api_url, n);
	if (!cfg->github.private_key_file) {
		strbuf_addstr(err, "'github.app_id' needs 'github.private_key_file': the path of the App's private key");
		goto out;
	}
	app->key_path = config_path(cfg, cfg->github.private_key_file);
	strbuf_init(&pem, MAX_KEY_BYTES);
	if (fs_read_private_file(app->key_path, &pem, &ferr)) {
		strbuf_addstr(err, "cannot use ");
		name_key(app, err);
		strbuf_addf(err, " as the GitHub App's key: %s", ferr.buf);
		goto out;
	}
	ret = parse_key(app, &pem, err);
out:
	if (pem.alloc)
		OPENSSL_cleanse(pem.buf, pem.len);
	strbuf_release(&pem);
	strbuf_release(&ferr);
	if (ret)
		github_app_release(app);
	return ret;
}

static void wipe(char **s)
{
	if (*s)
		OPENSSL_cleanse(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

void github_app_release(struct github_app *app)
{
	EVP_PKEY_free(app->key);
	app->key = NULL;
	free(app->key_path);
	free(app->api_url);
	free(app->account);
	free(app->account_type);
	free(app->selection);
	free(app->permissions);
	json_decref(app->perm_json);
	wipe(&app->token);
	wipe(&app->jwt);
	memset(app, 0, sizeof(*app));
}

/* LEN bytes as base64url without padding (RFC 7515 section 2); the caller frees it. */
static char *b64url(const void *data, size_t len)
{
	gchar *b = g_base64_encode(data, len);
	char *out, *o;

	out = o = xstrdup(b);
	g_free(b);
	for (const char *p = out; *p; p++) {
		if (*p == '=')
			break;
		*o++ = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	}
	*o = '\0';
	return out;
}

char *github_app_jwt(struct github_app *app, int64_t now, struct strbuf *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *sig = NULL;
	size_t siglen = 0;
	char *head = NULL, *claims = NULL, *body = NULL, *input = NULL, *s64 = NULL, *jwt = NULL;
	const char *id = app->cfg->github.app_id;
	int numeric = strspn(id, "0123456789") == strlen(id);

	head = b64url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", 27);
	claims = xasprintf(numeric ? "{\"iat\":%lld,\"exp\":%lld,\"iss\":%s}" : "{\"iat\":%lld,\"exp\":%lld,\"iss\":\"%s\"}",
			   (long long)(now - JWT_BACKDATE), (long long)(now + JWT_LIFETIME), id);
	body = b64url(claims, strlen(claims));
	input = xasprintf("%s.%s", head, body);
	if (!md || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, app->key) != 1 ||
	    EVP_DigestSign(md, NULL, &siglen, (const unsigned char *)input, strlen(input)) != 1) {
		strbuf_addstr(err, "cannot sign the GitHub App's JSON Web Token with ");
		name_key(app, err);
		goto out;
	}
	sig = xmalloc(siglen);
	if (EVP_DigestSign(md, sig, &siglen, (const unsigned char *)input, strlen(input)) != 1) {
		strbuf_addstr(err, "cannot sign the GitHub App's JSON Web Token with ");
		name_key(app, err);
		goto out;
	}
	s64 = b64url(sig, siglen);
	jwt = xasprintf("%s.%s", input, s64);
	wipe(&app->jwt);
	app->jwt = xstrdup(jwt);
	if (app->log)
		log_add_secret(app->log, jwt);
out:
	ERR_clear_error();
	EVP_MD_CTX_free(md);
	free(sig);
	free(head);
	free(claims);
	free(body);
	free(input);
	free(s64);
	return jwt;
}

void github_app_note_date(struct github_app *app, int64_t date)
{
	if (date > 0)
		app->skew = date - time_now();
}

char *github_app_describe(const struct github_app *app)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "GitHub App %s, ", app->cfg->github.app_id);
	if (app->installation_id)
		strbuf_addf(&sb, "installation %lld", (long long)app->installation_id);
	else
		strbuf_addstr(&sb, "its installation");
	if (app->account)
		strbuf_addf(&sb, " on '%s'", app->account);
	else if (app->cfg->github.org)
		strbuf_addf(&sb, " (organisation '%s')", app->cfg->github.org);
	return strbuf_detach(&sb, NULL);
}

/* The "message" of a GitHub error body with every secret of ours replaced by "***"; never NULL. */
static char *message_of(const struct github_app *app, const struct http_response *hr)
{
	json_t *doc = json_loadb(hr->body.buf, hr->body.len, 0, NULL);
	const char *m = json_string_value(json_object_get(doc, "message"));
	char *out;

	if (app->log) {
		out = log_redact(app->log, m ? m : "");
	} else {
		out = xstrdup(m ? m : "");
	}
	/* the log may be absent: the current JWT and token are always taken out */
	for (int i = 0; i < 2; i++) {
		const char *s = i ? app->token : app->jwt;
		char *hit;

		while (s && *s && (hit = strstr(out, s))) {
			char *next = xasprintf("%.*s***%s", (int)(hit - out), out, hit + strlen(s));

			free(out);
			out = next;
		}
	}
	json_decref(doc);
	return out;
}

/* One request signed with a fresh JWT: GET URL, or POST an empty JSON object when POST is set. */
static int sign_and_send(struct github_app *app, struct http_client *hc, const char *url, int post,
			 struct http_response *hr, struct strbuf *err)
{
	const char *headers[6];
	char *jwt = github_app_jwt(app, time_now() + app->skew, err), *auth;
	struct http_request req;
	int rc;

	if (!jwt)
		return -1;
	auth = xasprintf("Authorization: Bearer %s", jwt);
	headers[0] = "Accept: application/vnd.github+json";
	headers[1] = "X-GitHub-Api-Version: 2022-11-28";
	headers[2] = auth;
	headers[3] = post ? "Content-Type: application/json" : NULL;
	headers[4] = NULL;
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.headers = headers;
	req.retries = -1;
	rc = post ? http_post(hc, &req, "{}", hr, err) : http_get(hc, &req, hr, err);
	if (!rc)
		github_app_note_date(app, github_parse_http_date(http_header(hr, "date")));
	OPENSSL_cleanse(auth, strlen(auth));
	free(auth);
	OPENSSL_cleanse(jwt, strlen(jwt));
	free(jwt);
	return rc;
}

/*
 * sign_and_send, once more when GitHub refused the JWT (401) and its Date
 * header shows our clock is off by more than CLOCK_SLACK: the JWT is then
 * signed on GitHub's clock (its iat and exp are checked on that clock).
 */
static int app_request(struct github_app *app, struct http_client *hc, const char *url, int post,
		       struct http_response *hr, struct strbuf *err)
{
	int64_t before = app->skew;

	if (sign_and_send(app, hc, url, post, hr, err))
		return -1;
	if (hr->status != 401 || llabs(app->skew - before) <= CLOCK_SLACK)
		return 0;
	if (app->log)
		log_warn(app->log, "github: this machine's clock is %lld s %s GitHub's: the App's JSON Web Token is signed "
				   "on GitHub's clock (keep the clock synchronised, e.g. with NTP)",
			 (long long)llabs(app->skew), app->skew > 0 ? "behind" : "ahead of");
	return sign_and_send(app, hc, url, post, hr, err);
}

/* ERR for an answer that refused the App: what, where, and what to do. */
static void refused(struct github_app *app, const char *method, const char *url, const struct http_response *hr,
		    struct strbuf *err)
{
	char *who = github_app_describe(app), *msg = message_of(app, hr);

	strbuf_addf(err, "%s: %s %s: %ld %s", who, method, url, hr->status, *msg ? msg : "");
	if (hr->status == 401) {
		strbuf_addstr(err, ": GitHub rejected the App's JSON Web Token: check that github.app_id is this App's "
				   "App ID (or Client ID) and that ");
		name_key(app, err);
		strbuf_addstr(err, " is a private key of this App that was not deleted; GitHub also refuses the token "
				   "when this machine's clock is off by minutes (keep it synchronised, e.g. with NTP)");
	} else if (github_classify_limit(hr->status, http_header(hr, "retry-after"),
					 http_header(hr, "x-ratelimit-remaining"), msg) != GITHUB_LIMIT_NONE) {
		const char *reset = http_header(hr, "x-ratelimit-reset");
		char when[32] = "not stated";

		if (reset && strspn(reset, "0123456789") == strlen(reset) && *reset)
			time_format_iso((int64_t)strtoll(reset, NULL, 10), when, sizeof(when));
		strbuf_addf(err, ": GitHub's rate limit for the App's own requests; the next run signs in again (reset %s)",
			    when);
	} else if (hr->status == 403) {
		strbuf_addstr(err, ": the installation cannot be used (suspended, or the organisation blocks the App): "
				   "an organisation owner can unsuspend it under Settings > GitHub Apps");
	}
	free(who);
	free(msg);
}

static int lookup_installation(struct github_app *app, struct http_client *hc, struct strbuf *err)
{
	struct http_response hr;
	char *org = NULL, *url = NULL;
	json_t *doc = NULL;
	int64_t id;
	int ret = -1;

	http_response_init(&hr);
	if (!app->cfg->github.org || !*app->cfg->github.org) {
		strbuf_addstr(err, "'github.installation_id' is 0 and no 'github.org' is set to look the installation up");
		goto out;
	}
	org = http_escape(app->cfg->github.org);
	url = xasprintf("%s/orgs/%s/installation", app->api_url, org);
	if (app_request(app, hc, url, 0, &hr, err))
		goto out;
	if (hr.status == 404) {
		char *msg = message_of(app, &hr);

		strbuf_addf(err, "GitHub App %s is not installed on the organisation '%s' (GET %s: 404 %s): an "
				 "organisation owner installs it from the App's page (Settings > Developer settings > "
				 "GitHub Apps > the App > Install App > %s), or set github.installation_id to the installation's "
				 "number (the last part of its settings URL)",
			    app->cfg->github.app_id, app->cfg->github.org, url, *msg ? msg : "Not Found", app->cfg->github.org);
		free(msg);
		goto out;
	}
	if (hr.status != 200) {
		refused(app, "GET", url, &hr, err);
		goto out;
	}
	if (!(doc = json_parse_body(hr.body.buf, hr.body.len, url, err)))
		goto out;
	if (json_int(doc, "id", &id) || id <= 0) {
		strbuf_addf(err, "GET %s: the answer has no installation 'id'", url);
		goto out;
	}
	app->installation_id = id;
	free(app->account);
	free(app->account_type);
	app->account = json_str(json_object_get(doc, "account"), "login") ?
			       xstrdup(json_str(json_object_get(doc, "account"), "login")) : NULL;
	app->account_type = json_str(json_object_get(doc, "account"), "type") ?
				    xstrdup(json_str(json_object_get(doc, "account"), "type")) : NULL;
	if (app->log)
		log_debug(app->log, "github: GitHub App %s is installation %lld on '%s'", app->cfg->github.app_id,
			  (long long)id, app->account ? app->account : app->cfg->github.org);
	ret = 0;
out:
	json_decref(doc);
	http_response_release(&hr);
	free(org);
	free(url);
	return ret;
}

/* "actions: read, contents: read" from the permissions object, keys sorted. */
static char *permissions_text(const json_t *perm)
{
	struct strbuf sb = STRBUF_INIT;
	const char **keys = NULL;
	const char *k;
	json_t *v;
	size_t n = 0;

	json_object_foreach((json_t *)perm, k, v) {
		keys = xrealloc(keys, (n + 1) * sizeof(*keys));
		keys[n++] = k;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];

			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		const char *s = json_string_value(json_object_get(perm, keys[i]));

		strbuf_addf(&sb, "%s%s: %s", i ? ", " : "", keys[i], s ? s : "?");
	}
	free(keys);
	return strbuf_detach(&sb, NULL);
}

int github_app_missing_permissions(const void *permissions, int deployments, struct strbuf *missing)
{
	static const char *const needed[] = { "metadata", "contents", "actions", "issues", "pull_requests",
					      "deployments", NULL };
	int n = 0;

	for (int i = 0; needed[i]; i++) {
		const char *level = json_string_value(json_object_get(permissions, needed[i]));

		if (!strcmp(needed[i], "deployments") && !deployments)
			continue;
		if (level && (!strcmp(level, "read") || !strcmp(level, "write") || !strcmp(level, "admin")))
			continue;
		strbuf_addf(missing, "%s%s (read)", missing->len ? ", " : "", needed[i]);
		n++;
	}
	return n;
}

/* Keep what the access_tokens answer DOC says; 0, or -1 when it holds no usable token. */
static int take_token(struct github_app *app, json_t *doc, const char *url, const struct http_response *hr,
		      struct strbuf *err)
{
	const char *tok = json_str(doc, "token"), *sel = json_str(doc, "repository_selection");
	int64_t expires = json_time(doc, "expires_at");
	int64_t date = github_parse_http_date(http_header(hr, "date"));
	json_t *perm = json_object_get(doc, "permissions");
	size_t len = tok ? strlen(tok) : 0;

	if (!len || len > MAX_TOKEN_LEN || strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
						       "_-.~+/=") != len) {
		strbuf_addf(err, "POST %s: the answer holds no usable installation token", url);
		return -1;
	}
	if (expires == TIME_NONE) {
		strbuf_addf(err, "POST %s: the answer's expires_at is missing or not a time", url);
		return -1;
	}
	if (expires <= time_now() + app->skew + 10) {
		char when[32];

		time_format_iso(expires, when, sizeof(when));
		strbuf_addf(err, "POST %s: the installation token GitHub issued expires at %s, already past on GitHub's "
				 "clock (%s)", url, when, date > 0 ? "its Date header" : "no Date header: ours");
		return -1;
	}
	wipe(&app->token);
	app->token = xstrdup(tok);
	if (app->log)
		log_add_secret(app->log, tok);
	app->expires_at = expires;
	/* a token that lives less than twice the renewal margin is renewed at half its life, not at once */
	app->renew_margin = (expires - (time_now() + app->skew)) / 2;
	if (app->renew_margin > GITHUB_APP_RENEW_SECONDS)
		app->renew_margin = GITHUB_APP_RENEW_SECONDS;
	app->generation++;
	app->minted++;
	free(app->selection);
	app->selection = sel ? xstrdup(sel) : NULL;
	json_decref(app->perm_json);
	app->perm_json = json_is_object(perm) ? json_incref(perm) : json_object();
	free(app->permissions);
	app->permissions = permissions_text(app->perm_json);
	if (app->log && app->minted == 1) {
		char *who = github_app_describe(app);

		log_info(app->log, "github: signed in as %s (repository selection: %s)", who, sel ? sel : "not stated");
		free(who);
	}
	if (app->log) {
		char when[32];

		time_format_iso(expires, when, sizeof(when));
		log_debug(app->log, "github: installation token %lld minted for installation %lld, valid until %s "
				    "(GitHub's clock%s), permissions %s", (long long)app->minted,
			  (long long)app->installation_id, when, date > 0 ? "" : ", no Date header", app->permissions);
	}
	return 0;
}

static int mint(struct github_app *app, struct http_client *hc, struct strbuf *err)
{
	struct http_response hr;
	char *url = NULL;
	json_t *doc = NULL;
	int ret = -1;

	http_response_init(&hr);
	if (!app->installation_id && lookup_installation(app, hc, err))
		goto out;
	url = xasprintf("%s/app/installations/%lld/access_tokens", app->api_url, (long long)app->installation_id);
	if (app_request(app, hc, url, 1, &hr, err))
		goto out;
	if (hr.status == 404) {
		char *msg = message_of(app, &hr);

		strbuf_addf(err, "GitHub App %s has no installation %lld (POST %s: 404 %s): set github.installation_id "
				 "to 0 to look it up from github.org, or to the number at the end of the installation's "
				 "settings URL",
			    app->cfg->github.app_id, (long long)app->installation_id, url, *msg ? msg : "Not Found");
		free(msg);
		goto out;
	}
	if (hr.status != 201 && hr.status != 200) {
		refused(app, "POST", url, &hr, err);
		goto out;
	}
	if (!(doc = json_parse_body(hr.body.buf, hr.body.len, url, err)))
		goto out;
	ret = take_token(app, doc, url, &hr, err);
out:
	json_decref(doc);
	http_response_release(&hr);
	free(url);
	return ret;
}

int github_app_authorize(struct github_app *app, struct http_client *hc, int force, struct strbuf *err)
{
	int64_t remaining = app->expires_at - (time_now() + app->skew);

	if (app->token && !force && remaining > app->renew_margin)
		return 0;
	if (app->token && app->log)
		log_debug(app->log, "github: renewing the installation token (%s, %lld s left)",
			  force ? "GitHub refused it" : "it expires soon", (long long)remaining);
	return mint(app, hc, err);
}
