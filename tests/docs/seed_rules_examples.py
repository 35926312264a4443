"""The seeds' rules in the docs (issue 9, item 7), run by examples_test.py.

docs/commands.md, "The seeds' rules: worked example": each record in the block
is refused with the `# fel:` text under it (rule and field), nothing of it is
written; with the fix the text names, each is recorded, and `show goals` and
`show documents` show the new fields.
docs/organization-format.md, `rules`: the small file with the opt-in block is
accepted; a strategic risk in an internkontrollplan is refused as the docs
say; the operational one is recorded and shown, and a nulägesanalys's
strategic risk is shown by `show analyses`.
"""
import json
import os
import re


def refusals(block):
    """The `# fel:` texts of the block, one per refused record, whitespace-normalised."""
    out, current = [], None
    for line in block.splitlines():
        if line.startswith("# fel:"):
            current = [line[len("# fel:"):].strip()]
            out.append(current)
        elif line.startswith("#") and current is not None:
            current.append(line.lstrip("#").strip())
        else:
            current = None
    return [" ".join(" ".join(c).split()) for c in out]


def command_file(env, name):
    return json.loads(open(os.path.join(env.tmp, name), encoding="utf-8").read())


def commands_md(env, blocks):
    doc = os.path.join(env.src, "docs", "commands.md")
    block = [b for b in blocks(doc, "sh") if "agardirektiv.json" in b][0]
    r = env.sh(block + '\nrc=$?; printf %s "$ARSHJUL_TOKEN" > seeds-token.txt; exit $rc')
    assert r.returncode == 2, "the seeds' rules example ends in exit 2, got %d: %s" % (r.returncode, r.stderr)
    got = " ".join(r.stderr.split())
    expected = refusals(block)
    assert len(expected) == 3, expected
    for text in expected:
        assert text in got, "docs say %r, record printed %r" % (text, r.stderr)
    token = open(os.path.join(env.tmp, "seeds-token.txt")).read().strip()

    def show(view, fmt="json"):
        out = env.run("--data", "seeds", "show", view, "--format", fmt).stdout
        return json.loads(out) if fmt == "json" else out

    assert show("documents") == [], "a refused document was written"
    assert not [g for g in show("goals") if g.get("level") == "outcome"], "a refused goal was written"

    # The fixes the text names.
    directive = command_file(env, "agardirektiv.json")
    directive["actor"]["organ"] = directive["payload"]["decidedBy"] = "kf"
    plan = command_file(env, "handlingsplan.json")
    plan["payload"]["validUntil"] = "2027-12-31"
    goals = command_file(env, "effektmal.json")
    reasons = re.search(r'`"priorityReasons": (\[[^\]]*\])`', open(doc, encoding="utf-8").read()).group(1)
    goals[1]["payload"]["priorityReasons"] = json.loads(reasons)
    out = env.run("--data", "seeds", "record", "-", stdin=json.dumps([directive, plan] + goals), token=token).stdout
    for line in ["ks-agardirektiv-bostader → GoverningDocumentAdopted i organ/kf/documents",
                 "ks-handlingsplan-sjukfranvaro → GoverningDocumentAdopted i organ/ks/documents",
                 "ks-em-trygghet → OutcomeGoalSet i organ/ks/goals"]:
        assert "registrerat: " + line in out, (line, out)
    goal = [g for g in show("goals") if g.get("id") == "ks-em-trygghet"]
    assert len(goal) == 1 and goal[0]["priority_reasons"] == json.loads(reasons), goal
    assert goal[0]["change_theory"][0] == "Fältassistenter kvällstid", goal
    table = show("goals", "table")
    assert "motivering" in table and "förändringsteori" in table and "Fältassistenter kvällstid →" in table, table
    documents = {d["id"]: d for d in show("documents")}
    assert documents["agardirektiv-bostader"]["decided_by"] == "kf", documents
    assert documents["handlingsplan-sjukfranvaro"]["valid_until"] == "2027-12-31", documents
    return len(expected) + 3


def organization_md(env, blocks):
    import yaml
    doc = os.path.join(env.src, "docs", "organization-format.md")
    org = yaml.safe_load([b for b in blocks(doc, "yaml") if "smakommun" in b][0])
    org["rules"].update(yaml.safe_load([b for b in blocks(doc, "yaml") if "risk.category" in b][0])["rules"])
    with open(os.path.join(env.tmp, "risks.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(org, f, allow_unicode=True, sort_keys=False)
    # The small file names no systemförvaltare: init issues no token, and writes need none.
    assert "ARSHJUL_TOKEN=" not in env.run("--data", "risks", "init", "--org", "risks.yaml").stdout
    plan = {"command": "AdoptInternalControlPlan", "command_id": "bun-ikp-2026", "effective_at": "2026-03-01",
            "actor": {"person": "karin-holm", "role": "forvaltningschef", "organ": "bun"},
            "payload": {"id": "bun-ikp-2026", "organ": "bun", "year": 2026,
                        "risks": [{"id": "r1", "description": "Felaktiga utbetalningar", "likelihood": 3,
                                   "consequence": 3, "category": "strategic"}],
                        "controls": [{"id": "k1", "riskId": "r1", "description": "Stickprov"}]}}
    err = env.run("--data", "risks", "record", "-", stdin=json.dumps(plan), expect=2).stderr
    expected = [b for b in blocks(doc, "") if "Risken 'r1'" in b][0]
    assert " ".join(expected.split()) in " ".join(err.split()), "docs say %r, record printed %r" % (expected, err)
    shown = lambda view, fmt="json": env.run("--data", "risks", "show", view, "--format", fmt).stdout
    assert json.loads(shown("internal-control")) == [], "the refused plan was written"
    plan["payload"]["risks"][0]["category"] = "operational"
    env.run("--data", "risks", "record", "-", stdin=json.dumps(plan))
    rows = json.loads(shown("internal-control"))
    assert [r["risk"]["category"] for r in rows] == ["operational"], rows
    assert "operativ" in shown("internal-control", "table")
    analysis = {"command": "RecordAnalysis", "command_id": "forv-nul-2026", "effective_at": "2026-02-20",
                "actor": {"person": "annika-fransson", "role": "kommunchef", "organ": "forvaltningen"},
                "payload": {"id": "nul-2026", "organ": "forvaltningen", "kind": "nulagesanalys", "year": 2026,
                            "title": "Nulägesanalys 2026", "content": "Lärarbrist i regionen",
                            "risks": [{"id": "s1", "description": "Brist på behöriga lärare", "likelihood": 4,
                                       "consequence": 4, "category": "strategic"}]}}
    env.run("--data", "risks", "record", "-", stdin=json.dumps(analysis))
    analyses = json.loads(shown("analyses"))
    assert [r["category"] for a in analyses for r in a["risks"]] == ["strategic"], analyses
    assert "strategisk" in shown("analyses", "table")
    return 4
