"""Test helper: a token for one person in a store that `arshjul init` has just
protected (init of a new store prints the first administrator's token once;
from then on every write needs --token or ARSHJUL_TOKEN, as the actor the
commands name — docs/api.md)."""
import datetime
import re
import subprocess


def admin_token(init_stdout):
    found = re.search(r"ARSHJUL_TOKEN=(\S+)", init_stdout)
    assert found, "init printed no token: %r" % init_stdout
    return found.group(1)


def token_for(binary, data_args, admin, person):
    """Issues an API token for `person` with the administrator's token; data_args: e.g. ["--data", DIR]."""
    expires = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    r = subprocess.run([binary] + list(data_args) + ["--token", admin, "token", "create", "--person", person,
                                                     "--expires", expires], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, "token create --person %s: %s%s" % (person, r.stdout, r.stderr)
    return r.stdout.strip()
