"""End to end: what an attacker, a broken server and real data tried (terminal escapes, planted
symlinks, endless pagination, blocking files, hostile names), and what idpmetrics does instead."""
import csv
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile

from backstage_server import Backstage, Fault, epoch
from github_server import GitHubServer
from harness import Reply, TestCase, main, metric

# OSC 52 writes the terminal's clipboard; U+202E reverses what follows; U+009B is a C1 CSI.
HOSTILE = "\x1b]52;c;ZXZpbA==\x07Evil\x1b[2J \u202etxt.exe \u0085\u009b1m"
RAW = ("\x1b", "\x07", "\u202e", "\u0085", "\u009b")


class Terminal(TestCase):
    """Text from a server or the catalog is shown literally, never obeyed by the terminal."""

    def assertClean(self, text):
        for c in RAW:
            self.assertNotIn(c, text, "raw %r reached the terminal" % c)

    def backstage_home(self, bs):
        h = self.home()
        h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n" % bs.base_url)
        h.env["BACKSTAGE_TOKEN"] = bs.token
        return h

    def test_teams_shows_group_titles_literally(self):
        bs = Backstage(self.server())
        bs.add_group("team-a", title=HOSTILE)
        bs.add_group("team\u202eb", title="Bravo")
        bs.add_user("alice", ["team-a"])
        bs.add_component("svc-a1", owner="team-a", slug="acme/svc\x1b[31m-a1")
        h = self.backstage_home(bs)
        self.assertExit(h.run("collect", "catalog"), 0)
        for args in (("teams",), ("teams", "--repos"), ("teams", "--repos", "--format", "csv")):
            r = h.run(*args)
            self.assertExit(r, 0)
            self.assertClean(r.out)
            self.assertClean(r.err)
        r = h.run("teams")
        self.assertIn("\\x1b]52;c;ZXZpbA==\\x07Evil", r.out)
        self.assertIn("team:team\\u202eb", r.out)

    def test_status_and_doctor_show_server_text_literally(self):
        bs = Backstage(self.server())
        bs.fail(r".*", Reply(400, {"error": {"name": "InputError", "message": HOSTILE}}), times=None)
        h = self.backstage_home(bs)
        r = h.run("collect", "catalog")
        self.assertNotEqual(r.code, 0)
        self.assertClean(r.err)
        self.assertIn("\\u202etxt.exe", r.err)
        r = h.run("status")
        self.assertClean(r.out)
        self.assertIn("\\u202etxt.exe", r.out)
        r = h.run("doctor")
        self.assertClean(r.out)
        self.assertClean(r.err)


SURVEY_CONFIG = ("surveys:\n  sources:\n    - path: exports/*.csv\n      score_column: nps answer\n"
                 "      timestamp_column: submitted at\n      team_column: squad\n      comment_columns: [comment]\n"
                 "  min_team_responses: 5\n")


def survey_home(test, rows):
    """A home with one survey export of ROWS (time, team, score, comment), collected and computed for 2026-Q2."""
    h = test.home()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["submitted at", "squad", "nps answer", "comment"])
    w.writerows(rows)
    h.write("exports/devex.csv", out.getvalue())
    h.write_config(SURVEY_CONFIG)
    test.assertExit(h.run("collect", "surveys"), 0)
    test.assertExit(h.run("compute", "--period", "2026-Q2"), 0)
    return h


def xlsx_strings(path):
    """Every text cell of the workbook (shared strings and inline strings), parsed as XML readers do."""
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                root = ET.fromstring(z.read(name))   # raises on a character XML forbids
                if name.endswith("sharedStrings.xml") or "/worksheets/" in name:
                    texts += ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("}t")]
    return texts


