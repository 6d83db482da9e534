"""Secrets and file permissions.

- Tokens never reach standard output or error (with -v and --log-format json), the database (and
  its -wal), or any file written into the output directory: every byte is searched for each token,
  raw, percent-encoded, JSON-escaped and base64-encoded at every alignment, after every command
  ran against fixture servers, including servers that echo the token back in their error messages.
- The same with GitHub App sign-in: every JSON Web Token the server received (and its signature
  alone), every installation token it issued (searched after the command that minted it) and every
  line of the App's private key.
- The database, its -wal and -shm files and every report are created with storage.mode (0600 by
  default) whatever the umask, by collect, report, run and export.
"""
import base64
import os
import shutil
import sqlite3
import stat
import urllib.parse

from backstage_server import Backstage, epoch
from backstage_server import Fault as BackstageFault
from github_app_server import GitHubApp, keypair, pem_body_lines
from github_server import GitHubServer
from harness import SRC, TestCase, main

Q3 = epoch("2026-07-06T09:00:00.250Z")
DAY = 86400
# distinctive, and with characters that percent-encoding and JSON escaping change
BACKSTAGE_TOKEN = "bsTok+Kq7/Zx9=Wv3.Pa_0s4-LLv8"
GITHUB_TOKEN = "ghp_Rk2+Hy8/Tm4=Wq6~Xu1_ZrN5QeLmY"
GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"


def forms(token):
    """Every spelling of TOKEN that could carry it: raw, percent-encoded, JSON-escaped, base64 (at the
    three alignments a token can take inside a longer base64 text, e.g. Basic credentials), hex."""
    out = {token, urllib.parse.quote(token, safe=""), urllib.parse.quote_plus(token), token.replace("/", "\\/"),
           token.encode().hex(), token.encode().hex().upper()}
    for pad in range(3):
        b = base64.b64encode(b"x" * pad + token.encode()).decode()
        # drop the characters that also depend on the padding bytes and on what follows
        start = (pad * 4 + 2) // 3 + (1 if pad else 0)
        core = b[start:len(b) - 4]
        if len(core) >= 12:
            out.add(core)
            out.add(core.replace("+", "-").replace("/", "_"))  # base64url
    return {f.encode() for f in out}


def find_secrets(blob, where, secrets=(("backstage", BACKSTAGE_TOKEN), ("github", GITHUB_TOKEN))):
    hits = []
    for name, token in secrets:
        for f in forms(token):
            if f in blob:
                hits.append("%s token (%r) in %s" % (name, f, where))
    return hits


