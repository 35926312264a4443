#!/usr/bin/python3
"""The reads of the whole log run off the io thread (docs/api.md, "Where the
slow work runs"): while revision packages are being built, another
connection's request is answered at once; the packages, a verify and a backup
sent together then all get their right answers, one after the other on the
long-reads thread.

    service_long_reads_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import http.client
import json
import os
import select
import sys
import urllib.parse

from service_support import Kommun, Service, check, finish, request

REVISOR = "rolf-gustafsson"
PACKAGES = 3  # each takes a few hundred milliseconds on the sample year; together well over a healthz


def send(url, method, path, token, body=None):
    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
    c.request(method, path, body=body, headers=headers)
    return c


def main(binary, source):
    k = Kommun(binary, source)
    key = os.path.join(k.tmp, "kommun")
    check(k.cli("keygen", "--name", "exempelkommun.se/arshjul", "--out", key).returncode == 0, "keygen")
    service = Service(k, "--checkpoint-key", key + ".key", "--checkpoint-at", "none")
    try:
        url = service.url
        revisor, admin = k.token_for(REVISOR), k.tokens["admin"]
        packages = [send(url, "GET", "/api/v1/revision-package?organ=bun&from=2026-01-01&to=2026-12-31", revisor)
                    for _ in range(PACKAGES)]
        verify = send(url, "GET", "/api/v1/verify", admin)
        backup = send(url, "POST", "/api/v1/admin/backup", admin, json.dumps({"name": "under-paket"}))
        # The packages are being built now; another connection is answered meanwhile.
        health = request(url + "/api/v1/healthz")
        check(health.status == 200, "healthz answers while the packages are built")
        readable, _, _ = select.select([c.sock for c in packages + [verify, backup]], [], [], 0)
        check(len(readable) < PACKAGES + 2,
              f"healthz was answered before every long read had its answer ({len(readable)} of {PACKAGES + 2} answered)")
        for c in packages:
            r = c.getresponse()
            body = r.read()
            check(r.status == 200 and r.getheader("Content-Type") == "application/zip" and body[:2] == b"PK",
                  f"a revision package built off the io thread is the zip ({r.status} {body[:120]})")
            c.close()
        r = verify.getresponse()
        j = json.loads(r.read())
        check(r.status == 200 and j.get("ok") is True and j.get("event_count", 0) > 500,
              f"GET /verify off the io thread walks the whole log ({r.status} {j})")
        verify.close()
        r = backup.getresponse()
        j = json.loads(r.read())
        check(r.status == 201 and j.get("dir", "").endswith("under-paket") and os.path.isdir(j.get("dir", "")),
              f"POST /admin/backup off the io thread writes its folder ({r.status} {j})")
        backup.close()
        r = request(url + "/api/v1/revision-package?organ=bun&from=2026-13-01&to=2026-12-31", token=revisor)
        check(r.status == 400 and r.json().get("field") == "from",
              f"a bad period is still 400 naming it, from the long-reads thread ({r.status} {r.body[:160]})")
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
