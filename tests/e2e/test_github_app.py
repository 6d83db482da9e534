"""End to end: GitHub App sign-in (github.app_id + private_key_file) against a GitHub-shaped server
that verifies the RS256 JSON Web Token with the App's public key (github_app_server.py).

Covers: the same rows as a run with a personal token; the installation looked up from the
organisation (or taken from github.installation_id); installation tokens renewed before their
expires_at on a server whose clock runs an hour in a few requests, and once after a 401 (a token
revoked early); JWT claims (iat in the past, exp - iat <= 600, iss); a GitHub Enterprise Server
prefix; refusals with a clear message: key readable by others, not PEM, not RSA, encrypted, a key of
another App (401), the App not installed (404), token and App both configured; doctor's
installation and permissions lines; no JWT, installation token or key text in any output.
"""
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from github_app_server import GitHubApp, keypair, pem_body_lines  # noqa: E402
from github_server import GitHubServer  # noqa: E402
from harness import Reply, TestCase, main  # noqa: E402
from test_github import collect, kpis, spelling_org  # noqa: E402

APP_ID = 123456


def config(home, gh, key, extra=""):
    home.write_config(
        "github:\n"
        "  api_url: %s\n"
        "  org: acme\n"
        "  app_id: %s\n"
        "  private_key_file: %s\n"
        "%s"
        "dora:\n"
        "  deploy_workflows: '^no-deployment-workflows-here$'\n"
        "golden_path:\n"
        "  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
        "  actions: [\"acme/golden-paths/actions/*\"]\n"
        "http:\n"
        "  retries: 1\n"
        "  retry_delay_ms: 10\n" % (gh.api_url, APP_ID, key, extra))


def token_config(home, gh):
    home.write_config(
        "github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
        "dora:\n  deploy_workflows: '^no-deployment-workflows-here$'\n"
        "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
        "  actions: [\"acme/golden-paths/actions/*\"]\n"
        "http:\n  retries: 1\n  retry_delay_ms: 10\n" % gh.api_url)


def pem_text(path):
    with open(path, encoding="ascii") as f:
        return f.read()


def rows(home):
    con = sqlite3.connect(home.db)
    try:
        return {t: con.execute("SELECT * FROM %s ORDER BY 1, 2" % t).fetchall()
                for t in ("github_repos", "github_workflows", "github_repo_snapshots")}
    finally:
        con.close()


def app_collect(home):
    return home.run("-v", "collect", "github")


