"""End to end: DORA metrics from a GitHub-shaped fixture organisation with hand-computed answers.

The fixture (times relative to the start of 2026-Q3, T0; NOW is 2026-11-27T12:00:00Z in 2026-Q4):

shop  deploy.yml runs on main: D1 c0 T0+1d (first seen: no changes), D2 c2 T0+3d (c1, c2), a failed run
      of c3 T0+5d, D3 c3 re-run (attempt 2) finished T0+6d+3h, D4 m1 T0+9d (a merge bringing f2 and f1,
      f1 authored 20 days before T0), D5 s1 T0+12d+6h (a squash merge of PR #7 opened T0+10d, whose
      commit carries the merge time T0+12d as author date); a run on a feature branch and a run
      without updated_at are ignored.  Incidents: #1 two days after D5 (closed after 5 h), #2 at T0+40d,
      outside the 7-day window (closed after 30 h), #3 open; #4 is a pull request with the label,
      #5 has another label.  2026-Q4: D6 c6 Q4+21d with incident #6 an hour later (closed after 1.5 h);
      a failed run of c7 NOW-1d that is re-run successfully before the next night.
api   A1 a0 T0+2d (first), A2 a1 T0+30d (incident #1 a day later, closed after 2 h); nothing in Q4.
web   W1 w0 T0+5d (first); then history is rewritten (w0 is gone): W2 w2 T0+20d (compare 404: its
      changes are skipped), W3 w3 T0+25d (w3).
docs  no deployment workflow: never read.
"""
import calendar
import hashlib
import os
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from github_server import GitHubServer  # noqa: E402
from harness import NOW, TestCase, main, metric, percentile  # noqa: E402

HOUR = 3600
DAY = 86400


def ts(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


NOW_TS = ts(NOW)
NEXT = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW_TS + DAY))
NEXT_TS = NOW_TS + DAY
T0 = ts("2026-07-01T00:00:00Z")      # 2026-Q3
Q4 = ts("2026-10-01T00:00:00Z")
HORIZON = ts("2025-10-01T00:00:00Z")  # default dora.since: four quarters before the current one
Q3_WEEKS = 92 / 7.0

CI = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
DEPLOY = "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n"


def sha(name):
    return hashlib.sha1(name.encode()).hexdigest()


def write_config(home, gh, dora=""):
    home.write_config(
        "github:\n"
        "  api_url: %s\n"
        "  org: acme\n"
        "  token: \"${GITHUB_TOKEN}\"\n"
        "%s"
        "http:\n"
        "  retries: 2\n"
        "  retry_delay_ms: 10\n" % (gh.api_url, ("dora:\n" + dora) if dora else ""))


def collect(home, gh, now=NOW):
    return home.run("-v", "collect", "github", now=now, env={"GITHUB_TOKEN": gh.token})


