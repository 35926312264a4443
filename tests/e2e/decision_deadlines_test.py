#!/usr/bin/python3
"""End-to-end test: a recorded decision starts the justering, anslag and laga
kraft deadlines of standard.yaml, shown by `plan` and reminded by `simulate`.

    decision_deadlines_test.py ARSHJUL

KS decides at its meeting on Wednesday 10 March 2027: the protokoll is
justerat by 24 March, the anslag is due two days later — långfredagen, so
Tuesday 30 March after Easter — and the decision is laga kraft three weeks
after that, 20 April. `plan --year 2027` from the store lists the three;
`simulate` reminds of each at 08:00 Stockholm time (+02:00 after 28 March).
When the justering is recorded done early (CompleteStep, 18 March) the anslag
is due two days after that, Monday 22 March (20 March is a Saturday).
A CompleteStep naming no step instance of the organ is refused (exit 2).
Exit 0: pass, 1: fail.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "workflows", "examples", "exempelkommun")
ACTOR = {"person": "lena-bjork", "role": "kommunsekreterare", "organ": "ks"}


def run(binary, data, *args, stdin=None, expect=0):
    r = subprocess.run([binary, "--data", data] + list(args), input=stdin, capture_output=True, text=True,
                       timeout=120)
    if r.returncode != expect:
        raise AssertionError("arshjul %s exited %d, expected %d: %s" % (" ".join(args), r.returncode, expect,
                                                                         r.stderr))
    return r


def record(binary, data, command, command_id, payload, expect=0):
    line = json.dumps({"command": command, "command_id": command_id, "actor": ACTOR, "payload": payload})
    return run(binary, data, "record", "-", stdin=line + "\n", expect=expect)


def deadlines(binary, data, template):
    plan = json.loads(run(binary, data, "plan", "--year", "2027", "--template", template, "--organ", "ks",
                          "--format", "json").stdout)
    return {i["step_id"]: i for i in plan["instances"] if i["id"].endswith("/ks/2027-03-10")}


def main():
    binary = sys.argv[1]
    template = os.path.join(EXAMPLE, "arshjul.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        run(binary, data, "init", "--org", os.path.join(EXAMPLE, "organization.yaml"))
        assert deadlines(binary, data, template) == {}, "no decision, no deadlines"
        record(binary, data, "RecordDecision", "t/ks-40", {
            "id": "ks-2027-40", "organ": "ks", "meetingDate": "2027-03-10", "minuteItem": "§ 40",
            "registryNumber": "KS/2027:10", "title": "Riktlinje för lokalförsörjning", "decides": "governing_document"})
        found = deadlines(binary, data, template)
        got = {k: (v["deadline"], v["statutory"], v["legal_basis"]) for k, v in found.items()}
        assert got == {
            "justering": ("2027-03-24", True, "KL 5 kap. 69 §; KL 6 kap. 35 §"),
            "anslag": ("2027-03-30", True, "KL 8 kap. 12 §"),
            "laga_kraft": ("2027-04-20", True, "KL 13 kap. 5 §; Lag (1930:173) 1–2 §§"),
        }, got

        out = run(binary, data, "simulate", "--template", template, "--from", "2027-03-01", "--to", "2027-04-30").stdout
        notes = [json.loads(line) for line in out.splitlines() if line.strip()]
        reminders = sorted((n["instance"].split("/")[1], n["time"]) for n in notes
                           if n["kind"] == "reminder" and n["instance"].endswith("/ks/2027-03-10"))
        assert reminders == [
            ("anslag", "2027-03-29T08:00:00+02:00"), ("anslag", "2027-03-30T08:00:00+02:00"),
            ("justering", "2027-03-17T08:00:00+01:00"), ("justering", "2027-03-23T08:00:00+01:00"),
            ("justering", "2027-03-24T08:00:00+01:00"), ("laga_kraft", "2027-04-20T08:00:00+02:00"),
        ], reminders

        record(binary, data, "CompleteStep", "t/justerat", {
            "instanceId": "2027/justering/ks/2027-03-10", "organ": "ks", "completedOn": "2027-03-18"})
        out = run(binary, data, "simulate", "--template", template, "--from", "2027-03-19", "--to", "2027-04-30").stdout
        anslag = [json.loads(line) for line in out.splitlines() if "2027/anslag/ks/2027-03-10" in line]
        assert anslag and all(n["deadline"] == "2027-03-22" for n in anslag), anslag

        err = record(binary, data, "CompleteStep", "t/fel", {
            "instanceId": "kf-budget", "organ": "ks", "completedOn": "2027-03-18"}, expect=2).stderr
        assert "instanceId" in err and "kf-budget" in err, err
        err = record(binary, data, "CompleteStep", "t/fel2", {
            "instanceId": "2027/justering/kf/2027-03-10", "organ": "ks", "completedOn": "2027-03-18"}, expect=2).stderr
        assert "instanceId" in err and "'kf'" in err, err
    print("decision deadlines: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
