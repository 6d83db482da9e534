#!/usr/bin/python3
"""Measure `compute --all` (8 quarters) and `report` (one quarter, every format) on the large
organisation of generate.py, at a tenth and at the full size (run by hand; figures go to
docs/BENCHMARKS.md).

Each command runs --runs times under /usr/bin/time -v; the median wall time and the median and
largest peak resident set size are printed as a Markdown table.  The databases are generated
once into --dir and reused (delete them to regenerate).

Usage: bench/large/run.py [--binary build/idpmetrics] [--dir /tmp/idpm-bench] [--runs 5] [--scales 0.1,1]
                          [--formats dashboard+json,html,xlsx]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
NOW = "2026-11-27T12:00:00Z"
REPORT_PERIOD = "2026-Q3"

CONFIG = """\
reporting:
  timezone: UTC
golden_path:
  reusable_workflows: ["acme/golden-paths/.github/workflows/*"]
  actions: ["acme/golden-paths/actions/*"]
surveys:
  sources:
    - path: exports/*.csv
      population: { default: 9000 }
  themes:
    build: [build, ci, pipeline, flaky]
    docs: [docs, documentation, outdated]
    onboarding: [onboarding, setup]
    environments: [staging, environment]
    speed: [slow, waiting, ticket]
tickets:
  infra_filter:
    labels: [infra]
    components: [Infrastructure]
"""


def timed(argv, env=None):
    """Run ARGV under /usr/bin/time -v; returns (wall seconds, peak RSS in MB)."""
    p = subprocess.run(["/usr/bin/time", "-v"] + argv, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("bench: %s failed (%d):\n%s" % (" ".join(argv), p.returncode, p.stderr[-3000:]))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return seconds, int(rss.group(1)) / 1024


def measure(argv, runs):
    res = [timed(argv) for _ in range(runs)]
    walls = [w for w, _ in res]
    rss = [r for _, r in res]
    return statistics.median(walls), min(walls), max(walls), statistics.median(rss), max(rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "idpmetrics"))
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "idpm-bench"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scales", default="0.1,1")
    ap.add_argument("--formats", default="dashboard+json,html,xlsx",
                    help="report formats to time alone, comma-separated ('+' joins formats into one run); '' for none")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    config = os.path.join(a.dir, "idpmetrics.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(CONFIG)
    rows = []
    for scale in [float(s) for s in a.scales.split(",")]:
        db = os.path.join(a.dir, "org-%g.db" % scale)
        if not os.path.exists(db):
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--db", db, "--scale", str(scale),
                            "--binary", a.binary, "--now", NOW], check=True)
        counts = subprocess.run(["sqlite3", db, "SELECT (SELECT COUNT(*) FROM scaffolder_tasks), "
                                 "(SELECT COUNT(*) FROM github_repos), (SELECT COUNT(*) FROM github_repo_snapshots), "
                                 "(SELECT COUNT(*) FROM survey_responses)"], capture_output=True, text=True).stdout
        base = [a.binary, "--config", config, "--db", db, "--now", NOW, "-q"]
        out = os.path.join(a.dir, "out-%g" % scale)
        commands = [("compute --all (8 quarters)", base + ["compute", "--all"]),
                    ("report --period %s (every format)" % REPORT_PERIOD,
                     base + ["report", "--period", REPORT_PERIOD, "--out", out])]
        # what each format costs alone (each includes building the report model)
        for fmt in a.formats.split(",") if a.formats else []:
            commands.append(("report --format %s" % fmt.replace("+", ","),
                             base + ["report", "--period", REPORT_PERIOD, "--format", fmt.replace("+", ","),
                                     "--out", out]))
        for name, argv in commands:
            med, lo, hi, rss, rss_max = measure(argv, a.runs)
            rows.append((scale, name, med, lo, hi, rss, rss_max))
            print("bench: scale %g, %s: median %.2f s (%.2f-%.2f), peak RSS %.0f MB (max %.0f); rows %s"
                  % (scale, name, med, lo, hi, rss, rss_max, counts.strip()), file=sys.stderr)
        print("bench: database %s: %.0f MB" % (db, os.path.getsize(db) / 1e6), file=sys.stderr)
    print("| size | command | median wall | range | median peak RSS | largest peak RSS |")
    print("|---|---|---:|---:|---:|---:|")
    for scale, name, med, lo, hi, rss, rss_max in rows:
        print("| %s | `%s` | %.2f s | %.2f–%.2f s | %.0f MB | %.0f MB |"
              % ("full" if scale == 1 else "%g" % scale, name, med, lo, hi, rss, rss_max))


if __name__ == "__main__":
    main()
