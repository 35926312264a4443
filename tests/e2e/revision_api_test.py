#!/usr/bin/env python3
"""The verifiable-revision endpoints of `arshjul serve` with a real client:

GET /api/v1/checkpoint gives the latest checkpoint recorded in the log (the one `arshjul
checkpoint` printed, text or JSON), and /log shows its CheckpointPublished event with the note as
payload; /proof/inclusion and /proof/consistency give exactly what
`arshjul proof` gives for the same store, and bad parameters are 400 naming the parameter;
/revision-package is a zip a revisor downloads and arshjul-verify accepts with the kommun's
public key, refused (403, access.auditor) to anyone else, 400 naming a bad period.

With --postgres the kommun is recorded in a throwaway PostgreSQL cluster (pg_support.py) and
the service runs on that store: the same checks hold there.

Usage: revision_api_test.py ARSHJUL ARSHJUL_VERIFY SOURCE_DIR [--postgres]
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_support import Cluster  # noqa: E402
from service_support import Kommun, Service, check, finish, request  # noqa: E402

REVISOR = "rolf-gustafsson"
SEK = "sara-lindqvist"


def proofs(k, url, t):
    r = request(url + "/api/v1/proof/inclusion?position=5", token=t)
    cli = json.loads(k.cli("proof", "inclusion", "--position", "5").stdout)
    check(r.status == 200 and r.json() == cli, f"the inclusion proof is the CLI's ({r.status} {r.body[:120]})")
    size = cli["size"]
    r = request(url + f"/api/v1/proof/inclusion?position=5&size={size - 3}", token=t)
    cli = json.loads(k.cli("proof", "inclusion", "--position", "5", "--size", str(size - 3)).stdout)
    check(r.status == 200 and r.json() == cli and r.json()["size"] == size - 3, "an inclusion proof in an earlier tree")
    r = request(url + f"/api/v1/proof/consistency?from=7&to={size}", token=t)
    cli = json.loads(k.cli("proof", "consistency", "--from", "7", "--to", str(size)).stdout)
    check(r.status == 200 and r.json() == cli and len(cli["proof"]) > 0, "the consistency proof is the CLI's")
    for query, field in [("inclusion?position=x", "position"), ("inclusion", "position"),
                         (f"inclusion?position={size + 100}", "position"), ("inclusion?position=1&size=0", "size"),
                         (f"inclusion?position=1&size={size + 100}", "size"), ("consistency?from=-1", "from"),
                         (f"consistency?from=5&to={size + 100}", "to"), ("consistency?from=9&to=4", "from")]:
        r = request(url + "/api/v1/proof/" + query, token=t)
        check(r.status == 400 and r.json().get("field") == field,
              f"/proof/{query}: 400 naming {field} ({r.status} {r.body[:160]})")


def package(k, url, public_key, verify_bin):
    q = "/api/v1/revision-package?organ=bun&from=2026-01-01&to=2026-12-31"
    r = request(url + q, token=k.token_for(REVISOR))
    check(r.status == 200 and r.headers["Content-Type"] == "application/zip" and r.body[:2] == b"PK"
          and "attachment" in r.headers.get("Content-Disposition", ""), f"a revisor downloads the zip ({r.status})")
    path = os.path.join(k.tmp, "paket.zip")
    with open(path, "wb") as f:
        f.write(r.body)
    p = subprocess.run([verify_bin, path, "--key", public_key], capture_output=True, text=True)
    check(p.returncode == 0 and "GODKÄNT" in p.stdout, f"arshjul-verify accepts the download ({p.stdout}{p.stderr})")
    latest = request(url + "/api/v1/checkpoint?format=json", token=k.token_for(REVISOR)).json()
    size = json.loads(k.cli("proof", "consistency", "--from", "0").stdout)["to"]
    check(latest["size"] + 1 == size, f"the download signed the head first ({latest['size']} + 1 == {size})")
    again = request(url + q, token=k.token_for(REVISOR))
    after = request(url + "/api/v1/checkpoint?format=json", token=k.token_for(REVISOR)).json()
    check(again.status == 200 and after["position"] == latest["position"],
          "a second download with nothing new recorded signs no new checkpoint")
    r = request(url + q, token=k.token_for(SEK))
    check(r.status == 403 and r.json().get("rule") == "access.auditor", f"a nämndsekreterare is refused: 403 ({r.status})")
    for bad, field in [("organ=bun&from=2026-13-01&to=2026-12-31", "from"), ("organ=bun&from=2026-01-01", "to"),
                       ("organ=a/b&from=2026-01-01&to=2026-12-31", "organ")]:
        r = request(url + "/api/v1/revision-package?" + bad, token=k.token_for(REVISOR))
        check(r.status == 400 and r.json().get("field") == field, f"{bad}: 400 naming {field} ({r.body[:160]})")


def main(binary, verify_bin, source, data=None):
    k = Kommun(binary, source, data)
    key = os.path.join(k.tmp, "kommun")
    check(k.cli("keygen", "--name", "exempelkommun.se/arshjul", "--out", key).returncode == 0, "keygen")
    service = Service(k)
    try:
        t = k.token_for("eva-lindgren")
        r = request(service.url + "/api/v1/checkpoint", token=t)
        check(r.status == 404 and "checkpoint" in r.json()["detail"], f"no checkpoint yet: 404 ({r.status})")
    finally:
        service.stop()
    note = k.cli("checkpoint", "--key", key + ".key")
    check(note.returncode == 0, "arshjul checkpoint " + note.stderr)
    # With the key the service signs the head before a download, so the package covers what the
    # service itself recorded since (its reminders): docs/revision.md. (--checkpoint-at none: no
    # scheduled checkpoints here, whatever today's date; checkpoint_publishing_test.cc tests those.)
    service = Service(k, "--checkpoint-key", key + ".key", "--checkpoint-at", "none")
    try:
        url = service.url
        r = request(url + "/api/v1/checkpoint", token=t)
        check(r.status == 200 and r.body.decode() == note.stdout and r.headers["Content-Type"].startswith("text/plain"),
              "GET /checkpoint is the checkpoint arshjul checkpoint recorded")
        j = request(url + "/api/v1/checkpoint?format=json", token=t).json()
        check(j["checkpoint"] == note.stdout and j["origin"] == "exempelkommun.se/arshjul" and j["size"] > 0
              and j["public_key"] == open(key + ".pub").read().strip(), "?format=json names origin, size and key")
        r = request(url + "/api/v1/log?type=CheckpointPublished", token=t)
        logged = r.json()["events"] if r.status == 200 else []
        check(len(logged) == 1 and logged[0]["payload"] == {"note": note.stdout, "public_key": j["public_key"]}
              and logged[0]["summary"] == f"checkpoint exempelkommun.se/arshjul, storlek {j['size']}",
              f"/api/v1/log gives a CheckpointPublished event its note as payload ({r.status} {logged})")
        proofs(k, url, t)
        package(k, url, key + ".pub", verify_bin)
    finally:
        check(service.stop() == 0, "the service stops cleanly")


if __name__ == "__main__":
    cluster = Cluster() if sys.argv[4:] == ["--postgres"] else None
    try:
        main(sys.argv[1], sys.argv[2], sys.argv[3], cluster.url if cluster else None)
    finally:
        if cluster:
            cluster.stop()
    finish()
