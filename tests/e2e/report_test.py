#!/usr/bin/env python3
"""End-to-end test of the report drafts through the real binary (docs/reports.md).

The example kommun's sample year is recorded as its actors; then each report is drawn — the BUN
delårsrapport, KS's compiled årsredovisning, the uppsikt report and the verkställighet list — and:
  - every figure in the JSON form cites an event (or is computed from cited cells by its formula,
    or counts cited events), and each citation resolves: the event at that position in
    `arshjul log` has the cited type and hash, and its payload holds the cited value in the cited
    field; every bedömning is cited the same way; every inclusion proof leads to the stated root;
  - drawing again with the same as-of gives the same bytes, in every format;
  - the PDF's first page, rendered with pdftoppm, is not blank; the xlsx has the citation column;
  - the uppsikt report's counts are the events they cite; verkställighet lists open items first,
    oldest first;
  - bad input is a Swedish error naming the flag, and nothing is written.

Usage: report_test.py ARSHJUL SOURCE_DIR
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import date

BIN, SRC = sys.argv[1], sys.argv[2]
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(data, *args, binary=False):
    p = subprocess.run([BIN, "--data", data, *args], capture_output=True, text=not binary, timeout=120)
    return p.returncode, p.stdout, p.stderr


def resolve(payload, path):
    """A payload field by path: "budget", "risks[id=r1]/likelihood"."""
    value = payload
    for part in path.split("/"):
        m = re.fullmatch(r"(\w+)\[(\w+)=([^\]]+)\]", part)
        if m:
            value = next(x for x in value[m.group(1)] if x.get(m.group(2)) == m.group(3))
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def same(a, b):
    if a is None:  # Cap'n Proto's JSON leaves out fields that hold their default
        return b in ("", 0, False, [])
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-9 * max(1.0, abs(a))
    return a == b


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_proof(index, size, leaf, path):
    """RFC 9162 §2.1.3.2: the root an inclusion proof leads to."""
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def evaluate(formula, row, as_of):
    vals = {k: c.get("value") for k, c in row.items()}
    m = re.fullmatch(r"(\w+) ([-*]) (\w+)", formula)
    if m:
        a, b = vals[m.group(1)], vals[m.group(3)]
        return a - b if m.group(2) == "-" else a * b
    m = re.fullmatch(r"days_to_as_of\((\w+)\)", formula)
    if m:
        return (date.fromisoformat(as_of) - date.fromisoformat(row[m.group(1)]["citation"]["recorded_value"])).days
    raise AssertionError("unknown formula " + formula)


def check_citations(name, report, log):
    """Every figure and bedömning resolves to the event that holds it."""
    cites = {c["position"]: c for c in report["citations"]}
    problems, figures, cited = [], 0, 0
    for c in report["citations"]:
        ev = log.get(c["position"])
        if not ev or ev["type"] != c["event_type"] or ev["hash"] != c["hash"]:
            problems.append(f"citation {c['position']} is not the logged event")
        proof = c.get("inclusion_proof")
        if not proof or proof["root"] != report["tree"]["root"] or proof["tree_size"] != report["tree"]["size"]:
            problems.append(f"citation {c['position']} has no proof to the stated root")
        elif root_from_proof(c["position"], proof["tree_size"], bytes.fromhex(proof["leaf_hash"]),
                             [bytes.fromhex(h) for h in proof["path"]]) != bytes.fromhex(proof["root"]):
            problems.append(f"citation {c['position']}: the inclusion proof does not lead to the root")
    for section in report["sections"]:
        for table in section["tables"]:
            for row in table["rows"]:
                for col, cell in row.items():
                    where = f"{section['title']} / {table['title']} / {col}"
                    cite = cell.get("citation")
                    if cite:
                        cited += 1
                        if cite["position"] not in cites:
                            problems.append(where + ": footnote missing from the citation list")
                        if "field" in cite:
                            held = resolve(log[cite["position"]]["payload"], cite["field"])
                            if not same(held, cite["recorded_value"]):
                                problems.append(f"{where}: payload {cite['field']}={held!r}, cell cites "
                                                f"{cite['recorded_value']!r}")
                    if col == "assessment" and not cite and cell["text"] != "ej bedömd under perioden":
                        problems.append(where + ": a bedömning without citation")
                    if "value" not in cell:
                        continue
                    figures += 1
                    formula = cell.get("formula")
                    if formula == "count":
                        pos = cell["counted_positions"]
                        if len(pos) != cell["value"] or any(p not in cites or p not in log for p in pos):
                            problems.append(where + ": a count that is not its cited events")
                    elif formula:
                        if not same(evaluate(formula, row, report["as_of"]), cell["value"]):
                            problems.append(f"{where}: {formula} does not give {cell['value']}")
                    elif not (cite and "field" in cite and same(cite["recorded_value"], cell["value"])):
                        problems.append(f"{where}: figure {cell['value']} has no citation holding it")
    check(not problems and figures > 0, f"{name}: all {figures} figures and {cited} citations resolve "
                                        f"{problems[:5]}")
    return figures


def page_not_blank(pdf_path, tmp):
    """Renders the first page with pdftoppm (greyscale PGM) and counts dark pixels."""
    os.makedirs(tmp, exist_ok=True)
    out = os.path.join(tmp, "page")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "40", "-gray", pdf_path, out], check=True)
    pgm = open(next(os.path.join(tmp, f) for f in sorted(os.listdir(tmp)) if f.startswith("page")), "rb").read()
    parts = pgm.split(maxsplit=4)  # P5 width height maxval pixels
    pixels = parts[4][: int(parts[1]) * int(parts[2])]
    dark = sum(1 for b in pixels if b < 128)
    for f in os.listdir(tmp):
        if f.startswith("page"):
            os.remove(os.path.join(tmp, f))
    return dark, len(pixels)


tmp = tempfile.mkdtemp(prefix="arshjul-report-")
try:
    data = os.path.join(tmp, "data")
    _, init_out, _ = run(data, "init", "--org", os.path.join(EX, "organization.yaml"))
    tokens_path = os.path.join(tmp, "tokens.json")
    with open(tokens_path, "w") as f:
        json.dump({"admin": re.search(r"ARSHJUL_TOKEN=(\S+)", init_out).group(1)}, f)
    p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "record_as_actors.py"), BIN, data,
                        os.path.join(EX, "sample-year-2026.jsonl"), tokens_path], capture_output=True, text=True)
    check(p.returncode == 0, "sample year recorded " + p.stderr)
    rc, out, _ = run(data, "log", "--format", "jsonl")
    log = {e["position"]: e for e in map(json.loads, out.splitlines())}

    reports = {
        "delarsrapport": ["--organ", "bun", "--period", "2026-08"],
        "arsredovisning": ["--organ", "ks", "--period", "2026", "--as-of", "2026-11-22"],
        "uppsikt": ["--organ", "ks", "--period", "2026-01-01..2026-11-22"],
        "verkstallighet": ["--organ", "ks", "--period", "2026", "--as-of", "2026-11-22"],
    }
    drawn = {}
    for kind, args in reports.items():
        rc, out, err = run(data, "report", kind, *args, "--format", "json")
        check(rc == 0, f"{kind} drawn as JSON {err}")
        report = json.loads(out)
        drawn[kind] = report
        head = report["log_head"]
        check(head["hash"] == log[head["position"]]["hash"] and report["as_of"] in
              (args[args.index("--as-of") + 1] if "--as-of" in args else report["period"]["to"],),
              f"{kind} states its as-of date and the log head it was drawn from")
        check_citations(kind, report, log)
        for fmt in ("json", "html", "xlsx", "pdf"):
            files = []
            # WeasyPrint takes seconds: the PDF is drawn twice for two of the reports.
            twice = fmt != "pdf" or kind in ("delarsrapport", "arsredovisning")
            for i in ((1, 2) if twice else (1,)):
                path = os.path.join(tmp, f"{kind}-{i}.{fmt}")
                rc, _, err = run(data, "report", kind, *args, "--format", fmt, "--out", path)
                files.append(open(path, "rb").read() if rc == 0 else b"")
            if twice:
                check(files[0] and files[0] == files[1], f"{kind} as {fmt}: drawn twice, the same bytes")
            else:
                check(files[0].startswith(b"%PDF-"), f"{kind} as {fmt}: drawn")
        dark, total = page_not_blank(os.path.join(tmp, f"{kind}-1.pdf"), os.path.join(tmp, "pages"))
        check(dark > total // 200, f"{kind}: the PDF's first page is not blank ({dark} of {total} pixels dark)")
        html = open(os.path.join(tmp, f"{kind}-1.html"), encoding="utf-8").read()
        check(f'id="k{len(report["citations"])}"' in html and head["hash"] in html and "<sup>" in html,
              f"{kind}: the HTML has a footnote per citation and names the log head")
        with zipfile.ZipFile(os.path.join(tmp, f"{kind}-1.xlsx")) as z:
            strings = z.read("xl/sharedStrings.xml").decode()
            sheets = z.read("xl/workbook.xml").decode()
        check("Källa" in strings and "Källor" in sheets and report["citations"][0]["hash"] in strings,
              f"{kind}: the xlsx has a citation column and a sheet of sources")

    # What the example shows, read back from the JSON.
    d = drawn["delarsrapport"]
    cells = [c for s in d["sections"] for t in s["tables"] for r in t["rows"] for c in r.values()]
    check(any(c["text"] == "−6,3" for c in cells) and any(c["text"] == "412,0" for c in cells),
          "the delårsrapport writes amounts the Swedish way (412,0; −6,3 mnkr)")
    risks = [r for s in d["sections"] for t in s["tables"] if t["title"].startswith("Risker") for r in t["rows"]]
    check(len(risks) == 2 and all(r["value"]["value"] == r["likelihood"]["value"] * r["consequence"]["value"]
                                  for r in risks),
          "the delårsrapport shows each risk's likelihood, consequence and risk value")
    a = drawn["arsredovisning"]
    titles = [s["title"] for s in a["sections"]]
    check(titles[0] == "Sammanställning" and any(t.startswith("Socialnämnden") for t in titles) and
          any(t.startswith("Barn- och utbildningsnämnden") for t in titles),
          "KS's årsredovisning compiles every nämnd and bolag")
    v = drawn["verkstallighet"]["sections"][0]["tables"][0]["rows"]
    open_rows = [r for r in v if r["status"]["text"] in ("öppet", "pågår", "FÖRSENAT")]
    check(open_rows and v[: len(open_rows)] == open_rows and
          [r["age"]["value"] for r in open_rows] == sorted((r["age"]["value"] for r in open_rows), reverse=True),
          "verkställighet lists open items first, oldest first")
    u = drawn["uppsikt"]
    findings = u["sections"][1]["tables"][0]["rows"]
    check(any(f["kind"]["text"] == "försenat uppdrag" for f in findings), "uppsikt lists the findings")
    period = u["sections"][1]["tables"][1]["rows"]
    seen = {(f["kind"]["text"], f["subject"]["text"]): f["first_seen"]["text"] for f in period}
    check(seen.get(("försenat uppdrag", "ks-2026-u1")) == "2026-11-22" and
          seen.get(("avvikelse i intern kontroll", "bun-ikp-2026/k2")) == "2026-08-31" and
          all(f["stands"]["text"] in ("ja", "nej, åtgärdad") for f in period),
          f"uppsikt lists the period's findings with when each was first seen: {seen}")

    # Bad input: a Swedish error naming the flag; nothing written.
    out_file = os.path.join(tmp, "nothing.html")
    for args, flag in ((["delarsrapport", "--organ", "bun", "--period", "2026-13"], "--period"),
                       (["delarsrapport", "--organ", "xyz", "--period", "2026"], "--organ"),
                       (["delarsrapport", "--organ", "bun", "--period", "2026", "--format", "docx"], "--format"),
                       (["kvartal", "--period", "2026"], "RAPPORT"),
                       (["delarsrapport", "--period", "2026", "--as-of", "31/8"], "--as-of")):
        rc, _, err = run(data, "report", *args, "--out", out_file)
        check(rc == 2 and flag in err and err.startswith("fel: ") and not os.path.exists(out_file),
              f"report {' '.join(args)} refused naming {flag}: {err.strip()}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
