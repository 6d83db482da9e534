#!/usr/bin/python3
"""Benchmark of `idpmetrics collect github` against the GitHub fixture server (run by hand, not in ctest).

An organisation of 2,000 repositories (about 10 % archived, 5 % forks, 8 % not pushed for 90 days,
one template) with one to three workflows each, 20 ms added to every answer.  Three nights:

1. first collection: every page and every active repository's workflows and files;
2. nothing changed: how many requests, and what share answered 304;
3. a normal night: 2 % of the repositories pushed (workflow files unchanged), 0.5 % changed CI;
4. eight days later, nothing changed: the weekly re-validation of every active repository's workflow list.

Usage: bench/github/run.py [--binary build/idpmetrics] [--repos 2000] [--latency 0.02]
"""
import argparse
import calendar
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
os.environ.setdefault("IDPM_SOURCE_DIR", ROOT)

from github_server import GitHubServer  # noqa: E402

NOW = "2026-11-27T02:00:00Z"
NOW_TS = calendar.timegm(time.strptime(NOW, "%Y-%m-%dT%H:%M:%SZ"))
DAY = 86400
GOLDEN = "on: push\njobs:\n  ci:\n    uses: acme/golden-paths/.github/workflows/build.yml@v3\n    secrets: inherit\n"
CUSTOM = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
          "      - uses: actions/setup-go@v5\n      - run: make test\n")
DEPLOY = ("on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n"
          "    steps:\n      - uses: actions/checkout@v4\n      - run: ./deploy.sh\n")
LINT = "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/golden-paths/actions/lint@v1\n"


def build(gh, n, rng):
    active = []
    for i in range(n):
        name = "svc-%04d" % i
        kind = rng.random()
        fields = {}
        pushed = NOW_TS - rng.randint(1, 60) * DAY
        if kind < 0.10:
            fields["archived"] = True
        elif kind < 0.15:
            fields["fork"] = True
        elif kind < 0.23:
            pushed = NOW_TS - rng.randint(120, 900) * DAY
        if i == 0:
            fields["is_template"] = True
        gh.add_repo(name, pushed_at=pushed, **fields)
        gh.add_workflow(name, ".github/workflows/ci.yml", GOLDEN if rng.random() < 0.6 else CUSTOM)
        if rng.random() < 0.6:
            gh.add_workflow(name, ".github/workflows/deploy.yml", DEPLOY)
        if rng.random() < 0.3:
            gh.add_workflow(name, ".github/workflows/lint.yml", LINT)
        if not fields and kind >= 0.23:
            active.append(name)
    return active


def expected_first(gh, active, per_page=100):
    pages = (len(gh.repos) + per_page - 1) // per_page
    files = sum(len(gh.workflows[name]) for name in active)
    return pages, len(active), files


def collect(binary, home, gh, now):
    env = dict(os.environ, GITHUB_TOKEN=gh.token, IDPMETRICS_FAKE_SLEEP="1", TZ="UTC")
    rss_file = os.path.join(home, "rss")
    t = time.monotonic()
    # peak resident set size of the collect process (kB), from GNU time
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, binary, "--config",
                        os.path.join(home, "idpmetrics.yaml"), "--now", now, "collect", "github"],
                       env=env, capture_output=True, text=True)
    wall = time.monotonic() - t
    if p.returncode:
        sys.exit("collect failed:\n" + p.stderr)
    with open(rss_file) as f:
        rss = int(f.read().split()[-1]) / 1024
    con = sqlite3.connect(os.path.join(home, "idpmetrics.db"))
    status, requests, not_modified = con.execute(
        "SELECT status, requests, not_modified FROM collection_runs ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    return wall, status, requests, not_modified, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "idpmetrics"))
    ap.add_argument("--repos", type=int, default=2000)
    ap.add_argument("--latency", type=float, default=0.020)
    args = ap.parse_args()
    rng = random.Random(2026)
    gh = GitHubServer(latency=args.latency).start()
    gh.limit = 12500  # a GitHub App installed on a large organisation; 5,000 would stop the first night (partial)
    home = tempfile.mkdtemp(prefix="idpm-bench-")
    try:
        active = build(gh, args.repos, rng)
        with open(os.path.join(home, "idpmetrics.yaml"), "w") as f:
            f.write("storage: {path: idpmetrics.db}\n"
                    "github: {api_url: \"%s\", org: acme, token: \"${GITHUB_TOKEN}\"}\n"
                    "golden_path:\n  reusable_workflows: [\"acme/golden-paths/.github/workflows/*\"]\n"
                    "  actions: [\"acme/golden-paths/actions/*\"]\n" % gh.api_url)
        pages, repos, files = expected_first(gh, active)
        print("organisation: %d repositories, %d active; %.0f ms added per answer" %
              (args.repos, len(active), args.latency * 1000))
        print("first run needs: %d pages + %d workflow lists + %d workflow files = %d requests" %
              (pages, repos, files, pages + repos + files))

        nights = [("first run", NOW, None), ("nothing changed", "2026-11-28T02:00:00Z", None),
                  ("2 % pushed, 0.5 % changed CI", "2026-11-29T02:00:00Z", "churn"),
                  ("a week later, nothing changed", "2026-12-07T02:00:00Z", None)]
        print("%-30s %9s %9s %7s %9s %8s  %s" % ("night", "requests", "304s", "304 %", "wall s", "RSS MB", "status"))
        for label, now, change in nights:
            if change == "churn":
                names = [n for n in active]
                for name in rng.sample(names, len(names) * 2 // 100):
                    gh.push(name, calendar.timegm(time.strptime(now, "%Y-%m-%dT%H:%M:%SZ")) - 3600)
                for name in rng.sample(names, len(names) // 200):
                    gh.set_file(name, ".github/workflows/ci.yml", GOLDEN)
                    gh.push(name, calendar.timegm(time.strptime(now, "%Y-%m-%dT%H:%M:%SZ")) - 1800)
            gh.reset_log()
            wall, status, requests, nm, rss = collect(args.binary, home, gh, now)
            print("%-30s %9d %9d %6.1f%% %9.1f %8.0f  %s" % (label, requests, nm, 100.0 * nm / max(1, requests), wall,
                                                           rss, status))
    finally:
        gh.stop()
        subprocess.run(["rm", "-rf", home])


if __name__ == "__main__":
    main()
