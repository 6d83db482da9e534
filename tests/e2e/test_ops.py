"""End to end: the nightly operations: the run lock and exit 5, exit codes, the summary line, logs,
schedules, doctor, status, prune.

Timing never decides a result: overlapping runs are coordinated with events (the fixture server
holds the first request until the test releases it), never with sleeps.
"""
import fcntl
import json
import os
import pty
import re
import select
import shlex
import shutil
import sqlite3
import struct
import subprocess
import threading
import time

from harness import BIN, NOW, SRC, Home, Reply, TestCase, main

NOW_EPOCH = 1795780800  # 2026-11-27T12:00:00Z
GOOD_BACKSTAGE = "bs-static-0123456789abcdef0123456789abcdef"
GOOD_GITHUB = "ghp_0123456789abcdefghijklmnopqrstuvwxyz"
SUMMARY_RE = re.compile(
    r"run finished in \d+\.\d s, exit (\d): (no source configured|\d+ sources? ok(, \d+ partial \([^)]*\))?"
    r"(, \d+ failed \(([^)]*)\))?); (\d+) rows?, (\d+) requests?, (\d+) not modified \(304\), (\d+) warnings?")


def registered_collectors():
    """Names of the collectors this build has (parsed from the unknown-source message)."""
    h = Home()
    try:
        r = h.run("collect", "__none__", config=False)
        m = re.search(r"\(sources:([^)]*)\)", r.err)
        return set(m.group(1).split()) if m else set()
    finally:
        h.remove()


COLLECTORS = registered_collectors()


# ---------------------------------------------------------------------------------------------
# Minimal Backstage and GitHub routes (shapes of the real APIs, fixtures/api/SOURCES.md)


class Gate:
    """Holds every request until released, so a test can keep a run inside a request."""

    def __init__(self):
        self.arrived = threading.Event()
        self.released = threading.Event()

    def hold(self):
        self.arrived.set()
        self.released.wait(60)  # a safety net only: the test releases it


def backstage_routes(server, token=GOOD_BACKSTAGE, gate=None):
    def auth(req):
        if req.headers.get("authorization") != "Bearer " + token:
            return Reply(401, {"error": {"name": "AuthenticationError", "message": "Missing credentials"},
                               "request": {"method": "GET", "url": req.raw_path},
                               "response": {"statusCode": 401}})
        return None

    def tasks(req, m):
        if gate:
            gate.hold()
        return auth(req) or Reply(200, {"tasks": [], "totalTasks": 0})

    def entities(req, m):
        if gate:
            gate.hold()
        return auth(req) or Reply(200, {"items": [], "totalItems": 0, "pageInfo": {}})

    def task_events(req, m):
        return auth(req) or Reply(200, [])

    server.route(r"/api/scaffolder/v2/tasks", tasks)
    server.route(r"/api/scaffolder/v2/tasks/[^/]+/events", task_events)
    server.route(r"/api/catalog/entities/by-query", entities)
    server.route(r"/api/catalog/entities", entities)


def github_routes(server, token=GOOD_GITHUB, remaining=4999, workflows_forbidden=False, scopes="repo, read:org",
                  gate=None, issues_forbidden=False):
    reset = NOW_EPOCH + 42 * 60

    def rl_headers(left=None):
        h = {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": str(remaining if left is None else left),
             "x-ratelimit-reset": str(reset), "x-ratelimit-used": str(5000 - remaining),
             "x-ratelimit-resource": "core", "x-github-api-version-selected": "2022-11-28"}
        if scopes is not None:
            h["x-oauth-scopes"] = scopes
        return h

    def auth(req):
        if req.headers.get("authorization") not in ("Bearer " + token, "token " + token):
            return Reply(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest",
                               "status": "401"})
        if "user-agent" not in req.headers:
            return Reply(403, {"message": "Request forbidden by administrative rules. "
                                          "Please make sure your request has a User-Agent header"})
        return None

    def rate_limit(req, m):
        core = {"limit": 5000, "used": 5000 - remaining, "remaining": remaining, "reset": reset}
        return auth(req) or Reply(200, {"resources": {"core": core, "search": core}, "rate": core},
                                  headers=rl_headers())

    def limited(fn):
        def wrapped(req, m):
            if gate:
                gate.hold()
            denied = auth(req)
            if denied:
                return denied
            if remaining == 0:
                return Reply(403, {"message": "API rate limit exceeded for user ID 1.",
                                   "documentation_url": "https://docs.github.com/rest/overview/rate-limits"},
                             headers=rl_headers(0))
            return fn(req, m)
        return wrapped

    def org_repos(req, m):
        if m.group(1) != "acme":
            return Reply(404, {"message": "Not Found"})
        repo = {"id": 1296269, "name": "payments-api", "full_name": "acme/payments-api", "private": True,
                "fork": False, "archived": False, "disabled": False, "default_branch": "main",
                "pushed_at": "2026-11-26T10:00:00Z", "created_at": "2024-01-10T09:00:00Z",
                "updated_at": "2026-11-26T10:00:00Z", "topics": [], "visibility": "private"}
        return Reply(200, [repo], headers=rl_headers())

    def workflows(req, m):
        if workflows_forbidden:
            h = rl_headers()
            h["x-accepted-github-permissions"] = "actions=read"
            return Reply(403, {"message": "Resource not accessible by integration",
                               "documentation_url": "https://docs.github.com/rest/actions/workflows"
                                                    "#list-repository-workflows", "status": "403"}, headers=h)
        return Reply(200, {"total_count": 1, "workflows": [
            {"id": 161335, "node_id": "MDg6V29ya2Zsb3cxNjEzMzU=", "name": "CI", "path": ".github/workflows/ci.yml",
             "state": "active", "created_at": "2024-01-10T09:00:00Z", "updated_at": "2024-01-10T09:00:00Z"}]},
            headers=rl_headers())

    def contents(req, m):
        return Reply(200, [{"type": "file", "name": "ci.yml", "path": ".github/workflows/ci.yml", "size": 120}],
                     headers=rl_headers())

    def issues(req, m):
        if issues_forbidden:
            h = rl_headers()
            h["x-accepted-github-permissions"] = "issues=read"
            return Reply(403, {"message": "Resource not accessible by integration", "status": "403"}, headers=h)
        return Reply(200, [], headers=rl_headers())

    def pulls(req, m):
        return Reply(200, [], headers=rl_headers())

    server.route(r"/rate_limit", rate_limit)
    server.route(r"/repos/acme/payments-api/issues", limited(issues))
    server.route(r"/repos/acme/payments-api/pulls", limited(pulls))
    server.route(r"/orgs/([^/]+)/repos", limited(org_repos))
    server.route(r"/repos/acme/payments-api/actions/workflows", limited(workflows))
    server.route(r"/repos/acme/payments-api/contents/\.github/workflows", limited(contents))


