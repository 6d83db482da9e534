"""End to end: `collect scaffolder` against a Backstage-shaped server, then compute and export.

Every expected number below is worked out by hand in the comments and cross-checked with
harness.percentile (type 7, written independently of the C code).
"""
import json
import sqlite3

from backstage_server import Backstage, epoch
from harness import Reply, TestCase, main, metric, percentile

NOW = "2026-11-27T12:00:00Z"
NOW2 = "2026-11-28T12:00:00Z"
NOW3 = "2026-11-29T12:00:00Z"
DAY = 86400
Q3 = epoch("2026-07-06T09:00:00.250Z")   # tasks created in 2026-Q3
Q4 = epoch("2026-10-05T09:00:00.250Z")   # tasks created in 2026-Q4
GO, JAVA, DOCS = "template:default/go-service", "template:default/java-service", "template:default/docs"


def seed(bs):
    """14 tasks: 9 in Q3, 5 in Q4 (lead times in minutes)."""
    bs.add_task("a1", "go-service", "completed", Q3 + 0 * DAY, lead=12)
    bs.add_task("a2", "go-service", "completed", Q3 + 1 * DAY, lead=25)
    bs.add_task("a3", "go-service", "completed", Q3 + 2 * DAY, lead=40)
    bs.add_task("a4", "java-service", "completed", Q3 + 3 * DAY, lead=90)
    bs.add_task("a5", "java-service", "completed", Q3 + 4 * DAY, lead=300)
    bs.add_task("a6", "java-service", "failed", Q3 + 5 * DAY, lead=7)
    bs.add_task("a7", "go-service", "failed", Q3 + 6 * DAY, lead=3, cancelled=True)   # a user cancel ends as failed
    bs.add_task("a8", "go-service", "completed", Q3 + 7 * DAY, lead=50, completion=False)  # events vacuumed
    bs.add_task("a9", "java-service", "completed", Q3 + 8 * DAY, lead=20, created_by=None)  # a service principal
    bs.add_task("b1", "go-service", "completed", Q4 + 0 * DAY, lead=15)
    bs.add_task("b2", "go-service", "open", Q4 + 1 * DAY)
    bs.add_task("b3", "java-service", "processing", Q4 + 2 * DAY)
    bs.add_task("b4", "go-service", "completed", Q4 + 3 * DAY, lead=35)
    bs.add_task("b5", "docs", "completed", Q4 + 4 * DAY, lead=10)


FINISHED_RUN1 = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b1", "b4", "b5"]

# 2026-Q3 by hand.  org: completed lead times 12, 20, 25, 40, 50 (a8, approximate), 90, 300;
# a6 and a7 failed.  p50: h = 6 * 0.5 = 3 -> 40.  p95: h = 6 * 0.95 = 5.7 -> 90 + 0.7 * 210 = 237.
Q3_ORG = dict(p50=40.0, p95=237.0, n=7, created=7, rate=7 / 9, finished=9)
# go: 12, 25, 40, 50 and a7 failed.  p50: h = 1.5 -> 32.5.  p95: h = 2.85 -> 40 + 0.85 * 10 = 48.5.
Q3_GO = dict(p50=32.5, p95=48.5, n=4, created=4, rate=4 / 5, finished=5)
# java: 20, 90, 300 and a6 failed.  p50: 90.  p95: h = 1.9 -> 90 + 0.9 * 210 = 279.
Q3_JAVA = dict(p50=90.0, p95=279.0, n=3, created=3, rate=3 / 4, finished=4)
# 2026-Q4, first run: completed 15 (b1), 35 (b4), 10 (b5); b2 open and b3 processing do not count.
# p50: 15.  p95: h = 1.9 -> 15 + 0.9 * 20 = 33.
Q4_ORG_1 = dict(p50=15.0, p95=33.0, n=3, created=3, rate=1.0, finished=3)
Q4_GO_1 = dict(p50=25.0, p95=34.0, n=2, created=2, rate=1.0, finished=2)   # 15, 35: p95 = 15 + 0.95 * 20
# Second run: b2 completed after 45 min, b3 failed, b4 retried and done after 200 min, b6 new (5 min).
# org: 5, 10, 15, 45, 200 and b3 failed.  p50: 15.  p95: h = 3.8 -> 45 + 0.8 * 155 = 169.
Q4_ORG_2 = dict(p50=15.0, p95=169.0, n=5, created=5, rate=5 / 6, finished=6)
# go: 5, 15, 45, 200.  p50: h = 1.5 -> 30.  p95: h = 2.85 -> 45 + 0.85 * 155 = 176.75.
Q4_GO_2 = dict(p50=30.0, p95=176.75, n=4, created=4, rate=1.0, finished=4)


