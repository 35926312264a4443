#!/usr/bin/env python3
"""The as-of and known-at boundaries through the CLI, with RFC 3339 times: an
event effective exactly at the --as-of instant is included, one microsecond
earlier it is not; the same for --known-at and the recorded time.

Usage: as_of_boundary_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from actor_token import admin_token, token_for  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
failures = []


def run(data, *args, stdin=None):
    p = subprocess.run([BIN, "--data", data, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def goal_ids(data, *flags):
    rc, out, err = run(data, "show", "goals", "--format", "json", *flags)
    if rc != 0:
        failures.append(f"show goals {flags} failed: {err.strip()}")
        return set()
    return {row["id"] for row in json.loads(out)}


tmp = tempfile.mkdtemp(prefix="arshjul-asof-")
try:
    data = os.path.join(tmp, "data")
    org = os.path.join(SRC, "workflows", "examples", "exempelkommun", "organization.yaml")
    rc, init_out, err = run(data, "init", "--org", org)
    check(rc == 0, f"init ({err.strip()[:100]})")
    # Writes are authenticated from init on: the command is recorded as its actor (docs/api.md).
    token = token_for(BIN, ["--data", data], admin_token(init_out), "lena-bjork")
    cmd = {"command": "SetVision", "command_id": "v1",
           "actor": {"person": "lena-bjork", "role": "kommunsekreterare", "organ": "kf"},
           "payload": {"id": "vision-2035", "organ": "kf", "text": "X", "horizonYear": 2035},
           "effective_at": "2026-03-01T10:00:00+01:00"}
    rc, _, err = run(data, "--token", token, "record", "-", stdin=json.dumps(cmd))
    check(rc == 0, f"record ({err.strip()[:100]})")

    check("vision-2035" in goal_ids(data, "--as-of", "2026-03-01T10:00:00+01:00"),
          "--as-of exactly the effective instant includes the event")
    check("vision-2035" in goal_ids(data, "--as-of", "2026-03-01T09:00:00Z"),
          "--as-of the same instant in UTC includes it")
    check("vision-2035" not in goal_ids(data, "--as-of", "2026-03-01T09:59:59.999999+01:00"),
          "--as-of one microsecond earlier excludes it")

    rc, out, _ = run(data, "log", "--format", "jsonl", "--type", "VisionSet")
    recorded = json.loads(out.splitlines()[0])["recorded_at"]
    at = datetime.datetime.strptime(recorded, "%Y-%m-%dT%H:%M:%S.%fZ")
    before = (at - datetime.timedelta(microseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    check("vision-2035" in goal_ids(data, "--known-at", recorded), f"--known-at exactly {recorded} includes it")
    check("vision-2035" not in goal_ids(data, "--known-at", before), f"--known-at {before} excludes it")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all ok")
