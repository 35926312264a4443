#!/usr/bin/python3
"""Each example kommun's sample year, simulated: no escalation or finding for a
step that the sample year completed.

    sample_year_simulate_test.py ARSHJUL SOURCE_DIR

For every folder under workflows/examples/: `init` its organisation, adopt its
wheel, record its sample year (each command as its actor), then `simulate`
the year from the log. Every escalation and finding names a step instance;
the test looks the instance up in `plan --format json` (its organ, period,
completion event and subject) and in the log, and fails if a recorded event
completes it — by the same rule the docs give (docs/template-format.md,
"completion"): an event of the completion type for the instance's organ and
period end, subject (a goal dialogue: the goal and year) or year (a step
without a period), or StepCompleted / a decision's completesSteps naming it.
It also checks that the sample completes some escalated-in-an-empty-store
steps, so the comparison is not vacuous.

Completeness findings (engine/completeness.h): the sample year plans, measures
and assesses what it prioritises, so `show findings` judged at each month's end
(on the whole record, and as of that day) holds none of goal_without_follow_through,
indicator_never_measured, assessment_without_analysis or
assessment_contradicts_indicator, and `show uppsikt` lists no brist. A sample
that leaves one incomplete on purpose must name it in DELIBERATELY_INCOMPLETE.

Exit 0: pass, 1: fail.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(binary, data, *args, token=None):
    cmd = [binary, "--data", data] + (["--token", token] if token else []) + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError("arshjul %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr))
    return r.stdout


def completion_keys(events):
    """What the log completes: (type, organ, key) and explicit instance ids."""
    keys, instances = set(), set()
    for e in events:
        t, p = e["type"], e.get("payload") or {}
        organ = p.get("organ", "")
        if t in ("ReportSubmitted", "FollowUpRecorded"):
            keys.add((t, organ, p.get("periodTo", "")))
        elif t == "InternalControlPlanAdopted":
            keys.add((t, organ, "%d-12-31" % p.get("year", 0)))
        elif t == "AnalysisRecorded":
            keys.add((t, organ, str(p.get("year", 0))))
        elif t == "OperationalPlanAdopted":
            keys.add((t, organ, "%d-12-31" % p.get("year", 0)))
        elif t == "DialogueHeld":
            for g in p.get("goalIds", []):
                keys.add((t, organ, "%s/%s" % (g, p["heldOn"][:4])))
        elif t == "StepCompleted":
            instances.add(p.get("instanceId"))
        elif t == "DecisionRecorded":
            instances.update(p.get("completesSteps", []))
    return keys, instances


def completed(instance, keys, instances):
    if instance["id"] in instances:
        return True
    event, organ = instance["completion_event"], instance["organ"]
    if instance.get("completion_subject"):
        return (event, organ, instance["completion_subject"]) in keys
    if instance.get("period"):
        return (event, organ, instance["period"]["to"]) in keys
    return (event, organ, instance["id"][:4]) in keys


COMPLETENESS = {"goal_without_follow_through", "indicator_never_measured", "assessment_without_analysis",
                "assessment_contradicts_indicator"}
# (kommun, kind, subject) the sample leaves incomplete on purpose: none.
DELIBERATELY_INCOMPLETE = set()


def check_completeness(binary, data, name, year):
    """No completeness finding at any month's end of the sample year, but the deliberate ones."""
    days = ["%d-%02d-%02d" % (year, m, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]) for m in range(1, 13)]
    seen = 0
    for day in days:
        for when in (["--today", day], ["--as-of", day]):
            findings = json.loads(run(binary, data, "show", "findings", "--format", "json", *when))
            seen += len(findings)
            wrong = [(f["kind"], f["subject"], f["text"]) for f in findings if f["kind"] in COMPLETENESS
                     and (name, f["kind"], f["subject"]) not in DELIBERATELY_INCOMPLETE]
            assert not wrong, "%s %s: completeness findings for what the sample did: %r" % (name, " ".join(when), wrong)
    uppsikt = json.loads(run(binary, data, "show", "uppsikt", "--format", "json", "--today", days[-1]))
    listed = [(u["organ"], c["text"]) for u in uppsikt for c in u["completeness"]
              if (name, c["kind"], c["subject"]) not in DELIBERATELY_INCOMPLETE]
    assert not listed and uppsikt, "%s: uppsikt lists brister: %r" % (name, listed)
    return seen


