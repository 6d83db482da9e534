"""cmake --install puts everything in FHS places, and the installed program runs from any directory
with its installed data (report definitions, benchmark tables) and its manual page."""
import os
import shutil
import subprocess
import tempfile

from harness import SRC, TestCase, main

BUILD = os.environ.get("IDPM_BUILD_DIR", "")
REPORTS = ["bands.json", "dora-2023.json", "dora-2024.json", "messages-en.json", "messages-ko.json", "quarterly.json"]


class Install(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.prefix = tempfile.mkdtemp(prefix="idpm-prefix-")
        if not BUILD or not shutil.which("cmake"):
            cls.installed = None
            return
        cls.installed = subprocess.run(["cmake", "--install", BUILD, "--prefix", cls.prefix],
                                       capture_output=True, text=True, timeout=300)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def setUp(self):
        if self.installed is None:
            self.skipTest("IDPM_BUILD_DIR is not set or cmake is missing: nothing to install")
        self.assertEqual(self.installed.returncode, 0, self.installed.stderr)
        self.bin = os.path.join(self.prefix, "bin", "idpmetrics")
        self.data = os.path.join(self.prefix, "share", "idpmetrics")

    def elsewhere(self):
        """A working directory in /tmp, far from the source and build trees."""
        d = tempfile.mkdtemp(prefix="idpm-cwd-", dir="/tmp")
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def demo(self, cwd, out, env=None):
        e = dict(os.environ)
        e.pop("IDPM_DATA_DIR", None)
        e.pop("IDPM_SOURCE_DIR", None)
        e.update(env or {})
        return subprocess.run([self.bin, "demo", "--out", out], cwd=cwd, env=e, capture_output=True, text=True,
                              timeout=300)

    def test_fhs_layout(self):
        self.assertTrue(os.access(self.bin, os.X_OK))
        want = ["share/man/man1/idpmetrics.1", "share/idpmetrics/idpmetrics.example.yaml",
                "share/idpmetrics/schedules/crontab", "share/idpmetrics/schedules/systemd/idpmetrics.service",
                "share/idpmetrics/schedules/systemd/idpmetrics.timer",
                "share/idpmetrics/schedules/kubernetes/idpmetrics.yaml",
                "share/doc/idpmetrics/README.md", "share/doc/idpmetrics/docs/OPERATIONS.md",
                "share/doc/idpmetrics/docs/sources/github.md"]
        want += ["share/idpmetrics/reports/" + r for r in REPORTS]
        for rel in want:
            self.assertTrue(os.path.isfile(os.path.join(self.prefix, rel)), rel)
        # every definition in the source tree is installed, byte for byte
        self.assertEqual(sorted(f for f in os.listdir(os.path.join(SRC, "reports")) if f.endswith(".json")), REPORTS)
        for r in REPORTS:
            with open(os.path.join(SRC, "reports", r), "rb") as a, open(os.path.join(self.data, "reports", r), "rb") as b:
                self.assertEqual(a.read(), b.read(), r)
        r = subprocess.run([self.bin, "version"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^idpmetrics \d+\.\d+\.\d+\n$")

    def test_installed_schedules_name_the_installed_program(self):
        """The crontab and systemd units installed with the program run that program (the package's
        /usr/bin/idpmetrics, not the source tree's /usr/local/bin); the Dockerfile installs its own."""
        sched = os.path.join(self.data, "schedules")
        for rel, want in (("crontab", 2), ("systemd/idpmetrics.service", 1), ("systemd/idpmetrics-prune.service", 1)):
            with open(os.path.join(sched, rel), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(SRC, "schedules", rel), encoding="utf-8") as f:
                source = f.read()
            self.assertNotIn("/usr/local/bin", text, rel)
            self.assertEqual(text.count(self.bin + " run") + text.count(self.bin + " prune"), want, rel)
            self.assertEqual(text, source.replace("/usr/local/bin/idpmetrics", self.bin), rel)
        with open(os.path.join(sched, "kubernetes", "Dockerfile"), "rb") as a, \
                open(os.path.join(SRC, "schedules", "kubernetes", "Dockerfile"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_demo_from_tmp(self):
        cwd = self.elsewhere()
        out = os.path.join(cwd, "x")
        r = self.demo(cwd, out)
        self.assertEqual(r.returncode, 0, r.stderr)
        for f in ("report.html", "dashboard.html", "report.xlsx", "report.pdf", "metrics.json", "csv/metrics.csv"):
            self.assertGreater(os.path.getsize(os.path.join(out, f)), 0, f)
        self.assertEqual(sorted(os.listdir(cwd)), ["x"])  # nothing written beside it

    def test_installed_definitions_are_read_and_the_environment_wins(self):
        # a broken installed definition is what the installed program reads, and its error names the file
        prefix = tempfile.mkdtemp(prefix="idpm-prefix-")
        self.addCleanup(shutil.rmtree, prefix, True)
        shutil.copytree(self.prefix, prefix, dirs_exist_ok=True)
        bad = os.path.join(prefix, "share", "idpmetrics", "reports", "quarterly.json")
        with open(bad, "w") as f:
            f.write("{ broken\n")
        self.bin = os.path.join(prefix, "bin", "idpmetrics")
        cwd = self.elsewhere()
        r = self.demo(cwd, os.path.join(cwd, "a"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(os.path.realpath(bad) + ":1:", r.stderr)
        # $IDPM_DATA_DIR comes first: a good copy there is used instead
        data = os.path.join(cwd, "data")
        os.makedirs(os.path.join(data, "reports"))
        shutil.copy(os.path.join(SRC, "reports", "quarterly.json"), os.path.join(data, "reports"))
        r = self.demo(cwd, os.path.join(cwd, "b"), env={"IDPM_DATA_DIR": data})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(cwd, "b", "report.html")))

    def test_installed_man_page(self):
        if not shutil.which("man"):
            self.skipTest("man is missing (.ci/install-deps --test installs man-db)")
        page = os.path.join(self.prefix, "share", "man", "man1", "idpmetrics.1")
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
        r = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "")
        self.assertIn("idpmetrics demo", r.stdout.replace("\u2010", "-"))


if __name__ == "__main__":
    main()