class Surveys(TestCase):
    def test_small_team_is_not_listed_anywhere(self):
        # edge: 6 answers (shown); tiny: 2 answers under min_team_responses 5 (suppressed)
        rows = [("2026-05-%02d 09:00" % (d + 1), "edge", 9, "edge comment %d" % d) for d in range(6)]
        rows += [("2026-05-10 10:00", "tiny", 2, "tiny-secret-one"), ("2026-05-11 10:00", "tiny", 10, "tiny-secret-two")]
        h = survey_home(self, rows)
        out = h.path("out")
        r = h.run("report", "--period", "2026-Q2", "--format", "csv,xlsx,html",
                  "--out", out)
        self.assertExit(r, 0)
        with open(os.path.join(out, "csv", "survey_responses.csv"), encoding="utf-8") as f:
            listed = list(csv.DictReader(f))
        self.assertEqual(len(listed), 6)
        self.assertEqual({row["team"] for row in listed}, {"edge"})
        with open(os.path.join(out, "csv", "survey_responses.csv"), encoding="utf-8") as f:
            self.assertNotIn("tiny-secret", f.read())
        texts = xlsx_strings(os.path.join(out, "report.xlsx"))
        self.assertFalse([t for t in texts if "tiny-secret" in t])
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertNotIn("tiny-secret", html)
        coverage = html[html.index('id="sec-coverage"'):]
        coverage = coverage[:coverage.index("</section>")]
        self.assertNotIn("tiny", coverage)
        # the organisation still counts them: 6 promoters, 1 promoter, 1 detractor of 8
        doc = h.export("2026-Q2")
        nps = [m for m in doc["metrics"] if m["metric"] == "developer_nps" and m["scope"] == "org"][0]
        self.assertEqual(nps["n"], 8)

    def test_fifo_matching_the_survey_glob_is_skipped(self):
        h = self.home()
        h.write("exports/devex.csv", "submitted at,squad,nps answer,comment\n2026-05-01 09:00,edge,9,fine\n")
        os.mkfifo(h.path("exports", "zz-pipe.csv"))
        os.mkdir(h.path("exports", "old.csv"))
        h.write_config(SURVEY_CONFIG)
        r = h.run("collect", "surveys", timeout=30)   # before: blocked for ever on the FIFO, holding the lock
        self.assertExit(r, 0)
        self.assertIn("zz-pipe.csv' matches survey source 'exports/*.csv' but is a FIFO, not a regular file: skipped",
                      r.err)
        self.assertIn("is a directory, not a regular file: skipped", r.err)
        r = h.run("import", "survey", h.path("exports", "zz-pipe.csv"), timeout=30)
        self.assertNotEqual(r.code, 0)
        self.assertIn("not a regular file (a FIFO)", r.err)

    def test_comment_guess_skips_choice_questions_whose_wording_says_why(self):
        # two choice questions whose wording has "why" and "feedback", one real free-text question
        h = self.home()
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["submitted at", "squad", "nps answer", "Why do you use the portal? (pick one)",
                    "Feedback channel - Slack", "What should we improve?"])
        choices = ["Templates", "Docs", "Templates", "Search", "Docs", "Templates", "Templates", "Docs"]
        matrix = ["Agree", "Agree", "Neutral", "Disagree", "Agree", "Neutral", "Agree", "Agree"]
        texts = ["builds take too long on monday", "", "docs for the new template are missing",
                 "the scaffolder timed out twice", "", "more golden paths for python please",
                 "search never finds our team's services", ""]
        for i in range(8):
            w.writerow(["2026-05-%02d 09:00" % (i + 1), "edge", 9, choices[i], matrix[i], texts[i]])
        h.write("exports/devex.csv", out.getvalue())
        h.write_config("surveys:\n  sources:\n    - path: exports/*.csv\n      score_column: nps answer\n"
                       "      timestamp_column: submitted at\n      team_column: squad\n")
        self.assertExit(h.run("collect", "surveys"), 0)
        import sqlite3
        con = sqlite3.connect(h.db)
        comments = sorted(c for (c,) in con.execute("SELECT comment FROM survey_responses WHERE comment IS NOT NULL"))
        con.close()
        self.assertEqual(comments, sorted(t for t in texts if t))

    def test_forbidden_xml_characters_in_a_comment(self):
        bad = "slow\ufffe builds\uffff \ufdd0x\U0001fffe\x0b\x1b[0m end"
        rows = [("2026-05-%02d 09:00" % (d + 1), "edge", 3, bad if d == 0 else "ok %d" % d) for d in range(6)]
        h = survey_home(self, rows)
        out = h.path("out")
        r = h.run("report", "--period", "2026-Q2", "--format", "xlsx,html,svg",
                  "--out", out)
        self.assertExit(r, 0)
        texts = xlsx_strings(os.path.join(out, "report.xlsx"))
        self.assertIn("slow builds x[0m end", texts)
        for name in os.listdir(out):
            if name.endswith((".html", ".svg")):
                with open(os.path.join(out, name), encoding="utf-8") as f:
                    text = f.read()
                for c in ("\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\x0b", "\x1b"):
                    self.assertNotIn(c, text, name)


GOLDEN_CI = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n"


