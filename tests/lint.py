#!/usr/bin/python3
"""The source rules of the project, checked on every file under src/ (usage: lint.py SOURCE_DIR).

- no banned C functions (unbounded or not thread-safe: strcpy, sprintf, strtok, gmtime, atoi ...);
- every file opens with a comment saying what it is for;
- no file over 800 lines;
- stage code below cli/ never prints or exits (it fills an error buffer), apart from the few
  places listed in ALLOWED with their reason;
- SQL lives in queries/: no statement text is compiled from a C string outside store/db.c;
- nothing reads outside the repository: in src/, tests/, bench/, .ci/, cmake/ and the CMake files,
  no path climbs above the repository root with "..", and no path names a folder beside it or on
  the developer's machine (see path_problems).
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


# ---- paths that leave the repository ----
# Directories (and top-level files) whose code may name paths; fixtures and docs are data.
PATH_SCOPE = ("src", "tests", "bench", ".ci", "cmake", "CMakeLists.txt")
PATH_EXT = (".c", ".h", ".py", ".sh", ".cmake", ".txt", "")
PATH_EXEMPT = {"tests/lint_test.py"}  # the rules' own examples of bad paths
# Names that are outside the repository whatever the working directory: a folder beside the checkout,
# or an absolute path on a development machine.
OUTSIDE = re.compile(r"\.\./+shared\b|(?<![\w.$])/(work|home)/|\bshared/(reference|docs|bench)/")
# A CMake or shell base and the directory it stands for ("root" or "file").
CMAKE_BASES = {"CMAKE_SOURCE_DIR": "root", "PROJECT_SOURCE_DIR": "root", "idpmetrics_SOURCE_DIR": "root",
               "CMAKE_CURRENT_SOURCE_DIR": "file", "CMAKE_CURRENT_LIST_DIR": "file"}
# A run of ".." segments with what precedes it on the line.
DOTS = re.compile(r'(\.\.(?:/+\.\.)*)(?=/|["\'\s)};:]|$)')
PY_JOIN = re.compile(r"os\.path\.join\(")


def climbs_out(rel, base, ups):
    """Whether UPS ".." segments from BASE ("root", "file": the directory of REL) leave the repository."""
    depth = 0 if base == "root" else rel.count("/")
    return ups > depth


def join_args(text, start):
    """The top-level argument texts of the call whose "(" is at START - 1 in TEXT."""
    args, depth, cur, i, quote = [], 0, "", start, None
    while i < len(text):
        ch = text[i]
        if quote:
            cur += ch
            if ch == "\\":
                cur += text[i + 1:i + 2]
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            cur += ch
        elif ch in "([{":
            depth += 1
            cur += ch
        elif ch in ")]}":
            if depth == 0:
                args.append(cur.strip())
                return args
            depth -= 1
            cur += ch
        elif ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    return args


def py_base(arg, known):
    """The directory a Python path expression stands for: "root", "file", or None (unknown)."""
    if "IDPM_SOURCE_DIR" in arg:
        return "root"
    if re.fullmatch(r"\w+", arg):
        return known.get(arg)
    if "__file__" in arg and "join" not in arg:
        return "file" if arg.count("dirname") == 1 else None
    m = PY_JOIN.search(arg)
    if m:
        return py_join(arg, m.end(), known)[0]
    return None


def py_join(text, start, known):
    """Resolve os.path.join(...) at START: (base, ups) with ups the net ".." count, or (None, 0)."""
    args = join_args(text, start)
    if not args:
        return None, 0
    base = py_base(args[0], known)
    if base is None:
        return None, 0
    level = lowest = 0  # directories below the base after each literal component, and the lowest reached
    for a in args[1:]:
        m = re.fullmatch(r"[\"']([^\"']*)[\"']", a)
        if not m:
            break
        for part in m.group(1).split("/"):
            if part == "..":
                level -= 1
                lowest = min(lowest, level)
            elif part not in ("", "."):
                level += 1
    return base, -lowest


def path_problems(rel, text):
    """The places in file REL (TEXT) where a path leaves the repository."""
    problems = []
    kind = "cmake" if rel.endswith((".cmake", "CMakeLists.txt")) else "py" if rel.endswith(".py") else \
        "c" if rel.endswith((".c", ".h")) else "sh"
    if kind == "c":
        text = code_of(text)
    known = {"SRC": "root", "ROOT": "root", "TOP": "root", "top": "root"}  # the usual names of the source root
    for n, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip()
        if kind in ("py", "sh", "cmake") and stripped.startswith("#"):
            continue
        if OUTSIDE.search(line):
            problems.append("%s:%d: names a path outside the repository: the project reads only its own files "
                            "(copy what it needs under fixtures/)" % (rel, n))
            continue
        if kind == "py":
            m = re.match(r"\s*(\w+)\s*=\s*(.+)$", line)
            if m:
                b = py_base(m.group(2).strip(), known)
                if b is not None:
                    jm = PY_JOIN.search(m.group(2))
                    if jm:
                        base, ups = py_join(m.group(2), jm.end(), known)
                        # a name for a directory above the base: keep it only while inside the repository
                        if base == "file" and ups:
                            b = "root" if ups == rel.count("/") else None
                        elif ups:
                            b = None
                    known[m.group(1)] = b
            for jm in PY_JOIN.finditer(line):
                base, ups = py_join(line, jm.end(), known)
                if base and climbs_out(rel, base, ups):
                    problems.append("%s:%d: os.path.join climbs %d levels above %s: outside the repository"
                                    % (rel, n, ups, "the repository root" if base == "root" else rel))
            for sm in re.finditer(r"[\"'](\.\./[^\"']*)[\"']", line):
                problems.append("%s:%d: a relative path '%s' depends on the working directory and climbs out of it: "
                                "build it from the source directory" % (rel, n, sm.group(1)))
            continue
        if kind == "c":
            for sm in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', line):
                if re.search(r"(^|/)\.\.(/|$)", sm.group(1)):
                    problems.append("%s:%d: a path with '..' in a C string: the program must not climb out of its "
                                    "directories" % (rel, n))
            continue
        for dm in DOTS.finditer(line):
            ups = dm.group(1).count("..")
            before = line[:dm.start()]
            if re.search(r"[\w.\-]$", before):
                continue  # part of a word ("a..b"), not a path segment
            base = "root" if kind == "sh" else "file"  # .ci scripts cd to the root; CMake paths are relative to the file
            if kind == "cmake":
                m = re.search(r"\$\{(\w+)\}/+$", before)
                if m:
                    base = CMAKE_BASES.get(m.group(1))
                    if base is None:
                        continue  # a build-tree or temporary directory: not a source path
            elif re.search(r"\$\(dirname \"?\$0\"?\)/+$|\$\{0%/\*\}/+$", before):
                base = "file"
            elif re.search(r"\$\{?\w+\}?/+$", before):
                continue  # relative to a variable (a temporary directory): not a source path
            if climbs_out(rel, base, ups):
                problems.append("%s:%d: '%s' climbs above the repository root" % (rel, n, dm.group(1)))
    return problems


def path_files(top):
    """The files path_problems() checks, relative to TOP."""
    out = []
    for entry in PATH_SCOPE:
        full = os.path.join(top, entry)
        if os.path.isfile(full):
            out.append(entry)
            continue
        for d, dirs, names in os.walk(full):
            dirs[:] = [x for x in dirs if x not in ("corpus", "__pycache__")]
            for name in names:
                ext = os.path.splitext(name)[1]
                rel = os.path.relpath(os.path.join(d, name), top)
                if (ext in PATH_EXT or name == "CMakeLists.txt") and rel not in PATH_EXEMPT:
                    out.append(rel)
    return sorted(out)


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = []
    npath = 0
    for rel in path_files(top):
        try:
            with open(os.path.join(top, rel), encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            continue  # binary test data
        npath += 1
        problems += path_problems(rel, text)
    if npath < 20:
        problems.append("only %d files found for the path rules under %s" % (npath, top))
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
