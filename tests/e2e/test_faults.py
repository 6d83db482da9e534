"""Faults of the machine the tool runs on: SIGKILL in the middle of a collection, a full disk or
database size limit, an output directory that is full or read-only.

Processes are killed while the fixture server holds one of their requests (harness.Gate): the
test waits for the request to arrive, sends SIGKILL, and only then lets the server go on; no
sleeps.  Every request of a collection is a kill point in turn.  After each kill the database
must pass `PRAGMA integrity_check`, hold only whole units of work (pages, repositories, files),
and the next run must end with exactly the data of a run that was never interrupted.
"""
import calendar
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time

from backstage_server import Backstage, epoch
from github_server import GitHubServer
from harness import NOW, SRC, TestCase, command, main

NOW_TS = calendar.timegm(time.strptime(NOW, "%Y-%m-%dT%H:%M:%SZ"))
DAY = 86400
Q3 = epoch("2026-07-06T09:00:00.250Z")
GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
CUSTOM_CI = "on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"
DEPLOY = "on: push\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - uses: acme/golden-paths/actions/deploy@v1\n"

# Bookkeeping that legitimately differs between an interrupted-then-resumed history and a clean
# one: the runs themselves, the github listing counter (one more listing was started), and the
# conditional-request cache (a resumed run asks from where the killed one got to, so the cache
# also holds those answers).
BOOKKEEPING_TABLES = {"collection_runs", "sqlite_sequence", "http_cache"}
BOOKKEEPING_COLUMNS = {"github_repos": {"list_generation"}, "source_state": {"updated_at", "value"}}


def connect(path):
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    return con


