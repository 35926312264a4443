#!/usr/bin/python3
"""A local HTTP (or, with --tls-cert/--tls-key, https) receiver for webhook
and HTTP client tests: every POST and GET is written to --dir as
req-NNNNNN.json {method, path, idempotency_key, content_type, body}. The
response status is 200, or NNN for a path ending in /status/NNN; a GET's body
is {"path": …}.

    http_sink.py --dir DIR [--port N] [--port-file FILE] [--tls-cert PEM --tls-key KEY]

With --port 0 (the default) a free loopback port is chosen and written to
--port-file once the server listens. Stops on SIGTERM or SIGINT.
"""
import argparse
import http.server
import json
import os
import re
import signal
import ssl
import threading


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    lock = threading.Lock()
    seq = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.record_and_answer(b"", json.dumps({"path": self.path}).encode())

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.record_and_answer(body, b'{"ok":true}')

        def record_and_answer(self, body, ok_reply):
            with lock:
                seq[0] += 1
                base = os.path.join(args.dir, "req-%06d" % seq[0])
            record = {
                "method": self.command,
                "path": self.path,
                "idempotency_key": self.headers.get("Idempotency-Key"),
                "content_type": self.headers.get("Content-Type"),
                "body": body.decode("utf-8"),
            }
            with open(base + ".tmp", "w", encoding="utf-8") as f:
                json.dump(record, f, ensure_ascii=False)
            os.rename(base + ".tmp", base + ".json")
            m = re.search(r"/status/(\d{3})$", self.path)
            status = int(m.group(1)) if m else 200
            reply = ok_reply if status < 300 else b'{"error":"test"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(args.port_file + ".tmp", args.port_file)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=server.shutdown).start())
    server.serve_forever()


if __name__ == "__main__":
    main()
