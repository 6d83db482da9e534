"""End to end: `collect catalog` against a Backstage-shaped catalog, then every KPI per team.

The catalog below is small enough to check by hand; every expected number is worked out in the
comments (percentiles cross-checked with harness.percentile, type 7).
"""
import json
import sqlite3

from backstage_server import Backstage, epoch
from github_server import GitHubServer
from harness import TestCase, main, metric, percentile

NOW = "2026-11-27T12:00:00Z"
NOW2 = "2026-11-28T12:00:00Z"
DAY = 86400
Q3 = epoch("2026-07-06T09:00:00.250Z")
FIELDS = ("kind,metadata.namespace,metadata.name,metadata.title,metadata.annotations,metadata.tags,spec.type,"
          "spec.lifecycle,spec.system,spec.owner,spec.parent,spec.memberOf,spec.profile.displayName,relations")
GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"
CUSTOM_CI = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
CONFIG_TEAMS = "teams:\n  repositories:\n    \"acme/legacy-*\": \"group:ops/sre\"\n"


def seed_catalog(bs):
    """6 groups, 7 users, 13 components, 1 template (27 entities listed) and 2 entities of other kinds."""
    bs.add_group("engineering", type_="organization", title="Engineering")
    bs.add_group("commerce", parent="engineering", type_="business-unit")
    bs.add_group("team-a", parent="commerce", title="Team Alpha")
    bs.add_group("team-b", parent="group:default/commerce", display_name="Bravo Squad")
    # not processed: no relations, so the parent comes from spec.parent; erin is a member through spec.members
    bs.add_group("team-c", parent="commerce", members=["erin"], processed=False)
    bs.add_group("sre", namespace="ops", parent="group:default/engineering")
    bs.add_user("alice", ["team-a"])
    bs.add_user("bob", ["team-a", "group:default/team-b"])
    bs.add_user("carol", ["team-b"])
    bs.add_user("dave", ["group:ops/sre"])
    bs.add_user("erin")                                  # memberOf team-c only through the group's members
    bs.add_user("frank", ["team-a"], processed=False)   # spec.memberOf without relations
    bs.add_user("gina", ["commerce"])                   # a lead, directly in the business unit
    bs.add_component("svc-a1", owner="team-a", slug="acme/svc-a1", tags=["tier-1", "java"])
    bs.add_component("svc-a2", owner="group:default/team-a", slug="Acme/SVC-A2", lifecycle="experimental",
                     tags=["tier-2"])
    bs.add_component("svc-b1", owner="team-b", slug="acme/svc-b1", tags=["tier-1"], processed=False)
    # the relation is authoritative: spec.owner says team-a, the catalog says team-b
    bs.add_component("svc-b2", owner="team-a", slug="acme/svc-b2", tags=["tier-3"],
                     relations=[{"type": "ownedBy", "targetRef": "group:default/team-b"},
                                {"type": "partOf", "targetRef": "system:default/shop"}])
    bs.add_component("svc-sre", owner="sre", namespace="ops", slug="acme/sre-tools")
    bs.add_component("docs-site", owner="team-a")                       # no repository at all
    bs.add_component("legacy-web", owner="team-c", source_location="url:https://github.com/acme/legacy-web/tree/main/")
    bs.add_component("carol-tool", owner="user:carol", slug="acme/carol-tool")
    bs.add_component("mono-1", owner="team-a", slug="acme/monorepo")
    bs.add_component("mono-2", owner="team-a", slug="acme/monorepo")
    bs.add_component("mono-3", owner="team-b", slug="acme/monorepo")
    bs.add_component("bad-slug", owner="team-a", slug="not a slug")
    bs.add_component("ghost-svc", owner="ghost-team", slug="acme/ghost-svc")
    bs.add_template("go-service", owner="team-a", title="Go service")
    bs.add_other("API", "payments-api", type="openapi", owner="team-b")
    bs.add_other("System", "shop", owner="team-b")


