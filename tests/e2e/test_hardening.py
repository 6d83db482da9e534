"""End to end: what an attacker, a broken server and real data tried (terminal escapes, planted
symlinks, endless pagination, blocking files, hostile names), and what idpmetrics does instead."""
import csv
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile

from backstage_server import Backstage
from harness import Reply, TestCase, main

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
        self.assertNotIn("tiny-secret", open(os.path.join(out, "csv", "survey_responses.csv"), encoding="utf-8").read())
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


if __name__ == "__main__":
    main()
