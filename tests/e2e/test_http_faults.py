"""Every HTTP collector against every transport and content fault, table-driven.

Faults (harness.FixtureServer.inject, the same for every fixture server):

- status500 three times, then the real answer: retried with doubling back-off; the data ends
  exactly as a clean run's;
- hang once / cut once (the connection closes mid-body): retried; the same data;
- hang, cut, an HTML page or a 200 with {} on every attempt: a clear error or warning that names
  the URL, nothing of the unit in flight written, everything before kept, and the next run (the
  fault gone) ends with the clean run's data.

Each endpoint is faulted in the middle of a collection (a second page, a task or repository of
the second page).  The catalog is a snapshot: a listing that fails keeps the stored one whole.  Specific faults (401/403/404, rate limits, redirects, malformed items) are
tested next to each collector (test_scaffolder.py, test_github.py).
"""
import calendar
import re
import sqlite3
import time

from backstage_server import Backstage, epoch
from github_server import GitHubServer
from harness import NOW, TestCase, main
from test_faults import DEPLOY, dora_history

NOW_TS = calendar.timegm(time.strptime(NOW, "%Y-%m-%dT%H:%M:%SZ"))
DAY = 86400
Q3 = epoch("2026-07-06T09:00:00.250Z")
GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
CUSTOM_CI = "on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"

FAIL = "the source fails"           # exit 1, run 'failed', the error names the URL, earlier units kept
SKIP = "the repository is skipped"  # exit 0, run 'partial', a warning names the URL, the others are read
FILE = "the file is refused"        # exit 0, a warning names the file, its error is stored
DORA = "DORA skips the repository"  # exit 0, run 'partial', a warning names the URL; the rest is read

TRANSIENT = ("status500", 3), ("hang", 1), ("cut", 1)
PERMANENT = ("hang", None), ("cut", None), ("html", None), ("empty_object", None), ("status500", None)

# collector, endpoint, pattern on path?query, what a permanent fault does (per fault kind, default first)
ENDPOINTS = [
    ("scaffolder", "task list", r"/api/scaffolder/v2/tasks\?.*offset=4\b", {None: FAIL}),
    ("scaffolder", "task events", r"/api/scaffolder/v2/tasks/t05/events", {None: FAIL}),
    ("catalog", "entity list", r"/api/catalog/entities/by-query\?.*\bcursor=", {None: FAIL}),
    ("github", "repository list", r"/organizations/\d+/repos\?.*\bpage=2\b", {None: FAIL}),
    ("github", "workflow list", r"/repos/acme/r5/actions/workflows", {None: SKIP}),
    ("github", "workflow file", r"/repos/acme/r5/contents/", {None: SKIP, "html": FILE, "empty_object": FILE}),
    # DORA, part of the github collection: a repository whose DORA data cannot be read is skipped
    ("github", "DORA deployment runs", r"/repos/acme/r5/actions/workflows/\d+/runs", {None: DORA}),
    ("github", "DORA history", r"/repos/acme/r5/commits", {None: DORA}),
    ("github", "DORA pull requests", r"/repos/acme/r5/pulls", {None: DORA}),
    ("github", "DORA incidents", r"/repos/acme/r5/issues", {None: DORA}),
]


def query(path, sql, *args):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def data(path):
    """What a collection stores (not its bookkeeping): tasks, repositories, workflows, snapshots."""
    return {
        "tasks": query(path, "SELECT * FROM scaffolder_tasks ORDER BY id"),
        "repos": query(path, "SELECT full_name, id, pushed_at, archived, workflows_read_at FROM github_repos "
                             "ORDER BY full_name"),
        "workflows": query(path, "SELECT * FROM github_workflows ORDER BY repo, id"),
        "snapshots": query(path, "SELECT * FROM github_repo_snapshots ORDER BY repo"),
        "catalog": query(path, "SELECT * FROM catalog_components ORDER BY ref")
        + query(path, "SELECT * FROM catalog_groups ORDER BY ref"),
        "dora": [query(path, "SELECT * FROM %s ORDER BY 1, 2, 3" % t)
                 for t in ("dora_deployments", "dora_changes", "dora_commits", "dora_pulls", "dora_incidents")],
    }