def seed_tasks(bs):
    """12 scaffolder tasks in 2026-Q3 (lead times in minutes) and who owns each."""
    def task(id, repo, lead, status="completed", owner=None, output=None):
        t = bs.add_task(id, "go-service", status, Q3 + len(bs.tasks) * DAY, lead=lead, repo=repo, output=output)
        if owner is not None:
            t["spec"]["parameters"]["owner"] = owner
        return t
    task("t1", ("acme", "svc-a1"), 10)            # team-a (catalog)
    task("t2", ("acme", "SVC-A2"), 30)            # team-a (catalog; the slug is "Acme/SVC-A2")
    task("t3", ("acme", "svc-b1"), 20)            # team-b (catalog: spec.owner, no relations)
    task("t4", ("acme", "svc-b2"), 40)            # team-b (catalog: the ownedBy relation)
    task("t5", ("acme", "new-thing"), 60, owner="group:default/team-b")  # team-b (the task's owner parameter)
    task("t6", ("acme", "orphan-1"), 15)          # owner parameter names an unknown group; pattern -> unowned
    task("t7", ("acme", "legacy-x"), 25)          # teams.repositories: acme/legacy-* -> ops/sre
    task("t8", ("acme", "monorepo"), 50)          # team-a: two of its three components
    task("t9", ("acme", "carol-tool"), 5, status="failed")  # team-b: owned by carol, who is in team-b
    task("t10", ("acme", "sre-tools"), 35)        # ops/sre (catalog, namespace ops)
    task("t11", ("acme", "ghost-svc"), 45)        # ghost-team: an owner the catalog has no group for
    task("t12", None, 70, owner="Team-A", output={})  # no repository: its owner parameter, a short ref -> team-a


# 2026-Q3 per team, by hand.
#   team-a: t1 10, t2 30, t8 50, t12 70.  p50: h = 1.5 -> 40.  p95: h = 2.85 -> 50 + .85 * 20 = 67.
#   team-b: t3 20, t4 40, t5 60, t9 failed.  p50: 40.  p95: h = 1.9 -> 40 + .9 * 20 = 58.  rate 3/4.
#   ops/sre: t7 25, t10 35.  p50: 30.  p95: h = .95 -> 25 + .95 * 10 = 34.5.
#   unowned: t6 15.  ghost-team: t11 45.
#   org: 10 15 20 25 30 35 40 45 50 60 70 and t9 failed.  p50: h = 5 -> 35.  p95: h = 9.5 -> 65.
TEAMS_Q3 = {
    "team:team-a": dict(p50=40.0, p95=67.0, created=4, rate=1.0, finished=4),
    "team:team-b": dict(p50=40.0, p95=58.0, created=3, rate=0.75, finished=4),
    "team:ops/sre": dict(p50=30.0, p95=34.5, created=2, rate=1.0, finished=2),
    "team:unowned": dict(p50=15.0, p95=15.0, created=1, rate=1.0, finished=1),
    "team:ghost-team": dict(p50=45.0, p95=45.0, created=1, rate=1.0, finished=1),
    "org": dict(p50=35.0, p95=65.0, created=11, rate=11 / 12, finished=12),
}


class CatalogTest(TestCase):
    def setUp(self):
        self.srv = self.server()
        self.bs = Backstage(self.srv)

    def home_for(self, page_size=4, extra=CONFIG_TEAMS, token=None):
        h = self.home()
        h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: %d\n%s"
                       % (self.bs.base_url, page_size, extra))
        h.env["BACKSTAGE_TOKEN"] = token if token is not None else self.bs.token
        return h

    def rows(self, h, sql, *args):
        con = sqlite3.connect(h.db)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def last_run(self, h):
        return self.rows(h, "SELECT status, message, rows_written FROM collection_runs WHERE source = 'catalog' "
                            "ORDER BY id DESC LIMIT 1")[0]

    def collect(self, h, code=0, now=NOW, what="catalog"):
        r = h.run("collect", what, now=now)
        self.assertExit(r, code)
        return r

    def groups(self, h):
        return {r[0]: r[1:] for r in self.rows(h, "SELECT ref, name, title, parent_ref, members, members_total "
                                                 "FROM catalog_groups")}

    def components(self, h):
        return {r[0]: r[1:] for r in self.rows(h, "SELECT name, namespace, owner_ref, team_ref, repo, repo_from, "
                                                 "lifecycle, tier, tags, source_template FROM catalog_components")}


