#!/usr/bin/python3
"""End-to-end test of the wheel in the store (`arshjul wheel adopt`).

    wheel_test.py ARSHJUL

From a working directory outside the repository: without an adopted wheel
`plan` is refused naming `wheel adopt`; `wheel adopt exempelkommun --from
2026-01-01` (a shipped template by name) makes `plan` and `simulate` work
without --template, with the same plan as --template FILE; adopting
`standard` from 2027-06-01 changes the wheel from then on, while `plan --as-of
2027-03-01` still shows the one in force then; both adoptions are in the log;
adopting the same files again records nothing. Exit 0: pass, 1: fail.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "workflows", "examples", "exempelkommun")


def run(binary, data, *args, expect=0, cwd=None):
    r = subprocess.run([binary, "--data", data] + list(args), capture_output=True, text=True, timeout=120, cwd=cwd)
    if r.returncode != expect:
        raise AssertionError("arshjul %s exited %d, expected %d: %s" % (" ".join(args), r.returncode, expect, r.stderr))
    return r


def steps(binary, data, *extra, cwd):
    out = run(binary, data, "plan", "--year", "2027", "--format", "json", *extra, cwd=cwd).stdout
    return [(i["id"], i["deadline"]) for i in json.loads(out)["instances"]]


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        run(binary, data, "init", "--org", os.path.join(EXAMPLE, "organization.yaml"), cwd=tmp)
        err = run(binary, data, "plan", "--year", "2027", expect=2, cwd=tmp).stderr
        assert "wheel adopt" in err, err
        run(binary, data, "wheel", "adopt", "exempelkommun", "--from", "2026-01-01", cwd=tmp)
        again = run(binary, data, "wheel", "adopt", "exempelkommun", cwd=tmp).stdout
        assert "redan antaget" in again, again
        adopted = steps(binary, data, cwd=tmp)
        from_file = steps(binary, data, "--template", os.path.join(EXAMPLE, "arshjul.yaml"), cwd=tmp)
        assert adopted == from_file and len(adopted) > 150, (len(adopted), len(from_file))
        sim = run(binary, data, "simulate", "--from", "2027-03-01", "--to", "2027-03-31", cwd=tmp).stdout
        assert len(sim.splitlines()) > 20, sim[:200]

        run(binary, data, "wheel", "adopt", "standard", "--from", "2027-06-01", cwd=tmp)
        standard = steps(binary, data, "--template", "standard", cwd=tmp)
        assert steps(binary, data, cwd=tmp) == standard and standard != adopted
        assert steps(binary, data, "--as-of", "2027-03-01", cwd=tmp) == adopted
        err = run(binary, data, "plan", "--year", "2027", "--as-of", "2025-12-31", expect=2, cwd=tmp).stderr
        assert "inget årshjul är antaget" in err, err
        log = run(binary, data, "log", "--type", "AnnualCycleAdopted", "--format", "jsonl", cwd=tmp).stdout
        ids = [json.loads(line)["payload"]["templateId"] for line in log.splitlines() if line.strip()]
        assert ids == ["exempelkommun", "standard"], ids
    print("wheel in the store: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