def hold_lock(path, pid=4242, command="run"):
    """Take the run lock as another idpmetrics process would: flock plus the OFD lock status probes."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
    os.ftruncate(fd, 0)
    os.write(fd, ("pid %d\nsince %d\ncommand %s\n" % (pid, NOW_EPOCH - 600, command)).encode())
    return fd


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------


class Lock(TestCase):
    def test_second_process_exits_5_at_once_and_touches_nothing(self):
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        fd = hold_lock(h.db + ".lock")
        try:
            for cmd in (["run"], ["collect"], ["prune"]):
                r = h.run(*cmd, timeout=20)
                self.assertExit(r, 5)
                self.assertIn("another idpmetrics process (pid 4242, 'run', since 2026-11-27T11:50:00Z) holds the "
                              "lock '%s.lock'" % h.db, r.err)
                self.assertIn("exiting without doing anything", r.err)
                # not even the database was created: the lock comes first
                self.assertFalse(os.path.exists(h.db), cmd)
                self.assertFalse(os.path.exists(h.path("out")), cmd)
            # read-only commands are not blocked, and status says who holds the lock
            self.assertExit(h.run("init"), 0)
            r = h.run("status")
            self.assertExit(r, 0)
            self.assertIn("Now: another command holds the run lock ('run', pid 4242, since 2026-11-27T11:50:00Z)",
                          r.out)
        finally:
            os.close(fd)
        # released (as the kernel does when a process dies): the next run works
        r = h.run("run")
        self.assertExit(r, 0)
        with open(h.db + ".lock") as f:
            self.assertEqual(f.read(), "")  # no stale pid left behind

    def test_overlapping_runs(self):
        if "scaffolder" not in COLLECTORS:
            self.skipTest("needs the scaffolder collector (have: %s)" % (sorted(COLLECTORS) or "none"))
        gate = Gate()
        bs = self.server()
        backstage_routes(bs, gate=gate)
        h = self.home()
        h.write_config("backstage: { base_url: '%s', token: '${BACKSTAGE_TOKEN}' }\n" % bs.base_url)
        env = dict(h.env, BACKSTAGE_TOKEN=GOOD_BACKSTAGE)
        argv = [BIN, "--config", h.config, "--db", h.db, "--now", NOW, "run"]
        first = subprocess.Popen(argv, cwd=h.dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        try:
            self.assertTrue(gate.arrived.wait(60), "the first run never reached the fixture server")
            # the first run is now inside a request and holds the lock
            second = subprocess.run(argv, cwd=h.dir, env=env, capture_output=True, text=True, timeout=30)
            self.assertEqual(second.returncode, 5, second.stderr)
            self.assertIn("holds the lock", second.stderr)
            self.assertIn("'run'", second.stderr)
            self.assertIsNone(first.poll(), "the second run must not wait for the first")
            r = h.run("status")
            self.assertIn("Last run: in progress since 2026-11-27T12:00:00Z", r.out)
            self.assertRegex(r.out, r"\nscaffolder\s+2026-11-27T12:00:00Z\s+running\s")
            self.assertIn("scaffolder: being collected now", r.out)
        finally:
            gate.released.set()
            out, err = first.communicate(timeout=120)
        self.assertEqual(first.returncode, 0, err)
        self.assertEqual(integrity(h.db), [("ok",)])
        self.assertEqual(err, "")  # a clean night, untouched by the second run
        r = h.run("status")
        # finished = --now plus the wall time the run took (seconds on a loaded machine)
        self.assertRegex(r.out, r"finished 2026-11-27T12:0\d:\d\dZ, exit 0")
        self.assertNotIn("in progress", r.out)
        self.assertRegex(r.out, r"\nscaffolder\s+2026-11-27T12:00:00Z\s+ok\s")


class Nightly(TestCase):
    def test_no_source_warns_and_summarises(self):
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        r = h.run("run")
        self.assertExit(r, 0)
        self.assertIn("warning: no source is configured in '%s'" % h.config, r.err)
        lines = [l for l in r.err.splitlines() if "run finished" in l]
        self.assertEqual(len(lines), 1, r.err)
        m = SUMMARY_RE.search(lines[0])
        self.assertTrue(m, lines[0])
        self.assertEqual(m.group(1), "0")
        self.assertEqual(m.group(2), "no source configured")
        self.assertRegex(lines[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ idpmetrics: warning: run finished")
        # dashboard, metrics.json, and (first night of a new quarter) the closed quarter's report
        self.assertTrue(os.path.exists(h.path("out", "dashboard.html")))
        self.assertTrue(os.path.exists(h.path("out", "metrics.json")))
        self.assertTrue(os.path.exists(h.path("out", "2026-Q3", "metrics.json")))
        self.assertIn("rendered the 2026-Q3 report", lines[0])
        # the next night does not render it again, the next quarter does
        r = h.run("run", now="2026-11-28T02:30:00Z")
        self.assertNotIn("rendered the", r.err)
        r = h.run("run", now="2027-01-01T02:30:00Z")
        self.assertIn("rendered the 2026-Q4 report", r.err)
        self.assertTrue(os.path.exists(h.path("out", "2026-Q4", "dashboard.html")))

    def test_quarterly_report_can_be_switched_off(self):
        h = self.home()
        h.write_config("reporting: { output_dir: out, quarterly_report: false }\n")
        r = h.run("run")
        self.assertExit(r, 0)
        self.assertFalse(os.path.exists(h.path("out", "2026-Q3")))
        self.assertTrue(os.path.exists(h.path("out", "dashboard.html")))

    def test_worst_exit_code_with_a_failing_source(self):
        if not {"scaffolder", "surveys"} <= COLLECTORS:
            self.skipTest("needs the scaffolder and surveys collectors (have: %s)" % (sorted(COLLECTORS) or "none"))
        bs = self.server()
        backstage_routes(bs)
        h = self.home()
        # surveys fails (its only export lacks the score column); the scaffolder works
        h.write("exports/devex.csv", "Timestamp,Comment\n2026-11-01 10:00,fine\n")
        h.write_config("backstage: { base_url: '%s', token: '${BACKSTAGE_TOKEN}' }\n"
                       "surveys:\n  - path: exports/*.csv\n    score_column: Score\n" % bs.base_url)
        r = h.run("run", env={"BACKSTAGE_TOKEN": GOOD_BACKSTAGE})
        self.assertExit(r, 1)
        self.assertIn("error: surveys: no survey export could be imported", r.err)
        self.assertNotIn(GOOD_BACKSTAGE, r.err)
        m = SUMMARY_RE.search(r.err)
        self.assertTrue(m, r.err)
        self.assertEqual(m.group(1), "1")
        # the catalog collector, when registered, also runs from backstage.base_url (an empty catalog is fine)
        ok = 1 + ("catalog" in COLLECTORS)
        self.assertIn("%d source%s ok, 1 failed (surveys)" % (ok, "s" if ok > 1 else ""), m.group(2))
        self.assertRegex(r.err, r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ idpmetrics: error: run finished")
        self.assertTrue(bs.paths("/api/scaffolder"), "the working source must still run")
        # the dashboard is refreshed anyway, and status tells the story
        self.assertTrue(os.path.exists(h.path("out", "dashboard.html")))
        r = h.run("status")
        self.assertRegex(r.out, r"\nscaffolder\s+2026-11-27T12:00:00Z\s+ok\s")
        self.assertRegex(r.out, r"\nsurveys\s+2026-11-27T12:00:00Z\s+failed\s")
        self.assertIn("surveys: the last run (2026-11-27T12:00:00Z) failed: no survey export could be imported", r.out)
        self.assertIn("surveys: never collected successfully", r.out)
        self.assertIn("exit 1 (a source or stage failed; the rest ran)", r.out)

    def test_clean_night_prints_nothing(self):
        if not {"scaffolder", "surveys"} <= COLLECTORS:
            self.skipTest("needs the scaffolder and surveys collectors (have: %s)" % (sorted(COLLECTORS) or "none"))
        bs = self.server()
        backstage_routes(bs)
        h = self.home()
        h.write("exports/devex.csv", "Timestamp,How likely are you to recommend the platform?,What should we improve?\n"
                                     "2026-11-01 10:00:00,9,faster builds\n2026-11-02 11:00:00,6,docs\n")
        h.write_config("backstage: { base_url: '%s', token: '${BACKSTAGE_TOKEN}' }\n"
                       "surveys:\n  - path: exports/*.csv\n" % bs.base_url)
        for now in (NOW, "2026-11-28T02:30:00Z"):
            r = h.run("run", now=now, env={"BACKSTAGE_TOKEN": GOOD_BACKSTAGE})
            self.assertExit(r, 0)
            self.assertEqual(r.err, "")  # what cron mails: nothing
            self.assertEqual(r.out, "")
        self.assertTrue(bs.paths("/api/scaffolder"))
        r = h.run("status", now="2026-11-28T09:00:00Z")
        self.assertIn("exit 0 (everything worked)", r.out)
        self.assertIn("Every source was collected in its last run without failures or warnings.", r.out)

    def test_killed_run_is_reported_then_marked(self):
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        self.assertExit(h.run("init"), 0)
        con = sqlite3.connect(h.db)
        con.execute("INSERT INTO collection_runs (source, started_at, finished_at, status, requests, not_modified,"
                    " rows_written) VALUES ('scaffolder', ?, ?, 'ok', 12, 10, 3)", (NOW_EPOCH - 9 * 3600,
                                                                                   NOW_EPOCH - 9 * 3600 + 20))
        con.execute("INSERT INTO collection_runs (source, started_at) VALUES ('github', ?)",
                    (NOW_EPOCH - 9 * 3600 + 30,))
        con.execute("INSERT INTO source_state VALUES ('run', 'last_state', 'running', ?)", (NOW_EPOCH,))
        con.execute("INSERT INTO source_state VALUES ('run', 'last_started', '2026-11-27T03:00:00Z', ?)",
                    (NOW_EPOCH,))
        con.commit()
        con.close()
        r = h.run("status")
        self.assertExit(r, 0)
        self.assertIn("Last run: started 2026-11-27T03:00:00Z (9 h ago) and NEVER FINISHED: it was killed or "
                      "crashed", r.out)
        self.assertRegex(r.out, r"\ngithub\s+2026-11-27T03:00:30Z\s+killed\s")
        self.assertIn("github: the collection started at 2026-11-27T03:00:30Z never finished", r.out)
        # the next run warns (cron mails it: an OOM kill prints nothing itself) and records it
        r = h.run("run")
        self.assertExit(r, 0)
        self.assertIn("warning: the collection of 'github' started at 2026-11-27T03:00:30Z never finished: the "
                      "process was killed or crashed", r.err)
        r = h.run("status")
        self.assertRegex(r.out, r"\ngithub\s+2026-11-27T03:00:30Z\s+interrupted\s")
        self.assertIn("github: the last run (2026-11-27T03:00:30Z) interrupted: interrupted: the process was killed",
                      r.out)
        self.assertRegex(r.out, r"Last run: started 2026-11-27T12:00:00Z \(0 min ago\), finished 2026-11-27T12:0\d:\d\dZ, "
                                r"exit 0")


class Status(TestCase):
    def test_after_a_failed_night(self):
        h = self.home()
        # the nightly sources configured, so none is reported as "no longer configured"
        h.write_config("backstage: { base_url: 'http://127.0.0.1:9', token: '${BACKSTAGE_TOKEN}' }\n"
                       "surveys:\n  - path: surveys/*.csv\n")
        self.assertExit(h.run("init"), 0)
        day = 86400
        t = NOW_EPOCH - 9 * 3600  # 03:00 last night
        msg = ("GET https://backstage.example.com/api/scaffolder/v2/tasks?limit=100&offset=0: HTTP 401 "
               "AuthenticationError: Missing credentials")
        con = sqlite3.connect(h.db)
        runs = [
            ("scaffolder", t - 7 * day, "ok", 40, 35, 3, None),
            ("scaffolder", t - day, "failed", 1, 0, 0, msg),
            ("scaffolder", t, "failed", 1, 0, 0, msg),
            ("surveys", t - day, "ok", 0, 0, 60, None),
            ("surveys", t, "partial", 0, 0, 57, None),
            ("tickets", t - 40 * day, "ok", 0, 0, 310, None),  # a manual import: never "stale"
        ]
        for source, start, status, req, nm, rows, message in runs:
            con.execute("INSERT INTO collection_runs (source, started_at, finished_at, status, requests, "
                        "not_modified, rows_written, warnings, errors, message) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (source, start, start + 60, status, req, nm, rows, 2 if status == "partial" else 0,
                         1 if status == "failed" else 0, message))
        for i in range(5):
            con.execute("INSERT INTO scaffolder_tasks (id, status, created_at, raw, updated_at) "
                        "VALUES (?, 'completed', ?, '{}', ?)", ("t%d" % i, t - i * day, t))
        con.execute("INSERT INTO metric_values (metric, period, scope, value, unit, n, band, computed_at) VALUES "
                    "('services_created', '2026-Q4', 'org', 42, 'count', 42, NULL, ?)", (t + 120,))
        state = {"last_state": "finished", "last_started": "2026-11-27T03:00:00Z",
                 "last_finished": "2026-11-27T03:02:10Z", "last_exit": "1",
                 "last_summary": "run finished in 130.0 s, exit 1: 0 sources ok, 1 partial (surveys), "
                                 "1 failed (scaffolder); ..."}
        for k, v in state.items():
            con.execute("INSERT INTO source_state VALUES ('run', ?, ?, ?)", (k, v, t))
        con.commit()
        con.close()
        r = h.run("status")
        self.assertExit(r, 0)
        out = r.out
        self.assertIn("Last run: started 2026-11-27T03:00:00Z (9 h ago), finished 2026-11-27T03:02:10Z, exit 1 "
                      "(a source or stage failed; the rest ran)", out)
        self.assertIn("  run finished in 130.0 s, exit 1: 0 sources ok, 1 partial (surveys), 1 failed (scaffolder)",
                      out)
        # per source: last run, result, requests, 304s, rows, last success, data age, rows stored
        self.assertRegex(out, r"\nscaffolder\s+2026-11-27T03:00:00Z\s+failed\s+1\s+0\s+0\s+2026-11-20T03:00:00Z\s+"
                              r"7 days STALE\s+5\n")
        self.assertRegex(out, r"\nsurveys\s+2026-11-27T03:00:00Z\s+partial\s+0\s+0\s+57\s+2026-11-27T03:00:00Z\s+"
                              r"9 h\s+0\n")
        self.assertRegex(out, r"\ntickets\s+2026-10-18T03:00:00Z\s+ok\s+0\s+0\s+310\s+2026-10-18T03:00:00Z\s+"
                              r"40 days\s+0\n")
        self.assertIn("scaffolder: the last run (2026-11-27T03:00:00Z) failed: " + msg, out)
        self.assertIn("scaffolder: 2 failures in a row", out)
        self.assertIn("scaffolder: STALE: the data is 7 days old (last success 2026-11-20T03:00:00Z)", out)
        self.assertIn("surveys: the last run skipped some items (partial)", out)
        self.assertNotIn("tickets:", out)  # nothing to say about an import that worked
        self.assertRegex(out, r"\nservices_created\s+2026-Q4\s+42\s+-\s+2026-11-27T03:02:00Z\s+8 h\n")

    def test_fresh_database(self):
        h = self.home()
        h.write_config("")
        self.assertExit(h.run("init"), 0)
        r = h.run("status")
        self.assertExit(r, 0)
        self.assertIn("Last run: none recorded", r.out)
        self.assertIn("no KPI computed yet", r.out)


class Logs(TestCase):
    def test_json_lines_parse(self):
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        r = h.run("--log-format", "json", "-v", "run")
        self.assertExit(r, 0)
        lines = r.err.splitlines()
        self.assertGreater(len(lines), 3)
        summary = None
        for line in lines:
            doc = json.loads(line)  # every line is one JSON object
            self.assertLessEqual({"time", "level", "pid", "command", "msg"}, set(doc))
            self.assertRegex(doc["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertIn(doc["level"], ("error", "warning", "info", "debug"))
            self.assertEqual(doc["command"], "run")
            if doc.get("event") == "run_summary":
                summary = doc
        self.assertIsNotNone(summary)
        self.assertEqual(summary["exit"], 0)
        self.assertEqual(summary["sources_failed"], 0)
        self.assertEqual(summary["failed"], [])
        self.assertEqual(summary["partial"], [])
        self.assertEqual(summary["requests"], 0)
        self.assertIsInstance(summary["elapsed_s"], float)
        self.assertEqual(summary["report"], "2026-Q3")
        self.assertTrue(SUMMARY_RE.search(summary["msg"]))

    def test_json_errors_parse_and_tokens_are_redacted(self):
        h = self.home()
        h.write_config("github: { api_url: 'http://127.0.0.1:9', org: acme, token: '${GITHUB_TOKEN}' }\n")
        r = h.run("--log-format", "json", "doctor", env={"GITHUB_TOKEN": GOOD_GITHUB})
        for line in r.err.splitlines():
            json.loads(line)
        self.assertNotIn(GOOD_GITHUB, r.out + r.err)

    def test_journald_priorities_without_timestamps(self):
        h = self.home()
        h.write_config("")
        rfd, wfd = os.pipe()
        st = os.fstat(wfd)
        env = dict(h.env, JOURNAL_STREAM="%d:%d" % (st.st_dev, st.st_ino))
        proc = subprocess.run([BIN, "--config", h.config, "--db", h.db, "--now", NOW, "run"], cwd=h.dir, env=env,
                              stdout=subprocess.DEVNULL, stderr=wfd, timeout=60)
        os.close(wfd)
        with os.fdopen(rfd) as f:
            err = f.read()
        self.assertEqual(proc.returncode, 0)
        lines = err.splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertRegex(line, r"^<[3467]>idpmetrics: ")
        self.assertTrue(any(l.startswith("<4>idpmetrics: warning: run finished") for l in lines), err)

    def test_terminal_gets_info_without_timestamps(self):
        h = self.home()
        h.write_config("")
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(h.dir)
            os.execve(BIN, [BIN, "--config", h.config, "--db", h.db, "--now", NOW, "run"], h.env)
        out = b""
        while True:
            try:
                ready, _, _ = select.select([fd], [], [], 60)
                if not ready:
                    break
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        text = out.decode()
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, text)
        self.assertIn("idpmetrics: computed 2026-Q4", text)  # info level on a terminal
        self.assertNotRegex(text, r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ idpmetrics")


class Doctor(TestCase):
    def setup_home(self, gh_token=GOOD_GITHUB, **gh):
        """Fixture servers that accept GOOD_BACKSTAGE and GH_TOKEN, and a home configured for them."""
        self.bs, self.gh = self.server(), self.server()
        backstage_routes(self.bs)
        github_routes(self.gh, token=gh_token, **gh)
        h = self.home()
        h.write("surveys/devex-2026-q3.csv", "Response ID,Score\nR1,9\n")
        h.write_config("backstage: { base_url: '%s/', token: '${BACKSTAGE_TOKEN}' }\n"
                       "github: { api_url: '%s', org: acme, token: '${GITHUB_TOKEN}' }\n"
                       "surveys:\n  - path: surveys/*.csv\n    score_column: Score\n"
                       % (self.bs.base_url, self.gh.base_url))
        self.assertExit(h.run("init"), 0)
        self.env = {"BACKSTAGE_TOKEN": GOOD_BACKSTAGE, "GITHUB_TOKEN": gh_token}
        return h

    def lines(self, r):
        """{check name: (status, detail, fix)} from doctor's output."""
        checks, last = {}, None
        for line in r.out.splitlines():
            m = re.match(r"^(OK|WARN|FAIL|SKIP)\s+(\S.*?)\s{2,}(.*)$", line)
            if m:
                last = m.group(2)
                checks[last] = [m.group(1), m.group(3), ""]
            elif last and line.strip():
                checks[last][2] += line.strip() + "\n"
        return checks

    def test_good_setup(self):
        h = self.setup_home()
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 0)
        c = self.lines(r)
        for name in ("configuration", "sources", "backstage token", "backstage catalog", "backstage scaffolder",
                     "github token", "github auth", "github rate limit", "github organisation", "github workflows",
                     "github contents", "github issues", "github pull requests", "surveys", "database",
                     "output directory", "korean font"):
            self.assertIn(name, c, r.out)
            self.assertEqual(c[name][0], "OK", "%s: %s" % (name, c[name]))
        self.assertIn("classic personal access token with scopes 'repo, read:org'", c["github auth"][1])
        self.assertIn("4999 of 5000 requests left", c["github rate limit"][1])
        self.assertIn("sample repository acme/payments-api", c["github organisation"][1])
        self.assertIn("1 file", c["surveys"][1])
        self.assertIn("integrity ok", c["database"][1])
        self.assertIn("all checks passed", r.out)
        self.assertNotIn(GOOD_GITHUB, r.out + r.err)
        self.assertNotIn(GOOD_BACKSTAGE, r.out + r.err)
        # what it cost: one request per Backstage plugin, /rate_limit and five small GitHub reads
        self.assertEqual(len(self.bs.paths()), 2)
        self.assertEqual(self.gh.paths(), ["/rate_limit", "/orgs/acme/repos?per_page=1&sort=pushed&direction=desc",
                                           "/repos/acme/payments-api/actions/workflows?per_page=1",
                                           "/repos/acme/payments-api/contents/.github/workflows",
                                           "/repos/acme/payments-api/issues?per_page=1&state=all",
                                           "/repos/acme/payments-api/pulls?per_page=1&state=closed"])
        # the tokens went to the servers as Bearer headers, with a User-Agent and the pinned API version
        req = self.gh.requests[0]
        self.assertEqual(req.headers["authorization"], "Bearer " + GOOD_GITHUB)
        self.assertEqual(req.headers["x-github-api-version"], "2022-11-28")
        self.assertIn("idpmetrics/", req.headers["user-agent"])

    def test_wrong_tokens(self):
        h = self.setup_home()
        env = {"BACKSTAGE_TOKEN": "bs-wrong-token", "GITHUB_TOKEN": "ghp_wrongwrongwrong"}
        r = h.run("doctor", env=env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["backstage catalog"][0], "FAIL")
        self.assertIn("401 AuthenticationError: Missing credentials: Backstage rejected the token",
                      c["backstage catalog"][1])
        fix = c["backstage catalog"][2]
        for part in ("externalAccess:", "- type: static", "options:", "subject: idpmetrics", "backstage.token"):
            self.assertIn(part, fix)
        self.assertEqual(c["github token"][0], "OK")  # present, but:
        self.assertEqual(c["github auth"][0], "FAIL")
        self.assertIn("401 Bad credentials: GitHub rejected the token", c["github auth"][1])
        self.assertIn("expired or revoked", c["github auth"][2])
        self.assertEqual(c["github organisation"][0], "SKIP")  # nothing more is tried with a rejected token
        self.assertEqual(self.gh.paths(), ["/rate_limit"])
        self.assertNotIn("bs-wrong-token", r.out + r.err)
        self.assertNotIn("ghp_wrongwrongwrong", r.out + r.err)
        self.assertRegex(r.out, r"\n\d+ checks? failed")

    def test_missing_token_variable(self):
        h = self.setup_home()
        r = h.run("doctor", env={"GITHUB_TOKEN": GOOD_GITHUB})
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["backstage token"][0], "FAIL")
        self.assertIn("environment variable 'BACKSTAGE_TOKEN' is not set", c["backstage token"][1])
        self.assertEqual(c["backstage"][0], "SKIP")
        self.assertEqual(self.bs.paths(), [])

    def test_missing_permission(self):
        h = self.setup_home(gh_token="ghs_installationtoken0123456789", workflows_forbidden=True, scopes=None)
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["github auth"][0], "OK")
        self.assertIn("GitHub App installation token", c["github auth"][1])
        self.assertEqual(c["github workflows"][0], "FAIL")
        self.assertIn("403 Resource not accessible by integration: the token cannot read the sample repository's "
                      "workflows (Actions); GitHub says it needs: actions=read", c["github workflows"][1])
        for perm in ("Metadata (read)", "Contents (read)", "Actions (read)"):
            self.assertIn(perm, c["github workflows"][2])
        self.assertEqual(c["github contents"][0], "OK")

    def test_missing_issues_permission(self):
        """DORA reads incidents from issues: a token without Issues (read) is diagnosed before a night fails."""
        h = self.setup_home(gh_token="ghs_installationtoken0123456789", issues_forbidden=True, scopes=None)
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["github issues"][0], "FAIL")
        self.assertIn("the sample repository's issues (Issues, for incidents); GitHub says it needs: issues=read",
                      c["github issues"][1])
        self.assertIn("Issues (read)", c["github issues"][2])
        self.assertEqual(c["github pull requests"][0], "OK")
        self.assertEqual(c["github workflows"][0], "OK")

    def test_public_only_classic_token(self):
        h = self.setup_home(scopes="public_repo")
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 0)  # a warning, not a failure
        c = self.lines(r)
        self.assertEqual(c["github auth"][0], "WARN")
        self.assertIn("lacks repo", c["github auth"][1])

    def test_exhausted_rate_limit(self):
        h = self.setup_home(remaining=0)
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["github rate limit"][0], "FAIL")
        self.assertIn("exhausted: 0 of 5000 requests left until 2026-11-27T12:42:00Z (in 42 min)",
                      c["github rate limit"][1])
        self.assertIn("wait until 2026-11-27T12:42:00Z", c["github rate limit"][2])
        self.assertEqual(c["github organisation"][0], "SKIP")
        self.assertEqual(self.gh.paths(), ["/rate_limit"])  # /rate_limit is free; nothing else was spent

    def test_low_rate_limit_warns(self):
        h = self.setup_home(remaining=120)
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 0)
        self.assertEqual(self.lines(r)["github rate limit"][0], "WARN")

    def test_unknown_org_and_missing_surveys(self):
        h = self.setup_home()
        h.write_config("github: { api_url: '%s', org: acmee, token: '${GITHUB_TOKEN}' }\n"
                       "surveys:\n  - path: exports/*.csv\n" % self.gh.base_url)
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["github organisation"][0], "FAIL")
        self.assertIn("404", c["github organisation"][1])
        self.assertIn("spelling of github.org", c["github organisation"][2])
        self.assertEqual(c["surveys"][0], "FAIL")
        self.assertIn("no file matches '%s/exports/*.csv' (%s:3)" % (h.dir, h.config), c["surveys"][1])

    def test_against_the_github_fixture_server(self):
        """The same diagnosis against the GitHub collector's own fixture server (owned by its tests)."""
        try:
            from github_server import GitHubServer
        except ImportError:
            self.skipTest("tests/e2e/github_server.py is not in this tree")
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        gh.add_repo("payments-api")
        gh.add_workflow("payments-api", ".github/workflows/ci.yml")
        h = self.home()
        h.write_config("github: { api_url: '%s', org: acme, token: '${GITHUB_TOKEN}' }\n" % gh.api_url)
        env = {"GITHUB_TOKEN": gh.token}
        r = h.run("doctor", env=env)
        c = self.lines(r)
        for name in ("github token", "github auth", "github rate limit", "github organisation", "github workflows",
                     "github contents"):
            self.assertEqual(c[name][0], "OK", "%s: %s" % (name, c[name]))
        self.assertIn("GitHub App installation token", c["github auth"][1])
        gh.fault(r"/actions/workflows", "permission")
        r = h.run("doctor", env=env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["github workflows"][0], "FAIL")
        self.assertIn("Resource not accessible by integration", c["github workflows"][1])
        self.assertIn("Actions (read)", c["github workflows"][2])
        gh.fault(r"/orgs/", "primary")
        r = h.run("doctor", env=env)
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["github organisation"][0], "FAIL")
        self.assertIn("rate limited", c["github organisation"][1])
        self.assertNotIn(gh.token, r.out + r.err)

    def test_broken_configuration(self):
        h = self.home()
        h.write_config("github:\n  orgg: acme\n")
        r = h.run("doctor")
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["configuration"][0], "FAIL")
        self.assertIn("%s:2: unknown key 'orgg' in 'github'" % h.config, c["configuration"][1])
        self.assertIn("korean font", c)  # the checks that need no configuration still run

    def test_damaged_database(self):
        h = self.home()
        h.write_config("surveys:\n  - path: '*.yaml'\n")
        self.assertExit(h.run("init"), 0)
        with open(h.db, "r+b") as f:  # overwrite the header of the second page (a table's root)
            f.seek(4096)
            f.write(b"\xff" * 64)
        r = h.run("doctor")
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["database"][0], "FAIL")
        self.assertIn(".recover", c["database"][2])

    def test_no_korean_font(self):
        h = self.home()
        h.write("fonts.conf", "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
                              "<fontconfig><cachedir>%s</cachedir></fontconfig>\n" % h.path("fc-cache"))
        h.write_config("surveys:\n  - path: '*.yaml'\nreporting: { lang: ko }\n")
        r = h.run("doctor", env={"FONTCONFIG_FILE": h.path("fonts.conf")})
        self.assertExit(r, 1)
        c = self.lines(r)
        self.assertEqual(c["korean font"][0], "FAIL")
        self.assertIn("fonts-noto-cjk", c["korean font"][2])


