#!/usr/bin/python3
"""End-to-end test of the command envelope's conflicts through `arshjul record`:
a command id reused with other content is exit 3 naming the id, the same
command again is "fanns redan" (exit 0), and an expectedVersion the stream
has moved past is exit 3 naming the actual version; nothing is written by a
conflict.

    command_conflicts_test.py ARSHJUL
Exit 0: pass, 1: fail.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORG = os.path.join(ROOT, "workflows", "examples", "exempelkommun", "organization.yaml")
ACTOR = {"person": "lena-bjork", "role": "kommunsekreterare", "organ": "ks"}


def run(binary, data, *args, stdin=None, expect=0):
    r = subprocess.run([binary, "--data", data] + list(args), input=stdin, capture_output=True, text=True, timeout=60)
    if r.returncode != expect:
        raise AssertionError("arshjul %s exited %d, expected %d: %s%s" % (" ".join(args), r.returncode, expect,
                                                                           r.stdout, r.stderr))
    return r


def decision(command_id, item, **extra):
    doc = {"command": "RecordDecision", "command_id": command_id, "actor": ACTOR,
           "payload": {"id": "ks-2027-" + item, "organ": "ks", "meetingDate": "2027-03-10", "minuteItem": "§ " + item,
                       "registryNumber": "KS/2027:" + item, "title": "Beslut " + item}}
    doc.update(extra)
    return json.dumps(doc) + "\n"


def events(binary, data):
    return json.loads(run(binary, data, "stats", "--format", "json").stdout)["events"]


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        run(binary, data, "init", "--org", ORG)
        run(binary, data, "record", "-", stdin=decision("k-1", "1"))
        out = run(binary, data, "record", "-", stdin=decision("k-1", "1")).stdout
        assert "1 fanns redan" in out, out
        n = events(binary, data)
        err = run(binary, data, "record", "-", stdin=decision("k-1", "2"), expect=3).stderr
        assert "kommando-id 'k-1'" in err, err
        assert events(binary, data) == n
        err = run(binary, data, "record", "-", stdin=decision("k-2", "2", expectedVersion=7), expect=3).stderr
        assert "version 0" in err, err
        assert events(binary, data) == n
        run(binary, data, "record", "-", stdin=decision("k-2", "2", expectedVersion=0))
        err = run(binary, data, "record", "-", stdin=decision("k-3", "3", expectedVersion="1"), expect=2).stderr
        assert "expectedVersion" in err, err
    print("command conflicts: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
