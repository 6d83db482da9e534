"""End to end: survey, onboarding and ticket imports, developer NPS with its margin and significance.

Expected values are worked out by hand (comments show the arithmetic) and, for the NPS interval,
also by an independent adjusted-Wald implementation below (Rocks 2016; MeasuringU's z-test).
"""
import hashlib
import json
import math
import os
import re
import shutil
import sqlite3

from harness import NOW, Home, TestCase, fixture_path, main, metric

SURVEYS = fixture_path("surveys")
Z95 = 1.959963984540054


def adjusted_wald(p, a, d, population=None):
    """(centre, variance) of the adjusted-Wald NPS estimate in fraction units, FPC applied."""
    n = p + a + d
    na = n + 3
    pa, da = (p + 0.75) / na, (d + 0.75) / na
    s = pa - da
    var = (pa + da - s * s) / na
    if population and population >= n and population > 1:
        var *= (population - n) / (population - 1)
    return s, var


def z_test(prev, cur):
    (s1, v1), (s2, v2) = prev, cur
    z = (s2 - s1) / math.sqrt(v1 + v2)
    return z, math.erfc(abs(z) / math.sqrt(2))


def copy_fixture(home, name, sub="exports"):
    os.makedirs(home.path(sub), exist_ok=True)
    dst = home.path(sub, os.path.basename(name))
    shutil.copyfile(os.path.join(SURVEYS, name) if not os.path.isabs(name) else name, dst)
    return dst