class AppSignIn(TestCase):
    def setUp(self):
        self.keys = self.home()
        self.key, self.pub = keypair(self.keys.dir)

    def server(self, prefix="", **app):
        gh = GitHubServer(prefix=prefix).start()
        self.addCleanup(gh.stop)
        org = spelling_org(gh, fillers=20)
        return gh, GitHubApp(gh, APP_ID, self.pub, **app), org

    def leaks(self, home, app, *results):
        """Every secret the server saw or issued, and the key's text, searched in every output."""
        secrets = set(app.jwts) | set(app.issued) | {j.split(".")[2] for j in app.jwts}
        secrets |= {line for line in pem_body_lines(self.key) if len(line) >= 20}
        self.assertTrue(app.jwts)
        blobs = [("stdout", r.out.encode()) for r in results] + [("stderr", r.err.encode()) for r in results]
        for suffix in ("", "-wal"):
            if os.path.exists(home.db + suffix):
                with open(home.db + suffix, "rb") as f:
                    blobs.append(("db" + suffix, f.read()))
        for d, _, names in os.walk(home.dir):
            for n in names:
                if n.endswith(".db") or n.endswith("-wal") or n == "idpmetrics.yaml":
                    continue
                with open(os.path.join(d, n), "rb") as f:
                    blobs.append((os.path.join(d, n), f.read()))
        return [(where, s[:12]) for where, blob in blobs for s in secrets if s.encode() in blob]

    def test_same_rows_as_a_token_and_renewal_before_expiry(self):
        # the reference: a personal token
        ref, _ = GitHubServer().start(), None
        self.addCleanup(ref.stop)
        spelling_org(ref, fillers=20)
        h0 = self.home()
        token_config(h0, ref)
        self.assertExit(collect(h0, ref), 0)

        # the App: GitHub's clock runs 60 s per request and tokens live 20 minutes on it
        gh, app, org = self.server(ttl=1200, clock_step=60)
        h = self.home()
        config(h, gh, self.key)
        r = app_collect(h)
        self.assertExit(r, 0)
        self.assertEqual(rows(h), rows(h0))
        self.assertEqual(kpis(h, "2026-Q4"), kpis(h0, "2026-Q4"))
        # the installation was looked up once, tokens were renewed before GitHub refused one
        self.assertEqual(gh.count("/orgs/acme/installation"), 1)
        self.assertGreaterEqual(app.token_posts(), 3, gh.log)
        self.assertEqual(app.stale_token_uses, 0, app.refusals)
        self.assertEqual(app.refusals, [])
        self.assertEqual([x for x in gh.log if x[1] >= 400], [])
        self.assertNotIn("retrying", r.err)
        for c in app.claims:
            self.assertLessEqual(c["exp"] - c["iat"], 600)
            self.assertEqual(c["iss"], APP_ID)
        # every API request carried an installation token GitHub issued
        issued = set(app.issued)
        for req in gh.fx.requests:
            if not req.path.startswith("/app/") and req.path != "/orgs/acme/installation":
                self.assertIn(req.headers["authorization"][len("Bearer "):], issued)
        self.assertRegex(r.err, r"renewing the installation token")
        self.assertEqual(self.leaks(h, app, r), [])

    def test_revoked_token_is_renewed_once(self):
        gh, app, org = self.server(installation_id=77, revoke_after=15)
        h = self.home()
        config(h, gh, self.key, "  installation_id: 77\n")
        r = app_collect(h)
        self.assertExit(r, 0)
        self.assertEqual(gh.count("/orgs/acme/installation"), 0)  # configured: not looked up
        self.assertGreaterEqual(app.token_posts(), 2)
        self.assertGreaterEqual(app.stale_token_uses, 1)
        # every refusal was followed by a new token: as many refusals as renewals at most
        self.assertLessEqual(app.stale_token_uses, app.token_posts() - 1)
        self.assertEqual(self.leaks(h, app, r), [])

    def test_clock_off_by_an_hour(self):
        # GitHub's clock an hour ahead: the first JWT is refused, its Date header says why, the JWT is signed again
        gh, app, org = self.server(clock_offset=3600)
        h = self.home()
        config(h, gh, self.key)
        r = app_collect(h)
        self.assertExit(r, 0)
        self.assertRegex(r.err, r"this machine's clock is 3[56]\d\d s behind GitHub's")
        self.assertEqual(len(app.refusals), 1, app.refusals)
        self.assertEqual(app.token_posts(), 1)

    def test_faults_on_the_app_endpoints(self):
        gh, app, org = self.server()
        h = self.home()
        config(h, gh, self.key)
        # a 502 on the token is retried (http.retries)
        gh.fault("/access_tokens", "server_error", times=1)
        self.assertExit(app_collect(h), 0)
        self.assertEqual(app.token_posts(), 1)
        # a suspended installation: 403 with the fix
        gh.fault("/access_tokens", "reply", times=1,
                 reply=gh._error(403, "This installation has been suspended"))
        r = app_collect(h)
        self.assertExit(r, 1)
        self.assertIn("GitHub App %d, installation 4242 on 'acme': POST %s/app/installations/4242/access_tokens: "
                      "403 This installation has been suspended: the installation cannot be used" % (APP_ID, gh.api_url),
                      r.err)
        # a rate limit on the App's own requests is said to be one
        gh.fault("/access_tokens", "primary", times=1)
        r = app_collect(h)
        self.assertExit(r, 1)
        self.assertIn("403 API rate limit exceeded for installation ID 1234.: GitHub's rate limit for the App's own "
                      "requests", r.err)
        # a proxy's HTML page instead of the token
        gh.fault("/access_tokens", "html", times=1)
        r = app_collect(h)
        self.assertExit(r, 1)
        self.assertIn("/app/installations/4242/access_tokens: invalid JSON", r.err)
        # a token that would add a header line, and one already expired: refused, nothing sent with them
        for body, want in (({"token": "ghs_abc\r\nX-Evil: 1", "expires_at": gh.iso(app.now() + 3600)},
                            "holds no usable installation token"),
                           ({"token": "ghs_abc", "expires_at": gh.iso(app.now() - 5)}, "already past on GitHub's clock")):
            gh.fault("/access_tokens", "reply", times=1, reply=Reply(201, body, gh._rate_headers()))
            gh.reset_log()
            r = app_collect(h)
            self.assertExit(r, 1)
            self.assertIn(want, r.err)
            self.assertEqual([p for p, _ in gh.log if not p.startswith("/app/") and "/installation" not in p], [])

    def test_github_enterprise_server_prefix(self):
        gh, app, org = self.server(prefix="/api/v3")
        h = self.home()
        config(h, gh, self.key)
        r = app_collect(h)
        self.assertExit(r, 0)
        self.assertEqual(gh.count("/orgs/acme/installation"), 1)
        self.assertEqual(app.token_posts(), 1)
        self.assertGreater(gh.count("/repos/acme/"), 10)
        self.assertIn("github: signed in as GitHub App %d, installation 4242 on 'acme' (repository selection: all)"
                      % APP_ID, r.err)

    def test_key_readable_by_others_is_refused(self):
        gh, app, _ = self.server()
        os.chmod(self.key, 0o644)
        h = self.home()
        config(h, gh, self.key)
        r = app_collect(h)
        self.assertNotEqual(r.code, 0)
        self.assertIn("github.private_key_file '%s'" % self.key, r.err)
        self.assertIn("mode 0644", r.err)
        self.assertIn("chmod 600", r.err)
        self.assertEqual(gh.log, [])  # nothing was sent
        d = h.run("doctor")
        self.assertExit(d, 1)
        self.assertRegex(d.out, r"FAIL\s+github app key\s+.*mode 0644")

    def test_keys_that_are_not_an_rsa_private_key(self):
        gh, app, _ = self.server()
        h = self.home()
        ec = h.path("ec.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ec],
                       check=True, capture_output=True)
        enc = h.path("enc.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-aes256",
                        "-pass", "pass:secret", "-out", enc], check=True, capture_output=True)
        cases = [
            (h.write("text.pem", "this is not a key\n", mode=0o600), "is not a PEM file"),
            (self.pub, "holds no private key"),
            (ec, "holds a EC key, not an RSA key"),
            (enc, "is encrypted with a passphrase"),
            (h.write("cut.pem", pem_text(self.key)[:400], mode=0o600), "OpenSSL cannot read"),
            (h.path("missing.pem"), "No such file or directory"),
        ]
        for path, want in cases:
            os.chmod(path, 0o600) if os.path.exists(path) else None
            config(h, gh, path)
            r = app_collect(h)
            self.assertNotEqual(r.code, 0, path)
            self.assertIn(path, r.err)
            self.assertIn(want, r.err, path)
        self.assertEqual(gh.log, [])

    def test_key_of_another_app_is_refused_by_github(self):
        gh, app, _ = self.server()
        other, _ = keypair(self.keys.dir, "other")
        h = self.home()
        config(h, gh, other, "  installation_id: 4242\n")
        r = app_collect(h)
        self.assertNotEqual(r.code, 0)
        self.assertIn("GitHub App %d, installation 4242" % APP_ID, r.err)
        self.assertIn("401 A JSON web token could not be decoded", r.err)
        self.assertIn("github.private_key_file '%s'" % other, r.err)
        self.assertEqual(app.token_posts(), 0)
        # looked up from the organisation: the message names it
        config(h, gh, other)
        r = app_collect(h)
        self.assertIn("GitHub App %d, its installation (organisation 'acme')" % APP_ID, r.err)
        self.assertEqual(self.leaks(h, app, r), [])

    def test_app_not_installed_on_the_organisation(self):
        gh, app, _ = self.server(installed=False)
        h = self.home()
        config(h, gh, self.key)
        r = app_collect(h)
        self.assertNotEqual(r.code, 0)
        self.assertIn("GitHub App %d is not installed on the organisation 'acme'" % APP_ID, r.err)
        self.assertIn("Install App", r.err)
        self.assertIn("github.installation_id", r.err)
        d = h.run("doctor")
        self.assertExit(d, 1)
        self.assertRegex(d.out, r"FAIL\s+github installation\s+GitHub App %d is not installed" % APP_ID)

    def test_token_and_app_together_is_a_configuration_error(self):
        gh, app, _ = self.server()
        h = self.home()
        config(h, gh, self.key, "  token: \"${GITHUB_TOKEN}\"\n")
        r = h.run("collect", "github", env={"GITHUB_TOKEN": "ghp_x"})
        self.assertExit(r, 3)
        self.assertIn("both a token", r.err)
        h.write_config("github:\n  org: acme\n  app_id: 12\n")
        r = h.run("collect", "github")
        self.assertExit(r, 3)
        self.assertIn("'github.app_id' needs 'github.private_key_file'", r.err)
        h.write_config("github:\n  org: acme\n  app_id: 'not an id!'\n  private_key_file: k.pem\n")
        r = h.run("collect", "github")
        self.assertExit(r, 3)
        self.assertIn("App ID", r.err)

    def test_doctor_names_installation_and_permissions(self):
        gh, app, _ = self.server()
        h = self.home()
        config(h, gh, self.key)
        d = h.run("doctor")
        self.assertRegex(d.out, r"OK\s+github app key\s+GitHub App %d: RSA key of 2048 bits" % APP_ID)
        self.assertRegex(d.out, r"OK\s+github installation\s+GitHub App %d, installation 4242 on 'acme' "
                                r"\(looked up from github.org, Organization\), repository selection: all" % APP_ID)
        self.assertRegex(d.out, r"OK\s+github permissions\s+actions: read, contents: read, deployments: read, "
                                r"issues: read, metadata: read, pull_requests: read")
        self.assertRegex(d.out, r"OK\s+github organisation\s+'acme' readable")
        self.assertEqual(self.leaks(h, app, d), [])
        # a token without Actions and with write (enough) on issues; only selected repositories
        app.permissions = {"metadata": "read", "contents": "read", "issues": "write", "pull_requests": "read"}
        app.selection = "selected"
        d = h.run("doctor")
        self.assertExit(d, 1)
        self.assertRegex(d.out, r"FAIL\s+github permissions\s+the installation token has contents: read, issues: "
                                r"write, metadata: read, pull_requests: read; it lacks actions \(read\)\n")
        self.assertIn("Permissions & events", d.out)
        self.assertRegex(d.out, r"WARN\s+github installation\s+.*repository selection: selected")


if __name__ == "__main__":
    main()
