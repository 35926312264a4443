#!/usr/bin/python3
"""Password log-ins (Argon2id) are checked off the io thread, both Basic
authentication on the API and the page's log-in form: while several log-ins
are being checked, another connection's request is answered at once; and the
log-ins then succeed (right password) or get 401 (wrong one). A form log-in
that succeeded gives a session the page accepts.

    service_logins_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import base64
import http.client
import re
import select
import sys
import urllib.parse

from service_support import Kommun, Service, check, finish, request

LOGINS = 5  # more than the password pool's 2 threads; as many as one peer may have checked at once


def basic(person, password):
    return "Basic " + base64.b64encode(f"{person}:{password}".encode()).decode()


def send_logins(url, send):
    """LOGINS log-ins at once, right and wrong passwords taking turns (send(conn, password) sends one).
    Returns [(conn, right)]."""
    u = urllib.parse.urlsplit(url)
    logins = []
    for i in range(LOGINS):
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        send(c, "hemligt-lösen-1" if i % 2 == 0 else "fel-lösen")
        logins.append((c, i % 2 == 0))
    return logins


def check_answered_meanwhile(url, logins, what):
    health = request(url + "/api/v1/healthz")
    check(health.status == 200, f"healthz answers while the {what} are checked")
    readable, _, _ = select.select([c.sock for c, _ in logins], [], [], 0)
    check(len(readable) < LOGINS,
          f"healthz was answered before every {what[:-1]} had its answer ({len(readable)} of {LOGINS} answered)")


def check_form_logins(url):
    """The same through the page's form (POST /logga-in with its CSRF token)."""
    form = request(url + "/logga-in")
    check(form.status == 200, f"the log-in form: {form.status}")
    cookie = next((v for k, v in form.headers.items() if k.lower() == "set-cookie"), "")
    token = re.search(r"arshjul_login=([0-9a-f]{64})", cookie)
    field = re.search(rb'name="csrf" value="([0-9a-f]{64})"', form.body)
    check(token is not None and field is not None and token.group(1).encode() == field.group(1),
          "the form's CSRF token is in its cookie and its field")
    if token is None:
        return
    def send(c, password):
        body = urllib.parse.urlencode({"person": "eva-lindgren", "losenord": password, "csrf": token.group(1)})
        c.request("POST", "/logga-in", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": "arshjul_login=" + token.group(1)})

    logins = send_logins(url, send)
    check_answered_meanwhile(url, logins, "form log-ins")
    session = None
    for c, right in logins:
        r = c.getresponse()
        body = r.read().decode()
        check(r.status == (303 if right else 401), f"a form log-in with the {'right' if right else 'wrong'} password: {r.status}")
        if right:
            check(r.getheader("Location") == "/uppgifter", f"a form log-in leads to Mina uppgifter: {r.getheader('Location')}")
            found = re.search(r"arshjul_session=([^;]+)", ";".join(v for k, v in r.getheaders() if k.lower() == "set-cookie"))
            check(found is not None, "a form log-in sets the session cookie")
            session = session or (found.group(1) if found else None)
        else:
            check("Fel användarnamn eller lösenord." in body, "a wrong password gets the form again, saying so")
        c.close()
    if session:
        page = request(url + "/uppgifter", headers={"Cookie": "arshjul_session=" + session})
        check(page.status == 200 and "Mina uppgifter".encode() in page.body,
              f"the session from a form log-in opens Mina uppgifter: {page.status}")


def main(binary, source):
    k = Kommun(binary, source)
    r = k.cli("password", "set", "--person", "eva-lindgren", token=k.tokens["admin"], stdin="hemligt-lösen-1\n")
    check(r.returncode == 0, "the administrator sets eva-lindgren's page password: " + r.stderr.strip())
    service = Service(k)
    try:
        logins = send_logins(service.url, lambda c, password: c.request(
            "GET", "/api/v1/verify", headers={"Authorization": basic("eva-lindgren", password)}))
        # The log-ins are being checked now; another connection is answered meanwhile.
        check_answered_meanwhile(service.url, logins, "log-ins")
        for c, right in logins:
            status = c.getresponse().status
            check(status == (200 if right else 401), f"a log-in with the {'right' if right else 'wrong'} password: {status}")
            c.close()
        check_form_logins(service.url)
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
