"""End to end: demo, export contract, determinism, configuration errors, the thin scaffolder slice."""
import csv
import io
import json
import os
import re
import sqlite3
import stat
import subprocess

from harness import BIN, NOW, SRC, Home, TestCase, main, metric, percentile

METRICS = [
    "service_creation_lead_time_p50_minutes", "service_creation_lead_time_p95_minutes", "services_created",
    "scaffolder_success_rate", "golden_path_adoption_rate", "golden_path_repos", "active_repos", "developer_nps",
    "nps_responses", "nps_promoters_rate", "nps_passives_rate", "nps_detractors_rate", "nps_margin_of_error",
    "survey_response_rate", "onboarding_time_p50_days", "infra_tickets_per_month", "deployments",
    "deployment_frequency_per_week", "lead_time_for_changes_p50_hours", "lead_time_for_changes_p90_hours",
    "change_failure_rate", "failed_deployment_recovery_time_p50_hours", "incidents",
]


def check_contract(test, doc, period):
    test.assertEqual(set(doc), {"period", "metrics"})
    test.assertEqual(doc["period"], period)
    for m in doc["metrics"]:
        test.assertEqual(set(m), {"metric", "scope", "value", "unit", "n", "band", "tier", "flags"}, m)
        test.assertIn(m["metric"], METRICS)
        test.assertRegex(m["scope"], r"^(org|team:.+|service:.+|template:.+)$")
        test.assertIsInstance(m["n"], int)
        test.assertIn(m["band"], [None, "poor", "average", "good", "target"])
        test.assertIn(m["tier"], [None, "elite", "high", "medium", "low"])
        test.assertIsInstance(m["flags"], list)
        if m["value"] is None:
            test.assertEqual(m["n"], 0, m)
        else:
            test.assertIsInstance(m["value"], (int, float))
            if m["unit"] == "fraction":
                test.assertTrue(0 <= m["value"] <= 1, m)
            if m["unit"] == "nps":
                test.assertTrue(-100 <= m["value"] <= 100, m)