def integrity(path):
    con = connect(path)
    try:
        return [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()


def dump(path, skip_columns=None):
    """Every data table as {table: sorted rows}, without bookkeeping (see above)."""
    skip = dict(BOOKKEEPING_COLUMNS)
    skip.update(skip_columns or {})
    con = connect(path)
    out = {}
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for t in tables:
            if t in BOOKKEEPING_TABLES:
                continue
            cols = [r[1] for r in con.execute("PRAGMA table_info(%s)" % t) if r[1] not in skip.get(t, ())]
            rows = con.execute("SELECT %s FROM %s" % (", ".join(cols), t)).fetchall()
            out[t] = sorted((tuple(r) for r in rows), key=repr)
    finally:
        con.close()
    return out


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def query(path, sql, *args):
    con = connect(path)
    try:
        return [tuple(r) for r in con.execute(sql, args).fetchall()]
    finally:
        con.close()


def sha(text):
    return hashlib.sha1(text.encode()).hexdigest()


def dora_history(gh, repo, deploy, seed):
    """A production history for DORA: commits, deployment runs (one failed), a merged pull request and
    two incidents, so that a github collection also reads runs, history, pulls and issues."""
    t0 = Q3 + seed * DAY
    names = ["%s-c%d" % (repo, k) for k in range(6)]
    for k, name in enumerate(names):
        gh.add_commit(repo, sha(name), [sha(names[k - 1])] if k else [], t0 + k * 5 * DAY)
    gh.set_branch(repo, "main", sha(names[-1]))
    for k in (1, 3, 5):
        gh.add_run(repo, deploy, sha(names[k]), t0 + k * 5 * DAY + 3600, t0 + k * 5 * DAY + 7200)
    gh.add_run(repo, deploy, sha(names[4]), t0 + 4 * 5 * DAY + 3600, t0 + 4 * 5 * DAY + 7200, conclusion="failure")
    gh.add_pull(repo, 11, t0 + 9 * DAY, t0 + 15 * DAY, sha(names[3]))
    gh.add_issue(repo, 1, t0 + 15 * DAY + 4 * 3600, t0 + 15 * DAY + 9 * 3600)
    gh.add_issue(repo, 2, t0 + 26 * DAY)


class KillTest(TestCase):
    """Kill a collection at each request in turn; check the database, then resume."""

    periods = ("2026-Q3", "2026-Q4")

    def reference(self, make_home, source):
        """A collection never interrupted: its tables, exports and request count."""
        h = make_home()
        before = self.srv.counted
        r = h.run("collect", source)
        self.assertExit(r, 0)
        return h, self.srv.counted - before, dump(h.db), self.exports(h)

    def exports(self, h):
        out = {}
        for p in self.periods:
            self.assertExit(h.run("compute", "--period", p), 0)
            out[p] = h.export(p)
        return out

    def kill(self, h, source, n):
        """Start a collection and SIGKILL it while the server holds its N-th request."""
        gate = self.srv.gate_request(n)
        proc = h.start("collect", source)
        try:
            if not gate.wait():
                self.fail("request %d never came: %s" % (n, proc.communicate(timeout=60)))
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
            gate.release()
        self.assertEqual(proc.returncode, -signal.SIGKILL)
        self.assertEqual(integrity(h.db), ["ok"], "kill at request %d" % n)

    def kill_at(self, h, source, n):
        """kill(), then: the run stays recorded as running."""
        self.kill(h, source, n)
        runs = query(h.db, "SELECT status, finished_at FROM collection_runs WHERE source = ?", source)
        self.assertEqual(runs, [("running", None)], "kill at request %d: the run never ended" % n)

    def resume_and_compare(self, h, source, n, ref_dump, ref_exports):
        r = h.run("collect", source)
        self.assertExit(r, 0)
        self.assertEqual(integrity(h.db), ["ok"])
        self.assertEqual(dump(h.db), ref_dump, "kill at request %d, then a full run" % n)
        self.assertEqual(self.exports(h), ref_exports, "kill at request %d, then a full run" % n)
        statuses = [s for (s,) in query(h.db, "SELECT status FROM collection_runs WHERE source = ? ORDER BY id",
                                        source)]
        self.assertEqual(statuses[-1], "ok")
        # the killed run is never reported as a success: the next run (holding the run lock) marks it
        self.assertEqual(statuses[0], "interrupted")
        self.assertIn("never finished: the process was killed or crashed", r.err)


class KilledScaffolder(KillTest):
    PAGE = 4

    def setUp(self):
        self.srv = self.server()
        self.bs = Backstage(self.srv)
        # 11 tasks in pages of 4: finished ones have their events read before their page is written
        statuses = ["completed", "failed", "completed", "open", "completed", "processing", "completed",
                    "completed", "failed", "completed", "completed"]
        self.ids = []
        for i, st in enumerate(statuses):
            tid = "t%02d" % i
            self.bs.add_task(tid, "go-service" if i % 3 else "java-service", st, Q3 + i * 9 * DAY,
                             lead=5 + 7 * i, cancelled=(st == "failed" and i == 8))
            self.ids.append(tid)

    def home_for(self):
        h = self.home()
        h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: %d\n"
                       % (self.bs.base_url, self.PAGE))
        h.env["BACKSTAGE_TOKEN"] = self.bs.token
        return h

    def test_killed_at_every_request(self):
        ref, nreq, ref_dump, ref_exports = self.reference(self.home_for, "scaffolder")
        self.assertEqual(nreq, 3 + 9)  # 3 pages + events of the 9 finished tasks
        ref_rows = {r[0]: r for r in ref_dump["scaffolder_tasks"]}
        pages = [set(self.ids[i:i + self.PAGE]) for i in range(0, len(self.ids), self.PAGE)]
        for n in range(1, nreq + 1):
            with self.subTest(kill_at=n):
                h = self.home_for()
                self.kill_at(h, "scaffolder", n)
                stored = {r[0]: r for r in dump(h.db)["scaffolder_tasks"]}
                # whole pages only, in order, each task exactly as an uninterrupted run stores it
                complete = set()
                for p in pages:
                    if complete | p <= set(stored):
                        complete |= p
                self.assertEqual(set(stored), complete, "kill at request %d: a page was half-written" % n)
                for tid, row in stored.items():
                    self.assertEqual(row, ref_rows[tid])
                self.resume_and_compare(h, "scaffolder", n, ref_dump, ref_exports)
                h.remove()


