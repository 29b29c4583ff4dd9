"""Back up, restore and pack the production shape's database (``make backup``,
``make restore``, ``make pack``).

Everything of the site is in one PostgreSQL database: RelStorage keeps the ZODB
there history-free, the blobs included (``shared-blob-dir false``: each blob is a
large object of the ``blob_chunk`` table). So a backup is one ``pg_dump`` of that
database in PostgreSQL's custom format, large objects included. Nothing else is
needed to restore it:

- the instances' blob caches (``cluster/zopeN/var/blobcache``) are copies that each
  instance fills from the database when it reads a blob, and empties down to
  ``blob-cache-size``; a fresh, empty cache is filled again as residents download;
- the database password and every instance's ``zope.conf`` belong to an
  installation, not to the data: a fresh cluster makes its own at ``initdb`` and
  renders the configuration at every start;
- the eID simulators' test PKI is made anew in the new home, and the site is pointed
  at it at start (``simulated_eid.configure``).

In production the files the site's settings name (the eID certificates and keys) and
the configuration (``zope.conf``, secrets) are kept with the configuration, not in
the database: see ``docs/installation.md``.

Where the database is, for every command (one of):

- ``--home DIR`` (default ``instance``): the cluster of ``make cluster`` under
  ``DIR/postgresql``; if it is not running, it is started for the command and
  stopped afterwards;
- ``--dsn "host=... port=... dbname=zodb user=..."``: any PostgreSQL, as a libpq
  connection string (the password from ``PGPASSWORD`` or ``~/.pgpass``, or in the
  string);
- ``--zope-conf FILE``: the ``dsn`` of RelStorage's ``<postgresql>`` section in an
  instance's ``zope.conf`` (the database the instances use).

The PostgreSQL client programs are those of ``PG_BIN`` (default Debian's 15); use
the server's major version or a newer one.
"""

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from pathlib import Path

import psycopg2
from psycopg2.extensions import make_dsn
from psycopg2.extensions import parse_dsn

from atvidaberg.etjanster.devserver.cluster import BIN
from atvidaberg.etjanster.devserver.cluster import PG_BIN
from atvidaberg.etjanster.devserver.cluster import PostgreSQL

# RelStorage's table of object states: in every ZODB database it made.
OBJECT_STATE = "object_state"

PACK_CONFIG = """\
%import relstorage
<relstorage>
  keep-history false
  pack-gc true
  <postgresql>
    dsn {dsn}
  </postgresql>
</relstorage>
"""


class BackupError(Exception):
    """A backup, restore or pack that cannot be done, with the reason."""


@dataclass(frozen=True)
class Database:
    """How to reach the ZODB's PostgreSQL database: a libpq connection string."""

    dsn: str

    @property
    def conninfo(self) -> str:
        """The connection string without its password, for the command line (where
        every user of the machine can read it); the password goes in the environment."""
        params = parse_dsn(self.dsn)
        params.pop("password", None)
        return make_dsn(**params)

    def env(self) -> dict[str, str]:
        password = parse_dsn(self.dsn).get("password")
        return {**os.environ, **({"PGPASSWORD": password} if password else {})}

    def pg(self, program: str, *arguments: str) -> subprocess.CompletedProcess:
        """Run a PostgreSQL client program against this database."""
        result = subprocess.run(
            [str(PG_BIN / program), *arguments],
            capture_output=True,
            text=True,
            env=self.env(),
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"{program} failed:\n{result.stderr.strip()}")
        return result

    def tables(self) -> list[str]:
        try:
            with (
                contextlib.closing(psycopg2.connect(self.dsn)) as connection,
                connection.cursor() as cursor,
            ):
                cursor.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
                return sorted(row[0] for row in cursor.fetchall())
        except psycopg2.Error as error:
            raise BackupError(f"cannot read the database: {error}") from error


def dsn_of_zope_conf(path: Path) -> str:
    """The ``dsn`` of RelStorage's ``<postgresql>`` section in a ``zope.conf``."""
    text = path.read_text(encoding="utf-8")
    section = re.search(r"<postgresql>(.*?)</postgresql>", text, re.S)
    found = section and re.search(r"^\s*dsn\s+(.+?)\s*$", section.group(1), re.M)
    if not found:
        raise BackupError(f"{path} has no RelStorage <postgresql> section with a dsn")
    return found.group(1)


def running_port(postgresql: PostgreSQL) -> int | None:
    """The port of the home's PostgreSQL while it runs, else None."""
    pid_file = postgresql.data / "postmaster.pid"
    try:
        postgresql.run(str(PG_BIN / "pg_ctl"), "-D", str(postgresql.data), "status")
        # postmaster.pid: pid, data directory, start time, port, ...
        return int(pid_file.read_text().splitlines()[3])
    except (subprocess.CalledProcessError, OSError, IndexError, ValueError):
        return None


