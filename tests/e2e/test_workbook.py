"""End to end: report.xlsx opened by something that did not write it.

LibreOffice (Debian's libreoffice-calc-nogui, headless) recalculates every formula of the English and
Korean workbooks, and each recalculated value must equal the value idpmetrics cached in the cell (a
spreadsheet that recalculates on open, as Excel does, shows the same figures).  A control workbook
with a wrong cached value and a formula without its _xlfn. prefix proves that the recalculation
really happens and that a formula Excel would not know shows as an error.  The native charts are
read from the package's XML: one unit per chart, titled axes.
"""
import math
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile
import xml.etree.ElementTree as ET

from harness import TestCase, main
from test_render import NOW, PERIOD, seeded_home

# A LibreOffice profile that recalculates OOXML and ODF files on load (the default never does).
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
NS = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#N/A", "#NULL!", "Err:")


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def tamper(src, dst):
    """A copy of workbook SRC whose Summary!I6 caches 999 and whose percentiles lack the _xlfn. prefix."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8").replace("_xlfn.PERCENTILE.INC", "PERCENTILE.INC")
                text = re.sub(r'(<c r="I6"[^>]*><f>[^<]*</f><v>)[^<]*', r"\g<1>999", text)
                data = text.encode("utf-8")
            zout.writestr(info, data)


def formula_cells(path):
    """{(sheet, cell): (formula, cached value)} of every formula cell of PATH."""
    import openpyxl
    wb = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    out[(ws.title, c.coordinate)] = (c.value, values[ws.title][c.coordinate].value)
    return out


def recalculated(path):
    import openpyxl
    return openpyxl.load_workbook(path, data_only=True)


class Workbook(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = seeded_home()
        cls.out = cls.h.path("out")
        cls.out_ko = cls.h.path("out-ko")
        for lang, out in (("en", cls.out), ("ko", cls.out_ko)):
            r = cls.h.run("report", "--period", PERIOD, "--lang", lang, "--format", "xlsx", "--out", out, now=NOW)
            if r.code != 0:
                raise AssertionError("report failed: %r" % r)
        cls.conv = None
        exe = soffice()
        if not exe:
            return
        # one LibreOffice start for every workbook of the run
        work = cls.h.path("lo")
        os.makedirs(os.path.join(work, "profile", "user"))
        with open(os.path.join(work, "profile", "user", "registrymodifications.xcu"), "w", encoding="utf-8") as f:
            f.write(RECALC_PROFILE)
        shutil.copy(os.path.join(cls.out, "report.xlsx"), os.path.join(work, "en.xlsx"))
        shutil.copy(os.path.join(cls.out_ko, "report.xlsx"), os.path.join(work, "ko.xlsx"))
        tamper(os.path.join(work, "en.xlsx"), os.path.join(work, "control.xlsx"))
        cls.conv = os.path.join(work, "recalculated")
        env = dict(os.environ, HOME=work)
        p = subprocess.run([exe, "--headless", "--norestore", "-env:UserInstallation=file://" + work + "/profile",
                            "--convert-to", "xlsx", "--outdir", cls.conv] +
                           [os.path.join(work, n) for n in ("control.xlsx", "en.xlsx", "ko.xlsx")],
                           env=env, capture_output=True, timeout=240)
        cls.soffice_out = p.stdout + p.stderr

    @classmethod
    def tearDownClass(cls):
        cls.h.remove()

    def need_libreoffice(self):
        if not soffice():
            self.fail("LibreOffice is not installed (.ci/install-deps --test installs libreoffice-calc-nogui)")
        for n in ("control.xlsx", "en.xlsx", "ko.xlsx"):
            self.assertTrue(os.path.exists(os.path.join(self.conv, n)), self.soffice_out.decode("utf-8", "replace"))

    def test_control_is_recalculated(self):
        """The control proves LibreOffice recalculated and that an unprefixed PERCENTILE.INC is an error."""
        self.need_libreoffice()
        wb = recalculated(os.path.join(self.conv, "control.xlsx"))
        cells = formula_cells(os.path.join(self.out, "report.xlsx"))
        self.assertNotEqual(wb["Summary"]["I6"].value, 999)
        self.assertAlmostEqual(wb["Summary"]["I6"].value, cells[("Summary", "I6")][1], places=6)
        pct = [k for k, (f, _) in cells.items() if "PERCENTILE" in f]
        self.assertGreater(len(pct), 0)
        for sheet, cell in pct:
            self.assertEqual(wb[sheet][cell].value, "#NAME?", (sheet, cell))

    def check_recalculated(self, original, converted):
        cells = formula_cells(original)
        wb = recalculated(converted)
        self.assertGreater(len(cells), 10)
        problems = []
        for (sheet, cell), (formula, cached) in sorted(cells.items()):
            got = wb[sheet][cell].value
            if isinstance(cached, str) and cached.startswith(ERRORS):
                problems.append("%s!%s %s: idpmetrics cached an error %r" % (sheet, cell, formula, cached))
            elif isinstance(got, str) or got is None or cached is None:
                problems.append("%s!%s %s: recalculated %r, cached %r" % (sheet, cell, formula, got, cached))
            elif not math.isclose(float(got), float(cached), rel_tol=1e-9, abs_tol=1e-9):
                problems.append("%s!%s %s: recalculated %r, cached %r" % (sheet, cell, formula, got, cached))
        self.assertEqual(problems, [])
        return cells

    def test_formulas_recalculate_to_cached_values(self):
        self.need_libreoffice()
        cells = self.check_recalculated(os.path.join(self.out, "report.xlsx"), os.path.join(self.conv, "en.xlsx"))
        self.assertTrue(any("_xlfn.PERCENTILE.INC(" in f for f, _ in cells.values()))
        self.check_recalculated(os.path.join(self.out_ko, "report.xlsx"), os.path.join(self.conv, "ko.xlsx"))

    def workbooks(self):
        import openpyxl
        return (("en", openpyxl.load_workbook(os.path.join(self.out, "report.xlsx"))),
                ("ko", openpyxl.load_workbook(os.path.join(self.out_ko, "report.xlsx"))))

    def test_print_setup_on_every_sheet(self):
        for lang, wb in self.workbooks():
            for ws in wb.worksheets:
                where = (lang, ws.title)
                self.assertEqual(ws.page_setup.orientation, "landscape", where)
                self.assertTrue(ws.sheet_properties.pageSetUpPr.fitToPage, where)
                self.assertIn(ws.page_setup.fitToWidth, (None, 1, "1"), where)   # one page wide (1 is the default)
                self.assertEqual(int(ws.page_setup.fitToHeight), 0, where)       # as many pages tall as needed
                self.assertEqual(int(ws.page_setup.paperSize), 9, where)         # A4
                self.assertRegex(ws.print_title_rows or "", r"^\$(\d+):\$\1$", where)
                head = int(ws.print_title_rows.split(":")[0][1:])
                self.assertTrue(any(c.value is not None for c in ws[head]), where)
                self.assertEqual(len(ws.print_area), 1, where)
                m = re.fullmatch(r"'?.*?'?!?\$A\$1:\$([A-Z]+)\$(\d+)", ws.print_area[0])
                self.assertIsNotNone(m, (where, ws.print_area))
                from openpyxl.utils import column_index_from_string
                last_col, last_row = column_index_from_string(m.group(1)), int(m.group(2))
                for row in ws.iter_rows():
                    for c in row:
                        if c.value is not None:
                            self.assertTrue(c.column <= last_col and c.row <= last_row,
                                            (where, c.coordinate, "outside the print area", ws.print_area))

    def test_coloured_cells_keep_number_formats(self):
        fills = {"FF009E73", "FF56B4E9", "FFE69F00", "FFD55E00"}
        for lang, wb in self.workbooks():
            coloured = 0
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if c.fill is None or c.fill.fill_type != "solid" or c.fill.fgColor.rgb not in fills:
                            continue
                        coloured += 1
                        if isinstance(c.value, (int, float)):
                            self.assertNotEqual(c.number_format, "General", (lang, ws.title, c.coordinate, c.value))
            self.assertGreater(coloured, 20, lang)
            teams = wb["Teams" if lang == "en" else "팀"]
            head = [c.value for c in teams[1]]
            formats = {}
            for row in teams.iter_rows(min_row=2):
                for k, c in enumerate(row):
                    if isinstance(c.value, (int, float)):
                        formats.setdefault(head[k], set()).add(c.number_format)
            nps = "Developer NPS" if lang == "en" else "개발자 NPS"
            cfr = "Change failure rate" if lang == "en" else "변경 실패율"
            self.assertEqual(formats[nps], {"+0.0;-0.0;0"}, lang)
            self.assertEqual(formats[cfr], {"0.0%"}, lang)
            # tier cells (DORA) are coloured like band cells
            col = head.index(cfr)
            self.assertTrue(all(r[col].fill.fgColor.rgb in fills for r in teams.iter_rows(min_row=2)
                                if isinstance(r[col].value, (int, float))), lang)

    def test_tier_words_coloured_like_bands(self):
        for lang, wb in self.workbooks():
            summary = wb.worksheets[0]
            rules = {}
            for cf in summary.conditional_formatting:
                rules[str(cf.sqref)] = [f for r in cf.rules for f in r.formula]
            elite = '"elite"' if lang == "en" else '"엘리트"'
            target = '"target"' if lang == "en" else '"목표 달성"'
            self.assertIn(target, rules.get("E6:E15", []), (lang, rules))
            self.assertIn(elite, rules.get("F6:F15", []), (lang, rules))
            tiers = [r[5].value for r in summary.iter_rows(min_row=6, max_row=15) if r[5].value]
            self.assertGreater(len(tiers), 0)
            words = {"elite", "high", "medium", "low"} if lang == "en" else {"엘리트", "상", "중", "하"}
            self.assertTrue(set(tiers) <= words, tiers)

    def test_korean_workbook_is_korean(self):
        hangul = re.compile("[\uac00-\ud7a3]")
        _, wb = self.workbooks()[1]
        for ws in wb.worksheets:
            self.assertRegex(ws.title, hangul)
            for row in ws.iter_rows():
                for c in row:
                    # header cells: bold on grey
                    if c.font is not None and c.font.b and c.fill.fgColor.rgb == "FFF2F2F2" and isinstance(c.value, str):
                        if not re.fullmatch(r"n|KPI|ID|\d{4}-Q\d", c.value):
                            self.assertRegex(c.value, hangul, (ws.title, c.coordinate))

    def test_charts_one_unit_titled_axes(self):
        """Each native chart draws series of one unit (read from the sheet the series come from) and titles its axes."""
        from openpyxl.utils import column_index_from_string
        for lang, wb in self.workbooks():
            path = os.path.join(self.out if lang == "en" else self.out_ko, "report.xlsx")
            with zipfile.ZipFile(path) as z:
                charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
                self.assertGreaterEqual(len(charts), 15, lang)
                per_sheet = {}
                for name in charts:
                    root = ET.fromstring(z.read(name))
                    where = (lang, name)
                    units, sheets = set(), set()
                    for ser in root.iter("{%s}ser" % NS["c"]):
                        ref = ser.find("c:val/c:numRef/c:f", NS).text
                        m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$\2\$(\d+)", ref)
                        self.assertIsNotNone(m, (where, ref))
                        ws = wb[m.group(1)]
                        sheets.add(ws.title)
                        title = ws.cell(1, column_index_from_string(m.group(2))).value
                        # the long table of the same sheet: column A the metric's title, column F its unit
                        found = {r[5].value for r in ws.iter_rows(min_row=2) if r[0].value == title}
                        self.assertEqual(len(found), 1, (where, title, found))
                        units |= found
                    self.assertEqual(len(units), 1, (where, units))
                    self.assertEqual(len(sheets), 1, where)
                    per_sheet.setdefault(sheets.pop(), []).append(units.pop())
                    plot = root.find("c:chart/c:plotArea", NS)
                    for axis in ("c:valAx", "c:catAx"):
                        ax = plot.find(axis, NS)
                        self.assertIsNotNone(ax, (where, axis))
                        text = "".join(t.text or "" for t in ax.iter("{%s}t" % NS["a"]))
                        self.assertNotEqual(text.strip(), "", (where, axis, "has no title"))
                    title = "".join(t.text or "" for t in root.find("c:chart/c:title", NS).iter("{%s}t" % NS["a"]))
                    self.assertNotEqual(title.strip(), "", where)
                    if lang == "ko":
                        self.assertRegex(title, "[\uac00-\ud7a3]|NPS", where)
                # the adoption KPI is not drawn on the axis of repository counts
                adoption = wb.sheetnames[2]
                self.assertIn(wb[adoption]["F2"].value, per_sheet[adoption])
                self.assertGreaterEqual(len(per_sheet[adoption]), 2, per_sheet)

    def test_charts_drawn_from_the_cells(self):
        """The workbook streams its rows (constant_memory), so its charts carry no cached values: a reader draws
        them from the cells.  LibreOffice, having read the workbook, finds each chart's categories (the period
        labels of the trend block) as text and its values as the numbers of the cells."""
        self.need_libreoffice()
        with zipfile.ZipFile(os.path.join(self.out, "report.xlsx")) as z:
            ours = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
            self.assertFalse([n for n in ours if b"Cache>" in z.read(n)], "cached chart data")
        wb = recalculated(os.path.join(self.conv, "en.xlsx"))
        checked = 0
        with zipfile.ZipFile(os.path.join(self.conv, "en.xlsx")) as z:
            charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
            self.assertEqual(len(charts), len(ours))
            for name in charts:
                root = ET.fromstring(z.read(name))
                for ser in root.iter("{%s}ser" % NS["c"]):
                    ref = ser.find("c:cat/c:strRef/c:f", NS)
                    self.assertIsNotNone(ref, (name, "categories not read as text"))
                    m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$\2\$(\d+)", ref.text.replace("&apos;", "'"))
                    ws = wb[m.group(1)]
                    labels = [ws["%s%d" % (m.group(2), r)].value for r in range(int(m.group(3)), int(m.group(4)) + 1)]
                    got = [p.text for p in ser.findall("c:cat/c:strRef/c:strCache/c:pt/c:v", NS)]
                    self.assertEqual(got, labels, name)
                    self.assertTrue(all(re.fullmatch(r"\d{4}-Q[1-4]", v) for v in got), got)
                    values = [float(p.text) for p in ser.findall("c:val/c:numRef/c:numCache/c:pt/c:v", NS)]
                    self.assertGreater(len(values), 0, name)
                    checked += 1
        self.assertGreaterEqual(checked, 15)


if __name__ == "__main__":
    main()