class KilledGitHub(KillTest):
    def setUp(self):
        self.gh = GitHubServer(max_per_page=4).start()
        self.addCleanup(self.gh.stop)
        self.srv = self.gh.fx
        for i in range(9):
            name = "r%d" % i
            self.gh.add_repo(name, pushed_at=NOW_TS - (i + 1) * DAY, archived=(i == 4))
            self.gh.add_workflow(name, ".github/workflows/ci.yml", GOLDEN_CI if i % 2 else CUSTOM_CI)
            if i % 3 == 0:
                deploy = self.gh.add_workflow(name, ".github/workflows/deploy.yml", DEPLOY)
                dora_history(self.gh, name, deploy, i)
        self.repos = ["acme/r%d" % i for i in range(9)]

    def home_for(self):
        h = self.home()
        h.write_config("github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
                       "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
                       "  actions: [\"acme/golden-paths/actions/*\"]\n" % self.gh.api_url)
        h.env["GITHUB_TOKEN"] = self.gh.token
        return h

    def test_killed_at_every_request(self):
        ref, nreq, ref_dump, ref_exports = self.reference(self.home_for, "github")
        # 3 repository pages + 8 active repositories' workflow lists + their 11 files, then DORA for the
        # 3 repositories that deploy (runs, history, pull requests, incidents)
        self.assertGreater(nreq, 3 + 8 + 11 + 3 * 3)
        for t in ("dora_deployments", "dora_changes", "dora_commits", "dora_pulls", "dora_incidents"):
            self.assertGreater(len(ref_dump[t]), 0, t)
        ref_repos = {r[0]: r for r in query(ref.db, "SELECT full_name, id, pushed_at, archived FROM github_repos")}
        ref_wf = query(ref.db, "SELECT repo, id, path, uses FROM github_workflows ORDER BY repo, id")
        pages = [set(self.repos[i:i + 4]) for i in range(0, 9, 4)]
        for n in range(1, nreq + 1):
            with self.subTest(kill_at=n):
                h = self.home_for()
                self.kill_at(h, "github", n)
                repos = {r[0]: r for r in query(h.db, "SELECT full_name, id, pushed_at, archived FROM github_repos")}
                complete = set()
                for p in pages:
                    if complete | p <= set(repos):
                        complete |= p
                self.assertEqual(set(repos), complete, "kill at request %d: a page was half-written" % n)
                for name, row in repos.items():
                    self.assertEqual(row, ref_repos[name])
                # a repository's workflows are there completely, with their uses, or not at all
                read = {r[0] for r in query(h.db, "SELECT full_name FROM github_repos "
                                                  "WHERE workflows_read_at IS NOT NULL")}
                wf = query(h.db, "SELECT repo, id, path, uses FROM github_workflows ORDER BY repo, id")
                self.assertEqual(wf, [w for w in ref_wf if w[0] in read], "kill at request %d" % n)
                # the day's snapshot is written in one transaction: all or nothing
                self.assertIn(query(h.db, "SELECT COUNT(*) FROM github_repo_snapshots"), ([(0,)], [(9,)]))
                # a deployment's changes are stored whole: each deployment has all of them or none yet
                changes = dict(query(h.db, "SELECT deployment, COUNT(*) FROM dora_changes GROUP BY deployment"))
                ref_changes = dict(query(ref.db, "SELECT deployment, COUNT(*) FROM dora_changes GROUP BY deployment"))
                for dep, count in changes.items():
                    self.assertEqual(count, ref_changes[dep], "kill at request %d" % n)
                self.resume_and_compare(h, "github", n, ref_dump, ref_exports)
                h.remove()


