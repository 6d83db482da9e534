#!/usr/bin/python3
"""The queries/ tree is whole (usage: queries_check.py SOURCE_DIR).

- every .sql file under queries/ is listed in CMakeLists.txt QUERY_FILES (so it is embedded), and
  every listed file exists;
- queries/schema/ migrations are numbered 001, 002, ... without a gap or a repeated number;
- every query name written literally in the C sources ("store/task_put") is an embedded query.
"""
import os
import re
import sys

NAME = re.compile(r'"((?:schema|store|compute|report|status|prune|ops|cli)/[a-z0-9_]+)"')


def listed_queries(top):
    with open(os.path.join(top, "CMakeLists.txt"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"set\(QUERY_FILES\s+(.*?)\)", text, re.S)
    if not m:
        return None
    return [w for w in m.group(1).split() if not w.startswith("#")]


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = []
    listed = listed_queries(top)
    if listed is None:
        print("CMakeLists.txt has no set(QUERY_FILES ...)")
        return 1
    qdir = os.path.join(top, "queries")
    on_disk = []
    for d, _, names in os.walk(qdir):
        on_disk += [os.path.relpath(os.path.join(d, n), qdir) for n in names if n.endswith(".sql")]
    for q in sorted(set(on_disk) - set(listed)):
        problems.append("queries/%s is not in CMakeLists.txt QUERY_FILES: it is not built in" % q)
    for q in sorted(set(listed) - set(on_disk)):
        problems.append("CMakeLists.txt QUERY_FILES lists %s, which is not under queries/" % q)
    for q in sorted({q for q in listed if listed.count(q) > 1}):
        problems.append("CMakeLists.txt QUERY_FILES lists %s twice" % q)
    numbers = []
    for q in on_disk:
        if q.startswith("schema/"):
            m = re.match(r"schema/(\d{3})_[a-z0-9_]+\.sql$", q)
            if not m:
                problems.append("queries/%s: a migration is named schema/NNN_name.sql" % q)
            else:
                numbers.append(int(m.group(1)))
    for n in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append("queries/schema/: two migrations are numbered %03d" % n)
    for want, n in enumerate(sorted(set(numbers)), 1):
        if n != want:
            problems.append("queries/schema/: migration %03d is missing (the next is %03d)" % (want, n))
            break
    embedded = {q[:-4] for q in listed}
    for d, _, names in os.walk(os.path.join(top, "src")):
        for n in names:
            if not n.endswith((".c", ".h")):
                continue
            path = os.path.join(d, n)
            with open(path, encoding="utf-8") as f:
                for i, line in enumerate(f, 1):
                    for name in NAME.findall(line):
                        if name not in embedded:
                            problems.append("%s:%d: query '%s' is not an embedded query" %
                                            (os.path.relpath(path, top), i, name))
    for p in problems:
        print(p)
    print("queries: %d files, %d migrations, %d problems" % (len(on_disk), len(numbers), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
