#!/usr/bin/python3
"""End-to-end fault tests of `arshjul serve`: a real service process, a real
SMTP server (aiosmtpd, tests/adapters/smtp_sink.py) and a real RocksDB log.

    serve_crash_test.py ARSHJUL SCENARIO

Six reminders (tests/e2e/crash_template.yaml: three committees, 08:00 and 08:05
on 2027-03-15) are run on a clock starting at 07:59:58 and going 60 times as
fast as real time. Scenarios:

  kill_before_send  SIGKILL after the outbox recorded the 08:00 reminders,
                    before the first was sent; restart.
  kill_during_send  SIGKILL halfway through the first message's DATA (the
                    server never sees the final "."); restart.
  kill_after_send   SIGKILL after the server's 250 for the first message and
                    before NotificationDelivered is recorded; restart.
  smtp_outage       no SMTP server until the first attempts have failed; then
                    one starts on the same port.

Guarantees checked (docs/scheduler.md): every reminder reaches every recipient
— each (reminder, recipient) Message-ID arrives at the sink — and the log
records each delivery exactly once. At the sink each message arrives exactly
once, except in kill_after_send: there the message accepted just before the
kill arrives twice with the same Message-ID (at-least-once; a Message-ID-
deduplicating mail store shows it once), every other message exactly once.

Exit 0: pass, 1: fail, 77: skipped (the binary has no `serve` yet).
"""
import collections
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORG = os.path.join(ROOT, "workflows", "examples", "exempelkommun", "organization.yaml")
TEMPLATE = os.path.join(HERE, "crash_template.yaml")
SINK = os.path.join(ROOT, "tests", "adapters", "smtp_sink.py")
CLOCK_START = "2027-03-15T06:59:58Z"
SPEED = "60"
PEOPLE = {"bun": "tomas-axelsson", "sn": "karin-holm", "kfn": "elin-nord"}
EXPECTED = sorted(
    "<2027/rapport/%s/reminder/0d%s.%s@arshjul>" % (organ, hhmm, person)
    for organ, person in PEOPLE.items()
    for hhmm in ("0800", "0805")
)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise Failure("timed out waiting for " + what)


class Run:
    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp
        self.data = os.path.join(tmp, "data")
        self.mail = os.path.join(tmp, "mail")
        self.port = free_port()
        self.sink = None
        self.serves = 0

    def arshjul(self, *args):
        return subprocess.run([self.binary, "--data", self.data] + list(args), capture_output=True, text=True,
                              timeout=60)

    def start_sink(self):
        port_file = os.path.join(self.tmp, "sink-port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.sink = subprocess.Popen(["/usr/bin/python3", SINK, "--dir", self.mail, "--port", str(self.port),
                                      "--port-file", port_file])
        wait_until(lambda: os.path.exists(port_file), 20, "the SMTP sink")

    def stop_sink(self):
        if self.sink:
            self.sink.send_signal(signal.SIGTERM)
            self.sink.wait(timeout=20)
            self.sink = None

    def start_serve(self, fault=None):
        env = dict(os.environ)
        env.pop("ARSHJUL_FAULT", None)
        if fault:
            env["ARSHJUL_FAULT"] = fault
            env["ARSHJUL_FAULT_AT"] = "1"
        self.serves += 1
        log = open(os.path.join(self.tmp, "serve-%d.log" % self.serves), "w")
        return subprocess.Popen(
            [self.binary, "--data", self.data, "serve", "--template", TEMPLATE, "--smtp-host", "127.0.0.1",
             "--smtp-port", str(self.port), "--smtp-from", "arshjul@exempelkommun.se", "--timeout-ms", "3000",
             "--clock-start", CLOCK_START, "--clock-speed", SPEED, "--listen", "127.0.0.1:0"],
            env=env, stdout=log, stderr=subprocess.STDOUT)

    def messages(self):
        if not os.path.isdir(self.mail):
            return []
        out = []
        for name in sorted(os.listdir(self.mail)):
            if name.endswith(".json"):
                with open(os.path.join(self.mail, name), encoding="utf-8") as f:
                    out.append(json.load(f))
        return out

    def message_ids(self):
        return [m["message_id"] for m in self.messages()]

    def events(self, event_type):
        r = self.arshjul("log", "--format", "jsonl", "--type", event_type)
        check(r.returncode == 0, "arshjul log failed: " + r.stderr)
        return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]

    def logs(self):
        text = ""
        for i in range(1, self.serves + 1):
            with open(os.path.join(self.tmp, "serve-%d.log" % i), encoding="utf-8", errors="replace") as f:
                text += "--- serve run %d ---\n%s" % (i, f.read())
        return text