class HttpFaults(TestCase):
    def setUp(self):
        # Backstage: 11 tasks in pages of 4 (t05 is on the second page)
        self.srv = self.server()
        self.bs = Backstage(self.srv)
        for i in range(11):
            self.bs.add_task("t%02d" % i, "go-service", "completed" if i % 4 else "failed", Q3 + i * DAY,
                             lead=5 + i)
        # the catalog: 11 entities in pages of 4 (the listing is stored whole, or not at all)
        for g in ("team-a", "team-b"):
            self.bs.add_group(g)
        for u in ("alice", "bob"):
            self.bs.add_user(u, ["team-a"])
        for i in range(7):
            self.bs.add_component("svc-%d" % i, owner="team-a" if i % 2 else "team-b", slug="acme/r%d" % i)
        # GitHub: 9 repositories in pages of 4 (r5 is on the second page)
        self.gh = GitHubServer(max_per_page=4).start()
        self.addCleanup(self.gh.stop)
        for i in range(9):
            self.gh.add_repo("r%d" % i, pushed_at=NOW_TS - (i + 1) * DAY)
            self.gh.add_workflow("r%d" % i, ".github/workflows/ci.yml", GOLDEN_CI if i % 2 else CUSTOM_CI)
            if i in (2, 5):  # two deploying repositories: DORA reads runs, history, pull requests, incidents
                deploy = self.gh.add_workflow("r%d" % i, ".github/workflows/deploy.yml", DEPLOY)
                dora_history(self.gh, "r%d" % i, deploy, i)
        self.refs = {}

    def server_of(self, collector):
        return self.gh.fx if collector == "github" else self.srv

    def home_for(self, collector, retries=3):
        h = self.home()
        if collector != "github":
            h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: 4\n"
                           "  timeout_seconds: 1\nhttp:\n  retries: %d\n" % (self.bs.base_url, retries))
            h.env["BACKSTAGE_TOKEN"] = self.bs.token
        else:
            h.write_config("github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
                           "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
                           "http:\n  timeout_seconds: 1\n  retries: %d\n" % (self.gh.api_url, retries))
            h.env["GITHUB_TOKEN"] = self.gh.token
        return h

    def reference(self, collector):
        if collector not in self.refs:
            h = self.home_for(collector)
            self.assertExit(h.run("collect", collector), 0)
            self.refs[collector] = data(h.db)
        return self.refs[collector]

    def last_run(self, h, collector):
        return query(h.db, "SELECT status, message FROM collection_runs WHERE source = ? ORDER BY id DESC LIMIT 1",
                     collector)[0]

    def test_transient_faults_are_retried(self):
        for collector, endpoint, pattern, _ in ENDPOINTS:
            ref = self.reference(collector)
            for kind, times in TRANSIENT:
                with self.subTest(collector=collector, endpoint=endpoint, fault=kind, times=times):
                    srv = self.server_of(collector)
                    inj = srv.inject(pattern, kind, times=times)
                    h = self.home_for(collector)
                    r = h.run("-v", "collect", collector)
                    srv.injections.clear()
                    self.assertEqual(inj.hits, times, "the fault was never hit: %s" % pattern)
                    self.assertExit(r, 0)
                    url = srv.base_url + inj.paths[0]
                    retries = re.findall(r"warn(?:ing)?: GET (\S+): (.*); retrying in", r.err)
                    self.assertEqual(len(retries), times, r.err)
                    self.assertEqual({u for u, _ in retries}, {url})
                    why = {"status500": "HTTP 500", "hang": "timed out after 1 s",
                           "cut": "connection closed before the end of the body"}[kind]
                    self.assertTrue(all(w.startswith(why) for _, w in retries), retries)
                    # doubling back-off from http.retry_delay_ms (1 s by default), announced not slept
                    self.assertEqual(re.findall(r"would wait (\d+) s: retrying", r.err), ["1", "2", "4"][:times])
                    self.assertEqual(self.last_run(h, collector)[0], "ok")
                    self.assertEqual(data(h.db), ref)

    def test_permanent_faults_end_in_a_clear_error(self):
        for collector, endpoint, pattern, outcomes in ENDPOINTS:
            ref = self.reference(collector)
            for kind, times in PERMANENT:
                outcome = outcomes.get(kind, outcomes[None])
                with self.subTest(collector=collector, endpoint=endpoint, fault=kind, outcome=outcome):
                    srv = self.server_of(collector)
                    inj = srv.inject(pattern, kind, times=times)
                    # a hang costs a timeout per attempt: one retry is enough to show it
                    h = self.home_for(collector, retries=1 if kind == "hang" else 3)
                    r = h.run("collect", collector)
                    srv.injections.clear()
                    self.assertGreater(inj.hits, 0, "the fault was never hit: %s" % pattern)
                    url = srv.base_url + inj.paths[0]
                    status, message = self.last_run(h, collector)
                    got = data(h.db)
                    if outcome == FAIL:
                        self.assertExit(r, 1)
                        line = [ln for ln in r.err.splitlines() if "error: %s: " % collector in ln]
                        self.assertEqual(len(line), 1, r.err)
                        self.assertIn(url, line[0])
                        self.assertEqual(status, "failed")
                        self.assertIn(url, message)
                        # the unit in flight is not written, the earlier ones are kept
                        if collector == "scaffolder":
                            self.assertEqual(got["tasks"], ref["tasks"][:4])
                        elif collector == "catalog":
                            self.assertEqual(got["catalog"], [])  # a snapshot: all or nothing
                        else:
                            self.assertEqual([x[:4] for x in got["repos"]], [x[:4] for x in ref["repos"][:4]])
                    elif outcome == SKIP:
                        self.assertExit(r, 0)
                        self.assertRegex(r.err, r"warning: github: repository 'acme/r5' skipped: [^\n]*%s"
                                         % re.escape(url))
                        self.assertEqual(status, "partial")
                        self.assertIn("1 repositories could not be read and were skipped", message)
                        self.assertEqual([x for x in got["workflows"] if x[0] != "acme/r5"],
                                         [x for x in ref["workflows"] if x[0] != "acme/r5"])
                        self.assertEqual([x for x in got["repos"] if x[0] == "acme/r5"][0][4], None)
                    elif outcome == DORA:
                        self.assertExit(r, 0)
                        self.assertRegex(r.err, r"warning: github: DORA data of 'acme/r5' skipped: [^\n]*%s"
                                         % re.escape(url))
                        self.assertEqual(status, "partial")
                        # the other repository's DORA data is all there
                        self.assertEqual([[x for x in rows if x[0] == "acme/r2"] for rows in got["dora"]],
                                         [[x for x in rows if x[0] == "acme/r2"] for rows in ref["dora"]])
                    else:
                        self.assertExit(r, 0)
                        self.assertIn("warning: github: 'acme/r5/.github/workflows/ci.yml'", r.err)
                        err = query(h.db, "SELECT error FROM github_workflows WHERE repo = 'acme/r5'")
                        self.assertGreaterEqual(len(err), 1)
                        self.assertTrue(all(e is not None for (e,) in err), err)
                    if kind == "html" and outcome != FILE:
                        self.assertIn("the server sent HTML, not JSON", r.err)
                    if kind == "empty_object" and outcome != FILE:
                        self.assertRegex(r.err, r"expected an object with a '\w+' array|got an empty object|"
                                                r"expected a JSON array")
                    # the fault gone, the next run ends with a clean run's data
                    r = h.run("collect", collector)
                    self.assertExit(r, 0)
                    self.assertEqual(data(h.db), ref)


if __name__ == "__main__":
    main()
