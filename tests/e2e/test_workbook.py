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


if __name__ == "__main__":
    main()
