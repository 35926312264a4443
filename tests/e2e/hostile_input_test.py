#!/usr/bin/env python3
"""Hostile input through the real binary: each input must end with exit 2 and a
Swedish message, nothing written, and `verify` still passing — never a crash.

Classes (issue 10): a number beyond a double (1e400), arrays nested 100,000
deep, an id too long (a 3 MB line; a 10 kB id), invalid UTF-8 in command JSON,
organisation YAML and template YAML, a command file / organisation file /
`extends:` naming a device file, a NUL-prefixed command id, malformed
timestamps (2026-01-01T-1:-1:-1Z, year -999, year 0, offset +99:99), and a
RegisterPerson e-mail with CRLF and a second RCPT TO.

Usage: hostile_input_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from actor_token import admin_token, token_for  # noqa: E402

BIN, SRC = sys.argv[1], sys.argv[2]
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")
failures = []


TOKEN = {}  # writes are authenticated from init on: ARSHJUL_TOKEN of the commands' actor (docs/api.md)


def run(data, *args, stdin=None, timeout=60, token=None):
    env = dict(os.environ, ARSHJUL_TOKEN=token) if token else None
    p = subprocess.run([BIN, "--data", data, *args], input=stdin, capture_output=True, timeout=timeout, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def event_count(data):
    rc, out, _ = run(data, "stats", "--format", "json")
    return json.loads(out)["events"]


def verify_ok(data):
    rc, out, _ = run(data, "verify")
    return rc == 0


ACTOR = {"person": "lena-bjork", "role": "kommunsekreterare", "organ": "kf"}
ADMIN = {"person": "johan-ek", "role": "systemforvaltare", "organ": "forvaltningen"}


def command(cid, payload, name="SetVision", **extra):
    c = {"command": name, "command_id": cid, "actor": ACTOR, "payload": payload}
    c.update(extra)
    return json.dumps(c, ensure_ascii=False)


def vision(i):
    return {"id": "v-%d" % i, "organ": "kf", "text": "En vision", "horizonYear": 2035}


def expect_refused(data, what, stdin_bytes):
    before = event_count(data)
    # Each case is submitted with its actor's valid token, so the refusal is the input's, not the login's.
    token = TOKEN["admin"] if b'"RegisterPerson"' in stdin_bytes else TOKEN["lena-bjork"]
    rc, out, err = run(data, "record", "-", stdin=stdin_bytes, token=token)
    check(rc == 2 and "fel:" in err, f"{what}: refused with exit 2 (rc={rc}) {err.strip()[:160]}")
    check(event_count(data) == before, f"{what}: nothing written")


tmp = tempfile.mkdtemp(prefix="arshjul-hostile-")
try:
    data = os.path.join(tmp, "data")
    rc, init_out, err = run(data, "init", "--org", os.path.join(EX, "organization.yaml"))
    check(rc == 0, f"init of the example kommun ({err.strip()[:100]})")
    TOKEN["admin"] = admin_token(init_out)
    TOKEN["lena-bjork"] = token_for(BIN, ["--data", data], TOKEN["admin"], "lena-bjork")

    deep = '{"command":"SetVision","command_id":"deep","actor":{"person":"a","role":"b","organ":"c"},' \
           '"payload":{"id":' + "[" * 100000 + "]" * 100000 + "}}"
    cases = [
        ("1e400", command("c-1e400", vision(1)).replace('"horizonYear": 2035', '"horizonYear": 1e400').encode()),
        ("-1e400 in an array", ("[" + command("c-neg", vision(1)).replace('2035', '-1e400') + "]").encode()),
        ("arrays nested 100,000 deep", deep.encode()),
        ("objects nested 100,000 deep in an array", ("[" + '{"a":' * 100000 + "1" + "}" * 100000 + "]").encode()),
        ("a 3 MB command line", command("c-long", dict(vision(1), id="x" * 3_000_000)).encode()),
        ("a 10 kB id", command("c-10k", dict(vision(1), id="x" * 10_000)).encode()),
        ("a 10 kB command id", command("c" * 10_000, vision(2)).encode()),
        ("invalid UTF-8 in command JSON", command("c-utf8", vision(3)).encode().replace(b"En vision", b"En \xff\xfe")),
        ("an escaped lone surrogate", command("c-sur", vision(3)).replace("En vision", "\\udc00").encode()),
        ("a NUL-prefixed command id", command("\u0000c-nul", vision(4)).encode()),
        ("a NUL inside free text", command("c-nul-text", dict(vision(4), text="a\u0000b")).encode()),
        ("a control character in a payload id", command("c-ctl", dict(vision(4), id="v\u0007")).encode()),
        ("2026-01-01T-1:-1:-1Z", command("c-t1", vision(5), effective_at="2026-01-01T-1:-1:-1Z").encode()),
        ("year -999", command("c-t2", vision(5), effective_at="-999-01-01").encode()),
        ("year 0", command("c-t3", vision(5), effective_at="0000-01-01T00:00:00Z").encode()),
        ("offset +99:99", command("c-t4", vision(5), effective_at="2026-01-01T10:00:00+99:99").encode()),
        ("hour 24", command("c-t5", vision(5), effective_at="2026-01-01T24:00:00Z").encode()),
        ("e-mail with CRLF and a second RCPT TO",
         command("c-crlf", {"id": "evil", "name": "Evil", "email": "a@exempelkommun.se\r\nRCPT TO:<x@evil.example>"},
                 name="RegisterPerson", actor=ADMIN).encode()),
        ("e-mail with a space", command("c-sp", {"id": "evil2", "name": "E", "email": "a b@exempelkommun.se"},
                                        name="RegisterPerson", actor=ADMIN).encode()),
    ]
    for what, payload in cases:
        expect_refused(data, what, payload)
    check(verify_ok(data), "verify passes after every refusal (the NUL id did not poison the record)")

    # A command file that is a device: refused at once, not read for ever.
    rc, _, err = run(data, "record", "/dev/zero", timeout=30, token=TOKEN["lena-bjork"])
    check(rc == 2, f"record /dev/zero is refused (rc={rc}) {err.strip()[:100]}")

    # Organisation YAML: invalid UTF-8, a device, a control character in a name.
    org_text = open(os.path.join(EX, "organization.yaml"), "rb").read()
    bad_org = os.path.join(tmp, "bad-utf8.yaml")
    open(bad_org, "wb").write(org_text.replace(b"Bengt Eriksson", b"Bengt \xc3\x28riksson"))
    before = event_count(data)
    rc, _, err = run(data, "init", "--org", bad_org)
    check(rc == 2 and "UTF-8" in err, f"organisation file with invalid UTF-8 refused (rc={rc}) {err.strip()[:120]}")
    rc, _, err = run(data, "init", "--org", "/dev/zero", timeout=30)
    check(rc == 2, f"organisation file /dev/zero refused (rc={rc}) {err.strip()[:120]}")
    check(event_count(data) == before, "nothing written by the refused organisation files")

    # init --org is all or nothing: a file whose 29th change is refused by the
    # engine (a control character in a late person's name) writes nothing.
    fresh = os.path.join(tmp, "fresh")
    late_bad = os.path.join(tmp, "late-bad.yaml")
    open(late_bad, "wb").write(org_text.replace(b"name: Bengt Eriksson", b'name: "Bengt\\x07 Eriksson"'))
    rc, out, err = run(fresh, "init", "--org", late_bad)
    check(rc == 2 and "payload.name" in err, f"init with a refused late item exits 2 naming the field (rc={rc}) {err.strip()[:160]}")
    rc, out, _ = run(fresh, "stats", "--format", "json")
    check(rc == 0 and json.loads(out)["events"] == 0, f"init with a refused late item wrote nothing ({out.strip()[:80]})")
    check(verify_ok(fresh), "verify passes on the store the refused init left")
    rc, _, err = run(fresh, "init", "--org", os.path.join(EX, "organization.yaml"))
    check(rc == 0, "the corrected file then records the whole organisation in one append")

    # Template YAML: invalid UTF-8, and extends naming a device file.
    wheel = os.path.join(EX, "arshjul.yaml")
    bad_tpl = os.path.join(tmp, "bad-template.yaml")
    tpl_text = open(os.path.join(SRC, "workflows", "templates", "standard.yaml"), "rb").read()
    open(bad_tpl, "wb").write(tpl_text.replace(b"name: Lagens ram", b"name: \xed\xa0\x80 ram", 1))
    rc, _, err = run(data, "plan", "--year", "2027", "--template", bad_tpl)
    check(rc == 2 and "UTF-8" in err, f"template with invalid UTF-8 refused (rc={rc}) {err.strip()[:120]}")
    dev_tpl = os.path.join(tmp, "device-extends.yaml")
    open(dev_tpl, "w").write("id: x\nname: X\nextends: /dev/zero\nsteps: []\n")
    rc, _, err = run(data, "plan", "--year", "2027", "--template", dev_tpl, timeout=30)
    check(rc == 2 and "extends" in err, f"extends: /dev/zero refused (rc={rc}) {err.strip()[:120]}")
    rc, _, err = run(data, "plan", "--year", "2027", "--template", wheel)
    check(rc == 0, "the real wheel still plans")
    check(verify_ok(data), "verify passes at the end")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all ok")
