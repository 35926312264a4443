#!/usr/bin/python3
"""End-to-end test: Europe/Stockholm offsets in years after the tz files'
last explicit transition (2037), through the real binary.

    summer_time_test.py ARSHJUL

For 2038, 2040 and 2099, with tests/e2e/far_future_template.yaml (one step due
15 July, one due 15 December, reminders at 08:00): `plan --format json` gives
each reminder's fires_at at 08:00 with +02:00 in July and +01:00 in December;
`plan --format ics` carries VALARMs at the same UTC instants (06:00Z in July,
07:00Z in December, checked with python3-icalendar); `simulate` over each
year prints the same times. Exit 0: pass, 1: fail.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

import icalendar

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORG = os.path.join(ROOT, "workflows", "examples", "exempelkommun", "organization.yaml")
TEMPLATE = os.path.join(HERE, "far_future_template.yaml")
YEARS = (2038, 2040, 2099)


def run(binary, *args):
    r = subprocess.run([binary] + list(args), capture_output=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError("arshjul %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.decode()))
    return r.stdout


def expected_offset(text):
    month = int(text[5:7])
    return "+02:00" if month == 7 else "+01:00"


def check_plan_json(binary, data, year):
    plan = json.loads(run(binary, "--data", data, "plan", "--org", ORG, "--template", TEMPLATE,
                          "--year", str(year), "--format", "json"))
    fires = [r["fires_at"] for i in plan["instances"] for r in i["reminders"]]
    assert len(fires) == 4, fires
    for t in fires:
        assert t.startswith("%d-" % year) and t[11:19] == "08:00:00", t
        assert t.endswith(expected_offset(t)), "%s should end in %s" % (t, expected_offset(t))
    return sorted(fires)


def check_plan_ics(binary, data, year):
    cal = icalendar.Calendar.from_ical(run(binary, "--data", data, "plan", "--org", ORG, "--template",
                                           TEMPLATE, "--year", str(year), "--format", "ics"))
    triggers = sorted(a.decoded("TRIGGER") for a in cal.walk("VALARM"))
    assert len(triggers) == 4, triggers
    for t in triggers:
        assert isinstance(t, datetime.datetime) and t.utcoffset() == datetime.timedelta(0), t
        utc_hour = 6 if t.month == 7 else 7
        assert (t.hour, t.minute) == (utc_hour, 0), "VALARM %s: 08:00 in Stockholm is %02d:00Z" % (t, utc_hour)


def check_simulate(binary, data, year, planned):
    out = run(binary, "--data", data, "simulate", "--org", ORG, "--template", TEMPLATE,
              "--from", "%d-01-01" % year, "--to", "%d-12-31" % year)
    notes = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    times = sorted(n["time"] for n in notes if n["kind"] == "reminder")
    assert times == planned, "simulate %d: %r, plan: %r" % (year, times, planned)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        for year in YEARS:
            data = os.path.join(tmp, "data-%d" % year)
            planned = check_plan_json(binary, data, year)
            check_plan_ics(binary, data, year)
            check_simulate(binary, data, year, planned)
            print("ok %d: %s" % (year, ", ".join(planned)))
    print("summer time: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
