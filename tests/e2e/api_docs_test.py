#!/usr/bin/env python3
"""Runs every ```sh example of docs/api.md (curl against a real service on the
example kommun) and checks each succeeds.

Usage: api_docs_test.py ARSHJUL_BINARY SOURCE_DIR
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_support import Kommun, Service, check, finish, request  # noqa: E402


def main(binary, source):
    k = Kommun(binary, source)
    for person in ("sara-lindqvist", "eva-lindgren", "rolf-gustafsson"):
        k.token_for(person)
    key = os.path.join(k.tmp, "kommun")
    check(k.cli("keygen", "--out", key).returncode == 0 and k.cli("checkpoint", "--key", key + ".key").returncode == 0,
          "a checkpoint is recorded before the service starts")
    service = Service(k, "--checkpoint-key", key + ".key")
    try:
        r = request(service.url + "/api/v1/admin/tokens", "POST", k.tokens["admin"],
                    {"person": "sara-lindqvist", "expires": "2099-12-31", "scope": "feed:bun"})
        env = dict(os.environ, URL=service.url, TOKEN=k.tokens["sara-lindqvist"], KS=k.tokens["eva-lindgren"],
                   ADMIN=k.tokens["admin"], FEED_KEY=r.json()["token"], REVISOR=k.tokens["rolf-gustafsson"],
                   PUB=key + ".pub", WORK=k.tmp,
                   PATH=os.path.dirname(os.path.abspath(binary)) + os.pathsep + os.environ.get("PATH", ""))
        text = open(os.path.join(source, "docs", "api.md"), encoding="utf-8").read()
        blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
        check(len(blocks) >= 7, f"docs/api.md has its examples ({len(blocks)})")
        for block in blocks:
            p = subprocess.run(["bash", "-euo", "pipefail", "-c", block], env=env, capture_output=True, text=True,
                               timeout=60)
            check(p.returncode == 0, f"example runs: {block.strip().splitlines()[0][:70]} … {p.stderr.strip()[:200]}{p.stdout.strip()[-300:]}")
    finally:
        check(service.stop() == 0, "the service stops cleanly")
    finish()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
