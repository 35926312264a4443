#!/usr/bin/env python3
"""The service's log stream and its durability, with real processes:

1. GET /api/v1/log/stream (server-sent events): read part of the catch-up,
   drop the connection mid-stream, record more, resume with Last-Event-ID —
   every position from 0 to the head arrives exactly once, and events
   recorded after the catch-up arrive live.
2. A burst of POST /commands from several connections while the service is
   killed with SIGKILL: every command that got a 2xx is in the log after the
   crash, the log verifies, and the service starts again.
3. Optional TLS: serve --tls-cert/--tls-key answers HTTPS.

Usage: service_stream_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import json
import os
import signal
import socket
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_support import Kommun, Service, check, decision, finish, request  # noqa: E402

SEK = ("sara-lindqvist", "namndsekreterare", "bun")


class Stream:
    """A raw-socket SSE reader."""

    def __init__(self, url, token, last_event_id=None):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=20)
        resume = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id is not None else ""
        self.sock.sendall(f"GET /api/v1/log/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                          f"{resume}Accept: text/event-stream\r\n\r\n".encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ")[1])
        self.content_type = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-type")]

    def next_event(self):
        while True:
            if b"\n\n" in self.buf:
                block, self.buf = self.buf.split(b"\n\n", 1)
                fields = {}
                for line in block.decode().split("\n"):
                    if line.startswith(":") or ":" not in line:
                        continue
                    k, v = line.split(":", 1)
                    fields[k] = v[1:] if v.startswith(" ") else v
                if "id" in fields:
                    return int(fields["id"]), fields.get("event"), json.loads(fields["data"])
                continue
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the stream ended")
            self.buf += chunk

    def drop(self):
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.sock.close()


def head(url):
    return request(url + "/api/v1/healthz").json()["head"]


def sse(k, url):
    t = k.token_for("eva-lindgren")
    sek = k.token_for(SEK[0])
    first = Stream(url, t)
    check(first.status == 200 and b"text/event-stream" in first.content_type[0], "the stream is text/event-stream")
    seen = [first.next_event() for _ in range(150)]
    check([e[0] for e in seen] == list(range(150)), "the catch-up starts at position 0, in order")
    check(seen[0][2]["position"] == 0 and seen[0][1] == seen[0][2]["type"], "each event's data is the log's JSON")
    first.drop()  # mid-stream: the service was still sending the catch-up
    for i in range(20):
        r = request(url + "/api/v1/commands", "POST", sek, decision(f"sse/{i}", *SEK, 500 + i))
        check(r.status == 201, f"record {i} while no one listens")
    target = head(url)
    second = Stream(url, t, last_event_id=seen[-1][0])
    while seen[-1][0] < target:
        seen.append(second.next_event())
    live = []
    for i in range(5):
        r = request(url + "/api/v1/commands", "POST", sek, decision(f"sse/live-{i}", *SEK, 600 + i))
        live.append(r.json()["results"][0]["position"])
    for _ in range(5):
        seen.append(second.next_event())
    second.drop()
    ids = [e[0] for e in seen]
    check(ids == list(range(target + 6)),
          f"after resuming with Last-Event-ID: every position once, none missed ({len(ids)} events, head {target + 5})")
    check(ids[-5:] == live, "events recorded after the catch-up arrive live")


def burst(k):
    service = Service(k)
    url = service.url
    token = k.token_for(SEK[0])
    acked, lock, stop = [], threading.Lock(), threading.Event()
    enough = threading.Event()

    def poster(worker):
        n = 0
        while not stop.is_set():
            n += 1
            cid = f"burst/{worker}/{n}"
            try:
                r = request(url + "/api/v1/commands", "POST", token, decision(cid, *SEK, 10000 * (worker + 1) + n),
                            timeout=10)
            except OSError:
                return  # the service is gone
            if 200 <= r.status < 300:
                with lock:
                    acked.append(cid)
                    if len(acked) >= 80:
                        enough.set()

    threads = [threading.Thread(target=poster, args=(w,)) for w in range(4)]
    for th in threads:
        th.start()
    enough.wait(timeout=60)
    service.proc.send_signal(signal.SIGKILL)
    rc = service.stop()
    stop.set()
    for th in threads:
        th.join()
    check(rc == -signal.SIGKILL and len(acked) >= 80, f"the service was killed during the burst ({len(acked)} acknowledged)")
    r = k.cli("log", "--format", "jsonl")
    logged = {json.loads(line)["command_id"] for line in r.stdout.splitlines() if line.strip()}
    lost = [c for c in acked if c not in logged]
    check(not lost, f"no acknowledged command is lost ({len(lost)} lost: {lost[:3]})")
    r = k.cli("verify")
    check(r.returncode == 0, "the log verifies after the crash")
    again = Service(k)
    check(request(again.url + "/api/v1/healthz").status == 200, "the service starts again after the crash")
    check(again.stop() == 0, "and stops cleanly")


def tls(k):
    """serve --tls-cert/--tls-key: HTTPS with a certificate made here (openssl req)."""
    import ssl
    import subprocess
    cert, key = os.path.join(k.tmp, "cert.pem"), os.path.join(k.tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    service = Service(k, "--tls-cert", cert, "--tls-key", key)
    try:
        check(service.url.startswith("https://"), f"the service announces https ({service.url})")
        ctx = ssl.create_default_context(cafile=cert)
        r = request(service.url + "/api/v1/views/uppsikt?organ=bun", token=k.token_for("eva-lindgren"), context=ctx)
        check(r.status == 200 and r.json()[0]["organ"] == "bun", "a request over TLS, the certificate verified")
        try:
            plain = request(service.url.replace("https://", "http://") + "/api/v1/healthz", timeout=5).status
        except OSError:
            plain = None
        check(plain is None, "plain HTTP to the TLS port gets no answer")
    finally:
        check(service.stop() == 0, "the TLS service stops cleanly")


def main(binary, source):
    k = Kommun(binary, source)
    for person in ("eva-lindgren", SEK[0]):
        k.token_for(person)
    service = Service(k)
    try:
        sse(k, service.url)
    finally:
        service.stop()
    burst(k)
    tls(k)
    finish()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
