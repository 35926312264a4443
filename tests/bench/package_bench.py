#!/usr/bin/env python3
"""The revision package for one nämnd's year of the example kommun with ×N data (default 100):
records the organisation and the sample year N times (ids suffixed per copy, as domain_bench
does), makes a checkpoint, then times `arshjul revision-package --organ bun` and
`arshjul-verify` on it and prints the package's size. The baseline is `arshjul log --organ bun`
of the same events, measured in the same run.

Usage: package_bench.py ARSHJUL ARSHJUL_VERIFY SOURCE_DIR [--copies=N]
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN, VERIFY, SRC = sys.argv[1], sys.argv[2], sys.argv[3]
COPIES = next((int(a.split("=")[1]) for a in sys.argv[4:] if a.startswith("--copies=")), 100)
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")
ID_FIELDS = ["id", "goalId", "assignmentId", "delegationId", "decisionId", "indicatorId", "planId", "documentId",
             "instanceId", "visionId"]


def suffixed(cmd, n):
    c = copy.deepcopy(cmd)
    c["command_id"] += f"/x{n}"
    p = c.get("payload", {})
    for f in ID_FIELDS:
        if isinstance(p.get(f), str) and p[f]:
            p[f] += f"-x{n}"
    if "strategicGoalIds" in p:
        p["strategicGoalIds"] = [g + f"-x{n}" for g in p["strategicGoalIds"]]
    return c


def timed(*args):
    t = time.monotonic()
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{args[:3]} failed: {p.stdout}{p.stderr}")
    return time.monotonic() - t, p.stdout


tmp = tempfile.mkdtemp(prefix="arshjul-package-bench-")
try:
    data = os.path.join(tmp, "data")
    cmds = [json.loads(l) for l in open(os.path.join(EX, "sample-year-2026.jsonl")) if l.strip()]
    scaled = os.path.join(tmp, "scaled.jsonl")
    with open(scaled, "w") as f:
        for n in range(COPIES):
            for c in cmds:
                f.write(json.dumps(suffixed(c, n)) + "\n")
    timed(BIN, "--data", data, "init", "--org", os.path.join(EX, "organization.yaml"))
    t_record, _ = timed(BIN, "--data", data, "record", "--quiet", scaled)
    timed(BIN, "--data", data, "keygen", "--out", os.path.join(tmp, "k"))
    timed(BIN, "--data", data, "checkpoint", "--key", os.path.join(tmp, "k.key"))
    events = json.loads(timed(BIN, "--data", data, "stats", "--format", "json")[1])["events"]
    t_log, _ = timed(BIN, "--data", data, "log", "--organ", "bun", "--format", "jsonl")
    pkg = os.path.join(tmp, "pkg")
    t_pkg, out = timed(BIN, "--data", data, "revision-package", "--organ", "bun", "--from", "2026-01-01", "--to",
                       "2026-12-31", "--out", pkg)
    n = len(json.load(open(os.path.join(pkg, "manifest.json")))["events"])
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(pkg) for f in fs)
    t_verify, verdict = timed(VERIFY, pkg, "--key", os.path.join(tmp, "k.pub"))
    zipped = os.path.join(tmp, "pkg.zip")
    subprocess.run(["zip", "-qr", zipped, "."], cwd=pkg, check=True)
    print(f"example kommun ×{COPIES}: {events} events recorded in {t_record:.1f} s")
    print(f"revision-package --organ bun, 2026: {n} events, {t_pkg:.2f} s, {size / 1e6:.1f} MB "
          f"({os.path.getsize(zipped) / 1e6:.1f} MB zipped)")
    print(f"  baseline: log --organ bun --format jsonl {t_log:.2f} s (ratio {t_pkg / t_log:.1f})")
    print(f"arshjul-verify: {t_verify:.2f} s — {verdict.strip()[:60]}…")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
