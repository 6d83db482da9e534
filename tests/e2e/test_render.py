"""End to end: the quarterly report in every format, from the fixed fixture database.

Golden files live in tests/golden/.  A missing golden file is written and the test fails (check it,
then commit it); IDPM_UPDATE_GOLDEN=1 rewrites them all after an intended change.
"""
import csv
import datetime
import difflib
import html.parser
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import tempfile
import threading
import zipfile

from harness import SRC, Home, TestCase, fixture_path, main, metric
from test_foundation import METRICS

NOW = "2026-10-15T00:00:00Z"
PERIOD = "2026-Q3"
GOLDEN = os.path.join(SRC, "tests", "golden")
UPDATE = os.environ.get("IDPM_UPDATE_GOLDEN") == "1"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
EVIL_TEAM = "<script>alert(1)</script>"
EVIL_COMMENT = '=HYPERLINK("http://evil","x")'
PYTHON = "/usr/bin/python3"
TEAM_LINK = re.compile(r"teams/[a-z0-9-]+\.html")
BACK_LINK = "/".join(("..", "dashboard.html"))  # a team page's link (an HTML href, not a file the tests open)


def seeded_home(test=None, config="reporting: { timezone: UTC }\ngithub: { org: acme }\n", seed=True):
    h = Home(test)
    h.write_config(config)
    r = h.run("init", now=NOW)
    if r.code != 0:
        raise AssertionError("init failed: %r" % r)
    if seed:
        con = sqlite3.connect(h.db)
        with open(fixture_path("db", "report_seed.sql"), encoding="utf-8") as f:
            con.executescript(f.read())
        con.close()
    return h


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def percentile(xs, p):
    xs = sorted(xs)
    h = (len(xs) - 1) * p
    lo = int(h)
    if lo + 1 >= len(xs):
        return float(xs[-1])
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


class Golden:
    """Compare outputs with tests/golden/; collect every problem, then fail once (missing files are written)."""

    def __init__(self):
        self.problems = []

    def check(self, name, data, normalise=None):
        if normalise:
            data = normalise(data)
        path = os.path.join(GOLDEN, name)
        if UPDATE or not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            if not UPDATE:
                self.problems.append("tests/golden/%s was missing: written now; check it and commit it" % name)
            return
        want = read(path)
        if want != data:
            diff = difflib.unified_diff(want.decode("utf-8", "replace").splitlines(),
                                        data.decode("utf-8", "replace").splitlines(), "golden/" + name, "actual",
                                        lineterm="", n=2)
            self.problems.append("%s differs from its golden file (IDPM_UPDATE_GOLDEN=1 to accept):\n%s"
                                 % (name, "\n".join(list(diff)[:60])))

    def verdict(self, test):
        if self.problems:
            test.fail("\n\n".join(self.problems))


def normalise_version(data):
    return re.sub(rb"idpmetrics \d+\.\d+\.\d+", b"idpmetrics VERSION", data)