class KilledCatalog(KillTest):
    """The catalog is replaced as a whole: a collection killed at any request leaves the previous
    snapshot exactly as it was, and the next one stores the new catalog."""

    def setUp(self):
        self.srv = self.server()
        self.bs = Backstage(self.srv)

    def state(self, second):
        bs = self.bs
        bs.clear_entities()
        for g in ("team-a", "team-b", "team-c"):
            bs.add_group(g, parent=None if g == "team-a" else "team-a")
        for i in range(4):
            bs.add_user("user%d" % i, ["team-b" if i % 2 else "team-c"])
        for i in range(8):
            owner = ("team-c" if i < 4 else "team-b") if second else ("team-b" if i % 2 else "team-c")
            bs.add_component("svc-%d" % i, owner=owner, slug="acme/svc-%d" % i)
        if second:
            bs.remove_entity("user", "user0")
            bs.add_component("svc-new", owner="team-a", slug="acme/svc-new")

    def home_for(self):
        h = self.home()
        h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: 4\n"
                       % self.bs.base_url)
        h.env["BACKSTAGE_TOKEN"] = self.bs.token
        return h

    def catalog(self, h):
        return (query(h.db, "SELECT * FROM catalog_components ORDER BY ref"),
                query(h.db, "SELECT * FROM catalog_groups ORDER BY ref"))

    def test_killed_at_every_request(self):
        self.state(False)
        ref1 = self.home_for()
        self.assertExit(ref1.run("collect", "catalog"), 0)
        first = self.catalog(ref1)
        self.state(True)
        before = self.srv.counted
        self.assertExit(ref1.run("collect", "catalog"), 0)
        nreq = self.srv.counted - before
        second = self.catalog(ref1)
        self.assertEqual(nreq, 4)  # 14 entities in pages of 4
        self.assertNotEqual(first, second)
        self.assertGreater(len(first[0]), 0)
        for n in range(1, nreq + 1):
            with self.subTest(kill_at=n):
                h = self.home_for()
                self.state(False)
                self.assertExit(h.run("collect", "catalog"), 0)
                self.state(True)
                self.kill(h, "catalog", n)
                self.assertEqual(self.catalog(h), first, "kill at request %d: the old catalog must stay whole" % n)
                r = h.run("collect", "catalog")
                self.assertExit(r, 0)
                self.assertEqual(self.catalog(h), second)
                h.remove()


class KilledSurveys(TestCase):
    """A survey export is imported in one transaction, read whole before any of it is used, and only
    from a regular file: a FIFO in its place (where a writer could hold the run, and its lock, for
    ever) is skipped with a warning, the first file is stored and nothing of the second; the next
    run, with the real file there, imports the second as a clean run does."""

    def test_killed_while_reading_a_file(self):
        src = os.path.join(SRC, "fixtures", "surveys")
        first, second = "synthetic_google_sheets.csv", "synthetic_typeform.csv"
        config = "surveys:\n  - path: exports/*.csv\n"

        ref = self.home()
        os.makedirs(ref.path("exports"))
        for name in (first, second):
            shutil.copyfile(os.path.join(src, name), ref.path("exports", name))
        ref.write_config(config)
        self.assertExit(ref.run("collect", "surveys"), 0)
        # response keys are salted with each database's own random salt
        skip = {"survey_responses": {"response_key"}, "source_state": {"value", "updated_at"}}
        ref_dump = dump(ref.db, skip)
        self.assertGreater(len(ref_dump["survey_responses"]), 0)

        h = self.home()
        os.makedirs(h.path("exports"))
        shutil.copyfile(os.path.join(src, first), h.path("exports", "a-" + first))
        fifo = h.path("exports", "b-" + second)
        os.mkfifo(fifo)
        h.write_config(config)
        r = h.run("collect", "surveys", timeout=60)   # nobody writes the FIFO: it must not wait
        self.assertExit(r, 0)
        self.assertIn("is a FIFO, not a regular file: skipped", r.err)
        self.assertEqual(integrity(h.db), ["ok"])
        files = query(h.db, "SELECT DISTINCT file FROM survey_responses")
        self.assertEqual(files, [("a-" + first,)])
        os.unlink(fifo)
        shutil.copyfile(os.path.join(src, second), fifo)
        self.assertExit(h.run("collect", "surveys"), 0)
        got = dump(h.db, skip)
        # the file names differ by their a-/b- prefix only
        strip = lambda rows: sorted((tuple(c.split("-", 1)[1] if isinstance(c, str) and c.startswith(("a-", "b-"))
                                           else c for c in r) for r in rows), key=repr)  # noqa: E731
        self.assertEqual(strip(got["survey_responses"]), strip(ref_dump["survey_responses"]))


def tasks_home(test, bs, extra=""):
    h = test.home()
    h.write_config("%sbackstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: 50\n" % (extra, bs.base_url))
    h.env["BACKSTAGE_TOKEN"] = bs.token
    return h


def many_tasks(bs, n=600):
    for i in range(n):
        bs.add_task("t%04d" % i, "go-service" if i % 2 else "java-service", "completed", Q3 + i * 3600, lead=5 + i % 50)


