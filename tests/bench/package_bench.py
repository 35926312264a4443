#!/usr/bin/env python3
"""The revision package for one nämnd's year of the example kommun with ×N data (default 100):
records the organisation and the sample year N times (ids suffixed per copy, as domain_bench
does), makes a checkpoint, then times `arshjul revision-package --organ bun` and
`arshjul-verify` on it and prints the package's size and file count, and the load average. The baseline is `arshjul log --organ bun`
of the same events, measured in the same run.

Usage: package_bench.py ARSHJUL ARSHJUL_VERIFY SOURCE_DIR [--copies=N]
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

BIN, VERIFY, SRC = sys.argv[1], sys.argv[2], sys.argv[3]
COPIES = next((int(a.split("=")[1]) for a in sys.argv[4:] if a.startswith("--copies=")), 100)
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")


def ids_of(cmds):
    """The ids the sample introduces or refers to: values of payload fields named id or …Id (…Ids),
    except a step occurrence's instanceId, which names its organ."""
    out = set()
    for c in cmds:
        for k, v in c.get("payload", {}).items():
            if k == "instanceId":
                continue
            if (k == "id" or k.endswith("Id")) and isinstance(v, str) and v:
                out.add(v)
            if k.endswith("Ids") and isinstance(v, list):
                out.update(x for x in v if isinstance(x, str))
    return out


def suffixed(cmd, n, ids):
    """The command of copy n: every id (anywhere in the payload, e.g. basedOn) and minute item suffixed."""
    def walk(v):
        if isinstance(v, str):
            return v + f"-x{n}" if v in ids else v
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v
    c = copy.deepcopy(cmd)
    c["command_id"] += f"/x{n}"
    p = walk(c.get("payload", {}))
    if isinstance(p.get("minuteItem"), str):  # one decision per paragraph of a meeting's minutes
        p["minuteItem"] += f".{n}"
    c["payload"] = p
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
    # Writes are authenticated as their actor (docs/api.md): record_as_actors.py records each run
    # of one actor's commands with that person's token. The copies are independent (their ids
    # differ), so the file goes run by run, each run holding all copies: 24 runs, not 2,400.
    ids = ids_of(cmds)
    runs = []
    for c in cmds:
        if not runs or runs[-1][-1]["actor"]["person"] != c["actor"]["person"]:
            runs.append([])
        runs[-1].append(c)
    with open(scaled, "w") as f:
        for run in runs:
            for n in range(COPIES):
                for c in run:
                    # A step occurrence's id names its organ ("2026/nulagesanalys/bun"): the copies
                    # share the occurrences, which copy 0 alone completes.
                    if n == 0 or "instanceId" not in c.get("payload", {}):
                        f.write(json.dumps(suffixed(c, n, ids)) + "\n")
    _, init_out = timed(BIN, "--data", data, "init", "--org", os.path.join(EX, "organization.yaml"))
    tokens = os.path.join(tmp, "tokens.json")
    with open(tokens, "w") as f:
        json.dump({"admin": re.search(r"ARSHJUL_TOKEN=(\S+)", init_out).group(1)}, f)
    t_record, _ = timed(sys.executable, os.path.join(SRC, "scripts", "record_as_actors.py"), BIN, data, scaled, tokens)
    admin = json.load(open(tokens))["admin"]
    timed(BIN, "--data", data, "keygen", "--out", os.path.join(tmp, "k"))
    timed(BIN, "--data", data, "--token", admin, "checkpoint", "--key", os.path.join(tmp, "k.key"))
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
    files = sum(len(fs) for _, _, fs in os.walk(pkg))
    print("load average (1, 5, 15 min): %.2f %.2f %.2f on %d CPUs" % (*os.getloadavg(), os.cpu_count()))
    print(f"example kommun ×{COPIES}: {events} events recorded in {t_record:.1f} s")
    print(f"revision-package --organ bun, 2026: {n} events, {t_pkg:.2f} s, {size / 1e6:.1f} MB "
          f"({os.path.getsize(zipped) / 1e6:.1f} MB zipped), {files} files")
    if os.path.exists(os.path.join(pkg, "proof.json")):  # format 2: one proof
        print(f"  proof.json: {len(json.load(open(os.path.join(pkg, 'proof.json')))['proof'])} hashes")
    elif os.path.isdir(os.path.join(pkg, "proofs")):  # format 1: one proof per event
        per = [len(json.load(open(os.path.join(pkg, "proofs", f)))["proof"]) for f in os.listdir(os.path.join(pkg, "proofs"))]
        print(f"  proofs/: {len(per)} files, {sum(per)} hashes")
    print(f"  baseline: log --organ bun --format jsonl {t_log:.2f} s (ratio {t_pkg / t_log:.1f})")
    print(f"arshjul-verify: {t_verify:.2f} s — {verdict.strip()[:60]}…")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