class Safety(html.parser.HTMLParser):
    """Collects what a browser could act on: tags, attributes, text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


class Report(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = seeded_home()
        cls.out = cls.h.path("out")
        cls.r = cls.h.run("report", "--period", PERIOD, "--out", cls.out, now=NOW)
        cls.out_ko = cls.h.path("out-ko")
        cls.r_ko = cls.h.run("report", "--period", PERIOD, "--lang", "ko", "--out", cls.out_ko, now=NOW)
        cls.doc = cls.h.export(PERIOD, now=NOW)

    @classmethod
    def tearDownClass(cls):
        cls.h.remove()

    def path(self, *parts):
        return os.path.join(self.out, *parts)

    def test_every_format_written_private(self):
        self.assertExit(self.r, 0)
        self.assertExit(self.r_ko, 0)
        names = ["report.html", "dashboard.html", "report.xlsx", "report.pdf", "metrics.json", "csv/metrics.csv",
                 "csv/scaffolder_tasks.csv", "csv/scaffolder_excluded.csv"]
        for chart in ("lead_time_distribution", "service_creation_trend", "adoption_trend", "nps_trend",
                      "nps_distribution", "onboarding_trend", "tickets_trend", "dora_deployment_frequency",
                      "dora_lead_time", "dora_change_failure_rate", "dora_recovery_time"):
            names += ["charts/%s.svg" % chart, "charts/%s.png" % chart]
        for name in names:
            p = self.path(name)
            self.assertTrue(os.path.exists(p), name)
            self.assertEqual(stat.S_IMODE(os.stat(p).st_mode), 0o600, name)
            self.assertGreater(os.path.getsize(p), 100, name)
        self.assertEqual([n for n in os.listdir(self.out) if n.startswith(".")], [], "temporary files left")
        self.assertTrue(read(self.path("report.pdf")).startswith(b"%PDF-"))
        self.assertEqual(read(self.path("charts/nps_trend.png"))[:4], b"\x89PNG")

    def test_golden_html_and_svg(self):
        g = Golden()
        g.check("report.html", read(self.path("report.html")), normalise_version)
        g.check("dashboard.html", read(self.path("dashboard.html")), normalise_version)
        g.check("team-payments.html", read(self.path("teams", "payments.html")), normalise_version)
        g.check("report-ko.html", read(os.path.join(self.out_ko, "report.html")), normalise_version)
        for chart in ("lead_time_distribution", "nps_trend", "nps_distribution", "dora_lead_time"):
            g.check("charts/%s.svg" % chart, read(self.path("charts", chart + ".svg")))
        g.check("charts/ko-nps_distribution.svg", read(os.path.join(self.out_ko, "charts", "nps_distribution.svg")))
        g.verdict(self)

    def test_chart_units_text_and_sizes(self):
        import xml.etree.ElementTree as ET
        svg_ns = "{http://www.w3.org/2000/svg}"

        def texts(path):
            root = ET.fromstring(read(path))
            return root, [("".join(t.itertext()), float(t.get("font-size"))) for t in root.iter(svg_ns + "text")]

        for out in (self.out, self.out_ko):
            for name in sorted(os.listdir(os.path.join(out, "charts"))):
                if not name.endswith(".svg"):
                    continue
                data = read(os.path.join(out, "charts", name))
                # text stays text (cairo would write glyph outlines: <symbol>/<use>), in named fonts with Hangul
                self.assertNotIn(b"<symbol", data, name)
                self.assertNotIn(b"<use", data, name)
                root, ts = texts(os.path.join(out, "charts", name))
                self.assertIn("Noto Sans CJK KR", root.get("font-family"), name)
                self.assertGreater(len(ts), 3, name)
                # shown at 640 px or more (CSS) or 1600 px (PNG): 13 of 800 units is 10.4 px
                self.assertGreaterEqual(min(size for _, size in ts) * 640 / 800, 10, name)
        _, ko = texts(os.path.join(self.out_ko, "charts", "nps_distribution.svg"))
        self.assertTrue(any(re.search("[\uac00-\ud7a3]", t) for t, _ in ko), ko)
        css = read(self.path("report.html"), "r")
        self.assertIn("figure.chart svg.chart{width:100%;min-width:640px", css)
        # service creation in minutes: today's 24 min and the 30-minute target are on the axis, the legend agrees
        _, sc = texts(self.path("charts", "service_creation_trend.svg"))
        words = [t for t, _ in sc]
        self.assertIn("minutes, log scale", words)
        self.assertIn("p50 24 min", words)
        self.assertIn("target ≤ 30 min", words)
        self.assertIn("20", words)                               # a tick below 24 minutes
        # the lead time's axis and legend are both in hours
        _, lt = texts(self.path("charts", "dora_lead_time.svg"))
        words = [t for t, _ in lt]
        self.assertIn("hours, log scale", words)
        self.assertIn("p50 20 h", words)
        self.assertIn("p90 80 h", words)
        # DORA charts draw the tier boundaries
        for chart, bound in (("dora_lead_time", "elite < 1 day"), ("dora_change_failure_rate", "high ≤ 10 %"),
                             ("dora_recovery_time", "elite < 1 hour"), ("dora_deployment_frequency", "elite")):
            _, ts = texts(self.path("charts", chart + ".svg"))
            self.assertTrue(any(t.startswith(bound) for t, _ in ts), (chart, [t for t, _ in ts]))

    def test_html_is_inert_and_self_contained(self):
        for name in ("report.html", "dashboard.html"):
            text = read(self.path(name), "r")
            p = Safety()
            p.feed(text)
            self.assertEqual(set(p.tags) & {"script", "iframe", "object", "embed", "link", "img", "form", "base",
                                            "frame", "audio", "video", "source", "use", "image", "foreignobject"},
                             set(), name)
            self.assertEqual(p.tags.count("style"), 1, name)
            for tag, k, v in p.attrs:
                self.assertFalse(k.startswith("on"), (name, tag, k, v))
                self.assertNotIn(k, ("src", "srcset", "action", "formaction", "background"), (name, tag, k))
                if k == "href":
                    # in-page anchors; the dashboard links the team pages beside it
                    self.assertTrue(v.startswith("#") or (name == "dashboard.html" and TEAM_LINK.fullmatch(v)),
                                    (name, v))
                if v and k != "xmlns" and not (tag == "meta" and k == "content"):
                    self.assertNotRegex(v, r"(?i)(https?|javascript|data):", (name, tag, k))
            csp = [v for t, k, v in p.attrs if t == "meta" and k == "content" and "default-src" in (v or "")]
            self.assertEqual(csp, ["default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
                                   "form-action 'none'"], name)
            self.assertIsNone(BIDI.search(text), name)
        text = read(self.path("report.html"), "r")
        p = Safety()
        p.feed(text)
        body = "".join(p.text)
        # hostile names and comments are shown, as text
        self.assertIn(EVIL_TEAM, body)
        self.assertIn(EVIL_COMMENT, body)
        self.assertIn('<img src=x onerror="alert(1)">', body)
        self.assertIn("evil-service", body)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", text)
        self.assertIn("빌드가 너무 느려요", body)

    def test_html_content(self):
        text = read(self.path("report.html"), "r")
        # every section of reports/quarterly.json, in order
        ids = re.findall(r'<section id="sec-([a-z_]+)"', text)
        self.assertEqual(ids, ["scorecard", "coverage", "service_creation", "adoption", "nps", "onboarding", "tickets",
                               "dora", "teams", "freshness", "definitions"])
        score = text[text.index('<table id="scorecard">'):]
        score = score[:score.index("</table>")]
        rows = re.findall(r'<tr data-metric="([a-z0-9_]+)">', score)
        self.assertEqual(len(rows), 10)
        self.assertIn("82.3 %", score)                          # adoption 0.8227
        self.assertIn('class="band band-target">target<', score)
        self.assertIn("▲</span> +9.1 pp", score)
        self.assertIn("<svg class=\"spark\"", score)
        self.assertIn("≤ 30 min", score)                         # target from bands.json
        # no data is said, never a 0
        onboarding = re.search(r'<tr data-metric="onboarding_time_p50_days">.*?</tr>', score, re.S).group(0)
        self.assertIn("no data", onboarding)
        # NPS: interval, significance, distribution, themes with examples
        self.assertIn("+28 to +48", text)
        self.assertIn("a statistically significant change", text)
        self.assertIn('id="chart-nps_distribution"', text)
        self.assertIn('<table id="themes">', text)
        # teams sorted by name, the small group suppressed
        teams = re.search(r'<table class="scopes" data-kind="team">.*?</table>', text[text.index('id="sec-teams"'):],
                          re.S).group(0)
        names = re.findall(r"<tr><td><bdi>(.*?)</bdi>", teams)
        self.assertEqual(names, sorted(names))
        self.assertEqual(len(names), 6)
        self.assertIn("suppressed (small group)", teams)
        # DORA tiles per service and team with tiers
        self.assertIn('data-kind="service"', text)
        self.assertIn('class="tier tier-elite"', text)
        # freshness: the failed source and its message (escaped)
        self.assertIn("The latest surveys collection failed", text)
        self.assertIn("&lt;b&gt;near&lt;/b&gt;", text)
        # exclusions come from the dataset
        self.assertIn("Scaffolder tasks</bdi>: 5 — still open or processing", text)
        # definitions of every metric
        for m in METRICS:
            self.assertIn("<code>%s</code>" % m, text)

    def test_korean(self):
        text = read(os.path.join(self.out_ko, "report.html"), "r")
        self.assertIn('<html lang="ko">', text)
        self.assertIn("플랫폼 보고서 2026-Q3", text)
        self.assertIn(">목표 달성<", text)
        self.assertIn("서비스 생성 시간 (중앙값)", text)
        self.assertNotIn("no data", text)
        self.assertIn("데이터 없음", text)

    def test_workbook_read_back(self):
        import openpyxl
        wb = openpyxl.load_workbook(self.path("report.xlsx"))
        values = openpyxl.load_workbook(self.path("report.xlsx"), data_only=True)
        self.assertEqual(wb.sheetnames, ["Summary", "Service creation", "Adoption", "NPS", "Onboarding", "Tickets",
                                         "DORA", "DORA by service", "Teams", "Definitions", "Scaffolder tasks", "Scaffolder excluded",
                                         "Repositories", "Deployments", "Incidents", "DORA sources", "DORA excluded",
                                         "Survey responses",
                                         "New starters", "Ticket list"])
        s = wb["Summary"]
        self.assertEqual(s.freeze_panes, "B6")
        self.assertEqual(s.auto_filter.ref, "A5:K15")
        head = [c.value for c in s[5]]
        self.assertEqual(head[:3], ["KPI", "Name", PERIOD])
        by_name = {row[1].value: row for row in s.iter_rows(min_row=6, max_row=15)}
        adoption = by_name["golden_path_adoption_rate"]
        self.assertAlmostEqual(adoption[2].value, metric(self.doc, "golden_path_adoption_rate")["value"], places=6)
        self.assertEqual(adoption[4].value, "target")
        self.assertEqual(adoption[2].number_format, "0.0%")
        self.assertEqual(by_name["deployment_frequency_per_week"][5].value, "high")
        self.assertEqual(by_name["onboarding_time_p50_days"][2].value, "no data")
        self.assertEqual(adoption[8].value, "=C7-H7")
        vs = values["Summary"]
        self.assertAlmostEqual(vs["I7"].value, adoption[2].value - adoption[7].value, places=6)
        # conditional formats colour the band column
        self.assertIn("E6:E15", [str(r.sqref) for r in s.conditional_formatting])

        # per-service DORA values: one row per service on a sheet of their own (none in the DORA sheet's rows),
        # each metric a column, then the tier words
        self.assertFalse([r[3].value for r in wb["DORA"].iter_rows(min_row=2) if str(r[3].value).startswith("service:")])
        svc = wb["DORA by service"]
        head = [c.value for c in svc[1]]
        self.assertEqual(head[:2], ["Service", "Team"])
        self.assertEqual(head[-1], "Notes")
        self.assertEqual(svc.freeze_panes, "B2")
        self.assertEqual(svc.auto_filter.ref, "A1:%s%d" % (openpyxl.utils.get_column_letter(len(head)), svc.max_row))
        title = {r[1].value: r[0].value for r in wb["Definitions"].iter_rows(min_row=2)}
        # (in the order of the services' names; the workbook drops bidi controls from the hostile one), as the
        # report's metrics.json has them, with what is held back
        doc = json.loads(read(self.path("metrics.json"), "r"))
        want = {(BIDI.sub("", m["scope"][len("service:"):]), m["metric"]): m for m in doc["metrics"]
                if m["scope"].startswith("service:")}
        rows = {r[0]: r for r in svc.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(list(rows), [BIDI.sub("", s[len("service:"):]) for s in
                                      sorted({m["scope"] for m in doc["metrics"] if m["scope"].startswith("service:")})])
        self.assertGreater(len(rows), 1)
        checked = tiers = held = 0
        for (service, name), m in want.items():
            row = rows[service]
            if m["value"] is not None:
                self.assertAlmostEqual(row[head.index(title[name])], m["value"], places=9, msg=(service, name))
                checked += 1
            col = "Tier: " + title[name]
            if m.get("tier") and not m.get("held_back"):
                self.assertEqual(row[head.index(col)], m["tier"], (service, name))
                tiers += 1
            elif m.get("held_back") and col in head:
                self.assertRegex(row[head.index(col)], r"^too (few|early)", (service, name))
                held += 1
        self.assertGreater(checked, 10)
        self.assertGreater(tiers, 2)
        self.assertGreater(held, 0)

        # key figures: formulas over the dataset sheet, cached values, equal to idpmetrics' own values
        ws, wv, data = wb["Service creation"], values["Service creation"], wb["Scaffolder tasks"]
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertTrue(ws.auto_filter.ref.startswith("A1:J"))
        header = [c.value for c in data[1]]
        rows = [[c.value for c in r] for r in data.iter_rows(min_row=2)]
        self.assertEqual(len(rows), 48)
        col = {name: i for i, name in enumerate(header)}
        figures = {}
        for r in range(1, ws.max_row + 1):
            f = ws.cell(r, 13).value
            if isinstance(f, str) and f.startswith("="):
                figures[ws.cell(r, 12).value] = (f, wv.cell(r, 13).value, ws.cell(r, 14).value)
        self.assertEqual(len(figures), 4, figures)
        f, cached, mine = figures["Service creation time (median)"]
        m = re.fullmatch(r"=_xlfn\.PERCENTILE\.INC\('Scaffolder tasks'!\$([A-Z])\$2:\$\1\$(\d+),0\.5\)", f)
        self.assertIsNotNone(m, f)
        self.assertEqual(m.group(1), "F")
        self.assertEqual(int(m.group(2)), 49)
        leads = [r[col["lead_minutes"]] for r in rows if isinstance(r[col["lead_minutes"]], (int, float))]
        self.assertAlmostEqual(cached, percentile(leads, 0.5), places=6)
        self.assertAlmostEqual(cached, mine, places=4)
        self.assertAlmostEqual(mine, metric(self.doc, "service_creation_lead_time_p50_minutes")["value"], places=6)
        f, cached, mine = figures["Service creation time (p95)"]
        self.assertAlmostEqual(cached, percentile(leads, 0.95), places=6)
        self.assertAlmostEqual(cached, mine, places=4)
        f, cached, mine = figures["Services created"]
        self.assertIn('COUNTIFS(\'Scaffolder tasks\'!$C$2:$C$49,"completed")', f)
        self.assertEqual(cached, sum(1 for r in rows if r[col["status"]] == "completed"))
        self.assertEqual(cached, mine)
        f, cached, mine = figures["Scaffolder success rate"]
        done = sum(1 for r in rows if r[col["status"]] in ("completed", "failed", "cancelled"))
        self.assertAlmostEqual(cached, figures["Services created"][1] / done, places=9)
        self.assertAlmostEqual(cached, mine, places=5)

        # native charts on every KPI sheet (one per quantity: test_workbook checks their units), drawing from that sheet
        with zipfile.ZipFile(self.path("report.xlsx")) as z:
            charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
            self.assertEqual(len(charts), 21)
            sheets_used = set()
            for c in charts:
                xml = z.read(c).decode()
                sheets_used.update(re.findall(r"<c:f>'?([^'!<]+)'?!", xml))
            self.assertEqual(sheets_used, {"Service creation", "Adoption", "NPS", "Onboarding", "Tickets", "DORA"})
            core = z.read("docProps/core.xml").decode()
            self.assertIn("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-10-15T00:00:00Z</dcterms:created>", core)

        # hostile text stays text: neutralised, no foreign formulas, no bidi controls
        allowed = re.compile(r"=(_xlfn\.PERCENTILE\.INC|\(COUNTIFS)|=C\d+-H\d+$")
        for sheet in wb.worksheets:
            for row in sheet.iter_rows():
                for c in row:
                    if c.data_type == "f":
                        self.assertRegex(c.value, allowed, (sheet.title, c.coordinate))
                        self.assertNotIn("HYPERLINK", c.value)
                    elif isinstance(c.value, str):
                        self.assertIsNone(BIDI.search(c.value), (sheet.title, c.coordinate))
                        self.assertFalse(c.value[:1] in ("=", "+", "-", "@", "\t", "\r"),
                                         (sheet.title, c.coordinate, c.value))
        # dates are Excel dates (UTC) shown as in the CSV files, so that they sort, filter and subtract
        created = [r[col["created"]] for r in rows]
        self.assertTrue(all(isinstance(v, datetime.datetime) for v in created), created[:3])
        self.assertEqual(data.cell(2, col["created"] + 1).number_format, "yyyy-mm-dd\\Thh:mm:ss\\Z")
        with open(self.path("csv", "scaffolder_tasks.csv"), encoding="utf-8-sig", newline="") as f:
            listed = list(csv.DictReader(f))
        self.assertEqual([v.strftime("%Y-%m-%dT%H:%M:%SZ") for v in created], [t["created"] for t in listed])
        repos = [r[col["repository"]] for r in rows]
        self.assertIn("'" + EVIL_COMMENT, repos)                 # neutralised, still readable
        templates = [r[col["template"]] for r in rows]
        self.assertIn("template:default/" + EVIL_COMMENT, templates)
        teams = [r[0].value for r in wb["Teams"].iter_rows(min_row=2, max_row=7)]
        self.assertEqual(teams, sorted(teams))
        self.assertIn(EVIL_TEAM, teams)
        cells = [c.value for row in wb["Teams"].iter_rows() for c in row]
        self.assertIn("suppressed (small group)", cells)
        examples = [c.value for row in wb["NPS"].iter_rows() for c in row if isinstance(c.value, str)]
        self.assertTrue(any(v.startswith("'" + EVIL_COMMENT) for v in examples), "NPS comment examples")

    def test_csv_files(self):
        raw = read(self.path("csv", "scaffolder_tasks.csv"))
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        self.assertIn(b"\r\n", raw)
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""))
        rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
        self.assertEqual(rows[0], ["task_id", "template", "status", "created", "completed", "lead_minutes",
                                   "approximate", "repository"])
        self.assertEqual(len(rows), 49)
        repos = [r[7] for r in rows[1:]]
        self.assertIn("'" + EVIL_COMMENT, repos)
        templates = [r[1] for r in rows[1:]]
        self.assertIn("template:default/" + EVIL_COMMENT, templates)
        for r in rows:
            for cell in r:
                self.assertFalse(cell[:1] in ("=", "+", "@", "\t", "\r") or
                                 (cell[:1] == "-" and not re.fullmatch(r"-[0-9.]+", cell)), cell)
                self.assertIsNone(BIDI.search(cell), cell)
        excl = list(csv.reader(io.StringIO(read(self.path("csv", "scaffolder_excluded.csv"))[3:].decode(), newline="")))
        self.assertEqual(excl[0], ["what", "count", "reason"])
        self.assertIn(["scaffolder_tasks", "5", "task_unfinished"], excl)
        metrics = read(self.path("csv", "metrics.csv"))
        self.assertIsNone(BIDI.search(metrics.decode()))
        # per-service values of the reported quarter only (thousands of rows a quarter in a large
        # organisation); the trend of the organisation, teams and templates over the earlier quarters
        listed = list(csv.DictReader(io.StringIO(metrics[3:].decode(), newline="")))
        periods = {}
        for r in listed:
            periods.setdefault(r["scope"].split(":")[0], set()).add(r["period"])
        self.assertEqual(periods["service"], {PERIOD})
        self.assertIn("2026-Q2", periods["org"])
        self.assertIn("2026-Q2", periods["team"])
        earlier = [m for m in self.h.export("2026-Q2", now=NOW)["metrics"] if m["scope"].startswith("service:")]
        self.assertGreater(len(earlier), 0, "the database holds per-service values of 2026-Q2")
        self.assertIn(b'"team:<script>alert(1)</script>"', metrics)

    def test_openmetrics_export(self):
        r = self.h.run("export", "--format", "openmetrics", "--period", PERIOD, now=NOW)
        self.assertExit(r, 0)
        lines = r.out.split("\n")
        self.assertEqual(lines[-2:], ["# EOF", ""])
        typed, samples = set(), {}
        sample_re = re.compile(r'^(idpmetrics_[a-z0-9_]+)\{((?:[a-z]+="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (-?[0-9.e+-]+)$')
        for line in lines[:-2]:
            if line.startswith("# TYPE "):
                name, kind = line.split()[2:4]
                self.assertEqual(kind, "gauge")
                self.assertNotIn(name, typed)
                typed.add(name)
                continue
            if line.startswith("# "):
                self.assertRegex(line, r"^# (HELP|UNIT) idpmetrics_[a-z0-9_]+ ")
                continue
            m = sample_re.match(line)
            self.assertIsNotNone(m, line)
            self.assertIn(m.group(1), typed, "sample before its TYPE: " + line)
            labels = {}
            for k, v in re.findall(r'([a-z]+)="((?:[^"\\]|\\.)*)"', m.group(2)):
                labels[k] = re.sub(r"\\(.)", lambda x: {"n": "\n"}.get(x.group(1), x.group(1)), v)
            samples.setdefault(m.group(1), []).append((labels, float(m.group(3))))
        nps = {l["scope"]: v for l, v in samples["idpmetrics_developer_nps"]}
        self.assertAlmostEqual(nps["org"], metric(self.doc, "developer_nps")["value"], places=6)
        self.assertIn("team:" + EVIL_TEAM, nps)
        self.assertNotIn("team:mobile", nps)                    # suppressed: no value, no sample
        self.assertNotIn("idpmetrics_onboarding_time_p50_days", samples)  # no data: no fake 0
        dfw = {l["scope"]: l for l, v in samples["idpmetrics_deployment_frequency_per_week"]}
        self.assertEqual(dfw["org"]["tier"], "high")
        self.assertEqual(dfw["org"]["period"], PERIOD)
        self.assertIn('service:<img src=x onerror="alert(1)">', dfw)  # quotes escaped and read back
        self.assertIn("service:evil-service", dfw)                   # bidi controls dropped
        adoption = samples["idpmetrics_golden_path_adoption_rate"][0][0]
        self.assertEqual(adoption["band"], "target")
        ok = {l["source"]: v for l, v in samples["idpmetrics_source_last_run_ok"]}
        self.assertEqual(ok, {"catalog": 1, "github": 0, "scaffolder": 1, "surveys": 0})
        self.assertIn("# UNIT idpmetrics_service_creation_lead_time_p50_minutes minutes", r.out)

    def test_deterministic(self):
        # (formats side by side whatever the machine's processor count: --jobs 4)
        out2 = self.h.path("out-again")
        r = self.h.run("report", "--period", PERIOD, "--jobs", "4", "--out", out2, now=NOW)
        self.assertExit(r, 0)
        files = []
        for root, _, names in os.walk(self.out):
            files += [os.path.relpath(os.path.join(root, n), self.out) for n in names]
        self.assertGreater(len(files), 25)
        for name in sorted(files):
            self.assertEqual(read(self.path(name)), read(os.path.join(out2, name)), name)
        # one format after the other in this process (--jobs 1) writes the same files as side by side
        out1 = self.h.path("out-jobs1")
        self.assertExit(self.h.run("report", "--period", PERIOD, "--jobs", "1", "--out", out1, now=NOW), 0)
        for name in sorted(files):
            self.assertEqual(read(os.path.join(out2, name)), read(os.path.join(out1, name)), name)
        # a chart does not depend on which other formats were drawn in the same run
        out3 = self.h.path("out-svg")
        self.assertExit(self.h.run("report", "--period", PERIOD, "--format", "svg", "--out", out3, now=NOW), 0)
        for name in os.listdir(os.path.join(out3, "charts")):
            self.assertEqual(read(self.path("charts", name)), read(os.path.join(out3, "charts", name)), name)


DAY2 = "2026-10-02T12:00:00Z"   # day 2 of 2026-Q4 (92 days)
# What the nightly run stores on day 2 of a quarter: a few values from a handful of observations.
DAY2_VALUES = [
    ("deployment_frequency_per_week", "org", 0.0, "per_week", 12, None, "low", ["partial_period"]),
    ("deployments", "org", 0, "count", 0, None, None, ["partial_period"]),
    ("change_failure_rate", "org", 0.043, "fraction", 23, None, "elite", ["partial_period"]),
    ("lead_time_for_changes_p50_hours", "org", 30.0, "hours", 3, None, "high", []),
    ("failed_deployment_recovery_time_p50_hours", "org", 2.0, "hours", 1, None, "high", ["incomplete"]),
    ("golden_path_adoption_rate", "org", 0.83, "fraction", 141, "target", None, []),
    ("service_creation_lead_time_p50_minutes", "org", 16.0, "minutes", 2, "target", None, []),
    ("infra_tickets_per_month", "org", 30.0, "per_month", 2, "average", None, ["partial_period"]),
    ("onboarding_time_p50_days", "org", 3.0, "days", 1, "good", None, ["small_sample", "incomplete"]),
    ("change_failure_rate", "service:ledger", 0.0, "fraction", 2, None, "elite", ["partial_period"]),
    ("deployment_frequency_per_week", "service:ledger", 2.0, "per_week", 2, None, "high", ["partial_period"]),
]


class Tiles(html.parser.HTMLParser):
    """The dashboard's tiles: {metric: {"class": ..., "text": ..., "held": [...]}}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tiles, self.cur, self.depth = {}, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "data-metric" in a and "tile" in (a.get("class") or "").split():
            self.cur = {"class": a["class"], "text": "", "held": [], "chips": []}
            self.tiles[a["data-metric"]] = self.cur
            self.depth = 0
        if self.cur is None:
            return
        if tag == "div":
            self.depth += 1
        if "data-held" in a:
            self.cur["held"].append(a["data-held"])
        if tag == "span" and any(c.startswith(("band-", "tier-")) for c in (a.get("class") or "").split()):
            self.cur["chips"].append(a["class"])

    def handle_endtag(self, tag):
        if self.cur is not None and tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur["text"] += data