def escalated(binary, data, year):
    out = run(binary, data, "simulate", "--from", "%d-01-01" % year, "--to", "%d-01-31" % (year + 1))
    notes = [json.loads(l) for l in out.splitlines() if l.strip()]
    return {n["instance"] for n in notes if n["kind"] in ("escalation", "finding") and n.get("instance")}


def check_kommun(binary, source, folder, tmp):
    name = os.path.basename(folder)
    sample = [f for f in os.listdir(folder) if re.match(r"sample-year-\d{4}\.jsonl$", f)]
    assert len(sample) == 1, "%s: one sample-year-YYYY.jsonl, found %r" % (name, sample)
    year = int(sample[0][12:16])
    data = os.path.join(tmp, name)
    out = run(binary, data, "init", "--org", os.path.join(folder, "organization.yaml"))
    admin = re.search(r"ARSHJUL_TOKEN=(\S+)", out).group(1)
    run(binary, data, "wheel", "adopt", os.path.join(folder, "arshjul.yaml"), "--from", "%d-01-01" % year, token=admin)
    before = escalated(binary, data, year)
    tokens = os.path.join(tmp, name + "-tokens.json")
    with open(tokens, "w") as f:
        json.dump({"admin": admin}, f)
    r = subprocess.run([sys.executable, os.path.join(source, "scripts", "record_as_actors.py"), binary, data,
                        os.path.join(folder, sample[0]), tokens], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, "%s: the sample year records: %s%s" % (name, r.stdout, r.stderr)
    plan = json.loads(run(binary, data, "plan", "--year", str(year), "--format", "json"))
    by_id = {i["id"]: i for i in plan["instances"]}
    events = [json.loads(l) for l in run(binary, data, "log", "--format", "jsonl").splitlines() if l.strip()]
    keys, instances = completion_keys(events)
    after = escalated(binary, data, year)
    wrong = sorted(i for i in after if i in by_id and completed(by_id[i], keys, instances))
    assert not wrong, "%s: escalated or found although the sample year completed it: %r" % (name, wrong[:10])
    # Planned goal dialogues (Grästorp): each one the sample held is completed and not escalated.
    planned = [i["id"] for i in plan["instances"] if i.get("completion_subject")]
    for i in planned:
        assert completed(by_id[i], keys, instances), "%s: the planned dialogue %s was not held" % (name, i)
        assert i not in after, "%s: the dialogue %s was held but escalated" % (name, i)
    done = [i for i in before if i in by_id and completed(by_id[i], keys, instances)]
    assert done, "%s: the sample year completes none of the steps an empty store escalates" % name
    assert not set(done) & after, name
    other = check_completeness(binary, data, name, year)
    print("ok: %s %d: %d escalations/findings with an empty record, %d after the sample year; "
          "%d completed steps no longer escalated; %d planned goal dialogues held; "
          "no completeness finding at 12 month ends (%d other findings seen)"
          % (name, year, len(before), len(after), len(done), len(planned), other))


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, source = sys.argv[1], sys.argv[2]
    examples = os.path.join(source, "workflows", "examples")
    tmp = tempfile.mkdtemp(prefix="arshjul-sample-sim-")
    try:
        folders = sorted(os.path.join(examples, d) for d in os.listdir(examples))
        assert len(folders) >= 2, "at least two example kommuner: %r" % folders
        for folder in folders:
            check_kommun(binary, source, folder, tmp)
        return 0
    except AssertionError as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