class GitHub(TestCase):
    def setUp(self):
        self.gh = GitHubServer(server=self.server())
        self.h = self.home()
        add = self.gh.add_repo
        # recently pushed, so that every repository's workflows are read
        self.gh.add_repo = lambda name, **kw: add(name, pushed_at=kw.pop("pushed_at", "2026-11-20T00:00:00Z"), **kw)

    def config(self, extra=""):
        self.h.write_config("github:\n  api_url: %s\n  org: acme\n  token: \"${GITHUB_TOKEN}\"\n"
                            "  max_requests: 300\n"         # what bounds the run on code that loops
                            "dora:\n  deploy_workflows: '^none$'\n"
                            "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
                            "http:\n  retries: 1\n  retry_delay_ms: 10\n%s" % (self.gh.api_url, extra))
        self.h.env["GITHUB_TOKEN"] = self.gh.token

    def collect(self):
        return self.h.run("-v", "collect", "github")

    def paths(self, needle):
        return [p for p, _ in self.gh.log if needle in p]

    def test_link_pointing_back_to_the_same_page(self):
        self.gh.add_repo("svc-a")
        self.config()
        first = "%s/orgs/acme/repos?type=all&per_page=100" % self.gh.api_url

        def self_link(req):
            return self.gh.respond(req, list(self.gh.repos.values()), headers={"Link": '<%s>; rel="next"' % first})
        self.gh.fault(r"/orgs/acme/repos", "reply", times=10 ** 6, reply=self_link)
        r = self.collect()
        self.assertEqual(r.code, 1, r)
        self.assertIn("already read", r.err)
        self.assertLessEqual(len(self.paths("/orgs/acme/repos")), 2)

    def test_link_cycle_between_two_pages(self):
        self.gh.add_repo("svc-a")
        self.gh.add_workflow("svc-a", ".github/workflows/ci.yml", GOLDEN_CI)
        self.config()
        base = "%s/repos/acme/svc-a/actions/workflows" % self.gh.api_url

        def cycle(req):
            page = int(req.arg("page", "1"))
            body = {"total_count": 1, "workflows": self.gh.workflows["svc-a"] if page == 1 else []}
            return self.gh.respond(req, body, headers={"Link": '<%s?per_page=100&page=%d>; rel="next"'
                                                               % (base, 2 if page == 1 else 1)})
        self.gh.fault(r"/repos/acme/svc-a/actions/workflows", "reply", times=10 ** 6, reply=cycle)
        r = self.collect()
        self.assertLessEqual(len(self.paths("/actions/workflows")), 3)
        self.assertIn("already read", r.err)

    def test_endless_listing_stops_at_max_pages(self):
        self.gh.add_repo("svc-a")
        self.config("  max_pages: 5\n")
        path = "/orgs/acme/repos"

        def endless(req):
            page = int(req.arg("page", "1"))
            return self.gh.respond(req, list(self.gh.repos.values()) if page == 1 else [],
                                   headers={"Link": '<%s%s?per_page=100&page=%d>; rel="next"'
                                                    % (self.gh.api_url, path, page + 1)})
        self.gh.fault(path, "reply", times=10 ** 6, reply=endless)
        r = self.collect()
        self.assertEqual(r.code, 1, r)
        self.assertIn("more than 5 pages", r.err)
        self.assertEqual(len(self.paths(path)), 5)

    def test_repository_names_are_percent_encoded(self):
        self.gh.add_repo("svc-a")
        self.gh.add_repo("/".join(["..", "..", "rate_limit?x="]))   # a hostile name, not a path
        self.gh.add_repo("a b#c")
        self.config()
        r = self.collect()
        self.assertExit(r, 0)
        self.assertFalse(self.paths("/rate_limit"), self.gh.log)
        self.assertTrue(self.paths("/repos/acme/..%2F..%2Frate_limit%3Fx%3D/actions/workflows"), self.gh.log)
        self.assertTrue(self.paths("/repos/acme/a%20b%23c/actions/workflows"), self.gh.log)

    def test_404_on_a_later_page_of_the_repository_listing(self):
        for i in range(150):
            self.gh.add_repo("svc-%03d" % i)
        self.config()
        self.gh.fault(r"/organizations/\d+/repos", "not_found", times=10)
        r = self.collect()
        self.assertEqual(r.code, 1, r)
        self.assertNotIn("organisation 'acme' not found", r.err)
        self.assertRegex(r.err, r"GET [^ ]*/organizations/\d+/repos\?[^ ]*page=2[^ ]*: 404")
        self.assertIn("page 2", r.err)

    def test_renamed_repository_redirect_is_followed(self):
        self.gh.add_repo("new-name")
        self.gh.add_workflow("new-name", ".github/workflows/ci.yml", GOLDEN_CI)
        self.config()
        # the listing still says old-name (cached by a mirror); GitHub answers 301 to the repository id
        rid = self.gh.repo("new-name")["id"]
        self.gh.repos["new-name"]["name"] = "old-name"
        self.gh.repos["new-name"]["full_name"] = "acme/old-name"

        def moved(req):
            return Reply(301, {"message": "Moved Permanently", "url": "%s/repositories/%d/actions/workflows"
                                                                      % (self.gh.api_url, rid)},
                         {"Location": "%s/repositories/%d/actions/workflows?per_page=100" % (self.gh.api_url, rid)})
        self.gh.fault(r"/repos/acme/old-name/actions/workflows", "reply", times=10, reply=moved)
        self.gh.repos["new-name"]["name"] = "new-name"
        r = self.collect()
        self.assertExit(r, 0)
        self.assertTrue(self.paths("/repositories/%d/actions/workflows" % rid), self.gh.log)
        self.assertNotIn("unexpected status 301", r.err)

    def test_token_with_a_line_break_is_refused_at_load(self):
        self.gh.add_repo("svc-a")
        self.config()
        r = self.h.run("collect", "github", env={"GITHUB_TOKEN": self.gh.token + "\r\nX-Injected: 1"})
        self.assertNotEqual(r.code, 0)
        self.assertIn("'github.token' (from ${GITHUB_TOKEN}) holds a control character (CR) at byte %d"
                      % (len(self.gh.token) + 1), r.err)
        self.assertNotIn(self.gh.token, r.err)
        self.assertEqual(self.gh.log, [])
        # a file: the trailing newline is fine, one inside is not
        self.h.write("token", self.gh.token + "\n")
        with open(self.h.config) as f:
            text = f.read()
        self.h.write_config(text.replace('token: "${GITHUB_TOKEN}"', "token_file: token"))
        self.assertExit(self.h.run("collect", "github"), 0)
        self.h.write("token", "ghs_a\nghs_b\n")
        r = self.h.run("collect", "github")
        self.assertNotEqual(r.code, 0)
        self.assertIn("holds a control character (LF) at byte 6", r.err)

    def test_redirect_to_another_host_is_not_followed_with_the_token(self):
        self.gh.add_repo("svc-a")
        other = self.server()
        seen = []
        other.route(r".*", lambda req, m: (seen.append(req.headers.get("authorization")), Reply(200, []))[1])
        self.config()
        self.gh.fault(r"/repos/acme/svc-a/actions/workflows", "reply", times=10,
                      reply=Reply(301, {"message": "Moved"}, {"Location": other.base_url + "/steal"}))
        r = self.collect()
        self.assertEqual(seen, [])
        self.assertIn("another host", r.err)


