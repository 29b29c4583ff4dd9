"""The backup module's own rules, without a database (tests/cluster/test_backup.py
runs it against a real cluster)."""

import os
import subprocess
from pathlib import Path

import pytest
from psycopg2.extensions import parse_dsn

from atvidaberg.etjanster.devserver.backup import BackupError
from atvidaberg.etjanster.devserver.backup import Database
from atvidaberg.etjanster.devserver.backup import dsn_of_zope_conf
from atvidaberg.etjanster.devserver.backup import main

ROOT = Path(__file__).resolve().parents[2]
ZOPE_CONF = """\
%import relstorage
<zodb_db main>
  <relstorage>
    keep-history false
    <postgresql>
      driver psycopg2
      dsn dbname='zodb' host='db.example' port='5432' user='etjanster' password='s3 cret'
    </postgresql>
  </relstorage>
  mount-point /
</zodb_db>
"""


def test_the_dsn_is_read_from_relstorages_section_of_a_zope_conf(tmp_path):
    conf = tmp_path / "zope.conf"
    conf.write_text(ZOPE_CONF)
    assert parse_dsn(dsn_of_zope_conf(conf)) == {
        "dbname": "zodb",
        "host": "db.example",
        "port": "5432",
        "user": "etjanster",
        "password": "s3 cret",
    }
    conf.write_text("<zodb_db main>\n  <filestorage>\n  </filestorage>\n</zodb_db>\n")
    with pytest.raises(BackupError, match="no RelStorage <postgresql> section"):
        dsn_of_zope_conf(conf)


def test_the_password_goes_in_the_environment_not_on_the_command_line():
    database = Database("host=db.example dbname=zodb user=etjanster password='s3 cret'")
    assert "s3 cret" not in database.conninfo
    assert parse_dsn(database.conninfo) == {
        "host": "db.example",
        "dbname": "zodb",
        "user": "etjanster",
    }
    assert database.env()["PGPASSWORD"] == "s3 cret"


def test_a_home_without_a_cluster_is_refused_clearly(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        main(["backup", "--home", str(tmp_path)])
    assert "holds no database cluster" in str(stopped.value)


def make_dry_run(*arguments):
    # As from a shell, also under `make test` (whose MAKEFLAGS would make the inner
    # make print "Leaving directory" after the command).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env=env,
    )
    return result.stdout.strip().splitlines()[-1]


def test_the_make_targets_name_the_cluster_or_the_dsn():
    module = ".venv/bin/python -m atvidaberg.etjanster.devserver.backup"
    assert make_dry_run("backup") == f"{module} backup --home instance"
    assert make_dry_run("pack", "DSN=host=db dbname=zodb") == (
        f'{module} pack --dsn "host=db dbname=zodb"'
    )
    assert make_dry_run("restore", "BACKUP=z.dump", "INSTANCE=/srv/new") == (
        f'{module} restore "z.dump" --home /srv/new'
    )
