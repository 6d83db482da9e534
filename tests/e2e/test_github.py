"""End to end: collect github against a GitHub-shaped fixture server, then export the adoption KPI.

Covers pagination (the /organizations/{id} next links GitHub sends), golden-path spellings, activity
rules, conditional requests (ETag/304 round trips, unchanged repositories cost nothing), rate limits
(retry-after, primary within and beyond the budget, secondary back-off), a request cap, permission
403, vanished repositories, 401, 5xx, cut bodies, HTML bodies and a GitHub Enterprise Server prefix.
"""
import calendar
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from github_server import GitHubServer  # noqa: E402
from harness import NOW, TestCase, main, metric  # noqa: E402

NOW_TS = calendar.timegm(time.strptime(NOW, "%Y-%m-%dT%H:%M:%SZ"))
DAY = 86400
NEXT_DAY = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW_TS + DAY))

GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
CUSTOM_CI = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
             "      - uses: actions/checkout@v4\n      - run: make test\n")

# (name, workflow text, golden?) -- the spellings a real organisation has
SPELLINGS = [
    ("plain", GOLDEN_CI, True),
    ("quoted", "jobs:\n  ci:\n    uses: 'acme/golden-paths/.github/workflows/build.yml@main'  # pinned\n", True),
    ("double-quoted", '"jobs":\n  "ci":\n    "uses": "acme/golden-paths/.github/workflows/go.yml@v1"\n', True),
    ("commented-out", "jobs:\n  ci:\n    # uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
                      "    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", False),
    ("matrix", "jobs:\n  build:\n    strategy:\n      matrix:\n        go: ['1.21', '1.22']\n"
               "    uses: acme/golden-paths/.github/workflows/go.yml@v2\n    with:\n      go: ${{ matrix.go }}\n", True),
    ("other-ref", "jobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@"
                  "8f4b7f84864484a7bf31766abe9204da3cbe65b3\n", True),
    ("case", "jobs:\n  ci:\n    uses: ACME/Golden-Paths/.github/workflows/build.yml@v3\n", True),
    ("composite", "jobs:\n  ci:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"
                  "      - uses: acme/golden-paths/actions/build@v1\n", True),
    ("flow", "{on: push, jobs: {ci: {uses: \"acme/golden-paths/.github/workflows/build.yml@v3\"}}}\n", True),
    ("anchors", "x-job: &job\n  uses: acme/golden-paths/.github/workflows/build.yml@v3\njobs:\n  ci:\n    <<: *job\n", True),
    ("in-run-text", "jobs:\n  ci:\n    runs-on: x\n    steps:\n      - run: |\n"
                    "          echo uses: acme/golden-paths/.github/workflows/build.yml@v3\n", False),
    ("lookalike", "jobs:\n  ci:\n    uses: acme/golden-paths-fork/.github/workflows/build.yml@v3\n", False),
    ("custom", CUSTOM_CI, False),
]


def write_config(home, gh, extra=""):
    home.write_config(
        "github:\n"
        "  api_url: %s\n"
        "  org: acme\n"
        "  token: \"${GITHUB_TOKEN}\"\n"
        "%s"
        "dora:\n"
        "  deploy_workflows: '^no-deployment-workflows-here$'\n"   # request counts here are adoption's; DORA: test_dora.py
        "golden_path:\n"
        "  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
        "  actions: [\"acme/golden-paths/actions/*\"]\n"
        "http:\n"
        "  retries: 3\n"
        "  retry_delay_ms: 1000\n" % (gh.api_url, extra))


def collect(home, gh, now=NOW, token=None):
    # -v: waits are announced ("would wait N s") at info level, which a non-terminal stderr hides
    return home.run("-v", "collect", "github", now=now, env={"GITHUB_TOKEN": token or gh.token})


def runs(home):
    con = sqlite3.connect(home.db)
    try:
        return con.execute("SELECT status, requests, not_modified, warnings, message FROM collection_runs "
                           "WHERE source = 'github' ORDER BY id").fetchall()
    finally:
        con.close()