class DoraStatuses(TestCase):
    def test_deployment_whose_statuses_answer_404_gives_no_data(self):
        import test_dora as d
        gh = GitHubServer().start()
        self.addCleanup(gh.stop)
        h = self.home()
        d.write_config(h, gh, "  source: deployments\n")
        gh.add_repo("svc", pushed_at=d.NOW_TS - d.DAY)
        gh.add_deployment("svc", d.sha("s0"), d.T0 + d.DAY, statuses=[("success", d.T0 + d.DAY + 600)])
        gh.fault(r"/repos/acme/svc/deployments/\d+/statuses", "not_found", times=10)
        self.assertExit(d.collect(h, gh), 0)
        doc = d.kpis(h, "2026-Q3")
        # not a service deploying 0 times a week (tier low): a repository DORA knows nothing about
        self.assertIsNone(metric(doc, "deployments", "service:svc"))
        self.assertIsNone(metric(doc, "deployment_frequency_per_week", "service:svc"))
        org = metric(doc, "deployment_frequency_per_week")
        self.assertTrue(org is None or (org["value"] is None and org.get("tier") in (None, "")), org)


class Decisions(TestCase):
    """The doubtful cases, decided (docs/SECURITY.md says why)."""

    def test_world_writable_or_executable_mode_is_refused(self):
        h = self.home()
        for mode in ("'0777'", "'0666'", "'0700'", "'0400'"):
            h.write_config("storage:\n  mode: %s\n" % mode)
            r = h.run("status")
            self.assertExit(r, 3)
            self.assertIn("'storage.mode' %s" % mode.strip("'"), r.err)
        h.write_config("storage:\n  mode: '0640'\n")
        self.assertExit(h.run("init"), 0)

    def test_duplicate_keys_and_a_second_document_are_refused(self):
        h = self.home()
        h.write_config("http:\n  retries: 2\n  timeout_seconds: 5\n  retries: 9\n")
        r = h.run("init")
        self.assertExit(r, 3)
        self.assertIn("idpmetrics.yaml:4: 'http.retries' appears twice in the same mapping (first at line 2)", r.err)
        h.write_config("http:\n  retries: 2\n---\nhttp:\n  retries: 9\n")
        r = h.run("init")
        self.assertExit(r, 3)
        self.assertIn("a second YAML document", r.err)

    def test_database_of_another_program_is_left_untouched(self):
        import sqlite3
        h = self.home()
        h.write_config("")
        con = sqlite3.connect(h.db)
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        con.commit()
        con.close()
        for args in (("status",), ("export", "--format", "json"), ("report", "--out", h.path("out")),
                     ("collect", "surveys")):
            r = h.run(*args)
            self.assertNotEqual(r.code, 0, args)
            self.assertIn("holds tables of another program (such as 'notes')", r.err, args)
        con = sqlite3.connect(h.db)
        tables = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        con.close()
        self.assertEqual(tables, ["notes"])

    def test_time_zone_name_that_is_a_path_is_refused(self):
        h = self.home()
        with open("/usr/share/zoneinfo/Asia/Seoul", "rb") as f:
            h.write("zone", f.read())   # a planted file: GLib reads any file a name leads to
        for name in (h.path("zone"), "/".join([".."] * 4) + h.path("zone"), "Asia/../Asia/Seoul"):
            h.write_config("reporting:\n  timezone: '%s'\n" % name)
            r = h.run("status")
            self.assertExit(r, 3)
            self.assertIn("unknown time zone", r.err)
        h.write_config("reporting:\n  timezone: Asia/Seoul\n")
        self.assertExit(h.run("init"), 0)

    def test_empty_format_and_unknown_scope_are_usage_errors(self):
        h = self.home()
        h.write_config("")
        self.assertExit(h.run("init"), 0)
        r = h.run("report", "--format", "", "--out", h.path("out"))
        self.assertExit(r, 2)
        self.assertIn("names no format", r.err)
        r = h.run("export", "--format", "json", "--scope", "teams")
        self.assertExit(r, 2)
        self.assertIn("unknown scope 'teams'", r.err)
        for scope in ("team", "team:payments", "org", "all", "service:shop"):
            self.assertExit(h.run("export", "--format", "json", "--scope", scope), 0)