class DatabaseSizeLimit(TestCase):
    """storage.max_size_mb: the database stops growing with a clear error; what was committed stays."""

    def test_collection_stops_at_the_limit_and_resumes(self):
        srv = self.server()
        bs = Backstage(srv)
        many_tasks(bs)
        ref = tasks_home(self, bs)
        self.assertExit(ref.run("collect", "scaffolder"), 0)

        h = tasks_home(self, bs, "storage:\n  max_size_mb: 1\n")
        r = h.run("collect", "scaffolder")
        self.assertExit(r, 4)
        self.assertIn("database '%s': database or disk is full (it reached storage.max_size_mb, 1 MB" % h.db, r.err)
        self.assertIn("everything committed before is kept", r.err)
        self.assertEqual(integrity(h.db), ["ok"])
        self.assertLessEqual(os.path.getsize(h.db), 1 << 20)
        stored = dump(h.db)["scaffolder_tasks"]
        # whole pages of 50, each task as a run without the limit stores it
        self.assertGreater(len(stored), 0)
        self.assertEqual(len(stored) % 50, 0)
        ref_rows = {t[0]: t for t in dump(ref.db)["scaffolder_tasks"]}
        for t in stored:
            self.assertEqual(t, ref_rows[t[0]])
        status, rows, message = query(h.db, "SELECT status, rows_written, message FROM collection_runs")[0]
        self.assertEqual((status, rows), ("failed", len(stored)))
        self.assertIn("database or disk is full", message)
        # the KPIs of what is stored can still be computed (it replaces values in place)
        self.assertExit(h.run("compute", "--period", "2026-Q3"), 0)

        # lifting the limit lets the next run finish exactly like a clean one
        h.write_config(read(h.config).replace("max_size_mb: 1", "max_size_mb: 0"))
        self.assertExit(h.run("collect", "scaffolder"), 0)
        self.assertEqual(dump(h.db, {"metric_values": {"computed_at"}})["scaffolder_tasks"], dump(ref.db)["scaffolder_tasks"])
        for p in ("2026-Q3", "2026-Q4"):
            self.assertExit(h.run("compute", "--period", p), 0)
            self.assertExit(ref.run("compute", "--period", p), 0)
            self.assertEqual(h.export(p), ref.export(p))

    def test_an_existing_database_over_the_limit(self):
        srv = self.server()
        bs = Backstage(srv)
        many_tasks(bs, 300)
        h = tasks_home(self, bs)
        self.assertExit(h.run("collect", "scaffolder"), 0)
        size = os.path.getsize(h.db)
        self.assertGreater(size, 1 << 20)
        h.write_config("storage:\n  max_size_mb: 1\n" + read(h.config))
        r = h.run("status")
        self.assertExit(r, 0)
        self.assertIn("database '%s' is already 1 MB, over storage.max_size_mb (1)" % h.db, r.err)

    def test_bad_values(self):
        h = self.home()
        for bad in ("-1", "lots", "99999999999"):
            h.write_config("storage:\n  max_size_mb: %s\n" % bad)
            r = h.run("status")
            self.assertExit(r, 3)
            self.assertIn("idpmetrics.yaml:2:", r.err)
            self.assertIn("max_size_mb", r.err)


_NAMESPACE = None


