"""End to end: DORA for a GitOps organisation, deployments from Argo CD and incidents from PagerDuty.

Times relative to the start of 2026-Q3, T0; two nights of collection: N1 = T0+14d, N2 = NOW (2026-Q4).
Catalog: team-a owns shop and cart, team-b owns web, pay and ops.

shop-prod   catalog argocd/app-name; source acme/shop.  id0 c0 T0+1d (first: no changes), id1 c2 T0+3d
            (c1 authored T0+1d: 48 h, c2 T0+2d: 24 h), id2 c2 T0+5d (a re-sync: no deployment), a sync of c4
            Failed at T0+13d12h (the operation seen at N1), then id3 c3 T0+12d is before it, id4 c4 T0+16d
            (c4 authored T0+13d: 72 h).  c3 (authored T0+4d) ships with id3: 192 h.
cart-prod   mapped by its source repository acme/cart (no annotation).  Syncs every 2 days from T0+4d6h,
            ids 0..18, each of commit k_i authored a day before; N1 sees ids 0..4; the history keeps 10, so
            N2 sees ids 9..18: ids 5..8 are lost (4 syncs), id9 ships k5..k9.
web-prod    catalog argocd/app-selector team=web,env=prod; two sources: acme/web and a Helm chart.
            id0 [w0, 2.6.2] T0+2d, id1 [w1, 2.6.2] T0+6d (w1 authored T0+5d: 24 h), id2 [w1, 2.6.3] T0+20d (a
            chart bump: a deployment without changes).
pay-prod    catalog argocd/app-name on acme/pay; its source is the configuration repository acme/pay-deploy.
            Image tags carry the application commit: id0 T0+3d (image p0, seen as the newest at N1),
            id1 T0+20d (image p1, never seen as the newest: no lead time source), id2 T0+30d (image p2: ships
            p1 authored T0+19d, 264 h, and p2 authored T0+29d, 24 h).
ops-prod    source acme/ops.  Life 1 (uid ops-1): id0 o0 T0+2d, id1 o1 T0+8d (o1 authored T0+7d: 24 h).
            Deleted and re-created (uid ops-2): id0 o1 T0+15d (same revision as before: a re-sync), id1 o2
            T0+25d (o2 authored T0+24d: 24 h).  A new uid is a new history: no lost syncs.
legacy-prod source on gitlab.com: unmapped.  shop-staging: not a production application, never read.
The three reference Applications are served as they are (named as production applications here):
unmapped, one with a failed operation, one whose history starts at id 14.

PagerDuty: PSHOP01 (catalog, shop), PWEB001 (pagerduty.services -> acme/web); urgencies [high].
  P1 shop T0+3d2h resolved after 3 h (attributed to id1); P2 shop merged into P1 (not an incident);
  P3 shop low urgency (filtered); P4 shop T0+12d6h, open at N1, resolved T0+20d: 186 h (attributed
  to id3, 6 h before; created before N2's window, so asked again by id); P5 web T0+20d1h resolved after 1 h (attributed to id2).  The first request of N1
  is answered 429.
"""
import calendar
import hashlib
import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from argocd_server import ArgoCDServer  # noqa: E402
from backstage_server import Backstage  # noqa: E402
from github_server import GitHubServer  # noqa: E402
from harness import NOW, TestCase, main, metric, percentile  # noqa: E402
from pagerduty_server import PagerDutyServer  # noqa: E402

HOUR = 3600
DAY = 86400


