#!/usr/bin/python3
"""`arshjul kolada import --server` while the service runs (docs/kolada.md): the
import plans from the log (read-only beside the service) and the service
records each organ's values as one append, all or nothing
(POST /api/v1/commands?atomic=ID, docs/api.md). The values arrive in the
service's log, the same import again records nothing, an import by someone
the rules refuse records nothing, and without --server the import says the
service holds the store. The atomic batch itself: a refusal names the
command's index and records none of the batch; the same id again is a
duplicate.

    kolada_server_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import os
import subprocess
import sys

from service_support import Kommun, Service, check, decision, finish, request

SEK = "sara-lindqvist"
REVISOR = "rolf-gustafsson"


def head(url):
    return request(url + "/api/v1/healthz").json()["head"]


def kolada(k, pages, *via, token):
    args = [k.binary, "--data", k.data, *via, "--token", token, "kolada", "import", "--kpi", "N15419",
            "--municipality", "1287", "--years", "2020-2025"]
    for p in pages:
        args += ["--file", p]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def atomic_batches(url, token):
    before = head(url)
    good = decision("atomic/beslut-1", SEK, "namndsekreterare", "bun", 901)
    bad = decision("atomic/beslut-2", SEK, "namndsekreterare", "bun", 902)
    bad["payload"]["meetingDate"] = "2026-02-30"
    r = request(url + "/api/v1/commands?atomic=test/atomic-1", "POST", token, [good, bad])
    j = r.json()
    check(r.status == 400 and j.get("index") == 1 and j.get("command_id") == "atomic/beslut-2" and head(url) == before,
          f"an atomic batch refused at its second command names index 1 and records neither ({r.status} {j})")
    r = request(url + "/api/v1/commands?atomic=test/atomic-1", "POST", token, [good])
    j = r.json()
    check(r.status == 201 and j.get("count") == 1 and j.get("duplicate") is False and head(url) == before + 1,
          f"the batch without it is recorded as one append ({r.status} {j})")
    r = request(url + "/api/v1/commands?atomic=test/atomic-1", "POST", token, [good])
    check(r.status == 200 and r.json().get("duplicate") is True and head(url) == before + 1,
          f"the same id again records nothing ({r.status} {r.body[:120]})")
    for bad_id in ["", "%00x", "%FF%FE", "x" * 10000, "a%0D%0Ab"]:
        r = request(url + "/api/v1/commands?atomic=" + bad_id, "POST", token, [good])
        check(r.status == 400 and r.json().get("field") == "atomic" and r.json().get("detail") and head(url) == before + 1,
              f"a hostile id ({bad_id[:12]!r}) is 400 naming atomic, nothing written ({r.status} {r.body[:160]})")


def main(binary, source):
    k = Kommun(binary, source)
    pages = []
    for name in ("page1.json", "page2.json", "page3.json"):
        text = open(os.path.join(source, "tests", "e2e", "kolada", name), encoding="utf-8").read()
        path = os.path.join(k.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("{BASE}", "http://127.0.0.1:9/v3"))
        pages.append(path)
    service = Service(k)
    try:
        url, sara, revisor = service.url, k.token_for(SEK), k.token_for(REVISOR)  # tokens first: issuing one is an event
        before = head(url)
        r = kolada(k, pages, token=sara)
        check(r.returncode != 0 and "--server" in r.stderr and head(url) == before,
              f"without --server the import says the service holds the store: {r.stderr.strip()[:200]}")
        r = kolada(k, pages, "--server", url, token=revisor)
        check(r.returncode != 0 and head(url) == before,
              f"an import the rules refuse (a revisor records no values) records nothing: {r.stdout}{r.stderr.strip()[:200]}")
        r = kolada(k, pages, "--server", url, token=sara)
        check(r.returncode == 0 and "8 värden registrerade (3 saknade)" in r.stdout,
              f"the import through the service: {r.stdout}{r.stderr}")
        check(head(url) == before + 11, f"3 responses and 8 measurements in the service's log ({head(url) - before})")
        log = request(url + "/api/v1/log?type=IndicatorMeasured&limit=1000", token=sara).json()["events"]
        ours = [e for e in log if e["payload"].get("source", "").startswith("fil:")]
        check(len(ours) == 8 and all(e["payload"]["indicatorId"] == "bun-ind-1" for e in ours),
              "the service's log holds the 8 measurements, linked to the indicator naming the KPI")
        r = kolada(k, pages, "--server", url, token=sara)
        check(r.returncode == 0 and "0 värden registrerade" in r.stdout and head(url) == before + 11,
              f"the same import again records nothing: {r.stdout}{r.stderr}")
        atomic_batches(url, sara)
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