class ScaffolderTest(TestCase):
    def setUp(self):
        self.srv = self.server()

    def backstage(self, **kw):
        bs = Backstage(self.srv, **kw)
        return bs

    def home_for(self, bs, page_size=5, extra="", token=None):
        h = self.home()
        h.write_config("backstage:\n"
                       "  base_url: %s/\n"
                       "  token: \"${BACKSTAGE_TOKEN}\"\n"
                       "  page_size: %d\n%s" % (bs.base_url, page_size, extra))
        h.env["BACKSTAGE_TOKEN"] = token if token is not None else bs.token
        return h

    def collect(self, h, now=NOW, code=0, verbose=False):
        r = h.run(*(["-v"] if verbose else []), "collect", "scaffolder", now=now)
        self.assertExit(r, code)
        return r

    def compute_export(self, h, period, now=NOW):
        self.assertExit(h.run("compute", "--period", period, now=now), 0)
        return h.export(period, now=now)

    def rows(self, h, sql, *args):
        con = sqlite3.connect(h.db)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def task(self, h, id):
        con = sqlite3.connect(h.db)
        con.row_factory = sqlite3.Row
        try:
            row = con.execute("SELECT * FROM scaffolder_tasks WHERE id = ?", (id,)).fetchone()
            return dict(row) if row else None
        finally:
            con.close()

    def last_run(self, h):
        con = sqlite3.connect(h.db)
        con.row_factory = sqlite3.Row
        try:
            return dict(con.execute("SELECT * FROM collection_runs WHERE source = 'scaffolder' "
                                    "ORDER BY id DESC LIMIT 1").fetchone())
        finally:
            con.close()

    def check_scope(self, doc, scope, want, approximate=False):
        p50 = metric(doc, "service_creation_lead_time_p50_minutes", scope)
        p95 = metric(doc, "service_creation_lead_time_p95_minutes", scope)
        created = metric(doc, "services_created", scope)
        rate = metric(doc, "scaffolder_success_rate", scope)
        self.assertIsNotNone(p50, scope)
        self.assertAlmostEqual(p50["value"], want["p50"], places=6, msg=scope)
        self.assertAlmostEqual(p95["value"], want["p95"], places=6, msg=scope)
        self.assertEqual(p50["n"], want["n"], scope)
        self.assertEqual(created["value"], want["created"], scope)
        self.assertAlmostEqual(rate["value"], want["rate"], places=9, msg=scope)
        self.assertEqual(rate["n"], want["finished"], scope)
        self.assertEqual("approximate" in p50["flags"], approximate, (scope, p50))
        self.assertEqual("approximate" in p95["flags"], approximate, (scope, p95))

    def check_run1(self, h):
        q3 = self.compute_export(h, "2026-Q3")
        self.check_scope(q3, "org", Q3_ORG, approximate=True)
        self.check_scope(q3, "template:" + GO, Q3_GO, approximate=True)
        self.check_scope(q3, "template:" + JAVA, Q3_JAVA)
        # cross-check the hand-worked values with an independent percentile
        self.assertAlmostEqual(Q3_ORG["p95"], percentile([12, 20, 25, 40, 50, 90, 300], 0.95))
        self.assertAlmostEqual(Q3_GO["p50"], percentile([12, 25, 40, 50], 0.5))
        self.assertAlmostEqual(Q3_JAVA["p95"], percentile([20, 90, 300], 0.95))
        # bands: target <= 30 min, good <= 1 h, average <= 3 days
        self.assertEqual(metric(q3, "service_creation_lead_time_p50_minutes", "org")["band"], "good")
        self.assertEqual(metric(q3, "service_creation_lead_time_p50_minutes", "template:" + JAVA)["band"], "average")
        self.assertEqual(metric(q3, "service_creation_lead_time_p95_minutes", "org")["band"], "average")
        q4 = self.compute_export(h, "2026-Q4")
        self.check_scope(q4, "org", Q4_ORG_1)
        self.assertEqual(metric(q4, "service_creation_lead_time_p50_minutes", "org")["band"], "target")
        self.check_scope(q4, "template:" + GO, Q4_GO_1)
        self.assertAlmostEqual(Q4_ORG_1["p95"], percentile([10, 15, 35], 0.95))
        self.assertAlmostEqual(Q4_GO_1["p95"], percentile([15, 35], 0.95))
        # java has only a processing task in Q4: nothing finished, no lead time, none created
        java = metric(q4, "service_creation_lead_time_p50_minutes", "template:" + JAVA)
        self.assertIsNone(java["value"])
        self.assertIsNone(metric(q4, "scaffolder_success_rate", "template:" + JAVA)["value"])
        self.assertEqual(metric(q4, "services_created", "template:" + JAVA)["value"], 0)
        return q3, q4