def ts(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


T0 = ts("2026-07-01T00:00:00Z")
N1 = T0 + 14 * DAY
W = 92 / 7.0                      # weeks of 2026-Q3


def sha(name):
    return hashlib.sha1(name.encode()).hexdigest()


def cart_sync(i):
    return T0 + 4 * DAY + 6 * HOUR + 2 * DAY * i


class GitOps(TestCase):
    def setUp(self):
        self.srv = self.server()
        self.bs = Backstage(self.srv)
        self.gh = GitHubServer().start()
        self.addCleanup(self.gh.stop)
        self.argo = ArgoCDServer().start()
        self.addCleanup(self.argo.stop)
        self.pd = PagerDutyServer().start()
        self.addCleanup(self.pd.stop)
        self.h = self.home()
        self.h.write_config(
            "backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n"
            "github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
            "argocd:\n  base_url: %s\n  token: \"${ARGOCD_TOKEN}\"\n"
            "  production_apps: '(-prod|^velero-test|^bluecopa-.*|^test-app)$'\n"
            "  image_tag_pattern: '-([0-9a-f]{40})$'\n"
            "pagerduty:\n  api_url: %s\n  token: \"${PAGERDUTY_TOKEN}\"\n"
            "  services:\n    PWEB001: acme/web\n  urgencies: [high]\n"
            "dora:\n  source: argocd\n  incidents: pagerduty\n"
            "http:\n  retries: 1\n  retry_delay_ms: 10\n"
            % (self.bs.base_url, self.gh.api_url, self.argo.base_url, self.pd.base_url))
        self.h.env.update({"BACKSTAGE_TOKEN": self.bs.token, "GITHUB_TOKEN": self.gh.token,
                           "ARGOCD_TOKEN": self.argo.token, "PAGERDUTY_TOKEN": self.pd.token})
        self.build()

    # ---- the organisation -----------------------------------------------------------------------
    def component(self, name, owner, **annotations):
        e = self.bs.add_component(name, owner=owner, slug="acme/" + name)
        e["metadata"]["annotations"].update(annotations)

    def commit(self, repo, name, parent, authored):
        self.gh.add_commit(repo, sha(name), [sha(parent)] if parent else [], authored)

    def build(self):
        bs, gh, argo, pd = self.bs, self.gh, self.argo, self.pd
        bs.add_group("team-a")
        bs.add_group("team-b")
        self.component("shop", "team-a", **{"argocd/app-name": "shop-prod", "pagerduty.com/service-id": "PSHOP01"})
        self.component("cart", "team-a")
        self.component("web", "team-b", **{"argocd/app-selector": "team=web,env=prod"})
        self.component("pay", "team-b", **{"argocd/app-name": "pay-prod"})
        self.component("ops", "team-b")
        for r in ("shop", "cart", "web", "pay", "pay-deploy", "ops"):
            gh.add_repo(r, pushed_at=T0)
        # shop
        self.commit("shop", "c0", None, T0 - 10 * DAY)
        self.commit("shop", "c1", "c0", T0 + DAY)
        self.commit("shop", "c2", "c1", T0 + 2 * DAY)
        self.commit("shop", "c3", "c2", T0 + 4 * DAY)
        self.commit("shop", "c4", "c3", T0 + 13 * DAY)
        gh.set_branch("shop", "main", sha("c4"))
        argo.add_app("shop-prod", "https://github.com/acme/shop.git")
        argo.add_app("shop-staging", "https://github.com/acme/shop.git")
        argo.sync("shop-prod", sha("c0"), T0 + DAY)
        argo.sync("shop-prod", sha("c2"), T0 + 3 * DAY)
        argo.sync("shop-prod", sha("c2"), T0 + 5 * DAY)
        argo.sync("shop-prod", sha("c3"), T0 + 12 * DAY)
        argo.fail("shop-prod", sha("c4"), T0 + 13 * DAY + 12 * HOUR)
        # cart: ids 0..4 before N1
        prev = None
        for i in range(19):
            self.commit("cart", "k%d" % i, prev, cart_sync(i) - DAY)
            prev = "k%d" % i
        gh.set_branch("cart", "main", sha("k5"))
        argo.add_app("cart-prod", "git@github.com:acme/cart.git")
        for i in range(5):
            argo.sync("cart-prod", sha("k%d" % i), cart_sync(i))
        # web: two sources
        self.commit("web", "w0", None, T0 - DAY)
        self.commit("web", "w1", "w0", T0 + 5 * DAY)
        gh.set_branch("web", "main", sha("w1"))
        argo.add_app("web-prod", sources=["https://github.com/acme/web", "https://charts.example.com/stable"],
                     labels={"team": "web", "env": "prod"})
        argo.sync("web-prod", [sha("w0"), "2.6.2"], T0 + 2 * DAY)
        argo.sync("web-prod", [sha("w1"), "2.6.2"], T0 + 6 * DAY)
        # pay: a configuration repository, image tags
        self.commit("pay", "p0", None, T0 + 2 * DAY)
        self.commit("pay", "p1", "p0", T0 + 19 * DAY)
        self.commit("pay", "p2", "p1", T0 + 29 * DAY)
        gh.set_branch("pay", "main", sha("p0"))
        argo.add_app("pay-prod", "https://github.com/acme/pay-deploy.git")
        argo.sync("pay-prod", sha("d0"), T0 + 3 * DAY)
        argo.set_images("pay-prod", ["ghcr.io/acme/pay:1.0-" + sha("p0"), "redis:7"])
        # ops: first life
        self.commit("ops", "o0", None, T0 + DAY)
        self.commit("ops", "o1", "o0", T0 + 7 * DAY)
        self.commit("ops", "o2", "o1", T0 + 24 * DAY)
        gh.set_branch("ops", "main", sha("o1"))
        argo.add_app("ops-prod", "https://github.com/acme/ops.git", uid="ops-1")
        argo.sync("ops-prod", sha("o0"), T0 + 2 * DAY)
        argo.sync("ops-prod", sha("o1"), T0 + 8 * DAY)
        # unmapped, and the reference bodies
        argo.add_app("legacy-prod", "https://gitlab.com/other/legacy.git")
        argo.sync("legacy-prod", sha("l0"), T0 + 4 * DAY)
        argo.add_reference_apps()
        # PagerDuty
        pd.add("PT00001", 1, "PSHOP01", T0 + 3 * DAY + 2 * HOUR, T0 + 3 * DAY + 5 * HOUR)
        pd.add("PT00002", 2, "PSHOP01", T0 + 3 * DAY + 3 * HOUR, T0 + 3 * DAY + 4 * HOUR, merged_into="PT00001")
        pd.add("PT00003", 3, "PSHOP01", T0 + 9 * DAY, T0 + 9 * DAY + 20 * HOUR, urgency="low")
        pd.add("PT00004", 4, "PSHOP01", T0 + 12 * DAY + 6 * HOUR)
        pd.add("PT00099", 99, "POTHER9", T0 + 13 * DAY)          # a service nobody maps: never asked for
        pd.rate_limit(1)

    def between_nights(self):
        gh, argo, pd = self.gh, self.argo, self.pd
        gh.set_branch("shop", "main", sha("c4"))
        argo.sync("shop-prod", sha("c4"), T0 + 16 * DAY)
        for i in range(5, 19):
            argo.sync("cart-prod", sha("k%d" % i), cart_sync(i))
        gh.set_branch("cart", "main", sha("k18"))
        argo.sync("web-prod", [sha("w1"), "2.6.3"], T0 + 20 * DAY)
        argo.sync("pay-prod", sha("d1"), T0 + 20 * DAY)
        argo.set_images("pay-prod", ["ghcr.io/acme/pay:1.1-" + sha("p1")])
        argo.sync("pay-prod", sha("d2"), T0 + 30 * DAY)
        argo.set_images("pay-prod", ["ghcr.io/acme/pay:1.2-" + sha("p2")])
        gh.set_branch("pay", "main", sha("p2"))
        argo.recreate("ops-prod", "ops-2")
        argo.sync("ops-prod", sha("o1"), T0 + 15 * DAY)
        argo.sync("ops-prod", sha("o2"), T0 + 25 * DAY)
        gh.set_branch("ops", "main", sha("o2"))
        pd.resolve("PT00004", T0 + 20 * DAY)
        pd.add("PT00005", 5, "PWEB001", T0 + 20 * DAY + HOUR, T0 + 20 * DAY + 2 * HOUR)

    def query(self, sql, *args):
        con = sqlite3.connect(self.h.db)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def detail(self, name, scope):
        (d,), = self.query("SELECT detail FROM metric_values WHERE metric = ? AND scope = ? AND period = '2026-Q3'",
                           name, scope)
        return json.loads(d)

    def collect(self, now):
        r = self.h.run("-v", "collect", now=now)
        self.assertExit(r, 0)
        return r

    # ---- the test ------------------------------------------------------------------------------
    def test_two_nights_then_the_four_keys(self):
        r = self.collect(iso(N1))
        self.assertIn("argocd: 10 applications", r.err)
        self.assertIn("rate limit (429)", r.err)
        # the reference application whose history starts at id 14: 14 syncs before the first collection
        self.assertIn("'velero-test': 14 syncs were lost", r.err)
        self.assertIn("map to no service", r.err)
        for name in ("legacy-prod", "test-app", "velero-test", "bluecopa-dcd-gitsensor-bcopa-dcd"):
            self.assertIn(name, r.err)
        # shop-staging is not production: listed, never read
        self.assertNotIn("/api/v1/applications/shop-staging", self.argo.requests())
        # the failed sync is a failed deployment; the re-sync is no deployment
        rows = self.query("SELECT conclusion, success FROM dora_deployments WHERE app = 'shop-prod' ORDER BY deployed_at")
        self.assertEqual(rows, [("success", 1), ("success", 1), ("success", 1), ("failure", 0)])
        # the reference bodies as they are: test-app's second entry re-syncs the same revision
        self.assertEqual(self.query("SELECT history_id, resync FROM argocd_syncs WHERE app = 'test-app' ORDER BY 1"),
                         [(0, 0), (1, 1)])
        self.assertEqual(self.query("SELECT phase FROM argocd_syncs WHERE app LIKE 'bluecopa%'"), [("Failed",)])
        # PagerDuty: P4 is open; the merged and the low-urgency ones are no DORA incidents
        self.assertEqual(self.query("SELECT ref FROM dora_incidents ORDER BY ref"), [("PT00001",), ("PT00004",)])
        self.assertEqual(self.query("SELECT id FROM pagerduty_incidents WHERE resolved_at IS NULL"), [("PT00004",)])
        pd_list = [p for p in self.pd.requests() if p.startswith("/incidents?")]
        self.assertTrue(all("time_zone=UTC" in p and "limit=100" in p for p in pd_list), pd_list)
        self.assertNotIn("POTHER9", "".join(pd_list))

        self.between_nights()
        self.pd.fx.reset_log()
        r = self.collect(NOW)
        self.assertIn("'cart-prod': 4 syncs were lost (history ids 5 to 8) since the last collection", r.err)
        self.assertNotIn("'ops-prod': ", r.err.split("argocd: 10 applications")[0].split("syncs were lost")[0][-40:])
        self.assertEqual(self.query("SELECT app, after_id, before_id, lost FROM argocd_gaps WHERE app <> 'velero-test'"),
                         [("cart-prod", 4, 9, 4)])
        # P4 was created before the night's window: it is asked again by id and is resolved now
        self.assertIn("/incidents/PT00004", self.pd.requests())
        self.assertEqual(self.query("SELECT closed_at - opened_at FROM dora_incidents WHERE ref = 'PT00004'"),
                         [(7 * DAY + 18 * HOUR,)])
        # the re-created ops-prod: its first entry re-syncs o1; both lives deploy acme/ops
        self.assertEqual(self.query("SELECT app_uid, history_id, resync FROM argocd_syncs WHERE app = 'ops-prod' "
                                    "ORDER BY deployed_at"),
                         [("ops-1", 0, 0), ("ops-1", 1, 0), ("ops-2", 0, 1), ("ops-2", 1, 0)])
        # pay: the configuration repository's revisions lead to the application commits in the image tags
        self.assertEqual(self.query("SELECT sha, changes, n_changes FROM dora_deployments WHERE app = 'pay-prod' "
                                    "ORDER BY deployed_at"),
                         [(sha("p0"), "seed", 0), (sha("d1"), "no_lead_time_source", 0), (sha("p2"), "graph", 2)])
        # web: the chart bump is a deployment that ships no application change
        self.assertEqual(self.query("SELECT changes FROM dora_deployments WHERE app = 'web-prod' ORDER BY deployed_at"),
                         [("seed",), ("graph",), ("redeploy",)])

        r = self.h.run("compute", "--period", "2026-Q3")
        self.assertExit(r, 0)
        doc = self.h.export("2026-Q3", "--scope", "all")
        self.check_q3(doc)

        st = self.h.run("status")
        self.assertExit(st, 0)
        self.assertIn("argocd: cart-prod (acme/cart): 4 syncs lost between collections, from %s to %s"
                      % (iso(cart_sync(4)), iso(cart_sync(9))), st.out)
        self.assertIn("argocd: velero-test (unmapped): 14 syncs lost before the first collection", st.out)
        self.assertIn("production application 'legacy-prod' maps to no service", st.out)
        teams = self.h.run("teams")
        self.assertExit(teams, 0)
        self.assertIn("map to no service", teams.out)
        self.assertIn("legacy-prod", teams.out)

        # the report says where each key came from, and what DORA left out
        rep = self.h.run("report", "--period", "2026-Q3", "--format", "html")
        self.assertExit(rep, 0)
        with open(self.h.path("out", "report.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertIn("deployment_frequency: Argo CD sync history (re-syncs excluded) (28)", html)
        self.assertIn("failed_deployment_recovery_time: PagerDuty incidents: created_at to resolved_at (3)", html)
        self.assertIn("lead_time_for_changes: Argo CD deployments without an application commit "
                      "(no_lead_time_source) (1)", html)
        # coverage: ops-2's and shop's re-syncs (2), cart's 4 lost syncs, the merged P2 and the low-urgency P3
        self.assertRegex(html, r"Argo CD syncs</bdi>: 2 — re-syncs")
        self.assertRegex(html, r"Argo CD syncs</bdi>: 4 — lost")
        self.assertRegex(html, r"PagerDuty incidents</bdi>: 1 — merged")
        self.assertRegex(html, r"PagerDuty incidents</bdi>: 1 — of an urgency")

    # ---- faults ---------------------------------------------------------------------------------
    def test_tokens_permissions_and_malformed_bodies(self):
        h = self.h
        r = h.run("collect", "argocd", env={"ARGOCD_TOKEN": "wrong-token"})
        self.assertNotEqual(r.code, 0, r)
        self.assertIn("HTTP 401", r.err)
        self.assertIn("'argocd.token'", r.err)
        self.assertIn("argocd account generate-token", r.err)
        self.assertNotIn("wrong-token", r.err)
        self.assertIn("token '***' is malformed", r.err)
        self.assertEqual(self.query("SELECT COUNT(*) FROM collection_runs WHERE message LIKE '%wrong-token%'"), [(0,)])
        r = h.run("collect", "pagerduty", env={"PAGERDUTY_TOKEN": "wrong-key"})
        self.assertNotEqual(r.code, 0, r)
        self.assertIn("HTTP 401", r.err)
        self.assertIn("'pagerduty.token'", r.err)
        self.assertExit(h.run("collect", "catalog"), 0)
        self.argo.fx.inject(r"/api/v1/applications/shop-prod", "html")
        r = h.run("collect", "argocd")
        self.assertNotEqual(r.code, 0, r)
        self.assertIn("%s/api/v1/applications/shop-prod" % self.argo.base_url, r.err)
        # what was read before stays; the next run goes on
        r = h.run("collect", "argocd")
        self.assertExit(r, 0)
        # four history entries and the failed sync
        self.assertEqual(self.query("SELECT COUNT(*) FROM argocd_syncs WHERE app = 'shop-prod'"), [(5,)])

    def test_forbidden_application(self):
        self.argo.forbid_get = {"ops-prod"}
        self.assertExit(self.h.run("collect", "catalog"), 0)
        r = self.h.run("collect", "argocd")
        self.assertNotEqual(r.code, 0, r)
        self.assertIn("HTTP 403", r.err)
        self.assertIn("applications, get", r.err)

    def test_killed_collection_resumes(self):
        import signal
        h = self.h
        self.assertExit(h.run("collect", "catalog", now=iso(N1)), 0)
        self.assertExit(h.run("collect", "github", now=iso(N1)), 0)
        gate = self.argo.fx.gate_request(5)
        proc = h.start("collect", "argocd", now=iso(N1))
        try:
            self.assertTrue(gate.wait(), "the fifth Argo CD request never came")
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
            gate.release()
        self.assertEqual(self.query("PRAGMA integrity_check"), [("ok",)])
        half = self.query("SELECT COUNT(*) FROM argocd_syncs")[0][0]
        r = h.run("collect", "argocd", now=iso(N1))
        self.assertExit(r, 0)
        self.assertIn("never finished", r.err)
        rows = self.query("SELECT app_uid, history_id, revision, resync, phase FROM argocd_syncs ORDER BY 1, 2, 5")
        self.assertGreater(len(rows), half)
        # the same as one uninterrupted collection into a fresh database
        other = self.home()
        with open(h.config, encoding="utf-8") as f:
            other.write_config(f.read())
        other.env.update(h.env)
        for src in ("catalog", "github", "argocd"):
            self.assertExit(other.run("collect", src, now=iso(N1)), 0)
        con = sqlite3.connect(other.db)
        try:
            want = con.execute("SELECT app_uid, history_id, revision, resync, phase FROM argocd_syncs "
                               "ORDER BY 1, 2, 5").fetchall()
            want_d = con.execute("SELECT repo, sha, success, changes FROM dora_deployments ORDER BY 1, 2").fetchall()
        finally:
            con.close()
        self.assertEqual(rows, want)
        self.assertEqual(self.query("SELECT repo, sha, success, changes FROM dora_deployments ORDER BY 1, 2"), want_d)

    def test_doctor(self):
        # busy-prod syncs every 6 hours and keeps 3 entries: the nightly run will lose history
        self.argo.add_app("busy-prod", "https://github.com/acme/cart.git", limit=3)
        for i in range(5):
            self.argo.sync("busy-prod", sha("k%d" % i), T0 + i * 6 * HOUR)
        self.assertExit(self.h.run("collect", "catalog", now=iso(N1)), 0)
        r = self.h.run("doctor")                          # the 429 waiting in the fixture: a warning
        self.assertRegex(r.out, r"WARN +pagerduty incidents .*429")
        r = self.h.run("doctor")
        self.assertRegex(r.out, r"OK +argocd applications +11 applications readable, 10 production")
        self.assertRegex(r.out, r"WARN +argocd mapping .*legacy-prod")
        self.assertRegex(r.out, r"WARN +argocd history .*busy-prod \(4 syncs a day, history of 3\)")
        self.assertRegex(r.out, r"WARN +argocd mapping +4 production applications map to no service")
        self.assertRegex(r.out, r"OK +argocd annotations +2 catalog components name an application")
        self.assertRegex(r.out, r"OK +pagerduty services +1 catalog components name a service")
        self.assertRegex(r.out, r"OK +pagerduty incidents")
        self.assertNotIn(self.argo.token, r.out + r.err)
        self.assertNotIn(self.pd.token, r.out + r.err)
        r = self.h.run("doctor", env={"ARGOCD_TOKEN": "nope"})
        self.assertRegex(r.out, r"FAIL +argocd applications .*401.*'argocd.token'")

    def check_q3(self, doc):
        def v(name, scope="org"):
            m = metric(doc, name, scope)
            self.assertIsNotNone(m, (name, scope))
            return m

        # shop: id0, id1, id3, id4 (id2 re-sync; the failed sync is no success).
        #   leads c1 48, c2 24, c3 192, c4 72 -> p50 (48+72)/2 = 60; p90 h = 3*.9 = 2.7: 72 + .7*120 = 156.
        #   incidents P1 (3 h, on id1) and P4 (186 h, on id3): CFR 2/4; recovery p50 (3+186)/2 = 94.5.
        shop = [24, 48, 72, 192]
        self.assertEqual(v("deployments", "service:shop")["value"], 4)
        self.assertAlmostEqual(v("deployment_frequency_per_week", "service:shop")["value"], 4 / W)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:shop")["value"], 60)
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours", "service:shop")["value"], 156)
        self.assertAlmostEqual(percentile(shop, 0.9), 156)
        self.assertAlmostEqual(v("change_failure_rate", "service:shop")["value"], 0.5)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours", "service:shop")["value"], 94.5)
        self.assertEqual(v("incidents", "service:shop")["value"], 2)
        # cart: 15 deployments seen (ids 0-4, 9-18), 4 lost: frequency flagged incomplete.
        #   leads: ids 1-4 24 h each; id9 ships k5..k9: 216, 168, 120, 72, 24; ids 10-18 24 h each.
        #   18 values, 14 of 24 -> p50 24; p90 h = 17*.9 = 15.3: 120 + .3*48 = 134.4.
        cart = [24] * 14 + [72, 120, 168, 216]
        self.assertEqual(v("deployments", "service:cart")["value"], 15)
        freq = v("deployment_frequency_per_week", "service:cart")
        self.assertAlmostEqual(freq["value"], 15 / W)
        self.assertIn("incomplete", freq["flags"])
        self.assertEqual(self.detail("deployment_frequency_per_week", "service:cart")["lost_syncs"], 4)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:cart")["value"], 24)
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours", "service:cart")["value"], 134.4)
        self.assertAlmostEqual(percentile(cart, 0.9), 134.4)
        self.assertAlmostEqual(v("change_failure_rate", "service:cart")["value"], 0)
        # web: 3 deployments (the chart bump counts), one change (w1, 24 h); P5 on id2: CFR 1/3, recovery 1 h.
        self.assertEqual(v("deployments", "service:web")["value"], 3)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:web")["value"], 24)
        self.assertAlmostEqual(v("change_failure_rate", "service:web")["value"], 1 / 3)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours", "service:web")["value"], 1)
        # pay: 3 deployments; changes p1 264 h and p2 24 h -> p50 144; one deployment without a lead time source.
        self.assertEqual(v("deployments", "service:pay")["value"], 3)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:pay")["value"], 144)
        self.assertEqual(self.detail("lead_time_for_changes_p50_hours", "service:pay")["no_lead_time_source"], 1)
        # ops: o0 (first), o1, o2 (the re-created app's re-sync of o1 is none) -> 3; leads 24, 24.
        self.assertEqual(v("deployments", "service:ops")["value"], 3)
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "service:ops")["value"], 24)
        # team-a: shop 4 + cart 15 = 19; frequency median (4/W, 15/W) = 9.5/W; CFR 2/19;
        #   leads shop + cart (22 values: fifteen 24s, 48, 72, 72, 120, 168, 192, 216): p50 24,
        #   p90 h = 21*.9 = 18.9: 120 + .9*48 = 163.2; recovery (3, 186): 94.5.
        self.assertEqual(v("deployments", "team:team-a")["value"], 19)
        fa = v("deployment_frequency_per_week", "team:team-a")
        self.assertAlmostEqual(fa["value"], 9.5 / W)
        self.assertIn("incomplete", fa["flags"])
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours", "team:team-a")["value"], 24)
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours", "team:team-a")["value"], 163.2)
        self.assertAlmostEqual(percentile(shop + cart, 0.9), 163.2)
        self.assertAlmostEqual(v("change_failure_rate", "team:team-a")["value"], 2 / 19)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours", "team:team-a")["value"], 94.5)
        # team-b: web 3, pay 3, ops 3 = 9; frequency median 3/W; CFR 1/9; leads 24, 24, 264, 24, 24:
        #   p50 24, p90 h = 4*.9 = 3.6: 24 + .6*240 = 168; recovery 1.
        self.assertEqual(v("deployments", "team:team-b")["value"], 9)
        fb = v("deployment_frequency_per_week", "team:team-b")
        self.assertAlmostEqual(fb["value"], 3 / W)
        self.assertNotIn("incomplete", fb["flags"] or [])
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours", "team:team-b")["value"], 168)
        self.assertAlmostEqual(v("change_failure_rate", "team:team-b")["value"], 1 / 9)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours", "team:team-b")["value"], 1)
        # org: 28 deployments; frequency median of (4, 15, 3, 3, 3)/W = 3/W; CFR 3/28;
        #   leads (27): nineteen 24s, 48, 72, 72, 120, 168, 192, 216, 264: p50 24,
        #   p90 h = 26*.9 = 23.4: 168 + .4*24 = 177.6; recovery (1, 3, 186): 3; 3 incidents.
        self.assertEqual(v("deployments")["value"], 28)
        fo = v("deployment_frequency_per_week")
        self.assertAlmostEqual(fo["value"], 3 / W)
        self.assertEqual(fo["n"], 5)
        self.assertIn("incomplete", fo["flags"])
        self.assertAlmostEqual(v("lead_time_for_changes_p50_hours")["value"], 24)
        self.assertAlmostEqual(v("lead_time_for_changes_p90_hours")["value"], 177.6)
        self.assertAlmostEqual(percentile(shop + cart + [24, 24, 264, 24, 24], 0.9), 177.6)
        self.assertAlmostEqual(v("change_failure_rate")["value"], 3 / 28)
        self.assertAlmostEqual(v("failed_deployment_recovery_time_p50_hours")["value"], 3)
        self.assertEqual(v("incidents")["value"], 3)



class PagerDutyLimits(TestCase):
    """10,050 incidents created in one 6-month window: offset + limit would pass 10,000, so the window is split."""

    def setUp(self):
        self.pd = PagerDutyServer().start()
        self.addCleanup(self.pd.stop)
        self.h = self.home()
        self.h.write_config("pagerduty:\n  api_url: %s\n  token: \"${PAGERDUTY_TOKEN}\"\n"
                            "  services:\n    PBULK01: acme/bulk\n"
                            "dora:\n  incidents: pagerduty\n  since: 2026-06-01\n" % self.pd.base_url)
        self.h.env["PAGERDUTY_TOKEN"] = self.pd.token

    def test_split_at_ten_thousand(self):
        self.pd.bulk("PBULK01", 10050, T0, 10 * 60)        # every 10 minutes from T0: about 70 days
        r = self.h.run("-v", "collect", "pagerduty", now=iso(T0 + 100 * DAY))
        self.assertExit(r, 0)
        self.assertIn("1 window splits", r.err)
        con = sqlite3.connect(self.h.db)
        try:
            self.assertEqual(con.execute("SELECT COUNT(*) FROM pagerduty_incidents").fetchone(), (10050,))
            self.assertEqual(con.execute("SELECT COUNT(*), MIN(closed_at - opened_at), MAX(closed_at - opened_at) "
                                         "FROM dora_incidents WHERE source = 'pagerduty'").fetchone(), (10050, 60, 60))
        finally:
            con.close()
        offsets = [int(p.split("offset=")[1]) for p in self.pd.requests() if p.startswith("/incidents?")]
        self.assertTrue(all(o + 100 <= 10000 for o in offsets), max(offsets))
        self.assertIn(9900, offsets)


if __name__ == "__main__":
    main()
