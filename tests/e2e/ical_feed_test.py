#!/usr/bin/python3
"""End-to-end test of `arshjul plan --format ics` against the real iCalendar
parser of python3-icalendar (the Debian package; run with /usr/bin/python3).

usage: ical_feed_test.py ARSHJUL_BINARY SOURCE_DIR

Plans the example kommun's årshjul for 2027 as JSON and as iCalendar and
checks that the feed is well-formed RFC 5545 (CRLF, lines folded at 75
octets) and that every VEVENT is a plan instance: UID "<id>@arshjul", the
deadline as an all-day DTSTART, the Swedish SUMMARY, legal basis and period
in DESCRIPTION, and one VALARM per reminder firing at the reminder's instant.
Then the same for one organ's feed. Exits non-zero with a message on failure.
"""
import datetime
import json
import os
import subprocess
import sys

import icalendar


def run_plan(binary, src, fmt, *extra):
    org = os.path.join(src, "workflows/examples/exempelkommun/organization.yaml")
    tmpl = os.path.join(src, "workflows/examples/exempelkommun/arshjul.yaml")
    cmd = [binary, "plan", "--org", org, "--template", tmpl, "--year", "2027", "--format", fmt, *extra]
    proc = subprocess.run(cmd, capture_output=True, cwd=src)
    if proc.returncode != 0:
        sys.exit("%s exited %d: %s" % (" ".join(cmd), proc.returncode, proc.stderr.decode()))
    return proc.stdout


def check_lines(raw):
    assert raw.endswith(b"\r\n"), "the feed must end with CRLF"
    lines = raw[:-2].split(b"\r\n")
    for n, line in enumerate(lines, 1):
        assert b"\n" not in line and b"\r" not in line, "bare LF or CR on line %d" % n
        assert len(line) <= 75, "line %d has %d octets: %r" % (n, len(line), line)
        line.decode("utf-8")  # folding never splits a character
    assert any(line.startswith(b" ") for line in lines), "expected some folded lines"


def utc(text):
    return datetime.datetime.fromisoformat(text).astimezone(datetime.timezone.utc)


def check_feed(raw, plan, organ=None):
    check_lines(raw)
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    instances = {i["id"]: i for i in plan["instances"]}
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(instances), "%d events, %d instances" % (len(events), len(instances))
    seen = set()
    for ev in events:
        uid = str(ev["UID"])
        assert uid.endswith("@arshjul"), uid
        iid = uid[: -len("@arshjul")]
        assert iid in instances, "event %s is no plan instance" % uid
        assert iid not in seen, "duplicate UID " + uid
        seen.add(iid)
        inst = instances[iid]
        if organ:
            assert inst["organ"] == organ, iid
        assert "DTSTAMP" in ev, iid
        start = ev.decoded("DTSTART")
        assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime), iid
        assert start.isoformat() == inst["deadline"], (iid, start, inst["deadline"])
        assert ev.decoded("DTEND") == start + datetime.timedelta(days=1), iid
        assert str(ev["SUMMARY"]) == "%s – %s" % (inst["title"], inst["organ_name"]), ev["SUMMARY"]
        desc = str(ev["DESCRIPTION"])
        if inst["legal_basis"]:
            assert "Lagrum: " + inst["legal_basis"] in desc, (iid, desc)
        if inst["period"]:
            assert "Period: %s – %s" % (inst["period"]["from"], inst["period"]["to"]) in desc, (iid, desc)
        alarms = list(ev.walk("VALARM"))
        assert len(alarms) == len(inst["reminders"]), "%s: %d alarms, %d reminders" % (
            iid, len(alarms), len(inst["reminders"]))
        triggers = sorted(a.decoded("TRIGGER") for a in alarms)
        expected = sorted(utc(r["fires_at"]) for r in inst["reminders"])
        assert triggers == expected, (iid, triggers, expected)
    return len(events)


def main():
    binary, src = sys.argv[1], sys.argv[2]
    plan = json.loads(run_plan(binary, src, "json"))
    assert plan["year"] == 2027 and len(plan["instances"]) > 100, "unexpected plan"
    n_all = check_feed(run_plan(binary, src, "ics"), plan)
    bun = json.loads(run_plan(binary, src, "json", "--organ", "bun"))
    n_bun = check_feed(run_plan(binary, src, "ics", "--organ", "bun"), bun, organ="bun")
    assert 0 < n_bun < n_all
    print("ok: %d events (bun: %d) match the plan, with their alarms" % (n_all, n_bun))


if __name__ == "__main__":
    main()
