"""What the service's end-to-end tests share: a data folder with the example
kommun recorded (as its actors, each with a token of their own), `arshjul
serve` as a real process on a free port, and an HTTP client (urllib).
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


CLEANUP = []


def finish():
    import shutil
    for path in CLEANUP:
        shutil.rmtree(path, ignore_errors=True)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


class Kommun:
    """The example kommun in a fresh data folder (or at `data`, e.g. a
    postgresql:// location), with tokens for its people."""

    def __init__(self, binary, source, data=None):
        self.binary = binary
        self.source = source
        self.example = os.path.join(source, "workflows/examples/exempelkommun")
        self.tmp = tempfile.mkdtemp(prefix="arshjul-service-")
        CLEANUP.append(self.tmp)
        self.data = data or os.path.join(self.tmp, "data")
        self.tokens_path = os.path.join(self.tmp, "tokens.json")
        self.server = None  # the service's URL while it runs
        r = self.cli("init", "--org", os.path.join(self.example, "organization.yaml"))
        m = re.search(r"ARSHJUL_TOKEN=(\S+)", r.stdout)
        if r.returncode != 0 or not m:
            raise SystemExit("init gave no administrator token: " + r.stdout + r.stderr)
        self.tokens = {"admin": m.group(1), "johan-ek": m.group(1)}
        self.save_tokens()
        r = subprocess.run([sys.executable, os.path.join(source, "scripts/record_as_actors.py"), binary, self.data,
                            os.path.join(self.example, "sample-year-2026.jsonl"), self.tokens_path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit("recording the sample year failed: " + r.stdout + r.stderr)
        with open(self.tokens_path) as f:
            self.tokens = json.load(f)

    def save_tokens(self):
        with open(self.tokens_path, "w") as f:
            json.dump(self.tokens, f)

    def cli(self, *args, token=None, stdin=None):
        cmd = [self.binary, "--data", self.data]
        if token:
            cmd += ["--token", token]
        env = dict(os.environ)
        env.pop("ARSHJUL_TOKEN", None)
        return subprocess.run(cmd + list(args), capture_output=True, text=True, input=stdin, env=env, timeout=120)

    def token_for(self, person):
        """A token for `person`, issued by the administrator (through the service when it runs)."""
        if person not in self.tokens:
            via = ["--server", self.server] if self.server else []
            r = self.cli(*via, "token", "create", "--person", person, "--expires", "2099-12-31", token=self.tokens["admin"])
            if r.returncode != 0:
                raise SystemExit("token create failed: " + r.stderr)
            self.tokens[person] = r.stdout.strip()
            self.save_tokens()
        return self.tokens[person]


class Service:
    """`arshjul serve` on a free port of 127.0.0.1."""

    def __init__(self, kommun, *extra):
        self.kommun = kommun
        self.ready = os.path.join(kommun.tmp, "ready-%d" % time.monotonic_ns())
        self.log = open(os.path.join(kommun.tmp, "serve.log"), "a")
        self.backups = os.path.join(kommun.tmp, "backups")
        self.proc = subprocess.Popen(
            [kommun.binary, "--data", kommun.data, "serve", "--template",
             os.path.join(kommun.example, "arshjul.yaml"), "--listen", "127.0.0.1:0", "--ready-file", self.ready,
             "--backup-dir", self.backups] + list(extra),
            stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 30
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("serve did not start; see " + self.log.name)
            time.sleep(0.05)
        with open(self.ready) as f:
            self.url = f.read().strip()
        kommun.server = self.url

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=60)
        self.kommun.server = None
        self.log.close()
        return rc


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


def request(url, method="GET", token=None, body=None, headers=None, timeout=30, context=None):
    """One request with urllib; any HTTP status comes back as a Reply."""
    data = None
    h = dict(headers or {})
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        h.setdefault("Content-Type", "application/json")
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout, context=context) as r:
            return Reply(r.status, dict(r.headers), r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, dict(e.headers), e.read())


def decision(command_id, person, role, organ, n, title="Beslut via API:et"):
    return {"command": "RecordDecision", "command_id": command_id,
            "actor": {"person": person, "role": role, "organ": organ},
            "payload": {"id": f"{organ}-api-{n}", "organ": organ, "meetingDate": "2026-04-21",
                        "minuteItem": f"§ {n}", "registryNumber": f"API/2026:{n}", "title": title,
                        "decides": "other"}}
