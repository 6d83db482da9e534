/*
 * GitHub App sign-in: the App's private key, the RS256 JSON Web Token it signs,
 * the installation looked up from the organisation and its installation token,
 * renewed before it expires.  Secrets (key, JWT, token) are registered with the
 * log's redaction and never put into a message.
 */
#ifndef IDPM_GITHUB_APP_H
#define IDPM_GITHUB_APP_H

#include <stdint.h>

#include "collect/http.h"
#include "util/config.h"
#include "util/log.h"
#include "util/strbuf.h"

/* Renew the installation token when less than this remains of it (GitHub's clock). */
#define GITHUB_APP_RENEW_SECONDS 300

struct github_app {
	const struct config *cfg;
	struct log *log;              /* receives the JWTs and tokens as secrets; may be NULL */
	void *key;                    /* EVP_PKEY *: the App's RSA private key */
	char *key_path;               /* github.private_key_file resolved against the configuration's directory */
	char *api_url;                /* github.api_url without a trailing '/' */
	int64_t installation_id;      /* configured, or looked up from the organisation */
	char *account;                /* the installation's account login, when known */
	char *account_type;           /* Organization or User, when known */
	char *selection;              /* repository_selection of the last token: all or selected */
	char *permissions;            /* the last token's permissions, "actions: read, contents: read, ..." */
	void *perm_json;              /* json_t *: the same, as GitHub sent them */
	char *token;                  /* the current installation token, or NULL */
	char *jwt;                    /* the last JWT made (kept only to redact what servers echo) */
	int64_t expires_at;           /* the token's expires_at, on GitHub's clock */
	int64_t renew_margin;         /* renew when less than this remains: GITHUB_APP_RENEW_SECONDS, or half
				       * the life of a token that lives shorter than twice that */
	int64_t skew;                 /* GitHub's clock minus ours, from the last Date header (0 until one came) */
	unsigned generation;          /* grows by one with every token minted */
	int64_t minted;               /* tokens minted by this process */
};

/* 1 when CFG signs in to GitHub as an App (github.app_id is set). */
int github_app_configured(const struct config *cfg);

/*
 * Read and check the App's key (github.private_key_file: a regular file its
 * owner alone may access, an RSA private key in PEM, not encrypted).  LOG may
 * be NULL.  0, or -1 with ERR naming the key, the file and what to do.
 */
int github_app_init(struct github_app *app, const struct config *cfg, struct log *log, struct strbuf *err);
void github_app_release(struct github_app *app);

/*
 * A new JWT for the App: header {"alg":"RS256","typ":"JWT"}, claims iat = NOW
 * - 60, exp = NOW + 540 (GitHub accepts at most 10 minutes), iss = app_id (a
 * number for an App ID, a string for a Client ID), signed with the key; NOW
 * is GitHub's clock as far as we know it.  Returns a new string (also kept in
 * app->jwt and registered as a secret), or NULL with ERR.
 */
char *github_app_jwt(struct github_app *app, int64_t now, struct strbuf *err);

/*
 * Make sure app->token is usable: mint one (looking the installation up from
 * github.org first when installation_id is 0) when there is none, when less
 * than app->renew_margin of it remain on GitHub's clock, or when FORCE is set (GitHub
 * answered 401 to it).  Requests go through HC.  0, or -1 with ERR naming the
 * App, the installation, the URL, the status and what to do.
 */
int github_app_authorize(struct github_app *app, struct http_client *hc, int force, struct strbuf *err);

/* GitHub's clock as a Date header DATE (Unix seconds, <= 0: none) said it; updates app->skew. */
void github_app_note_date(struct github_app *app, int64_t date);

/* "App 123456, installation 42 (organisation acme)", for messages; the caller frees it. */
char *github_app_describe(const struct github_app *app);

/*
 * The permissions a full collection needs that PERMISSIONS (a JSON object such
 * as {"contents":"read","issues":"write"}) lack, appended to MISSING as
 * "actions (read), ...".  DEPLOYMENTS: deployments are needed too.  Returns the
 * number missing.
 */
int github_app_missing_permissions(const void *permissions, int deployments, struct strbuf *missing);

struct doctor_report;
struct doctor_env;
/*
 * doctor's lines for a GitHub App (github_app_doctor.c): the key, the
 * installation (id, account, repository selection) and the permissions its
 * token got, FAIL with the fix when one idpmetrics needs is missing.  Returns
 * a copy of the installation token for the other GitHub checks (the caller
 * frees it; the log redacts it), or NULL when none could be had.
 */
char *github_app_doctor(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc);

#endif
