#!/usr/bin/python3
"""A real SMTP server for tests (aiosmtpd): every message it accepts is written
to --dir as msg-NNNNNN.eml (the bytes received, un-dot-stuffed) and
msg-NNNNNN.json (envelope, Message-ID, and subject and body decoded by Python's
email package, an independent check of the RFC 2047 and quoted-printable
encoding). Addresses given with --reject get 550 at RCPT TO, with --tempfail 451.
With --tls-cert/--tls-key the server requires STARTTLS before anything else (as
Exchange Online on port 587 does); with --auth USER:PASSWORD it also requires
AUTH (only after STARTTLS) and records who logged in ("auth_login") and whether
the session was encrypted ("tls").

    smtp_sink.py --dir DIR [--port N] [--port-file FILE] [--reject ADDR]... [--tempfail ADDR]...
                 [--tls-cert PEM --tls-key KEY] [--auth USER:PASSWORD]

With --port 0 (the default) a free loopback port is chosen and written to
--port-file once the server accepts connections. Stops on SIGTERM or SIGINT.
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder, reject, tempfail):
        self.folder = folder
        self.reject = {a.lower() for a in reject}
        self.tempfail = {a.lower() for a in tempfail}
        self.lock = threading.Lock()
        self.seq = len([f for f in os.listdir(folder) if f.endswith(".json")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if address.lower() in self.tempfail:
            return "451 4.2.0 <%s>: Mailbox temporarily unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": msg["Message-ID"],
            "notification": msg["X-Arshjul-Notification"],
            "subject": str(msg["Subject"]),
            "to": str(msg["To"]),
            "from": str(msg["From"]),
            "body": body.get_content() if body is not None else "",
            "raw_subject": msg.get("Subject").__str__(),
            "tls": session.ssl is not None,
            "auth_login": session.login_data.decode() if isinstance(session.login_data, bytes) else session.login_data,
        }
        raw_subject = [line for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n") if line.startswith(b"Subject:")]
        record["raw_subject"] = raw_subject[0].decode("ascii", "replace") if raw_subject else ""
        with self.lock:
            self.seq += 1
            base = os.path.join(self.folder, "msg-%06d" % self.seq)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        os.rename(base + ".eml.tmp", base + ".eml")
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Ok: queued as %06d" % self.seq


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--tempfail", action="append", default=[])
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--auth")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port()
    kwargs = {}
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            # handled=False: aiosmtpd then answers 535 itself (its default, True, answers nothing)
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
    controller = Controller(Sink(args.dir, args.reject, args.tempfail), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        os.rename(args.port_file + ".tmp", args.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
