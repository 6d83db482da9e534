#!/usr/bin/python3
"""The path rules of lint.py catch what they must and let the repository's own paths through."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lint  # noqa: E402

# The folder beside a checkout that a clone does not have, spelled in two pieces so that a
# search of the tree for it finds the code that reads it, not these cases.
BESIDE = ".." + "/shared"

BAD = [
    ("tests/e2e/harness.py", 'REF = os.path.join(SRC, "..", "shared", "reference", "api")\n'),
    ("tests/e2e/harness.py", 'REF = os.path.join(os.path.dirname(__file__), "..", "..", "..", "x")\n'),
    ("tests/e2e/harness.py", 'HERE = os.path.dirname(os.path.abspath(__file__))\nX = os.path.join(HERE, "../../..")\n'),
    ("tests/e2e/harness.py", 'HERE = os.path.dirname(os.path.abspath(__file__))\nROOT = os.path.join(HERE, "..", "..")\n'
                             'Y = os.path.join(ROOT, "..", "data")\n'),
    ("tests/e2e/harness.py", 'open("../fixtures/api/x.json")\n'),
    ("bench/large/run.py", 'p = "/work/shared/bench/floor_compute.sql"\n'),
    ("tests/CMakeLists.txt", 'add_test(NAME x COMMAND sh ${CMAKE_SOURCE_DIR}/' + BESIDE + '/run.sh)\n'),
    ("tests/CMakeLists.txt", 'set(D ${CMAKE_CURRENT_SOURCE_DIR}/../..)\n'),
    ("CMakeLists.txt", 'include(../cmake/x.cmake)\n'),
    (".ci/run", 'cp -r ../data .\n'),
    (".ci/run", 'cd "$(dirname "$0")/../.."\n'),
    ("src/util/defs.c", 'static const char *p = "../reports";\n'),
    ("tests/unit/test_x.c", 'f = fopen("../' + BESIDE + '/reference/api/a.json", "r");\n'),
]
GOOD = [
    ("tests/e2e/harness.py", 'SRC = os.environ.get("IDPM_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))\n'
                             'F = os.path.join(SRC, "fixtures", "api")\n'),
    ("bench/large/run.py", 'HERE = os.path.dirname(os.path.abspath(__file__))\nROOT = os.path.abspath(os.path.join(HERE, "..", ".."))\n'
                           'Q = os.path.join(ROOT, "queries")\n'),
    ("tests/e2e/test_x.py", 'self.assertTrue(".." in w)\nos.path.join(h.dir, "..", "..")\n'),
    ("tests/CMakeLists.txt", 'add_test(NAME x COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/../bench/x.py ${CMAKE_BINARY_DIR}/../y)\n'),
    (".ci/run", 'cd "$(dirname "$0")/.."\n# ' + BESIDE + ' is not there in a fresh clone\nrm -rf "$tmp/.."\n'),
    ("src/util/datetext.c", '/* "Jan".."Dec" */\nint x;\n'),
]


class PathRules(unittest.TestCase):
    def test_bad_paths_are_caught(self):
        for rel, text in BAD:
            with self.subTest(rel=rel, text=text):
                self.assertTrue(lint.path_problems(rel, text), "not caught")

    def test_good_paths_pass(self):
        for rel, text in GOOD:
            with self.subTest(rel=rel, text=text):
                self.assertEqual(lint.path_problems(rel, text), [])

    def test_the_repository_itself_passes(self):
        top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
        files = lint.path_files(top)
        self.assertIn("tests/e2e/harness.py", files)
        self.assertIn(".ci/run", files)
        self.assertIn("CMakeLists.txt", files)
        for rel in files:
            with open(os.path.join(top, rel), encoding="utf-8", errors="replace") as f:
                self.assertEqual(lint.path_problems(rel, f.read()), [], rel)


if __name__ == "__main__":
    unittest.main(verbosity=2)
