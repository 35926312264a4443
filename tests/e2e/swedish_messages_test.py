#!/usr/bin/python3
"""End-to-end test: what the argument parser, the YAML reader and the
Cap'n Proto JSON decoder report reaches the user in Swedish.

    swedish_messages_test.py ARSHJUL
Exit 0: pass, 1: fail.
"""
import os
import subprocess
import sys
import tempfile

ENGLISH = ("is required", "Could not convert", "not expected", "Usage:", "Options:", "Subcommands:",
           "parse error", "Unknown field", "not found", "expected")


def run(binary, *args, stdin=None, expect=2, cwd=None):
    r = subprocess.run([binary] + list(args), input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd)
    if r.returncode != expect:
        raise AssertionError("arshjul %s exited %d, expected %d: %s" % (" ".join(args), r.returncode, expect, r.stderr))
    return r


def swedish(text, *wanted):
    for w in wanted:
        assert w in text, "%r not in %r" % (w, text)
    for e in ENGLISH:
        assert e not in text, "English %r in %r" % (e, text)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        swedish(run(binary, "plan").stderr, "--year krävs")
        swedish(run(binary, "plan", "--year", "abc").stderr, "--year: kan inte tolka värdet 'abc'")
        swedish(run(binary, "plan", "--year", "2027", "--yaer", "1").stderr, "okänt argument")
        swedish(run(binary).stderr, "ange ett kommando")
        swedish(run(binary, "--help", expect=0).stdout, "Användning:", "Flaggor:", "Kommandon:")
        swedish(run(binary, "plan", "--help", expect=0).stdout, "Användning:", "Flaggor:")
        bad = os.path.join(tmp, "mall.yaml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("id: x\nname: X\nsteps: [\n  {id: a}\n")
        swedish(run(binary, "plan", "--template", bad, "--year", "2027", "--org", bad).stderr, "YAML-fel")
        org = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "workflows", "examples",
                           "exempelkommun", "organization.yaml")
        swedish(run(binary, "plan", "--org", org, "--template", bad, "--year", "2027").stderr,
                "mall.yaml:", "YAML-fel: listan saknar avslutande ]")
        data = os.path.join(tmp, "data")
        run(binary, "--data", data, "init", "--org", org, expect=0)
        cmd = ('{"command": "ReportForecast", "command_id": "x", '
               '"actor": {"person": "fredrik-nilsson", "role": "controller", "organ": "bun"}, '
               '"payload": {"organ": "bun", "year": 2026, "budgett": 1}}')
        swedish(run(binary, "--data", data, "record", "-", stdin=cmd).stderr, "okänt fält 'budgett'",
                "payload.budgett")
        swedish(run(binary, "--data", data, "record", "-", stdin='{"command": "X",\n "command_id" "b"}').stderr,
                "rad 2, kolumn", "ogiltig JSON: kolon saknas")
    print("swedish messages: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print("FAIL:", e)
        sys.exit(1)
