/* idpmetrics doctor's GitHub App lines: the key, the installation and the permissions its token got. */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor.h"
#include "collect/github_app.h"
#include "util/xalloc.h"

static const char permissions_fix[] =
	"on GitHub, the App's settings (Settings > Developer settings > GitHub Apps > the App > Permissions & events)\n"
	"> Repository permissions: Metadata, Contents, Actions, Issues and Pull requests read-only (Deployments too\n"
	"when dora.source is deployments); save, then an organisation owner accepts the new permissions in the\n"
	"organisation's Settings > GitHub Apps > the App (Review request)";

char *github_app_doctor(struct doctor_report *r, const struct doctor_env *env, struct http_client *hc)
{
	const struct config *cfg = env->cfg;
	struct github_app app;
	struct strbuf err = STRBUF_INIT, missing = STRBUF_INIT;
	struct doctor_check *c;
	char *tok = NULL, *who = NULL;
	int deployments = cfg->dora.source && !strcmp(cfg->dora.source, "deployments");

	if (github_app_init(&app, cfg, env->log, &err)) {
		c = doctor_add(r, "github app key", DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "the key GitHub generates for the App (a .pem file), owned by the user that runs "
				  "idpmetrics with mode 0600 or 0400 (chmod 600 FILE); docs/sources/github.md, 'GitHub App "
				  "sign-in'");
		strbuf_release(&err);
		return NULL;
	}
	doctor_add(r, "github app key", DOCTOR_OK, "GitHub App %s: RSA key of %d bits from %s", cfg->github.app_id,
		   EVP_PKEY_get_bits(app.key), app.key_path);
	if (github_app_authorize(&app, hc, 0, &err)) {
		c = doctor_add(r, "github installation", DOCTOR_FAIL, "%s", err.buf);
		doctor_set_fix(c, "as the message says; docs/sources/github.md, 'GitHub App sign-in', shows how the App is "
				  "created and installed");
		goto out;
	}
	who = github_app_describe(&app);
	if (app.selection && !strcmp(app.selection, "selected")) {
		c = doctor_add(r, "github installation", DOCTOR_WARN, "%s (%s%s%s), repository selection: selected",
			       who, cfg->github.installation_id ? "github.installation_id" : "looked up from github.org",
			       app.account_type ? ", " : "", app.account_type ? app.account_type : "");
		doctor_set_fix(c, "only the repositories selected for the installation are measured: choose 'All "
				  "repositories' in the organisation's Settings > GitHub Apps > the App > Configure, or add "
				  "every repository to measure");
	} else {
		doctor_add(r, "github installation", DOCTOR_OK, "%s (%s%s%s), repository selection: %s", who,
			   cfg->github.installation_id ? "github.installation_id" : "looked up from github.org",
			   app.account_type ? ", " : "", app.account_type ? app.account_type : "",
			   app.selection ? app.selection : "not stated");
	}
	if (github_app_missing_permissions(app.perm_json, deployments, &missing)) {
		c = doctor_add(r, "github permissions", DOCTOR_FAIL, "the installation token has %s; it lacks %s",
			       *app.permissions ? app.permissions : "no permissions", missing.buf);
		doctor_set_fix(c, "%s", permissions_fix);
	} else {
		doctor_add(r, "github permissions", DOCTOR_OK, "%s", app.permissions);
	}
	tok = xstrdup(app.token);
out:
	free(who);
	strbuf_release(&err);
	strbuf_release(&missing);
	github_app_release(&app);
	return tok;
}
