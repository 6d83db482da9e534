#!/usr/bin/python3
"""Benchmark of the DORA part of `idpmetrics collect github` (run by hand, not in ctest).

An organisation of deployable repositories with a year of history each: deployments from a few a
quarter to ten a week, one to four commits per deployment, a long-lived feature branch merged now and
then (bringing older commits), a quarter of the changes squash-merged pull requests, failed runs, re-runs
and incidents.  Three nights:

1. the backfill from the default horizon (four quarters back): what it costs per endpoint, against
   what one compare per deployment would have cost;
2. a normal night: a tenth of the repositories deployed once more, with new commits;
3. a quiet night: nothing changed.

Usage: bench/dora/run.py [--binary build/idpmetrics] [--repos 200] [--latency 0]
"""
import argparse
import calendar
import collections
import hashlib
import os
import random
import resource
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
HORIZON = calendar.timegm(time.strptime("2025-10-01", "%Y-%m-%d"))
HOUR, DAY = 3600, 86400
CI = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n"
DEPLOY = "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy\n"


def sha(s):
    return hashlib.sha1(s.encode()).hexdigest()


class Repo:
    def __init__(self, gh, name, rng):
        self.gh, self.name, self.rng = gh, name, rng
        gh.add_repo(name, pushed_at=NOW_TS - DAY)
        gh.add_workflow(name, ".github/workflows/ci.yml", CI)
        self.wf = gh.add_workflow(name, ".github/workflows/deploy.yml", DEPLOY)
        self.n = 0
        self.head = None
        self.pr = 0
        self.deploys = 0
        self.commit(HORIZON - 30 * DAY, [])          # older than the horizon

    def commit(self, t, parents):
        self.n += 1
        s = sha("%s-%d" % (self.name, self.n))
        self.gh.add_commit(self.name, s, parents, t)
        return s

    def deploy(self, t):
        rng = self.rng
        parents = [self.head] if self.head else [sha("%s-1" % self.name)]
        times = sorted(t - rng.lognormvariate(3.0, 1.0) * HOUR for _ in range(rng.randint(1, 4)))
        for ct in times:
            if rng.random() < 0.08:                  # a feature branch forked weeks ago, merged now
                fork_t = max(HORIZON + DAY, ct - rng.randint(10, 40) * DAY)
                f = self.commit(fork_t, parents)
                f = self.commit(fork_t + DAY, [f])
                c = self.commit(ct, parents + [f])
            else:
                c = self.commit(ct, parents)
                if rng.random() < 0.25:               # squash merge: its pull request was opened earlier
                    self.pr += 1
                    self.gh.add_pull(self.name, self.pr, ct - rng.lognormvariate(3.0, 0.8) * HOUR, ct, c)
            parents = [c]
        self.head = parents[0]
        self.gh.set_branch(self.name, "main", self.head)
        ok = rng.random() > 0.06
        run = self.gh.add_run(self.name, self.wf, self.head, int(t - 600), int(t),
                              conclusion="success" if ok else "failure")
        if not ok and rng.random() < 0.5:            # re-run an hour later
            run["run_attempt"] = 2
            run["conclusion"] = "success"
            run["updated_at"] = self.gh.iso(int(t + HOUR))
        self.deploys += 1
        if rng.random() < 0.05:
            self.pr += 1
            opened = t + rng.randint(1, 48) * HOUR
            self.gh.add_issue(self.name, self.pr, int(opened), int(opened + rng.randint(1, 30) * HOUR))


