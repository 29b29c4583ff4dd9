"""The backup module's own rules, without a database (tests/cluster/test_backup.py
runs it against a real cluster)."""

import pytest
from psycopg2.extensions import parse_dsn

from atvidaberg.etjanster.devserver.backup import BackupError
from atvidaberg.etjanster.devserver.backup import Database
from atvidaberg.etjanster.devserver.backup import dsn_of_zope_conf
from atvidaberg.etjanster.devserver.backup import main

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
