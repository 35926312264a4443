#!/usr/bin/python3
"""End-to-end: the example kommun recorded in a RocksDB folder, copied to
PostgreSQL with `arshjul copy`, then read through `--data postgresql://…`,
and a revisor's whole path run against the PostgreSQL store.

    pg_copy_test.py ARSHJUL ARSHJUL_VERIFY

A throwaway PostgreSQL 15 cluster (pg_support.py) is started and stopped at
the end.

1. `copy --from DIR --to postgresql://…` copies every event; `verify` on both
   stores prints the same head POSITION:HASH (same bytes, same hashes).
2. The uppsikt view, the log and the stats read the same from both.
3. A second `copy` writes nothing and still verifies; a copy back into a new
   folder has the same head; recording the same commands on PostgreSQL again
   writes nothing.
4. The Merkle tree on PostgreSQL (extended by the copy's Import and by appends) has the
   folder's roots; `verify` checks it; `checkpoint`, `proof inclusion`, `proof consistency`,
   `verify --checkpoint`, `revision-package` and `arshjul-verify` work on the PostgreSQL store.

Exit 0: pass, 1: fail.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_support import Cluster  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "workflows", "examples", "exempelkommun")
def run(binary, data, *args):
    r = subprocess.run([binary, "--data", data] + list(args), capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError("arshjul %s failed (%d): %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r.stdout


def head_of(verify_output):
    for line in verify_output.splitlines():
        if line.startswith("huvud: "):
            return line.split(" ", 1)[1]
    raise AssertionError("verify printed no head: " + verify_output)


def revision_on_pg(binary, verifier, url, folder, work, copied_size):
    """Item 4: the tree and a revisor's path on the PostgreSQL store."""
    same = json.loads(run(binary, url, "proof", "consistency", "--from", "1", "--to", str(copied_size)))
    rocks = json.loads(run(binary, folder, "proof", "consistency", "--from", "1", "--to", str(copied_size)))
    assert same["root2"] == rocks["root2"] and same["proof"] == rocks["proof"], "trees differ: %r %r" % (same, rocks)
    assert "Merkleträdet" in run(binary, url, "verify"), "verify on PostgreSQL did not check the tree"
    key = os.path.join(work, "kommun")
    run(binary, url, "keygen", "--name", "exempelkommun.se/arshjul", "--out", key)
    cp1 = os.path.join(work, "cp1.txt")
    size1 = int(run(binary, url, "checkpoint", "--key", key + ".key", "--out", cp1).splitlines()[1])
    assert size1 == copied_size, "checkpoint size %d, the log %d" % (size1, copied_size)
    size2 = int(run(binary, url, "checkpoint", "--key", key + ".key").splitlines()[1])
    assert size2 == size1 + 1, "the first checkpoint's own event is in the second tree"
    inclusion = json.loads(run(binary, url, "proof", "inclusion", "--position", "3", "--size", str(size1)))
    assert inclusion["size"] == size1 and len(inclusion["proof"]) == (size1 - 1).bit_length(), inclusion
    consistency = json.loads(run(binary, url, "proof", "consistency", "--from", str(size1), "--to", str(size2)))
    assert consistency["proof"], consistency
    assert "fortsättning" in run(binary, url, "verify", "--checkpoint", cp1, "--key", key + ".pub")
    pkg = os.path.join(work, "pkg")
    run(binary, url, "revision-package", "--organ", "bun", "--from", "2026-01-01", "--to", "2026-12-31", "--out", pkg)
    checked = subprocess.run([verifier, pkg, "--key", key + ".pub"], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and checked.stdout.startswith("GODKÄNT"), checked.stdout + checked.stderr
    events = len(json.load(open(os.path.join(pkg, "manifest.json")))["events"])
    print("revision on PostgreSQL: checkpoints %d and %d, a package of %d events GODKÄNT" % (size1, size2, events))


def main():
    binary, verifier = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="arshjul-copy-")
    cluster = Cluster()
    try:
        folder = os.path.join(work, "data")
        out = run(binary, folder, "init", "--org", os.path.join(EXAMPLE, "organization.yaml"))
        # The store is token-protected from init on: each command is recorded as its actor (docs/api.md).
        tokens = os.path.join(work, "tokens.json")
        with open(tokens, "w") as f:
            json.dump({"admin": re.search(r"ARSHJUL_TOKEN=(\S+)", out).group(1)}, f)
        record = [sys.executable, os.path.join(ROOT, "scripts", "record_as_actors.py"), binary]
        sample = os.path.join(EXAMPLE, "sample-year-2026.jsonl")
        recorded = subprocess.run(record + [folder, sample, tokens], capture_output=True, text=True, timeout=300)
        assert recorded.returncode == 0, recorded.stdout + recorded.stderr
        copied = subprocess.run([binary, "copy", "--from", folder, "--to", cluster.url], capture_output=True,
                                text=True, timeout=300)
        assert copied.returncode == 0, copied.stdout + copied.stderr
        rocks_head = head_of(run(binary, folder, "verify"))
        pg_head = head_of(run(binary, cluster.url, "verify"))
        assert rocks_head == pg_head, "heads differ: %s vs %s" % (rocks_head, pg_head)
        assert int(rocks_head.split(":")[0]) > 100, rocks_head
        for view in (["show", "uppsikt"], ["log", "--format", "jsonl"]):
            assert run(binary, folder, *view) == run(binary, cluster.url, *view), "differs: %s" % view
        rocks_stats = json.loads(run(binary, folder, "stats", "--format", "json"))
        pg_stats = json.loads(run(binary, cluster.url, "stats", "--format", "json"))
        for key in ("events", "streams", "events_by_type", "head"):
            assert rocks_stats[key] == pg_stats[key], "stats differ in %s: %r vs %r" % (key, rocks_stats[key], pg_stats[key])
        again = subprocess.run([binary, "copy", "--from", folder, "--to", cluster.url], capture_output=True,
                               text=True, timeout=300)
        assert again.returncode == 0 and "kopierade 0 händelser" in again.stdout, again.stdout + again.stderr
        # And back: PostgreSQL to a fresh folder, the same head.
        back = os.path.join(work, "back")
        run_copy = subprocess.run([binary, "copy", "--from", cluster.url, "--to", back], capture_output=True,
                                  text=True, timeout=300)
        assert run_copy.returncode == 0, run_copy.stdout + run_copy.stderr
        assert head_of(run(binary, back, "verify")) == pg_head, "copy back differs"
        # Recording on PostgreSQL continues the copied chain; the same commands again write nothing.
        again = subprocess.run(record + [cluster.url, sample, tokens], capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stdout + again.stderr
        assert head_of(run(binary, cluster.url, "verify")) == pg_head, "idempotent record wrote events"
        print("pg copy: head %s on both stores" % pg_head)
        revision_on_pg(binary, verifier, cluster.url, folder, work, int(pg_head.split(":")[0]) + 1)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