def db_rows(home, sql, *args):
    con = sqlite3.connect(home.db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def detail(home, period, scope="org", name="developer_nps"):
    rows = db_rows(home, "SELECT detail FROM metric_values WHERE metric = ? AND period = ? AND scope = ?",
                   name, period, scope)
    return json.loads(rows[0][0]) if rows and rows[0][0] else None


class Formats(TestCase):
    """Every format imports; re-imports add nothing; nothing personal is stored."""

    def setUp(self):
        self.h = self.home()
        self.h.write_config("")

    def count(self):
        return db_rows(self.h, "SELECT COUNT(*) FROM survey_responses")[0][0]

    def test_real_qualtrics_samples_are_unchanged(self):
        with open(os.path.join(SURVEYS, "qualtrics", "SOURCES.md"), encoding="utf-8") as f:
            table = re.findall(r"^\| `([^`]+)` \|.*\| ([0-9a-f]{64}) \|$", f.read(), re.M)
        self.assertEqual(len(table), 4)
        for name, sha in table:
            with open(os.path.join(SURVEYS, "qualtrics", name), "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), sha, name)

    def test_each_synthetic_format(self):
        h = self.h
        cases = [
            # file, extra args, stored rows, format
            ("synthetic_google_forms_ko.csv", [], 8, "google_forms"),
            ("synthetic_google_sheets.csv", [], 3, "google_forms"),
            ("synthetic_typeform.csv", [], 2, "typeform"),          # the partial response is not counted
            ("synthetic_surveymonkey.csv", [], 3, "surveymonkey"),
            ("synthetic_ms_forms.csv", [], 2, "ms_forms"),
        ]
        total = 0
        for name, args, n, fmt in cases:
            r = h.run("import", "survey", os.path.join(SURVEYS, name), *args)
            self.assertExit(r, 0)
            self.assertIn("%d rows added or updated" % n, r.out)
            total += n
            self.assertEqual(db_rows(h, "SELECT COUNT(*) FROM survey_responses WHERE file = ?", name)[0][0], n)
            self.assertEqual(db_rows(h, "SELECT DISTINCT format FROM survey_responses WHERE file = ?", name),
                             [(fmt,)])
        self.assertEqual(self.count(), total)
        rows = dict(db_rows(h, "SELECT line, comment FROM survey_responses WHERE file = 'synthetic_typeform.csv'"))
        self.assertEqual(rows[2], '=HYPERLINK("x") is how we link docs')  # Typeform's ' guard removed
        self.assertEqual(rows[3], "Waiting for environments.\nEvery time.")
        # SurveyMonkey: End Date read month first; team from the configured-by-default "team" header? no:
        # "Which team are you in?" is not a bare Team column, so no team is guessed
        sm = db_rows(h, "SELECT responded_at, score, team, comment FROM survey_responses "
                        "WHERE file = 'synthetic_surveymonkey.csv' ORDER BY line")
        self.assertEqual(sm[0][0], 1786356093)  # 2026-08-10T10:01:33Z
        self.assertEqual([s for _, s, _, _ in sm], [8, 0, 10])
        self.assertEqual(sm[0][3], "Good, but the staging environment is slow")
        # Sheets: no offset, reporting.timezone (UTC): 7/15/2026 18:42:05 -> 2026-07-15T18:42:05Z
        gs = db_rows(h, "SELECT responded_at, team FROM survey_responses WHERE file = 'synthetic_google_sheets.csv' "
                        "ORDER BY line")
        self.assertEqual(gs[0], (1784140925, "Payments"))
        # importing everything again adds nothing
        for name, args, n, fmt in cases:
            r = h.run("import", "survey", os.path.join(SURVEYS, name), *args)
            self.assertExit(r, 0)
            self.assertIn("0 rows added or updated", r.out)
        self.assertEqual(self.count(), total)

    def test_team_column_option(self):
        h = self.h
        r = h.run("import", "survey", os.path.join(SURVEYS, "synthetic_surveymonkey.csv"), "--team-column",
                  "Which team")
        self.assertExit(r, 0)
        self.assertEqual(db_rows(h, "SELECT team FROM survey_responses ORDER BY line"),
                         [("Mobile",), ("Mobile",), ("Data",)])

    def test_real_qualtrics_exports(self):
        h = self.h
        q = lambda name: os.path.join(SURVEYS, "qualtrics", name)
        r = h.run("import", "survey", q("qualtRics_sample.csv"), "--score-column", "Q1")
        self.assertExit(r, 0)
        self.assertEqual(db_rows(h, "SELECT format, score, comment, responded_at FROM survey_responses"),
                         [("qualtrics", 2, "Hello World!", 1500366528)])  # RecordedDate 2017-07-18 08:28:48 UTC
        # the legacy export of the same response (same ResponseID): already stored, comment kept
        r = h.run("import", "survey", q("qualtRics_sample_legacy.csv"), "--score-column", "Q1")
        self.assertExit(r, 0)
        self.assertIn("0 rows added or updated", r.out)
        self.assertEqual(db_rows(h, "SELECT format, score, comment FROM survey_responses"),
                         [("qualtrics", 2, "Hello World!")])
        # the 2016 exporter's responses are Qualtrics test responses (Status 2): skipped unless asked
        r = h.run("-v", "import", "survey", q("QualtricsTools_Test_Survey_for_Coded_Comments.csv"),
                  "--score-column", "Q1")
        self.assertExit(r, 0)
        self.assertIn("0 rows added or updated", r.out)
        self.assertIn("10 tests", r.err)
        r = h.run("import", "survey", q("QualtricsTools_Test_Survey_for_Coded_Comments.csv"), "--score-column", "Q1",
                  "--include-tests")
        self.assertExit(r, 0)
        self.assertIn("10 rows added or updated", r.out)
        r = h.run("import", "survey", q("QualtricsTools_Survey_Logic_EVERYWHERE_legacy.csv"), "--score-column",
                  "Q1", "--include-tests")
        self.assertExit(r, 0)
        self.assertIn("10 rows added or updated", r.out)
        self.assertEqual(self.count(), 21)
        comments = [c for (c,) in db_rows(h, "SELECT comment FROM survey_responses WHERE file LIKE '%Coded%' "
                                             "AND comment LIKE 'Facilisi%'")]
        self.assertEqual(comments, ["Facilisi, lorem lectus pharetra, velit mauris, montes interdum curabitur "
                                    "phasellus leo. Sit."])

    def test_nothing_personal_is_stored(self):
        h = self.h
        for name in ("synthetic_google_forms_ko.csv", "synthetic_google_sheets.csv", "synthetic_typeform.csv",
                     "synthetic_surveymonkey.csv", "synthetic_ms_forms.csv", "synthetic_generic_worked_example.csv"):
            args = ["--format", "generic"] if "generic" in name else []
            if "generic" in name:
                h.write_config("surveys:\n  - path: %s\n    score_column: nps answer\n    timestamp_column: "
                               "submitted at\n" % os.path.join(SURVEYS, name))
            self.assertExit(h.run("import", "survey", os.path.join(SURVEYS, name), *args), 0)
        self.assertExit(h.run("import", "survey", os.path.join(SURVEYS, "qualtrics", "qualtRics_sample.csv"),
                              "--score-column", "Q1"), 0)
        cols = [r[1] for r in db_rows(h, "PRAGMA table_info(survey_responses)")]
        self.assertEqual(cols, ["response_key", "format", "file", "line", "responded_at", "score", "team", "comment",
                                "imported_at"])
        with open(h.db, "rb") as f:
            data = f.read()
        for secret in (b"@example.com", b"kim.minji", b"person001", b"10.1.2.3", b"130.92.34.66", b"R_2YPOQ602ER1jkf1",
                       b"q8h2k1z0a9b8c7d6e5f4g3h2i1j0k9l8", b"11401234567", b"anonymous"):
            self.assertNotIn(secret, data, secret)
        self.assertFalse(os.path.exists(h.db + "-wal") and os.path.getsize(h.db + "-wal") > 0)
        keys = db_rows(h, "SELECT response_key FROM survey_responses")
        self.assertTrue(all(re.fullmatch(r"[0-9a-f]{64}", k) for (k,) in keys))

    def test_cp949(self):
        h = self.h
        path = os.path.join(SURVEYS, "synthetic_generic_cp949.csv")
        base = ("surveys:\n  - path: %s\n    score_column: 추천 점수\n    timestamp_column: 제출시각\n"
                "    team_column: 팀\n    comment_columns: [의견]\n" % path)
        h.write_config(base)
        r = h.run("import", "survey", path)
        self.assertExit(r, 1)
        self.assertIn("synthetic_generic_cp949.csv:1: the text is not valid UTF-8 (byte 0xC1)", r.err)
        self.assertIn("cp949", r.err)
        self.assertEqual(self.count(), 0)
        h.write_config(base + "    encoding: cp949\n")
        r = h.run("import", "survey", path)
        self.assertExit(r, 0)
        self.assertEqual(db_rows(h, "SELECT format, score, team, comment FROM survey_responses ORDER BY line"),
                         [("generic", 9, "결제", "배포가 빨라졌어요"), ("generic", 4, "검색", "빌드가 느리고, 문서가 없어요")])
        # --encoding on the command line works too
        h2 = self.home()
        h2.write_config("")
        r = h2.run("import", "survey", path, "--encoding", "cp949", "--format", "generic")
        self.assertExit(r, 1)  # generic needs a timestamp column: a clear error, not garbage
        self.assertIn("set timestamp_column for a generic CSV", r.err)

    def test_bad_rows_skipped_with_file_and_line(self):
        h = self.h
        path = os.path.join(SURVEYS, "synthetic_bad_rows.csv")
        r = h.run("import", "survey", path)
        self.assertExit(r, 1)
        self.assertIn("synthetic_bad_rows.csv:4: score '11' is outside 0-10; row skipped", r.err)
        self.assertIn("synthetic_bad_rows.csv:5: score 'ten' is not a whole number from 0 to 10; row skipped", r.err)
        self.assertIn("synthetic_bad_rows.csv:6: the score is empty; row skipped", r.err)
        self.assertIn("2 rows added or updated; some rows were skipped", r.out)
        self.assertEqual(db_rows(h, "SELECT line, score, comment FROM survey_responses ORDER BY line"),
                         [(2, 9, "fine\nreally"), (7, 0, "CI is broken")])
        self.assertEqual(db_rows(h, "SELECT source, status, rows_written FROM collection_runs"),
                         [("surveys", "partial", 2)])

    def test_strict_imports_nothing(self):
        h = self.h
        r = h.run("import", "survey", os.path.join(SURVEYS, "synthetic_bad_rows.csv"), "--strict")
        self.assertExit(r, 1)
        self.assertIn("3 rows cannot be read (first: ", r.err)
        self.assertIn("synthetic_bad_rows.csv:4: score '11'", r.err)
        self.assertIn("nothing imported (--strict)", r.err)
        self.assertEqual(self.count(), 0)
        self.assertEqual(db_rows(h, "SELECT status FROM collection_runs"), [("failed",)])
        # a clean file imports under --strict
        self.assertExit(h.run("import", "survey", os.path.join(SURVEYS, "synthetic_google_sheets.csv"), "--strict"), 0)
        self.assertEqual(self.count(), 3)

    def test_broken_and_unknown_files(self):
        h = self.h
        broken = h.write("broken.csv", "Timestamp,How likely to recommend?\n2026-07-01,9\n2026-07-02,\"8\n2026-07-03,7\n")
        r = h.run("import", "survey", broken)
        self.assertExit(r, 1)
        self.assertIn("broken.csv:3: the quoted cell opened on line 3 is never closed", r.err)
        self.assertEqual(self.count(), 0)  # nothing of a broken file
        odd = h.write("odd.csv", "a,b\n1,2\n")
        r = h.run("import", "survey", odd)
        self.assertExit(r, 1)
        self.assertIn("cannot tell which survey tool exported this file", r.err)
        r = h.run("import", "survey", os.path.join(SURVEYS, "synthetic_google_sheets.csv"), "--format", "typeform")
        self.assertExit(r, 1)
        self.assertIn("no submission time column for a typeform export", r.err)
        r = h.run("import", "survey", odd, "--format", "excel")
        self.assertExit(r, 2)
        self.assertIn("unknown survey format 'excel'", r.err)
        r = h.run("import", "survey", h.path("missing.csv"))
        self.assertExit(r, 1)
        self.assertIn("cannot read", r.err)
        self.assertExit(h.run("import", "nonsense", odd), 2)
        self.assertExit(h.run("import", "survey"), 2)
        self.assertExit(h.run("import", "tickets", odd, "--format", "typeform"), 2)


class Nps(TestCase):
    """Import, compute, export: NPS, response rate, margin and significance against hand-worked values."""

    WORKED = ("surveys:\n  sources:\n    - path: exports/*.csv\n      score_column: nps answer\n"
              "      timestamp_column: submitted at\n      team_column: squad\n      comment_columns: [comment]\n")

    def test_worked_example(self):
        h = self.home()
        copy_fixture(h, "synthetic_generic_worked_example.csv")
        h.write_config(self.WORKED)
        r = h.run("collect", "surveys")
        self.assertExit(r, 0)
        self.assertEqual(db_rows(h, "SELECT COUNT(*) FROM survey_responses")[0][0], 100)
        self.assertExit(h.run("compute", "--period", "2026-Q2", "--period", "2026-Q3"), 0)
        q2, q3 = h.export("2026-Q2"), h.export("2026-Q3")
        self.assertAlmostEqual(metric(q2, "developer_nps")["value"], 10.0)
        self.assertEqual(metric(q2, "developer_nps")["n"], 50)
        # Q2: SE 11.325 points (surveys-and-reports.md), margin 1.95996 * 11.325 = 22.197
        self.assertAlmostEqual(metric(q2, "nps_margin_of_error")["value"], 22.197, places=2)
        nps = metric(q3, "developer_nps")
        self.assertAlmostEqual(nps["value"], 44.0)  # 100 (30 - 8) / 50
        self.assertEqual(nps["n"], 50)
        self.assertEqual(nps["band"], "target")
        self.assertEqual(nps["flags"], [])
        self.assertEqual(metric(q3, "nps_responses")["value"], 50)
        self.assertAlmostEqual(metric(q3, "nps_promoters_rate")["value"], 0.60)
        self.assertAlmostEqual(metric(q3, "nps_passives_rate")["value"], 0.24)
        self.assertAlmostEqual(metric(q3, "nps_detractors_rate")["value"], 0.16)
        # Q3: SE 10.398, margin 20.380 (hand), and the same from the independent implementation
        s, var = adjusted_wald(30, 12, 8)
        self.assertAlmostEqual(metric(q3, "nps_margin_of_error")["value"], 20.380, places=2)
        self.assertAlmostEqual(metric(q3, "nps_margin_of_error")["value"], 100 * Z95 * math.sqrt(var), places=6)
        rate = metric(q3, "survey_response_rate")
        self.assertIsNone(rate["value"])  # no population configured: unknown, not 100 %
        self.assertEqual(rate["n"], 0)
        d = detail(h, "2026-Q3")
        self.assertAlmostEqual(d["ci_low"], 21.13, places=2)
        self.assertAlmostEqual(d["ci_high"], 61.89, places=2)
        self.assertAlmostEqual(d["previous"], 10.0)
        self.assertAlmostEqual(d["delta"], 34.0)
        self.assertAlmostEqual(d["z"], 2.086, places=3)       # the worked example: z = 2.086
        self.assertAlmostEqual(d["p_value"], 0.037, places=3)  # p = 0.037
        self.assertIs(d["significant"], True)
        self.assertIsNone(d["population"])
        # distribution: promoters alternate 9/10, passives 7/8, detractors 0..6 cycling
        self.assertEqual(d["distribution"], [2, 1, 1, 1, 1, 1, 1, 6, 6, 15, 15])
        self.assertEqual(sum(d["distribution"]), 50)
        self.assertEqual(d["themes"], [])  # no themes configured
        # both teams have 25 responses: shown, flagged small
        core = metric(q3, "developer_nps", "team:core")
        self.assertEqual(core["n"], 25)
        self.assertIn("small_sample", core["flags"])
        # collecting again adds nothing and changes nothing
        self.assertExit(h.run("collect", "surveys"), 0)
        runs = db_rows(h, "SELECT status, rows_written FROM collection_runs ORDER BY id")
        self.assertEqual(runs, [("ok", 100), ("ok", 0)])
        self.assertExit(h.run("compute", "--period", "2026-Q3"), 0)
        self.assertEqual(h.export("2026-Q3"), q3)

    def test_population_rate_and_finite_population_correction(self):
        h = self.home()
        copy_fixture(h, "synthetic_generic_worked_example.csv")
        h.write_config(self.WORKED + "      population: { 2026-Q3: 60, default: 80 }\n")
        self.assertExit(h.run("collect", "surveys"), 0)
        self.assertExit(h.run("compute", "--period", "2026-Q2", "--period", "2026-Q3"), 0)
        q2, q3 = h.export("2026-Q2"), h.export("2026-Q3")
        rate = metric(q3, "survey_response_rate")
        self.assertAlmostEqual(rate["value"], 50 / 60)
        self.assertEqual(rate["n"], 50)
        self.assertNotIn("low_response_rate", rate["flags"])
        # FPC (60 - 50)/(60 - 1) = 10/59: margin = 1.95996 * 100 * sqrt(.0108109 * 10/59) = 8.390
        margin = metric(q3, "nps_margin_of_error")["value"]
        self.assertAlmostEqual(margin, 8.390, places=2)
        s3, v3 = adjusted_wald(30, 12, 8, 60)
        self.assertAlmostEqual(margin, 100 * Z95 * math.sqrt(v3), places=6)
        # Q2 falls back to the default population: 50 / 80 = 62.5 % is under 70 %
        rate2 = metric(q2, "survey_response_rate")
        self.assertAlmostEqual(rate2["value"], 0.625)
        self.assertIn("low_response_rate", rate2["flags"])
        self.assertIn("low_response_rate", metric(q2, "developer_nps")["flags"])
        # the z-test uses both corrected variances
        d = detail(h, "2026-Q3")
        z, p = z_test(adjusted_wald(20, 15, 15, 80), (s3, v3))
        self.assertAlmostEqual(d["z"], z, places=3)
        self.assertAlmostEqual(d["p_value"], p, places=3)
        self.assertEqual(d["population"], 60)
        # teams have no population: no rate, no correction
        self.assertIsNone(metric(q3, "survey_response_rate", "team:core")["value"])

    KO = """reporting:
  timezone: Asia/Seoul
surveys:
  sources:
    - path: exports/*.csv
      population: { 2026-Q3: 12 }
  min_team_responses: 3
  themes:
    build: [build, 빌드, ci]
    docs: [docs, documentation, 문서]
"""

    def test_korean_google_forms(self):
        h = self.home()
        copy_fixture(h, "synthetic_google_forms_ko.csv")
        h.write_config(self.KO)
        self.assertExit(h.run("collect"), 0)  # every configured source: surveys
        self.assertExit(h.run("compute", "--period", "2026-Q3", "--period", "2026-Q4"), 0)
        q3 = h.export("2026-Q3")
        nps = metric(q3, "developer_nps")
        # Q3 in Asia/Seoul: 7 responses (the one at 2026/10/01 00:10 KST is Q4): 2 promoters (9, 10),
        # 2 passives (8, 7), 3 detractors (3, 6, 2): 100 (2 - 3) / 7 = -14.2857
        self.assertEqual(nps["n"], 7)
        self.assertAlmostEqual(nps["value"], -100 / 7)
        self.assertEqual(nps["band"], "poor")
        self.assertEqual(sorted(nps["flags"]), ["low_response_rate", "small_sample"])
        rate = metric(q3, "survey_response_rate")
        self.assertAlmostEqual(rate["value"], 7 / 12)
        # n' = 10, p' = .275, d' = .375, S' = -.1, Var' = (.65 - .01)/10 = .064, FPC = 5/11:
        # margin = 1.95996 * 100 * sqrt(.064 * 5/11) = 33.429; interval -10 -+ 33.429
        self.assertAlmostEqual(metric(q3, "nps_margin_of_error")["value"], 33.429, places=2)
        d = detail(h, "2026-Q3")
        self.assertAlmostEqual(d["ci_low"], -43.429, places=2)
        self.assertAlmostEqual(d["ci_high"], 23.429, places=2)
        self.assertIsNone(d["previous"])
        self.assertIsNone(d["significant"])
        self.assertEqual(d["population"], 12)
        self.assertEqual(d["distribution"], [0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1])
        # build: the 9 ("빌드가 ... CI가요"), the 6 ("빌드 실패가 ...") and the 2 ("The CI pipeline ...")
        # docs: the 3 ("문서가 부족합니다") and the 6; detractors tie at 2, build has more respondents
        self.assertEqual([(t["theme"], t["detractors"], t["respondents"]) for t in d["themes"]],
                         [("build", 2, 3), ("docs", 2, 2)])
        self.assertEqual(d["themes"][0]["examples"],
                         ['The CI pipeline is flaky, "retry" is our process', "빌드 실패가 잦아요, 문서도 오래됐고요"])
        self.assertEqual(d["themes"][1]["examples"], ["문서가 부족합니다", "빌드 실패가 잦아요, 문서도 오래됐고요"])
        # teams: 결제 has 4 answers (9, 10, 3, 6): NPS 0; 검색 has 2: suppressed, not even n is shown
        pay = metric(q3, "developer_nps", "team:결제")
        self.assertEqual((pay["value"], pay["n"]), (0.0, 4))
        for name in ("developer_nps", "nps_responses", "nps_promoters_rate", "nps_margin_of_error",
                     "survey_response_rate"):
            row = metric(q3, name, "team:검색")
            self.assertEqual((row["value"], row["n"], row["flags"]), (None, 0, ["suppressed"]), name)
        sd = detail(h, "2026-Q3", "team:검색")
        self.assertIsNone(sd["distribution"])
        self.assertEqual(sd["themes"], [])
        # the multi-line comment is stored with \n line breaks; the e-mail addresses are not stored
        comments = [c for (c,) in db_rows(h, "SELECT comment FROM survey_responses WHERE score = 9")]
        self.assertEqual(comments, ["빌드가 너무 느려요\n특히 CI가요"])
        q4 = h.export("2026-Q4")
        self.assertEqual(metric(q4, "developer_nps")["n"], 1)
        self.assertIsNone(metric(q4, "survey_response_rate")["value"])  # no population for Q4
        # in UTC the 00:10 KST answer of 1 October is still in Q3, and the 00:30 KST one of 1 July is in Q2
        h.write_config(self.KO.replace("Asia/Seoul", "UTC"))
        self.assertExit(h.run("compute", "--period", "2026-Q3"), 0)
        self.assertEqual(metric(h.export("2026-Q3"), "developer_nps")["n"], 7)
        self.assertEqual(detail(h, "2026-Q3")["distribution"], [0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 2])

    def test_compute_all_finds_survey_quarters(self):
        h = self.home()
        copy_fixture(h, "synthetic_generic_worked_example.csv")
        h.write_config(self.WORKED)
        self.assertExit(h.run("collect", "surveys"), 0)
        self.assertExit(h.run("compute", "--all"), 0)
        self.assertAlmostEqual(metric(h.export("2026-Q2"), "developer_nps")["value"], 10.0)


class Collect(TestCase):
    def test_no_matching_file_and_bad_rows_exit_1(self):
        h = self.home()
        copy_fixture(h, "synthetic_bad_rows.csv")
        h.write_config("surveys:\n  - path: exports/*.csv\n  - path: nowhere/*.csv\n")
        r = h.run("collect", "surveys")
        self.assertExit(r, 1)
        self.assertIn("idpmetrics.yaml:3: survey source '%s' matches no file" % h.path("nowhere/*.csv"), r.err)
        self.assertIn("synthetic_bad_rows.csv:4: score '11' is outside 0-10", r.err)
        self.assertEqual(db_rows(h, "SELECT status, rows_written FROM collection_runs"), [("partial", 2)])

    def test_config_errors_name_the_line(self):
        h = self.home()
        h.write_config("surveys:\n  - path: x.csv\n    population: { 2026-Q5: 10 }\n")
        r = h.run("collect", "surveys")
        self.assertExit(r, 3)
        self.assertIn("idpmetrics.yaml:2: 'surveys.population' key '2026-Q5' must be a period", r.err)
        h.write_config("surveys:\n  - path: x.csv\n    population: { 2026-Q3: many }\n")
        r = h.run("collect", "surveys")
        self.assertExit(r, 3)
        self.assertIn("must be a positive number of people, not 'many'", r.err)
        h.write_config("surveys:\n  - path: x.csv\n    format: excel\n")
        h.write("x.csv", "Timestamp,How likely to recommend?\n2026-07-01,9\n")
        r = h.run("collect", "surveys")
        self.assertExit(r, 1)
        self.assertIn("idpmetrics.yaml:2: unknown survey format 'excel'", r.err)
        h.write_config("surveys:\n  - path: x.csv\n    timezone: Mars/Olympus\n")
        r = h.run("collect", "surveys")
        self.assertExit(r, 1)
        self.assertIn("unknown time zone 'Mars/Olympus'", r.err)


class Onboarding(TestCase):
    def test_import_compute_export(self):
        h = self.home()
        h.write_config("")
        path = fixture_path("onboarding", "synthetic_onboarding.csv")
        r = h.run("import", "onboarding", path)
        self.assertExit(r, 0)
        self.assertIn("6 rows added or updated", r.out)
        self.assertIn("0 rows added or updated", h.run("import", "onboarding", path).out)
        self.assertExit(h.run("compute", "--period", "2026-Q2", "--period", "2026-Q3"), 0)
        q3 = h.export("2026-Q3")
        org = metric(q3, "onboarding_time_p50_days")
        # Q3 starters: 3, 5, 8, 12 days, and one still onboarding: type-7 median (5 + 8) / 2 = 6.5
        self.assertAlmostEqual(org["value"], 6.5)
        self.assertEqual(org["n"], 4)
        self.assertEqual(org["band"], "average")
        self.assertIn("incomplete", org["flags"])
        self.assertAlmostEqual(metric(q3, "onboarding_time_p50_days", "team:payments")["value"], 4.0)
        self.assertAlmostEqual(metric(q3, "onboarding_time_p50_days", "team:search")["value"], 10.0)
        q2 = metric(h.export("2026-Q2"), "onboarding_time_p50_days")
        self.assertEqual((q2["value"], q2["n"], q2["band"]), (15.0, 1, "poor"))
        with open(h.db, "rb") as f:
            data = f.read()
        for name in (b"Kim Minji", b"kim minji", b"Jung Woo", b"Choi"):
            self.assertNotIn(name, data)

    def test_bad_rows_and_strict(self):
        h = self.home()
        h.write_config("")
        bad = h.write("o.csv", "person,team,start date,first productive date\nA,x,2026-07-01,2026-06-30\n"
                               "B,x,2026-07-01,2026-07-03\n")
        r = h.run("import", "onboarding", bad)
        self.assertExit(r, 1)
        self.assertIn("o.csv:2: the first productive date 2026-06-30 is before the start date 2026-07-01", r.err)
        self.assertEqual(db_rows(h, "SELECT COUNT(*) FROM onboarding_records")[0][0], 1)
        h2 = self.home()
        h2.write_config("")
        self.assertExit(h2.run("import", "onboarding", bad, "--strict"), 1)
        self.assertEqual(db_rows(h2, "SELECT COUNT(*) FROM onboarding_records")[0][0], 0)


class Tickets(TestCase):
    FILTER = "tickets:\n  infra_filter:\n    labels: [infra, platform-request]\n    components: [Infrastructure]\n"

    def test_import_compute_export(self):
        h = self.home()
        h.write_config(self.FILTER)
        path = fixture_path("tickets", "synthetic_jira.csv")
        r = h.run("import", "tickets", path)
        self.assertExit(r, 0)
        self.assertIn("9 rows added or updated", r.out)
        self.assertIn("0 rows added or updated", h.run("import", "tickets", path).out)
        self.assertEqual(db_rows(h, "SELECT labels, components FROM tickets WHERE issue_key = 'OPS-3'"),
                         [("[]", '["Infrastructure","Networking"]')])
        self.assertExit(h.run("compute", "--period", "2026-Q2", "--period", "2026-Q3", "--period", "2026-Q4"), 0)
        q3 = h.export("2026-Q3")
        org = metric(q3, "infra_tickets_per_month")
        # Q3 infra: OPS-1 (infra), 2 (platform-request), 3 (component), 5 (infra), 7 (INFRA), 9 (no team)
        # = 6 tickets / 3 months; OPS-4 and OPS-6 are features
        self.assertAlmostEqual(org["value"], 2.0)
        self.assertEqual(org["n"], 6)
        self.assertEqual(org["band"], "target")
        pay = metric(q3, "infra_tickets_per_month", "team:payments")
        self.assertAlmostEqual(pay["value"], 1.0)  # OPS-1, 2, 7
        search = metric(q3, "infra_tickets_per_month", "team:search")
        self.assertAlmostEqual(search["value"], 2 / 3)  # OPS-3, 5
        self.assertAlmostEqual(metric(h.export("2026-Q2"), "infra_tickets_per_month")["value"], 1 / 3)  # OPS-8
        # Q4 is after the export's last ticket: no value rather than a false zero
        q4 = metric(h.export("2026-Q4"), "infra_tickets_per_month")
        self.assertEqual((q4["value"], q4["n"]), (None, 0))
        with open(h.db, "rb") as f:
            data = f.read()
        for name in (b"Dana Ortiz", b"Sam Lee", b"Please create it"):
            self.assertNotIn(name, data)
        # without a filter every ticket counts: 8 in Q3
        h.write_config("")
        self.assertExit(h.run("compute", "--period", "2026-Q3"), 0)
        self.assertAlmostEqual(metric(h.export("2026-Q3"), "infra_tickets_per_month")["value"], 8 / 3)

    def test_current_quarter_divides_by_elapsed_months(self):
        h = self.home()
        h.write_config("")
        h.write("t.csv", "Issue key,Created\nA-1,2026-10-05 10:00\nA-2,2026-11-02 10:00\nA-3,2026-11-20 10:00\n")
        self.assertExit(h.run("import", "tickets", h.path("t.csv")), 0)
        self.assertExit(h.run("compute", "--period", "2026-Q4"), 0)
        row = metric(h.export("2026-Q4"), "infra_tickets_per_month")
        # NOW = 2026-11-27T12:00Z: 57.5 of Q4's 92 days elapsed = 1.875 months; 3 / 1.875 = 1.6
        self.assertAlmostEqual(row["value"], 3 / (3 * 57.5 / 92))
        self.assertIn("partial_period", row["flags"])


class Demo(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = Home()
        cls.out = cls.h.path("out")
        cls.r = cls.h.run("demo", "--out", cls.out, config=False, db=False)
        db = os.path.join(cls.out, "demo.db")
        cls.docs = {}
        for q in ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"):
            r = cls.h.run("--db", db, "export", "--format", "json", "--period", q, config=False, db=False)
            cls.docs[q] = json.loads(r.out)

    @classmethod
    def tearDownClass(cls):
        cls.h.remove()

    def series(self, name, scope="org"):
        return [metric(d, name, scope)["value"] for d in self.docs.values()]

    def test_story(self):
        self.assertExit(self.r, 0)
        nps = self.series("developer_nps")
        self.assertEqual(nps, sorted(nps), nps)
        self.assertTrue(-15 < nps[0] < 5, nps)
        self.assertTrue(25 < nps[-1] < 45, nps)
        n = self.series("nps_responses")
        self.assertTrue(all(40 <= x <= 92 for x in n), n)
        self.assertGreater(sum(n), 300)
        rates = self.series("survey_response_rate")
        self.assertEqual(sum(1 for r in rates if r < 0.7), 1, rates)
        low = [q for q, d in self.docs.items() if "low_response_rate" in metric(d, "developer_nps")["flags"]]
        self.assertEqual(len(low), 1)
        # the smallest team is suppressed in the low-turnout quarter
        suppressed = [m["scope"] for m in self.docs[low[0]]["metrics"]
                      if m["metric"] == "developer_nps" and "suppressed" in m["flags"]]
        self.assertTrue(suppressed)
        onboarding = self.series("onboarding_time_p50_days")
        self.assertGreater(onboarding[0], onboarding[-1])
        tickets = self.series("infra_tickets_per_month")
        self.assertEqual(tickets, sorted(tickets, reverse=True), tickets)
        d = json.loads(sqlite3.connect(os.path.join(self.out, "demo.db")).execute(
            "SELECT detail FROM metric_values WHERE metric = 'developer_nps' AND scope = 'org' AND period = '2026-Q3'"
        ).fetchone()[0])
        self.assertEqual(d["population"], 92)
        self.assertEqual(len(d["themes"]), 5)
        self.assertTrue(any(re.search("[가-힣]", e) for t in d["themes"] for e in t["examples"]))


if __name__ == "__main__":
    main()