def private_mounts():
    """The unshare prefix that gives a command its own mount namespace (so it may mount a small
    tmpfs without touching the machine), or None when this machine does not allow it."""
    global _NAMESPACE
    if _NAMESPACE is None:
        prefix = ["unshare", "--mount", "--propagation", "private"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
        probe = tempfile.mkdtemp(prefix="idpm-ns-")
        try:
            ok = subprocess.run(prefix + ["sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', probe],
                                capture_output=True).returncode == 0
        except OSError:
            ok = False
        finally:
            os.rmdir(probe)
        _NAMESPACE = prefix if ok else []
    return _NAMESPACE or None


def tree(top):
    """Every file below TOP: {relative path: bytes}."""
    out = {}
    for d, _, names in os.walk(top):
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                out[os.path.relpath(os.path.join(d, n), top)] = f.read()
    return out


class FullFileSystem(TestCase):
    """A small tmpfs in a private mount namespace stands for a full disk (skipped where unshare is not allowed)."""

    def setUp(self):
        self.ns = private_mounts()
        if not self.ns:
            self.skipTest("cannot mount a tmpfs in a private mount namespace here (unshare)")

    def sh(self, h, script, **env):
        """Run SCRIPT with $IDPM (the command line of the binary) in the namespace, in H's directory."""
        e = h.environ(env)
        e["IDPM"] = " ".join("'%s'" % a for a in command())
        proc = subprocess.run(self.ns + ["sh", "-c", "set -u\n" + script], cwd=h.dir, env=e, capture_output=True,
                              text=True, timeout=600)
        return proc

    def test_database_on_a_full_disk(self):
        srv = self.server()
        bs = Backstage(srv)
        many_tasks(bs)
        ref = tasks_home(self, bs)
        self.assertExit(ref.run("collect", "scaffolder"), 0)
        h = tasks_home(self, bs)
        os.makedirs(h.path("fs"))
        os.makedirs(h.path("after"))
        p = self.sh(h, """
mount -t tmpfs -o size=1000k tmpfs fs
eval "$IDPM --config idpmetrics.yaml --db fs/idpmetrics.db --now %s collect scaffolder"
echo "exit=$?"
cp fs/idpmetrics.db* after/
mount -o remount,size=16m fs
eval "$IDPM --config idpmetrics.yaml --db fs/idpmetrics.db --now %s collect scaffolder"
echo "exit=$?"
cp fs/idpmetrics.db* .
""" % (NOW, NOW))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.split(), ["exit=4", "exit=0"], p.stderr)
        self.assertIn("database '%s': database or disk is full (the file system of '%s' is full: free space there)"
                      % ("fs/idpmetrics.db", "fs"), p.stderr)
        # the database as the full disk left it: whole pages, each task as a clean run stores it
        first = h.path("after", "idpmetrics.db")
        self.assertEqual(integrity(first), ["ok"])
        stored = dump(first)["scaffolder_tasks"]
        self.assertGreater(len(stored), 0)
        self.assertLess(len(stored), 600)
        self.assertEqual(len(stored) % 50, 0)
        ref_rows = {t[0]: t for t in dump(ref.db)["scaffolder_tasks"]}
        for t in stored:
            self.assertEqual(t, ref_rows[t[0]])
        # a full disk may not even take the run's end: then the run stays 'running' (the next run under
        # the run lock marks it 'interrupted') and the error says so
        status = query(first, "SELECT status FROM collection_runs")
        self.assertIn(status, ([("failed",)], [("running",)]))
        if status == [("running",)]:
            self.assertIn("this run's outcome could not be recorded either", p.stderr)
        # with space again, the next run finishes like a clean one
        self.assertEqual(integrity(h.db), ["ok"])
        self.assertEqual(dump(h.db)["scaffolder_tasks"], dump(ref.db)["scaffolder_tasks"])

    def demo_db(self, h):
        h.write_config("")
        self.assertExit(h.run("demo", "--out", h.path("demo"), db=False), 0)
        roomy = h.path("roomy")
        r = h.run("--db", h.path("demo", "demo.db"), "report", "--period", "2026-Q3", "--out", roomy, db=False)
        self.assertExit(r, 0)
        return roomy

    def check_report_into(self, mount_opts, reason):
        h = self.home()
        roomy = tree(self.demo_db(h))
        os.makedirs(h.path("out"))
        os.makedirs(h.path("after"))
        p = self.sh(h, """
mount -t tmpfs -o %s tmpfs out
eval "$IDPM --db demo/demo.db --now %s report --period 2026-Q3 --out out"
echo "exit=$?"
cp -a out/. after/
""" % (mount_opts, NOW))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.split(), ["exit=4"], p.stderr)
        self.assertRegex(p.stderr, r"cannot (write|create)[^\n]*'out[^\n]*%s" % reason)
        left = tree(h.path("after"))
        # nothing half-written: every file there is complete (byte-identical to a roomy render)
        for name, data in left.items():
            self.assertIn(name, roomy, "a stray file was left: %s" % name)
            self.assertEqual(data, roomy[name], "%s was left half-written" % name)
        self.assertLess(len(left), len(roomy))
        return left, p.stderr

    def test_report_into_a_full_directory(self):
        left, err = self.check_report_into("size=96k", "No space left on device")
        self.assertIn("dashboard.html", left)  # the small files fitted
        # the others name themselves and the reason (which ones depends on their sizes)
        errors = [ln for ln in err.splitlines() if " error: " in ln]
        self.assertGreaterEqual(len(errors), 2, err)
        for ln in errors:
            self.assertRegex(ln, r"error: \w+ report: cannot write 'out/[^']+': No space left on device")

    def test_workbook_temporary_files_on_a_full_disk(self):
        """The workbook's rows stream to temporary files ($TMPDIR), whose writes libxlsxwriter does not check:
        on a $TMPDIR too small for them, at every size, either a whole workbook or an error and none."""
        import openpyxl
        h = self.home()
        self.demo_db(h)
        outcomes = set()
        for kb in range(1600, 7000, 400):
            p = self.sh(h, """
mkdir -p t-%(kb)d out-%(kb)d
mount -t tmpfs -o size=%(kb)dk tmpfs t-%(kb)d
export TMPDIR=$PWD/t-%(kb)d
eval "$IDPM --db demo/demo.db --now %(now)s report --period 2026-Q3 --format xlsx --out out-%(kb)d"
echo "exit=$?"
""" % {"kb": kb, "now": NOW})
            book = h.path("out-%d" % kb, "report.xlsx")
            if p.stdout.split() == ["exit=0"]:
                wb = openpyxl.load_workbook(book)   # raises on a sheet cut short
                self.assertEqual(len(wb.sheetnames), 20, kb)
                self.assertGreater(wb["Scaffolder tasks"].max_row, 1, kb)
                outcomes.add("whole")
            else:
                self.assertEqual(p.stdout.split(), ["exit=4"], (kb, p.stderr))
                self.assertRegex(p.stderr, r"error: xlsx report: cannot write 'out-\d+/report.xlsx': No space left on device")
                self.assertFalse(os.path.exists(book), kb)
                outcomes.add("refused")
        self.assertEqual(outcomes, {"whole", "refused"})

    def test_report_into_a_read_only_directory(self):
        left, err = self.check_report_into("ro,size=1m", "Read-only file system")
        self.assertEqual(left, {})