def query(home, sql, *args):
    con = sqlite3.connect(home.db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def kpis(home, period, now=NOW):
    r = home.run("compute", "--period", period, now=now)
    if r.code != 0:
        raise AssertionError("compute failed: %r" % r)
    return home.export(period, now=now)


def dora_paths(gh):
    """The DORA requests in the log (everything but the repository listing and workflows)."""
    keep = ("/actions/workflows/", "/commits", "/compare/", "/issues", "/pulls", "/deployments")
    return [(p, s) for p, s in gh.log
            if any(k in p for k in keep) and not p.split("?")[0].endswith("/actions/workflows")]


class Org:
    def __init__(self, gh):
        self.gh = gh
        self.deploy = {}

    def repo(self, name, deployable=True):
        self.gh.add_repo(name, pushed_at=NOW_TS - DAY)
        self.gh.add_workflow(name, ".github/workflows/ci.yml", CI)
        if deployable:
            self.deploy[name] = self.gh.add_workflow(name, ".github/workflows/deploy.yml", DEPLOY, name="Deploy")

    def commit(self, repo, name, parents, authored, committed=None):
        self.gh.add_commit(repo, sha(name), [sha(p) for p in parents], authored, committed)

    def run(self, repo, commit, created, updated=None, **kw):
        return self.gh.add_run(repo, self.deploy[repo], sha(commit), created, updated, **kw)


def build(gh):
    o = Org(gh)
    # shop
    o.repo("shop")
    o.commit("shop", "old", [], HORIZON - 100 * DAY)          # older than the horizon: never listed
    o.commit("shop", "c0", ["old"], T0 - 10 * DAY)
    o.commit("shop", "c1", ["c0"], T0 + DAY + 2 * HOUR)
    o.commit("shop", "c2", ["c1"], T0 + 2 * DAY)
    o.commit("shop", "c3", ["c2"], T0 + 4 * DAY)
    o.commit("shop", "f1", ["c0"], T0 - 20 * DAY)              # a long-lived feature branch
    o.commit("shop", "f2", ["f1"], T0 + 7 * DAY)
    o.commit("shop", "m1", ["c3", "f2"], T0 + 8 * DAY)         # its merge
    o.commit("shop", "s1", ["m1"], T0 + 12 * DAY)              # squash merge of PR #7: author date = merge time
    o.commit("shop", "c6", ["s1"], Q4 + 20 * DAY)
    o.commit("shop", "c7", ["c6"], NOW_TS - 2 * DAY)
    gh.set_branch("shop", "main", sha("c7"))
    gh.add_pull("shop", 7, T0 + 10 * DAY, T0 + 12 * DAY, sha("s1"))
    gh.add_pull("shop", 8, T0 + 11 * DAY, T0 + 11 * DAY + HOUR, sha("unrelated"))
    o.run("shop", "c0", T0 + DAY - 600, T0 + DAY)
    o.run("shop", "c2", T0 + 3 * DAY - 600, T0 + 3 * DAY)
    o.run("shop", "c3", T0 + 5 * DAY - 600, T0 + 5 * DAY, conclusion="failure")
    o.run("shop", "c3", T0 + 6 * DAY, T0 + 6 * DAY + 3 * HOUR, attempt=2)
    o.run("shop", "f2", T0 + 7 * DAY, T0 + 7 * DAY + 600, branch="feature-x")
    o.run("shop", "m1", T0 + 8 * DAY + 600, updated_at=None)   # no usable timestamp: skipped
    o.run("shop", "m1", T0 + 9 * DAY - 600, T0 + 9 * DAY)
    o.run("shop", "s1", T0 + 12 * DAY + 5 * HOUR, T0 + 12 * DAY + 6 * HOUR)
    o.run("shop", "c6", Q4 + 21 * DAY - 600, Q4 + 21 * DAY)
    rerun = o.run("shop", "c7", NOW_TS - DAY, NOW_TS - DAY + 600, conclusion="failure")
    gh.add_issue("shop", 1, T0 + 14 * DAY + 6 * HOUR, T0 + 14 * DAY + 11 * HOUR)
    gh.add_issue("shop", 2, T0 + 40 * DAY, T0 + 41 * DAY + 6 * HOUR)
    gh.add_issue("shop", 3, T0 + 50 * DAY)
    gh.add_issue("shop", 4, T0 + 13 * DAY, T0 + 13 * DAY + HOUR, pull_request=True)
    gh.add_issue("shop", 5, T0 + 13 * DAY, T0 + 13 * DAY + HOUR, labels=("bug",))
    gh.add_issue("shop", 6, Q4 + 21 * DAY + HOUR, Q4 + 21 * DAY + 2 * HOUR + 1800)
    # api
    o.repo("api")
    o.commit("api", "a0", [], T0 - 5 * DAY)
    o.commit("api", "a1", ["a0"], T0 + 29 * DAY)
    gh.set_branch("api", "main", sha("a1"))
    o.run("api", "a0", T0 + 2 * DAY - 600, T0 + 2 * DAY)
    o.run("api", "a1", T0 + 30 * DAY - 600, T0 + 30 * DAY)
    gh.add_issue("api", 1, T0 + 31 * DAY, T0 + 31 * DAY + 2 * HOUR)
    # web: w0 deployed, then the history was rewritten
    o.repo("web")
    o.commit("web", "w1", [], T0 + 15 * DAY)
    o.commit("web", "w2", ["w1"], T0 + 19 * DAY)
    o.commit("web", "w3", ["w2"], T0 + 24 * DAY)
    gh.set_branch("web", "main", sha("w3"))
    o.run("web", "w0", T0 + 5 * DAY - 600, T0 + 5 * DAY)
    o.run("web", "w2", T0 + 20 * DAY - 600, T0 + 20 * DAY)
    o.run("web", "w3", T0 + 25 * DAY - 600, T0 + 25 * DAY)
    # docs: no deployment workflow
    o.repo("docs", deployable=False)
    return o, rerun


def next_night(o, gh, rerun):
    """What happens before the next night: the failed run is re-run successfully, and a merge
    bringing a commit committed weeks ago (older than the branch watermark) is deployed."""
    rerun["run_attempt"] = 2
    rerun["conclusion"] = "success"
    rerun["updated_at"] = gh.iso(NOW_TS + 2 * HOUR)
    o.commit("shop", "g1", ["c6"], Q4 + 5 * DAY)
    o.commit("shop", "m2", ["c7", "g1"], NEXT_TS - 5 * HOUR)
    gh.set_branch("shop", "main", sha("m2"))
    o.run("shop", "m2", NEXT_TS - 3 * HOUR, NEXT_TS - 2 * HOUR)


# Hand-computed answers for 2026-Q3 (lead times in hours).
SHOP_LEAD = [46, 24, 51, 24, 48, 696, 54]     # D2: c1 c2; D3: c3; D4: m1 f2 f1; D5: s1 from PR #7's opening
API_LEAD = [24]
WEB_LEAD = [24]


class Workflows(TestCase):
    def setUp(self):
        self.gh = GitHubServer().start()
        self.addCleanup(self.gh.stop)
        self.h = self.home()
        write_config(self.h, self.gh)
        self.o, self.rerun = build(self.gh)

    def check_q3(self, doc):
        def v(name, scope="org"):
            m = metric(doc, name, scope)
            self.assertIsNotNone(m, (name, scope))
            return m

        # per service
        self.assertEqual(v("deployments", "service:shop")["value"], 5)
        self.assertAlmostEqual(v("deployment_frequency_per_week", "service:shop")["value"], 5 / Q3_WEEKS, places=9)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:shop")["value"], 48)
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours", "service:shop")["value"],
                               percentile(SHOP_LEAD, 0.9))
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours", "service:shop")["value"], 310.8)
        self.assertEqual(v("lead_time_for_changes_p50_hours", "service:shop")["n"], 7)
        self.assertAlmostEqual(v("change_failure_rate", "service:shop")["value"], 0.2)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours", "service:shop")["value"], 17.5)
        self.assertEqual(v("failed_deployment_recovery_time_p50_hours", "service:shop")["flags"], ["incomplete"])
        self.assertEqual(v("incidents", "service:shop")["value"], 3)
        self.assertEqual(v("deployments", "service:api")["value"], 2)
        self.assertAlmostEqual(v("change_failure_rate", "service:api")["value"], 0.5)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours", "service:api")["value"], 2)
        self.assertEqual(v("deployments", "service:web")["value"], 3)
        self.assertAlmostEqual(v("change_failure_rate", "service:web")["value"], 0)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:web")["value"], 24)
        self.assertIsNone(v("failed_deployment_recovery_time_p50_hours", "service:web")["value"])
        self.assertIsNone(metric(doc, "deployments", "service:docs"))
        # org: frequency is the median over the three deployable services
        freq = v("deployment_frequency_per_week")
        self.assertAlmostEqual(freq["value"], 3 / Q3_WEEKS, places=9)
        self.assertEqual(freq["n"], 3)
        self.assertEqual(freq["tier"], "low")                  # 0.228 per week: less than once a month
        self.assertEqual(v("deployments")["value"], 10)
        lead = SHOP_LEAD + API_LEAD + WEB_LEAD
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours")["value"], percentile(lead, 0.5))
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours")["value"], 46)
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours")["value"], 182.4)
        self.assertEqual(v("lead_time_for_changes_p50_hours")["tier"], "high")
        self.assertAlmostEqual(v("change_failure_rate")["value"], 0.2)
        self.assertEqual(v("change_failure_rate")["n"], 10)
        self.assertEqual(v("change_failure_rate")["tier"], "low")   # 2023: > 15 %
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours")["value"], 5)
        self.assertEqual(v("failed_deployment_recovery_time_p50_hours")["tier"], "high")
        self.assertEqual(v("incidents")["value"], 4)
        self.assertEqual(v("incidents")["tier"], None)

    def test_collect_compute_and_the_next_night(self):
        gh, h = self.gh, self.h
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertIn("1 deployment runs without usable created_at/updated_at were skipped", r.err)
        self.assertIn("the changes of 1 deployments were skipped", r.err)
        # docs has no deployment workflow: no DORA request touches it
        self.assertEqual([p for p, _ in dora_paths(gh) if "/acme/docs/" in p], [])
        # how each deployment's changes were worked out
        how = dict(query(h, "SELECT sha, changes FROM dora_deployments WHERE success = 1"))
        self.assertEqual(how[sha("c0")], "seed")
        self.assertEqual(how[sha("c2")], "graph")
        self.assertEqual(how[sha("m1")], "graph")
        self.assertEqual(how[sha("w0")], "seed")
        self.assertEqual(how[sha("w2")], "rewritten")
        self.assertEqual(how[sha("w3")], "graph")
        # the merge's changes include the feature branch's old commit; the seed has none
        changes = {s for (s,) in query(h, "SELECT c.sha FROM dora_changes c JOIN dora_deployments d "
                                          "ON d.id = c.deployment WHERE d.sha = ?", sha("m1"))}
        self.assertEqual(changes, {sha("m1"), sha("f2"), sha("f1")})
        # history before the horizon is a stub, never read
        self.assertEqual(query(h, "SELECT beyond FROM dora_commits WHERE sha = ?", sha("old")), [(1,)])
        # one compare (web, 404) and one chase of the vanished w0; shop and api cost pages, not deployments
        self.assertEqual(gh.count("/repos/acme/web/compare/"), 1)
        self.assertEqual(gh.count("/repos/acme/shop/compare/"), 0)
        self.assertEqual(gh.count("/repos/acme/api/compare/"), 0)
        self.assertEqual(gh.count("/repos/acme/shop/commits"), 1)
        self.assertEqual(gh.count("/repos/acme/web/commits"), 2)   # main, then the chase of w0 (404)
        self.assertEqual(gh.count("/repos/acme/web/commits?sha=%s" % sha("w0"), 404), 1)
        # the first run reads from the horizon
        runs_url = [p for p, _ in dora_paths(gh) if "/acme/shop/actions/workflows/" in p]
        self.assertEqual(runs_url, ["/repos/acme/shop/actions/workflows/%d/runs?per_page=100&exclude_pull_requests"
                                    "=true&created=%%3E%%3D2025-10-01T00:00:00Z" % self.o.deploy["shop"]["id"]])
        self.assertIn("/repos/acme/shop/issues?labels=incident&state=all&sort=updated&direction=asc&since="
                      "2025-10-01T00:00:00Z&per_page=100", [p for p, _ in gh.log])

        self.check_q3(kpis(h, "2026-Q3"))

        # 2026-Q4 so far: shop deployed once, api and web not at all: the median counts them as 0
        doc = kpis(h, "2026-Q4")
        weeks = (NOW_TS - Q4) / (7.0 * DAY)
        self.assertAlmostEqual(metric(doc, "deployment_frequency_per_week", "service:shop")["value"], 1 / weeks)
        self.assertEqual(metric(doc, "deployment_frequency_per_week", "service:api")["value"], 0)
        freq = metric(doc, "deployment_frequency_per_week")
        self.assertEqual(freq["value"], 0)
        self.assertEqual(freq["n"], 3)
        self.assertEqual(freq["flags"], ["partial_period"])
        self.assertAlmostEqual(metric(doc, "change_failure_rate", "service:shop")["value"], 1.0)
        self.assertAlmostEqual(metric(doc, "failed_deployment_recovery_time_p50_hours")["value"], 1.5)
        self.assertEqual(metric(doc, "failed_deployment_recovery_time_p50_hours")["tier"], "high")

        # the next night: incremental
        next_night(self.o, gh, self.rerun)
        gh.reset_log()
        r = collect(h, gh, now=NEXT)
        self.assertExit(r, 0)
        paths = [p for p, _ in dora_paths(gh)]
        self.assertEqual(len(paths), 9, paths)
        self.assertEqual(sum(1 for p in paths if "/acme/shop/" in p), 5, paths)
        self.assertEqual(sum(1 for p in paths if "/acme/api/" in p), 2, paths)   # runs, issues
        self.assertEqual(sum(1 for p in paths if "/acme/web/" in p), 2, paths)
        # runs again from the Monday before the watermark minus a week (re-runs), the branch since a day before
        # its watermark
        self.assertIn("/repos/acme/shop/actions/workflows/%d/runs?per_page=100&exclude_pull_requests=true&created="
                      "%%3E%%3D2026-11-16T00:00:00Z" % self.o.deploy["shop"]["id"], paths)
        self.assertIn("/repos/acme/shop/commits?sha=main&since=%s&per_page=100" % gh.iso(NOW_TS - 3 * DAY), paths)
        # the merge brought g1, committed before the watermark: its history is chased
        self.assertIn("/repos/acme/shop/commits?sha=%s&since=2025-10-01T00:00:00Z&per_page=100" % sha("g1"), paths)
        self.assertEqual(gh.count("/repos/acme/shop/compare/"), 0)
        # the re-run turned the failed run into a deployment at its completion
        row = query(h, "SELECT success, attempt, deployed_at, changes FROM dora_deployments WHERE id = ?",
                    self.rerun["id"])
        self.assertEqual(row, [(1, 2, NOW_TS + 2 * HOUR, "graph")])
        doc = kpis(h, "2026-Q4", now=NEXT)
        lead = [24, 50, 3, (NEXT_TS - 2 * HOUR - (Q4 + 5 * DAY)) / HOUR]   # c6; c7; m2, g1
        self.assertEqual(metric(doc, "deployments", "service:shop")["value"], 3)
        self.assertAlmostEqual(metric(doc, "lead_time_for_changes_p50_hours", "service:shop")["value"],
                               percentile(lead, 0.5))
        self.assertAlmostEqual(metric(doc, "lead_time_for_changes_p90_hours", "service:shop")["value"],
                               percentile(lead, 0.9))
        self.assertAlmostEqual(metric(doc, "change_failure_rate", "service:shop")["value"], 1 / 3.0)
        self.assertEqual(metric(doc, "deployment_frequency_per_week")["value"], 0)
        # Q3 did not move
        self.check_q3(kpis(h, "2026-Q3", now=NEXT))

        # a third night with nothing new: no history, pull request or compare requests at all
        gh.reset_log()
        r = collect(h, gh, now=NEXT)
        self.assertExit(r, 0)
        paths = [p for p, _ in dora_paths(gh)]
        self.assertEqual([p for p in paths if "/commits" in p or "/pulls" in p or "/compare/" in p], [])
        self.assertEqual(len(paths), 6, paths)   # a runs listing and an issues listing per deployable repository
        # all unchanged: 304, free against the rate limit (the runs window starts on a Monday, so its URL
        # stays the same all week)
        self.assertEqual([s for p, s in dora_paths(gh)], [304] * 6)

    def test_benchmark_year(self):
        self.assertExit(collect(self.h, self.gh), 0)
        write_config(self.h, self.gh, "  benchmarks: dora-2024\n")
        doc = kpis(self.h, "2026-Q3")
        self.assertEqual(metric(doc, "change_failure_rate")["tier"], "high")        # 2024: high is <= 20 %
        self.assertEqual(metric(doc, "change_failure_rate", "service:api")["tier"], "low")
        self.assertEqual(metric(doc, "lead_time_for_changes_p50_hours")["tier"], "high")
        write_config(self.h, self.gh, "  benchmarks: dora-1999\n")
        r = self.h.run("compute", "--period", "2026-Q3")
        self.assertNotEqual(r.code, 0)
        self.assertIn("dora-1999", r.err)
        self.assertIn("dora.benchmarks", r.err)

    def test_incident_window(self):
        write_config(self.h, self.gh, "  incident_window_days: 30\n")
        self.assertExit(collect(self.h, self.gh), 0)
        doc = kpis(self.h, "2026-Q3")
        # #2 opened 27 days after D5: inside a 30-day window (D5 had #1 already: still one failed deployment)
        self.assertAlmostEqual(metric(doc, "change_failure_rate", "service:shop")["value"], 0.2)
        cfr = [m for m in doc["metrics"] if m["metric"] == "change_failure_rate" and m["scope"] == "service:shop"]
        self.assertEqual(len(cfr), 1)

    def test_rate_limits_through_the_client(self):
        gh, h = self.gh, self.h
        gh.fault(r"/repos/acme/api/actions/workflows/\d+/runs", "retry_after", seconds=7)
        gh.fault(r"/repos/acme/shop/commits", "primary", reset_in=5000)
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertIn("would wait 7 s", r.err)
        self.assertIn("primary rate limit", r.err)
        status = query(h, "SELECT status, message FROM collection_runs ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(status[0], "partial")
        self.assertIn("time_budget_seconds", status[1])
        # the next run resumes and ends with the same answers as an undisturbed run
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertEqual(query(h, "SELECT status FROM collection_runs ORDER BY id DESC LIMIT 1"), [("ok",)])
        self.check_q3(kpis(h, "2026-Q3"))

    def test_prune_keeps_the_answers(self):
        gh, h = self.gh, self.h
        self.assertExit(collect(h, gh), 0)
        self.check_q3(kpis(h, "2026-Q3"))
        r = h.run("prune", "--keep", "2q")          # keeps 2026-Q3 and later
        self.assertExit(r, 0)
        # the commit of a kept deployment stays (the next one's base); older history goes
        self.assertEqual(query(h, "SELECT COUNT(*) FROM dora_commits WHERE sha IN (?, ?)", sha("c0"), sha("f1")),
                         [(1,)])
        next_night(self.o, gh, self.rerun)
        gh.reset_log()
        self.assertExit(collect(h, gh, now=NEXT), 0)
        self.assertEqual(gh.count("/repos/acme/shop/compare/"), 0)
        self.assertEqual(sum(1 for p, _ in dora_paths(gh) if "/acme/shop/commits" in p), 2)  # main, chase of g1
        self.check_q3(kpis(h, "2026-Q3", now=NEXT))
        doc = kpis(h, "2026-Q4", now=NEXT)
        self.assertEqual(metric(doc, "deployments", "service:shop")["value"], 3)
        self.assertEqual(metric(doc, "deployment_frequency_per_week")["n"], 3)   # api and web still count

    def test_team_scopes(self):
        write_config(self.h, self.gh)
        with open(self.h.config) as f:
            text = f.read()
        self.h.write_config(text + "teams:\n  repositories:\n    \"acme/shop\": checkout\n    \"api\": platform\n"
                                   "    \"we*\": platform\n")
        self.assertExit(collect(self.h, self.gh), 0)
        doc = kpis(self.h, "2026-Q3")
        # a team's frequency is the median over its deployable services: api 2 and web 3 deployments
        freq = metric(doc, "deployment_frequency_per_week", "team:platform")
        self.assertAlmostEqual(freq["value"], 2.5 / Q3_WEEKS, places=9)
        self.assertEqual(freq["n"], 2)
        self.assertEqual(metric(doc, "deployments", "team:platform")["value"], 5)
        self.assertAlmostEqual(metric(doc, "change_failure_rate", "team:platform")["value"], 0.2)
        self.assertAlmostEqual(metric(doc, "lead_time_for_changes_p50_hours", "team:platform")["value"], 24)
        self.assertAlmostEqual(metric(doc, "failed_deployment_recovery_time_p50_hours", "team:platform")["value"], 2)
        # one service: the team's values are the service's
        for name in ("deployments", "lead_time_for_changes_p50_hours", "lead_time_for_changes_p90_hours",
                     "change_failure_rate", "failed_deployment_recovery_time_p50_hours", "incidents"):
            self.assertEqual(metric(doc, name, "team:checkout")["value"], metric(doc, name, "service:shop")["value"],
                             name)
        self.assertIsNone(metric(doc, "deployments", "team:unowned"))
        # 2026-Q4: neither platform service deployed yet: the team's median is 0, not missing
        doc = kpis(self.h, "2026-Q4")
        self.assertEqual(metric(doc, "deployment_frequency_per_week", "team:platform")["value"], 0)
        self.assertEqual(metric(doc, "deployment_frequency_per_week", "team:platform")["n"], 2)
        # the organisation is unchanged by the teams
        self.check_q3(kpis(self.h, "2026-Q3"))

    def test_catalog_filter(self):
        write_config(self.h, self.gh)
        with open(self.h.config) as f:
            text = f.read()
        self.h.write_config(text + "catalog:\n  filters:\n    dora: { lifecycles: [production] }\n")
        self.assertExit(collect(self.h, self.gh), 0)
        con = sqlite3.connect(self.h.db)
        con.execute("INSERT INTO catalog_groups (ref, namespace, name) VALUES ('group:default/checkout', 'default', "
                    "'checkout'), ('group:default/platform', 'default', 'platform')")
        con.execute("INSERT INTO catalog_components (ref, namespace, name, lifecycle, owner_ref, team_ref, repo, "
                    "repo_key) VALUES ('component:default/shop', 'default', 'shop', 'production', "
                    "'group:default/checkout', 'group:default/checkout', 'acme/shop', 'acme/shop'), "
                    "('component:default/api', 'default', 'api', 'experimental', 'group:default/platform', "
                    "'group:default/platform', 'acme/api', 'acme/api')")
        con.commit()
        con.close()
        doc = kpis(self.h, "2026-Q3")
        org = metric(doc, "deployments")
        self.assertEqual(org["value"], 5)                       # shop only: api is experimental, web uncatalogued
        self.assertIn("filtered", org["flags"])
        self.assertEqual(metric(doc, "deployment_frequency_per_week")["n"], 1)
        self.assertAlmostEqual(metric(doc, "deployment_frequency_per_week")["value"], 5 / Q3_WEEKS, places=9)
        self.assertEqual(metric(doc, "deployments", "team:checkout")["value"], 5)
        self.assertIsNone(metric(doc, "deployments", "service:api"))
        self.assertIsNone(metric(doc, "deployments", "team:platform"))
        detail = query(self.h, "SELECT detail FROM metric_values WHERE metric = 'change_failure_rate' "
                               "AND scope = 'org' AND period = '2026-Q3'")[0][0]
        self.assertIn('"filter":{"lifecycles":["production"]}', detail)
        self.assertIn('"deployments":5', detail)

    def test_request_cap_resumes(self):
        write_config(self.h, self.gh)
        with open(self.h.config) as f:
            self.h.write_config(f.read().replace("  org: acme\n", "  org: acme\n  max_requests: 14\n"))
        r = collect(self.h, self.gh)
        self.assertExit(r, 0)
        self.assertEqual(query(self.h, "SELECT status FROM collection_runs ORDER BY id DESC LIMIT 1"), [("partial",)])
        for _ in range(4):
            r = collect(self.h, self.gh)
            self.assertExit(r, 0)
        self.assertEqual(query(self.h, "SELECT status FROM collection_runs ORDER BY id DESC LIMIT 1"), [("ok",)])
        self.check_q3(kpis(self.h, "2026-Q3"))


class Backfill(TestCase):
    """A backfill costs pages of history, not requests per deployment; windows stay under the cap."""

    def test_requests_grow_with_pages_not_deployments(self):
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        h = self.home()
        write_config(h, gh)
        o = Org(gh)
        o.repo("busy")
        prev = []
        n = 0
        t = HORIZON + DAY
        for d in range(300):          # 300 deployments, three commits each, over the year
            for k in range(3):
                n += 1
                o.commit("busy", "b%d" % n, prev, t + k * HOUR)
                prev = ["b%d" % n]
            o.run("busy", "b%d" % n, t + 4 * HOUR, t + 5 * HOUR)
            t += DAY
        gh.set_branch("busy", "main", sha("b%d" % n))
        r = collect(h, gh)
        self.assertExit(r, 0)
        paths = [p for p, _ in dora_paths(gh)]
        self.assertEqual(gh.count("/repos/acme/busy/compare/"), 0)
        runs_pages = sum(1 for p in paths if "/runs?" in p)
        commit_pages = sum(1 for p in paths if "/commits?" in p)
        self.assertEqual(runs_pages, 3)                   # 300 runs
        self.assertEqual(commit_pages, 9)                 # 900 commits
        self.assertEqual(len(paths), 3 + 9 + 1 + 1)       # + pull requests, issues
        self.assertEqual(query(h, "SELECT COUNT(*), SUM(n_changes) FROM dora_deployments WHERE changes = 'graph'"),
                         [(299, 897)])
        self.assertIn("changes of 300 deployments worked out (897 changes)", r.err)

    def test_run_windows_are_split_below_the_cap(self):
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        h = self.home()
        write_config(h, gh)
        o = Org(gh)
        o.repo("hot")
        o.commit("hot", "h0", [], HORIZON + HOUR)
        gh.set_branch("hot", "main", sha("h0"))
        span = NOW_TS - HORIZON - DAY
        for i in range(2500):
            created = HORIZON + DAY + span * i // 2500
            o.run("hot", "h0", created, created + 300)
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM dora_deployments"), [(2500,)])
        runs = [p for p, _ in dora_paths(gh) if "/runs?" in p]
        self.assertTrue(runs[0].endswith("created=%3E%3D2025-10-01T00:00:00Z"), runs[0])   # the probe: 2,500 runs
        # then windows, oldest first, each under the cap and read to its last page
        windows = []
        for p in runs[1:]:
            created = urllib.parse.unquote(p.split("created=")[1].split("&")[0])
            if created not in windows:
                windows.append(created)
        self.assertEqual(len(windows), 5, windows)
        self.assertTrue(all(".." in w for w in windows[:-1]) and windows[-1].startswith(">="), windows)
        pages = 0
        for w in windows:
            lo, hi = GitHubServer._created_filter(w)
            n = sum(1 for x in gh.data("hot")["runs"] if ts(x["created_at"]) >= lo and (hi is None or ts(x["created_at"]) <= hi))
            self.assertLess(n, 1000)
            pages += max(1, (n + 99) // 100)
        self.assertEqual(len(runs), 1 + pages)
        self.assertFalse(any("page=11" in p for p in runs))
        self.assertIn("(1 bisected)", r.err)


class Deployments(TestCase):
    """dora.source: deployments: GitHub Deployments to the production environment and their statuses."""

    def test_deployments_and_statuses(self):
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        h = self.home()
        write_config(h, gh, "  source: deployments\n")
        gh.add_repo("svc", pushed_at=NOW_TS - DAY)
        gh.add_repo("lib", pushed_at=NOW_TS - DAY)          # no deployments: no incident listing either
        o = Org(gh)
        for name, parents, t in (("s0", [], T0), ("s1", ["s0"], T0 + 2 * DAY), ("s2", ["s1"], T0 + 3 * DAY),
                                 ("s3", ["s2"], NOW_TS - 3 * DAY)):
            o.commit("svc", name, parents, t)
        gh.set_branch("svc", "main", sha("s3"))
        gh.add_deployment("svc", sha("s0"), T0 + DAY, statuses=[("in_progress", T0 + DAY),
                                                                ("success", T0 + DAY + 600)])
        gh.add_deployment("svc", sha("s1"), T0 + 2 * DAY, environment="staging",
                          statuses=[("success", T0 + 2 * DAY + 60)])
        gh.add_deployment("svc", sha("s1"), T0 + 3 * DAY, statuses=[("failure", T0 + 3 * DAY + 300)])
        gh.add_deployment("svc", sha("s2"), T0 + 4 * DAY, statuses=[("pending", T0 + 4 * DAY),
                                                                    ("success", T0 + 4 * DAY + 1200),
                                                                    ("inactive", T0 + 9 * DAY)])
        pending = gh.add_deployment("svc", sha("s3"), NOW_TS - 2 * DAY, statuses=[("queued", NOW_TS - 2 * DAY)])
        gh.add_issue("svc", 1, T0 + 5 * DAY, T0 + 5 * DAY + 4 * HOUR)
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertEqual(gh.count("/repos/acme/svc/deployments?environment=production"), 1)
        self.assertEqual(sum(1 for p, _ in gh.log if p.endswith("/statuses?per_page=100")), 4)
        self.assertEqual(gh.count("/repos/acme/lib/issues"), 0)
        self.assertEqual(gh.count("/repos/acme/svc/issues"), 1)
        doc = kpis(h, "2026-Q3")
        self.assertEqual(metric(doc, "deployments", "service:svc")["value"], 2)
        # s1 and s2 shipped by the deployment of s2 (the failed deployment of s1 does not count)
        self.assertAlmostEqual(metric(doc, "lead_time_for_changes_p50_hours", "service:svc")["value"],
                               percentile([(4 * DAY + 1200 - 2 * DAY) / HOUR, (4 * DAY + 1200 - 3 * DAY) / HOUR], 0.5))
        self.assertAlmostEqual(metric(doc, "change_failure_rate", "service:svc")["value"], 0.5)
        self.assertEqual(metric(doc, "deployments", "service:lib"), None)
        # the queued deployment finishes: asked again (only it), and it counts in 2026-Q4
        gh.add_status("svc", pending, "success", NOW_TS + HOUR)
        gh.reset_log()
        self.assertExit(collect(h, gh, now=NEXT), 0)
        self.assertEqual([p for p, _ in gh.log if "/statuses" in p],
                         ["/repos/acme/svc/deployments/%d/statuses?per_page=100" % pending["id"]])
        doc = kpis(h, "2026-Q4", now=NEXT)
        self.assertEqual(metric(doc, "deployments", "service:svc")["value"], 1)
        self.assertAlmostEqual(metric(doc, "lead_time_for_changes_p50_hours", "service:svc")["value"], 3 * 24 + 1)


class Settings(TestCase):
    def test_bad_settings_are_configuration_errors(self):
        h = self.home()
        for text, message in (("dora:\n  source: jenkins\n", "idpmetrics.yaml:2: 'dora.source' must be"),
                              ("dora:\n  deploy_workflows: '(deploy'\n",
                               "idpmetrics.yaml:2: 'dora.deploy_workflows' is not a valid extended regular"),
                              ("dora:\n  since: last-year\n", "idpmetrics.yaml:2: 'dora.since' must be a date")):
            h.write_config(text)
            r = h.run("compute")
            self.assertExit(r, 3)
            self.assertIn(message, r.err)

    def test_changed_settings_read_deployments_again(self):
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        h = self.home()
        write_config(h, gh)
        build(gh)
        self.assertExit(collect(h, gh), 0)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM dora_deployments WHERE success = 1"), [(11,)])
        # only main and release count now: nothing is on release, main is unchanged
        write_config(h, gh, "  production_branches: [main, release]\n")
        gh.reset_log()
        r = collect(h, gh)
        self.assertExit(r, 0)
        self.assertIn("the dora settings changed", r.err)
        self.assertIn("created=%3E%3D2025-10-01T00:00:00Z", " ".join(p for p, _ in dora_paths(gh)))
        self.assertEqual(query(h, "SELECT COUNT(*) FROM dora_deployments WHERE success = 1"), [(11,)])
        # a feature branch counts as production: the run on feature-x becomes a deployment
        write_config(h, gh, "  production_branches: [main, feature-x]\n")
        self.assertExit(collect(h, gh), 0)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM dora_deployments WHERE success = 1"), [(12,)])


class Demo(TestCase):
    def test_demo_tells_an_improving_story(self):
        h = self.home()
        out = h.path("out")
        r = h.run("demo", "--out", out, config=False, db=False)
        self.assertExit(r, 0)
        db = os.path.join(out, "demo.db")
        quarters = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
        docs = [self.export(h, db, q) for q in quarters]
        org = [{m["metric"]: m for m in d["metrics"] if m["scope"] == "org"} for d in docs]
        freq = [o["deployment_frequency_per_week"]["value"] for o in org]
        lead = [o["lead_time_for_changes_p50_hours"]["value"] for o in org]
        cfr = [o["change_failure_rate"]["value"] for o in org]
        rec = [o["failed_deployment_recovery_time_p50_hours"]["value"] for o in org]
        self.assertEqual(freq, sorted(freq), freq)                 # more frequent every quarter
        self.assertEqual(lead, sorted(lead, reverse=True), lead)   # shorter lead times
        self.assertLess(cfr[-1], cfr[0] - 0.03, cfr)                # fewer failures (noisier: first vs last)
        self.assertLess(rec[-1], rec[0] / 2, rec)                   # faster recovery
        self.assertNotEqual(org[0]["deployment_frequency_per_week"]["tier"],
                            org[-1]["deployment_frequency_per_week"]["tier"])
        # every deployable repository is a service; some go quiet for a quarter and count as 0
        idle = 0
        for d, o in zip(docs, org):
            services = [m for m in d["metrics"] if m["metric"] == "deployment_frequency_per_week"
                        and m["scope"].startswith("service:") and m["value"] is not None]
            self.assertGreater(len(services), 50)
            self.assertEqual(o["deployment_frequency_per_week"]["n"], len(services))
            idle += sum(1 for m in services if m["value"] == 0)
        self.assertGreater(idle, 0)
        # per team (the demo catalog owns every repository): the most mature team deploys most often
        teams = {m["scope"]: m["value"] for m in docs[-1]["metrics"]
                 if m["metric"] == "deployment_frequency_per_week" and m["scope"].startswith("team:")}
        self.assertEqual(len(teams), 8, teams)
        self.assertEqual(max(teams, key=teams.get), "team:platform")
        # changes were worked out on the demo's history: squash merges start at their pull request
        con = sqlite3.connect(db)
        try:
            how = dict(con.execute("SELECT changes, COUNT(*) FROM dora_deployments WHERE success = 1 "
                                   "GROUP BY changes").fetchall())
        finally:
            con.close()
        self.assertEqual(set(how), {"seed", "graph"})
        lead_detail = org[-1]["lead_time_for_changes_p50_hours"]
        self.assertGreater(lead_detail["n"], 1000)

    def export(self, h, db, period):
        r = h.run("--db", db, "export", "--format", "json", "--period", period, config=False, db=False)
        self.assertExit(r, 0)
        return r.json()


if __name__ == "__main__":
    main()