def tree_files(top):
    for d, _, names in os.walk(top):
        for n in names:
            yield os.path.join(d, n)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class Servers:
    def __init__(self, test, echo=False, app=False):
        self.srv = test.server()
        self.bs = Backstage(self.srv, token=BACKSTAGE_TOKEN)
        for i in range(7):
            self.bs.add_task("t%d" % i, "go-service", "completed" if i != 3 else "open", Q3 + i * DAY, lead=9 + i)
        self.gh = GitHubServer(token=GITHUB_TOKEN, max_per_page=3).start()
        test.addCleanup(self.gh.stop)
        for i in range(5):
            self.gh.add_repo("r%d" % i, pushed_at=1795000000 + i)
            self.gh.add_workflow("r%d" % i, ".github/workflows/ci.yml", GOLDEN_CI)
        self.app = None
        if app:  # GitHub App sign-in: a throwaway key; tokens live 20 minutes on a clock that runs 60 s a request
            self.keydir = test.home()
            self.key, pub = keypair(self.keydir.dir)
            self.app = GitHubApp(self.gh, 98765, pub, ttl=1200, clock_step=60)
        if echo:
            self.echo()

    def app_secrets(self, seen):
        """The App's secrets that SEEN (a set, updated) does not hold yet: JWTs, their signatures, tokens."""
        new = [("github app JWT", j) for j in self.app.jwts] + [("JWT signature", j.split(".")[2]) for j in self.app.jwts]
        new += [("installation token", t) for t in self.app.issued]
        new = [x for x in new if x not in seen]
        seen.update(new)
        return new

    def echo(self):
        """Servers that echo the credentials they were sent in their error messages (proxies, debug builds)."""
        def echoed(req):
            return "request with %s (token %s) refused" % (req.headers.get("authorization"),
                                                           req.headers.get("authorization", "").split()[-1])
        gh = self.gh
        for path, status in (("/repos/acme/r1/contents/", 404), ("/repos/acme/r2/actions/workflows", 500),
                             ("/repos/acme/r3/contents/", 403), ("/repos/acme/r4/actions/workflows", 422)):
            gh.fault(path, "reply", times=100, reply=lambda req, s=status: gh._error(s, echoed(req)))
        bs = self.bs
        for path, status in (("t5", 400), ("t6", 500)):
            bs.faults.append(BackstageFault(r"/api/scaffolder/v2/tasks/%s/events" % path,
                                            lambda req, normal, s=status: bs.error(req, s, "InputError", echoed(req)),
                                            None, {}))

    def config(self, home, token_files=False):
        if self.app is not None:
            home.env["BACKSTAGE_TOKEN"] = BACKSTAGE_TOKEN
            toks = ('token: "${BACKSTAGE_TOKEN}"', "app_id: %d\n  private_key_file: %s" % (self.app.app_id, self.key))
        elif token_files:
            bs_tok = home.write("secrets/backstage", BACKSTAGE_TOKEN + "\n", mode=0o600)
            gh_tok = home.write("secrets/github", GITHUB_TOKEN, mode=0o600)
            toks = ("token_file: %s" % bs_tok, "token_file: %s" % gh_tok)
        else:
            home.env["BACKSTAGE_TOKEN"] = BACKSTAGE_TOKEN
            home.env["GITHUB_TOKEN"] = GITHUB_TOKEN
            toks = ('token: "${BACKSTAGE_TOKEN}"', 'token: "${GITHUB_TOKEN}"')
        os.makedirs(home.path("exports"), exist_ok=True)
        shutil.copyfile(os.path.join(SRC, "fixtures", "surveys", "synthetic_typeform.csv"),
                        home.path("exports", "devex.csv"))
        home.write_config(
            "reporting:\n  output_dir: out\n"
            "backstage:\n  base_url: %s\n  %s\n  page_size: 3\n"
            "github:\n  api_url: %s\n  org: acme\n  %s\n"
            "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
            "surveys:\n  - path: exports/*.csv\n"
            "http:\n  retries: 1\n" % (self.bs.base_url, toks[0], self.gh.api_url, toks[1]))


COMMANDS = [
    ("init",),
    ("collect",),
    ("collect", "scaffolder"),
    ("collect", "github"),
    ("collect", "surveys"),
    ("import", "survey", "exports/devex.csv"),
    ("compute", "--all"),
    ("report", "--period", "2026-Q3"),
    ("report", "--period", "2026-Q4", "--format", "html,json,csv", "--out", "out/q4"),
    ("export", "--format", "json", "--period", "2026-Q3"),
    ("export", "--format", "csv", "--period", "2026-Q3"),
    ("export", "--format", "openmetrics", "--period", "2026-Q3"),
    ("status",),
    ("doctor",),
    ("run",),
    ("prune", "--dry-run"),
    ("help", "collect"),
    ("version",),
]
VERBOSITY = [(), ("-v",), ("-v", "--log-format", "json"), ("-q",)]


