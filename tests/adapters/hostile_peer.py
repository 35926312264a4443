#!/usr/bin/env python3
"""A hostile peer for the adapters' tests: a TCP server on a free loopback port
that misbehaves in one way, for SMTP or HTTP clients.

Usage: hostile_peer.py MODE PORT_FILE
  endless_line      SMTP: "220 " followed by bytes without end and no CRLF
  slow_continuation SMTP: a "220-" continuation line every 0.2 s, forever
  many_lines        SMTP: "220-" continuation lines as fast as possible, forever
  huge_body         HTTP: 200 with Content-Length 2 GB, then a byte every 0.2 s
  endless_header    HTTP: a header line without end
  slow_body         HTTP: 200 with Content-Length 100, then a byte every 0.2 s
Each connection is served in its own thread until the client goes away.
"""
import os
import socket
import sys
import threading
import time

MODE, PORT_FILE = sys.argv[1], sys.argv[2]


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk


def serve(conn):
    try:
        if MODE == "endless_line":
            conn.sendall(b"220 ")
            while True:
                conn.sendall(b"a" * 65536)
        elif MODE == "slow_continuation":
            while True:
                conn.sendall(b"220-still greeting\r\n")
                time.sleep(0.2)
        elif MODE == "many_lines":
            while True:
                conn.sendall(b"220-more\r\n" * 1000)
        elif MODE == "huge_body":
            read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2000000000\r\n\r\n")
            while True:
                conn.sendall(b"x")
                time.sleep(0.2)
        elif MODE == "endless_header":
            read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Endless: ")
            while True:
                conn.sendall(b"a" * 65536)
        elif MODE == "slow_body":
            read_request(conn)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
            while True:
                conn.sendall(b"x")
                time.sleep(0.2)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    tmp = PORT_FILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(tmp, PORT_FILE)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
