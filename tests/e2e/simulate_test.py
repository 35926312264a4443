#!/usr/bin/python3
"""End-to-end test of `arshjul simulate` as a process.

    simulate_test.py ARSHJUL

1. A whole year (2027) of Exempelkommun from the organisation file: one JSON
   line per notification, each notification id once, times in RFC 3339 with
   the Stockholm offset (+01:00 in winter, +02:00 in summer) inside the year.
   (tests/adapters/simulate_test.cc compares the same run with the plan.)
2. The same year from a copy of a data folder's log (`arshjul init` first):
   the same notifications, and the data folder is left unchanged.
3. --deliver: the six reminders of tests/e2e/crash_template.yaml reach a real
   SMTP server once each.

Exit 0: pass, 1: fail.
"""
import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "workflows", "examples", "exempelkommun")
ORG = os.path.join(EXAMPLE, "organization.yaml")
TEMPLATE = os.path.join(EXAMPLE, "arshjul.yaml")
SINK = os.path.join(ROOT, "tests", "adapters", "smtp_sink.py")


def run(binary, data, *args):
    r = subprocess.run([binary, "--data", data] + list(args), capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError("arshjul %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r


def lines(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def check_year(notes):
    ids = collections.Counter(n["notificationId"] for n in notes)
    twice = [i for i, c in ids.items() if c > 1]
    assert not twice, "recorded more than once: %r" % twice[:5]
    assert len(notes) > 500, "a year of Exempelkommun has hundreds of notifications, got %d" % len(notes)
    kinds = collections.Counter(n["kind"] for n in notes)
    assert set(kinds) <= {"reminder", "escalation", "finding"}, kinds
    for n in notes:
        t = n["time"]
        assert t.startswith("2027-"), t
        assert t.endswith("+01:00") or t.endswith("+02:00"), t
        month = int(t[5:7])
        if 5 <= month <= 9:
            assert t.endswith("+02:00"), "summer time: " + t
        if month in (1, 2, 12):
            assert t.endswith("+01:00"), "winter time: " + t
        assert n["recipients"], "nobody to tell: " + n["notificationId"]
        assert n["subject"], n
    return kinds


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="arshjul-sim-")
    sink = None
    try:
        data = os.path.join(tmp, "data")
        year = ["simulate", "--from", "2027-01-01", "--to", "2027-12-31", "--template", TEMPLATE]
        start = time.monotonic()
        from_file = lines(run(binary, data, *year, "--org", ORG).stdout)
        seconds = time.monotonic() - start
        kinds = check_year(from_file)

        run(binary, data, "init", "--org", ORG)
        before = run(binary, data, "log", "--format", "jsonl").stdout
        from_log = lines(run(binary, data, *year).stdout)
        assert sorted(n["notificationId"] for n in from_log) == sorted(n["notificationId"] for n in from_file), \
            "the log's copy gives the same notifications as the file"
        assert run(binary, data, "log", "--format", "jsonl").stdout == before, "simulate must not write the log"

        mail = os.path.join(tmp, "mail")
        port_file = os.path.join(tmp, "port")
        sink = subprocess.Popen(["/usr/bin/python3", SINK, "--dir", mail, "--port-file", port_file])
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            assert time.monotonic() < deadline, "the SMTP sink did not start"
            time.sleep(0.05)
        with open(port_file) as f:
            port = f.read().strip()
        out = run(binary, data, "simulate", "--from", "2027-03-15", "--to", "2027-03-15", "--template",
                  os.path.join(HERE, "crash_template.yaml"), "--deliver", "--smtp-host", "127.0.0.1",
                  "--smtp-port", port, "--smtp-from", "arshjul@exempelkommun.se")
        assert len(lines(out.stdout)) == 6, out.stdout
        received = sorted(f for f in os.listdir(mail) if f.endswith(".json"))
        ids = []
        for name in received:
            with open(os.path.join(mail, name), encoding="utf-8") as f:
                ids.append(json.load(f)["message_id"])
        assert len(ids) == 6 and len(set(ids)) == 6, "six reminders once each: %r" % ids
        print("ok: %d notifications in 2027 (%s) in %.1f s; log copy identical; --deliver sent 6"
              % (len(from_file), dict(kinds), seconds))
        return 0
    except AssertionError as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        if sink:
            sink.send_signal(signal.SIGTERM)
            sink.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
