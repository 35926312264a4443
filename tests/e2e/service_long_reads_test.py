#!/usr/bin/python3
"""The reads of the whole log run off the io thread (docs/api.md, "Where the
slow work runs"): while revision packages are being built, another
connection's request is answered at once; the packages, a verify and a backup
sent together then all get their right answers, one after the other on the
long-reads thread. The page's Revision view has its verdict verified there
too: sent behind packages, it waits for them while healthz is answered, then
shows GODKÄNT over the whole log.

    service_long_reads_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import http.client
import json
import os
import re
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


def send_packages(url, token):
    return [send(url, "GET", "/api/v1/revision-package?organ=bun&from=2026-01-01&to=2026-12-31", token)
            for _ in range(PACKAGES)]


def answered(conns):
    readable, _, _ = select.select([c.sock for c in conns], [], [], 0)
    return len(readable)


def page_session(url, person, password):
    """Logs in through the page's form; the session cookie's value."""
    form = request(url + "/logga-in")
    cookie = next((v for k, v in form.headers.items() if k.lower() == "set-cookie"), "")
    token = re.search(r"arshjul_login=([0-9a-f]{64})", cookie).group(1)
    body = urllib.parse.urlencode({"person": person, "losenord": password, "csrf": token})
    u = urllib.parse.urlsplit(url)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)  # not urllib: it would follow the 303
    c.request("POST", "/logga-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "arshjul_login=" + token})
    r = c.getresponse()
    r.read()
    found = re.search(r"arshjul_session=([^;]+)", ";".join(v for k, v in r.getheaders() if k.lower() == "set-cookie"))
    check(r.status == 303 and found is not None, f"{person} logs in on the page ({r.status})")
    c.close()
    return found.group(1) if found else ""


def revision_view(url, token, session):
    packages = send_packages(url, token)
    u = urllib.parse.urlsplit(url)
    view = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    view.request("GET", "/revision", headers={"Cookie": "arshjul_session=" + session})
    health = request(url + "/api/v1/healthz")
    check(health.status == 200, "healthz answers while the Revision view waits for its verdict")
    check(answered([view]) == 0, "the Revision view waits for its verdict behind the packages on the long-reads thread")
    for c in packages:
        c.getresponse().read()
        c.close()
    r = view.getresponse()
    body = r.read().decode()
    check(r.status == 200 and "GODKÄNT" in body and re.search(r"alla \d{3,} händelser", body) is not None,
          f"the Revision view shows the verdict over the whole log ({r.status} {body[:200]})")
    view.close()


def main(binary, source):
    k = Kommun(binary, source)
    key = os.path.join(k.tmp, "kommun")
    check(k.cli("keygen", "--name", "exempelkommun.se/arshjul", "--out", key).returncode == 0, "keygen")
    r = k.cli("password", "set", "--person", REVISOR, token=k.tokens["admin"], stdin="hemligt-lösen-1\n")
    check(r.returncode == 0, "the administrator sets the revisor's page password: " + r.stderr.strip())
    service = Service(k, "--checkpoint-key", key + ".key", "--checkpoint-at", "none")
    try:
        url = service.url
        revisor, admin = k.token_for(REVISOR), k.tokens["admin"]
        packages = send_packages(url, revisor)
        verify = send(url, "GET", "/api/v1/verify", admin)
        backup = send(url, "POST", "/api/v1/admin/backup", admin, json.dumps({"name": "under-paket"}))
        # The packages are being built now; another connection is answered meanwhile.
        health = request(url + "/api/v1/healthz")
        check(health.status == 200, "healthz answers while the packages are built")
        n = answered(packages + [verify, backup])
        check(n < PACKAGES + 2, f"healthz was answered before every long read had its answer ({n} of {PACKAGES + 2} answered)")
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
        revision_view(url, revisor, page_session(url, REVISOR, "hemligt-lösen-1"))
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