class Collect(CatalogTest):
    def test_pages_fields_and_snapshot(self):
        seed_catalog(self.bs)
        h = self.home_for()
        self.collect(h)
        reqs = self.bs.catalog_requests()
        # 27 entities of the four kinds in pages of 4: 7 requests
        self.assertEqual(len(reqs), 7)
        first = reqs[0].query
        self.assertEqual(first["filter"], ["kind=component", "kind=group", "kind=user", "kind=template"])
        self.assertEqual(first["fields"], [FIELDS])
        self.assertEqual(first["limit"], ["4"])
        self.assertNotIn("cursor", first)
        # later pages: the cursor as handed out (base64 with '+' or '/', so it had to be percent-encoded),
        # fields and limit, and no filter (the server ignores it there)
        self.assertEqual([r.query["cursor"][0] for r in reqs[1:]], self.bs.cursors_issued)
        for r in reqs[1:]:
            self.assertEqual(sorted(r.query), ["cursor", "fields", "limit"])
            self.assertEqual(r.query["fields"], [FIELDS])
        self.assertTrue(all("+" in c and "/" in c for c in self.bs.cursors_issued))
        for r in reqs[1:]:
            self.assertNotIn("+", r.raw_path)   # a literal '+' would reach the server as a blank
        self.assertNotIn("email", FIELDS)  # people's addresses never travel
        # groups: parents from childOf relations or spec.parent; direct members and distinct members below
        # team-a: alice, bob, frank (spec.memberOf).  team-b: bob, carol.  team-c: erin (the group's members).
        # commerce: gina directly; below it alice, bob, frank, carol, erin: 6.  engineering: 6 + dave (ops/sre).
        self.assertEqual(self.groups(h), {
            "group:default/engineering": ("engineering", "Engineering", None, 0, 7),
            "group:default/commerce": ("commerce", None, "group:default/engineering", 1, 6),
            "group:default/team-a": ("team-a", "Team Alpha", "group:default/commerce", 3, 3),
            "group:default/team-b": ("team-b", "Bravo Squad", "group:default/commerce", 2, 2),
            "group:default/team-c": ("team-c", None, "group:default/commerce", 1, 1),
            "group:ops/sre": ("sre", None, "group:default/engineering", 1, 1),
        })
        c = self.components(h)
        self.assertEqual(len(c), 13)
        self.assertEqual(c["svc-a1"][:8], ("default", "group:default/team-a", "group:default/team-a", "acme/svc-a1",
                                           "project-slug", "production", "tier-1", '["tier-1","java"]'))
        self.assertEqual(c["svc-a2"][2:4], ("group:default/team-a", "Acme/SVC-A2"))  # qualified owner, slug as written
        self.assertEqual(c["svc-b1"][2], "group:default/team-b")     # spec.owner qualified (no relations)
        self.assertEqual(c["svc-b2"][2], "group:default/team-b")     # the relation wins over spec.owner
        self.assertEqual(c["svc-sre"][:4], ("ops", "group:ops/sre", "group:ops/sre", "acme/sre-tools"))
        self.assertEqual(c["docs-site"][3:5], (None, None))
        self.assertEqual(c["legacy-web"][3:5], ("acme/legacy-web", "source-location"))
        self.assertEqual(c["carol-tool"][1:3], ("user:default/carol", "group:default/team-b"))
        self.assertEqual(c["bad-slug"][3], None)
        self.assertEqual(c["ghost-svc"][2], "group:default/ghost-team")
        self.assertEqual(self.rows(h, "SELECT ref, title, owner_ref FROM catalog_templates"),
                         [("template:default/go-service", "Go service", "group:default/team-a")])
        self.assertEqual(self.rows(h, "SELECT value FROM source_state WHERE source = 'catalog' AND key = 'users'"),
                         [("7",)])
        status, message, written = self.last_run(h)
        self.assertEqual((status, written), ("ok", 20))   # 6 groups, 13 components, 1 template
        # no people's names in the database
        with open(h.db, "rb") as f:
            data = f.read()
        for name in (b"alice", b"frank", b"gina", b"@example.com"):
            self.assertNotIn(name, data)

    def test_bad_slug_is_a_warning(self):
        seed_catalog(self.bs)
        h = self.home_for()
        r = self.collect(h)
        self.assertIn("'bad-slug': annotation github.com/project-slug 'not a slug' is not owner/name", r.err)
        self.assertEqual(self.last_run(h)[0], "ok")

    def test_repeated_page_and_changes_between_runs(self):
        seed_catalog(self.bs)
        # the second page's cursor leads back to the first page: its entities come twice, counted once
        self.bs.catalog_repeat_page(0)
        h = self.home_for()
        self.collect(h)
        self.assertEqual(len(self.bs.catalog_requests()), 8)
        self.assertEqual(len(self.components(h)), 13)
        self.assertEqual(self.groups(h)["group:default/team-a"][3:], (3, 3))
        # the next snapshot replaces this one: a removed component and a removed user disappear
        self.bs.remove_entity("Component", "svc-b2")
        self.bs.remove_entity("User", "frank")
        self.bs.add_component("svc-new", owner="team-c", slug="acme/svc-new")
        self.collect(h, now=NOW2)
        c = self.components(h)
        self.assertNotIn("svc-b2", c)
        self.assertIn("svc-new", c)
        self.assertEqual(self.groups(h)["group:default/team-a"][3:], (2, 2))
        self.assertEqual(self.rows(h, "SELECT value FROM source_state WHERE source = 'catalog' AND key = 'users'"),
                         [("6",)])

    def test_failed_listing_keeps_previous_catalog(self):
        seed_catalog(self.bs)
        h = self.home_for()
        self.collect(h)
        before = (self.groups(h), self.components(h))
        self.bs.remove_entity("Component", "svc-a1")
        # every cursor page fails: retried, then the run fails and nothing of the new listing is written
        self.bs.fail(r"/api/catalog/entities/by-query",
                     self.bs.error_reply(503, "ServiceUnavailableError", "database is busy"), times=None,
                     cursor=lambda c: c is not None)
        r = self.collect(h, code=1, now=NOW2)
        self.assertIn("HTTP 503", r.err)
        self.assertIn("/api/catalog/entities/by-query?cursor=", r.err)
        self.assertEqual((self.groups(h), self.components(h)), before)
        status, message, _ = self.last_run(h)
        self.assertEqual(status, "failed")
        self.assertIn("HTTP 503", message)

    def test_truncated_and_malformed_pages_keep_previous_catalog(self):
        seed_catalog(self.bs)
        h = self.home_for()
        self.collect(h)
        before = self.components(h)
        self.bs.remove_entity("Component", "svc-a1")
        self.bs.truncate(r"/api/catalog/entities/by-query", 30, times=None, cursor=lambda c: c is not None)
        self.collect(h, code=1, now=NOW2)
        self.assertEqual(self.components(h), before)
        self.bs.faults.clear()
        self.bs.corrupt(r"/api/catalog/entities/by-query",
                        lambda b: b.replace(b'"kind": "Group"', b'"kind": null', 1), times=None)
        r = self.collect(h, code=1, now=NOW2)
        self.assertRegex(r.err, r"by-query\?[^ ]*: entity \d+ of the page has no 'kind'")
        self.assertEqual(self.components(h), before)

    def test_empty_listing_does_not_replace_catalog(self):
        seed_catalog(self.bs)
        h = self.home_for()
        self.collect(h)
        self.bs.clear_entities()   # a permission policy hiding everything looks like this
        r = self.collect(h, code=1, now=NOW2)
        self.assertIn("returned no components and no groups, but the stored catalog has 13 components and 6 groups",
                      r.err)
        self.assertEqual(len(self.components(h)), 13)

    def test_unauthorized(self):
        seed_catalog(self.bs)
        h = self.home_for(token="wrong-token-0123456789")
        r = self.collect(h, code=1)
        self.assertIn("HTTP 401 AuthenticationError: Illegal token", r.err)
        self.assertIn("static external-access token", r.err)
        self.assertNotIn("wrong-token-0123456789", r.err)
        self.assertEqual(self.rows(h, "SELECT COUNT(*) FROM catalog_components"), [(0,)])
        self.assertEqual(self.last_run(h)[0], "failed")

    def test_old_server_without_by_query(self):
        # a Backstage from before /entities/by-query: 404 names the URL and what to check
        h = self.home_for()
        h.write_config("backstage:\n  base_url: %s/nothing-here\n  token: \"${BACKSTAGE_TOKEN}\"\n" % self.bs.base_url)
        r = self.collect(h, code=1)
        self.assertIn("/nothing-here/api/catalog/entities/by-query", r.err)
        self.assertIn("HTTP 404", r.err)