class Collect(ScaffolderTest):
    def test_pages_events_and_incremental_runs(self):
        bs = self.backstage()
        seed(bs)
        h = self.home_for(bs)
        self.collect(h)
        # 14 tasks in pages of 5: offsets 0, 5, 10; the third page is short, so no fourth request
        lists = bs.list_requests()
        self.assertEqual([r.query_string for r in lists],
                         ["limit=5&offset=0&order=asc:created_at", "limit=5&offset=5&order=asc:created_at",
                          "limit=5&offset=10&order=asc:created_at"])
        for r in bs.requests(r"/api/.*"):
            self.assertEqual(r.headers.get("authorization"), "Bearer " + bs.token)
            self.assertEqual(r.headers.get("accept"), "application/json")
        # events of finished tasks only, once each; never for the open (long-polling) or processing task
        self.assertEqual(sorted(bs.event_fetches()), FINISHED_RUN1)
        self.assertEqual(bs.long_polls, 0)
        run = self.last_run(h)
        self.assertEqual(run["status"], "ok")
        self.assertEqual(run["requests"], 3 + 12)
        self.assertEqual(run["rows_written"], 14)

        a1 = self.task(h, "a1")
        self.assertEqual(a1["template_ref"], GO)
        self.assertEqual(a1["created_by"], "user:default/jdoe")
        self.assertEqual(a1["status"], "completed")
        self.assertEqual(a1["created_at"], int(Q3))
        self.assertEqual(a1["completed_at"] - a1["created_at"], 12 * 60)
        self.assertEqual(a1["completed_approx"], 0)
        self.assertEqual((a1["repo_host"], a1["repo_owner"], a1["repo_name"]), ("github.com", "acme", "a1"))
        raw = json.loads(a1["raw"])
        self.assertEqual(raw["spec"]["templateInfo"]["entityRef"], GO)
        self.assertEqual(raw["createdAt"], "2026-07-06T09:00:00.250Z")
        a7 = self.task(h, "a7")
        self.assertEqual((a7["status"], a7["cancelled"]), ("failed", 1))
        a8 = self.task(h, "a8")  # no completion event: the last heartbeat, flagged
        self.assertEqual((a8["completed_at"] - a8["created_at"], a8["completed_approx"]), (50 * 60, 1))
        self.assertIsNone(self.task(h, "a9")["created_by"])
        b2 = self.task(h, "b2")
        self.assertEqual(b2["status"], "open")
        self.assertIsNone(b2["completed_at"])
        self.assertIsNone(b2["events_fetched_at"])
        self.check_run1(h)

        # Second night: b2 finished, b3 failed, b4 was retried (status still 'completed' but a new
        # heartbeat) and b6 is new.  Only those four have their events read.
        bs.finish("b2", "completed", Q4 + 1 * DAY + 45 * 60)
        bs.finish("b3", "failed", Q4 + 2 * DAY + 20 * 60)
        bs.retry("b4", Q4 + 3 * DAY + 60 * 60)
        bs.finish("b4", "completed", Q4 + 3 * DAY + 200 * 60)
        bs.add_task("b6", "go-service", "completed", Q4 + 10 * DAY, lead=5)
        self.srv.reset_log()
        self.collect(h, now=NOW2)
        self.assertEqual(len(bs.list_requests()), 3)  # 15 tasks: offsets 0, 5, 10; then offset 15 >= 15
        self.assertEqual(sorted(bs.event_fetches()), ["b2", "b3", "b4", "b6"])
        run = self.last_run(h)
        self.assertEqual((run["requests"], run["rows_written"], run["status"]), (3 + 4, 4, "ok"))
        b4 = self.task(h, "b4")
        self.assertEqual(b4["completed_at"] - b4["created_at"], 200 * 60)  # the retry's completion
        self.assertEqual(b4["completed_approx"], 0)
        q4 = self.compute_export(h, "2026-Q4", now=NOW2)
        self.check_scope(q4, "org", Q4_ORG_2)
        self.check_scope(q4, "template:" + GO, Q4_GO_2)
        self.assertAlmostEqual(Q4_ORG_2["p95"], percentile([5, 10, 15, 45, 200], 0.95))
        self.assertAlmostEqual(Q4_GO_2["p95"], percentile([5, 15, 45, 200], 0.95))
        self.assertEqual(metric(q4, "scaffolder_success_rate", "template:" + JAVA)["value"], 0)
        # Q3 did not move
        self.check_scope(self.compute_export(h, "2026-Q3", now=NOW2), "org", Q3_ORG, approximate=True)

        # Third night, nothing changed: the list only, no events, nothing written.
        self.srv.reset_log()
        self.collect(h, now=NOW3)
        self.assertEqual(bs.event_fetches(), [])
        run = self.last_run(h)
        self.assertEqual((run["requests"], run["rows_written"]), (3, 0))

        # A retried task that is still running is open again: it leaves the lead times.
        bs.retry("b1", Q4 + 20 * DAY)
        self.srv.reset_log()
        self.collect(h, now=NOW3)
        self.assertEqual(bs.event_fetches(), [])
        b1 = self.task(h, "b1")
        self.assertEqual((b1["status"], b1["completed_at"]), ("open", None))
        q4 = self.compute_export(h, "2026-Q4", now=NOW3)
        self.assertEqual(metric(q4, "services_created")["value"], 4)

    def test_total_tasks_as_string(self):
        bs = self.backstage(total_as_string=True)
        seed(bs)
        h = self.home_for(bs)
        self.collect(h)
        self.assertEqual(len(bs.list_requests()), 3)
        self.assertEqual(self.rows(h, "SELECT COUNT(*) FROM scaffolder_tasks")[0][0], 14)
        self.check_run1(h)

    def test_pruned_tasks_do_not_come_back(self):
        """After 'prune' set a retention boundary, tasks older than it are neither stored nor asked for events."""
        bs = self.backstage()
        seed(bs)
        h = self.home_for(bs)
        self.assertExit(h.run("init"), 0)
        con = sqlite3.connect(h.db)
        con.execute("INSERT INTO source_state (source, key, value, updated_at) "
                    "VALUES ('prune', 'before', '2026-10-01T00:00:00Z', 0)")
        con.commit()
        con.close()
        self.collect(h)
        ids = sorted(r[0] for r in self.rows(h, "SELECT id FROM scaffolder_tasks"))
        self.assertEqual(ids, ["b1", "b2", "b3", "b4", "b5"])
        events = [r.path for r in self.srv.requests if r.path.endswith("/events")]
        self.assertFalse([p for p in events if "/tasks/a" in p], events)
        self.assertEqual(len(events), 3)  # b1, b4, b5: the finished tasks inside the retention

    def test_exact_multiple_of_page_size(self):
        bs = self.backstage()
        seed(bs)
        h = self.home_for(bs, page_size=7)
        self.collect(h)
        # 14 = 2 * 7: the second page ends at totalTasks, no empty third request
        self.assertEqual([r.arg("offset") for r in bs.list_requests()], ["0", "7"])
        self.check_run1(h)

    def test_old_server_answers_everything_at_once(self):
        bs = self.backstage(old=True)
        seed(bs)
        bs.tasks["a1"]["secrets"] = {"backstageToken": "eyJhbGciOi-user-token-must-not-be-stored"}
        h = self.home_for(bs)
        self.collect(h)
        # no totalTasks and limit ignored: one answer with all 14 tasks, taken as complete
        self.assertEqual(len(bs.list_requests()), 1)
        self.assertEqual(self.rows(h, "SELECT COUNT(*) FROM scaffolder_tasks")[0][0], 14)
        self.assertEqual(self.last_run(h)["status"], "ok")
        raw = self.task(h, "a1")["raw"]
        self.assertNotIn("secrets", raw)
        self.assertNotIn("user-token-must-not-be-stored", raw)
        self.check_run1(h)

    def test_old_server_with_exactly_a_page(self):
        bs = self.backstage(old=True)
        for i in range(5):
            bs.add_task("t%d" % i, "go-service", "completed", Q3 + i * DAY, lead=10 + i)
        h = self.home_for(bs)
        self.collect(h)
        # a full page without totalTasks may be a page of many: one more request shows nothing new
        self.assertEqual(len(bs.list_requests()), 2)
        self.assertEqual(self.rows(h, "SELECT COUNT(*) FROM scaffolder_tasks")[0][0], 5)
        self.assertEqual(self.last_run(h)["status"], "ok")

    def test_server_ignoring_offset_does_not_loop(self):
        bs = self.backstage()
        seed(bs)
        bs.ignore_offset = True
        h = self.home_for(bs)
        r = self.collect(h)
        self.assertEqual(len(bs.list_requests()), 2)
        self.assertIn("seems to ignore 'offset'", r.err)
        self.assertEqual(self.rows(h, "SELECT COUNT(*) FROM scaffolder_tasks")[0][0], 5)
        self.assertEqual(self.last_run(h)["status"], "partial")

    def test_reference_bodies(self):
        """The real SerializedTask and the real events array, served as they are."""
        bs = self.backstage()
        ref = dict(bs.proto)
        # The reference task: failed, no events at all -> its last heartbeat, flagged approximate.
        bs.tasks[ref["id"]] = {"id": ref["id"], "spec": ref["spec"], "status": ref["status"],
                               "createdAt": epoch(ref["createdAt"]), "createdBy": None,
                               "heartbeat": epoch(ref["lastHeartbeatAt"]), "events": [], "secrets": None}
        # The task of the reference events (8fc40c22...): a failed run ending in a completion event.
        evs = bs.reference_events
        tid = evs[0]["taskId"]
        bs.tasks[tid] = {"id": tid, "spec": ref["spec"], "status": "failed",
                         "createdAt": epoch("2023-10-30T08:40:21.000Z"), "createdBy": "user:default/guest",
                         "heartbeat": epoch("2023-10-30T08:41:08.360Z"), "events": evs, "secrets": None}
        h = self.home_for(bs)
        self.collect(h)
        self.assertEqual(sorted(bs.event_fetches()), sorted([ref["id"], tid]))
        t = self.task(h, ref["id"])
        self.assertEqual(t["template_ref"], "template:default/docs-mocks-template")
        self.assertEqual(t["status"], "failed")
        self.assertEqual(t["completed_at"], int(epoch("2023-10-30T11:53:19Z")))
        self.assertEqual(t["completed_approx"], 1)
        self.assertEqual((t["repo_host"], t["repo_owner"], t["repo_name"]), ("github.com", "asdfasdfa", "asdfasdfa"))
        self.assertEqual(json.loads(t["raw"]), ref)  # stored as served (keys sorted)
        t = self.task(h, tid)
        self.assertEqual(t["completed_at"], int(epoch("2023-10-30T08:41:08Z")))
        self.assertEqual((t["completed_approx"], t["cancelled"]), (0, 0))
        doc = self.compute_export(h, "2023-Q4")
        self.assertEqual(metric(doc, "services_created")["value"], 0)
        self.assertEqual(metric(doc, "scaffolder_success_rate")["value"], 0)
        self.assertEqual(metric(doc, "scaffolder_success_rate")["n"], 2)
        self.assertIsNone(metric(doc, "service_creation_lead_time_p50_minutes")["value"])

    def test_repository_from_completion_output(self):
        bs = self.backstage()
        bs.add_task("x1", "go-service", "completed", Q3, lead=10, repo=None,
                    output={"remoteUrl": "https://github.com/acme/from-output.git",
                            "repoContentsUrl": "https://github.com/acme/from-output/blob/main"})
        bs.add_task("x2", "go-service", "completed", Q3 + 60, lead=10, repo=None,
                    output={"links": [{"title": "Repository", "url": "https://gitlab.example.com/g/sub/svc/-/tree/main"}]})
        h = self.home_for(bs)
        self.collect(h)
        t = self.task(h, "x1")
        self.assertEqual((t["repo_host"], t["repo_owner"], t["repo_name"]), ("github.com", "acme", "from-output"))
        t = self.task(h, "x2")
        self.assertEqual((t["repo_host"], t["repo_owner"], t["repo_name"]), ("gitlab.example.com", "g/sub", "svc"))
        # the repository read from the events survives a night without events
        self.srv.reset_log()
        self.collect(h, now=NOW2)
        self.assertEqual(bs.event_fetches(), [])
        self.assertEqual(self.task(h, "x1")["repo_name"], "from-output")

    def test_template_include_patterns(self):
        bs = self.backstage()
        seed(bs)
        h = self.home_for(bs, extra="  templates: [\"template:default/go-*\"]\n")
        self.collect(h)
        # every task is stored, but only go-service tasks have their events read
        self.assertEqual(self.rows(h, "SELECT COUNT(*) FROM scaffolder_tasks")[0][0], 14)
        self.assertEqual(sorted(bs.event_fetches()), ["a1", "a2", "a3", "a7", "a8", "b1", "b4"])
        q3 = self.compute_export(h, "2026-Q3")
        self.check_scope(q3, "org", Q3_GO, approximate=True)
        self.check_scope(q3, "template:" + GO, Q3_GO, approximate=True)
        self.assertIsNone(metric(q3, "services_created", "template:" + JAVA))
        # widening the patterns later reads the events that were skipped, and nothing else
        h.write_config(open(h.config).read().replace("[\"template:default/go-*\"]", "[]"))
        self.srv.reset_log()
        self.collect(h, now=NOW2)
        self.assertEqual(sorted(bs.event_fetches()), ["a4", "a5", "a6", "a9", "b5"])
        self.check_scope(self.compute_export(h, "2026-Q3", now=NOW2), "org", Q3_ORG, approximate=True)