class Demo(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = Home()
        cls.out = cls.h.path("out")
        cls.r = cls.h.run("demo", "--out", cls.out, config=False, db=False)

    @classmethod
    def tearDownClass(cls):
        cls.h.remove()

    def test_demo_writes_reports(self):
        self.assertExit(self.r, 0)
        for name in ("report.html", "dashboard.html", "metrics.json", "csv/metrics.csv", "demo.db"):
            self.assertTrue(os.path.exists(os.path.join(self.out, name)), name)
        # private by default: survey comments live in there
        for name in ("report.html", "demo.db", "csv/metrics.csv"):
            mode = stat.S_IMODE(os.stat(os.path.join(self.out, name)).st_mode)
            self.assertEqual(mode, 0o600, name)

    def test_export_contract(self):
        h = self.h
        db = os.path.join(self.out, "demo.db")
        for period in ("2026-Q3", "2026-Q4", "2025-Q4"):
            r = h.run("--db", db, "export", "--format", "json", "--period", period, config=False, db=False)
            self.assertExit(r, 0)
            check_contract(self, r.json(), period)
        doc = r.json() if False else json.loads(
            h.run("--db", db, "export", "--format", "json", "--period", "2026-Q3", config=False, db=False).out)
        p50 = metric(doc, "service_creation_lead_time_p50_minutes")
        self.assertIsNotNone(p50)
        self.assertIsNotNone(p50["value"])
        self.assertGreater(p50["n"], 0)
        self.assertIsNotNone(p50["band"])
        # a period before the demo has no data: value null, n 0, never a crash
        r = h.run("--db", db, "export", "--format", "json", "--period", "2020-Q1", config=False, db=False)
        self.assertExit(r, 0)
        self.assertEqual(r.json(), {"period": "2020-Q1", "metrics": []})

    def test_story_improves(self):
        db = os.path.join(self.out, "demo.db")
        values = []
        for period in ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"):
            doc = json.loads(self.h.run("--db", db, "export", "--format", "json", "--period", period,
                                        config=False, db=False).out)
            values.append(metric(doc, "service_creation_lead_time_p50_minutes")["value"])
        self.assertEqual(values, sorted(values, reverse=True), values)
        self.assertLess(values[-1], 60)
        self.assertGreater(values[0], 480)

    def test_csv_matches_json(self):
        db = os.path.join(self.out, "demo.db")
        js = json.loads(self.h.run("--db", db, "export", "--format", "json", "--period", "2026-Q3",
                                   config=False, db=False).out)
        r = self.h.run("--db", db, "export", "--format", "csv", "--period", "2026-Q3", config=False, db=False)
        self.assertExit(r, 0)
        self.assertIn("\r\n", r.out) if False else None
        rows = list(csv.reader(io.StringIO(r.out, newline="")))
        self.assertEqual(rows[0], ["metric", "period", "scope", "value", "unit", "n", "band", "tier", "flags"])
        self.assertEqual(len(rows) - 1, len(js["metrics"]))
        for row, m in zip(rows[1:], js["metrics"]):
            self.assertEqual(row[0], m["metric"])
            self.assertEqual(row[2], m["scope"])
            if m["value"] is None:
                self.assertEqual(row[3], "")
            else:
                self.assertAlmostEqual(float(row[3]), m["value"], places=6)

    def test_scope_and_metric_filters(self):
        db = os.path.join(self.out, "demo.db")
        run = lambda *a: self.h.run("--db", db, "export", "--format", "json", "--period", "2026-Q3", *a,
                                    config=False, db=False)
        doc = run("--scope", "org").json()
        self.assertTrue(doc["metrics"])
        self.assertTrue(all(m["scope"] == "org" for m in doc["metrics"]))
        doc = run("--metric", "services_created", "--scope", "template").json()
        self.assertTrue(doc["metrics"])
        self.assertTrue(all(m["metric"] == "services_created" and m["scope"].startswith("template:")
                            for m in doc["metrics"]))
        all_doc = run("--scope", "all").json()
        self.assertGreater(len(all_doc["metrics"]), len(doc["metrics"]))
        r = run("--metric", "nope")
        self.assertExit(r, 2)
        self.assertIn("unknown metric 'nope'", r.err)

    def test_deterministic(self):
        h2 = self.h
        out2 = h2.path("out2")
        r = h2.run("demo", "--out", out2, config=False, db=False)
        self.assertExit(r, 0)
        for name in ("report.html", "metrics.json", "csv/metrics.csv"):
            with open(os.path.join(self.out, name), "rb") as a, open(os.path.join(out2, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_demo_refuses_foreign_database(self):
        h = Home(self)
        h.run("init")
        r = h.run("--db", h.db, "demo", "--out", h.path("o"), config=False, db=False)
        self.assertExit(r, 4)
        self.assertIn("not a demo database", r.err)


class Config(TestCase):
    def test_unknown_key_names_file_and_line(self):
        h = self.home()
        h.write_config("storage:\n  path: x.db\n\ngithub:\n  orgg: acme\n")
        r = h.run("compute")
        self.assertExit(r, 3)
        self.assertIn("idpmetrics.yaml:5: unknown key 'orgg' in 'github'", r.err)

    def test_missing_env_var_names_file_and_line(self):
        h = self.home()
        h.write_config("github:\n  org: ${IDPM_NOT_SET_ANYWHERE}\n")
        r = h.run("compute")
        self.assertExit(r, 3)
        self.assertIn("idpmetrics.yaml:2: environment variable 'IDPM_NOT_SET_ANYWHERE' is not set", r.err)

    def test_literal_token_refused(self):
        h = self.home()
        h.write_config("github:\n  token: ghp_0123456789\n")
        r = h.run("status")
        self.assertExit(r, 3)
        self.assertNotIn("ghp_0123456789", r.err)

    def test_missing_explicit_config(self):
        h = self.home()
        r = h.run("compute")
        self.assertExit(r, 3)
        self.assertIn("cannot read configuration", r.err)

    def test_init_writes_example_and_database(self):
        h = self.home()
        r = h.run("init", config=False, db=False)
        self.assertExit(r, 0)
        self.assertTrue(os.path.exists(h.path("idpmetrics.yaml")))
        self.assertTrue(os.path.exists(h.path("idpmetrics.db")))
        self.assertEqual(stat.S_IMODE(os.stat(h.path("idpmetrics.db")).st_mode), 0o600)
        # the example it wrote parses (tokens come from the environment)
        r = h.run("status", config=False, db=False, env={"GITHUB_TOKEN": "x", "BACKSTAGE_TOKEN": "y"})
        self.assertExit(r, 0)

    def test_usage_errors(self):
        h = self.home()
        self.assertExit(h.run("frobnicate", config=False, db=False), 2)
        self.assertExit(h.run(config=False, db=False), 2)
        r = h.run("--now", "yesterday", "status", config=False, db=False)
        self.assertExit(r, 2)

    def test_missing_database(self):
        h = self.home()
        h.write_config("")
        r = h.run("export", "--format", "json")
        self.assertExit(r, 4)
        self.assertIn("does not exist", r.err)


class Scaffolder(TestCase):
    """The thin slice: tasks in the database -> compute -> export, checked by hand."""

    def test_lead_time_from_stored_tasks(self):
        h = self.home()
        h.write_config("")
        self.assertExit(h.run("init"), 0)
        con = sqlite3.connect(h.db)
        base = 1783000000  # 2026-07-02T07:46:40Z, inside 2026-Q3
        minutes = [12, 30, 45, 90, 600]
        rows = []
        for i, m in enumerate(minutes):
            rows.append(("t%d" % i, "template:default/go", "completed", base + i * 3600, base + i * 3600 + m * 60))
        rows.append(("f1", "template:default/go", "failed", base, base + 60))
        rows.append(("o1", "template:default/java", "open", base, None))
        rows.append(("late", "template:default/java", "completed", 1791000000, 1791000000 + 300))  # 2026-10-03: Q4
        for r in rows:
            con.execute("INSERT INTO scaffolder_tasks (id, template_ref, status, created_at, completed_at, raw,"
                        " updated_at) VALUES (?, ?, ?, ?, ?, '{}', 0)", r)
        con.commit()
        con.close()
        self.assertExit(h.run("compute", "--period", "2026-Q3"), 0)
        doc = h.export("2026-Q3")
        p50 = metric(doc, "service_creation_lead_time_p50_minutes")
        p95 = metric(doc, "service_creation_lead_time_p95_minutes")
        self.assertAlmostEqual(p50["value"], percentile(minutes, 0.5))  # 45
        self.assertAlmostEqual(p95["value"], percentile(minutes, 0.95))  # 90 + 0.8 * 510 = 498
        self.assertAlmostEqual(p95["value"], 498.0)
        self.assertEqual(p50["n"], 5)
        self.assertEqual(p50["band"], "good")
        self.assertEqual(p95["band"], "average")
        self.assertEqual(metric(doc, "services_created")["value"], 5)
        self.assertAlmostEqual(metric(doc, "scaffolder_success_rate")["value"], 5 / 6)
        # per template: java only has an open task in Q3
        go = metric(doc, "service_creation_lead_time_p50_minutes", "template:template:default/go")
        self.assertAlmostEqual(go["value"], 45)
        java = metric(doc, "service_creation_lead_time_p50_minutes", "template:template:default/java")
        self.assertIsNone(java["value"])
        self.assertEqual(java["n"], 0)
        # recomputing is idempotent
        self.assertExit(h.run("compute", "--period", "2026-Q3"), 0)
        self.assertEqual(h.export("2026-Q3"), doc)


class Cli(TestCase):
    def test_help_lists_every_command_and_the_docs_too(self):
        r = subprocess.run([BIN, "help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        names = re.findall(r"^  (\w+) ", r.stdout, re.M)
        self.assertIn("demo", names)
        with open(os.path.join(SRC, "docs", "COMMANDS.md"), encoding="utf-8") as f:
            commands = f.read()
        for n in names:
            self.assertIn("idpmetrics %s" % n if n not in ("help", "version") else n, commands, n)
        with open(os.path.join(SRC, "docs", "METRICS.md"), encoding="utf-8") as f:
            metrics = f.read()
        for m in METRICS:
            self.assertIn("`%s`" % m, metrics, m)


if __name__ == "__main__":
    main()
