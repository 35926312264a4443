#!/usr/bin/python3
"""The report drafts through the service (docs/api.md, GET /api/v1/reports/{kind}):
the same bytes `arshjul report` writes for the same store, in each format, with
the format's media type (a pdf or xlsx as an attachment); every figure's
citation carries its inclusion proof; bad input is a 4xx naming the parameter;
no token is 401.

    service_reports_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import json
import sys
import urllib.parse

from service_support import Kommun, Service, check, finish, request

CASES = [  # (kind, organ, period, as-of)
    ("delarsrapport", "bun", "2026-08", ""),
    ("arsredovisning", "ks", "2026", "2027-02-15"),
    ("uppsikt", "ks", "2026-01-01..2026-11-22", ""),
    ("verkstallighet", "ks", "2026", "2026-11-22"),
]
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def cli_report(k, kind, organ, period, as_of, fmt):
    import subprocess
    cmd = [k.binary, "--data", k.data, "report", kind, "--organ", organ, "--period", period, "--format", fmt]
    if as_of:
        cmd += ["--as-of", as_of]
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    check(r.returncode == 0, f"arshjul report {kind} --format {fmt}: {r.stderr.decode()[:200]}")
    return r.stdout


def api_report(url, token, kind, organ, period, as_of, fmt):
    q = {"organ": organ, "period": period, "format": fmt}
    if as_of:
        q["asOf"] = as_of
    return request(url + f"/api/v1/reports/{kind}?" + urllib.parse.urlencode(q), token=token, timeout=120)


def same_as_cli(k, url, token, kind, organ, period, as_of, fmt):
    """The API's bytes equal the CLI's; asked again if the service recorded something (a reminder) between."""
    for _ in range(3):
        first = api_report(url, token, kind, organ, period, as_of, fmt)
        cli = cli_report(k, kind, organ, period, as_of, fmt)
        again = api_report(url, token, kind, organ, period, as_of, fmt)
        if first.body == again.body:
            return first, first.body == cli
    return first, False


def main(binary, source):
    k = Kommun(binary, source)
    service = Service(k)
    try:
        url, token = service.url, k.tokens["admin"]
        for kind, organ, period, as_of in CASES:
            r, same = same_as_cli(k, url, token, kind, organ, period, as_of, "json")
            check(r.status == 200 and r.headers.get("Content-Type") == MEDIA["json"],
                  f"GET /reports/{kind} ({organ}, {period}): {r.status} {r.headers.get('Content-Type')}")
            check(same, f"the {kind} JSON is the bytes arshjul report writes")
            j = json.loads(r.body) if r.status == 200 else {}
            cites = j.get("citations", [])
            check(len(cites) > 0 and all("inclusion_proof" in c and c.get("hash") for c in cites),
                  f"the {kind}'s {len(cites)} citations each carry the event's hash and inclusion proof")
        kind, organ, period, as_of = CASES[0]
        for fmt in ("html", "xlsx", "pdf"):
            r = api_report(url, token, kind, organ, period, as_of, fmt)
            check(r.status == 200 and r.headers.get("Content-Type") == MEDIA[fmt], f"format={fmt}: {r.status} {r.headers.get('Content-Type')}")
            attachment = r.headers.get("Content-Disposition", "")
            if fmt == "html":
                _, same = same_as_cli(k, url, token, kind, organ, period, as_of, fmt)
                check(same and "Delårsrapport".encode() in r.body, "the HTML is the CLI's, titled Delårsrapport")
            else:
                magic = b"PK" if fmt == "xlsx" else b"%PDF"
                check(r.body.startswith(magic) and f'filename="delarsrapport-bun-2026-08.{fmt}"' in attachment,
                      f"the {fmt} is an attachment named for the report ({attachment}, {r.body[:4]})")
        for query, st, field in [("nej?period=2026", 404, "kind"), ("uppsikt", 400, "period"),
                                 ("uppsikt?period=2026-13", 400, "period"), ("uppsikt?period=2026&asOf=2026-02-30", 400, "asOf"),
                                 ("uppsikt?period=2026&format=doc", 400, "format"), ("delarsrapport?period=2026&organ=xyz", 400, "organ")]:
            r = request(url + "/api/v1/reports/" + query, token=token)
            j = r.json() if r.body.startswith(b"{") else {}
            check(r.status == st and j.get("field") == field and j.get("detail") and "--" not in j["detail"],
                  f"/reports/{query}: {st} naming {field} in Swedish ({r.status} {r.body[:160]})")
        # Hostile values: a NUL, invalid UTF-8, a 10 kB value, a malformed time, a traversal as the kind.
        before = request(url + "/api/v1/healthz").json()["head"]
        for query, st in [("uppsikt?period=2026%00", 400), ("uppsikt?period=%FF%FE", 400),
                          ("uppsikt?period=" + "9" * 10000, 400), ("uppsikt?period=2026&asOf=2026-01-01T-1:-1:-1Z", 400),
                          ("uppsikt?period=2026&organ=%00ks", 400), ("..%2Fverify?period=2026", 400),
                          ("uppsikt?period=2026&format=pdf%0D%0AX-Injected:%201", 400)]:
            r = request(url + "/api/v1/reports/" + query, token=token)
            ok_json = r.body.startswith(b"{") and r.json().get("detail")
            check(r.status in (st, 404) and ok_json and "X-Injected" not in r.headers,
                  f"hostile /reports/{query[:60]}: a Swedish 4xx ({r.status} {r.body[:120]})")
        check(request(url + "/api/v1/healthz").json()["head"] == before, "the hostile report requests wrote nothing")
        r = request(url + "/api/v1/reports/uppsikt?period=2026")
        check(r.status == 401, f"without a token: 401 ({r.status})")
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
