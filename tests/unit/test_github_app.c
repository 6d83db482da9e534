/* Unit tests: the GitHub App's key checks, its RS256 JSON Web Token (verified with the public key) and permissions. */
#include <glib.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "collect/github_app.h"
#include "test.h"
#include "util/xalloc.h"

static char dir[] = "/tmp/idpm-app-XXXXXX";

/* Write KEY as PEM to NAME under dir with MODE; TRADITIONAL: "BEGIN RSA PRIVATE KEY" as GitHub hands it out. */
static char *write_key(EVP_PKEY *key, const char *name, int traditional, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, name);
	BIO *bio = BIO_new_file(path, "w");

	if (!bio)
		return path;
	if (traditional)
		PEM_write_bio_PrivateKey_traditional(bio, key, NULL, NULL, 0, NULL, NULL);
	else
		PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
	BIO_free(bio);
	chmod(path, mode);
	return path;
}

/* A JWT segment back to bytes (base64url without padding, as RFC 7515 wants it). */
static guchar *segment(const char *s, size_t n, gsize *len)
{
	GString *b = g_string_new_len(s, (gssize)n);
	guchar *out;

	for (gsize i = 0; i < b->len; i++)
		b->str[i] = b->str[i] == '-' ? '+' : b->str[i] == '_' ? '/' : b->str[i];
	while (b->len % 4)
		g_string_append_c(b, '=');
	out = g_base64_decode(b->str, len);
	g_string_free(b, TRUE);
	return out;
}

static void check_jwt(EVP_PKEY *key, const char *jwt, const char *want_claims)
{
	const char *d1 = strchr(jwt, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	gsize hl = 0, cl = 0, sl = 0;
	guchar *head, *claims, *sig;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	CHECK(d1 && d2 && !strchr(d2 + 1, '.'));
	if (!d1 || !d2)
		return;
	CHECK(!strpbrk(jwt, "=+/ \n"));
	head = segment(jwt, (size_t)(d1 - jwt), &hl);
	claims = segment(d1 + 1, (size_t)(d2 - d1 - 1), &cl);
	sig = segment(d2 + 1, strlen(d2 + 1), &sl);
	CHECK(hl == 27 && !memcmp(head, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", 27));
	CHECK(cl == strlen(want_claims) && !memcmp(claims, want_claims, cl));
	CHECK_INTEQ(sl, 256); /* RSA 2048 */
	CHECK(EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1);
	CHECK(EVP_DigestVerify(md, sig, sl, (const unsigned char *)jwt, (size_t)(d2 - jwt)) == 1);
	/* a changed claim no longer verifies */
	EVP_MD_CTX_reset(md);
	CHECK(EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key) == 1);
	CHECK(EVP_DigestVerify(md, sig, sl, (const unsigned char *)jwt, (size_t)(d2 - jwt - 1)) != 1);
	EVP_MD_CTX_free(md);
	g_free(head);
	g_free(claims);
	g_free(sig);
}

static void test_github_app__jwt(void)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	struct config cfg;
	struct github_app app;
	struct strbuf err = STRBUF_INIT;
	char *jwt;

	config_init(&cfg);
	cfg.github.app_id = xstrdup("123456");
	cfg.github.private_key_file = write_key(key, "app.pem", 1, 0600);
	CHECK(!github_app_init(&app, &cfg, NULL, &err));
	CHECK_STREQ(err.buf, "");
	jwt = github_app_jwt(&app, 1800000000, &err);
	CHECK(jwt != NULL);
	if (jwt)
		check_jwt(key, jwt, "{\"iat\":1799999940,\"exp\":1800000540,\"iss\":123456}");
	CHECK_STREQ(app.jwt, jwt);
	free(jwt);
	github_app_release(&app);

	/* a Client ID is a string claim; a PKCS#8 key ("BEGIN PRIVATE KEY") is read too */
	free(cfg.github.app_id);
	free(cfg.github.private_key_file);
	cfg.github.app_id = xstrdup("Iv23liAbCdEf");
	cfg.github.private_key_file = write_key(key, "app8.pem", 0, 0400);
	CHECK(!github_app_init(&app, &cfg, NULL, &err));
	jwt = github_app_jwt(&app, 1800000000, &err);
	CHECK(jwt != NULL);
	if (jwt)
		check_jwt(key, jwt, "{\"iat\":1799999940,\"exp\":1800000540,\"iss\":\"Iv23liAbCdEf\"}");
	free(jwt);
	github_app_release(&app);
	strbuf_release(&err);
	config_release(&cfg);
	EVP_PKEY_free(key);
}

static void test_github_app__key_refused(void)
{
	EVP_PKEY *rsa = EVP_RSA_gen(2048), *ec = EVP_EC_gen("P-256");
	struct config cfg;
	struct github_app app;
	struct strbuf err = STRBUF_INIT;

	config_init(&cfg);
	cfg.github.app_id = xstrdup("1");
	cfg.github.private_key_where = xstrdup("idpmetrics.yaml:4");
	/* readable by the group: refused before it is read, naming the file, the mode and the fix */
	cfg.github.private_key_file = write_key(rsa, "group.pem", 1, 0640);
	CHECK(github_app_init(&app, &cfg, NULL, &err));
	CHECK(strstr(err.buf, "github.private_key_file '") && strstr(err.buf, "group.pem' (idpmetrics.yaml:4)"));
	CHECK(strstr(err.buf, "mode 0640") && strstr(err.buf, "chmod 600"));
	strbuf_reset(&err);
	free(cfg.github.private_key_file);
	cfg.github.private_key_file = write_key(rsa, "others.pem", 1, 0604);
	CHECK(github_app_init(&app, &cfg, NULL, &err));
	CHECK(strstr(err.buf, "mode 0604") != NULL);
	strbuf_reset(&err);
	/* not RSA */
	free(cfg.github.private_key_file);
	cfg.github.private_key_file = write_key(ec, "ec.pem", 0, 0600);
	CHECK(github_app_init(&app, &cfg, NULL, &err));
	CHECK(strstr(err.buf, "holds a EC key, not an RSA key") != NULL);
	strbuf_reset(&err);
	/* a directory */
	free(cfg.github.private_key_file);
	cfg.github.private_key_file = xstrdup(dir);
	CHECK(github_app_init(&app, &cfg, NULL, &err));
	CHECK(strstr(err.buf, "not a regular file") != NULL);
	strbuf_release(&err);
	config_release(&cfg);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}

static void test_github_app__permissions(void)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "metadata", "read", "contents", "write", "actions", "read",
			      "issues", "read", "pull_requests", "read");
	struct strbuf m = STRBUF_INIT;

	CHECK_INTEQ(github_app_missing_permissions(p, 0, &m), 0);
	CHECK_STREQ(m.buf, "");
	CHECK_INTEQ(github_app_missing_permissions(p, 1, &m), 1);
	CHECK_STREQ(m.buf, "deployments (read)");
	strbuf_reset(&m);
	json_object_set_new(p, "actions", json_string("none"));
	json_object_del(p, "metadata");
	CHECK_INTEQ(github_app_missing_permissions(p, 0, &m), 2);
	CHECK_STREQ(m.buf, "metadata (read), actions (read)");
	json_decref(p);
	strbuf_release(&m);
}

