#!/usr/bin/env python3
"""End-to-end test of `arshjul kolada import` against a local HTTP server (docs/kolada.md).

The server (127.0.0.1, a free port) serves the saved responses in tests/e2e/kolada/ as three pages:
page 1 (v3 shape, next_url) → page 2 (v2 shape, next_page) → page 3, whose next_url repeats page 2.
The import follows the pages until the repeated URL, asks for each page once, and records per page a
KoladaResponseFetched (URL, fetch time, SHA-256 of the raw bytes) and one IndicatorMeasured per value
asked for (the other kommun's value, id 0180, is ignored; genders T/K/M are kept); a null value or a
status is a missing value, never 0. Importing again records nothing. A malformed page 2 is a Swedish
error naming the field and nothing is written, not even page 1's values. A saved response given with
--file is imported without the network.

Usage: kolada_test.py ARSHJUL SOURCE_DIR
"""
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

BIN, SRC = sys.argv[1], sys.argv[2]
EX = os.path.join(SRC, "workflows", "examples", "exempelkommun")
PAGES = os.path.join(SRC, "tests", "e2e", "kolada")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(data, *args):
    p = subprocess.run([BIN, "--data", data, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


class Pages(http.server.BaseHTTPRequestHandler):
    page2 = "page2.json"
    requests = []
    served = {}  # path → the bytes sent

    def do_GET(self):
        Pages.requests.append(self.path)
        page = {"": "page1.json", "2": Pages.page2, "3": "page3.json"}.get(
            (re.search(r"[?&]page=(\d+)", self.path) or re.match("()", "")).group(1))
        body = open(os.path.join(PAGES, page), encoding="utf-8").read().replace("{BASE}", Pages.base).encode()
        Pages.served[self.path] = body
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def new_store(tmp, name):
    data = os.path.join(tmp, name)
    _, init_out, _ = run(data, "init", "--org", os.path.join(EX, "organization.yaml"))
    tokens = os.path.join(tmp, name + "-tokens.json")
    with open(tokens, "w") as f:
        json.dump({"admin": re.search(r"ARSHJUL_TOKEN=(\S+)", init_out).group(1)}, f)
    p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "record_as_actors.py"), BIN, data,
                        os.path.join(EX, "sample-year-2026.jsonl"), tokens], capture_output=True, text=True)
    check(p.returncode == 0, f"{name}: sample year recorded {p.stderr}")
    return data, json.load(open(tokens))["sara-lindqvist"]


def events(data, type_):
    _, out, _ = run(data, "log", "--type", type_, "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


def count(data):
    return json.loads(run(data, "stats", "--format", "json")[1])["events"]


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
Pages.base = f"http://127.0.0.1:{server.server_address[1]}"
threading.Thread(target=server.serve_forever, daemon=True).start()
tmp = tempfile.mkdtemp(prefix="arshjul-kolada-")
try:
    data, sara = new_store(tmp, "data")
    args = ["--token", sara, "kolada", "import", "--kpi", "N15419", "--municipality", "1287", "--years",
            "2020-2025", "--base-url", Pages.base + "/v3"]
    before = count(data)
    rc, out, err = run(data, *args)
    check(rc == 0 and "8 värden registrerade (3 saknade)" in out, f"import over three pages: {out}{err}")
    check(len(Pages.requests) == 3 and len(set(Pages.requests)) == 3 and "page=" not in Pages.requests[0],
          f"each of the three pages asked for once; the repeated next_url ends the paging: {Pages.requests}")
    fetched = events(data, "KoladaResponseFetched")
    check(len(fetched) == 3 and [f["payload"]["sha256"] for f in fetched] ==
          [hashlib.sha256(Pages.served[p]).hexdigest() for p in Pages.requests] and
          [f["payload"]["url"] for f in fetched] == [Pages.base + p for p in Pages.requests] and
          all(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", f["payload"]["fetchedAt"]) for f in fetched),
          "each page recorded once: its URL, fetch time and the SHA-256 of its raw bytes")
    measured = [e["payload"] for e in events(data, "IndicatorMeasured") if e["payload"].get("source", "").startswith("http")]
    by_key = {(m["periodEnd"][:4], m["gender"]): m for m in measured}
    check(len(measured) == 8 and all(m["indicatorId"] == "bun-ind-1" for m in measured),
          "one measurement per value, linked to the indicator naming the KPI")
    check(by_key[("2020", "T")].get("value") == 78.5 and by_key[("2020", "K")].get("value") == 80.1 and
          by_key[("2021", "T")].get("value") == 79 and by_key[("2022", "T")].get("value") == 81.2,
          "values and genders T/K kept (an empty status is no status)")
    missing = [k for k, m in by_key.items() if m.get("missing")]
    # Cap'n Proto's JSON writes every number field, so the log shows the unset value as its default;
    # `missing` is what every reader goes by (show indicators below: null; reports: "saknas").
    check(sorted(missing) == [("2020", "M"), ("2023", "T"), ("2025", "T")] and
          all(by_key[k]["missing"] is True and by_key[k].get("value", 0) == 0 for k in missing) and
          by_key[("2023", "T")].get("status") == "B",
          f"null values and a status are recorded as missing: {sorted(missing)}")
    check(count(data) == before + 11, "3 response events and 8 measurements, nothing else")
    rc, out, _ = run(data, "show", "indicators", "--organ", "bun", "--format", "json")
    ind = next(i for i in json.loads(out) if i["id"] == "bun-ind-1")
    shown = [m for m in ind["measurements"] if m.get("missing")]
    check(len(shown) == 3 and all(m["value"] is None for m in shown), "show indicators shows missing values as null")

    # Idempotent: the same responses again record nothing.
    Pages.requests.clear()
    rc, out, err = run(data, *args)
    check(rc == 0 and "0 värden registrerade" in out and count(data) == before + 11,
          f"importing the same responses again records nothing: {out}{err}")

    # A saved response, read from a file.
    saved = os.path.join(tmp, "saved.json")
    with open(saved, "w") as f:
        f.write(open(os.path.join(PAGES, "page3.json")).read().replace("{BASE}", Pages.base)
                .replace("83.0", "84.5"))
    rc, out, err = run(data, "--token", sara, "kolada", "import", "--kpi", "N15419", "--municipality", "1287",
                       "--years", "2024", "--file", saved)
    check(rc == 0 and "1 värden registrerade" in out and count(data) == before + 13,
          f"a saved response imports without the network (one changed value): {out}{err}")

    # Malformed page 2: a Swedish error naming the field, nothing written.
    data2, sara2 = new_store(tmp, "data2")
    Pages.page2, Pages.requests = "malformed_page2.json", []
    before2 = count(data2)
    args2 = ["--token", sara2] + args[2:]
    rc, out, err = run(data2, *args2)
    check(rc == 2 and "Kolada-svaret är felaktigt" in err and "values[0].municipality" in err and
          "sträng" in err, f"a malformed page is a Swedish error naming the field: {err.strip()}")
    check(count(data2) == before2, "and nothing is written, not even the first page's values")
    rc, _, err = run(data2, "--token", sara2, "kolada", "import", "--kpi", "N99999", "--municipality", "1287",
                     "--years", "2020", "--file", saved)
    check(rc == 2 and "--kpi" in err and count(data2) == before2, f"a KPI no indicator names is refused: {err.strip()}")
    rc, _, err = run(data2, *args2[:-4], "--years", "2025-2020")
    check(rc == 2 and "--years" in err, f"bad years refused naming --years: {err.strip()}")
finally:
    server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
