"""Benchmark: `collect scaffolder` against the fixture Backstage with N tasks, first and incremental runs.

usage: IDPMETRICS=build/idpmetrics /usr/bin/python3 bench/scaffolder.py [N] [PAGE_SIZE]
Prints wall time, requests and rows per run.  Numbers are reported in the README, never asserted.
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
    start = epoch("2025-10-01T00:00:00Z")
    for i in range(n):
        status = "completed" if i % 10 else ("failed" if i % 20 else "open")
        bs.add_task("task-%06d" % i, ["go-service", "java-service", "react"][i % 3], status, start + i * 1800,
                    lead=5 + i % 120)
    h = Home()
    h.write_config("backstage:\n  base_url: %s\n  token: \"${BACKSTAGE_TOKEN}\"\n  page_size: %d\n" % (bs.base_url, page))
    h.env["BACKSTAGE_TOKEN"] = bs.token
    try:
        for label, change in (("first run", None), ("no change", None), ("1% changed", 0.01)):
            if change:
                for i in range(0, n, int(1 / change)):
                    t = bs.tasks["task-%06d" % i]
                    if t["status"] == "open":
                        bs.finish(t["id"], "completed", t["createdAt"] + 600)
                    else:
                        bs.retry(t["id"], t["createdAt"] + 3600)
                        bs.finish(t["id"], "completed", t["createdAt"] + 7200)
            srv.reset_log()
            t0 = time.monotonic()
            r = h.run("collect", "scaffolder", now="2026-11-27T12:00:00Z")
            dt = time.monotonic() - t0
            if r.code:
                raise SystemExit(r.err)
            con = sqlite3.connect(h.db)
            req, rows = con.execute("SELECT requests, rows_written FROM collection_runs ORDER BY id DESC LIMIT 1").fetchone()
            con.close()
            print("%-11s %6d tasks: %6.2f s, %5d requests (%d list, %d events), %5d rows written"
                  % (label, n, dt, req, len(bs.list_requests()), len(bs.event_fetches()), rows))
        print("database: %.1f MB" % (os.path.getsize(h.db) / 1e6))
    finally:
        h.remove()
        srv.stop()


if __name__ == "__main__":
    main()
