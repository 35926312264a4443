#!/usr/bin/python3
"""Behind the kommun's reverse proxy every request comes from the proxy's
address. With --trusted-proxy, the service takes the client's address from
X-Forwarded-For (only from that peer), so the rate limit on authentication
failures is per client, and the request log names the client.

    service_proxy_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import json
import os
import sys

from service_support import Kommun, Service, check, finish, request


def bad_login(url, client):
    return request(url + "/api/v1/views/uppsikt", token="arshjul_0000_fel",
                   headers={"X-Forwarded-For": client}).status


def main(binary, source):
    k = Kommun(binary, source)
    r = k.cli("serve", "--trusted-proxy", "proxy.kommun.se", "--listen", "127.0.0.1:0",
              "--template", os.path.join(k.example, "arshjul.yaml"))
    check(r.returncode == 2 and "--trusted-proxy" in r.stderr,
          f"--trusted-proxy must be an IP address ({r.returncode}: {r.stderr.strip()})")
    service = Service(k, "--trusted-proxy", "127.0.0.1", "--log-format", "json")
    try:
        url = service.url
        first = [bad_login(url, "203.0.113.1") for _ in range(6)]
        check(first == [401] * 5 + [429], f"client 203.0.113.1: 401 ×5, then 429 ({first})")
        other = bad_login(url, "203.0.113.2")
        check(other == 401, f"another client behind the same proxy is not limited ({other})")
        # A client that writes its own X-Forwarded-For: the proxy appends what it saw.
        spoofed = bad_login(url, "203.0.113.2, 203.0.113.1")
        check(spoofed == 429, f"a forged address at the left does not escape the limit ({spoofed})")
        reader = k.token_for("eva-lindgren")
        ok = request(url + "/api/v1/verify", token=reader, headers={"X-Forwarded-For": "198.51.100.4"})
        check(ok.status == 200, "a good token from a third client is served")
    finally:
        check(service.stop() == 0, "serve stops cleanly on SIGTERM")
    with open(os.path.join(k.tmp, "serve.log")) as f:
        lines = [json.loads(line) for line in f if line.startswith("{")]
    remotes = {line.get("remote") for line in lines if line.get("msg") == "request"}
    check({"203.0.113.1", "203.0.113.2", "198.51.100.4"} <= remotes,
          f"the request log names the clients, not the proxy ({sorted(r for r in remotes if r)})")
    r = k.cli("log", "--stream", "security/authentication", "--format", "jsonl")
    failures = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
    check(any(e.get("payload", {}).get("remote") == "203.0.113.1" for e in failures),
          "the recorded authentication failures name the client")
    finish()


if __name__ == "__main__":
    main(*sys.argv[1:])