class Faults(ScaffolderTest):
    def count(self, h):
        return self.rows(h, "SELECT COUNT(*) FROM scaffolder_tasks")[0][0]

    def test_unauthorized_explains_static_tokens(self):
        bs = self.backstage()
        seed(bs)
        h = self.home_for(bs)
        self.collect(h)  # a good night first
        h.env["BACKSTAGE_TOKEN"] = "wrong-token-value-abcdef"
        r = self.collect(h, now=NOW2, code=1)
        self.assertIn("HTTP 401 AuthenticationError: Illegal token", r.err)
        self.assertIn("static external-access token", r.err)
        self.assertIn("backend.auth.externalAccess", r.err)
        self.assertIn("type: static", r.err)
        self.assertIn("/api/scaffolder/v2/tasks?limit=5&offset=0", r.err)
        self.assertNotIn("wrong-token-value-abcdef", r.err + r.out)
        self.assertEqual(len(bs.list_requests()), 4)  # 3 good, one refused: no retry of a 401
        run = self.last_run(h)
        self.assertEqual(run["status"], "failed")
        self.assertIn("static external-access token", run["message"])
        self.assertNotIn("wrong-token-value-abcdef", run["message"])
        self.assertEqual(self.count(h), 14)
        # the nightly job still computes and refreshes the dashboard, and says it failed
        r = h.run("-v", "run", now=NOW2)
        self.assertExit(r, 1)
        self.assertIn("scaffolder:", r.err)
        self.assertIn("computed 2026-Q4", r.err)
        doc = h.export("2026-Q3", now=NOW2)
        self.check_scope(doc, "org", Q3_ORG, approximate=True)

    def test_missing_token(self):
        bs = self.backstage()
        h = self.home_for(bs)
        del h.env["BACKSTAGE_TOKEN"]
        r = self.collect(h, code=1)
        self.assertIn("environment variable 'BACKSTAGE_TOKEN' is not set (used by 'backstage.token')", r.err)
        self.assertIn("idpmetrics.yaml:3", r.err)
        self.assertEqual(bs.requests(".*"), [])

    def test_forbidden_mentions_access_restrictions(self):
        bs = self.backstage()
        seed(bs)
        bs.fail(r"/api/scaffolder/v2/tasks", bs.error_reply(403, "NotAllowedError", "Unauthorized"), times=None)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("HTTP 403 NotAllowedError: Unauthorized", r.err)
        self.assertIn("accessRestrictions", r.err)
        self.assertIn("plugin: scaffolder", r.err)

    def test_bad_request_shows_server_message(self):
        bs = self.backstage()
        seed(bs)
        bs.fail(r"/api/scaffolder/v2/tasks", bs.error_reply(400, "InputError", "request/query/limit must be <= 3"),
                times=None)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("HTTP 400 InputError: request/query/limit must be <= 3", r.err)
        self.assertIn(bs.base_url + "/api/scaffolder/v2/tasks?limit=5&offset=0&order=asc:created_at", r.err)
        self.assertEqual(len(bs.list_requests()), 1)  # a 400 is not retried

    def test_not_found_names_url(self):
        bs = self.backstage()
        h = self.home()
        h.write_config("backstage:\n  base_url: %s/backstage\n  token: \"${BACKSTAGE_TOKEN}\"\n" % bs.base_url)
        h.env["BACKSTAGE_TOKEN"] = bs.token
        r = self.collect(h, code=1)
        self.assertIn("GET %s/backstage/api/scaffolder/v2/tasks?limit=100&offset=0&order=asc:created_at: HTTP 404"
                      % bs.base_url, r.err)
        self.assertIn("backstage.base_url", r.err)

    def test_vanished_task_events_are_a_warning(self):
        bs = self.backstage()
        seed(bs)
        bs.fail(r"/api/scaffolder/v2/tasks/a2/events", bs.error_reply(404, "NotFoundError", "No task with id 'a2' found"))
        h = self.home_for(bs)
        r = self.collect(h)  # partial, not failed: exit 0
        self.assertIn("a2/events: HTTP 404 NotFoundError: No task with id 'a2' found", r.err)
        self.assertEqual(self.last_run(h)["status"], "partial")
        a2 = self.task(h, "a2")
        self.assertEqual((a2["completed_at"] - a2["created_at"], a2["completed_approx"]), (25 * 60, 1))
        self.assertIsNone(a2["events_fetched_at"])
        # the next run asks again and gets the real completion
        self.srv.reset_log()
        self.collect(h, now=NOW2)
        self.assertEqual(bs.event_fetches(), ["a2"])
        a2 = self.task(h, "a2")
        self.assertEqual((a2["completed_at"] - a2["created_at"], a2["completed_approx"]), (25 * 60, 0))
        self.check_run1(h)

    def test_redirect_to_a_login_page(self):
        bs = self.backstage()
        bs.fail(r"/api/scaffolder/v2/tasks", Reply(302, "", {"Location": "https://sso.example.com/login"}), times=None)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("HTTP 302 redirect to 'https://sso.example.com/login'", r.err)

    def test_server_error_then_success(self):
        bs = self.backstage()
        seed(bs)
        bs.fail(r"/api/scaffolder/v2/tasks", bs.error_reply(500, "Error", "connection pool exhausted"), times=2,
                offset=5)
        bs.fail(r"/api/scaffolder/v2/tasks/a4/events", bs.error_reply(503, "Error", "unavailable"), times=1)
        h = self.home_for(bs)
        r = self.collect(h, verbose=True)
        self.assertIn("would wait 1 s", r.err)
        self.assertIn("would wait 2 s", r.err)
        self.assertEqual([q.arg("offset") for q in bs.list_requests()], ["0", "5", "5", "5", "10"])
        self.assertEqual(self.count(h), 14)
        self.check_run1(h)

    def test_server_error_forever_keeps_earlier_pages(self):
        bs = self.backstage()
        seed(bs)
        bs.fail(r"/api/scaffolder/v2/tasks", bs.error_reply(500, "Error", "connection pool exhausted"),
                times=None, offset=5)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("/api/scaffolder/v2/tasks?limit=5&offset=5&order=asc:created_at: HTTP 500 (after 4 attempts)",
                      r.err)
        self.assertIn("connection pool exhausted", r.err)
        self.assertEqual(len(bs.list_requests()), 1 + 4)
        self.assertEqual(self.count(h), 5)  # the first page stays
        self.assertEqual(self.last_run(h)["status"], "failed")
        # the next night picks up where it failed
        bs.faults.clear()
        self.srv.reset_log()
        self.collect(h, now=NOW2)
        self.assertEqual(sorted(bs.event_fetches()), FINISHED_RUN1[5:])
        self.check_run1(h)

    def test_truncated_page(self):
        bs = self.backstage()
        seed(bs)
        bs.truncate(r"/api/scaffolder/v2/tasks", 300, times=None, offset=5)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("offset=5&order=asc:created_at: connection closed before the end of the body", r.err)
        self.assertEqual(self.count(h), 5)
        # once is survivable: the retry gets the whole page
        bs.faults.clear()
        bs.truncate(r"/api/scaffolder/v2/tasks", 300, times=1, offset=10)
        self.collect(h, now=NOW2)
        self.assertEqual(self.count(h), 14)
        self.check_run1(h)

    def test_malformed_json_page(self):
        bs = self.backstage()
        seed(bs)
        bs.corrupt(r"/api/scaffolder/v2/tasks", lambda b: b[:len(b) // 2], times=None, offset=5)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("/api/scaffolder/v2/tasks?limit=5&offset=5&order=asc:created_at: invalid JSON at line 1", r.err)
        self.assertEqual(len(bs.list_requests()), 2)  # a complete but broken body is not retried
        self.assertEqual(self.count(h), 5)
        self.assertEqual(sorted(bs.event_fetches()), ["a1", "a2", "a3", "a4", "a5"])

    def test_malformed_task_names_url_and_task(self):
        bs = self.backstage()
        seed(bs)
        bs.corrupt(r"/api/scaffolder/v2/tasks", lambda b: b.replace(b'"createdAt": "2026-07-11', b'"createdAt": "soon'),
                   times=None, offset=5)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("offset=5&order=asc:created_at: task 'a6' has no valid 'createdAt'", r.err)
        self.assertEqual(self.count(h), 5)
        self.assertNotIn("a6", bs.event_fetches())  # the page was refused before any event was read

    def test_html_instead_of_json(self):
        bs = self.backstage()
        bs.fail(r"/api/scaffolder/v2/tasks", Reply200Html(), times=None)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("the server sent HTML, not JSON", r.err)

    def test_malformed_events_fail_their_page_only(self):
        bs = self.backstage()
        seed(bs)
        bs.corrupt(r"/api/scaffolder/v2/tasks/a7/events", lambda b: b'[{"id": 1, "type": "log"}, {"type": "completion"}]',
                   times=None)
        h = self.home_for(bs)
        r = self.collect(h, code=1)
        self.assertIn("/api/scaffolder/v2/tasks/a7/events: event 1 has no numeric 'id' or no 'type'", r.err)
        # page 1 (a1..a5) committed; page 2 (a6..b1, with a7) not at all
        self.assertEqual(self.count(h), 5)
        self.assertIsNone(self.task(h, "a6"))

    def test_events_timeout_is_retried(self):
        bs = self.backstage()
        bs.add_task("s1", "go-service", "completed", Q3, lead=10)
        bs.fail(r"/api/scaffolder/v2/tasks/s1/events", SlowReply(), times=1)
        h = self.home_for(bs, extra="  timeout_seconds: 1\nhttp:\n  retries: 1\n  retry_delay_ms: 1000\n")
        r = self.collect(h, verbose=True)
        self.assertIn("timed out after 1 s", r.err)
        self.assertIn("would wait 1 s", r.err)
        self.assertEqual(bs.event_fetches(), ["s1", "s1"])
        self.assertEqual(self.task(h, "s1")["completed_approx"], 0)


def Reply200Html():
    return Reply(200, "<!doctype html><html><head><title>Backstage</title></head></html>",
                 {"Content-Type": "text/html"})


def SlowReply():
    return Reply(200, "[]", {"Content-Type": "application/json"}, delay=2.5)


if __name__ == "__main__":
    main()