class InProgress(TestCase):
    """Day 2 of a quarter: values say "so far", bands, tiers and changes are held back, flags keep their own words."""

    @classmethod
    def setUpClass(cls):
        cls.h = seeded_home()
        con = sqlite3.connect(cls.h.db)
        for metric, scope, v, unit, n, band, tier, flags in DAY2_VALUES:
            con.execute("INSERT INTO metric_values (metric, period, scope, value, unit, n, band, tier, flags, detail, "
                        "computed_at) VALUES (?,?,?,?,?,?,?,?,?,NULL,?)",
                        (metric, "2026-Q4", scope, v, unit, n, band, tier, json.dumps(flags), 1791072000))
        con.commit()
        con.close()
        cls.out = cls.h.path("out")
        cls.r = cls.h.run("report", "--period", "2026-Q4", "--format", "html,dashboard,json,xlsx,pdf", "--out",
                          cls.out, now=DAY2)

    @classmethod
    def tearDownClass(cls):
        cls.h.remove()

    def test_dashboard_marks_partial_and_holds_back(self):
        self.assertExit(self.r, 0)
        p = Tiles()
        p.feed(read(os.path.join(self.out, "dashboard.html"), "r"))
        tiles = p.tiles
        self.assertEqual(len(tiles), 10)
        for metric, t in tiles.items():
            self.assertRegex(t["text"], r"n\s*(\d+|–)\s*$", metric)             # n on every tile (its last term)
            if "no data" in t["text"]:
                continue
            self.assertIn("so far: day 2 of 92", t["text"], metric)
        for metric in ("deployment_frequency_per_week", "change_failure_rate", "lead_time_for_changes_p50_hours",
                       "failed_deployment_recovery_time_p50_hours", "service_creation_lead_time_p50_minutes",
                       "infra_tickets_per_month", "onboarding_time_p50_days"):
            t = tiles[metric]
            self.assertIn("too_early", t["held"], (metric, t))
            # nothing coloured like a finding, no arrow
            self.assertEqual([c for c in t["chips"] if not c.endswith("band-none held")], [], (metric, t))
            self.assertNotRegex(t["class"], r"(band|tier)-(target|good|average|poor|elite|high|medium|low)", metric)
            self.assertNotIn("▼", t["text"], metric)
            self.assertNotIn("▲", t["text"], metric)
            self.assertIn("too early", t["text"], metric)
        self.assertNotIn(" low", tiles["deployment_frequency_per_week"]["text"])
        self.assertNotIn("elite", tiles["change_failure_rate"]["text"])
        # the golden-path adoption is a snapshot of today, not a sum over two days: its band is shown
        self.assertIn("band-target", tiles["golden_path_adoption_rate"]["class"])

    def test_flags_have_their_own_words(self):
        text = read(os.path.join(self.out, "dashboard.html"), "r")
        warnings = re.findall(r"<li class=\"(?:error|warning|info)\">(.*?)</li>", text, re.S)
        dora = [w for w in warnings if re.search(r"Deployment|Change failure|Recovery time|Deployments", w)]
        self.assertGreaterEqual(len(dora), 4, warnings)
        for w in dora:
            self.assertNotIn("months elapsed", w)
            self.assertNotIn("first productive day", w)
        self.assertTrue(any("weeks elapsed" in w for w in dora), dora)
        self.assertTrue(any("incidents opened in the period are still open" in w for w in dora), dora)
        self.assertTrue(any("Infrastructure tickets" in w and "months elapsed" in w for w in warnings))
        self.assertTrue(any("Onboarding" in w and "first productive day" in w for w in warnings))
        self.assertTrue(any("day 2 of 92" in w and "held back until day 31" in w for w in warnings), warnings)

    def test_report_and_per_service_tiles(self):
        text = read(os.path.join(self.out, "report.html"), "r")
        score = text[text.index('<table id="scorecard">'):]
        score = score[:score.index("</table>")]
        self.assertNotIn("▼", score)
        self.assertNotIn("tier-low", score)
        self.assertIn("so far: day 2 of 92", score)
        ledger = re.search(r"<h4><bdi>ledger</bdi></h4>(.*?)</div>", text, re.S).group(1)
        self.assertIn("(n = 2)", ledger)
        self.assertNotIn("tier-elite", ledger)
        self.assertNotIn("tier-high", ledger)
        self.assertIn('data-held="too_early"', ledger)
        # the summary counts only what it shows, and says what is held back
        self.assertIn("1 of 1 KPIs with a band or DORA tier are at target or good", text)
        self.assertIn("poor or low: 0.", text)
        self.assertRegex(text, r"held back \(too early in the quarter, or too few observations\): .*Deployment frequency")

    def test_json_carries_the_state(self):
        doc = json.loads(read(os.path.join(self.out, "metrics.json"), "r"))
        self.assertEqual(doc["progress"], {"complete": False, "day": 2, "days": 92, "bands_from_day": 31})
        rows = {(m["metric"], m["scope"]): m for m in doc["metrics"]}
        dfw = rows[("deployment_frequency_per_week", "org")]
        self.assertEqual(dfw["held_back"], "too_early")
        self.assertEqual(dfw["tier"], "low")             # the export contract keeps the computed tier
        self.assertEqual(rows[("golden_path_adoption_rate", "org")]["held_back"], None)
        self.assertEqual(rows[("change_failure_rate", "service:ledger")]["min_n"], 10)

    def test_pdf_says_so_far(self):
        pdftotext = shutil.which("pdftotext")
        self.assertIsNotNone(pdftotext, "pdftotext is not installed (.ci/install-deps --test installs poppler-utils)")
        text = subprocess.run([pdftotext, os.path.join(self.out, "report.pdf"), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        self.assertIn("so far: day 2 of 92", text)
        score = text[text.index("so far: day 2 of 92"):]
        score = score[:score.index("Recovery time")]
        self.assertIn("too early", score)
        self.assertNotIn("elite", score)

    def test_workbook_holds_back(self):
        import openpyxl
        wb = openpyxl.load_workbook(os.path.join(self.out, "report.xlsx"))
        s = wb["Summary"]
        rows = {r[1].value: r for r in s.iter_rows(min_row=6, max_row=15)}
        dfw = rows["deployment_frequency_per_week"]
        self.assertIsNone(dfw[4].value)
        self.assertRegex(dfw[5].value, r"^too early")
        self.assertIsNone(dfw[8].value)                  # no change formula against a whole quarter
        self.assertIn("so far: day 2 of 92", dfw[10].value)
        self.assertEqual(rows["golden_path_adoption_rate"][4].value, "target")


class SmallNumbers(TestCase):
    """A closed quarter: a tier from fewer observations than its minimum is "too few" with n, never coloured."""

    def test_too_few(self):
        h = seeded_home(self)
        out = h.path("out")
        self.assertExit(h.run("report", "--period", PERIOD, "--format", "html,json", "--out", out, now=NOW), 0)
        text = read(os.path.join(out, "report.html"), "r")
        checkout = re.search(r"<h4><bdi>checkout-api</bdi></h4>(.*?)</div>", text, re.S).group(1)
        recovery = re.search(r"<dt>[^<]*</dt><dd>([^<]*<span class=\"n\">\(n = 2\)</span>.*?)</dd>", checkout).group(1)
        self.assertIn("too few (n = 2, at least 3)", recovery)
        self.assertNotIn("tier-elite", recovery)
        doc = json.loads(read(os.path.join(out, "metrics.json"), "r"))
        self.assertEqual(doc["progress"], {"complete": True})
        held = {(m["metric"], m["scope"]) for m in doc["metrics"] if m["held_back"] == "too_few"}
        self.assertIn(("failed_deployment_recovery_time_p50_hours", "service:checkout-api"), held)
        # every per-service and per-team DORA tile value carries its n
        dora = text[text.index('id="sec-dora"'):text.index('id="sec-teams"')]
        for tile in re.findall(r'<div class="tile"><h4>.*?</div>', dora, re.S):
            values = re.findall(r"<dd>(.*?)</dd>", tile, re.S)
            for v in values:
                if "no data" not in v:
                    self.assertIn("(n = ", v, tile)


class TeamPages(TestCase):
    """Each team's own page beside the dashboard: its KPIs, its trend over the quarters kept, its services."""

    def test_team_pages(self):
        h = seeded_home(self)
        con = sqlite3.connect(h.db)
        # payments owns the ledger and checkout-api repositories in the catalog
        con.execute("INSERT INTO catalog_groups (ref, namespace, name, members) VALUES "
                    "('group:default/payments', 'default', 'payments', 4)")
        for repo in ("ledger", "checkout-api", "search-indexer"):
            owner = "group:default/payments" if repo != "search-indexer" else None
            con.execute("INSERT INTO catalog_components (ref, namespace, name, team_ref, repo, repo_key) VALUES "
                        "(?, 'default', ?, ?, ?, ?)", ("component:default/" + repo, repo, owner, "acme/" + repo,
                                                        "acme/" + repo))
            con.execute("INSERT INTO github_repos (full_name, owner, name, updated_at) VALUES (?, 'acme', ?, 0)",
                        ("acme/" + repo, repo))
        con.commit()
        con.close()
        out = h.path("out")
        self.assertExit(h.run("report", "--period", PERIOD, "--format", "dashboard", "--out", out, now=NOW), 0)
        dash = read(os.path.join(out, "dashboard.html"), "r")
        links = re.findall(r'<a href="(teams/[^"]+)"><bdi>(.*?)</bdi></a>', dash)
        self.assertEqual(len(links), 6, links)
        for href, _ in links:
            self.assertRegex(href, TEAM_LINK)
            self.assertTrue(os.path.exists(os.path.join(out, href)), href)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(out, href)).st_mode), 0o600)
        by_name = {html.unescape(n): href for href, n in links}
        self.assertEqual(by_name["payments"], "teams/payments.html")
        self.assertNotIn("<", by_name[EVIL_TEAM])
        self.assertNotEqual(by_name["결제팀"], by_name[EVIL_TEAM])
        page = read(os.path.join(out, "teams", "payments.html"), "r")
        self.assertIn("<h1>Team payments: 2026-Q3</h1>", page)
        self.assertIn('href="%s"' % BACK_LINK, page)
        p = Tiles()
        p.feed(page)
        self.assertEqual(set(p.tiles), {"developer_nps", "nps_responses", "golden_path_adoption_rate",
                                        "service_creation_lead_time_p50_minutes", "deployment_frequency_per_week",
                                        "lead_time_for_changes_p50_hours", "change_failure_rate",
                                        "failed_deployment_recovery_time_p50_hours"})
        self.assertIn("+21", p.tiles["developer_nps"]["text"])   # the team's own value, not the org's
        trend = re.search(r'<table class="trend" id="team-trend">.*?</table>', page, re.S).group(0)
        quarters = re.findall(r'<tr><th scope="row">(\d{4}-Q\d)</th>', trend)
        self.assertGreaterEqual(len(quarters), 4)
        self.assertEqual(quarters[-1], PERIOD)
        services = re.search(r'<table class="scopes" data-kind="service" id="team-services">.*?</table>', page,
                             re.S).group(0)
        self.assertEqual(re.findall(r'<tr><th scope="row"><bdi>(.*?)</bdi>', services), ["checkout-api", "ledger"])
        self.assertIn("(n = ", services)
        # a team without services says so; every team page is inert like the dashboard
        other = read(os.path.join(out, "teams", "search.html"), "r")
        self.assertIn("No service of this quarter is owned by this team", other)
        for href, _ in links:
            text = read(os.path.join(out, href), "r")
            s = Safety()
            s.feed(text)
            self.assertNotIn("script", s.tags)
            self.assertEqual([v for t, k, v in s.attrs if k == "href"], [BACK_LINK])


