#!/usr/bin/python3
"""Write a large organisation straight into an idpmetrics database (benchmark input, run by hand).

The schema is the program's own: the database is created with `idpmetrics init`, then every table
is filled with rows shaped like the collectors write them.  At --scale 1 (the issue's size):

- 5,000 GitHub repositories (with 1-3 workflows each) and a snapshot of each every night for the
  8 quarters (3.65 million snapshot rows, as a nightly `run` leaves them);
- 200,000 Backstage scaffolder tasks, each with its task JSON as served (about 4 kB);
- 50,000 survey responses (8 quarterly surveys), 2,000 onboarding records, 40,000 Jira tickets;
- the catalog (one component per repository, 60 teams), when the schema has it (migration 005);
- DORA, when the schema has it (migration 006): 2,000,000 deployment records (workflow runs and
  GitHub Deployments), of which 200,000 are successful production deployments, with their changes
  and commits, merged pull requests and incidents.

Everything is deterministic (--seed).  --scale 0.1 writes a tenth of every count (repositories
too), for the growth figures in docs/BENCHMARKS.md.

Usage: bench/large/generate.py --db big.db [--scale 1] [--binary build/idpmetrics] [--now 2026-11-27T12:00:00Z]
"""
import argparse
import calendar
import hashlib
import itertools
import json
import math
import os
import random
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "fixtures")
DAY = 86400
ORG = "acme"
TEMPLATES = ["go-service", "java-service", "python-service", "node-service", "react-app", "docs-site",
             "kafka-consumer", "grpc-gateway", "terraform-module", "data-pipeline", "ml-model", "cron-job",
             "rust-service", "kotlin-service", "static-site", "helm-chart", "lambda", "cli-tool", "library",
             "spike"]
THEMES = {
    "build": ["build", "ci", "pipeline", "flaky"],
    "docs": ["docs", "documentation", "outdated"],
    "onboarding": ["onboarding", "setup"],
    "environments": ["staging", "environment"],
    "speed": ["slow", "waiting", "ticket"],
}
COMMENTS = [
    "CI builds are slow and the pipeline is flaky.",
    "The docs are outdated; I asked on Slack for everything.",
    "Onboarding setup took two weeks.",
    "Staging environment is always broken.",
    "Waiting days on a ticket for a database.",
    "The golden path templates save me days.",
    "Self-service environments are great.",
]


