#!/usr/bin/env python3
"""Records a JSON-lines command file into a token-protected store, each command
as the person its actor names: every write is authenticated as its actor
(docs/api.md), so a file with many actors is recorded in runs of one actor,
each with that person's own token.

    record_as_actors.py ARSHJUL_BINARY DATA_DIR COMMANDS.jsonl TOKENS_FILE

TOKENS_FILE (JSON, {"person": "token", ...}, mode 0600) must hold the
administrator's token under "admin" (what `arshjul init` printed); a token is
issued for each actor that has none yet and kept there, so a second run
issues nothing and records nothing new (command ids are idempotent).
"""
import datetime
import json
import os
import subprocess
import sys


def main(binary, data, commands_path, tokens_path):
    with open(tokens_path) as f:
        tokens = json.load(f)
    commands = [json.loads(line) for line in open(commands_path) if line.strip()]
    expires = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    for person in dict.fromkeys(c["actor"]["person"] for c in commands):
        if person in tokens:
            continue
        r = subprocess.run([binary, "--data", data, "--token", tokens["admin"], "token", "create",
                            "--person", person, "--expires", expires], capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            return r.returncode
        tokens[person] = r.stdout.strip()
        fd = os.open(tokens_path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(tokens, f, indent=1)
        os.replace(tokens_path + ".tmp", tokens_path)
    recorded = existed = 0
    i = 0
    while i < len(commands):
        person = commands[i]["actor"]["person"]
        j = i
        while j < len(commands) and commands[j]["actor"]["person"] == person:
            j += 1
        text = "\n".join(json.dumps(c, ensure_ascii=False) for c in commands[i:j]) + "\n"
        r = subprocess.run([binary, "--data", data, "--token", tokens[person], "record", "--quiet", "-"],
                           input=text, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            sys.stdout.write(r.stdout)
            return r.returncode
        words = r.stdout.split()
        recorded += int(words[0])
        existed += int(words[2])
        i = j
    print(f"{recorded} registrerade, {existed} fanns redan")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
