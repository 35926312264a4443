#!/usr/bin/env python3
"""The service under load (never run by ctest; figures in docs/benchmarks.md).

    tests/bench/service_bench.py BUILD_DIR SOURCE_DIR [SECONDS]

Starts `arshjul serve` on the example kommun (its sample year recorded) on a free
port, the reminder scheduler running, and measures with wrk on loopback, 8
connections:
  - GET /api/v1/healthz and GET /api/v1/views/uppsikt: rate and p99; the goal is
    uppsikt ≥ 50 % of healthz;
  - POST /api/v1/commands, one synced RecordDecision each, against the in-process
    CommandHandler rate (handler_bench, same sync setting); the goal is ≥ 70 %.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from service_support import Kommun, Service  # noqa: E402

POST_LUA = r"""
local n = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  n = n + 1
  local id = tid .. "-" .. n
  local body = '{"command":"RecordDecision","command_id":"wrk/' .. id .. '",' ..
    '"actor":{"person":"sara-lindqvist","role":"namndsekreterare","organ":"bun"},' ..
    '"payload":{"id":"bun-wrk-' .. id .. '","organ":"bun","meetingDate":"2026-04-21","minuteItem":"§ ' .. (tid * 10000000 + n) .. '",' ..
    '"registryNumber":"BUN/2026:1","title":"Belastning","decides":"other"}}'
  return wrk.format("POST", "/api/v1/commands", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. TOKEN}, body)
end
function response(status, headers, body)
  if status ~= 201 then errors = (errors or 0) + 1 end
end
"""


def wrk(url, seconds, token=None, script=None):
    cmd = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, float(p99.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0


def main(build, source, seconds="5"):
    binary = os.path.join(build, "adapters", "arshjul")
    k = Kommun(binary, source)
    reader = k.token_for("eva-lindgren")
    writer = k.token_for("sara-lindqvist")
    handler = subprocess.run([os.path.join(build, "tests", "bench", "handler_bench"), f"--seconds={seconds}"],
                             capture_output=True, text=True, check=True).stdout
    handler_rate = float(handler.split()[1])
    service = Service(k, "--log-format", "json")
    try:
        health = wrk(service.url + "/api/v1/healthz", seconds)
        uppsikt = wrk(service.url + "/api/v1/views/uppsikt", seconds, reader)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(f'TOKEN = "{writer}"\n' + POST_LUA)
        post = wrk(service.url + "/api/v1/commands", seconds, script=f.name)
        os.unlink(f.name)
    finally:
        service.stop()
    print(f"{'measure':38} {'req/s':>9} {'p99 ms':>8} {'non-2xx':>8}")
    for name, (rate, p99, bad) in (("GET /healthz", health), ("GET /views/uppsikt", uppsikt),
                                   ("POST /commands (synced, 8 conns)", post)):
        print(f"{name:38} {rate:9.0f} {p99:8.2f} {bad:8d}")
    print(f"{'in-process CommandHandler (synced)':38} {handler_rate:9.0f}")
    print(f"uppsikt / healthz = {uppsikt[0] / health[0]:.2f} (goal ≥ 0.50)")
    print(f"POST /commands / CommandHandler = {post[0] / handler_rate:.2f} (goal ≥ 0.70)")


if __name__ == "__main__":
    main(*sys.argv[1:])