def ts(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def quarter_start(t):
    y, m = time.gmtime(t)[:2]
    return calendar.timegm((y, (m - 1) // 3 * 3 + 1, 1, 0, 0, 0))


def hexid(rng, n=40):
    return "%0*x" % (n, rng.getrandbits(4 * n))


class Gen:
    def put(self, table, rows, verb="INSERT"):
        """Insert ROWS (tuples of the table's first columns, in schema order: columns added by later
        migrations keep their defaults) into TABLE."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        cols = [c[1] for c in self.db.execute("PRAGMA table_info(%s)" % table)][:len(first)]
        self.db.executemany("%s INTO %s (%s) VALUES (%s)" % (verb, table, ", ".join(cols), ",".join("?" * len(cols))),
                            itertools.chain([first], rows))

    def __init__(self, db, scale, now, seed):
        self.db = db
        self.scale = scale
        self.now = now
        self.rng = random.Random(seed)
        # 8 quarters: the current one and the 7 before it
        q = quarter_start(now)
        for _ in range(7):
            q = quarter_start(q - 1)
        self.start = q
        self.span = now - q
        self.teams = ["team-%02d" % i for i in range(60)]
        self.repos = []
        self.tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def n(self, full):
        return max(1, int(round(full * self.scale)))

    def when(self):
        """A time in the 8 quarters, a little busier towards the end (the organisation grows)."""
        return self.start + int(self.span * math.sqrt(self.rng.random()))

    def progress(self, t):
        return (t - self.start) / self.span

    # -- GitHub --------------------------------------------------------------------------------
    def github(self):
        rng = self.rng
        repos = []
        for i in range(self.n(5000)):
            name = "%s-svc-%05d" % (self.teams[i % len(self.teams)], i)
            kind = rng.random()
            archived = kind < 0.08
            fork = 0.08 <= kind < 0.12
            created = self.start - rng.randint(30, 900) * DAY
            # when this repository moves onto the golden path (never for a fifth of them)
            golden_from = self.start + int(self.span * rng.random() * 1.2) if rng.random() < 0.8 else None
            pushed = self.now - int(rng.expovariate(1 / (20 * DAY)))
            repos.append(dict(id=100000 + i, name=name, full="%s/%s" % (ORG, name), archived=archived, fork=fork,
                              created=created, pushed=pushed, golden_from=golden_from,
                              team=self.teams[i % len(self.teams)], stale=rng.random() < 0.07))
        self.repos = repos
        self.db.executemany(
            "INSERT INTO github_repos (full_name, id, owner, name, archived, disabled, fork, is_template, visibility, "
            "default_branch, topics, created_at, pushed_at, workflows_pushed_at, workflows_read_at, list_generation, "
            "gone, updated_at) VALUES (?,?,?,?,?,0,?,0,'internal','main','[]',?,?,?,?,730,0,?)",
            ((r["full"], r["id"], ORG, r["name"], r["archived"], r["fork"], r["created"], r["pushed"], r["pushed"],
              self.now, self.now) for r in repos))
        golden_uses = json.dumps([{"job": "ci", "kind": "job",
                                   "uses": "acme/golden-paths/.github/workflows/build.yml@v3"}])
        custom_uses = json.dumps([{"job": "test", "kind": "step", "uses": "actions/checkout@v4"}])
        deploy_uses = json.dumps([{"job": "deploy", "kind": "step", "uses": "actions/checkout@v4"}])
        wf = []
        self.deploy_workflow = {}
        for r in repos:
            golden = r["golden_from"] is not None and r["golden_from"] <= self.now
            wf.append((r["full"], r["id"] * 10 + 1, "ci", ".github/workflows/ci.yml", "active",
                       golden_uses if golden else custom_uses, None, self.now))
            wf.append((r["full"], r["id"] * 10 + 2, "deploy", ".github/workflows/deploy.yml", "active", deploy_uses,
                       None, self.now))
            self.deploy_workflow[r["full"]] = r["id"] * 10 + 2
            if rng.random() < 0.3:
                wf.append((r["full"], r["id"] * 10 + 3, "lint", ".github/workflows/lint.yml", "active", custom_uses,
                           None, self.now))
        self.put("github_workflows", wf)

        def snapshots():
            day = self.start + 2 * 3600  # the nightly run at 02:00
            while day <= self.now:
                label = time.strftime("%Y-%m-%d", time.gmtime(day))
                for r in repos:
                    if r["archived"]:
                        why = "archived"
                    elif r["fork"]:
                        why = "fork"
                    elif r["stale"]:
                        why = "stale"
                    else:
                        why = None
                    golden = int(r["golden_from"] is not None and r["golden_from"] <= day)
                    yield (label, day, r["full"], int(why is None), why, 1, golden,
                           ".github/workflows/ci.yml: acme/golden-paths/.github/workflows/build.yml@v3" if golden
                           else None, 2, r["pushed"], 0)
                day += DAY
        self.put("github_repo_snapshots", snapshots())

    # -- scaffolder ------------------------------------------------------------------------------
    def scaffolder(self):
        rng = self.rng
        with open(os.path.join(FIXTURES, "api", "backstage-scaffolder-task.json"), encoding="utf-8") as f:
            proto = json.load(f)
        proto.pop("secrets", None)
        raw_template = json.dumps(proto, sort_keys=True, separators=(",", ":"))
        old_id, old_ref = proto["id"], proto["spec"]["templateInfo"]["entityRef"]
        old_owner = '"owner":%s' % json.dumps(proto["spec"]["parameters"].get("owner", ""))
        raw_template = raw_template.replace(old_owner, '"owner":"OWNER"')
        old_owner = "OWNER"

        def rows():
            # the collector lists tasks oldest first and writes them page by page: rows are in creation order
            for i, created in enumerate(sorted(self.when() for _ in range(self.n(200000)))):
                p = self.progress(created)
                tpl = "template:default/" + TEMPLATES[min(len(TEMPLATES) - 1, int(rng.expovariate(0.25)))]
                u = rng.random()
                status = ("completed" if u < 0.86 else "failed" if u < 0.96 else "cancelled" if u < 0.97
                          else "processing" if u < 0.985 else "open")
                # lead times shrink from hours to minutes as the platform matures
                lead = rng.lognormvariate(math.log(240 * (1 - p) + 15), 0.9) * 60
                done = created + int(lead) if status in ("completed", "failed", "cancelled") else None
                tid = "%08x-%04x-4%03x-a%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                      rng.getrandbits(12), rng.getrandbits(48))
                repo = self.repos[rng.randrange(len(self.repos))]["name"] if self.repos else "svc-%d" % i
                owner = "group:default/" + (self.repos[rng.randrange(len(self.repos))]["team"] if self.repos
                                            else self.teams[0])
                raw = raw_template.replace(old_id, tid).replace(old_ref, tpl).replace(old_owner, owner)
                row = (tid, tpl, "user:default/dev%04d" % rng.randrange(2000), status, created, done,
                       int(rng.random() < 0.02 and done is not None), done, int(status == "cancelled"), "github.com",
                       ORG, repo, done, raw, self.now)
                # migration 007 keeps the owner parameter in a column, as the collector writes it
                yield row + (owner,) if with_owner else row
        cols = [r[1] for r in self.db.execute("PRAGMA table_info(scaffolder_tasks)")]
        with_owner = "param_owner" in cols
        self.db.executemany("INSERT INTO scaffolder_tasks (%s) VALUES (%s)" % (", ".join(cols), ", ".join("?" * len(cols))),
                            rows())

    # -- surveys, onboarding, tickets --------------------------------------------------------------
    def imports(self):
        rng = self.rng
        rows = []
        per_quarter = self.n(50000) // 8
        starts = [self.start]
        for q in range(8):
            starts.append(quarter_start(starts[-1] + 100 * DAY))
        for q in range(8):
            qs = starts[q]
            for k in range(per_quarter):
                p = q / 7
                score = max(0, min(10, int(round(rng.gauss(6.5 + 2.5 * p, 2.2)))))
                comment = COMMENTS[rng.randrange(len(COMMENTS))] if rng.random() < 0.35 else None
                key = hashlib.sha256(("%d-%d" % (q, k)).encode()).hexdigest()
                rows.append((key, "qualtrics", "devex-q%d.csv" % q, k + 4, qs + 14 * DAY + rng.randrange(10 * DAY),
                             score, self.teams[rng.randrange(len(self.teams))], comment, self.now))
        self.put("survey_responses", rows)
        rows = []
        for i, start in enumerate(sorted(self.when() for _ in range(self.n(2000)))):
            days = max(1, int(rng.lognormvariate(math.log(12 - 8 * self.progress(start)), 0.5)))
            prod = start + days * DAY
            rows.append((hashlib.sha256(b"p%d" % i).hexdigest(), self.teams[rng.randrange(len(self.teams))],
                         time.strftime("%Y-%m-%d", time.gmtime(start)),
                         time.strftime("%Y-%m-%d", time.gmtime(prod)) if prod < self.now else None,
                         days if prod < self.now else None, "onboarding.csv", i + 2, self.now))
        self.put("onboarding_records", rows)
        rows = []
        for i, created in enumerate(sorted(self.when() for _ in range(self.n(40000)))):
            infra = rng.random() < 0.4 * (1 - 0.6 * self.progress(created))
            labels = json.dumps(["infra"] if infra else ["feature"])
            rows.append(("OPS-%d" % (i + 1), created, created + rng.randrange(1, 20) * DAY,
                         self.teams[rng.randrange(len(self.teams))], labels,
                         json.dumps(["Infrastructure"] if infra else []), "jira.csv", i + 2, self.now))
        self.put("tickets", rows)

    # -- catalog (migration 005) -------------------------------------------------------------------
    def catalog(self):
        rng = self.rng
        units = ["unit-%d" % i for i in range(6)]
        groups = [("group:default/engineering", "default", "engineering", "Engineering", "organization", None, 0, 0)]
        groups += [("group:default/" + u, "default", u, u.title(), "business-unit", "group:default/engineering", 0, 0)
                   for u in units]
        sizes = [rng.randint(110, 170) for _ in self.teams]  # about 8,000 engineers: the surveys reach most of them
        groups += [("group:default/" + t, "default", t, t.replace("-", " ").title(), "team",
                    "group:default/" + units[i % len(units)], sizes[i], sizes[i]) for i, t in enumerate(self.teams)]
        self.put("catalog_groups", groups)
        comps = []
        for r in self.repos:
            name = r["name"]
            comps.append(("component:default/" + name, "default", name, None, "service",
                          "production" if rng.random() < 0.8 else "experimental", None,
                          "group:default/" + r["team"], "group:default/" + r["team"], r["full"], r["full"].lower(),
                          "project-slug", "template:default/" + TEMPLATES[rng.randrange(len(TEMPLATES))],
                          json.dumps(["tier-%d" % rng.randint(1, 3)]), "tier-%d" % rng.randint(1, 3)))
        self.put("catalog_components", comps)
        self.put("catalog_templates", (("template:default/" + t, "default", t, t, "service", "group:default/team-00")
                                       for t in TEMPLATES))

    # -- DORA (migration 006) ------------------------------------------------------------------------
    def dora(self):
        """2,000,000 deployment records, of which 200,000 successful production deployments with their
        changes (commits), merged pull requests and incidents.  The DORA collector stores deployment
        workflow runs on production branches and GitHub Deployments of any environment, so the rest
        are failed production runs (5 %) and deployments to staging environments (production = 0),
        which every KPI query must skip."""
        rng = self.rng
        deploying = [r for r in self.repos if not r["archived"] and not r["fork"]]
        n_prod = self.n(200000)
        n_total = self.n(2000000)
        share = [rng.random() ** 2 + 0.05 for _ in deploying]  # a few busy repositories, many quiet ones
        total_share = sum(share)
        deps, changes, commits, pulls, incidents = [], [], [], [], []
        next_id = 10 ** 9
        for r, sh in zip(deploying, share):
            k = max(1, int(round(n_prod * sh / total_share)))
            times = sorted(self.start + rng.randrange(self.span) for _ in range(k))
            parent = None
            base = None  # the previous successful production deployment's sha
            pr = 0
            wf = self.deploy_workflow.get(r["full"])

            def deploy(t, event, shas, method):
                nonlocal next_id
                next_id += 1
                deps.append((r["full"], "run", next_id, wf, parent, "main", None, event, "success", 1, 1, 1, t - 900, t,
                             method, base, len(shas), self.now))
                for c, authored in shas:
                    changes.append((r["full"], "run", next_id, c, authored))

            for i, t in enumerate(times):
                p = self.progress(t)
                n_changes = 1 + int(rng.expovariate(1 / 3.0))
                shas = []
                for _ in range(n_changes):
                    c = hexid(rng)
                    # lead time shrinks from about four days to about one as the platform matures
                    authored = t - int(rng.lognormvariate(math.log(3600 * (96 - 72 * p)), 0.8))
                    commits.append((r["full"], c, authored, authored + 600, parent or "", 0))
                    parent = c
                    shas.append((c, authored))
                    if rng.random() < 0.5:
                        pr += 1
                        pulls.append((r["full"], pr, c, authored - rng.randrange(3 * DAY), authored + 300))
                # the collector's rules: the first deployment seen has no base and ships no changes (a seed),
                # the others ship the commits since the previous successful production deployment's sha
                if base is None:
                    deploy(t, "push", [], "seed")
                else:
                    deploy(t, "push", shas, "graph")
                previous, base = base, parent
                quiet = i + 1 == len(times) or times[i + 1] > t + 2 * 3600
                u = rng.random()
                if previous is not None and quiet and u < 0.01:
                    # a rollback to the deployment before (it ships nothing: its commit is an ancestor),
                    # then this one again: its commits ship a second time
                    head = parent
                    parent, base = previous, head
                    deploy(t + 1800, "workflow_dispatch", [], "graph")
                    parent, base = head, previous
                    deploy(t + 3600, "workflow_dispatch", shas, "graph")
                    base = parent
                elif quiet and u < 0.02:
                    # the same commit deployed again: nothing new ships
                    deploy(t + 1800, "workflow_dispatch", [], "redeploy")
                if rng.random() < 0.05 * (1.5 - p):  # fewer incidents as the platform matures
                    opened = t + rng.randrange(3 * DAY)
                    closed = opened + int(rng.lognormvariate(math.log(3600 * (8 - 6 * p)), 0.7))
                    incidents.append((r["full"], len(incidents) + 1, opened, closed if closed < self.now else None,
                                      closed if closed < self.now else opened))
        failed = int(n_prod * 0.1)
        while len(deps) < n_total:
            r = deploying[rng.randrange(len(deploying))]
            t = self.start + rng.randrange(self.span)
            next_id += 1
            if failed > 0:
                failed -= 1
                deps.append((r["full"], "run", next_id, self.deploy_workflow.get(r["full"]), hexid(rng), "main", None,
                             "push", "failure", 1, 1, 0, t - 900, t, None, None, None, self.now))
            else:
                deps.append((r["full"], "deployment", next_id, None, hexid(rng), "main", "staging", None, "success", 1,
                             0, 1, t - 300, t, None, None, None, self.now))
        deps.sort(key=lambda d: d[13])  # collected night by night: rows arrive in time order
        self.put("dora_deployments", deps)
        self.put("dora_changes", changes)
        self.put("dora_commits", commits, "INSERT OR IGNORE")
        self.put("dora_pulls", pulls, "INSERT OR IGNORE")
        self.put("dora_incidents", incidents)
        print("generate: DORA: %d deployment records (%d successful production), %d changes, %d pull requests, "
              "%d incidents" % (len(deps), sum(1 for d in deps if d[10] and d[11]), len(changes), len(pulls),
                                len(incidents)), file=sys.stderr)

    def run(self):
        steps = [("github", self.github), ("scaffolder", self.scaffolder), ("surveys, onboarding, tickets", self.imports)]
        if "catalog_components" in self.tables:
            steps.append(("catalog", self.catalog))
        if "dora_deployments" in self.tables:
            steps.append(("DORA", self.dora))
        for name, fn in steps:
            t0 = time.time()
            fn()
            self.db.commit()
            print("generate: %s in %.1f s" % (name, time.time() - t0), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "idpmetrics"))
    ap.add_argument("--now", default="2026-11-27T12:00:00Z")
    ap.add_argument("--seed", type=int, default=20261127)
    a = ap.parse_args()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(a.db + suffix):
            os.unlink(a.db + suffix)
    subprocess.run([a.binary, "--config", "/dev/null", "--db", a.db, "init"], check=True, capture_output=True)
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    Gen(db, a.scale, ts(a.now), a.seed).run()
    db.close()
    print("generate: %s, %.0f MB" % (a.db, os.path.getsize(a.db) / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
