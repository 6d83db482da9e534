"""End to end: the HTML pages on a phone and on paper, in headless Chromium (DevTools protocol, tests/e2e/cdp.py).

At a phone's 390 px the pages are no wider than the screen (the scorecard becomes one card per KPI,
wide tables scroll inside their own box), chart text is never below 10 px and Korean breaks between
words; printed to A4 PDF (read back with pdftotext), every column of the scorecard and the Teams
table and every chart's data table are there.
"""
import os
import re
import shutil
import subprocess
import tempfile

from cdp import Browser, chromium
from harness import TestCase, main
from test_render import NOW, PERIOD, seeded_home

PHONE = (390, 844)

# Per chart on the page: its drawn width and the smallest font size it uses (chart units of 800).
CHART_TEXT = """Array.from(document.querySelectorAll('svg.chart')).map(s => [s.getBoundingClientRect().width,
  Math.min(...Array.from(s.querySelectorAll('text')).map(t => parseFloat(t.getAttribute('font-size'))))])"""
# The cells of the scorecard that a phone shows as one card per KPI: each names its column.
SCORECARD = """(() => { const t = document.querySelector('#scorecard');
  const head = getComputedStyle(t.querySelector('thead')).display;
  const cells = Array.from(t.querySelectorAll('tbody td'));
  return [head, cells.length, cells.filter(c => c.dataset.label).length, t.getBoundingClientRect().right]; })()"""


class Layout(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = seeded_home()
        cls.out = cls.h.path("out")
        cls.out_ko = cls.h.path("out-ko")
        for lang, out in (("en", cls.out), ("ko", cls.out_ko)):
            r = cls.h.run("report", "--period", PERIOD, "--lang", lang, "--format", "html,dashboard", "--out", out,
                          now=NOW)
            if r.code != 0:
                raise AssertionError("report failed: %r" % r)
        cls.browser = Browser(chromium()) if chromium() else None

    @classmethod
    def tearDownClass(cls):
        if cls.browser:
            cls.browser.close()
        cls.h.remove()

    def need_browser(self):
        if not self.browser:
            self.skipTest("chromium is not installed (.ci/install-deps --test installs it)")
        return self.browser

    def url(self, *parts):
        return "file://" + os.path.join(*parts)

    def test_phone_is_not_wider_than_the_screen(self):
        b = self.need_browser()
        b.viewport(*PHONE)
        pages = [(self.out, "report.html"), (self.out_ko, "report.html"), (self.out, "dashboard.html"),
                 (self.out, "teams", "payments.html")]
        for page in pages:
            b.open(self.url(*page))
            width = b.eval("[document.documentElement.scrollWidth, innerWidth]")
            self.assertEqual(width, [PHONE[0], PHONE[0]], page)
        for out in (self.out, self.out_ko):
            b.open(self.url(out, "report.html"))
            head, cells, labelled, right = b.eval(SCORECARD)
            self.assertEqual(head, "none", "the scorecard's header row is hidden: each cell names its column")
            self.assertEqual(cells, labelled)
            self.assertGreater(cells, 50)
            self.assertLessEqual(right, PHONE[0])
            for width, smallest in b.eval(CHART_TEXT):
                self.assertGreaterEqual(smallest * width / 800, 10, (out, width, smallest))

    def test_korean_breaks_between_words(self):
        b = self.need_browser()
        b.viewport(*PHONE)
        b.open(self.url(self.out_ko, "report.html"))
        self.assertEqual(b.eval("getComputedStyle(document.querySelector('blockquote')).wordBreak"), "keep-all")
        # a comment is a few lines, not one syllable per line
        tallest = b.eval("Math.max(...Array.from(document.querySelectorAll('blockquote'))"
                         ".map(q => q.getBoundingClientRect().height))")
        self.assertLess(tallest, 300)
        total = b.eval("document.documentElement.scrollHeight")
        b.open(self.url(self.out, "report.html"))
        self.assertLess(total, b.eval("document.documentElement.scrollHeight") * 1.3)

    def test_print_shows_every_column_and_data_table(self):
        b = self.need_browser()
        pdftotext = shutil.which("pdftotext")
        self.assertIsNotNone(pdftotext, "pdftotext is not installed (.ci/install-deps --test installs poppler-utils)")
        b.call("Emulation.clearDeviceMetricsOverride", session=True)
        b.open(self.url(self.out, "report.html"))
        teams_head = b.eval("Array.from(document.querySelectorAll('#sec-teams table.scopes th')).map(t => t.textContent)")
        score_head = b.eval("Array.from(document.querySelectorAll('#scorecard thead th')).map(t => t.textContent)")
        last_col = b.eval("Array.from(document.querySelectorAll('#sec-teams table.scopes tbody tr'))"
                          ".map(r => r.lastElementChild.textContent.split(' ')[0] + ' ' + "
                          "r.lastElementChild.textContent.split(' ')[1])")
        data_heads = b.eval("Array.from(document.querySelectorAll('figure.chart details table th'))"
                            ".map(t => t.textContent)")
        self.assertEqual(len(teams_head), 9)
        self.assertGreater(len(data_heads), 20)
        pdf = b.pdf(paperWidth=8.27, paperHeight=11.69, printBackground=True)
        self.assertTrue(pdf.startswith(b"%PDF-"))
        work = tempfile.mkdtemp(prefix="idpm-print-")
        self.addCleanup(shutil.rmtree, work, True)
        with open(os.path.join(work, "report.pdf"), "wb") as f:
            f.write(pdf)
        text = subprocess.run([pdftotext, os.path.join(work, "report.pdf"), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        flat = " ".join(text.split())
        for h in teams_head + score_head + data_heads:
            self.assertIn(" ".join(h.split()), flat, "printed without the column '%s'" % h)
        for v in last_col:  # the Teams table's last column (recovery time) is on paper, not cut off
            self.assertIn(v, flat)
        self.assertIn("Range", text)  # the lead-time distribution's data table


if __name__ == "__main__":
    main()
