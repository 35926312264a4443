#!/usr/bin/env python3
"""End-to-end test of the arshjul command on the example kommun, through the real binary.

Checks: init records the organisation and a second init records nothing; an edited file
records only the change; the sample year records every domain command, idempotently; every
recorded event type is visible in `log` and the read models in `show`; refusals exit 2 with a
Swedish message naming the field and write nothing; verify passes; backup and restore give the
same head hash and the same read models; one byte changed through RocksDB's own ldb tool makes
verify fail naming that position.

Usage: cli_domain_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")
failures = []


def run(data, *args, stdin=None):
    p = subprocess.run([BIN, "--data", data, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def head_of(data):
    rc, out, _ = run(data, "verify")
    for line in out.splitlines():
        if line.startswith("huvud: "):
            return line.split(" ", 1)[1]
    return None


def event_count(data):
    rc, out, _ = run(data, "stats", "--format", "json")
    return json.loads(out)["events"]


tmp = tempfile.mkdtemp(prefix="arshjul-e2e-")
try:
    data = os.path.join(tmp, "data")
    org = os.path.join(EX, "organization.yaml")
    rc, out, err = run(data, "init", "--org", org)
    check(rc == 0 and "registrerade" in out, f"init records the organisation (rc={rc}) {err.strip()}")
    admin = re.search(r"ARSHJUL_TOKEN=(\S+)", out)
    check(admin is not None, "init of a new store prints the first administrator's token")
    admin = admin.group(1) if admin else ""
    tokens_path = os.path.join(tmp, "tokens.json")
    json.dump({"admin": admin}, open(tokens_path, "w"))
    n_org = event_count(data)
    rc, out, _ = run(data, "init", "--org", org)
    check(rc == 0 and "oförändrad" in out and event_count(data) == n_org, "a second init records nothing")

    # An edited file records only what changed: a moved KF meeting and a person leaving a role.
    text = open(org, encoding="utf-8").read()
    edited = text.replace("2027-06-14, 2027-09-27", "2027-06-16, 2027-09-27", 1)
    edited = edited.replace("- {role: ordforande, organ: kfn, from: 2026-01-01}",
                            "- {role: ordforande, organ: kfn, from: 2026-01-01, to: 2027-03-31}", 1)
    check(edited != text, "test edit applies to the example file")
    edited_path = os.path.join(tmp, "org-edited.yaml")
    open(edited_path, "w", encoding="utf-8").write(edited)
    rc, out, err = run(data, "init", "--org", edited_path)
    check(rc == 2 and "--token" in err and event_count(data) == n_org,
          f"once a token exists, a change to the organisation needs the administrator's token ({err.strip()})")
    rc, out, _ = run(data, "--token", admin, "init", "--org", edited_path)
    check(rc == 0 and event_count(data) == n_org + 2, f"edited file records exactly two changes ({out.strip()})")
    rc, out, _ = run(data, "log", "--from", str(n_org), "--format", "jsonl")
    types = sorted(json.loads(l)["type"] for l in out.splitlines())
    check(types == ["MeetingMoved", "RoleEnded"], f"the changes are a moved meeting and an ended role: {types}")
    n_org += 2

    # plan without --org uses the organisation init recorded (here the edited one).
    wheel = os.path.join(EX, "arshjul.yaml")
    rc, from_store, err = run(data, "plan", "--template", wheel, "--year", "2027", "--format", "json")
    rc2, from_file, _ = run(data, "plan", "--org", edited_path, "--template", wheel, "--year", "2027", "--format", "json")
    check(rc == 0 and rc2 == 0 and json.loads(from_store) == json.loads(from_file),
          f"plan from the recorded organisation equals plan from the file ({err.strip()})")
    kf_budget = [i for i in json.loads(from_store)["instances"] if i["step_id"] == "kf_budget"]
    check(len(kf_budget) == 1 and kf_budget[0]["deadline"] == "2027-06-16",
          f"the moved KF meeting moves the budget deadline: {[i['deadline'] for i in kf_budget]}")
    rc, _, err = run(os.path.join(tmp, "empty"), "plan", "--template", wheel, "--year", "2027")
    check(rc == 2 and "--org" in err, f"plan without --org and without a store names --org: {err.strip()}")

    sample = os.path.join(EX, "sample-year-2026.jsonl")
    rc, out, err = run(data, "record", sample)
    check(rc == 2 and "--token" in err and event_count(data) == n_org, "record without a token is refused")
    as_actors = [sys.executable, os.path.join(SRC, "scripts", "record_as_actors.py"), BIN, data, sample, tokens_path]
    p = subprocess.run(as_actors, capture_output=True, text=True)
    check(p.returncode == 0, f"sample year records, each command as its actor (rc={p.returncode}) {p.stderr.strip()}")
    tokens = json.load(open(tokens_path))
    n_org += len(tokens) - 1  # a token issued for each actor
    n_sample = event_count(data)
    commands = [json.loads(l) for l in open(sample, encoding="utf-8")]
    check(n_sample == n_org + len(commands), f"one event per command ({n_sample - n_org} of {len(commands)})")
    p = subprocess.run(as_actors, capture_output=True, text=True)
    check(p.returncode == 0 and event_count(data) == n_sample and f"0 registrerade, {len(commands)} fanns redan" in p.stdout,
          "recording the sample year again writes nothing")

    # Every command type is visible in the log.
    rc, out, _ = run(data, "log", "--from", str(n_org), "--format", "jsonl")
    logged = [json.loads(l) for l in out.splitlines()]
    logged_types = {e["type"] for e in logged}
    for c in commands:
        match = [e for e in logged if e["command_id"] == c["command_id"]]
        check(len(match) == 1 and match[0]["payload"] is not None, f"log shows {c['command']} ({c['command_id']})")
    check(len(logged_types) >= 20, f"the sample uses many event types: {len(logged_types)}")

    # The read models.
    def show(view, *extra):
        rc, out, err = run(data, "show", view, "--format", "json", *extra)
        check(rc == 0, f"show {view} {' '.join(extra)} (rc={rc}) {err.strip()}")
        return json.loads(out) if rc == 0 else []

    goals = show("goals")
    check(any(g["id"] == "bun-em-1" and g["assessment"] == "partly_met" for g in goals),
          "goal tree has BUN's goal, assessed partly met (84 % against the target 85 %)")
    check(any(g.get("level") == "activity" and g["id"] == "bun-akt-1" for g in goals), "goal tree has the activity")
    # Trelleborg's reasons for prioritising an effektmål (goal.priority_reasons, opted in) and its förändringsteori.
    bun_goal = [g for g in goals if g.get("level") == "outcome" and g["id"] == "bun-em-1"]
    check(len(bun_goal) == 1 and len(bun_goal[0]["priority_reasons"]) == 2 and len(bun_goal[0]["change_theory"]) == 4,
          f"the goal's reasons and förändringsteori: {bun_goal}")
    decisions = show("decisions", "--organ", "bun")
    check(any(d["id"] == "bun-2026-41" for d in decisions), "decisions per organ")
    assignments = show("assignments", "--today", "2026-11-22")
    status = {a["id"]: a["status"] for a in assignments}
    check(status.get("ks-2026-u2") == "done" and status.get("ks-2026-u1") == "late",
          f"assignments done and late: {status}")
    forecasts = show("forecasts")
    check(any(f["organ"] == "sn" and f["deviation"] < 0 and f["remedial_actions"] for f in forecasts),
          "negative forecast with remedial actions")
    controls = show("internal-control", "--organ", "bun")
    check(any(c["result"] == "deviation" for c in controls), "internal control deviation")
    check(all(c["risk"] is None or c["risk"]["category"] == "operational" for c in controls),
          "the plan's risks are operational (Tranemo's split, shown also where the rule is off)")
    check(all(c["risk"] is None or (c["risk"]["likelihood"] >= 1 and c["risk"]["consequence"] >= 1 and
                                    c["risk"]["value"] == c["risk"]["likelihood"] * c["risk"]["consequence"])
              for c in controls) and any(c["risk"] for c in controls),
          "internal control shows each risk's likelihood, consequence and their product")
    findings = show("findings", "--today", "2026-11-22")
    kinds = {f["kind"] for f in findings}
    check({"assignment_late", "negative_forecast", "control_deviation", "delegated_decision_not_reported"} <= kinds,
          f"findings: {sorted(kinds)}")
    uppsikt = show("uppsikt", "--today", "2026-11-22")
    bun = [u for u in uppsikt if u["organ"] == "bun"]
    check(len(bun) == 1 and bun[0]["goals"]["partly_met"] == 1 and bun[0]["controls"]["deviations"] == 1,
          "uppsikt summary for BUN")

    # Every command type of the sample year is visible in a read model.
    docs = show("documents")
    dels = show("delegations")
    inds = show("indicators")
    fups = show("follow-ups")
    econ = show("economy")
    plans = show("internal-control")
    visible = {
        "RecordDecision": any(d["id"] == "ks-2026-31" for d in show("decisions")),
        "AdoptGoverningDocument": any(d["id"] == "policy-ledning-styrning" for d in docs),
        "ReviseGoverningDocument": any(d["id"] == "riktlinje-skolskjuts" and d["revisions"] for d in docs),
        "GiveAssignment": "ks-2026-u1" in status,
        "ReportAssignment": status.get("ks-2026-u2") == "done",
        "GrantDelegation": any(d["id"] == "ks-del-3.1" for d in dels),
        "RecordDelegatedDecision": any(d["id"] == "ks-del-2026-9" for d in dels),
        "ReportDelegatedDecision": any(d["id"] == "ks-del-2026-7" and d["reported_on"] == "2026-04-01" for d in dels),
        "SetVision": any(g["id"] == "vision-2035" and g["level"] == "vision" for g in goals),
        "SetStrategicGoal": any(g["id"] == "im-2" for g in goals),
        "SetOutcomeGoal": any(g["id"] == "sn-em-1" for g in goals),
        "PlanActivity": any(g["id"] == "bun-akt-1" for g in goals),
        "DefineIndicator": any(i["id"] == "bun-ind-2" for i in inds),
        "MeasureIndicator": any(i["id"] == "bun-ind-1" and i["measurements"][0]["value"] == 78.4 for i in inds),
        "RecordFollowUp": any(f.get("id") == "bun-dialog-em1" for f in fups),
        "SubmitReport": any(f["level"] == "report" and f["period_to"] == "2026-08-31" for f in fups),
        "CompleteStep": any(f["level"] == "step" and f["instance"] == "2026/nulagesanalys/bun" for f in fups),
        "SetBudgetFrame": any(e["kind"] == "frame" and e["organ"] == "bun" and e["amount"] == 412000000 for e in econ),
        "ReportOutcome": any(e["kind"] == "outcome" and e["organ"] == "sn" for e in econ),
        "GrantDeficitException": any(e["kind"] == "outcome" and e["deficit_exception"] for e in econ),
        "ReportForecast": any(f["organ"] == "bun" and f["month"] == 8 for f in forecasts),
        "AdoptInternalControlPlan": any(c["plan"] == "bun-ikp-2026" for c in plans),
        "RecordControl": any(c["control"] == "k1" and c["result"] == "ok" for c in plans),
    }
    # The steering below the nämnd (issue 9): units, activity follow-up, quality, analyses, dialogues, plans.
    quality = show("quality")
    analyses = show("analyses")
    dialogues = show("dialogues")
    unit_plans = show("plans")
    activity = [g for g in goals if g.get("level") == "activity" and g["id"] == "bun-akt-1"]
    visible.update({
        "ReportActivityProgress": len(activity) == 1 and activity[0]["status"] == "done" and activity[0]["result"]
        and activity[0]["effect"] == "Ökad läsförmåga och högre måluppfyllelse",
        "SetBasicMission": any(q["level"] == "basic_mission" and q["organ"] == "ekbacken" for q in quality),
        "DefineQualityFactor": any(q["level"] == "quality_factor" and q["id"] == "ekbacken-trygghet" for q in quality),
        "DefineQualityIndicator": any(q["level"] == "quality_indicator" and q["routine"] and q["on_target"]
                                      for q in quality),
        "RecordAnalysis": any(a["kind"] == "nulageskarta" and a["based_on"] == ["omv-2026", "bun-nul-2026"]
                              for a in analyses),
        "HandOverAnalysis": any(a["id"] == "bun-karta-2026" and a["handovers"] for a in analyses),
        "RecordDialogue": any(d.get("kind") == "operational" and d["support_functions"] for d in dialogues),
        "PlanGoalDialogue": any(d["level"] == "goal_dialogue_plan" and d["held"] for d in dialogues),
        "AdoptOperationalPlan": any(p["id"] == "ekbacken-vp-2027" and p["starts_from"] == "bun-karta-2026"
                                    for p in unit_plans),
    })
    ekbacken = show("uppsikt", "--organ", "ekbacken", "--today", "2026-12-31")
    check(len(ekbacken) == 1 and ekbacken[0]["steering"]["quality"]["on_target"] == 1,
          "uppsikt shows the unit's kvalitetsindikatorer")
    organization = show("organization", "--organ", "ekbacken")
    check(organization and organization[0]["chef_role"] == "enhetschef", "show organization names the unit's chef role")
    for command in sorted({c["command"] for c in commands}):
        check(visible.get(command, False), f"show makes {command} visible")

    # As of: on 31 March 2026 the August forecast was not yet in force.
    early = show("forecasts", "--as-of", "2026-03-31")
    check(not any(f["month"] == 8 for f in early) and any(f["month"] == 3 for f in early),
          "--as-of 2026-03-31 shows the March forecast, not August's")
    before = show("decisions", "--known-at", "2000-01-01")
    check(before == [], "--known-at before anything was recorded shows nothing")

    # Refusals: exit 2, Swedish message with the field, nothing written.
    bad = {"command": "ReportForecast", "command_id": "e2e-bad-forecast",
           "actor": {"person": "fredrik-nilsson", "role": "controller", "organ": "bun"},
           "payload": {"organ": "bun", "year": 2026, "month": 10, "budget": 100, "forecast": 120}}
    rc, out, err = run(data, "--token", tokens["fredrik-nilsson"], "record", "-", stdin=json.dumps(bad))
    check(rc == 2 and "payload.remedialActions" in err and "forecast.remedial_actions" in err and "åtgärder" in err,
          f"negative forecast without actions is refused with exit 2: {err.strip()}")
    rc, out, err = run(data, "--token", admin, "record", "-", stdin='{"command": "RecordDecision"}')
    check(rc == 2 and "command_id" in err, f"a command without id is refused: {err.strip()}")
    rc, out, err = run(data, "--token", admin, "record", "-", stdin="[not json")
    check(rc == 2 and "JSON" in err, "malformed JSON is refused")
    rc, out, err = run(data, "show", "goals", "--as-of", "2026-13-01")
    check(rc == 2 and "--as-of" in err, "a bad date names the option")
    check(event_count(data) == n_sample, "nothing was written by the refusals")

    # verify, backup, restore.
    rc, out, _ = run(data, "verify")
    check(rc == 0 and f"{n_sample} händelser" in out, "verify passes and counts the events")
    head = head_of(data)
    backup = os.path.join(tmp, "backup")
    rc, out, err = run(data, "backup", backup)
    check(rc == 0, f"backup (rc={rc}) {err.strip()}")
    restored = os.path.join(tmp, "restored")
    rc, out, err = run(restored, "restore", backup)
    check(rc == 0 and head_of(restored) == head, f"restore gives the same head hash ({err.strip()})")
    rc, a, _ = run(data, "show", "uppsikt", "--format", "json", "--today", "2026-11-22")
    rc, b, _ = run(restored, "show", "uppsikt", "--format", "json", "--today", "2026-11-22")
    check(a == b and a, "restored store gives the same read models")
    rc, out, err = run(data, "restore", backup)
    check(rc == 2, "restore into a non-empty folder is refused")
    rc, out, _ = run(data, "verify", "--head", head)
    check(rc == 0, "verify --head with today's head passes")

    # Tamper with one byte of one event through RocksDB's own ldb tool.
    ldb = shutil.which("ldb") or shutil.which("rocksdb_ldb")
    if ldb is None:
        check(False, "ldb (rocksdb-tools) is installed")
    else:
        position = 500
        key = "0x%016X" % position
        cf = ["--column_family=events"]
        got = subprocess.run([ldb, f"--db={restored}", *cf, "get", key, "--key_hex", "--value_hex"],
                             capture_output=True, text=True)
        value = got.stdout.strip()
        check(got.returncode == 0 and value.startswith("0x"), f"ldb reads event {position}")
        raw = bytearray(bytes.fromhex(value[2:]))
        raw[-20] ^= 0x01
        put = subprocess.run([ldb, f"--db={restored}", *cf, "put", key, "0x" + raw.hex().upper(), "--key_hex",
                              "--value_hex"], capture_output=True, text=True)
        check(put.returncode == 0, f"ldb writes the altered value {put.stderr.strip()}")
        rc, out, _ = run(restored, "verify")
        check(rc == 4 and f"första felaktiga position: {position}" in out, f"verify fails at {position}: {out.strip()}")
        rc, out, _ = run(restored, "verify", "--head", head)
        check(rc == 4, "verify --head fails on the altered store")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print(f"{len(failures)} check(s) failed:", *failures, sep="\n  ")
    sys.exit(1)
print("all checks passed")
