#!/usr/bin/python3
"""The source rules of the project, checked on every file under src/ (usage: lint.py SOURCE_DIR).

- no banned C functions (unbounded or not thread-safe: strcpy, sprintf, strtok, gmtime, atoi ...);
- every file opens with a comment saying what it is for;
- no file over 800 lines;
- stage code below cli/ never prints or exits (it fills an error buffer), apart from the few
  places listed in ALLOWED with their reason;
- SQL lives in queries/: no statement text is compiled from a C string outside store/db.c.
"""
import os
import re
import sys

BANNED = re.compile(r"(?<![\w.>])(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gmtime|localtime|ctime|"
                    r"asctime|atoi|atol|atoll|gets|tmpnam|mktemp)\s*\(")
PRINTS = re.compile(r"(?<![\w.>])(printf|puts|exit|abort|_exit)\s*\(|\bfprintf\s*\(\s*std(out|err)\b|"
                    r"\bfputs\s*\([^;]*\bstd(out|err)\s*\)")
SQL = re.compile(r"\"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|REPLACE|WITH)\s")
MAX_LINES = 800

# (file, what is allowed there, why)
ALLOWED = {
    ("src/util/xalloc.c", "print"): "out of memory: the one place the program gives up below cli/",
    ("src/store/db.c", "print"): "a query bound with a parameter it does not have is a programming error",
    ("src/store/db.c", "sql"): "the connection's own pragmas and migrations bookkeeping",
    ("src/store/row.c", "print"): "a column name the query does not return is a programming error",
}


def code_of(text):
    """TEXT without comments and string contents (so that a word in a comment or message is not a call)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return text


def without_strings(code):
    return re.sub(r'"(\\.|[^"\\\n])*"', '""', code)


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = []
    files = []
    for d, _, names in os.walk(os.path.join(top, "src")):
        files += [os.path.join(d, n) for n in names if n.endswith((".c", ".h"))]
    if len(files) < 50:
        problems.append("only %d source files found under %s/src" % (len(files), top))
    for path in sorted(files):
        rel = os.path.relpath(path, top)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        if not re.match(r"/\*(.*\S|\n \* \S)", text):
            problems.append("%s:1: the file does not open with its purpose comment" % rel)
        if len(lines) - 1 > MAX_LINES:
            problems.append("%s: %d lines (at most %d: split it)" % (rel, len(lines) - 1, MAX_LINES))
        code = code_of(text)
        bare = without_strings(code)
        for n, line in enumerate(bare.split("\n"), 1):
            m = BANNED.search(line)
            if m:
                problems.append("%s:%d: %s() is banned (use the bounded or reentrant form)" % (rel, n, m.group(1)))
            if (not rel.startswith("src/cli/") and rel != "src/main.c" and PRINTS.search(line)
                    and (rel, "print") not in ALLOWED):
                problems.append("%s:%d: stage code prints or exits: return -1 and fill the error buffer" % (rel, n))
        for n, line in enumerate(code.split("\n"), 1):
            if SQL.search(line) and (rel, "sql") not in ALLOWED:
                problems.append("%s:%d: SQL in C: put the statement in queries/" % (rel, n))
    for p in problems:
        print(p)
    print("lint: %d files, %d problems" % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