class Prune(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = Home()
        r = cls.h.run("demo", "--out", cls.h.path("demo"), config=False, db=False)
        assert r.code == 0, r
        cls.demo = cls.h.path("demo", "demo.db")

    @classmethod
    def tearDownClass(cls):
        cls.h.remove()

    def copy(self):
        h = self.home()
        shutil.copy(self.demo, h.db)
        h.write_config("")
        return h

    def export(self, h, period):
        r = h.run("export", "--format", "json", "--period", period, "--scope", "all")
        self.assertExit(r, 0)
        return r.json()

    def counts(self, db):
        con = sqlite3.connect(db)
        try:
            return {t: con.execute("SELECT COUNT(*) FROM %s" % t).fetchone()[0]
                    for t in ("scaffolder_tasks", "metric_values", "collection_runs", "http_cache",
                              "survey_responses", "onboarding_records", "tickets")}
        finally:
            con.close()

    def test_keep_two_quarters(self):
        h = self.copy()
        # values computed with this home's configuration, so a recomputation can be compared
        self.assertExit(h.run("compute", "--all"), 0)
        before = {p: self.export(h, p) for p in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")}
        self.assertTrue(before["2026-Q2"]["metrics"])
        counts0 = self.counts(h.db)
        r = h.run("prune", "--keep", "2q", "--dry-run")
        self.assertExit(r, 0)
        self.assertRegex(r.out, r"scaffolder_tasks\s+\d+ rows would be removed")
        self.assertIn("keeping 2026-Q3 and later (from 2026-07-01T00:00:00Z)", r.out)
        self.assertEqual(self.counts(h.db), counts0)  # a dry run changes nothing
        r = h.run("-v", "prune", "--keep", "2q")
        self.assertExit(r, 0)
        self.assertIn("kept 2026-Q3 and later (from 2026-07-01T00:00:00Z): removed", r.err)
        counts1 = self.counts(h.db)
        self.assertLess(counts1["scaffolder_tasks"], counts0["scaffolder_tasks"])
        self.assertLess(counts1["metric_values"], counts0["metric_values"])
        if counts0["survey_responses"]:  # the demo has survey data once the surveys module is in
            self.assertLess(counts1["survey_responses"], counts0["survey_responses"])
        con = sqlite3.connect(h.db)
        self.assertEqual(con.execute("SELECT COUNT(*) FROM scaffolder_tasks WHERE created_at < 1782864000")
                         .fetchone()[0], 0)
        self.assertEqual(con.execute("SELECT value FROM source_state WHERE source = 'prune' AND key = 'before'")
                         .fetchone()[0], "2026-07-01T00:00:00Z")
        con.close()
        # kept periods: identical values; dropped periods: gone
        for p in ("2026-Q3", "2026-Q4"):
            self.assertEqual(self.export(h, p), before[p], p)
        for p in ("2026-Q1", "2026-Q2"):
            self.assertEqual(self.export(h, p)["metrics"], [], p)
        self.assertEqual(integrity(h.db), [("ok",)])
        # the raw rows of the kept quarters are all there: recomputing them gives the same values
        self.assertExit(h.run("compute", "--period", "2026-Q3", "--period", "2026-Q4"), 0)
        for p in ("2026-Q3", "2026-Q4"):
            self.assertEqual(self.export(h, p), before[p], p)

    def test_keep_period_label_and_default(self):
        h = self.copy()
        r = h.run("prune", "--keep", "2026-Q2", "--dry-run")
        self.assertExit(r, 0)
        self.assertIn("keeping 2026-Q2 and later (from 2026-04-01T00:00:00Z)", r.out)
        # the default (storage.retention_quarters = 8) keeps everything the demo has
        counts0 = self.counts(h.db)
        r = h.run("prune")
        self.assertExit(r, 0)
        self.assertEqual(r.err, "")
        self.assertEqual(self.counts(h.db)["scaffolder_tasks"], counts0["scaffolder_tasks"])
        h.write_config("storage: { retention_quarters: 3 }\n")
        r = h.run("prune", "--dry-run")
        self.assertIn("keeping 2026-Q2 and later", r.out)

    def test_refuses_to_drop_what_run_recomputes(self):
        h = self.copy()
        for keep in ("1q", "1", "2026-Q4", "2026-11"):
            r = h.run("prune", "--keep", keep)
            self.assertExit(r, 2)
            self.assertIn("keep at least the current and the previous quarter", r.err)
        for keep in ("0", "eight", "8x", "2026-Q5"):
            self.assertExit(h.run("prune", "--keep", keep), 2)
        self.assertExit(h.run("prune", "extra"), 2)


class Schedules(TestCase):
    def read(self, *parts):
        with open(os.path.join(SRC, "schedules", *parts), encoding="utf-8") as f:
            return f.read()

    def readme_cron_lines(self):
        with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        return [l for l in re.findall(r"^(\S+ \S+ \S+ \S+ \S+ .*idpmetrics.*)$", readme, re.M)
                if re.match(r"^[\d*,/-]+ [\d*,/-]+ [\d*,/-]+ [\d*,/-]+ [\d*,/-]+ ", l)]

    def check_cron_fields(self, line):
        fields = line.split()[:5]
        ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
        for field, (lo, hi) in zip(fields, ranges):
            for part in field.split(","):
                base, _, step = part.partition("/")
                if step:
                    self.assertTrue(step.isdigit() and int(step) > 0, line)
                if base == "*":
                    continue
                a, _, b = base.partition("-")
                for v in (a, b) if b else (a,):
                    self.assertTrue(v.isdigit() and lo <= int(v) <= hi, "%s in %r" % (v, line))
        self.assertNotIn("%", line)  # cron turns % into a newline

    def check_command(self, argv, home):
        """ARGV (after the binary) runs as a real idpmetrics command against a source-less home."""
        self.assertTrue(argv)
        r = subprocess.run([BIN, "help"], capture_output=True, text=True)
        commands = re.findall(r"^  (\w+) ", r.stdout, re.M)
        cmd = [a for a in argv if not a.startswith("-") and "/" not in a]
        self.assertTrue(cmd and cmd[-1] in commands, argv)
        r = subprocess.run([BIN] + argv, cwd=home.dir, env=home.env, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, "%s: %s" % (argv, r.stderr))
        self.assertNotIn("error", r.stderr)
        return cmd[-1]

    def test_crontab_and_readme_line(self):
        tab = self.read("crontab")
        entries = [l for l in tab.splitlines() if l.strip() and not l.lstrip().startswith("#")]
        self.assertEqual(len(entries), 2, entries)
        for e in entries:
            self.check_cron_fields(e)
        readme = self.readme_cron_lines()
        self.assertTrue(readme, "the README has no cron line")
        for line in readme:
            self.assertIn(line, entries, "the README's cron line must be the one in schedules/crontab")
        run_line = [l for l in readme if l.endswith("idpmetrics run")]
        self.assertEqual(len(run_line), 1, readme)
        # paste it: the command part runs with /bin/sh, as cron runs it
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        h.write("idpmetrics.env", "BACKSTAGE_TOKEN=abc\nGITHUB_TOKEN=def\n", mode=0o600)
        command = " ".join(run_line[0].split(" ")[5:])
        command = (command.replace("/var/lib/idpmetrics", h.dir)
                   .replace("/etc/idpmetrics/idpmetrics.env", h.path("idpmetrics.env"))
                   .replace("/usr/local/bin/idpmetrics", BIN))
        r = subprocess.run(["/bin/sh", "-c", command], env={"PATH": "/usr/bin:/bin", "HOME": h.dir,
                                                            "IDPMETRICS_FAKE_SLEEP": "1"},
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("error", r.stderr)
        self.assertTrue(os.path.exists(h.path("idpmetrics.db")))
        self.assertTrue(os.path.exists(h.path("out", "dashboard.html")))
        for e in entries:
            argv = shlex.split(e.split("exec /usr/local/bin/idpmetrics", 1)[1])
            self.check_command(argv, h)

    def test_systemd_units(self):
        units = {n: self.read("systemd", n) for n in ("idpmetrics.service", "idpmetrics.timer",
                                                      "idpmetrics-prune.service", "idpmetrics-prune.timer")}
        svc = units["idpmetrics.service"]
        for opt in ("Type=oneshot", "User=idpmetrics", "WorkingDirectory=/var/lib/idpmetrics",
                    "EnvironmentFile=/etc/idpmetrics/idpmetrics.env", "StateDirectory=idpmetrics",
                    "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                    "CapabilityBoundingSet=\n", "RestrictAddressFamilies=", "SystemCallFilter=@system-service",
                    "UMask=0077"):
            self.assertIn(opt, svc)
        self.assertIn("Persistent=true", units["idpmetrics.timer"])
        self.assertIn("Unit=idpmetrics.service", units["idpmetrics.timer"])
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        for name in ("idpmetrics.service", "idpmetrics-prune.service"):
            line = re.search(r"^ExecStart=(.*)$", units[name], re.M).group(1)
            argv = shlex.split(line)
            self.assertEqual(argv[0], "/usr/local/bin/idpmetrics")
            self.check_command(argv[1:], h)
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze is not installed: unit syntax not verified")
        d = h.path("units")
        os.makedirs(d)
        for name, text in units.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(text.replace("/usr/local/bin/idpmetrics", BIN))
        r = subprocess.run(["systemd-analyze", "verify"] + [os.path.join(d, n) for n in units],
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.strip(), "", "systemd-analyze complains")
        for name in ("idpmetrics.timer", "idpmetrics-prune.timer"):
            cal = re.search(r"^OnCalendar=(.*)$", units[name], re.M).group(1)
            r = subprocess.run(["systemd-analyze", "calendar", cal], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_kubernetes_cronjob(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("python3-yaml is not installed (.ci/install-deps --test installs it)")
        docs = list(yaml.safe_load_all(self.read("kubernetes", "idpmetrics.yaml")))
        by_kind = {}
        for d in docs:
            by_kind.setdefault(d["kind"], []).append(d)
        self.assertEqual(sorted(by_kind), ["ConfigMap", "CronJob", "PersistentVolumeClaim"])
        pvc = by_kind["PersistentVolumeClaim"][0]["metadata"]["name"]
        cm = by_kind["ConfigMap"][0]
        h = self.home()
        h.write_config("reporting: { output_dir: out }\n")
        for cj in by_kind["CronJob"]:
            spec = cj["spec"]
            self.check_cron_fields(spec["schedule"] + " x")
            self.assertEqual(spec["concurrencyPolicy"], "Forbid")
            job = spec["jobTemplate"]["spec"]
            self.assertEqual(job.get("parallelism", 1), 1)
            self.assertEqual(job.get("completions", 1), 1)
            pod = job["template"]["spec"]
            self.assertEqual(pod["restartPolicy"], "Never")
            self.assertTrue(pod["securityContext"]["runAsNonRoot"])
            (c,) = pod["containers"]
            self.assertFalse(c["securityContext"]["allowPrivilegeEscalation"])
            self.assertTrue(c["securityContext"]["readOnlyRootFilesystem"])
            vols = {v["name"]: v for v in pod["volumes"]}
            mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
            self.assertEqual(vols[mounts["/data"]]["persistentVolumeClaim"]["claimName"], pvc)
            self.assertEqual(vols[mounts["/etc/idpmetrics"]]["configMap"]["name"], cm["metadata"]["name"])
            args = c["args"]
            self.assertEqual(args[:2], ["--config", "/etc/idpmetrics/idpmetrics.yaml"])
            if args[-1] == "run":  # tokens come from the Secret
                self.assertEqual(c["envFrom"][0]["secretRef"]["name"], "idpmetrics-tokens")
            self.check_command(["--config", h.config] + args[2:], h)
        # the ConfigMap's configuration parses, with its paths on the volume
        config = cm["data"]["idpmetrics.yaml"]
        self.assertIn("/data/idpmetrics.db", config)
        h2 = self.home()
        h2.write("cm.yaml", config.replace("/data/", h2.dir + "/"))
        r = subprocess.run([BIN, "--config", h2.path("cm.yaml"), "init"], cwd=h2.dir, env=h2.env,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(h2.path("idpmetrics.db")))

    def test_image_has_the_libraries_the_binary_needs(self):
        docker = self.read("kubernetes", "Dockerfile")
        self.assertIn('ENTRYPOINT ["/usr/local/bin/idpmetrics"]', docker)
        if not shutil.which("readelf") or not shutil.which("dpkg-query"):
            self.skipTest("readelf or dpkg is missing: cannot map libraries to Debian packages")
        runtime = docker.split("FROM debian:12-slim\n", 1)[1]
        listed = set(re.search(r"--no-install-recommends((?:[^&]|\\\n)*)", runtime).group(1).replace("\\", " ")
                     .split())
        # what those packages bring along (their Depends, recursively, as installed here)
        closure, todo = set(), list(listed)
        while todo:
            pkg = todo.pop()
            if pkg in closure:
                continue
            closure.add(pkg)
            r = subprocess.run(["dpkg-query", "-W", "-f", "${Depends}", pkg], capture_output=True, text=True)
            for alt in r.stdout.split(","):
                name = alt.split("|")[0].split("(")[0].split(":")[0].strip()
                if name:
                    todo.append(name)
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]",
                            subprocess.run(["readelf", "-d", BIN], capture_output=True, text=True).stdout)
        resolved = dict(re.findall(r"^\s*(\S+) => (/\S+)", subprocess.run(["ldd", BIN], capture_output=True,
                                                                           text=True).stdout, re.M))
        self.assertTrue(needed)
        checked = 0
        for lib in needed:
            if "asan" in lib or "ubsan" in lib or lib not in resolved:
                continue  # the sanitizer build's runtime
            path = os.path.realpath(resolved[lib])
            candidates = {path, resolved[lib], "/usr" + path if not path.startswith("/usr/") else path[4:]}
            pkg = None
            for cand in candidates:
                r = subprocess.run(["dpkg-query", "-S", cand], capture_output=True, text=True)
                if r.returncode == 0:
                    pkg = r.stdout.split(":")[0]
                    break
            if pkg is None or pkg in ("libc6", "libgcc-s1", "zlib1g"):
                continue  # not from a package here, or in every Debian image (dpkg itself depends on them)
            checked += 1
            self.assertIn(pkg, closure, "%s comes from %s, which the image does not install" % (lib, pkg))
        self.assertGreater(checked, 2)

if __name__ == "__main__":
    main()
