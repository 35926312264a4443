#!/usr/bin/python3
"""End-to-end test: the example kommun's wheel can be planned for every year
2026–2040, also the years whose meetings are not decided yet, and the
reminders of such a year are sent.

    every_year_test.py ARSHJUL

1. `plan --year Y --format json` succeeds for each Y; from 2029 on (the
   organisation file has meetings for 2026–2028) the meeting-relative steps are
   preliminary with the reason, the fixed-date ones are not; the table, CSV and
   iCalendar feed mark the same instances (preliminärt, STATUS:TENTATIVE).
2. `simulate` over 2029 sends reminders, among them reminders of preliminary
   steps whose subject says so.
3. A wheel whose meeting rule has no fallback cannot plan 2029: exit 2 with
   the missing meeting plan named.
Exit 0: pass, 1: fail.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

import icalendar

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "workflows", "examples", "exempelkommun")
ORG = os.path.join(EXAMPLE, "organization.yaml")
TEMPLATE = os.path.join(EXAMPLE, "arshjul.yaml")


def run(binary, *args, expect=0):
    r = subprocess.run([binary] + list(args), capture_output=True, timeout=120)
    if r.returncode != expect:
        raise AssertionError("arshjul %s exited %d, expected %d: %s"
                             % (" ".join(args), r.returncode, expect, r.stderr.decode()))
    return r


def plan(binary, data, year, fmt, template=TEMPLATE, expect=0):
    return run(binary, "--data", data, "plan", "--org", ORG, "--template", template, "--year", str(year),
               "--format", fmt, expect=expect)


def check_year(binary, data, year):
    doc = json.loads(plan(binary, data, year, "json").stdout)
    instances = doc["instances"]
    assert len(instances) > 150, (year, len(instances))
    prelim = {i["id"] for i in instances if i["preliminary"]}
    if year <= 2028:
        assert not prelim, (year, sorted(prelim)[:3])
        return
    assert prelim, year
    for i in instances:
        if i["preliminary"]:
            assert i["preliminary_reason"].startswith("sammanträdesplan saknas för "), i
        if i["step_id"] == "omvarldsanalys":
            assert not i["preliminary"], i["id"]
    rows = list(csv.reader(io.StringIO(plan(binary, data, year, "csv").stdout.decode())))
    marked = {r[0] for r in rows[1:] if r[1].endswith(" preliminärt")}
    assert marked == prelim, (year, len(marked), len(prelim))
    cal = icalendar.Calendar.from_ical(plan(binary, data, year, "ics").stdout)
    tentative = {str(e["UID"])[: -len("@arshjul")] for e in cal.walk("VEVENT") if e.get("STATUS") == "TENTATIVE"}
    assert tentative == prelim, (year, len(tentative), len(prelim))


def check_simulate_2029(binary, data):
    out = run(binary, "--data", data, "simulate", "--org", ORG, "--template", TEMPLATE,
              "--from", "2029-01-01", "--to", "2029-12-31").stdout.decode()
    notes = [json.loads(line) for line in out.splitlines() if line.strip()]
    reminders = [n for n in notes if n["kind"] == "reminder" and n["instance"].startswith("2029/")]
    assert len(reminders) > 300, len(reminders)
    prelim = [n for n in reminders if n["subject"].endswith("(preliminärt)")]
    assert prelim, "no reminder of a preliminary step says so"
    assert any(n["instance"].startswith("2029/arsredovisning/ks") for n in prelim), "årsredovisningen 2029"
    return len(reminders), len(prelim)


def check_no_fallback_is_loud(binary, data, tmp):
    text = open(TEMPLATE, encoding="utf-8").read().replace(', fallback: "03-10"', "")
    bare = os.path.join(tmp, "utan-reservdag.yaml")
    with open(bare, "w", encoding="utf-8") as f:
        f.write(text.replace("extends: ../../templates/standard.yaml",
                             "extends: " + os.path.join(ROOT, "workflows", "templates", "standard.yaml")))
    err = plan(binary, data, 2029, "json", template=bare, expect=2).stderr.decode()
    assert "sammanträdesplan saknas för ks 2029" in err and "meeting.fallback" in err, err
    plan(binary, data, 2028, "json", template=bare)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        for year in range(2026, 2041):
            check_year(binary, data, year)
        sent, prelim = check_simulate_2029(binary, data)
        check_no_fallback_is_loud(binary, data, tmp)
    print("every year 2026–2040 planned; 2029: %d reminders, %d preliminary" % (sent, prelim))
    print("every year: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
