#!/usr/bin/python3
"""Write the documentation's screenshots of the demo report: docs/img/report-phone.png (390 px, the
scorecard as a phone shows it) and docs/img/report-print.png (the printed Teams page, A4).

    /usr/bin/python3 tests/e2e/screenshots.py build/idpmetrics docs/img

Needs chromium and pdftoppm (.ci/install-deps --test).  Not a test: run it after changing the layout.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, chromium  # noqa: E402


def main(binary, dest):
    work = tempfile.mkdtemp(prefix="idpm-shots-")
    try:
        subprocess.run([binary, "demo", "--out", os.path.join(work, "out")], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        url = "file://" + os.path.join(work, "out", "report.html")
        b = Browser(chromium())
        try:
            b.viewport(390, 700)
            b.open(url)
            b.eval("document.querySelector('#sec-scorecard').scrollIntoView()")
            phone = b.screenshot()
            b.call("Emulation.clearDeviceMetricsOverride", session=True)
            b.open(url)
            pdf = b.pdf(paperWidth=8.27, paperHeight=11.69, printBackground=True)
        finally:
            b.close()
        os.makedirs(dest, exist_ok=True)
        with open(os.path.join(dest, "report-phone.png"), "wb") as f:
            f.write(phone)
        with open(os.path.join(work, "report.pdf"), "wb") as f:
            f.write(pdf)
        # the page with the Teams table
        pages = int([l for l in subprocess.run(["pdfinfo", os.path.join(work, "report.pdf")], capture_output=True,
                                               text=True, check=True).stdout.splitlines()
                     if l.startswith("Pages:")][0].split()[1])
        for p in range(1, pages + 1):
            text = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), os.path.join(work, "report.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
            if "not a league table" in text:
                subprocess.run(["pdftoppm", "-f", str(p), "-l", str(p), "-r", "60", "-png", "-singlefile",
                                os.path.join(work, "report.pdf"), os.path.join(dest, "report-print")], check=True)
                break
    finally:
        shutil.rmtree(work, True)


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "docs/img")
