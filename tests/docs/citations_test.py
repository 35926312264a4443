#!/usr/bin/python3
"""Every citation of KL, LKBR or Lag (1930:173) in the templates, the
engine's reminder texts and the docs is a section of docs/law.md's table, and
none is marked "att bekräfta".

    citations_test.py SOURCE_DIR

Exit 0: pass, 1: fail.
"""
import os
import re
import sys

CITE = re.compile(r"\b(KL|LKBR|Lag \(1930:173\))\s+(?:(\d+) kap\.\s+)?([0-9][0-9a-z –\-,§§och]*?)\s*§")
SECTIONS = re.compile(r"(\d+)(?:\s*[a-z](?=\s))?(?:\s*[–-]\s*(\d+))?")
SCANNED = ("workflows/templates", "workflows/examples", "engine/src", "docs", "README.md")


def citations(text):
    """(law, chapter, section) for every section a citation names; ranges expanded."""
    for m in CITE.finditer(text):
        law, chapter, sections = m.group(1), m.group(2) or "", m.group(3)
        sections = sections.replace("första stycket", "").replace("andra stycket", "")
        for s in SECTIONS.finditer(sections):
            lo = int(s.group(1))
            hi = int(s.group(2)) if s.group(2) else lo
            for n in range(lo, hi + 1):
                yield (law, chapter, n)


def files(root):
    for entry in SCANNED:
        path = os.path.join(root, entry)
        if os.path.isfile(path):
            yield path
            continue
        for dirpath, _, names in os.walk(path):
            for name in names:
                if name.endswith((".yaml", ".md", ".cc", ".h")):
                    yield os.path.join(dirpath, name)


def main():
    root = sys.argv[1]
    law_md = os.path.join(root, "docs", "law.md")
    table = [line for line in open(law_md, encoding="utf-8") if line.startswith("| ")]
    known = set()
    for row in table[2:]:
        known.update(citations(row.rstrip().rstrip("|").rsplit("|", 1)[1]))
    assert ("KL", "5", 24) in known and ("Lag (1930:173)", "", 2) in known, "law table not parsed"
    failures = []
    checked = 0
    for path in files(root):
        rel = os.path.relpath(path, root)
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            if "att bekräfta" in line:
                failures.append("%s:%d: \"att bekräfta\": %s" % (rel, n, line.strip()))
            if rel == "docs/law.md":
                continue
            for c in citations(line):
                checked += 1
                if c not in known:
                    failures.append("%s:%d: %s %s kap. %d § is not in docs/law.md: %s"
                                    % (rel, n, c[0], c[1], c[2], line.strip()))
    assert checked >= 15, "only %d citations found: the pattern no longer matches" % checked
    if failures:
        print("\n".join(failures))
        print("citations: 0 passed, 1 failed")
        sys.exit(1)
    print("citations: %d checked against docs/law.md; 1 passed, 0 failed" % checked)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
