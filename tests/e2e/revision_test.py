#!/usr/bin/env python3
"""End-to-end test of verifiable revision through the real binaries.

keygen (0600 private key, never overwritten), checkpoint (a signed C2SP note, recorded in the
log), proof inclusion/consistency JSON, revision-package and the standalone arshjul-verify, which
links no RocksDB and no Boost. The package is format 2 (events.bin indexed by the manifest,
events.json, one proof.json). Each attack on a package is rejected naming the item: a byte
changed in an event, a leaf hash changed, an event removed (also from the manifest), two events
swapped, a proof hash changed, added or missing, proof.json's positions or size changed, the JSON
changed, a format-1 manifest, a checkpoint signed by another key, a checkpoint whose size was
raised. A store truncated behind arshjul's back with RocksDB's `ldb` and re-extended passes plain
`verify`, but `verify --checkpoint` with a checkpoint taken before the cut fails its consistency proof.

Usage: revision_test.py ARSHJUL ARSHJUL_VERIFY SOURCE_DIR
"""
import base64
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

BIN, VERIFY, SRC = sys.argv[1], sys.argv[2], sys.argv[3]
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")
failures = []


def run(data, *args):
    p = subprocess.run([BIN, "--data", data, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def verify_pkg(pkg, key):
    p = subprocess.run([VERIFY, pkg, "--key", key], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def attack(name, pkg, key, alter, expect_item, expect_words=""):
    copy = pkg + "-" + name
    shutil.copytree(pkg, copy)
    alter(copy)
    rc, out = verify_pkg(copy, key)
    check(rc == 4 and "UNDERKÄNT" in out and expect_item in out and expect_words in out,
          f"attack '{name}' rejected naming {expect_item}: {out.strip()}")


def event_count(data):
    return json.loads(run(data, "stats", "--format", "json")[1])["events"]


def ldb(data, cf, *args):
    p = subprocess.run(["ldb", f"--db={data}", f"--column_family={cf}", *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"ldb {cf} {args}: {p.stderr}")
    return p.stdout


def truncate_from(data, k):
    """Removes every event at position >= k and every index and tree entry naming one, as an
    attacker with write access to the data folder would (only RocksDB's ldb)."""
    def by_key_tail(key):
        return int(key[-16:], 16)

    def by_value_head(value):
        return int(value[:16], 16)

    rules = {"events": by_key_tail, "merkle": by_key_tail, "by_type": by_key_tail, "by_effective": by_key_tail,
             "by_recorded": by_key_tail, "streams": None, "commands": None}
    for cf, pos_of_key in rules.items():
        for line in ldb(data, cf, "scan", "--hex").splitlines():
            if " : " not in line:
                continue
            key, value = (x.strip()[2:] for x in line.split(" : ", 1))
            pos = pos_of_key(key) if pos_of_key else by_value_head(value)
            if pos >= k:
                ldb(data, cf, "delete", "--hex", "0x" + key)


tmp = tempfile.mkdtemp(prefix="arshjul-revision-")
try:
    data = os.path.join(tmp, "data")
    key = os.path.join(tmp, "kommun")
    _, init_out, _ = run(data, "init", "--org", os.path.join(EX, "organization.yaml"))
    # Writes are authenticated from init on: each command is recorded as its actor (docs/api.md).
    tokens_path = os.path.join(tmp, "tokens.json")
    with open(tokens_path, "w") as f:
        json.dump({"admin": re.search(r"ARSHJUL_TOKEN=(\S+)", init_out).group(1)}, f)
    p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "record_as_actors.py"), BIN, data,
                        os.path.join(EX, "sample-year-2026.jsonl"), tokens_path], capture_output=True, text=True)
    rc, err = p.returncode, p.stderr
    check(rc == 0, "sample year recorded " + err)
    SARA = json.load(open(tokens_path))["sara-lindqvist"]

    # keygen
    rc, out, err = run(data, "keygen", "--name", "exempelkommun.se/arshjul", "--out", key)
    check(rc == 0, "keygen " + out + err)
    check(stat.S_IMODE(os.stat(key + ".key").st_mode) == 0o600, "the private key file is 0600")
    rc, _, err = run(data, "keygen", "--out", key)
    check(rc == 2 and "skrivs aldrig över" in err, "keygen refuses to overwrite a key: " + err.strip())
    rc, _, err = run(data, "keygen", "--name", "has space", "--out", os.path.join(tmp, "x"))
    check(rc == 2 and "--name" in err, "a bad key name is refused naming --name")

    early = os.path.join(tmp, "early")
    rc, _, err = run(data, "revision-package", "--organ", "bun", "--from", "2026-01-01", "--to", "2026-12-31",
                     "--out", early)
    check(rc == 2 and "ingen checkpoint" in err and not os.path.exists(early),
          "a package before any checkpoint is refused and nothing is left behind: " + err.strip())
    rc, _, err = run(data, "revision-package", "--organ", "bun", "--from", "2026-13-01", "--to", "2026-12-31",
                     "--out", early)
    check(rc == 2 and "--from" in err, "a bad date is refused naming --from")

    # checkpoint 1, then the log grows, then checkpoint 2
    cp1 = os.path.join(tmp, "cp1.txt")
    rc, note1, err = run(data, "checkpoint", "--key", key + ".key", "--out", cp1)
    lines = note1.splitlines()
    check(rc == 0 and lines[0] == "exempelkommun.se/arshjul" and lines[4] == "" and lines[5].startswith("\u2014 "),
          "checkpoint prints a C2SP signed note")
    size1 = int(lines[1])
    rc, out, _ = run(data, "log", "--type", "CheckpointPublished", "--format", "jsonl")
    check(rc == 0 and len(out.splitlines()) == 1 and json.loads(out)["position"] == size1,
          "the checkpoint is recorded in the log as the next event")
    # PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ 32-byte seed)>: base64 may itself hold '+', so
    # split off the first four fields only, and look for the whole key in every form it could take.
    with open(key + ".key") as f:
        private = f.read().strip()
    fields = private.split("+", 4)
    seed = base64.b64decode(fields[4])[1:]
    check(len(fields) == 5 and fields[:2] == ["PRIVATE", "KEY"] and len(seed) == 32, "the private key file's format")
    forms = [fields[4], base64.b64encode(seed).decode(), seed.hex(), seed.hex().upper()]
    note_text = open(cp1).read()
    check(not any(f in note_text for f in forms) and seed not in note_text.encode(), "the private key is not in the note")
    rc, store_dump, _ = run(data, "log", "--format", "jsonl")
    in_files = any(seed in open(os.path.join(d, f), "rb").read() or fields[4].encode() in open(os.path.join(d, f), "rb").read()
                   for d, _, fs in os.walk(data) for f in fs)
    check(rc == 0 and not any(f in store_dump for f in forms) and not in_files, "the private key never enters the store")
    more = os.path.join(tmp, "more.jsonl")
    with open(more, "w") as f:
        f.write(json.dumps({"command": "CompleteStep", "command_id": "revision-e2e/steg-1",
                            "actor": {"person": "sara-lindqvist", "role": "namndsekreterare", "organ": "bun"},
                            "payload": {"instanceId": "2026/delarsrapport-2/bun", "organ": "bun",
                                        "completedOn": "2026-09-20", "note": "Delårsrapport 2 beslutad"}}) + "\n")
    rc, _, err = run(data, "--token", SARA, "record", "--quiet", more)
    check(rc == 0, "one more command recorded " + err)
    rc, note2, _ = run(data, "checkpoint", "--key", key + ".key")
    size2 = int(note2.splitlines()[1])
    check(size2 == size1 + 2, "the second checkpoint covers the first one's event and the new command")

    # proofs
    rc, out, _ = run(data, "proof", "inclusion", "--position", "3", "--size", str(size1))
    j = json.loads(out)
    check(rc == 0 and j["position"] == 3 and j["size"] == size1 and len(j["proof"]) == (size1 - 1).bit_length()
          and all(len(h) == 64 for h in j["proof"]), "proof inclusion JSON")
    rc, out, _ = run(data, "proof", "consistency", "--from", str(size1), "--to", str(size2))
    j = json.loads(out)
    check(rc == 0 and j["from"] == size1 and j["to"] == size2 and j["proof"], "proof consistency JSON")
    rc, _, err = run(data, "proof", "inclusion", "--position", str(size2 + 5))
    check(rc == 2 and "--position" in err, "a position beyond the log is refused naming --position")
    rc, out, _ = run(data, "verify", "--checkpoint", cp1, "--key", key + ".pub")
    check(rc == 0 and "fortsättning" in out, "verify --checkpoint accepts the untouched log: " + out.strip())

    # the package and the standalone verifier
    pkg = os.path.join(tmp, "pkg")
    rc, out, err = run(data, "revision-package", "--organ", "bun", "--from", "2026-01-01", "--to", "2026-12-31",
                       "--out", pkg)
    check(rc == 0, "revision-package " + out + err)
    manifest = json.load(open(os.path.join(pkg, "manifest.json")))
    events = [e["position"] for e in manifest["events"]]
    check(len(events) >= 6 and manifest["checkpoint_size"] == size2, f"the package holds bun's {len(events)} events")
    check(os.path.exists(os.path.join(pkg, "consistency-proof.json")), "the package has the consistency proof")
    check(os.path.exists(os.path.join(pkg, "read-models", "decisions.json")), "the package has the read models")
    rc, out = verify_pkg(pkg, key + ".pub")
    check(rc == 0 and out.startswith("GODKÄNT"), "arshjul-verify accepts the package: " + out.strip())
    p = subprocess.run([VERIFY], capture_output=True, text=True)
    check(p.returncode == 2 and "ange paketets mapp" in p.stderr, "arshjul-verify without a package exits 2")
    rc, out = verify_pkg(os.path.join(tmp, "missing"), key + ".pub")
    check(rc == 4 and "finns inte" in out, "a missing package is UNDERKÄNT: " + out.strip())
    rc, out = verify_pkg(pkg, os.path.join(tmp, "no-such.pub"))
    check(rc == 4 and "no-such.pub" in out, "an unreadable key file is named: " + out.strip())
    libs = subprocess.run(["ldd", VERIFY], capture_output=True, text=True).stdout
    check("rocksdb" not in libs and "boost" not in libs and "libcrypto" in libs and "libcapnp" in libs,
          "arshjul-verify links OpenSSL and Cap'n Proto, no RocksDB or Boost")

    pkg_zip = os.path.join(tmp, "bun-2026.zip")
    rc, _, err = run(data, "revision-package", "--organ", "bun", "--from", "2026-01-01", "--to", "2026-12-31",
                     "--out", pkg_zip)
    rc2, out = verify_pkg(pkg_zip, key + ".pub")
    check(rc == 0 and rc2 == 0 and out.startswith("GODKÄNT") and not os.path.exists(pkg_zip + ".tmp"),
          "the .zip form is written and verified: " + err + out.strip())
    bad_zip = os.path.join(tmp, "bad.zip")
    shutil.copy(pkg_zip, bad_zip)
    forged = os.path.join(tmp, "forged-zip")
    os.makedirs(forged)
    with open(os.path.join(forged, "checkpoint.txt"), "w") as f:
        f.write(open(os.path.join(pkg, "checkpoint.txt")).read().replace("\n" + str(size2) + "\n", "\n" + str(size2 + 1) + "\n", 1))
    subprocess.run(["zip", "-q", bad_zip, "checkpoint.txt"], cwd=forged, check=True)
    rc, out = verify_pkg(bad_zip, key + ".pub")
    check(rc == 4 and "checkpoint.txt" in out, "a .zip with a raised checkpoint size is rejected: " + out.strip())

    # Format 2 (docs/revision.md): events.bin indexed by the manifest, events.json, one proof.json.
    names = sorted(os.path.relpath(os.path.join(d, f), pkg) for d, _, fs in os.walk(pkg) for f in fs)
    check(manifest["format"] == 2 and "events.bin" in names and "events.json" in names and "proof.json" in names
          and len(names) <= 20 and not any(n.startswith(("events/", "proofs/")) for n in names),
          f"the package is format 2 with few files ({len(names)}): {names}")
    evjson = json.load(open(os.path.join(pkg, "events.json")))
    check(len(evjson) == len(events) and [e["position"] for e in evjson] == events
          and all(e["payload"] is not None for e in evjson), "events.json holds every event, in position order")

    def entry(m, pos):
        return next(e for e in m["events"] if e["position"] == pos)

    def load(p):
        return (json.load(open(os.path.join(p, "manifest.json"))), bytearray(open(os.path.join(p, "events.bin"), "rb").read()),
                json.load(open(os.path.join(p, "events.json"))))

    def save(p, m, raw, evs):
        json.dump(m, open(os.path.join(p, "manifest.json"), "w"), indent=2)
        open(os.path.join(p, "events.bin"), "wb").write(raw)
        json.dump(evs, open(os.path.join(p, "events.json"), "w"), indent=2)

    def cut_event(m, raw, evs, pos, from_manifest):
        """Removes the event's bytes and JSON; with from_manifest also its entry, re-indexing the rest."""
        e = entry(m, pos)
        del raw[e["offset"]:e["offset"] + e["length"]]
        evs[:] = [x for x in evs if x["position"] != pos]
        if from_manifest:
            m["events"] = [x for x in m["events"] if x["position"] != pos]
            for x in m["events"]:
                if x["offset"] > e["offset"]:
                    x["offset"] -= e["length"]

    a, b = events[2], events[3]

    def change_byte(p):
        m, raw, evs = load(p)
        e = entry(m, a)
        block = raw[e["offset"]:e["offset"] + e["length"]]
        i = block.find(b"bun") if block.find(b"bun") > 0 else len(block) // 2
        raw[e["offset"] + i] ^= 0x01
        save(p, m, raw, evs)
    attack("byte", pkg, key + ".pub", change_byte, f"events.bin, position {a}")

    def change_last_byte(p):  # a byte the envelope's fields do not show: only its leaf hash does
        m, raw, evs = load(p)
        e = entry(m, b)
        raw[e["offset"] + e["length"] - 1] ^= 0x01
        save(p, m, raw, evs)
    attack("last-byte", pkg, key + ".pub", change_last_byte, f"events.bin, position {b}")

    def leaf_hash_changed(p):
        m, raw, evs = load(p)
        h = entry(m, b)["leaf_hash"]
        entry(m, b)["leaf_hash"] = ("0" if h[0] != "0" else "1") + h[1:]
        save(p, m, raw, evs)
    attack("leaf-hash", pkg, key + ".pub", leaf_hash_changed, f"events.bin, position {b}", "lövhash")

    def remove(p):
        m, raw, evs = load(p)
        cut_event(m, raw, evs, a, from_manifest=False)
        save(p, m, raw, evs)
    attack("removed", pkg, key + ".pub", remove, f"events.bin, position {a}")

    streams = {}
    for e in manifest["events"]:
        streams.setdefault(e["stream"], []).append(e)
    same_stream = max(streams.values(), key=len)
    check(len(same_stream) > 2, "the package has a stream with three events or more")

    def remove_everywhere(p):
        m, raw, evs = load(p)
        cut_event(m, raw, evs, same_stream[1]["position"], from_manifest=True)
        save(p, m, raw, evs)
    if len(same_stream) > 2:  # checked above
        attack("removed-from-manifest", pkg, key + ".pub", remove_everywhere,
               f"events.bin, position {same_stream[2]['position']}", "hoppar")

    def swap(p):  # b's bytes and JSON first, then a's; the manifest's entries point at the swapped bytes
        m, raw, evs = load(p)
        ea, eb = entry(m, a), entry(m, b)
        bytes_a, bytes_b = raw[ea["offset"]:ea["offset"] + ea["length"]], raw[eb["offset"]:eb["offset"] + eb["length"]]
        raw[ea["offset"]:eb["offset"] + eb["length"]] = bytes_b + bytes_a
        ea["length"], eb["offset"], eb["length"] = len(bytes_b), ea["offset"] + len(bytes_b), len(bytes_a)
        ia, ib = events.index(a), events.index(b)
        evs[ia], evs[ib] = evs[ib], evs[ia]
        save(p, m, raw, evs)
    attack("swapped", pkg, key + ".pub", swap, f"events.bin, position {a}", f"bär position {b}")

    def proof_hash(p):
        path = os.path.join(p, "proof.json")
        j = json.load(open(path))
        h = j["proof"][1]
        j["proof"][1] = ("0" if h[0] != "0" else "1") + h[1:]
        json.dump(j, open(path, "w"))
    attack("proof-hash", pkg, key + ".pub", proof_hash, "proof.json", "leder inte")

    def proof_extra(p):
        path = os.path.join(p, "proof.json")
        j = json.load(open(path))
        j["proof"].append(j["proof"][0])
        json.dump(j, open(path, "w"))
    attack("proof-extra-hash", pkg, key + ".pub", proof_extra, "proof.json", "för många")

    def proof_field(field, change):
        def alter(p):
            path = os.path.join(p, "proof.json")
            j = json.load(open(path))
            j[field] = change(j[field])
            json.dump(j, open(path, "w"))
        return alter
    attack("proof-missing-hash", pkg, key + ".pub", proof_field("proof", lambda v: v[:-1]), "proof.json", "för få")
    attack("proof-position-outside", pkg, key + ".pub", proof_field("positions", lambda v: v[:-1] + [size2 + 5]),
           "proof.json", "gäller inte")
    attack("proof-positions-unsorted", pkg, key + ".pub", proof_field("positions", lambda v: [v[1], v[0]] + v[2:]),
           "proof.json", "gäller inte")
    attack("proof-size", pkg, key + ".pub", proof_field("size", lambda v: v * 2), "proof.json", "storlek")

    def json_changed(p):
        m, raw, evs = load(p)
        evs[events.index(b)]["recorded_at"] = "2026-01-01T00:00:00.000000Z"
        save(p, m, raw, evs)
    attack("json", pkg, key + ".pub", json_changed, f"events.json, position {b}", "recorded_at")

    def format_one(p):
        m, raw, evs = load(p)
        del m["format"]
        save(p, m, raw, evs)
    attack("format-1", pkg, key + ".pub", format_one, "manifest.json", "formatet 1")

    other = os.path.join(tmp, "other")
    run(data, "keygen", "--name", "exempelkommun.se/arshjul", "--out", other)
    forged_data = os.path.join(tmp, "forged")
    shutil.copytree(data, forged_data)
    _, forged_note, _ = run(forged_data, "checkpoint", "--key", other + ".key")

    def other_key(p):
        with open(os.path.join(p, "checkpoint.txt"), "w") as f:
            f.write(forged_note)
        shutil.copy(other + ".pub", os.path.join(p, "public-key.txt"))
    attack("other-key", pkg, key + ".pub", other_key, "checkpoint.txt", "inte signerad med nyckeln")

    def size_raised(p):
        path = os.path.join(p, "checkpoint.txt")
        text = open(path).read().split("\n")
        text[1] = str(int(text[1]) + 1)
        open(path, "w").write("\n".join(text))
    attack("size-raised", pkg, key + ".pub", size_raised, "checkpoint.txt", "signatur")

    # truncated behind arshjul's back and re-extended
    log = [json.loads(l) for l in run(data, "log", "--format", "jsonl")[1].splitlines()]
    cut = max(e["position"] for e in log if e["command_id"] and e["position"] < size1 and
              all(o["command_id"] != e["command_id"] or o["position"] >= e["position"] for o in log))
    truncate_from(data, cut)
    rc, _, err = run(data, "--token", SARA, "record", "--quiet", more)
    check(rc == 0, "the cut store is re-extended " + err)
    rc, _, err = run(data, "checkpoint", "--key", key + ".key")
    check(rc == 0 and event_count(data) > size1, "and grows past the earlier checkpoint's size " + err)
    rc, out, _ = run(data, "verify")
    check(rc == 0, "plain verify passes the truncated and re-extended store (the attack the tree answers): " + out.strip())
    rc, out, _ = run(data, "verify", "--checkpoint", cp1, "--key", key + ".pub")
    check(rc == 4 and "inte en fortsättning" in out,
          "the consistency proof from the earlier checkpoint fails: " + out.strip())
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