/* The github section is parsed by a custom function: its token is still registered for redaction; App keys checked. */
static void test_github_app__config(void)
{
	static const char both[] = "github:\n  org: acme\n  token: \"${IDPM_TEST_GH}\"\n  app_id: 5\n  private_key_file: k.pem\n";
	static const char tok[] = "github:\n  org: acme\n  token: \"${IDPM_TEST_GH}\"\n";
	static const char app_only[] = "github:\n  org: acme\n  app_id: Iv23li.x1\n  private_key_file: k.pem\n"
				       "  installation_id: 9\n";
	struct config cfg;
	struct strbuf err = STRBUF_INIT;
	struct log log;
	char *red;

	setenv("IDPM_TEST_GH", "ghp_secretvalue123", 1);
	config_init(&cfg);
	CHECK(!config_load_text(&cfg, "t.yaml", tok, sizeof(tok) - 1, &err));
	log_init(&log, NULL);
	sources_register_secrets(&cfg, &log);
	red = log_redact(&log, "x ghp_secretvalue123 y");
	CHECK_STREQ(red, "x *** y");
	free(red);
	log_release(&log);
	config_release(&cfg);

	config_init(&cfg);
	CHECK(config_load_text(&cfg, "t.yaml", both, sizeof(both) - 1, &err));
	CHECK(strstr(err.buf, "has both a token (t.yaml:3) and a GitHub App") != NULL);
	config_release(&cfg);
	strbuf_reset(&err);

	config_init(&cfg);
	CHECK(!config_load_text(&cfg, "t.yaml", app_only, sizeof(app_only) - 1, &err));
	CHECK_STREQ(cfg.github.app_id, "Iv23li.x1");
	CHECK_STREQ(cfg.github.private_key_where, "t.yaml:4");
	CHECK_INTEQ(cfg.github.installation_id, 9);
	CHECK(github_app_configured(&cfg));
	config_release(&cfg);
	strbuf_release(&err);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	RUN(test_github_app__jwt);
	RUN(test_github_app__key_refused);
	RUN(test_github_app__permissions);
	RUN(test_github_app__config);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd))
			test_failures++;
		free(cmd);
	}
	return TEST_RESULT();
}