def query(home, sql, *args):
    con = sqlite3.connect(home.db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def kpis(home, period, now=NOW):
    """compute then export one period (export reads stored values)."""
    r = home.run("compute", "--period", period, now=now)
    if r.code != 0:
        raise AssertionError("compute failed: %r" % r)
    return home.export(period, now=now)


def waits(result):
    return [int(w) for w in re.findall(r"would wait (\d+) s", result.err)]


class Org:
    """Builds a fixture organisation and remembers what each repository should count as."""

    def __init__(self, gh):
        self.gh = gh
        self.expect = {}   # name -> (active, golden)

    def repo(self, name, active=True, golden=False, workflows=(), pushed_days_ago=3, **fields):
        pushed = None if pushed_days_ago is None else NOW_TS - pushed_days_ago * DAY
        self.gh.add_repo(name, pushed_at=pushed, **fields)
        for path, text, state in workflows:
            self.gh.add_workflow(name, path, text, state=state)
        self.expect[name] = (active, golden)

    def simple(self, name, golden, **kw):
        self.repo(name, golden=golden, workflows=[(".github/workflows/ci.yml", GOLDEN_CI if golden else CUSTOM_CI,
                                                   "active")], **kw)

    def active(self):
        return [n for n, (a, _) in self.expect.items() if a]

    def rate(self):
        act = self.active()
        return sum(1 for n in act if self.expect[n][1]) / len(act)

    def golden(self):
        return sum(1 for n, (a, g) in self.expect.items() if a and g)


def spelling_org(gh, fillers=0):
    org = Org(gh)
    for name, text, golden in SPELLINGS:
        org.repo(name, golden=golden, workflows=[(".github/workflows/ci.yml", text, "active")])
    # a disabled golden workflow does not count; the active custom one is read
    org.repo("disabled-workflow", golden=False, workflows=[
        (".github/workflows/golden.yml", GOLDEN_CI, "disabled_manually"),
        (".github/workflows/ci.yml", CUSTOM_CI, "active")])
    # a broken file is a warning; the second workflow still puts the repository on the golden path
    org.repo("broken-and-golden", golden=True, workflows=[
        (".github/workflows/broken.yml", "jobs:\n  ci:\n    uses: [unterminated\n", "active"),
        (".github/workflows/release.yaml", GOLDEN_CI, "active")])
    # code scanning's dynamic workflow has no file: never requested
    org.repo("dynamic", golden=False, workflows=[
        ("dynamic/github-code-scanning/codeql", None, "active"),
        (".github/workflows/ci.yml", CUSTOM_CI, "active")])
    org.repo("no-workflows", golden=False)
    # not active: archived, fork, template, disabled, stale, empty (all golden, none counts)
    org.repo("archived", active=False, workflows=[(".github/workflows/ci.yml", GOLDEN_CI, "active")], archived=True)
    org.repo("forked", active=False, workflows=[(".github/workflows/ci.yml", GOLDEN_CI, "active")], fork=True)
    org.repo("template", active=False, workflows=[(".github/workflows/ci.yml", GOLDEN_CI, "active")],
             is_template=True)
    org.repo("disabled-repo", active=False, workflows=[(".github/workflows/ci.yml", GOLDEN_CI, "active")],
             disabled=True)
    org.repo("stale", active=False, workflows=[(".github/workflows/ci.yml", GOLDEN_CI, "active")],
             pushed_days_ago=200)
    org.repo("empty", active=False, pushed_days_ago=None)
    for i in range(fillers):
        org.simple("svc-%03d" % i, golden=(i % 3 != 0), pushed_days_ago=1 + i % 60)
    return org


def expected_requests(org, pages):
    """Requests of a first collection: repository pages + per active repository its workflow list and files."""
    n = pages
    for name in org.active():
        n += 1
        n += sum(1 for w in org.gh.workflows[name.lower()]
                 if w["state"] == "active" and w["path"].startswith(".github/workflows/"))
    return n


class Collect(TestCase):
    def setUp(self):
        self.gh = GitHubServer().start()
        self.addCleanup(self.gh.stop)
        self.h = self.home()
        write_config(self.h, self.gh)

    def test_collect_export_and_conditional_requests(self):
        gh, h = self.gh, self.h
        org = spelling_org(gh, fillers=230)
        self.assertEqual(len(gh.repos), 253)
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertRegex(r.err, r"acme/broken-and-golden/\.github/workflows/broken\.yml.*invalid YAML")

        # three pages: the first as asked, then the rel="next" links exactly as GitHub gives them
        pages = [p for p, _ in gh.log if "/repos?" in p]
        self.assertEqual(pages, ["/orgs/acme/repos?type=all&per_page=100",
                                 "/organizations/%d/repos?type=all&per_page=100&page=2" % gh.org_id,
                                 "/organizations/%d/repos?type=all&per_page=100&page=3" % gh.org_id])
        # no more requests than pages + the per-repository calls of active repositories
        self.assertEqual(len(gh.log), expected_requests(org, 3))
        for name in ("archived", "forked", "template", "disabled-repo", "stale", "empty"):
            self.assertEqual(gh.count("/repos/acme/%s/" % name), 0, name)
        self.assertEqual(gh.count("/repos/acme/dynamic/contents/dynamic"), 0)
        self.assertEqual(gh.count("/repos/acme/disabled-workflow/contents/.github/workflows/golden.yml"), 0)
        # the headers GitHub asks for
        for req in gh.fx.requests:
            self.assertEqual(req.headers.get("authorization"), "Bearer " + gh.token)
            self.assertEqual(req.headers.get("x-github-api-version"), "2022-11-28")
            self.assertTrue(req.headers.get("user-agent", "").startswith("idpmetrics/"))
            want = "application/vnd.github.raw+json" if "/contents/" in req.path else "application/vnd.github+json"
            self.assertEqual(req.headers.get("accept"), want, req.path)
            self.assertNotIn("if-none-match", req.headers)
        self.assertEqual(runs(h)[-1][:3], ("ok", len(gh.log), 0))

        doc = kpis(h, "2026-Q4")
        rate = metric(doc, "golden_path_adoption_rate")
        self.assertAlmostEqual(rate["value"], org.rate(), places=9)
        self.assertEqual(rate["n"], len(org.active()))
        self.assertEqual(rate["flags"], [])
        self.assertEqual(metric(doc, "golden_path_repos")["value"], org.golden())
        self.assertEqual(metric(doc, "active_repos")["value"], len(org.active()))
        band = "target" if org.rate() >= 0.8 else "good" if org.rate() >= 0.6 else "average"
        self.assertEqual(rate["band"], band)
        # a quarter without a snapshot has no value
        doc = kpis(h, "2026-Q3")
        self.assertIsNone(metric(doc, "golden_path_adoption_rate")["value"])
        self.assertEqual(metric(doc, "golden_path_adoption_rate")["n"], 0)
        # the snapshot says which repositories are golden, and how
        golden = dict(query(h, "SELECT repo, golden FROM github_repo_snapshots WHERE active = 1"))
        for name in org.active():
            self.assertEqual(golden["acme/" + name], int(org.expect[name][1]), name)
        via = query(h, "SELECT golden_via FROM github_repo_snapshots WHERE repo = 'acme/composite'")[0][0]
        self.assertEqual(via, ".github/workflows/ci.yml: acme/golden-paths/actions/build@v1")

        # second collection, nothing changed: only the repository pages, all 304, and the workflows of
        # the repository whose file could not be parsed (read again each night until it can, as 304s)
        gh.reset_log()
        r = collect(h, gh)
        self.assertExit(r, 0)
        broken = ["/repos/acme/broken-and-golden/actions/workflows?per_page=100",
                  "/repos/acme/broken-and-golden/contents/.github/workflows/broken.yml",
                  "/repos/acme/broken-and-golden/contents/.github/workflows/release.yaml"]
        self.assertEqual(gh.log, [(p, 304) for p in pages + broken])
        for req in gh.fx.requests:
            # lists have weak ETags, raw file contents strong ones
            self.assertTrue(req.headers.get("if-none-match", "").startswith('W/"' if "/contents/" not in req.path
                                                                            else '"'), req.path)
        status, requests, not_modified = runs(h)[-1][:3]
        self.assertEqual(status, "ok")
        self.assertGreaterEqual(not_modified / requests, 0.95)
        # re-running the same day replaces that day's snapshot
        self.assertEqual(query(h, "SELECT COUNT(*), COUNT(DISTINCT day) FROM github_repo_snapshots"), [(253, 1)])
        self.assertAlmostEqual(metric(kpis(h, "2026-Q4"), "golden_path_adoption_rate")["value"], org.rate(), places=9)

        # the next night: two pushes without workflow changes, and 'custom' moves to the golden path
        gh.push("svc-005", NOW_TS + 3600)
        gh.push("plain", NOW_TS + 3600)
        gh.set_file("custom", ".github/workflows/ci.yml", GOLDEN_CI)
        gh.push("custom", NOW_TS + 3600)
        gh.reset_log()
        r = collect(h, gh, now=NEXT_DAY)
        self.assertExit(r, 0)
        log = dict(gh.log)
        self.assertEqual(log["/orgs/acme/repos?type=all&per_page=100"], 200)      # holds 'plain' and 'custom'
        self.assertEqual(log[pages[1]], 304)
        self.assertEqual(log[pages[2]], 304)
        self.assertEqual(log["/repos/acme/plain/contents/.github/workflows/ci.yml"], 304)
        self.assertEqual(log["/repos/acme/svc-005/contents/.github/workflows/ci.yml"], 304)
        self.assertEqual(log["/repos/acme/custom/contents/.github/workflows/ci.yml"], 200)
        touched = {p.split("/")[3] for p, _ in gh.log if p.startswith("/repos/")}
        self.assertEqual(touched, {"plain", "svc-005", "custom", "broken-and-golden"})
        self.assertEqual(len(gh.log), 3 + 3 * 2 + 3)
        self.assertEqual(query(h, "SELECT COUNT(DISTINCT day) FROM github_repo_snapshots"), [(2,)])
        org.expect["custom"] = (True, True)
        rate = metric(kpis(h, "2026-Q4", now=NEXT_DAY), "golden_path_adoption_rate")
        self.assertAlmostEqual(rate["value"], org.rate(), places=9)

        # a week later every active repository's workflow list is re-validated (one request, 304 when
        # unchanged, files untouched); 'plain' had its workflow disabled in the UI, without a push
        gh.workflows["plain"][0]["state"] = "disabled_manually"
        gh.reset_log()
        later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW_TS + 9 * DAY))
        r = collect(h, gh, now=later)
        self.assertExit(r, 0)
        # (plus the files of broken-and-golden, read again as long as one cannot be parsed)
        self.assertEqual(len(gh.log), 3 + len(org.active()) + 2)
        self.assertEqual(gh.count("", 304), 3 + len(org.active()) - 1 + 2)
        self.assertEqual(gh.count("/repos/acme/plain/actions/workflows", 200), 1)
        self.assertEqual({p.split("/")[3] for p, _ in gh.log if "/contents/" in p}, {"broken-and-golden"})
        org.expect["plain"] = (True, False)
        rate = metric(kpis(h, "2026-Q4", now=later), "golden_path_adoption_rate")
        self.assertAlmostEqual(rate["value"], org.rate(), places=9)

    def test_enterprise_server_prefix(self):
        gh = GitHubServer(prefix="/api/v3", max_per_page=4).start()
        self.addCleanup(gh.stop)
        write_config(self.h, gh)
        org = spelling_org(gh)
        for i in range(6):  # two pages of workflows
            gh.add_workflow("plain", ".github/workflows/extra%d.yml" % i, CUSTOM_CI)
        r = collect(self.h, gh)
        self.assertExit(r, 0)
        self.assertIn("/api/v3/organizations/%d/repos?type=all&per_page=100&page=2" % gh.org_id, dict(gh.log))
        self.assertTrue(any(p.startswith("/api/v3/repositories/") for p, _ in gh.log))  # workflows page 2 form
        self.assertAlmostEqual(metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")["value"], org.rate())


class Faults(TestCase):
    """Small organisations with 4 repositories a page, so every fault lands mid-collection."""

    def setUp(self):
        self.gh = GitHubServer(max_per_page=4).start()
        self.addCleanup(self.gh.stop)
        self.h = self.home()
        write_config(self.h, self.gh)
        self.org = Org(self.gh)
        for i in range(10):
            self.org.simple("r%02d" % i, golden=i < 6)

    def check_complete(self):
        rate = metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")
        self.assertAlmostEqual(rate["value"], 0.6)
        self.assertEqual(rate["n"], 10)

    def test_retry_after(self):
        self.gh.fault(r"/repos/acme/r03/actions/workflows", "retry_after", seconds=7)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(waits(r), [7])
        self.assertRegex(r.err, r"would wait 7 s: GitHub answered 403 with retry-after: 7")
        self.assertEqual(runs(self.h)[-1][0], "ok")
        self.check_complete()

    def test_primary_limit_within_budget_waits(self):
        self.gh.fault(r"/organizations/\d+/repos", "primary", reset_in=120)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(len(waits(r)), 1, r.err)
        self.assertTrue(120 <= waits(r)[0] <= 122, r.err)
        self.assertIn("primary rate limit", r.err)
        self.assertEqual(runs(self.h)[-1][0], "ok")
        self.check_complete()

    def test_primary_limit_beyond_budget_stops_and_resumes(self):
        self.gh.fault(r"/repos/acme/r05/", "primary", reset_in=5000)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(waits(r), [])
        status, _, _, _, message = runs(self.h)[-1]
        self.assertEqual(status, "partial")
        self.assertRegex(message, r"time_budget_seconds \(900 s.*next run resumes \(any time after 20\d\d-")
        # what was done is kept: the listing and r00..r04; the rest is unchecked and flagged
        checked = query(self.h, "SELECT COUNT(*) FROM github_repos WHERE workflows_read_at IS NOT NULL")[0][0]
        self.assertEqual(checked, 5)
        rate = metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")
        self.assertEqual(rate["flags"], ["partial"])
        self.assertEqual(rate["n"], 5)
        self.assertAlmostEqual(rate["value"], 1.0)
        self.assertIn("partial", self.h.run("status").out)
        # the next run resumes where this one stopped: r00..r04 cost nothing but the listing
        self.gh.reset_log()
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(runs(self.h)[-1][0], "ok")
        self.assertEqual({p.split("/")[3] for p, _ in self.gh.log if p.startswith("/repos/")},
                         {"r%02d" % i for i in range(5, 10)})
        self.check_complete()
        self.assertEqual(metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")["flags"], [])

    def test_secondary_limit_backs_off(self):
        self.gh.fault(r"/repos/acme/r02/contents/", "secondary", times=2)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(waits(r), [60, 120])
        self.assertIn("secondary rate limit", r.err)
        self.check_complete()

    def test_secondary_limit_that_persists_stops(self):
        self.gh.fault(r"/repos/acme/r02/", "secondary", times=100, status=429)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(waits(r), [60, 120, 240, 480])
        status, _, _, _, message = runs(self.h)[-1]
        self.assertEqual(status, "partial")
        self.assertIn("secondary rate limit persisted", message)

    def test_request_cap(self):
        write_config(self.h, self.gh, "  max_requests: 9\n")
        seen = []
        for night in range(4):
            self.gh.reset_log()
            r = collect(self.h, self.gh)
            self.assertExit(r, 0)
            self.assertLessEqual(len(self.gh.log), 9)
            seen += [p for p, s in self.gh.log if "/contents/" in p]
            if runs(self.h)[-1][0] == "ok":
                break
            self.assertIn("github.max_requests (9) reached", runs(self.h)[-1][4])
        self.assertEqual(runs(self.h)[-1][0], "ok")
        self.assertGreater(night, 1)
        # each file was fetched once over the nights: nothing read twice
        self.assertEqual(sorted(seen), sorted(set(seen)))
        self.assertEqual(len(set(seen)), 10)
        self.check_complete()

    def test_permission_403_stops_with_the_permissions_needed(self):
        self.gh.fault(r"/repos/acme/r06/actions/workflows", "permission")
        r = collect(self.h, self.gh)
        self.assertExit(r, 1)
        self.assertIn("403 Resource not accessible by integration", r.err)
        for word in ("metadata", "contents", "actions"):
            self.assertIn(word, r.err.lower())
        self.assertEqual(runs(self.h)[-1][0], "failed")
        # what was committed stays: all repositories listed, r00..r05 read; no snapshot from a failed run
        self.assertEqual(query(self.h, "SELECT COUNT(*) FROM github_repos")[0][0], 10)
        self.assertEqual(query(self.h, "SELECT COUNT(*) FROM github_repos WHERE workflows_read_at IS NOT NULL")[0][0],
                         6)
        self.assertEqual(query(self.h, "SELECT COUNT(*) FROM github_repo_snapshots")[0][0], 0)

    def test_vanished_repository_is_a_warning(self):
        self.gh.fault(r"/repos/acme/r07/actions/workflows", "not_found")
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertRegex(r.err, r"repository 'acme/r07' vanished during the run \(404 on .*\): marked gone")
        status, _, _, warnings, _ = runs(self.h)[-1]
        self.assertEqual(status, "ok")
        self.assertGreaterEqual(warnings, 1)
        rate = metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")
        self.assertEqual(rate["n"], 9)
        self.assertAlmostEqual(rate["value"], 6 / 9)
        # listed again the next night: read and counted again
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.check_complete()

    def test_repository_gone_from_the_listing(self):
        self.assertExit(collect(self.h, self.gh), 0)
        self.gh.remove_repo("r00")
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertIn("'acme/r00' is no longer listed", r.err)
        rate = metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")
        self.assertEqual(rate["n"], 9)
        self.assertAlmostEqual(rate["value"], 5 / 9)

    def test_bad_token(self):
        r = collect(self.h, self.gh, token="not-the-token-4711")
        self.assertExit(r, 1)
        self.assertIn("401 Bad credentials", r.err)
        self.assertIn("github.token", r.err)
        self.assertNotIn("not-the-token-4711", r.err + r.out)
        self.assertEqual(runs(self.h)[-1][0], "failed")
        self.assertNotIn("not-the-token-4711", repr(query(self.h, "SELECT * FROM collection_runs")))

    def test_missing_token(self):
        r = self.h.run("collect", "github")
        self.assertExit(r, 1)
        self.assertIn("environment variable 'GITHUB_TOKEN' is not set", r.err)
        self.assertEqual(len(self.gh.log), 0)

    def test_unknown_organisation(self):
        with open(self.h.config) as f:
            self.h.write_config(f.read().replace("org: acme", "org: nobody"))
        r = collect(self.h, self.gh)
        self.assertExit(r, 1)
        self.assertIn("organisation 'nobody' not found", r.err)

    def test_server_errors_then_success(self):
        self.gh.fault(r"/orgs/acme/repos", "server_error", times=2)
        self.gh.fault(r"/repos/acme/r04/contents/", "server_error", times=1, status=500)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(self.gh.count("/orgs/acme/repos"), 3)
        self.assertEqual(runs(self.h)[-1][0], "ok")
        self.assertEqual(runs(self.h)[-1][1], len(self.gh.log))
        self.check_complete()

    def test_truncated_body(self):
        self.gh.fault(r"/organizations/\d+/repos", "truncate", times=1)
        self.gh.fault(r"/repos/acme/r01/contents/", "truncate", times=1)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertIn("connection closed before the end of the body", r.err)
        self.assertEqual(runs(self.h)[-1][0], "ok")
        self.check_complete()

    def test_body_cut_every_time_skips_that_repository(self):
        self.gh.fault(r"/repos/acme/r03/contents/", "truncate", times=100)
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertIn("repository 'acme/r03' skipped", r.err)
        status, _, _, _, message = runs(self.h)[-1]
        self.assertEqual(status, "partial")
        self.assertIn("1 repositories could not be read", message)
        self.assertEqual(metric(kpis(self.h, "2026-Q4"), "golden_path_adoption_rate")["n"], 9)
        # the next night reads it
        self.gh.faults.clear()
        self.assertExit(collect(self.h, self.gh), 0)
        self.check_complete()

    def test_html_instead_of_json(self):
        self.gh.fault(r"/orgs/acme/repos", "html")
        r = collect(self.h, self.gh)
        self.assertExit(r, 1)
        self.assertIn("invalid JSON", r.err)
        self.assertIn("the server sent HTML", r.err)

    def test_next_link_to_another_host_is_refused(self):
        from harness import Reply
        self.gh.fault(r"/orgs/acme/repos", "reply",
                      reply=Reply(200, [], {"Link": '<http://evil.example:1/orgs/acme/repos?page=2>; rel="next"'}))
        r = collect(self.h, self.gh)
        self.assertExit(r, 1)
        self.assertIn("refusing to follow rel=\"next\" to 'http://evil.example:1/", r.err)


class Nightly(TestCase):
    def test_run_collects_computes_and_refreshes(self):
        gh = GitHubServer(max_per_page=4).start()
        self.addCleanup(gh.stop)
        h = self.home()
        write_config(h, gh)
        org = spelling_org(gh)
        r = h.run("run", env={"GITHUB_TOKEN": gh.token})
        self.assertExit(r, 0)
        self.assertAlmostEqual(metric(h.export("2026-Q4"), "golden_path_adoption_rate")["value"], org.rate())
        out = h.run("status").out
        self.assertRegex(out, r"github\s+2026-11-27T12:00:00Z")
        self.assertIn("golden_path_adoption_rate", out)


class Demo(TestCase):
    def test_demo_adoption_climbs(self):
        h = self.home()
        out = h.path("out")
        self.assertExit(h.run("demo", "--out", out, config=False, db=False), 0)
        db = os.path.join(out, "demo.db")
        rates = []
        for period in ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"):
            r = h.run("--db", db, "export", "--format", "json", "--period", period, config=False, db=False)
            self.assertExit(r, 0)
            doc = r.json()
            rate, golden, active = (metric(doc, m) for m in
                                    ("golden_path_adoption_rate", "golden_path_repos", "active_repos"))
            self.assertAlmostEqual(rate["value"], golden["value"] / active["value"])
            self.assertTrue(100 <= active["value"] <= 150, active)
            rates.append(rate["value"])
        self.assertEqual(rates, sorted(rates), rates)
        self.assertLess(rates[0], 0.5)
        self.assertGreater(rates[-1], 0.75)
        # the demo's repositories went through the same store: workflows and weekly snapshots
        con = sqlite3.connect(db)
        try:
            repos, days = con.execute("SELECT COUNT(DISTINCT repo), COUNT(DISTINCT day) FROM github_repo_snapshots").fetchone()
            self.assertEqual(con.execute("SELECT COUNT(*) FROM github_repos").fetchone()[0], 150)
        finally:
            con.close()
        self.assertEqual(repos, 150)
        self.assertGreater(days, 55)


if __name__ == "__main__":
    main()
