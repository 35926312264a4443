#!/usr/bin/env python3
"""`arshjul serve` and its HTTP API, driven with a real client (urllib) against
the real binary on a free port (docs/api.md):

1. The main job's scenario: a nämndsekreterare records a decision, KS's
   ordförande reads it in uppsikt, a revisor's write is refused (403), a
   request without a token is refused (401), a command naming another person
   as actor is refused (403), and an attacker's RoleAssigned is refused.
2. The authorisation matrix: every endpoint × {anonymous, person without a
   role, sekreterare of another organ, sekreterare, revisor, administrator}
   (the same table as docs/api.md).
3. HTTP behaviour: ETag/304, log paging, problem+json for bad input (400, 404,
   405, 413, 415, 422), no path traversal, a slow client cut off.
4. The CLI while the service runs: reads work, writes say to use the service
   and work with --server, backup through the service restores with the same
   head; SIGTERM ends the service cleanly.
5. Authentication failures are rate-limited (429) and recorded in the
   security/authentication stream.

Usage: service_api_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import json
import os
import socket
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_support import Kommun, Service, check, decision, finish, request  # noqa: E402

SEK = ("sara-lindqvist", "namndsekreterare", "bun")
OTHER_SEK = ("oskar-persson", "namndsekreterare", "sn")
REVISOR = ("rolf-gustafsson", "revisor", "kf")
ADMIN = ("johan-ek", "systemforvaltare", "forvaltningen")
NO_ROLE = ("nils-utan-roll", "namndsekreterare", "bun")


def request_logged(k, request_id):
    """The JSON-lines request log (--log-format json) has the request, with its id."""
    with open(os.path.join(k.tmp, "serve.log")) as f:
        for line in f:
            if line.startswith("{"):
                r = json.loads(line)
                if r.get("msg") == "request" and r.get("request_id") == request_id:
                    return r
    return None


def scenario(k, url):
    sek = k.token_for(SEK[0])
    before = request(url + "/api/v1/views/uppsikt?organ=bun", token=k.token_for("eva-lindgren")).json()[0]
    r = request(url + "/api/v1/commands", "POST", sek, decision("api/bun-1", *SEK, 101))
    check(r.status == 201 and r.json()["results"][0]["event_type"] == "DecisionRecorded",
          f"a nämndsekreterare records a decision (201): {r.status} {r.body[:200]}")
    position = r.json()["results"][0]["position"]
    request_id = k.request_id = r.headers.get("X-Request-Id", "")
    r = request(url + "/api/v1/commands", "POST", sek, decision("api/bun-1", *SEK, 101))
    check(r.status == 200 and r.json()["results"][0]["duplicate"], "the same command id again: 200, duplicate")
    after = request(url + "/api/v1/views/uppsikt?organ=bun", token=k.token_for("eva-lindgren")).json()[0]
    check(after["decisions"] == before["decisions"] + 1, "KS's ordförande sees the decision in uppsikt")
    log = request(url + f"/api/v1/log?after={position - 1}&limit=1", token=k.token_for("eva-lindgren")).json()
    e = log["events"][0]
    check(e["actor"]["person"] == SEK[0] and len(request_id) == 32 and e["correlation_id"] == request_id,
          "the event's actor is the authenticated person and its correlation id the request id")
    r = request(url + "/api/v1/commands", "POST", k.token_for(REVISOR[0]), decision("api/rev-1", *REVISOR, 102))
    check(r.status == 403, f"a revisor's write is refused with 403 ({r.status})")
    r = request(url + "/api/v1/commands", "POST", None, decision("api/anon-1", *SEK, 103))
    check(r.status == 401 and r.headers.get("Content-Type", "").startswith("application/problem+json"),
          f"a write without a token: 401 problem+json ({r.status})")
    spoof = decision("api/spoof-1", "lena-bjork", "kommunsekreterare", "ks", 104)
    r = request(url + "/api/v1/commands", "POST", sek, spoof)
    check(r.status == 403 and r.json().get("rule") == "access.actor_is_caller" and r.json().get("field") == "actor.person",
          f"a command naming another person as actor: 403 access.actor_is_caller ({r.body[:160]})")
    attack = {"command": "AssignRole", "command_id": "api/attack-1",
              "actor": {"person": SEK[0], "role": "namndsekreterare", "organ": "bun"},
              "payload": {"person": SEK[0], "role": "ordforande", "organ": "ks", "from": "2026-01-01"}}
    r = request(url + "/api/v1/commands", "POST", sek, attack)
    check(r.status == 403 and r.json().get("rule") == "access.administrator",
          f"making oneself KS's ordförande is refused: 403 access.administrator ({r.status})")
    claim = decision("api/claim-1", SEK[0], "namndsekreterare", "ks", 105)
    claim["payload"]["organ"] = "bun"
    r = request(url + "/api/v1/commands", "POST", sek, claim)
    check(r.status == 403 and r.json().get("rule") == "actor.organ_of_role",
          f"claiming an organ other than the one recorded for: 403 ({r.body[:160]})")


def personas(k, url):
    # A registered person without a role, added by the administrator through the API.
    reg = {"command": "RegisterPerson", "command_id": "api/nils",
           "actor": {"person": ADMIN[0], "role": ADMIN[1], "organ": ADMIN[2]},
           "payload": {"id": "nils-utan-roll", "name": "Nils Utan Roll", "email": "nils@exempelkommun.se"}}
    r = request(url + "/api/v1/commands", "POST", k.token_for(ADMIN[0]), reg)
    check(r.status in (200, 201), f"the administrator registers a person ({r.status} {r.body[:200]})")
    r = request(url + "/api/v1/admin/tokens", "POST", k.token_for(ADMIN[0]),
                {"person": "nils-utan-roll", "expires": "2099-12-31"})
    check(r.status == 201 and r.json()["token"].startswith("arshjul_"), "the administrator issues a token via the API")
    k.tokens["nils-utan-roll"] = r.json()["token"]
    return {"anonymous": (None, None), "no role": (k.tokens["nils-utan-roll"], NO_ROLE),
            "other sekreterare": (k.token_for(OTHER_SEK[0]), OTHER_SEK), "sekreterare": (k.token_for(SEK[0]), SEK),
            "revisor": (k.token_for(REVISOR[0]), REVISOR), "administrator": (k.token_for(ADMIN[0]), ADMIN)}


READER = {"anonymous": 401, "no role": 403, "other sekreterare": 200, "sekreterare": 200, "revisor": 200,
          "administrator": 200}
EVERYONE = {"anonymous": 401, "no role": 200, "other sekreterare": 200, "sekreterare": 200, "revisor": 200,
            "administrator": 200}
ADMIN_ONLY = {"anonymous": 401, "no role": 403, "other sekreterare": 403, "sekreterare": 403, "revisor": 403}
# The matrix of docs/api.md: endpoint → persona → status.
MATRIX = [
    ("POST", "/api/v1/commands (RecordDecision för bun)",
     {"anonymous": 401, "no role": 403, "other sekreterare": 403, "sekreterare": 201, "revisor": 403,
      "administrator": 403}),
    ("GET", "/api/v1/views/uppsikt", READER),
    ("GET", "/api/v1/reminders", EVERYONE),
    ("GET", "/api/v1/log?limit=5", READER),
    ("GET", "/api/v1/log/stream", READER),
    ("GET", "/api/v1/plan?year=2027&organ=bun", READER),
    ("GET", "/api/v1/calendar?year=2027", READER),
    ("GET", "/api/v1/feeds/bun.ics (utan nyckel)", {p: 401 for p in READER}),
    ("GET", "/api/v1/feeds/bun.ics?key=… (flödets nyckel)", {p: 200 for p in READER}),
    ("GET", "/api/v1/verify", READER),
    ("POST", "/api/v1/admin/backup", dict(ADMIN_ONLY, administrator=201)),
    ("POST", "/api/v1/admin/tokens", dict(ADMIN_ONLY, administrator=201)),
    ("GET", "/api/v1/admin/tokens", dict(ADMIN_ONLY, administrator=200)),
    ("DELETE", "/api/v1/admin/tokens/{id}", dict(ADMIN_ONLY, administrator=200)),
    ("GET", "/api/v1/healthz", {p: 200 for p in READER}),
    ("GET", "/api/v1/metrics", READER),
    ("GET", "/api/v1/checkpoint", READER),
    ("GET", "/api/v1/proof/inclusion?position=0", READER),
    ("GET", "/api/v1/proof/consistency?from=1", READER),
    ("GET", "/api/v1/revision-package?organ=bun&from=2020-01-01&to=2020-12-31",
     dict(ADMIN_ONLY, revisor=200, administrator=403)),
]


def stream_status(url, token):
    """The status line of GET /log/stream, read from a raw socket (the stream never ends)."""
    u = urllib.parse.urlparse(url)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        s.sendall(f"GET /api/v1/log/stream HTTP/1.1\r\nHost: x\r\n{auth}\r\n".encode())
        return int(s.recv(64).split(b" ")[1])


def matrix(k, url, people, feed_key):
    n = 200
    r = request(url + "/api/v1/admin/tokens", "POST", k.token_for(ADMIN[0]),
                {"person": "sara-lindqvist", "expires": "2099-12-31"})
    revoked_id = r.json()["token_id"]
    for method, label, expected in MATRIX:
        for persona, (token, actor) in people.items():
            path = label.split(" ")[0]
            body = None
            if path == "/api/v1/commands":
                n += 1
                a = actor or SEK
                body = decision(f"api/matrix-{n}", a[0], a[1], a[2], n)
                body["payload"]["organ"] = "bun"
            elif path == "/api/v1/admin/backup":
                body = {"name": "matrix"}
            elif path == "/api/v1/admin/tokens" and method == "POST":
                body = {"person": "sara-lindqvist", "expires": "2099-12-31"}
            path = path.replace("{id}", revoked_id)
            if "nyckel" in label and "key=" in label:
                path = f"/api/v1/feeds/bun.ics?key={feed_key}"
            if path == "/api/v1/log/stream":
                status = stream_status(url, token)
            else:
                status = request(url + path, method, token, body).status
            check(status == expected[persona], f"{method} {label} as {persona}: {status} (expected {expected[persona]})")


def http_behaviour(k, url):
    t = k.token_for("eva-lindgren")
    r = request(url + "/api/v1/views/decisions", token=t)
    etag = r.headers.get("ETag")
    r2 = request(url + "/api/v1/views/decisions", token=t, headers={"If-None-Match": etag})
    check(r.status == 200 and etag and r2.status == 304, f"views carry an ETag and If-None-Match gives 304 ({r2.status})")
    r = request(url + "/api/v1/views/findings?asOf=2026-08-30", token=t)
    missing = [f["subject"] for f in r.json() if f["kind"] == "meeting_plan_missing"] if r.status == 200 else None
    check(missing == [], f"as of 30 August 2026 the recorded 2027 meeting plans count: no organ lacks one ({missing})")
    page = request(url + "/api/v1/log?limit=100", token=t).json()
    nxt = request(url + page["next"], token=t).json()
    check(len(page["events"]) == 100 and nxt["events"][0]["position"] == page["events"][-1]["position"] + 1,
          "the log is paged by position with a next link")
    s = k.token_for(SEK[0])
    cases = [
        ("POST", "/api/v1/commands", b"[not json", {"Content-Type": "application/json"}, 400),
        ("POST", "/api/v1/commands", b"{}", {"Content-Type": "text/plain"}, 415),
        # Found by the fuzzer: a number beyond double's range threw out of the JSON reader.
        ("POST", "/api/v1/commands", b'{"command": "ReportForecast", "budget": 2e+308}',
         {"Content-Type": "application/json"}, 400),
        ("POST", "/api/v1/commands", b"x" * (2 << 20), {"Content-Type": "application/json"}, 413),
        ("GET", "/api/v1/views/nothing", None, {}, 404),
        ("GET", "/api/v1/views/..%2F..%2Fetc%2Fpasswd", None, {}, 400),
        ("GET", "/api/v1/views/uppsikt?asOf=ig%C3%A5r", None, {}, 400),
        ("GET", "/api/v1/log?limit=-1", None, {}, 400),
        ("DELETE", "/api/v1/views/uppsikt", None, {}, 405),
        ("GET", "/../../etc/passwd", None, {}, 400),
    ]
    for method, path, body, headers, expected in cases:
        r = request(url + path, method, s, body, headers)
        ok = r.status == expected
        if expected != 413:
            p = json.loads(r.body)
            ok = ok and p["status"] == expected and p["title"] and r.headers["Content-Type"].startswith(
                "application/problem+json")
        check(ok, f"{method} {path[:40]}: {r.status} problem+json (expected {expected})")
    bad = decision("api/bad-date", *SEK, 300)
    bad["payload"]["meetingDate"] = "2026-13-45"
    r = request(url + "/api/v1/commands", "POST", s, bad)
    check(r.status == 400 and r.json().get("field") == "payload.meetingDate",
          f"a bad date: 400 naming payload.meetingDate ({r.body[:160]})")
    # A slow client (slow-loris) is cut off: the service closes the connection.
    u = urllib.parse.urlparse(url)
    with socket.create_connection((u.hostname, u.port), timeout=20) as sock:
        sock.sendall(b"GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        check(sock.recv(1024) == b"", "a client that never finishes its request is disconnected")


def cli_while_serving(k, url, service):
    r = k.cli("show", "uppsikt", "--format", "json")
    check(r.returncode == 0 and "bun" in r.stdout, "the CLI's show works while the service holds the store")
    r = k.cli("record", "-", token=k.token_for(SEK[0]),
              stdin=json.dumps(decision("api/cli-1", *SEK, 400)))
    check(r.returncode != 0 and "--server" in r.stderr, f"a CLI write says to use the service ({r.stderr.strip()[:120]})")
    r = k.cli("--server", url, "record", "-", token=k.token_for(SEK[0]), stdin=json.dumps(decision("api/cli-1", *SEK, 400)))
    check(r.returncode == 0, f"record --server goes through the service ({r.stderr.strip()[:200]})")
    r = k.cli("backup", os.path.join(k.tmp, "b"))
    check(r.returncode != 0 and "admin/backup" in r.stderr, "a CLI backup while serving says to go through the service")
    r = k.cli("--server", url, "backup", "nightly", token=k.token_for(ADMIN[0]))
    backup = json.loads(r.stdout) if r.returncode == 0 else {}
    check(backup.get("head") and backup["dir"].endswith("nightly"), f"backup --server while serving ({r.stderr.strip()})")
    restored = os.path.join(k.tmp, "restored")
    r = subprocess.run([k.binary, "--data", restored, "restore", backup["dir"]], capture_output=True, text=True)
    check(r.returncode == 0 and ("huvud " + backup["head"]) in r.stdout,
          f"the backup restores and verifies with the same head ({r.stdout.strip()[-120:]})")


def revoke_through_the_service(k, url):
    """`arshjul token revoke --server URL --token …` like the other write commands."""
    r = request(url + "/api/v1/admin/tokens", "POST", k.token_for(ADMIN[0]),
                {"person": "eva-lindgren", "expires": "2099-12-31"})
    token, token_id = r.json()["token"], r.json()["token_id"]
    check(request(url + "/api/v1/verify", token=token).status == 200, "a new token works")
    refused = k.cli("--server", url, "token", "revoke", token_id, token=k.token_for(SEK[0]))
    check(refused.returncode != 0 and "403" in refused.stderr,
          f"a sekreterare cannot revoke through the service ({refused.returncode}: {refused.stderr.strip()})")
    r = k.cli("--server", url, "token", "revoke", token_id, token=k.token_for(ADMIN[0]))
    check(r.returncode == 0 and token_id in r.stdout, f"token revoke --server as the administrator: {r.stderr.strip()}")
    check(request(url + "/api/v1/verify", token=token).status == 401, "the revoked token is refused with 401")
    listed = request(url + "/api/v1/admin/tokens", token=k.token_for(ADMIN[0])).json()["tokens"]
    check(any(t["token_id"] == token_id and t["revoked"] for t in listed), "the token is listed as revoked")


def rate_limit(k, url, earlier_failures):
    """5 failures per peer within the window; `earlier_failures` of them happened before."""
    left = 5 - earlier_failures
    statuses = [request(url + "/api/v1/views/uppsikt", token="arshjul_0000_fel").status for _ in range(left + 2)]
    check(statuses[:left] == [401] * left and statuses[left:] == [429, 429],
          f"bad tokens: 401 until the 5th failure, then 429 ({statuses})")


def main(binary, source):
    k = Kommun(binary, source)
    key = os.path.join(k.tmp, "kommun")
    check(k.cli("keygen", "--out", key).returncode == 0 and k.cli("checkpoint", "--key", key + ".key").returncode == 0,
          "a checkpoint is recorded before the service starts (GET /checkpoint, the package)")
    service = Service(k, "--request-timeout-ms", "1000", "--log-format", "json")
    try:
        url = service.url
        scenario(k, url)
        people = personas(k, url)
        r = request(url + "/api/v1/admin/tokens", "POST", k.token_for(ADMIN[0]),
                    {"person": SEK[0], "expires": "2099-12-31", "scope": "feed:bun"})
        feed_key = r.json()["token"]
        ics = request(url + f"/api/v1/feeds/bun.ics?key={feed_key}&year=2027")
        check(ics.status == 200 and ics.body.startswith(b"BEGIN:VCALENDAR"), "the feed URL with its key is iCalendar")
        listed = request(url + "/api/v1/admin/tokens", token=k.token_for(ADMIN[0])).body.decode()
        check(all(t not in listed for t in k.tokens.values()), "tokens are listed without their secrets")
        matrix(k, url, people, feed_key)
        http_behaviour(k, url)
        cli_while_serving(k, url, service)
        revoke_through_the_service(k, url)  # one authentication failure: the revoked token
        rate_limit(k, url, earlier_failures=1)
    finally:
        rc = service.stop()
    check(rc == 0, f"SIGTERM ends the service with exit code 0 ({rc})")
    logged = request_logged(k, k.request_id)
    check(logged is not None and logged["status"] == 201 and logged["person"] == SEK[0] and "time" in logged,
          f"the JSON request log carries the request id of the recorded event ({logged})")
    r = k.cli("log", "--stream", "security/authentication", "--format", "jsonl")
    failures = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    check(len(failures) >= 5 and all(e["type"] == "AuthenticationFailed" for e in failures),
          f"authentication failures are recorded in security/authentication ({len(failures)})")
    finish()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
