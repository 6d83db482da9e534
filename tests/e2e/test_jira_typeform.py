"""End to end: Jira tickets and incidents, Typeform responses, with no manual export.

NOW is 2026-11-27T12:00:00Z; `run` computes 2026-Q3 and 2026-Q4 (Q4 is partial: 57.5 of its 92
days have passed, 57.5 / 92 * 3 = 1.875 months).  The Jira user's time zone is Asia/Seoul (UTC+9)
and Jira writes every time in it ("2026-10-02T19:00:00.000+0900"); reporting is in UTC.

Jira tickets (project INFRA, team from components; the server pages 2 issues at a time):
  INFRA-1 2026-10-02T10:00Z payments, resolved      Q4
  INFRA-2 2026-10-10T08:00Z search                  Q4
  INFRA-3 2026-07-01T08:30+0900 = 2026-06-30T23:30Z  Q2 (read without its offset it would be Q3)
  INFRA-4 2026-11-05T12:00Z payments, open          Q4
  SUP-1   2026-10-03 (another project: not in tickets_jql)
CSV export (tickets.csv): OLD-1 2026-10-15 (Q4: Jira collected Q4 tickets, so it is ignored),
  OLD-2 2026-08-10 and OLD-3 2026-09-01 (Q3: no Jira ticket, the CSV counts).
Jira incidents (project OPS; statuses have Chinese names, only statusCategory.key is read):
  OPS-1 2026-10-05T00:00Z, component checkout, done after 3 h
  OPS-2 2026-10-12T00:00Z, label search, done after 7 h
  OPS-3 2026-10-20T00:00Z, component checkout, in progress
  OPS-4 2026-10-22T00:00Z, component unknown-svc (no such repository): not attributed, counts nowhere
  OPS-5 2026-10-25T00:00Z, component checkout, reopened: category new although a resolutiondate is set
GitHub: repositories checkout and search; checkout deploys (deploy.yml on main): c0 2026-09-20 (Q3),
  c1 2026-10-04, c2 2026-10-15, c3 2026-11-10; it also has a GitHub issue labelled incident on
  2026-11-11, which dora.incidents: jira leaves out.
Typeform form DXQ4: the NPS question is an 11-step opinion_scale starting at 0; 2,500 responses,
  response i (0..2499) submitted at 2026-10-01T00:00Z + 30 min * i with score i % 11, team payments
  (i even) or search (i odd); every 100th has a comment; page_size 1000 -> three pages.
"""
import base64
import calendar
import csv
import hashlib
import json
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from github_server import GitHubServer  # noqa: E402
from harness import NOW, Reply, TestCase, main, metric  # noqa: E402
from jira_server import JiraServer, load  # noqa: E402
from typeform_server import TypeformServer  # noqa: E402

HOUR = 3600
DAY = 86400
Q4_MONTHS = 3 * 57.5 / 92   # 1.875


def ts(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


NOW_TS = ts(NOW)
NEXT = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(NOW_TS + DAY))
TF0 = ts("2026-10-01T00:00:00Z")