class Tokens(TestCase):
    def check_everything(self, echo, token_files, app=False):
        servers = Servers(self, echo=echo, app=app)
        h = self.home()
        servers.config(h, token_files=token_files)
        leaks = []
        ran = 0
        fixed = (("backstage", BACKSTAGE_TOKEN), ("github", GITHUB_TOKEN))
        if app:  # the key's text, and every App secret (each searched from the command that made it on)
            fixed += tuple(("private key line", line) for line in pem_body_lines(servers.key))
        seen, app_secrets = set(), []
        for cmd in COMMANDS:
            for flags in VERBOSITY:
                r = h.run(*flags, *cmd)
                ran += 1
                # every command must have worked (or, with echoing servers, failed only for that)
                self.assertIn(r.code, (0, 1) if echo or cmd[0] == "doctor" else (0,), (cmd, flags, r))
                where = "%s %s" % (" ".join(flags), " ".join(cmd))
                secrets = fixed
                if app:
                    # a process mints its own: what it made can only have leaked from now on
                    app_secrets += servers.app_secrets(seen)
                    secrets = fixed + tuple(app_secrets)
                leaks += find_secrets(r.out.encode(), "stdout of '%s'" % where, secrets)
                leaks += find_secrets(r.err.encode(), "stderr of '%s'" % where, secrets)
                for suffix in ("", "-wal"):
                    if os.path.exists(h.db + suffix):
                        with open(h.db + suffix, "rb") as f:
                            leaks += find_secrets(f.read(), "the database%s after '%s'" % (suffix, where), secrets)
                if app:
                    app_secrets = []  # searched once in the database; outputs below get every one
        files = list(tree_files(h.path("out")))
        self.assertGreater(len(files), 10)
        if app:
            secrets = fixed + tuple(servers.app_secrets(set()))
            # collect, collect github, doctor and run, at each verbosity, signed in
            self.assertGreaterEqual(servers.app.token_posts(), 4 * len(VERBOSITY))
        for p in files:
            with open(p, "rb") as f:
                leaks += find_secrets(f.read(), p, secrets if app else fixed)
        self.assertEqual(leaks, [])
        return h

    def test_no_command_prints_or_stores_a_token(self):
        h = self.check_everything(echo=False, token_files=False)
        # the search itself works: the tokens were sent, and would have been found
        self.assertEqual(find_secrets(("Bearer " + GITHUB_TOKEN).encode(), "x"),
                         ["github token (%r) in x" % GITHUB_TOKEN.encode()])
        b64 = base64.b64encode(b"user:" + BACKSTAGE_TOKEN.encode())
        self.assertTrue(find_secrets(b64, "x"))
        self.assertTrue(find_secrets(urllib.parse.quote(GITHUB_TOKEN, safe="").encode(), "x"))
        del h

    def test_servers_echoing_the_token_in_errors(self):
        h = self.check_everything(echo=True, token_files=True)
        # the echoed messages did reach the logs and the database, redacted
        con = sqlite3.connect(h.db)
        try:
            con_rows = [r[0] for r in con.execute("SELECT error FROM github_workflows WHERE error IS NOT NULL")]
            con_rows += [r[0] for r in con.execute("SELECT message FROM collection_runs WHERE message IS NOT NULL")]
        finally:
            con.close()
        self.assertTrue(any("refused" in m and "***" in m for m in con_rows), con_rows)


    def test_github_app_secrets(self):
        """The App's key, JWTs and installation tokens, with servers that echo the token in errors."""
        h = self.check_everything(echo=True, token_files=False, app=True)
        del h


class Modes(TestCase):
    """storage.mode (0600) for every file the tool creates, under a permissive umask."""

    def setUp(self):
        old = os.umask(0)
        self.addCleanup(os.umask, old)

    def assertMode(self, path, want):
        self.assertTrue(os.path.exists(path), path)
        self.assertEqual(oct(mode(path)), oct(want), path)

    def test_collect_report_run_export(self):
        servers = Servers(self)
        h = self.home()
        servers.config(h)
        # while a collection runs, its -wal and -shm exist: hold a request and look
        gate = servers.srv.gate_request(2)
        proc = h.start("collect", "scaffolder")
        try:
            self.assertTrue(gate.wait())
            for suffix in ("", "-wal", "-shm"):
                self.assertMode(h.db + suffix, 0o600)
        finally:
            gate.release()
            proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 0)
        for cmd in (("collect",), ("compute", "--all"), ("report", "--period", "2026-Q3"), ("run",),
                    ("export", "--format", "json")):
            r = h.run(*cmd)
            self.assertExit(r, 0)
            for suffix in ("", "-wal", "-shm", ".lock"):
                if suffix == "" or os.path.exists(h.db + suffix):
                    self.assertMode(h.db + suffix, 0o600)
        files = list(tree_files(h.path("out")))
        self.assertIn(h.path("out", "report.xlsx"), files)
        self.assertIn(h.path("out", "dashboard.html"), files)
        for p in files:
            self.assertMode(p, 0o600)
        for d, subdirs, _ in os.walk(h.path("out")):
            self.assertMode(d, 0o700)

    def test_mode_setting_and_export_on_an_existing_database(self):
        h = self.home()
        h.write_config("storage:\n  mode: 0640\n")
        self.assertExit(h.run("init"), 0)
        self.assertMode(h.db, 0o640)
        self.assertExit(h.run("export", "--format", "csv"), 0)
        self.assertMode(h.db, 0o640)
        r = h.run("report", "--period", "2026-Q3", "--format", "html,csv", "--out", h.path("r"))
        self.assertExit(r, 0)
        for p in tree_files(h.path("r")):
            self.assertMode(p, 0o640)
        self.assertMode(h.path("r"), 0o750)

    def test_demo(self):
        h = self.home()
        self.assertExit(h.run("demo", "--out", h.path("demo"), config=False, db=False), 0)
        files = list(tree_files(h.path("demo")))
        self.assertIn(h.path("demo", "demo.db"), files)
        for p in files:
            self.assertMode(p, 0o600)


if __name__ == "__main__":
    main()
