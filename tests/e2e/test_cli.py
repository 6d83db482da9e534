"""The command line's own text: every command's --help and usage errors come from the command table,
and the manual page renders cleanly and documents every command and option."""
import glob
import os
import re
import shutil
import subprocess

from harness import BIN, SRC, TestCase, command, main

MAN_PAGE = os.path.join(SRC, "docs", "idpmetrics.1")


def run(argv, cwd, env=None):
    return subprocess.run(command(*argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def commands():
    """The command names 'idpmetrics help' lists."""
    r = subprocess.run([BIN, "help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    names = re.findall(r"^  (\w+) ", r.stdout, re.M)
    assert len(names) >= 10, r.stdout
    return names


def render_man(path):
    """PATH rendered by man(1) at 80 columns: (text, warnings)."""
    env = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0", LC_ALL="C.UTF-8")
    r = subprocess.run(["man", "--warnings", "-l", path], capture_output=True, text=True, env=env, timeout=60)
    return r.returncode, re.sub(r".\x08", "", r.stdout), r.stderr


class Help(TestCase):
    def test_every_command_help_is_its_table_entry(self):
        h = self.home()  # no configuration, no database: --help needs neither
        for name in commands():
            with self.subTest(command=name):
                want = run(["help", name], h.dir)
                self.assertEqual(want.returncode, 0, want.stderr)
                usage = want.stdout.split("\n", 1)[0]
                self.assertTrue(usage.startswith("usage: idpmetrics %s" % name), usage)
                for flag in ("--help", "-h"):
                    r = run([name, flag], h.dir)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertEqual(r.stdout, want.stdout)
                    self.assertEqual(r.stderr, "")
        self.assertEqual(os.listdir(h.dir), [], "--help created files")

    def test_a_bad_option_prints_the_same_usage_and_exits_2(self):
        h = self.home()
        for name in commands():
            with self.subTest(command=name):
                usage = run(["help", name], h.dir).stdout.split("\n", 1)[0]
                r = run([name, "--no-such-option"], h.dir)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertEqual(r.stdout, "")
                self.assertIn("'--no-such-option'", r.stderr)
                self.assertIn(usage + "\n", r.stderr)
                self.assertIn("idpmetrics help %s" % name, r.stderr)
        # a missing option argument, and an argument a command does not take
        r = run(["compute", "--period"], h.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage: idpmetrics compute [--period P]", r.stderr)
        r = run(["status", "extra"], h.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unexpected argument 'extra'", r.stderr)
        self.assertEqual(os.listdir(h.dir), [], "a usage error created files")

    def test_help_lists_the_registries(self):
        h = self.home()
        report = run(["report", "--help"], h.dir).stdout
        for fmt in ("html", "dashboard", "xlsx", "pdf", "svg", "png", "csv", "json"):
            self.assertRegex(report, r"\n  %s +\S" % fmt)
        self.assertIn("qualtrics", run(["import", "--help"], h.dir).stdout)

    def test_usage_text_exists_once(self):
        """No cmd_*.c file spells a usage line: they all print the table's."""
        files = glob.glob(os.path.join(SRC, "src", "cli", "cmd_*.c"))
        self.assertGreater(len(files), 10)
        for path in files:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertNotRegex(text, r'"\s*usage:', path)


class ManPage(TestCase):
    def setUp(self):
        if not shutil.which("man") or not shutil.which("groff"):
            self.skipTest("man or groff is missing (.ci/install-deps --test installs man-db and groff-base)")

    def test_renders_without_warnings(self):
        code, text, warnings = render_man(MAN_PAGE)
        self.assertEqual(code, 0, warnings)
        self.assertEqual(warnings, "")
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "FILES", "ENVIRONMENT",
                        "EXIT STATUS", "EXAMPLES", "SEE ALSO"):
            self.assertRegex(text, r"\n%s\n" % section)
        for line in text.split("\n"):
            self.assertLessEqual(len(line), 80, line)

    def test_documents_every_command_and_option(self):
        _, text, _ = render_man(MAN_PAGE)
        flat = re.sub(r"\s+", " ", text.replace("\u2010", "-"))
        h = self.home()
        for name in commands():
            with self.subTest(command=name):
                self.assertIn("idpmetrics %s" % name, flat)
                helptext = run(["help", name], h.dir).stdout
                for opt in sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", helptext))):
                    self.assertIn(opt, flat, "%s %s" % (name, opt))
        version = subprocess.run([BIN, "version"], capture_output=True, text=True).stdout.split()[-1]
        self.assertIn("idpmetrics %s" % version, flat)  # the footer: the page is of this version
        for code in range(6):
            self.assertRegex(text, r"\n {7}%d {6}" % code)

    def test_see_also_names_pages_that_exist(self):
        _, text, _ = render_man(MAN_PAGE)
        pages = set(re.findall(r"\b([A-Z]+\.md)\b", text))
        self.assertGreaterEqual(len(pages), 9, pages)
        for page in pages:
            where = os.path.join(SRC, page) if page == "README.md" else os.path.join(SRC, "docs", page)
            self.assertTrue(os.path.exists(where), page)


if __name__ == "__main__":
    main()
