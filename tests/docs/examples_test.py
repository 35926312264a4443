#!/usr/bin/python3
"""The examples in docs/ run against the real binary, so the docs cannot drift.

    examples_test.py ARSHJUL SOURCE_DIR

docs/commands.md: the worked example (its `# fel:` comment is what record
    prints, exit 2, nothing written; with remedialActions it records as the
    text says) and the "As of any date" commands on the sample year.
docs/organization-format.md: the complete small file is accepted by init; its
    error examples are what the loader prints; the correction of an older
    store (DefineOrgan with effective_at) makes --as-of show the organ.
docs/template-format.md: the minimal file and the minkommun file plan 2027
    with the example organisation; the minkommun excerpt's rows are what
    `plan --organ ks` prints; the commented dates of the deadline examples are
    the planned ones; every other yaml block is valid YAML.
The seeds' rules' examples in both files: seed_rules_examples.py.
Exit 0: pass, 1: fail.
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

import seed_rules_examples


def blocks(path, lang):
    """The fenced code blocks of `path` whose info string is `lang` ("" for none)."""
    out, current, info = [], None, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            if current is None:
                current, info = [], line[3:].strip()
            else:
                if info == lang:
                    out.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return out


class Env:
    def __init__(self, binary, src, tmp):
        self.binary, self.src, self.tmp = binary, src, tmp
        shutil.copytree(os.path.join(src, "workflows"), os.path.join(tmp, "workflows"))
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        os.symlink(binary, os.path.join(bindir, "arshjul"))
        self.path = bindir + os.pathsep + os.environ.get("PATH", "")

    def sh(self, script):
        return subprocess.run(["bash", "-c", script], cwd=self.tmp, capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, PATH=self.path))

    def run(self, *args, stdin=None, expect=0, token=""):
        env = dict(os.environ, ARSHJUL_TOKEN=token) if token else None
        r = subprocess.run([self.binary] + list(args), cwd=self.tmp, input=stdin, capture_output=True, text=True,
                           timeout=120, env=env)
        if r.returncode != expect:
            raise AssertionError("arshjul %s exited %d, expected %d: %s" % (" ".join(args), r.returncode, expect,
                                                                             r.stderr))
        return r


def commands_md(env):
    doc = os.path.join(env.src, "docs", "commands.md")
    worked = [b for b in blocks(doc, "sh") if "forecast.json" in b][0]
    expected = " ".join(line.strip().lstrip("#").strip() for line in worked.splitlines() if line.startswith("#"))
    expected = expected.split("→")[0].strip()
    # The token the example exports (the forecast's actor's) is kept for the corrected forecast below.
    r = env.sh(worked + '\nrc=$?; printf %s "$ARSHJUL_TOKEN" > token.txt; exit $rc')
    token = open(os.path.join(env.tmp, "token.txt")).read().strip()
    assert r.returncode == 2, "the worked example ends in exit 2, got %d: %s" % (r.returncode, r.stderr)
    got = " ".join(r.stderr.split())
    assert " ".join(expected.split()) in got, "docs say %r, record printed %r" % (expected, r.stderr)
    fixed = json.loads(open(os.path.join(env.tmp, "forecast.json")).read())
    fixed["payload"]["remedialActions"] = ["Vakanta tjänster tillsätts inte under hösten"]
    out = env.run("--data", "data", "record", "-", stdin=json.dumps(fixed), token=token).stdout
    assert "registrerat: bun-prognos-2026-08 → ForecastReported i organ/bun/economy" in out, out
    assert "bun-prognos-2026-08" in env.run("--data", "data", "show", "forecasts", "--organ", "bun", "--format",
                                            "json").stdout or "418300000" in env.run(
        "--data", "data", "show", "forecasts", "--organ", "bun", "--format", "json").stdout
    sample = os.path.join("workflows", "examples", "exempelkommun", "sample-year-2026.jsonl")
    init = env.run("--data", "sample", "init", "--org", os.path.join("workflows", "examples", "exempelkommun",
                                                                     "organization.yaml")).stdout
    # Writes are authenticated from init on: the sample year is recorded as its actors (docs/api.md).
    tokens = os.path.join(env.tmp, "tokens.json")
    with open(tokens, "w") as f:
        json.dump({"admin": re.search(r"ARSHJUL_TOKEN=(\S+)", init).group(1)}, f)
    recorded = subprocess.run([sys.executable, os.path.join(env.src, "scripts", "record_as_actors.py"), env.binary,
                               "sample", sample, tokens], cwd=env.tmp, capture_output=True, text=True, timeout=300)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    as_of = [b for b in blocks(doc, "sh") if "--as-of 2026-03-31" in b][0].replace("--data data", "--data sample")
    r = env.sh("set -e\n" + as_of)
    assert r.returncode == 0 and r.stdout.strip(), r.stderr
    # The budget decision shown under "Decisions complete årshjul steps" is the sample year's own,
    # recorded above; recording it again is idempotent ("fanns redan"), so it is valid as written.
    budget = json.loads([b for b in blocks(doc, "json") if "kf-2026-58" in b][0])
    in_sample = [json.loads(line) for line in open(os.path.join(env.src, sample)) if "kf-2026-58" in line]
    assert in_sample and in_sample[0]["payload"] == budget["payload"], "docs and sample year differ"
    return 4 + steering_example(env, doc) + completeness_example(env, doc)


def table_lines(text):
    return [" ".join(line.split()) for line in text.strip().splitlines()]


def completeness_example(env, doc):
    """The completeness example prints the documented findings; the correction, the activity and
    the measurement the text names remove them; the rules in organization-format.md switch two off."""
    block = [b for b in blocks(doc, "sh") if "show findings --organ bun" in b][0]
    expected = table_lines([b for b in blocks(doc, "text") if "bedömning motsäger indikatorn" in b][0])
    texts = table_lines([b for b in blocks(doc, "text") if b.startswith("Uppföljningen bun-dr2-2026")][0])
    r = env.sh(block + '\nprintf %s "$bun" > bun-token.txt')
    assert r.returncode == 0, r.stderr
    got = table_lines(r.stdout)
    assert got == expected, "docs show %r, show findings printed %r" % (expected, got)
    whole = json.loads(env.run("--data", "mal", "show", "findings", "--organ", "bun", "--today", "2026-09-30",
                               "--format", "json").stdout)
    assert [f["text"] for f in whole] == texts, "docs give %r, --format json %r" % (texts, whole)
    expected = expected[2:]  # the table, after what record printed
    # show uppsikt lists the same four for BUN: texts in the table's last column, whole in JSON.
    table = env.run("--data", "mal", "show", "uppsikt", "--organ", "bun", "--today", "2026-09-30").stdout
    assert "brister i målstyrningen" in table.splitlines()[0], table
    assert table.splitlines()[1].endswith("4: bun-dr2-2026, bun-em-2, bun-ind-2"), table
    row = json.loads(env.run("--data", "mal", "show", "uppsikt", "--organ", "bun", "--today", "2026-09-30",
                             "--format", "json").stdout)[0]
    assert [c["text"] for c in row["completeness"]] == texts and row["findings"] == 4, row
    # As of 30 August (business time) the assessment for the period to 31 August was not yet in force.
    before = json.loads(env.run("--data", "mal", "show", "findings", "--organ", "bun", "--as-of", "2026-08-30",
                                "--format", "json").stdout)
    assert [(f["kind"], f["subject"]) for f in before if f["kind"] != "meeting_plan_missing"] == [
        ("goal_without_follow_through", "bun-em-2"), ("indicator_never_measured", "bun-ind-2")], before
    bun = open(os.path.join(env.tmp, "bun-token.txt")).read().strip()
    follow_up = [json.loads(line) for line in block.splitlines() if '"RecordFollowUp"' in line][0]
    logged = env.run("--data", "mal", "log", "--type", "FollowUpRecorded", "--format", "jsonl").stdout
    first = [e for e in map(json.loads, logged.splitlines()) if e["payload"]["id"] == "bun-dr2-2026"][0]
    event_id, first_recorded_at = first["event_id"], first["recorded_at"]
    follow_up["command_id"] = "bun-dr2-rattelse"
    follow_up["payload"].update(assessment="partly_met", analysis="78,4 % mot målvärdet 85 %; insatserna pågår",
                                corrects={"eventId": event_id, "reason": "Bedömningen stämde inte med indikatorn"})
    activity = {"command": "PlanActivity", "command_id": "bun-akt-2",
                "actor": {"person": "sara-lindqvist", "role": "namndsekreterare", "organ": "bun"},
                "payload": {"id": "bun-akt-2", "goalId": "bun-em-2", "organ": "bun", "title": "Trygghetsvandringar",
                            "responsibleRole": "forvaltningschef", "dueDate": "2026-11-30"}}
    measured = {"command": "MeasureIndicator", "command_id": "bun-ind-2-q1",
                "actor": {"person": "sara-lindqvist", "role": "namndsekreterare", "organ": "bun"},
                "payload": {"indicatorId": "bun-ind-2", "organ": "bun", "periodEnd": "2026-03-31", "value": 55}}
    kinds = ["bedömning motsäger indikatorn", "bedömning utan analys", "mål utan aktivitet eller indikator",
             "indikator aldrig mätt"]
    for done, gone in [(follow_up, kinds[:2]), (activity, kinds[2:3]), (measured, kinds[3:])]:
        env.run("--data", "mal", "record", "-", stdin=json.dumps(done, ensure_ascii=False), token=bun)
        after = env.run("--data", "mal", "show", "findings", "--organ", "bun", "--today", "2026-09-30").stdout
        for kind in gone:
            assert kind not in after, "%s still shown after %s: %s" % (kind, done["command"], after)
    assert not [k for k in kinds if k in after], after
    # What the record showed before the correction (recorded time) still holds the two on the assessment.
    corrected_at = [e["recorded_at"] for e in map(json.loads, env.run("--data", "mal", "log", "--type", "FollowUpRecorded",
                                                                         "--format", "jsonl").stdout.splitlines())][-1]
    earlier = json.loads(env.run("--data", "mal", "show", "findings", "--organ", "bun", "--known-at",
                                 first_recorded_at, "--today", "2026-09-30", "--format", "json").stdout)
    assert {"assessment_contradicts_indicator", "assessment_without_analysis"} <= {f["kind"] for f in earlier} \
        and first_recorded_at < corrected_at, earlier
    # The organisation file's switches: the same record with two rules off shows the other two.
    rules = yaml.safe_load([b for b in blocks(os.path.join(env.src, "docs", "organization-format.md"), "yaml")
                            if "assessment.consistent_with_indicators: {enabled: false}" in b][0])["rules"]
    org = yaml.safe_load(open(os.path.join(env.tmp, "workflows/examples/exempelkommun/organization.yaml"),
                              encoding="utf-8"))
    org["rules"].update(rules)
    with open(os.path.join(env.tmp, "switched.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(org, f, allow_unicode=True, sort_keys=False)
    switched = block.replace("--data mal", "--data switched").replace(
        "workflows/examples/exempelkommun/organization.yaml", "switched.yaml")
    r = env.sh(switched)
    assert r.returncode == 0, r.stderr
    left = json.loads(env.run("--data", "switched", "show", "findings", "--organ", "bun", "--today", "2026-09-30",
                              "--format", "json").stdout)
    assert [(f["kind"], f["subject"]) for f in left] == [("assessment_without_analysis", "bun-dr2-2026"),
                                                         ("indicator_never_measured", "bun-ind-2")], left
    return 6


def steering_example(env, doc):
    """The steering worked example: refused as the `# fel:` comment says, recorded with two participants."""
    block = [b for b in blocks(doc, "sh") if "dialogue.json" in b][0]
    expected = " ".join(line.strip().lstrip("#").strip() for line in block.splitlines() if line.startswith("#"))
    expected = expected.split("→")[0].strip()
    r = env.sh(block + '\nrc=$?; printf %s "$ARSHJUL_TOKEN" > unit-token.txt; exit $rc')
    assert r.returncode == 2, "the steering example ends in exit 2, got %d: %s" % (r.returncode, r.stderr)
    assert " ".join(expected.split()) in " ".join(r.stderr.split()), "docs say %r, record printed %r" % (
        expected, r.stderr)
    token = open(os.path.join(env.tmp, "unit-token.txt")).read().strip()
    fixed = json.loads(open(os.path.join(env.tmp, "dialogue.json")).read())
    fixed["payload"]["participants"].append({"role": "verksamhetschef", "person": "ulla-lind"})
    out = env.run("--data", "units", "record", "-", stdin=json.dumps(fixed), token=token).stdout
    assert "registrerat: ekbacken-vd-2026-06 → DialogueHeld i organ/ekbacken/dialogues" in out, out
    shown = json.loads(env.run("--data", "units", "show", "dialogues", "--organ", "ekbacken", "--format",
                               "json").stdout)
    assert [d["support_functions"] for d in shown if d["id"] == "ekbacken-vd-2026-06"] == [["ekonomi", "HR"]], shown
    return 2


def no_outside_references(env):
    """README and docs name no file outside the repository (a user has only the repository)."""
    paths = [os.path.join(env.src, "README.md")] + sorted(
        os.path.join(env.src, "docs", f) for f in os.listdir(os.path.join(env.src, "docs")) if f.endswith(".md"))
    for path in paths:
        text = open(path, encoding="utf-8").read()
        for bad in re.findall(r"(?:/work/\S*|\bshared/\S*|DOMAIN\.md|STYLE\.md|BUILD-NOTES\.md)", text):
            raise AssertionError("%s refers to %s, outside the repository" % (os.path.relpath(path, env.src), bad))
    return len(paths)


def organization_md(env):
    doc = os.path.join(env.src, "docs", "organization-format.md")
    small = [b for b in blocks(doc, "yaml") if "smakommun" in b][0]
    with open(os.path.join(env.tmp, "smakommun.yaml"), "w", encoding="utf-8") as f:
        f.write(small)
    env.run("--data", "sma", "init", "--org", "smakommun.yaml")
    # The documented error messages: each made by one edit of the small file.
    errors = [b for b in blocks(doc, "") if "okänd organtyp" in b][0].strip().splitlines()
    # (edit of the small file, the documented error it makes; line numbers and indexes differ)
    edits = [("kind: committee", "kind: nämd", 0), ("from: 2026-01-01, to: 2027-06-30", "from: 2026-01-01, to: 2025-12-31", 1),
             ("2026-04-27", "2026-02-30", 3), ("decision.child_rights:", "goal.link:", 4)]
    checked = 0
    for old, new, index in edits:
        bad = small.replace(old, new, 1)
        with open(os.path.join(env.tmp, "organization.yaml"), "w", encoding="utf-8") as f:
            f.write(bad)
        err = env.run("plan", "--org", "organization.yaml", "--template", "workflows/templates/standard.yaml",
                      "--year", "2026", expect=2).stderr
        line = errors[index]
        field = line.split(": ")[1].split(".")[-1]
        message = line.split(": ", 2)[2].split("…")[0]
        assert "." + field + ":" in err or field + ":" in err, "docs name field %r, the loader said %r" % (field, err)
        assert message in err, "docs say %r, the loader said %r" % (line, err)
        checked += 1
    # Correcting an older store: the organisation without valid_from, recorded "today".
    org = open(os.path.join(env.tmp, "workflows/examples/exempelkommun/organization.yaml"), encoding="utf-8").read()
    with open(os.path.join(env.tmp, "old.yaml"), "w", encoding="utf-8") as f:
        f.write(re.sub(r"^valid_from:.*$", "", org, flags=re.M))
    admin = re.search(r"ARSHJUL_TOKEN=(\S+)", env.run("--data", "old", "init", "--org", "old.yaml").stdout).group(1)
    before = env.run("--data", "old", "show", "organization", "--as-of", "2026-03-01", "--format", "json").stdout
    correction = [b for b in blocks(doc, "json") if "rattelse" in b][0]
    env.run("--data", "old", "record", "-", stdin=" ".join(correction.split()), token=admin)
    after = env.run("--data", "old", "show", "organization", "--as-of", "2026-03-01", "--format", "json").stdout
    assert "Kommunstyrelsen" not in before and "Kommunstyrelsen" in after, (before[:300], after[:300])
    return 2 + checked + units_md(env, doc, small)


def units_md(env, doc, small):
    """The units example added to the small file: init takes it, show names the chefs; the errors are documented."""
    units = yaml.safe_load([b for b in blocks(doc, "yaml") if "kind: unit" in b][0])
    base = yaml.safe_load(small)
    base["organs"] += units["organs"]
    base["roles"] += units["roles"]
    base["people"].append({"id": "nils-ahl", "name": "Nils Ahl", "email": "nils.ahl@smakommun.se",
                           "roles": [{"role": "enhetschef", "organ": "ekbacken", "from": "2026-01-01"}]})
    opt_in = yaml.safe_load([b for b in blocks(doc, "yaml") if "dialogue.per_goal_and_year" in b][0])
    base["rules"].update(opt_in["rules"])
    path = os.path.join(env.tmp, "units.yaml")

    def write(org):
        with open(path, "w", encoding="utf-8") as f:
            yaml.safe_dump(org, f, allow_unicode=True, sort_keys=False)

    write(base)
    env.run("--data", "unitorg", "init", "--org", "units.yaml")
    shown = json.loads(env.run("--data", "unitorg", "show", "organization", "--format", "json").stdout)
    chefs = {o["id"]: o["chef_role"] for o in shown}
    assert chefs["ekbacken"] == "enhetschef" and chefs["vo-utbildning"] == "verksamhetschef", chefs
    errors = [b for b in blocks(doc, "") if "en enhet under förvaltningen" in b][0].strip().splitlines()
    unit = [o for o in base["organs"] if o["id"] == "ekbacken"][0]
    for edit, line in [(lambda: unit.pop("chef"), errors[0]), (lambda: unit.update(reports_to="bun"), errors[1])]:
        bad = copy.deepcopy(base)
        unit = [o for o in bad["organs"] if o["id"] == "ekbacken"][0]
        edit()
        write(bad)
        err = env.run("plan", "--org", "units.yaml", "--template", "workflows/templates/standard.yaml", "--year",
                      "2026", expect=2).stderr
        field, message = line.split(": ", 2)[1], line.split(": ", 2)[2]
        assert "." + field.split(".")[-1] + ":" in err and message in err, "docs say %r, the loader said %r" % (line, err)
    return 3


def template_md(env):
    doc = os.path.join(env.src, "docs", "template-format.md")
    org = os.path.join("workflows", "examples", "exempelkommun", "organization.yaml")
    ymls = blocks(doc, "yaml")
    minimal = [b for b in ymls if b.startswith("id: smakommun")][0]
    with open(os.path.join(env.tmp, "minimal.yaml"), "w", encoding="utf-8") as f:
        f.write(minimal)
    plan = json.loads(env.run("plan", "--org", org, "--template", "minimal.yaml", "--year", "2027", "--format",
                              "json").stdout)
    assert [i["deadline"] for i in plan["instances"]] == ["2027-11-30"], plan["instances"]
    minkommun = [b for b in ymls if "id: minkommun" in b][0]
    os.makedirs(os.path.join(env.tmp, "workflows", "examples", "minkommun"), exist_ok=True)
    with open(os.path.join(env.tmp, "workflows", "examples", "minkommun", "arshjul.yaml"), "w", encoding="utf-8") as f:
        f.write(minkommun)
    seeing = [b for b in blocks(doc, "sh") if "minkommun" in b][0]
    command = re.sub(r"\\\n\s*", " ", seeing).split("[")[0] + " --organ ks"
    r = env.sh(command)
    assert r.returncode == 0, r.stderr
    rows = {tuple(line.split()[:4]) for line in r.stdout.splitlines()}
    excerpt = [b for b in blocks(doc, "text") if "ks_budgetforslag" in b][0].splitlines()[1:]
    for line in excerpt:
        assert tuple(line.split()[:4]) in rows, "excerpt row %r not in plan output" % line
    # The deadline examples' comments name the date plan gives for 2027.
    dated = 0
    for block in ymls:
        if not block.startswith("# Fixed date"):
            continue
        for comment, rule in re.findall(r"^(#[^\n]*)\n((?:[^#\n][^\n]*\n)+)", block, re.M):
            want = re.findall(r"(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* 2027", comment)
            if not want:
                continue
            months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            expected = "2027-%02d-%02d" % (months.index(want[-1][1]) + 1, int(want[-1][0]))
            step = {"id": "x", "title": "Exempel", "kind": "rapport",
                    "responsible": {"organ": "ks", "role": "kommunchef"}}
            step.update(yaml.safe_load(rule))
            if "step" in step["deadline"]:
                continue  # counted from another step: shown in the minkommun plan above
            organ = "bun" if "self" in json.dumps(step) else "ks"
            step["responsible"] = {"organ": organ, "role": ["kommunchef", "forvaltningschef"]}
            path = os.path.join(env.tmp, "deadline.yaml")
            with open(path, "w", encoding="utf-8") as f:
                yaml.safe_dump({"id": "exempel", "name": "Exempel", "steps": [step]}, f, allow_unicode=True)
            got = json.loads(env.run("plan", "--org", org, "--template", path, "--year", "2027", "--format",
                                     "json").stdout)["instances"]
            assert got and got[0]["deadline"] == expected, "%s: plan gives %s" % (comment, got[0]["deadline"])
            dated += 1
    assert dated >= 4, dated
    for block in ymls:
        yaml.safe_load(block)  # every other example is at least valid YAML
    return 3 + dated


def main():
    binary, src = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        env = Env(binary, src, tmp)
        n = commands_md(env) + organization_md(env) + template_md(env) + no_outside_references(env)
        n += seed_rules_examples.commands_md(env, blocks) + seed_rules_examples.organization_md(env, blocks)
    print("docs examples: %d checked; 1 passed, 0 failed" % n)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