def finish(run, serve):
    """Waits for all six reminders, a little longer for any stray duplicate, then stops serve."""
    wait_until(lambda: len(set(run.message_ids())) >= len(EXPECTED), 40, "all reminders at the sink")
    time.sleep(1.5)  # 1.5 minutes on the service's clock: a duplicate would have come by now
    serve.send_signal(signal.SIGTERM)
    check(serve.wait(timeout=20) == 0, "serve did not stop cleanly on SIGTERM")


def check_log(run):
    scheduled = run.events("NotificationScheduled")
    delivered = run.events("NotificationDelivered")
    check(len(scheduled) == 6, "expected 6 NotificationScheduled, got %d" % len(scheduled))
    check(len(delivered) == 6, "expected each delivery recorded once (6), got %d" % len(delivered))
    return scheduled, delivered


def kill_scenario(run, fault):
    run.start_sink()
    serve = run.start_serve(fault)
    code = serve.wait(timeout=30)
    check(code == -signal.SIGKILL, "serve should have been killed by the fault point, exit %r" % code)
    before_restart = run.message_ids()
    if fault == "kill_after_send":
        check(len(before_restart) == 1, "the server accepted one message before the kill, got %d" % len(before_restart))
    else:
        check(before_restart == [], "nothing may reach the sink before the kill, got %r" % before_restart)
    serve = run.start_serve()
    finish(run, serve)
    ids = run.message_ids()
    counts = collections.Counter(ids)
    check(sorted(counts) == EXPECTED, "every reminder to every recipient: got %r" % sorted(counts))
    if fault == "kill_after_send":
        twice = [mid for mid, n in counts.items() if n == 2]
        check(twice == before_restart, "only the message accepted before the kill may come twice: %r" % counts)
        check(all(n <= 2 for n in counts.values()), "no message more than twice: %r" % counts)
        first = [m for m in run.messages() if m["message_id"] == twice[0]]
        check(first[0]["subject"] == first[1]["subject"] and first[0]["body"] == first[1]["body"],
              "the resent message is the same message")
    else:
        check(all(n == 1 for n in counts.values()), "exactly once at the sink: %r" % counts)
    check_log(run)


def smtp_outage(run):
    serve = run.start_serve()
    wait_until(lambda: len(run.events("NotificationFailed")) >= 3, 30, "the first attempts to fail")
    check(run.message_ids() == [], "nothing can arrive while the server is down")
    run.start_sink()
    finish(run, serve)
    counts = collections.Counter(run.message_ids())
    check(sorted(counts) == EXPECTED, "every reminder after the outage: got %r" % sorted(counts))
    check(all(n == 1 for n in counts.values()), "exactly once at the sink: %r" % counts)
    check_log(run)
    failed = run.events("NotificationFailed")
    check(all(not e["payload"].get("permanent", False) for e in failed), "an outage is never a permanent failure")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, scenario = sys.argv[1], sys.argv[2]
    probe = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True)
    if probe.returncode != 0 or "--clock-start" not in probe.stdout:
        print("skipped: %s has no 'serve' subcommand (AddSchedulerCommands is not wired in main.cc)" % binary)
        return 77
    tmp = tempfile.mkdtemp(prefix="arshjul-e2e-")
    run = Run(binary, tmp)
    try:
        r = run.arshjul("init", "--org", ORG)
        check(r.returncode == 0, "arshjul init failed: " + r.stdout + r.stderr)
        if scenario == "smtp_outage":
            smtp_outage(run)
        elif scenario in ("kill_before_send", "kill_during_send", "kill_after_send"):
            kill_scenario(run, scenario)
        else:
            print("unknown scenario " + scenario)
            return 2
        print("ok: %s (%d messages at the sink)" % (scenario, len(run.message_ids())))
        return 0
    except (Failure, subprocess.TimeoutExpired) as e:
        print("FAIL: %s: %s" % (scenario, e))
        print(run.logs())
        return 1
    finally:
        run.stop_sink()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