@contextlib.contextmanager
def home_database(home: Path, initialise: bool = False) -> Iterator[Database]:
    """The database of ``make cluster``'s home; its PostgreSQL started for the time
    of the command unless it runs (``initialise``: a fresh cluster, ``initdb``)."""
    postgresql = PostgreSQL(home, 0)
    port = running_port(postgresql)
    fresh = not (postgresql.data / "PG_VERSION").exists()
    if port is None and fresh and not initialise:
        raise BackupError(f"{home} holds no database cluster (postgresql/data)")
    if port is not None:
        postgresql.port = port
        yield Database(postgresql.dsn())
        return
    postgresql.initialise()
    postgresql.start()
    try:
        yield Database(postgresql.dsn())
    finally:
        postgresql.stop()


def backup(database: Database, output: Path) -> Path:
    """Dump the database into ``output`` (custom format: compressed, the large
    objects included, restored with ``pg_restore``), readable only by its owner:
    it holds every resident's cases."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.touch(mode=0o600)
    try:
        database.pg(
            "pg_dump", "--format=custom", f"--file={partial}", "--dbname",
            database.conninfo,
        )  # fmt: skip
        listing = database.pg("pg_restore", "--list", str(partial)).stdout
        if f"TABLE DATA public {OBJECT_STATE}" not in listing:
            raise BackupError(f"the database has no {OBJECT_STATE}: not a ZODB")
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def restore(database: Database, dump: Path) -> None:
    """Restore ``dump`` into an empty database, in one transaction: all or nothing.
    The objects become the connecting user's (``--no-owner``), whatever role owned
    them where the dump was taken. Run it with the instances stopped."""
    if not dump.is_file():
        raise BackupError(f"no backup at {dump}")
    existing = database.tables()
    if existing:
        raise BackupError(
            "the database is not empty (tables: " + ", ".join(existing[:5]) + "); "
            "restore into a fresh cluster or a newly created database"
        )
    database.pg(
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
        "--single-transaction", "--dbname", database.conninfo, str(dump),
    )  # fmt: skip


def pack(database: Database) -> None:
    """zodbpack the database: history-free RelStorage keeps no old revisions, but
    objects nothing refers to any more (a deleted draft, its files, replaced
    catalog buckets) stay until a pack removes them, their blobs with them. The
    instances may keep running."""
    if OBJECT_STATE not in database.tables():
        raise BackupError(f"the database has no {OBJECT_STATE}: not a ZODB")
    with tempfile.TemporaryDirectory(prefix="etjanster-pack-") as scratch:
        config = Path(scratch) / "pack.conf"  # holds the password: mode 0600
        config.touch(mode=0o600)
        config.write_text(PACK_CONFIG.format(dsn=database.dsn), encoding="utf-8")
        result = subprocess.run(
            [str(BIN / "zodbpack"), "--days", "0", str(config)],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise BackupError("zodbpack failed:\n" + result.stderr[-3000:])


def default_output() -> Path:
    return Path("backups") / f"zodb-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"


@contextlib.contextmanager
def chosen_database(args: argparse.Namespace) -> Iterator[Database]:
    if args.dsn:
        yield Database(args.dsn)
    elif args.zope_conf:
        yield Database(dsn_of_zope_conf(args.zope_conf))
    else:
        with home_database(args.home, initialise=args.command == "restore") as found:
            yield found


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m atvidaberg.etjanster.devserver.backup",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    commands = parser.add_subparsers(dest="command", required=True)
    made = {
        "backup": commands.add_parser("backup", help="pg_dump the database"),
        "restore": commands.add_parser(
            "restore", help="restore a backup into a fresh cluster or empty database"
        ),
        "pack": commands.add_parser("pack", help="remove unreachable objects"),
    }
    made["backup"].add_argument("--output", type=Path, default=None)
    made["restore"].add_argument("dump", type=Path)
    for command in made.values():
        where = command.add_mutually_exclusive_group()
        where.add_argument("--home", type=Path, default=Path("instance"))
        where.add_argument("--dsn")
        where.add_argument("--zope-conf", type=Path)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        with chosen_database(args) as database:
            if args.command == "backup":
                written = backup(database, args.output or default_output())
                print(f"Backed up to {written} ({written.stat().st_size} bytes)")
            elif args.command == "restore":
                restore(database, args.dump)
                print(f"Restored {args.dump}")
            else:
                pack(database)
                print("Packed")
    except (BackupError, psycopg2.Error) as error:  # a malformed connection string
        sys.exit(str(error))
    except subprocess.CalledProcessError as error:  # initdb, pg_ctl of a home
        sys.exit(f"{' '.join(map(str, error.cmd))} failed:\n{error.stderr}")


if __name__ == "__main__":
    main()