class BackstagePaging(TestCase):
    """A Backstage listing that never ends stops at http.max_pages, keeping what was committed."""

    def setUp(self):
        self.bs = Backstage(self.server())
        self.h = self.home()
        self.h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: 10\n"
                            "http:\n  max_pages: 5\n  retries: 0\n" % self.bs.base_url)
        self.h.env["BACKSTAGE_TOKEN"] = self.bs.token

    def test_scaffolder_list_whose_total_is_huge_and_pages_full(self):
        model = self.bs.serialize(self.bs.add_task("t0", "go-service", "processing", epoch("2026-07-01T00:00:00Z")))

        def endless(req, normal):
            offset, limit = int(req.arg("offset", "0")), int(req.arg("limit", "10"))
            tasks = [dict(model, id="gen-%d" % i) for i in range(offset, offset + limit)]
            return Reply(200, {"tasks": tasks, "totalTasks": 10 ** 12})
        self.bs.faults.append(Fault(r".*/v2/tasks", endless, None, {}))
        r = self.h.run("collect", "scaffolder")
        self.assertEqual(r.code, 1, r)
        self.assertIn("http.max_pages", r.err)
        self.assertEqual(len(self.bs.requests(r".*/v2/tasks")), 5)

    def test_catalog_handing_out_new_cursors_forever(self):
        self.bs.add_group("team-a")
        count = [0]

        def endless(req, normal):
            count[0] += 1
            return Reply(200, {"items": [], "totalItems": 1, "pageInfo": {"nextCursor": "c%d" % count[0]}})
        self.bs.faults.append(Fault(r"/api/catalog/entities/by-query", endless, None, {}))
        r = self.h.run("collect", "catalog")
        self.assertEqual(r.code, 1, r)
        self.assertIn("http.max_pages", r.err)
        self.assertEqual(count[0], 5)


if __name__ == "__main__":
    main()