def query(home, sql, *args):
    con = sqlite3.connect(home.db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


DEPLOY = "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n"


def sha(name):
    return hashlib.sha1(name.encode()).hexdigest()


def deployments(gh):
    wf = gh.add_workflow("checkout", ".github/workflows/deploy.yml", DEPLOY, name="Deploy")
    parent = []
    for name, day in (("c0", "2026-09-20"), ("c1", "2026-10-04"), ("c2", "2026-10-15"), ("c3", "2026-11-10")):
        at = ts(day + "T00:00:00Z")
        gh.add_commit("checkout", sha(name), parent, at - 6 * HOUR)
        gh.add_run("checkout", wf, sha(name), at - 600, at)
        parent = [sha(name)]
    gh.set_branch("checkout", "main", sha("c3"))
    gh.add_issue("checkout", 1, ts("2026-11-11T00:00:00Z"), ts("2026-11-11T01:00:00Z"))


def rewrite(h, old, new):
    with open(h.config, encoding="utf-8") as f:
        text = f.read()
    h.write_config(text.replace(old, new))


def jira_data(jira):
    jira.add_issue("INFRA-1", ts("2026-10-02T10:00:00Z"), resolved=ts("2026-10-03T10:00:00Z"),
                   components=["payments"], labels=["infra"])
    jira.add_issue("INFRA-2", ts("2026-10-10T08:00:00Z"), components=["search"])
    jira.add_issue("INFRA-3", ts("2026-06-30T23:30:00Z"), resolved=ts("2026-07-02T00:00:00Z"), components=["payments"])
    jira.add_issue("INFRA-4", ts("2026-11-05T12:00:00Z"), components=["payments"], category="indeterminate")
    jira.add_issue("SUP-1", ts("2026-10-03T00:00:00Z"), components=["payments"])
    jira.add_issue("OPS-1", ts("2026-10-05T00:00:00Z"), resolved=ts("2026-10-05T03:00:00Z"), components=["checkout"])
    jira.add_issue("OPS-2", ts("2026-10-12T00:00:00Z"), resolved=ts("2026-10-12T07:00:00Z"), labels=["search"])
    jira.add_issue("OPS-3", ts("2026-10-20T00:00:00Z"), components=["checkout"])
    jira.add_issue("OPS-4", ts("2026-10-22T00:00:00Z"), resolved=ts("2026-10-22T01:00:00Z"), components=["unknown-svc"])
    reopened = jira.add_issue("OPS-5", ts("2026-10-25T00:00:00Z"), resolved=ts("2026-10-25T02:00:00Z"),
                              components=["checkout"], category="new")
    assert reopened["fields"]["resolutiondate"]


def typeform_data(tf, form="DXQ4"):
    tf.nps_form(form)
    for i in range(2500):
        tf.add_response(form, "r%04d" % i, TF0 + i * 1800, score=i % 11, team="payments" if i % 2 == 0 else "search",
                        comment=("CI builds are slow (%d)" % i) if i % 100 == 0 else None,
                        name="Dana Ortiz" if i == 7 else None, email="dana.ortiz@acme.example" if i == 7 else None)
    tf.add_partial(form, "partial1", TF0 + 10 * DAY)        # started, never submitted
    tf.add_response(form, "noscore", TF0 + 11 * DAY)         # submitted without the NPS answer


class Fixtures(TestCase):
    def setUp(self):
        self.gh = GitHubServer().start()
        self.addCleanup(self.gh.stop)
        self.gh.add_repo("checkout", pushed_at=NOW_TS - DAY)
        self.gh.add_repo("search", pushed_at=NOW_TS - DAY)
        self.jira = JiraServer(mode="cloud", max_results=2).start()
        self.addCleanup(self.jira.stop)
        self.tf = TypeformServer().start()
        self.addCleanup(self.tf.stop)
        self.env = {"GITHUB_TOKEN": self.gh.token, "JIRA_TOKEN": self.jira.token, "TYPEFORM_TOKEN": self.tf.token}

    def config(self, h, jira_extra="", dora="  incidents: jira\n", surveys=None):
        if surveys is None:
            surveys = ("surveys:\n"
                       "  sources:\n"
                       "    - typeform: DXQ4\n"
                       "      token: \"${TYPEFORM_TOKEN}\"\n"
                       "      team_field: team\n"
                       "      api_url: %s\n"
                       "      population: { default: 3000 }\n"
                       "  themes:\n"
                       "    build: [ci, build]\n" % self.tf.base_url)
        h.write_config(
            "github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
            "jira:\n"
            "  base_url: %s/\n"
            "  email: platform-bot@acme.example\n"
            "  token: \"${JIRA_TOKEN}\"\n"
            "  tickets_jql: 'project = INFRA ORDER BY created ASC'\n"
            "  incidents_jql: 'project = OPS AND issuetype = Incident'\n"
            "  team_field: components\n"
            "%s"
            "dora:\n%s"
            "%s"
            "http:\n  retries: 1\n  retry_delay_ms: 10\n"
            % (self.gh.api_url, self.jira.base_url, jira_extra, dora, surveys))


class Run(Fixtures):
    def test_run_yields_tickets_nps_and_recovery(self):
        deployments(self.gh)
        jira_data(self.jira)
        typeform_data(self.tf)
        h = self.home()
        self.config(h)
        h.write("tickets.csv", "Issue key,Created,Components\nOLD-1,2026-10-15 10:00,payments\n"
                "OLD-2,2026-08-10 10:00,search\nOLD-3,2026-09-01 10:00,search\n")
        self.assertExit(h.run("import", "tickets", h.path("tickets.csv")), 0)
        r = h.run("-v", "run", env=self.env)
        self.assertExit(r, 0)
        # Cloud: search/jql only, never the removed /search (which answers 410 here)
        self.assertEqual(self.jira.gone_hits, 0)
        self.assertTrue(all(p == "/rest/api/3/search/jql" for p, _ in self.jira.search_log))
        # only the fields the KPIs need are asked for
        fields = set(self.jira.search_log[0][1]["fields"][0].split(","))
        self.assertEqual(fields, {"created", "updated", "resolutiondate", "statuscategorychangedate", "status",
                                  "issuetype", "components", "labels"})
        # pages by token: 4 INFRA tickets at 2 a page = 2 requests, 5 OPS issues = 3 requests
        self.assertEqual(len(self.jira.search_log), 5, self.jira.search_log)
        self.assertEqual(sum(1 for p, q in self.jira.search_log if "nextPageToken" in q), 3)
        self.assertTrue(all("updated >=" not in j for j in self.jira.jql_log), self.jira.jql_log)

        q4 = h.export("2026-Q4")
        q3 = h.export("2026-Q3")
        # --- infra tickets per month -------------------------------------------------------------
        # Q4: INFRA-1, INFRA-2, INFRA-4 from Jira; OLD-1 (CSV) ignored because Jira has Q4 tickets
        # = 3 tickets / 1.875 months = 1.6
        t = metric(q4, "infra_tickets_per_month")
        self.assertEqual(t["n"], 3)
        self.assertAlmostEqual(t["value"], 3 / Q4_MONTHS)
        self.assertAlmostEqual(metric(q4, "infra_tickets_per_month", "team:payments")["value"], 2 / Q4_MONTHS)
        self.assertAlmostEqual(metric(q4, "infra_tickets_per_month", "team:search")["value"], 1 / Q4_MONTHS)
        # Q3: no Jira ticket (INFRA-3 is 2026-06-30T23:30Z, Q2): the CSV's OLD-2 and OLD-3 = 2 / 3 months
        t = metric(q3, "infra_tickets_per_month")
        self.assertEqual(t["n"], 2)
        self.assertAlmostEqual(t["value"], 2 / 3)
        self.assertEqual(query(h, "SELECT issue_key, source, team, resolved_at FROM tickets ORDER BY issue_key"),
                         [("INFRA-1", "jira", "payments", ts("2026-10-03T10:00:00Z")),
                          ("INFRA-2", "jira", "search", None),
                          ("INFRA-3", "jira", "payments", ts("2026-07-02T00:00:00Z")),
                          ("INFRA-4", "jira", "payments", None),
                          ("OLD-1", "csv", None, None),
                          ("OLD-2", "csv", None, None), ("OLD-3", "csv", None, None)])
        self.assertEqual(query(h, "SELECT created_at FROM tickets WHERE issue_key = 'INFRA-3'"),
                         [(ts("2026-06-30T23:30:00Z"),)])

        # --- Jira incidents: DORA recovery time ---------------------------------------------------
        rows = query(h, "SELECT ref, repo, opened_at, closed_at, source FROM dora_incidents ORDER BY ref")
        self.assertEqual(rows, [
            ("OPS-1", "acme/checkout", ts("2026-10-05T00:00:00Z"), ts("2026-10-05T03:00:00Z"), "jira"),
            ("OPS-2", "acme/search", ts("2026-10-12T00:00:00Z"), ts("2026-10-12T07:00:00Z"), "jira"),
            ("OPS-3", "acme/checkout", ts("2026-10-20T00:00:00Z"), None, "jira"),
            ("OPS-5", "acme/checkout", ts("2026-10-25T00:00:00Z"), None, "jira")])   # reopened: open
        self.assertIn("1 incident names no GitHub repository or catalog component", r.err)
        self.assertIn("OPS-4", r.err)
        # recovery p50 over the closed ones: median(3 h, 7 h) = 5 h; incidents: OPS-1, 2, 3, 5 = 4
        rec = metric(q4, "failed_deployment_recovery_time_p50_hours")
        self.assertAlmostEqual(rec["value"], 5.0)
        self.assertEqual(metric(q4, "incidents")["value"], 4)
        # change failure rate: Q4 deployments of checkout c1 (10-04), c2 (10-15), c3 (11-10); OPS-1 (10-05) is
        # 1 day after c1, OPS-3 (10-20) 5 days after c2, OPS-5 (10-25) 10 days after c2: outside the 7-day
        # window; the GitHub issue of 11-11 (1 day after c3) is not an incident with dora.incidents: jira
        # = 2 failed / 3 deployments
        cfr = metric(q4, "change_failure_rate")
        self.assertAlmostEqual(cfr["value"], 2 / 3)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM dora_incidents WHERE source = 'github'"), [(0,)])
        status = h.run("status").out
        self.assertRegex(status, r"\njira +2026-11-27T12:00:00Z ok .* 9\n")  # 4 tickets + 5 incidents stored

        # --- Typeform: NPS from 2,500 responses over three pages ---------------------------------
        pages = [q for p, q in self.tf.log if p.endswith("/responses")]
        self.assertEqual(len(pages), 3)
        # 2,501 submitted (one has no NPS answer), newest first: r2499..r1500, then r1499..r0501 with
        # "noscore" among them, then the remaining 501; each next page is "before" the last token
        self.assertEqual([q.get("before", [None])[0] for q in pages], [None, "r1500", "r0501"])
        self.assertTrue(all(q["page_size"] == ["1000"] and q["completed"] == ["true"] for q in pages))
        self.assertTrue(all("since" not in q for q in pages))
        # scores i % 11 for i in 0..2499: 2500 = 11 * 227 + 3, so 0, 1 and 2 occur 228 times, the others 227
        # promoters (9, 10) 2 * 227 = 454; detractors (0..6) 3 * 228 + 4 * 227 = 1592; passives 454
        # NPS = (454 - 1592) / 2500 * 100 = -45.52
        nps = metric(q4, "developer_nps")
        self.assertAlmostEqual(nps["value"], -45.52, places=2)
        self.assertEqual(nps["n"], 2500)
        self.assertAlmostEqual(metric(q4, "nps_promoters_rate")["value"], 454 / 2500, places=4)
        # margin (adjusted Wald, finite population 3000): p' = 454.75 / 2503, d' = 1592.75 / 2503, s = p' - d',
        # var = (p' + d' - s^2) / 2503 * (3000 - 2500) / 2999; margin = 1.96 * 100 * sqrt(var) = 1.2507
        pa, da = 454.75 / 2503, 1592.75 / 2503
        var = (pa + da - (pa - da) ** 2) / 2503 * (3000 - 2500) / 2999
        self.assertAlmostEqual(metric(q4, "nps_margin_of_error")["value"], 1.959963984540054 * 100 * var ** 0.5, places=3)
        self.assertAlmostEqual(metric(q4, "nps_margin_of_error")["value"], 1.2507, places=3)
        # response rate: 2500 / population 3000
        self.assertAlmostEqual(metric(q4, "survey_response_rate")["value"], 2500 / 3000, places=4)
        for team, parity in (("payments", 0), ("search", 1)):
            scores = [i % 11 for i in range(2500) if i % 2 == parity]
            p = sum(1 for s in scores if s >= 9)
            d = sum(1 for s in scores if s <= 6)
            self.assertAlmostEqual(metric(q4, "developer_nps", "team:" + team)["value"],
                                   (p - d) / len(scores) * 100, places=2)
        # the partial response (never submitted) and the one without a score are not stored
        self.assertEqual(query(h, "SELECT COUNT(*), MIN(format), MIN(file), MAX(file) FROM survey_responses"),
                         [(2500, "typeform", "typeform:DXQ4", "typeform:DXQ4")])
        self.assertEqual(query(h, "SELECT COUNT(*) FROM survey_responses WHERE comment IS NOT NULL"), [(25,)])
        # themes as from files: the 25 comments (i = 100 k, k = 0..24) all say "CI builds are slow"; their
        # score is (100 k) % 11 = k % 11 (100 = 9 * 11 + 1): k = 0..10, 11..21, 22..24 give 7 + 7 + 3 = 17
        # scores of 0 to 6, the detractors
        d = json.loads(query(h, "SELECT detail FROM metric_values WHERE metric = 'developer_nps' "
                                "AND period = '2026-Q4' AND scope = 'org'")[0][0])
        self.assertEqual([(t["theme"], t["respondents"], t["detractors"]) for t in d["themes"]], [("build", 25, 17)])
        with open(h.db, "rb") as f:
            data = f.read()
        for secret in (b"Dana Ortiz", b"dana.ortiz@acme.example", self.tf.token.encode(), self.jira.token.encode()):
            self.assertNotIn(secret, data)
        self.assertNotIn(self.jira.token, r.err + r.out)
        # the report says where the responses came from
        self.assertExit(h.run("report", "--period", "2026-Q4", "--format", "html,csv", "--out", h.path("rep")), 0)
        with open(h.path("rep", "report.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertRegex(html, r"<dt>Source</dt>\s*<dd>typeform:DXQ4</dd>")
        with open(h.path("rep", "csv", "survey_responses.csv"), encoding="utf-8-sig", newline="") as f:
            sheet = list(csv.reader(f))
        self.assertEqual(sheet[0][-2:], ["format", "source"])
        self.assertEqual({tuple(row[-2:]) for row in sheet[1:]}, {("typeform", "typeform:DXQ4")})
        self.assertEqual(len(sheet), 2501)

    def test_second_night_is_incremental_in_the_users_zone(self):
        jira_data(self.jira)
        typeform_data(self.tf)
        h = self.home()
        self.config(h)
        self.assertExit(h.run("collect", "jira", env=self.env), 0)
        self.assertExit(h.run("collect", "surveys", env=self.env), 0)
        self.jira.jql_log.clear()
        self.tf.log.clear()
        # a day later INFRA-4 is resolved; a new response arrives
        issue = next(i for i in self.jira.issues if i["key"] == "INFRA-4")
        self.jira.issues.remove(issue)
        self.jira.add_issue("INFRA-4", ts("2026-11-05T12:00:00Z"), resolved=NOW_TS + HOUR, components=["payments"])
        self.tf.add_response("DXQ4", "r2500", NOW_TS + HOUR, score=10, team="search")
        self.assertExit(h.run("collect", "jira", now=NEXT, env=self.env), 0)
        self.assertExit(h.run("collect", "surveys", now=NEXT, env=self.env), 0)
        # the last run (NOW) minus a day = 2026-11-26T12:00Z, written in Asia/Seoul: 2026-11-26 21:00
        self.assertEqual(self.jira.jql_log[0],
                         '(project = INFRA) AND updated >= "2026-11-26 21:00" ORDER BY created ASC')
        self.assertIn('(project = OPS AND issuetype = Incident) AND updated >= "2026-11-26 21:00" ORDER BY key ASC',
                      self.jira.jql_log)
        self.assertEqual(query(h, "SELECT resolved_at FROM tickets WHERE issue_key = 'INFRA-4'"), [(NOW_TS + HOUR,)])
        # Typeform: since the newest response (i = 2499: 2026-10-01 + 1249.5 h = 2026-11-22T01:30Z) minus an hour
        pages = [q for p, q in self.tf.log if p.endswith("/responses")]
        self.assertEqual(pages[0]["since"], ["2026-11-22T00:30:00"])
        self.assertEqual(len(pages), 1)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM survey_responses"), [(2501,)])

    def test_changed_jql_reads_everything_again(self):
        jira_data(self.jira)
        h = self.home()
        self.config(h, surveys="")
        self.assertExit(h.run("collect", "jira", env=self.env), 0)
        rewrite(h, "project = INFRA ORDER", "project in (INFRA, SUP) ORDER")
        self.jira.jql_log.clear()
        self.assertExit(h.run("collect", "jira", now=NEXT, env=self.env), 0)
        self.assertEqual(self.jira.jql_log[0], "project in (INFRA, SUP) ORDER BY created ASC")
        self.assertEqual(query(h, "SELECT COUNT(*) FROM tickets WHERE source = 'jira'"), [(5,)])
        # a narrower query: a full read again, and the tickets it no longer matches are dropped
        rewrite(h, "project in (INFRA, SUP) ORDER", "project = SUP ORDER")
        self.assertExit(h.run("collect", "github", now=NEXT, env=self.env), 0)  # the repositories incidents name
        r = h.run("-v", "collect", "jira", now=NEXT, env=self.env)
        self.assertExit(r, 0)
        self.assertIn("jira: tickets: 4 stored no longer match the query and were dropped", r.err)
        self.assertEqual(query(h, "SELECT issue_key FROM tickets WHERE source = 'jira'"), [("SUP-1",)])
        # the incidents query changes too: OPS-1 and OPS-2 only; the others leave DORA
        rewrite(h, "project = OPS AND issuetype = Incident", "project = OPS AND key in (OPS-1, OPS-2)")
        self.jira.issues = [i for i in self.jira.issues if i["key"] not in ("OPS-3", "OPS-4", "OPS-5")]
        self.assertExit(h.run("collect", "jira", now=NEXT, env=self.env), 0)
        self.assertEqual(query(h, "SELECT ref FROM dora_incidents ORDER BY ref"), [("OPS-1",), ("OPS-2",)])
        self.assertEqual(query(h, "SELECT COUNT(*) FROM jira_incidents"), [(2,)])


class Doctor(Fixtures):
    def test_doctor_says_what_works(self):
        jira_data(self.jira)
        typeform_data(self.tf)
        h = self.home()
        self.config(h)
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 0)
        self.assertRegex(r.out, r"OK +jira +\S+: the token works \(Basic, Cloud API token\); the user's time zone is "
                                r"Asia/Seoul")
        self.assertRegex(r.out, r"OK +jira tickets_jql +valid \(Jira Cloud\)")
        self.assertRegex(r.out, r"OK +jira incidents_jql +valid \(Jira Cloud\)")
        self.assertRegex(r.out, r"OK +typeform:DXQ4 +form 'Developer experience survey': 0-10 question nps, "
                                r"2 comment questions, team from a hidden field; 2501 completed responses")

    def test_doctor_names_what_fails(self):
        jira_data(self.jira)
        self.tf.add_form("hu2FodCY", load("typeform-form.json"))
        h = self.home()
        self.config(h, surveys="surveys:\n  - typeform: hu2FodCY\n    token: \"${TYPEFORM_TOKEN}\"\n"
                    "    api_url: %s\n" % self.tf.base_url)
        rewrite(h, "project = OPS AND issuetype", "project = OPS AND issuetyp")
        r = h.run("doctor", env=self.env)
        self.assertExit(r, 1)
        self.assertRegex(r.out, r"FAIL +jira incidents_jql +GET \S+/rest/api/3/search/jql\S+: HTTP 400: Field 'issuetyp' "
                                r"does not exist")
        self.assertRegex(r.out, r"FAIL +typeform:hu2FodCY +\S+: the form has no 0-10 question")
        r = h.run("doctor", env=dict(self.env, JIRA_TOKEN="not-the-token"))
        self.assertRegex(r.out, r"FAIL +jira +GET \S+/myself: HTTP 401")
        self.assertNotIn("not-the-token", r.out + r.err)


class DataCenter(Fixtures):
    def setUp(self):
        super().setUp()
        self.jira.stop()
        self.jira = JiraServer(mode="dc", time_zone="America/New_York", max_results=3).start()
        self.env["JIRA_TOKEN"] = self.jira.token

    def test_startat_pages_and_bearer_token(self):
        jira_data(self.jira)
        h = self.home()
        self.config(h, surveys="")
        rewrite(h, "  email: platform-bot@acme.example\n", "")
        r = h.run("-v", "collect", "jira", env=self.env)
        self.assertExit(r, 0)
        searches = [(p, q.get("startAt", ["0"])[0]) for p, q in self.jira.search_log]
        # INFRA: 4 issues at 3 a page (startAt 0, 3); OPS: 5 issues (0, 3)
        self.assertEqual(searches, [("/rest/api/2/search", "0"), ("/rest/api/2/search", "3"),
                                    ("/rest/api/2/search", "0"), ("/rest/api/2/search", "3")])
        self.assertEqual(query(h, "SELECT COUNT(*) FROM tickets WHERE source = 'jira'"), [(4,)])
        self.assertEqual(query(h, "SELECT COUNT(*) FROM jira_incidents WHERE resolved_at IS NOT NULL"), [(3,)])
        h.run("collect", "jira", now=NEXT, env=self.env)
        # New York is UTC-5 in November: 2026-11-26T12:00Z is 07:00 there
        self.assertIn('updated >= "2026-11-26 07:00"', self.jira.jql_log[-1])

    def test_reference_body(self):
        # the Data Center envelope as documented, served as it is: ED-1 has no 'created' field
        self.jira.raw_pages = [load("jira-search-dc.json")]
        h = self.home()
        self.config(h, surveys="", dora="  incidents: github\n")
        rewrite(h, "  email: platform-bot@acme.example\n", "")
        r = h.run("collect", "jira", env=self.env)
        self.assertExit(r, 0)
        self.assertIn("ED-1: no readable 'created' time", r.err)
        self.assertIn("jira.incidents_jql is set but dora.incidents does not name jira", r.err)


class Faults(Fixtures):
    def test_cloud_reference_body_and_410(self):
        self.jira.raw_pages = [load("jira-search-jql.json")]
        h = self.home()
        self.config(h, surveys="")
        r = h.run("collect", "jira", env=self.env)
        self.assertExit(r, 0)
        self.assertIn("ED-1: no readable 'created' time", r.err)
        self.assertEqual(self.jira.gone_hits, 0)

    def test_old_search_410_is_explained(self):
        # a site whose search/jql is missing but whose /search is gone: say so instead of guessing
        self.jira.fx.routes.insert(0, ("GET", re.compile(r"/rest/api/3/search/jql\Z"), lambda req, m: Reply(404, "nope")))
        h = self.home()
        self.config(h, surveys="")
        r = h.run("collect", "jira", env=self.env)
        self.assertExit(r, 1)
        self.assertIn("HTTP 410", r.err)
        self.assertIn("The requested API has been removed", r.err)

    def test_rate_limit_waits_then_continues(self):
        jira_data(self.jira)
        calls = {"n": 0}
        real = self.jira._search_jql

        def limited(req, m):
            calls["n"] += 1
            if calls["n"] == 2:
                return Reply(429, {"errorMessages": ["Rate limit exceeded."]},
                                                   {"Retry-After": "7"})
            return real(req, m)
        self.jira.fx.routes.insert(0, ("GET", re.compile(r"/rest/api/3/search/jql\Z"), limited))
        h = self.home()
        self.config(h, surveys="")
        r = h.run("-v", "collect", "jira", env=self.env)
        self.assertExit(r, 0)
        self.assertIn("would wait 7 s: Jira answered 429 with Retry-After: 7", r.err)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM tickets"), [(4,)])

    def test_bad_token_names_the_key(self):
        h = self.home()
        self.config(h, surveys="")
        env = dict(self.env, JIRA_TOKEN="wrong-token-value")
        r = h.run("collect", "jira", env=env)
        self.assertExit(r, 1)
        self.assertIn("HTTP 401", r.err)
        self.assertIn("'jira.token'", r.err)
        self.assertNotIn("wrong-token-value", r.err)

    def test_echoed_credentials_are_redacted(self):
        # a proxy that echoes what it got: the token and the Basic header must not reach the log or the database
        basic = base64.b64encode(("platform-bot@acme.example:" + self.jira.token).encode()).decode()

        def echo(req, m):
            return Reply(403, {"errorMessages": ["denied for token %s (header %s)" % (self.jira.token,
                                                                                    req.headers.get("authorization"))]})
        self.jira.fx.routes.insert(0, ("GET", re.compile(r"/rest/api/2/myself\Z"), echo))
        h = self.home()
        self.config(h, surveys="")
        r = h.run("-v", "collect", "jira", env=self.env)
        self.assertExit(r, 1)
        self.assertIn("HTTP 403", r.err)
        self.assertIn("'jira.token'", r.err)
        with open(h.db, "rb") as f:
            data = f.read()
        for secret in (self.jira.token, basic):
            self.assertNotIn(secret, r.err + r.out)
            self.assertNotIn(secret.encode(), data)

    def test_malformed_body_names_the_url(self):
        h = self.home()
        self.config(h, surveys="")
        self.jira.fx.inject(r"/search/jql", "html", times=None)
        r = h.run("collect", "jira", env=self.env)
        self.assertExit(r, 1)
        self.assertIn("/rest/api/3/search/jql?jql=", r.err)
        self.assertIn("invalid JSON", r.err)

    def test_typeform_rate_limit_and_broken_page(self):
        typeform_data(self.tf)
        calls = {"n": 0}
        real = self.tf._responses

        def limited(req, m):
            calls["n"] += 1
            if calls["n"] == 2:
                return Reply(429, {"code": "RATE_LIMIT", "description": "Too many requests"}, {"Retry-After": "3"})
            return real(req, m)
        self.tf.fx.routes.insert(0, ("GET", re.compile(r"/forms/([^/]+)/responses\Z"), limited))
        # the third page fails on every attempt: the run fails, the two pages before are kept
        self.tf.fx.inject(r"before=r0501", "status500", times=None)
        h = self.home()
        self.config(h)
        r = h.run("-v", "collect", "surveys", env=self.env)
        self.assertExit(r, 1)
        self.assertIn("would wait 3 s: Typeform answered 429 with Retry-After: 3", r.err)
        self.assertIn("before=r0501", r.err)
        self.assertEqual(query(h, "SELECT COUNT(*) FROM survey_responses"), [(1999,)])  # 2000 items, "noscore" skipped
        # nothing marks the form as read: the next night reads it all again, and nothing counts twice
        self.tf.fx.injections.clear()
        self.tf.log.clear()
        self.assertExit(h.run("collect", "surveys", env=self.env), 0)
        self.assertTrue(all("since" not in q for p, q in self.tf.log if p.endswith("/responses")))
        self.assertEqual(query(h, "SELECT COUNT(*) FROM survey_responses"), [(2500,)])

    def test_typeform_form_without_nps_question(self):
        # the reference form as it is: a 0-5 and a 1-10 opinion scale, no 0-10 question
        self.tf.add_form("hu2FodCY", load("typeform-form.json"))
        h = self.home()
        self.config(h, surveys="surveys:\n  - typeform: hu2FodCY\n    token: \"${TYPEFORM_TOKEN}\"\n"
                    "    api_url: %s\n" % self.tf.base_url)
        r = h.run("collect", "surveys", env=self.env)
        self.assertExit(r, 1)
        self.assertIn("no 0-10 question", r.err)
        self.assertIn("opinion-scale-typeform (0-5)", r.err)
        self.assertIn("opinion-scale-no-labels-typeform (1-10)", r.err)

    def test_typeform_bad_token(self):
        typeform_data(self.tf)
        h = self.home()
        self.config(h)
        r = h.run("collect", "surveys", env=dict(self.env, TYPEFORM_TOKEN="nope-nope-nope"))
        self.assertExit(r, 1)
        self.assertIn("HTTP 401", r.err)
        self.assertIn("Authentication credentials not found", r.err)
        self.assertIn("surveys.sources[].token", r.err)
        self.assertNotIn("nope-nope-nope", r.err)


if __name__ == "__main__":
    main()