class ReportJobs(TestCase):
    """Formats rendered side by side in child processes: the same files, and each failure told, as one by one."""

    def test_failures_in_child_processes(self):
        h = self.home()
        h.write_config("")
        self.assertExit(h.run("demo", "--out", h.path("demo"), db=False), 0)
        base = ["--db", h.path("demo", "demo.db"), "report", "--period", "2026-Q3"]
        runs = {}
        for jobs in ("1", "3"):
            out = h.path("out-" + jobs)
            os.makedirs(os.path.join(out, "report.xlsx"))     # a directory where the workbook goes
            with open(os.path.join(out, "csv"), "w") as f:    # a file where the csv directory goes
                f.write("in the way\n")
            r = h.run(*base, "--jobs", jobs, "--out", out, db=False)
            self.assertExit(r, 4)
            errors = [ln.split(" error: ", 1)[1].replace(out, "OUT") for ln in r.err.splitlines() if " error: " in ln]
            # in the formats' order whichever process ended first, each naming the file and the reason
            self.assertEqual(len(errors), 2, r.err)
            self.assertEqual(errors, ["xlsx report: cannot write 'OUT/report.xlsx': Is a directory",
                                      "csv report: cannot write 'OUT/csv/metrics.csv': Not a directory"])
            runs[jobs] = (errors, tree(out))
        self.assertEqual(runs["1"][0], runs["3"][0])
        self.assertEqual(runs["1"][1], runs["3"][1])
        self.assertIn("report.html", runs["3"][1])
        self.assertIn("report.pdf", runs["3"][1])
        self.assertEqual([n for n in runs["3"][1] if os.path.basename(n).startswith(".")], [])
        # a bad --jobs is a usage error
        self.assertExit(h.run(*base, "--jobs", "0", "--out", h.path("x"), db=False), 2)


if __name__ == "__main__":
    main()