class Recorder:
    """A TCP listener on 127.0.0.1 that records the first line of every connection (a proxy that refuses)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.seen = []
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.loop, daemon=True).start()

    def loop(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            try:
                conn.settimeout(2)
                self.seen.append(conn.recv(512).split(b"\r\n")[0])
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            conn.close()

    def close(self):
        self.sock.close()


# Chromium's own service traffic, which flags do not switch off in the new headless mode (component
# updater, account lookup, network time).  None of it can come from a page without a URL in it: the
# static test above proves the report has no URL, and the canary below proves page fetches are seen.
BROWSER_INTERNAL = re.compile(rb"^(CONNECT (update\.googleapis\.com|accounts\.google\.com|clients2\.google\.com):443 "
                              rb"|POST http://update\.googleapis\.com/service/update2/json\?"
                              rb"|GET http://clients2\.google\.com/time/1/current\?)")


class Browser(TestCase):
    """The HTML report in headless Chromium: it renders, the scorecard is in the DOM, nothing is fetched."""

    def chromium(self, *args):
        p = subprocess.run(self.base + list(args), env=self.env, capture_output=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        return p.stdout

    def page_requests(self):
        # an empty line is a connection the browser opened ahead and closed unused (it sent no request)
        return [line for line in self.proxy.seen if line and not BROWSER_INTERNAL.match(line)]

    def test_chromium(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            self.skipTest("chromium is not installed (.ci/install-deps --test installs it)")
        h = seeded_home(self)
        out = h.path("out")
        self.assertExit(h.run("report", "--period", PERIOD, "--format", "html,dashboard", "--out", out, now=NOW), 0)
        self.proxy = Recorder()
        self.addCleanup(self.proxy.close)
        profile = tempfile.mkdtemp(prefix="idpm-chromium-")
        self.addCleanup(shutil.rmtree, profile, True)
        self.base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                     "--disable-extensions", "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate",
                     "--user-data-dir=" + profile, "--proxy-server=http://127.0.0.1:%d" % self.proxy.port,
                     "--proxy-bypass-list=<-loopback>"]
        self.env = dict(os.environ, HOME=profile)

        # control: a page that does fetch is caught, so silence below means something
        canary = h.write("canary.html", '<!DOCTYPE html><img src="http://idpm-canary.invalid/pixel.png">'
                                        '<link rel="stylesheet" href="http://fonts.idpm-canary.invalid/x.css">')
        self.chromium("--dump-dom", "file://" + canary)
        self.assertTrue(any(b"idpm-canary.invalid" in line for line in self.page_requests()), self.proxy.seen)
        self.proxy.seen.clear()

        shot = h.path("shot.png")
        url = "file://" + os.path.join(out, "report.html")
        self.chromium("--window-size=1280,2400", "--screenshot=" + shot, url)
        png = read(shot)
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertGreater(len(png), 20000)
        dom = self.chromium("--dump-dom", url).decode("utf-8")
        self.assertIn('<table id="scorecard">', dom)
        self.assertIn("Developer NPS", dom)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", dom)
        self.assertNotIn("<script>", dom)
        dom = self.chromium("--dump-dom", "file://" + os.path.join(out, "dashboard.html")).decode("utf-8")
        self.assertIn('id="kpis"', dom)
        self.assertEqual(self.page_requests(), [], "the report made the browser fetch something")


class Edges(TestCase):
    def test_empty_database_says_no_data(self):
        h = seeded_home(self, seed=False)
        out = h.path("out")
        r = h.run("report", "--period", PERIOD, "--out", out, now=NOW)
        self.assertExit(r, 0)
        text = read(os.path.join(out, "report.html"), "r")
        self.assertIn("0 of 10 scorecard KPIs have data", text)
        self.assertIn("No data for this chart yet", text)
        self.assertIn("No collection runs are recorded", text)
        self.assertNotRegex(text, r'<td class="num">0(\.0)? ?%</td>')
        for name in ("report.xlsx", "report.pdf", "charts/nps_trend.svg", "charts/lead_time_distribution.png",
                     "csv/scaffolder_tasks.csv", "dashboard.html"):
            self.assertTrue(os.path.exists(os.path.join(out, name)), name)
        import openpyxl
        wb = openpyxl.load_workbook(os.path.join(out, "report.xlsx"))
        self.assertEqual(wb["Summary"]["C6"].value, "no data")

    def test_definitions_override(self):
        h = seeded_home(self, config="reporting: { timezone: UTC, definitions_dir: defs }\n")
        with open(os.path.join(SRC, "reports", "quarterly.json"), encoding="utf-8") as f:
            q = json.load(f)
        q["sections"] = [s for s in q["sections"] if s["id"] in ("scorecard", "nps")]
        q["sections"].append({"id": "custom", "kind": "kpi", "title": {"en": "Our own section"},
                              "metrics": ["incidents"], "charts": []})
        q["scorecard"] = ["developer_nps", "incidents"]
        h.write("defs/quarterly.json", json.dumps(q))
        h.write("defs/messages-en.json", json.dumps({"report.title": "Quarterly platform review {0}"}))
        out = h.path("out")
        r = h.run("report", "--period", PERIOD, "--format", "html,xlsx", "--out", out, now=NOW)
        self.assertExit(r, 0)
        text = read(os.path.join(out, "report.html"), "r")
        self.assertEqual(re.findall(r'<section id="sec-([a-z_]+)"', text), ["scorecard", "nps", "custom"])
        self.assertIn("<h1>Quarterly platform review 2026-Q3</h1>", text)
        self.assertIn("<h2>Our own section</h2>", text)
        self.assertEqual(len(re.findall(r'<tr data-metric=', text)), 2)
        # a broken definition is a configuration error naming the file
        h.write("defs/quarterly.json", '{"sections": [{"id": "x", "kind": "pie"}]}')
        r = h.run("report", "--period", PERIOD, "--out", out, now=NOW)
        self.assertExit(r, 3)
        self.assertIn(os.path.join("defs", "quarterly.json") + ": section 'x'", r.err)

    def test_run_refreshes_dashboard(self):
        h = seeded_home(self, config="reporting: { timezone: UTC }\n", seed=False)  # no source configured
        r = h.run("run", now=NOW)
        self.assertExit(r, 0)
        dash = read(h.path("out", "dashboard.html"), "r")
        self.assertIn('id="kpis"', dash)
        self.assertIn('<meta http-equiv="refresh" content="3600">', dash)
        self.assertIn("Quarter in progress", dash)
        self.assertTrue(os.path.exists(h.path("out", "metrics.json")))

    def test_messages_complete(self):
        """Every message key the renderers use exists in English; Korean has every English key it needs."""
        used = set()
        for name in os.listdir(os.path.join(SRC, "src", "render")):
            if name.endswith(".c"):
                code = read(os.path.join(SRC, "src", "render", name), "r")
                used.update(re.findall(r'(?:msg|msg_opt|html_msg|msg_fmt)\((?:m|p->m|x->m), "([a-z_]+\.[a-z_.]+)"',
                                       code))
        en = json.loads(read(os.path.join(SRC, "reports", "messages-en.json")))
        ko = json.loads(read(os.path.join(SRC, "reports", "messages-ko.json")))
        self.assertGreater(len(used), 50)
        self.assertEqual(sorted(used - set(en)), [])
        q = json.loads(read(os.path.join(SRC, "reports", "quarterly.json")))
        for s in q["sections"]:
            self.assertIn("section." + s["id"], en)
            self.assertIn("section." + s["id"], ko)
        for c in q["charts"]:
            self.assertIn("chart." + c["name"], en)
            self.assertIn("chart." + c["name"], ko)
        for m in METRICS:
            self.assertIn("metric." + m, en)
            self.assertIn("metric." + m, ko)
            self.assertIn("definition." + m, ko)
        missing_ko = sorted(k for k in en if k not in ko and not k.startswith(("sheet.", "short.")))
        self.assertEqual(missing_ko, [])


if __name__ == "__main__":
    main()