class Teams(CatalogTest):
    def compute_export(self, h, period="2026-Q3", now=NOW):
        self.assertExit(h.run("compute", "--period", period, now=now), 0)
        return h.export(period, now=now)

    def check(self, doc, scope, want):
        p50 = metric(doc, "service_creation_lead_time_p50_minutes", scope)
        self.assertIsNotNone(p50, scope)
        self.assertAlmostEqual(p50["value"], want["p50"], msg=scope)
        self.assertAlmostEqual(metric(doc, "service_creation_lead_time_p95_minutes", scope)["value"], want["p95"],
                               msg=scope)
        self.assertEqual(metric(doc, "services_created", scope)["value"], want["created"], scope)
        rate = metric(doc, "scaffolder_success_rate", scope)
        self.assertAlmostEqual(rate["value"], want["rate"], msg=scope)
        self.assertEqual(rate["n"], want["finished"], scope)

    def test_scaffolder_per_team(self):
        seed_catalog(self.bs)
        seed_tasks(self.bs)
        h = self.home_for()
        self.collect(h, what="scaffolder")
        self.collect(h)
        q3 = self.compute_export(h)
        for scope, want in TEAMS_Q3.items():
            self.check(q3, scope, want)
        self.assertAlmostEqual(TEAMS_Q3["team:team-a"]["p95"], percentile([10, 30, 50, 70], 0.95))
        self.assertAlmostEqual(TEAMS_Q3["team:team-b"]["p95"], percentile([20, 40, 60], 0.95))
        self.assertAlmostEqual(TEAMS_Q3["org"]["p95"], percentile([10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70], 0.95))
        teams = sorted({m["scope"] for m in q3["metrics"] if m["scope"].startswith("team:")})
        self.assertEqual(teams, ["team:ghost-team", "team:ops/sre", "team:team-a", "team:team-b", "team:unowned"])
        # export --scope: one team, every team, everything
        one = h.export("2026-Q3", "--scope", "team:team-b")
        self.assertEqual({m["scope"] for m in one["metrics"]}, {"team:team-b"})
        self.assertEqual(len(one["metrics"]), 4)
        kind = h.export("2026-Q3", "--scope", "team")
        self.assertEqual(sorted({m["scope"] for m in kind["metrics"]}), teams)
        everything = h.export("2026-Q3", "--scope", "all")
        self.assertEqual(everything, q3)
        self.assertIn("template:template:default/go-service", {m["scope"] for m in everything["metrics"]})
        # CSV too: the unowned team is a row like any other
        r = h.run("export", "--format", "csv", "--period", "2026-Q3", "--scope", "team:unowned")
        self.assertExit(r, 0)
        self.assertIn('services_created,2026-Q3,"team:unowned",1,count,1', r.out)
        # a catalog change re-attributes: without svc-b2's component, t4 has no team but the unowned one
        self.bs.remove_entity("Component", "svc-b2")
        self.collect(h, now=NOW2)
        q3b = self.compute_export(h, now=NOW2)
        self.check(q3b, "team:team-b", dict(p50=40.0, p95=58.0, created=2, rate=2 / 3, finished=3))
        self.check(q3b, "team:unowned", dict(p50=27.5, p95=38.75, created=2, rate=1.0, finished=2))
        self.assertAlmostEqual(percentile([15, 40], 0.95), 38.75)

    def github(self, h):
        """A GitHub organisation of 10 repositories next to the catalog; h's configuration gets both."""
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        now = epoch("2026-11-27T12:00:00Z")
        for name, golden, extra in [("svc-a1", True, {}), ("SVC-A2", False, {}), ("svc-b1", True, {}),
                                    ("svc-b2", False, {}), ("sre-tools", True, {}), ("monorepo", True, {}),
                                    ("legacy-x", False, {}), ("orphan-1", True, {}), ("orphan-2", False, {}),
                                    ("old-thing", True, {"archived": True})]:
            gh.add_repo(name, pushed_at=now - 3 * DAY, **extra)
            gh.add_workflow(name, ".github/workflows/ci.yml", GOLDEN_CI if golden else CUSTOM_CI)
        self.github_config(h, gh)
        h.env["GITHUB_TOKEN"] = gh.token
        return gh

    def github_config(self, h, gh, filters=""):
        h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n"
                       "github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
                       "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n%s%s"
                       % (self.bs.base_url, gh.api_url, CONFIG_TEAMS, filters))

    def test_adoption_per_team_and_lifecycle_filter(self):
        seed_catalog(self.bs)
        h = self.home_for()
        gh = self.github(h)
        self.collect(h)
        self.collect(h, what="github")
        q4 = self.compute_export(h, "2026-Q4")
        # by hand: team-a svc-a1 (golden), SVC-A2 (the slug Acme/SVC-A2), monorepo (golden): 2 of 3
        #          team-b svc-b1 (golden), svc-b2: 1 of 2.  ops/sre sre-tools (golden), legacy-x (pattern): 1 of 2
        #          unowned orphan-1 (golden), orphan-2, old-thing (archived: not active): 1 of 2
        want = {"org": (5, 9), "team:team-a": (2, 3), "team:team-b": (1, 2), "team:ops/sre": (1, 2),
                "team:unowned": (1, 2)}
        for scope, (golden, active) in want.items():
            rate = metric(q4, "golden_path_adoption_rate", scope)
            self.assertAlmostEqual(rate["value"], golden / active, msg=scope)
            self.assertEqual(rate["n"], active, scope)
            self.assertEqual(metric(q4, "golden_path_repos", scope)["value"], golden, scope)
            self.assertEqual(metric(q4, "active_repos", scope)["value"], active, scope)
            self.assertNotIn("filtered", rate["flags"])
        self.assertEqual(sorted(m["scope"] for m in q4["metrics"] if m["metric"] == "active_repos"), sorted(want))
        # DORA-style restriction for adoption: production components only.  SVC-A2 is experimental, and
        # repositories outside the catalog (legacy-x, the orphans) have no lifecycle: all left out.
        self.github_config(h, gh, "catalog:\n  filters:\n    adoption:\n      lifecycles: [production]\n")
        q4 = self.compute_export(h, "2026-Q4")
        want = {"org": (4, 5), "team:team-a": (2, 2), "team:team-b": (1, 2), "team:ops/sre": (1, 1)}
        for scope, (golden, active) in want.items():
            rate = metric(q4, "golden_path_adoption_rate", scope)
            self.assertAlmostEqual(rate["value"], golden / active, msg=scope)
            self.assertEqual(rate["n"], active, scope)
            self.assertIn("filtered", rate["flags"])
        self.assertIsNone(metric(q4, "active_repos", "team:unowned"))
        detail = json.loads(self.rows(h, "SELECT detail FROM metric_values WHERE metric = 'golden_path_adoption_rate' "
                                         "AND period = '2026-Q4' AND scope = 'org'")[0][0])
        self.assertEqual(detail["filter"], {"lifecycles": ["production"]})
        self.assertEqual((detail["active"], detail["golden"]), (5, 4))
        # the report says which filter applied
        r = h.run("report", "--period", "2026-Q4", "--format", "html", "--out", h.path("out"))
        self.assertExit(r, 0)
        with open(h.path("out", "report.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertIn("counts only the repositories whose catalog components match lifecycles production "
                      "(catalog.filters)", html)
        # the teams command lists who owns what, and which repositories nobody owns
        r = h.run("teams", "--repos", "--format", "csv")
        self.assertExit(r, 0)
        rows = [line.split(",") for line in r.out.strip().splitlines()]
        self.assertEqual(rows[0], ["repository", "team", "via", "in_github", "in_catalog", "archived"])
        got = {row[0].strip('"'): (row[1].strip('"'), row[2], row[3], row[4], row[5]) for row in rows[1:]}
        self.assertEqual(got["acme/svc-a1"], ("team:team-a", "catalog", "1", "1", "0"))
        self.assertEqual(got["acme/SVC-A2"], ("team:team-a", "catalog", "1", "1", "0"))   # GitHub's spelling
        self.assertEqual(got["acme/monorepo"], ("team:team-a", "catalog", "1", "1", "0"))
        self.assertEqual(got["acme/legacy-x"], ("team:ops/sre", "config", "1", "0", "0"))
        self.assertEqual(got["acme/legacy-web"], ("team:team-c", "catalog", "0", "1", "0"))  # only in the catalog
        self.assertEqual(got["acme/old-thing"], ("team:unowned", "none", "1", "0", "1"))
        self.assertEqual(len(got), 13)   # 10 on GitHub; legacy-web, carol-tool and ghost-svc only in the catalog
        r = h.run("teams")
        self.assertExit(r, 0)
        self.assertRegex(r.out, r"team:team-a +Team Alpha +team +3 +3 +3\n")
        self.assertRegex(r.out, r"team:commerce +- +business-unit +1 +6 +0\n")
        self.assertRegex(r.out, r"team:ghost-team +\(not a catalog group\) .* 1\n")
        self.assertIn("3 unowned repositories", r.out)
        self.assertIn("  acme/old-thing (archived)\n", r.out)
        r = h.run("teams", "--unowned")
        self.assertExit(r, 0)
        self.assertEqual(len([line for line in r.out.splitlines() if line.startswith("acme/")]), 3)
        # and by tier: only tier-1 production components (svc-a1, svc-b1; the monorepo has no tier tag)
        self.github_config(h, gh, "catalog:\n  filters:\n    adoption: { lifecycles: [production], tiers: [tier-1] }\n")
        q4 = self.compute_export(h, "2026-Q4")
        self.assertEqual(metric(q4, "active_repos")["value"], 2)
        self.assertAlmostEqual(metric(q4, "golden_path_adoption_rate")["value"], 1.0)

    def test_without_catalog_everything_is_unowned_or_configured(self):
        seed_tasks(self.bs)
        h = self.home_for()
        self.collect(h, what="scaffolder")
        q3 = self.compute_export(h)
        # only the teams.repositories pattern names a team; t12's owner parameter needs the catalog's group
        self.assertEqual(metric(q3, "services_created", "team:ops/sre")["value"], 1)
        self.assertEqual(metric(q3, "services_created", "team:unowned")["value"], 10)
        self.assertEqual(metric(q3, "scaffolder_success_rate", "team:unowned")["n"], 11)

    def test_survey_onboarding_and_tickets_map_to_catalog_groups(self):
        seed_catalog(self.bs)
        h = self.home_for(extra=CONFIG_TEAMS + (
            "surveys:\n  sources:\n    - path: exports/*.csv\n      score_column: nps answer\n"
            "      timestamp_column: submitted at\n      team_column: squad\n  min_team_responses: 1\n"))
        h.write("exports/q3.csv", "submitted at,squad,nps answer\n"
                                  "2026-08-03 09:00,Team Alpha,10\n"    # team-a by its title
                                  "2026-08-03 10:00,team-a,9\n"
                                  "2026-08-03 11:00, TEAM-A ,6\n"       # case and blanks do not matter
                                  "2026-08-03 12:00,Bravo Squad,10\n"   # team-b by its profile display name
                                  "2026-08-03 13:00,team-b,3\n"
                                  "2026-08-03 14:00,Ops,8\n"            # no such group: the answer itself
                                  "2026-08-03 15:00,,7\n")              # no team: the org only
        self.collect(h)
        self.collect(h, what="surveys")
        h.write("onboarding.csv", "Name,Team,Start date,First merged PR\n"
                                  "P1,Team Alpha,2026-07-01,2026-07-04\nP2,team-a,2026-07-06,2026-07-11\n"
                                  "P3,BRAVO SQUAD,2026-08-03,2026-08-11\n")
        self.assertExit(h.run("import", "onboarding", h.path("onboarding.csv")), 0)
        h.write("jira.csv", "Summary,Issue key,Created,Labels,Custom field (Team)\n"
                            "A,OPS-1,3/Jul/26 9:41 AM,infra,Team Alpha\nB,OPS-2,4/Jul/26 9:41 AM,infra,team-a\n"
                            "C,OPS-3,5/Jul/26 9:41 AM,infra,Bravo Squad\nD,OPS-4,6/Jul/26 9:41 AM,infra,Nobody\n")
        self.assertExit(h.run("import", "tickets", h.path("jira.csv")), 0)
        q3 = self.compute_export(h)
        # org: 7 responses, promoters 10 9 10, detractors 6 3: NPS 100 * (3 - 2) / 7; population: 7 users
        org = metric(q3, "developer_nps")
        self.assertAlmostEqual(org["value"], 100 / 7)
        rate = metric(q3, "survey_response_rate")
        self.assertAlmostEqual(rate["value"], 1.0)
        self.assertIn("catalog_population", rate["flags"])
        # team-a: 10 9 6 -> 100 * (2 - 1) / 3; 3 direct members answered 3 times
        self.assertAlmostEqual(metric(q3, "developer_nps", "team:team-a")["value"], 100 / 3)
        self.assertEqual(metric(q3, "nps_responses", "team:team-a")["value"], 3)
        self.assertAlmostEqual(metric(q3, "survey_response_rate", "team:team-a")["value"], 1.0)
        # team-b: 10 3 -> 0; 2 members
        self.assertAlmostEqual(metric(q3, "developer_nps", "team:team-b")["value"], 0.0)
        self.assertAlmostEqual(metric(q3, "survey_response_rate", "team:team-b")["value"], 1.0)
        # "Ops" is no catalog group: its own team, no population
        ops = metric(q3, "survey_response_rate", "team:Ops")
        self.assertIsNone(ops["value"])
        self.assertNotIn("catalog_population", ops["flags"])
        self.assertIsNone(metric(q3, "developer_nps", "team:Team Alpha"))
        # onboarding: Team Alpha and team-a are one team (3 and 5 days: median 4); Bravo Squad is team-b
        self.assertAlmostEqual(metric(q3, "onboarding_time_p50_days", "team:team-a")["value"], 4.0)
        self.assertEqual(metric(q3, "onboarding_time_p50_days", "team:team-a")["n"], 2)
        self.assertAlmostEqual(metric(q3, "onboarding_time_p50_days", "team:team-b")["value"], 8.0)
        # tickets (no infra filter: all 4 count) per month of Q3: team-a has OPS-1 and OPS-2 under two spellings
        self.assertAlmostEqual(metric(q3, "infra_tickets_per_month")["value"], 4 / 3)
        self.assertAlmostEqual(metric(q3, "infra_tickets_per_month", "team:team-a")["value"], 2 / 3)
        self.assertAlmostEqual(metric(q3, "infra_tickets_per_month", "team:team-b")["value"], 1 / 3)
        self.assertAlmostEqual(metric(q3, "infra_tickets_per_month", "team:Nobody")["value"], 1 / 3)
        self.assertEqual(sorted(m["scope"] for m in q3["metrics"] if m["metric"] == "infra_tickets_per_month"),
                         ["org", "team:Nobody", "team:team-a", "team:team-b"])

    def test_configured_population_wins(self):
        seed_catalog(self.bs)
        h = self.home_for(extra=(
            "surveys:\n  sources:\n    - path: exports/*.csv\n      score_column: nps answer\n"
            "      timestamp_column: submitted at\n      team_column: squad\n      population: { default: 20 }\n"
            "  min_team_responses: 1\n"))
        h.write("exports/q3.csv", "submitted at,squad,nps answer\n2026-08-03 09:00,team-a,10\n"
                                  "2026-08-03 10:00,team-a,9\n")
        self.collect(h)
        self.collect(h, what="surveys")
        q3 = self.compute_export(h)
        rate = metric(q3, "survey_response_rate")
        self.assertAlmostEqual(rate["value"], 2 / 20)
        self.assertNotIn("catalog_population", rate["flags"])
        # a team's size still comes from the catalog: team-a has 3 direct members
        team = metric(q3, "survey_response_rate", "team:team-a")
        self.assertAlmostEqual(team["value"], 2 / 3)
        self.assertIn("catalog_population", team["flags"])


class Demo(TestCase):
    def test_demo_has_teams_and_unowned(self):
        h = self.home()
        r = h.run("demo", "--out", h.path("out"), config=False, db=False)
        self.assertExit(r, 0)
        con = sqlite3.connect(h.path("out", "demo.db"))
        try:
            groups = con.execute("SELECT name, parent_ref, members FROM catalog_groups WHERE type = 'team' "
                                 "ORDER BY name").fetchall()
            comps = con.execute("SELECT COUNT(*), COUNT(DISTINCT team_ref) FROM catalog_components").fetchone()
            lifecycles = {r[0] for r in con.execute("SELECT DISTINCT lifecycle FROM catalog_components")}
            tiers = {r[0] for r in con.execute("SELECT DISTINCT tier FROM catalog_components")}
            users = con.execute("SELECT value FROM source_state WHERE source = 'catalog' AND key = 'users'").fetchone()
        finally:
            con.close()
        self.assertEqual([g[0] for g in groups], ["checkout", "data-platform", "growth", "identity", "mobile",
                                                  "payments", "platform", "search"])
        self.assertEqual({g[1] for g in groups}, {"group:default/commerce", "group:default/core"})
        self.assertEqual([g[2] for g in groups], [14, 11, 9, 8, 12, 16, 10, 12])
        self.assertEqual(users, ("94",))
        self.assertGreater(comps[0], 120)
        self.assertLess(comps[0], 150)       # some repositories have no catalog entry
        self.assertEqual(comps[1], 8)
        self.assertEqual(lifecycles, {"production", "experimental", "deprecated"})
        self.assertEqual(tiers, {"tier-1", "tier-2", "tier-3"})


if __name__ == "__main__":
    main()
