#!/usr/bin/env python3
import re, sys, os
# Lists functions over 60 lines under a folder (default engine/), and whether a
# comment just above says why ("Over 60 lines: ..."). Issue 7: none may lack one.
#   scripts/long_functions.py [DIR]
def strip(l):
    l = re.sub(r'"(\\.|[^"\\])*"', '""', l)
    l = re.sub(r"'(\\.|[^'\\])*'", "''", l)
    return l.split('//')[0]
def scan(path):
    lines = open(path).read().split('\n')
    out = []; depth = 0; start = None; kind = None
    for i, raw in enumerate(lines):
        l = strip(raw)
        if re.match(r'^\s*(namespace\b.*)?\{?\s*$', l) and 'namespace' in l: continue
        if re.match(r'^}\s*$', l) and 'namespace' in raw: continue
        for ch in l:
            if ch == '{':
                if depth == 0:
                    start = i
                    # signature: walk back to the first line of the declaration
                    k = i
                    while k > 0 and lines[k-1].strip() and not lines[k-1].strip().endswith((';', '}', '{')) and not lines[k-1].lstrip().startswith('//'): k -= 1
                    sig = ' '.join(x.strip() for x in lines[k:i+1])
                    kind = 'fn' if '(' in sig and not re.match(r'^(struct|class|enum|union)\b', sig) and '=' not in sig.split('(')[0] else 'other'
                    sigline = k
                depth += 1
            elif ch == '}':
                depth -= 1
                if depth == 0 and start is not None:
                    n = i - sigline + 1
                    if kind == 'fn' and n > 60:
                        prev = '\n'.join(lines[max(0, sigline-8):sigline]).lower()
                        why = 'over 60 lines' in prev or 'long:' in prev
                        out.append((n, path, sigline+1, lines[sigline].strip()[:70], 'commented' if why else 'NO COMMENT'))
                    start = None
    return out
res = []
for root, _, files in os.walk(sys.argv[1] if len(sys.argv) > 1 else "engine"):
    for f in files:
        if f.endswith(('.cc', '.h')): res += scan(os.path.join(root, f))
for r in sorted(res, reverse=True): print(*r)