def build(gh, n, rng):
    repos = []
    for i in range(n):
        r = Repo(gh, "svc-%04d" % i, rng)
        per_week = rng.choice([0.3, 0.5, 1, 1, 2, 2, 3, 5, 7, 10])
        t = HORIZON + rng.randint(1, 5) * DAY
        while True:
            t += int(rng.expovariate(per_week / (7.0 * DAY))) + 600
            if t >= NOW_TS - HOUR:
                break
            r.deploy(t)
        repos.append(r)
    for i in range(n // 10):                          # not deployable: never asked for DORA data
        gh.add_repo("lib-%04d" % i, pushed_at=NOW_TS - DAY)
        gh.add_workflow("lib-%04d" % i, ".github/workflows/ci.yml", CI)
    return repos


def collect(binary, home, gh, now):
    env = dict(os.environ, GITHUB_TOKEN=gh.token, IDPMETRICS_FAKE_SLEEP="1", TZ="UTC")
    gh.reset_log()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run([binary, "--config", os.path.join(home, "idpmetrics.yaml"), "--now", now, "collect", "github"],
                       env=env, capture_output=True, text=True)
    wall = time.monotonic() - t
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    if p.returncode:
        sys.exit("collect failed:\n" + p.stderr)
    kinds = collections.Counter()
    n304 = 0
    for path, status in gh.log:
        q = path.split("?")[0]
        if q.endswith("/runs"):
            kinds["runs"] += 1
        elif "/compare/" in q:
            kinds["compare"] += 1
        elif q.endswith("/commits"):
            kinds["commits"] += 1
        elif q.endswith("/pulls"):
            kinds["pulls"] += 1
        elif q.endswith("/issues"):
            kinds["issues"] += 1
        else:
            continue
        n304 += status == 304
    return wall, cpu, kinds, n304


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "idpmetrics"))
    ap.add_argument("--repos", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.0)
    args = ap.parse_args()
    rng = random.Random(2026)
    gh = GitHubServer(latency=args.latency).start()
    home = tempfile.mkdtemp(prefix="idpm-bench-dora-")
    try:
        repos = build(gh, args.repos, rng)
        runs = sum(len(gh.data(r.name).get("runs", [])) for r in repos)
        commits = sum(len(gh.data(r.name).get("commits", {})) for r in repos)
        with open(os.path.join(home, "idpmetrics.yaml"), "w") as f:
            f.write("storage: {path: idpmetrics.db}\n"
                    "github: {api_url: \"%s\", org: acme, token: \"${GITHUB_TOKEN}\"}\n" % gh.api_url)
        print("organisation: %d deployable repositories (+%d without deployments); %d deployment runs, %d commits"
              % (len(repos), args.repos // 10, runs, commits))
        print("%-22s %6s %6s %8s %6s %7s %7s %6s %8s %7s %7s" % ("night", "runs", "pulls", "commits", "comp.",
                                                                "issues", "total", "304s", "wall s", "cpu s", "dep/req"))
        nights = [("backfill", NOW), ("10 % deployed again", "2026-11-28T02:00:00Z"),
                  ("nothing changed", "2026-11-29T02:00:00Z")]
        for label, now in nights:
            if label.startswith("10 %"):
                t = calendar.timegm(time.strptime(now, "%Y-%m-%dT%H:%M:%SZ")) - 3 * HOUR
                for r in rng.sample(repos, len(repos) // 10):
                    r.deploy(t)
            wall, cpu, k, n304 = collect(args.binary, home, gh, now)
            total = sum(k.values())
            con = sqlite3.connect(os.path.join(home, "idpmetrics.db"))
            deployed = con.execute("SELECT COUNT(*) FROM dora_deployments WHERE success = 1").fetchone()[0]
            con.close()
            print("%-22s %6d %6d %8d %6d %7d %7d %6d %8.1f %7.1f %7.1f" % (label, k["runs"], k["pulls"], k["commits"],
                  k["compare"], k["issues"], total, n304, wall, cpu, deployed / total if label == "backfill" else 0))
        con = sqlite3.connect(os.path.join(home, "idpmetrics.db"))
        rows = con.execute("SELECT changes, COUNT(*), SUM(n_changes) FROM dora_deployments WHERE success = 1 "
                           "GROUP BY changes ORDER BY changes").fetchall()
        con.close()
        print("successful deployments by how their changes were worked out:",
              ", ".join("%s %d (%d changes)" % (h, n, c or 0) for h, n, c in rows))
        print("one compare per deployment would have cost %d requests for the changes alone"
              % sum(n for h, n, _ in rows if h not in ("seed",)))
    finally:
        gh.stop()


if __name__ == "__main__":
    main()
