#!/usr/bin/python3
"""serve --tls-cert/--tls-key with a test CA made here (tests/support/make_test_ca.sh):

1. A client that trusts the CA (python's ssl, certificate and host name checked) is served.
2. SIGHUP reloads the certificate without dropping the service: new connections get the
   renewed certificate, a kept-alive connection opened before goes on working; an unreadable
   certificate is refused and the old one kept.
3. SIGTERM ends an idle TLS connection cleanly: the client receives close_notify
   (python's ssl raises SSLEOFError on a connection cut without it).

    service_tls_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.parse

from service_support import Kommun, Service, check, finish


def make_cert(source, folder, name):
    subprocess.run(["bash", os.path.join(source, "tests/support/make_test_ca.sh"), folder, name], check=True)


def install(folder, name):
    """Puts NAME.pem/NAME.key where serve reads them (replaced atomically, as certbot does)."""
    for ext in ("pem", "key"):
        shutil.copy(os.path.join(folder, f"{name}.{ext}"), os.path.join(folder, f"live.{ext}.tmp"))
        os.replace(os.path.join(folder, f"live.{ext}.tmp"), os.path.join(folder, f"live.{ext}"))


def served_certificate(host, port, context):
    with socket.create_connection((host, port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as s:
            return s.getpeercert(binary_form=True)


def file_certificate(path):
    return ssl.PEM_cert_to_DER_cert(open(path).read())


def wait_for(what, timeout=20):
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def main(binary, source):
    k = Kommun(binary, source)
    certs = os.path.join(k.tmp, "certs")
    os.makedirs(certs)
    make_cert(source, certs, "first")
    make_cert(source, certs, "renewed")
    install(certs, "first")
    context = ssl.create_default_context(cafile=os.path.join(certs, "ca.pem"))
    service = Service(k, "--tls-cert", os.path.join(certs, "live.pem"), "--tls-key", os.path.join(certs, "live.key"))
    u = urllib.parse.urlsplit(service.url.replace("127.0.0.1", "localhost"))
    try:
        check(u.scheme == "https", "serve announces an https URL")
        kept = http.client.HTTPSConnection("localhost", u.port, context=context, timeout=10)
        kept.request("GET", "/api/v1/healthz")
        r = kept.getresponse()
        r.read()
        check(r.status == 200, "a client trusting the test CA is served over TLS (certificate and host name checked)")
        check(served_certificate("localhost", u.port, context) == file_certificate(os.path.join(certs, "first.pem")),
              "the first certificate is served")

        install(certs, "renewed")
        service.proc.send_signal(signal.SIGHUP)
        renewed = file_certificate(os.path.join(certs, "renewed.pem"))
        check(wait_for(lambda: served_certificate("localhost", u.port, context) == renewed),
              "after SIGHUP new connections get the renewed certificate")
        kept.request("GET", "/api/v1/healthz")
        r = kept.getresponse()
        r.read()
        check(r.status == 200, "the connection opened before the reload goes on working")
        check(service.proc.poll() is None, "the service did not stop for the reload")

        with open(os.path.join(certs, "live.pem"), "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
        service.proc.send_signal(signal.SIGHUP)
        check(wait_for(lambda: "certifikatet behålls" in open(service.log.name).read()),
              "an unreadable certificate is refused (logged) ...")
        check(served_certificate("localhost", u.port, context) == renewed, "... and the renewed one is kept")

        raw = socket.create_connection(("localhost", u.port), timeout=10)
        idle = context.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False)
        idle.sendall(b"GET /api/v1/healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            answer += idle.recv(4096)
        kept.close()
    finally:
        rc = service.stop()
    check(rc == 0, f"SIGTERM ends the service with exit code 0 ({rc})")
    try:
        rest = idle.recv(4096)
        check(rest == b"", "the idle TLS connection ended with close_notify (a clean TLS shutdown)")
    except ssl.SSLEOFError as e:
        check(False, f"the idle TLS connection was cut without close_notify ({e})")
    idle.close()
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
