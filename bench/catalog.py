"""Benchmark: `collect catalog` against the fixture Backstage with a large catalog, then compute.

usage: IDPMETRICS=build/idpmetrics /usr/bin/python3 bench/catalog.py [COMPONENTS] [PAGE_SIZE]
A catalog of COMPONENTS components (default 5,000), 200 teams under 20 business units, 3,000 users
and 20 templates; 1,000 scaffolder tasks for the per-team compute.  Prints wall time, requests,
rows.  Numbers are reported in docs/BENCHMARKS.md, never asserted.
"""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from backstage_server import Backstage, epoch  # noqa: E402
from harness import FixtureServer, Home  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    page = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    srv = FixtureServer().start()
    bs = Backstage(srv)
    for u in range(20):
        bs.add_group("unit-%02d" % u, type_="business-unit")
    for t in range(200):
        bs.add_group("team-%03d" % t, parent="unit-%02d" % (t % 20))
    for p in range(3000):
        bs.add_user("person-%04d" % p, ["team-%03d" % (p % 200)] + (["team-%03d" % ((p + 7) % 200)] if p % 10 == 0 else []))
    for i in range(n):
        bs.add_component("svc-%05d" % i, owner="team-%03d" % (i % 200), slug="acme/svc-%05d" % i,
                         tags=["tier-%d" % (1 + i % 3)], lifecycle="production" if i % 5 else "experimental")
    for t in range(20):
        bs.add_template("template-%02d" % t, owner="team-000")
    start = epoch("2026-07-01T00:00:00Z")
    for i in range(1000):
        bs.add_task("task-%05d" % i, "go-service", "completed", start + i * 3600, lead=5 + i % 90,
                    repo=("acme", "svc-%05d" % (i * 7 % (n + 200))))
    h = Home()
    h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: %d\n" % (bs.base_url, page))
    h.env["BACKSTAGE_TOKEN"] = bs.token
    try:
        r = h.run("collect", "scaffolder", now="2026-11-27T12:00:00Z")
        if r.code:
            raise SystemExit(r.err)
        for label in ("first run", "second run"):
            srv.reset_log()
            t0 = time.monotonic()
            r = h.run("collect", "catalog", now="2026-11-27T12:00:00Z")
            dt = time.monotonic() - t0
            if r.code:
                raise SystemExit(r.err)
            con = sqlite3.connect(h.db)
            req, rows = con.execute("SELECT requests, rows_written FROM collection_runs WHERE source = 'catalog' "
                                    "ORDER BY id DESC LIMIT 1").fetchone()
            con.close()
            print("%-10s %d entities: %6.2f s, %4d requests, %5d rows written"
                  % (label, len(bs.entities), dt, req, rows))
        t0 = time.monotonic()
        r = h.run("compute", "--period", "2026-Q3", now="2026-11-27T12:00:00Z")
        dt = time.monotonic() - t0
        if r.code:
            raise SystemExit(r.err)
        con = sqlite3.connect(h.db)
        teams = con.execute("SELECT COUNT(DISTINCT scope) FROM metric_values WHERE scope LIKE 'team:%'").fetchone()[0]
        con.close()
        print("compute 2026-Q3 with 1,000 tasks: %.2f s, %d team scopes" % (dt, teams))
        print("database: %.1f MB" % (os.path.getsize(h.db) / 1e6))
    finally:
        h.remove()
        srv.stop()


if __name__ == "__main__":
    main()
