"""A throwaway PostgreSQL 15 cluster for the end-to-end tests: initdb and
pg_ctl in a mktemp folder (as the postgres user when run as root, since initdb
refuses root), its Unix socket in that folder, no TCP, fsync off. `url` is the
`--data` location of a store in it.
"""
import os
import pwd
import shutil
import subprocess
import tempfile

PG_BIN = "/usr/lib/postgresql/15/bin/"


def as_owner(cmd):
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


class Cluster:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="arshjul-pg-", dir="/tmp")
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        data = os.path.join(self.root, "data")
        as_owner([PG_BIN + "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8",
                  "--locale=C"])
        with open(os.path.join(data, "postgresql.conf"), "a") as conf:
            conf.write("\nlisten_addresses = ''\nunix_socket_directories = '%s'\nfsync = off\n" % self.root)
        as_owner([PG_BIN + "pg_ctl", "-D", data, "-l", os.path.join(self.root, "log"), "-w", "start"])
        self.url = "postgresql:///postgres?host=%s&user=postgres" % self.root

    def stop(self):
        subprocess.run((["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []) +
                       [PG_BIN + "pg_ctl", "-D", os.path.join(self.root, "data"), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
