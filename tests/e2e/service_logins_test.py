#!/usr/bin/python3
"""Page log-ins (Argon2id) are checked off the io thread: while several log-ins
are being checked, another connection's request is answered at once; and the
log-ins then succeed (right password) or get 401 (wrong one).

    service_logins_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import base64
import http.client
import select
import sys
import urllib.parse

from service_support import Kommun, Service, check, finish, request

LOGINS = 6  # more than the password pool's 2 threads: at least 3 rounds of Argon2id


def basic(person, password):
    return "Basic " + base64.b64encode(f"{person}:{password}".encode()).decode()


def main(binary, source):
    k = Kommun(binary, source)
    r = k.cli("password", "set", "--person", "eva-lindgren", token=k.tokens["admin"], stdin="hemligt-lösen-1\n")
    check(r.returncode == 0, "the administrator sets eva-lindgren's page password: " + r.stderr.strip())
    service = Service(k)
    try:
        u = urllib.parse.urlsplit(service.url)
        logins = []
        for i in range(LOGINS):
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            password = "hemligt-lösen-1" if i % 2 == 0 else "fel-lösen"
            c.request("GET", "/api/v1/verify", headers={"Authorization": basic("eva-lindgren", password)})
            logins.append((c, i % 2 == 0))
        # The log-ins are being checked now; another connection is answered meanwhile.
        health = request(service.url + "/api/v1/healthz")
        check(health.status == 200, "healthz answers while the log-ins are checked")
        socks = [c.sock for c, _ in logins]
        readable, _, _ = select.select(socks, [], [], 0)
        check(len(readable) < LOGINS,
              f"healthz was answered before every log-in had its answer ({len(readable)} of {LOGINS} answered)")
        for c, right in logins:
            status = c.getresponse().status
            check(status == (200 if right else 401), f"a log-in with the {'right' if right else 'wrong'} password: {status}")
            c.close()
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
