"""`make backup`, `make restore` and `make pack` against `make cluster` for real.

One cluster for the module (PostgreSQL, two Zope instances, HAProxy). A pack runs
while it serves; then a resident sends in a case with a file, the database is backed
up with the administrators' command, restored into a fresh cluster in a new home
(its own ``initdb``, its own ports) and that cluster started: the same site. Skipped
only where PostgreSQL or HAProxy is not installed (``.ci/run`` installs both).
"""

import re
import shutil
import stat
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import httpx
import psycopg2
import pytest
import transaction
import ZODB
from persistent.mapping import PersistentMapping
from ZODB.blob import Blob
from ZODB.utils import u64

from atvidaberg.etjanster.devserver.backup import Database
from atvidaberg.etjanster.devserver.backup import dsn_of_zope_conf
from atvidaberg.etjanster.devserver.cluster import HEALTH
from atvidaberg.etjanster.devserver.cluster import Cluster
from atvidaberg.etjanster.devserver.cluster import Settings
from atvidaberg.etjanster.devserver.cluster import binaries_missing
from atvidaberg.etjanster.devserver.cluster import free_port
from atvidaberg.etjanster.simulators.server import DEFAULT_PORTS

from helpers import eid_login
from helpers import make_pdf_bytes

ANNA = "198001019820"
FELANMALAN = "/e-tjanster/felanmalan-gata-och-park"
A_REPORT = {"typ": "Gatubelysning", "plats": "Storgatan 12", "beskrivning": "Mörkt."}
NUMBER = re.compile(r"ETJ-\d{4}-(\d{6})")
BACKUP = [sys.executable, "-m", "atvidaberg.etjanster.devserver.backup"]

pytestmark = pytest.mark.skipif(
    bool(binaries_missing()),
    reason=f"needs PostgreSQL and HAProxy: {', '.join(binaries_missing())} missing",
)


def new_home(prefix):
    # PostgreSQL runs as an unprivileged user, who must reach its data directory:
    # pytest's own temporary directories are private to root.
    home = Path(tempfile.mkdtemp(prefix=prefix))
    home.chmod(0o755)
    return home


def cluster_in(home, instances):
    """A cluster on ports of its own (other clusters may run on this machine)."""
    return Cluster(
        Settings(
            home=home,
            port=free_port(),
            instances=instances,
            first_instance_port=free_port(),
            mail_port=free_port(),
            simulator_ports={name: free_port() for name in DEFAULT_PORTS},
        )
    )


@pytest.fixture(scope="module")
def cluster():
    home = new_home("etjanster-backup-")
    try:
        with cluster_in(home, instances=2) as running:
            yield running
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run(*arguments, env=None):
    result = subprocess.run(
        [*BACKUP, *map(str, arguments)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def dsn(cluster):
    """The database the instances use, as the backup module finds it."""
    return dsn_of_zope_conf(cluster.instance_home(1) / "etc" / "zope.conf")


def resident(cluster):
    site = f"{cluster.url}/Plone"
    control = f"http://127.0.0.1:{cluster.settings.simulator_ports['control']}"
    client = eid_login(site, control, ANNA)
    client.headers["Origin"] = cluster.url
    return client


def query(cluster, sql, *parameters):
    with (
        closing(psycopg2.connect(dsn(cluster))) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, parameters)
        return [row[0] for row in cursor.fetchall()]


def stored(cluster, zoid):
    """The object's state rows, its blob's chunks, and their large objects."""
    chunks = query(cluster, "SELECT chunk FROM blob_chunk WHERE zoid = %s", zoid)
    large = query(
        cluster, "SELECT oid FROM pg_largeobject_metadata WHERE oid = ANY(%s)", chunks
    )
    states = query(cluster, "SELECT zoid FROM object_state WHERE zoid = %s", zoid)
    return len(states), len(chunks), len(large), chunks


def unreachable_blob(cluster, scratch):
    """Store a blob, then drop the only reference to it: its zoid."""
    from relstorage.adapters.postgresql import PostgreSQLAdapter
    from relstorage.options import Options
    from relstorage.storage import RelStorage

    options = Options(keep_history=False, shared_blob_dir=False, blob_dir=str(scratch))
    adapter = PostgreSQLAdapter(dsn=dsn(cluster), options=options)
    db = ZODB.DB(RelStorage(adapter, options=options))
    try:
        connection = db.open()
        root = connection.root()
        root["backup-test"] = PersistentMapping({"file": Blob(b"unreachable" * 1000)})
        transaction.commit()
        zoid = u64(root["backup-test"]["file"]._p_oid)
        del root["backup-test"]
        transaction.commit()
        connection.close()
    finally:
        db.close()
    return zoid


def test_a_pack_removes_unreachable_objects_while_the_site_serves(cluster, tmp_path):
    zoid = unreachable_blob(cluster, tmp_path / "blobcache")
    states, chunks, large, large_objects = stored(cluster, zoid)
    assert (states, chunks, large) == (1, 1, 1)

    run("pack", "--home", cluster.home)  # make pack: the running cluster's database

    assert stored(cluster, zoid) == (0, 0, 0, [])
    leftover = "SELECT oid FROM pg_largeobject_metadata WHERE oid = ANY(%s)"
    assert query(cluster, leftover, large_objects) == []  # the file's bytes are gone
    for server in [*cluster.instance_urls(), cluster.url]:
        assert httpx.get(server + HEALTH).status_code == 200
    for page in ("/Plone", f"/Plone{FELANMALAN}"):
        assert httpx.get(cluster.url + page).status_code == 200, page


def send_in_with_a_file(anna, drawing):
    """A case with an attachment: (its path under the site, its number, the file's
    download path)."""
    site = str(anna.base_url).rstrip("/")
    draft = anna.post(f"{FELANMALAN}/@start")
    assert draft.status_code in (200, 201), draft.text
    case = draft.json()["@id"]
    attached = anna.post(
        f"{case}/@attachments", files={"file": ("plan.pdf", drawing, "application/pdf")}
    )
    assert attached.status_code == 201, attached.text
    saved = anna.patch(f"{case}/@form", json={"step": "felet", "data": A_REPORT})
    assert saved.status_code == 200, saved.text
    sent = anna.post(f"{case}/@submit")
    assert sent.status_code == 200, sent.text
    number = sent.json()["registration_number"]
    return (
        case.removeprefix(site),
        number,
        attached.json()["download"].removeprefix(site),
    )


def submit_another(anna):
    draft = anna.post(f"{FELANMALAN}/@start").json()["@id"]
    anna.patch(f"{draft}/@form", json={"step": "felet", "data": A_REPORT})
    sent = anna.post(f"{draft}/@submit")
    assert sent.status_code == 200, sent.text
    return sent.json()["registration_number"]


def serial(number):
    return int(NUMBER.fullmatch(number).group(1))


def blobs_in(home):
    return list((home / "cluster").glob("zope*/var/blobcache/**/*.blob"))


def test_a_backup_restored_into_a_fresh_cluster_is_the_same_site(cluster):
    drawing = make_pdf_bytes("Situationsplan " + "Storgatan 12 " * 40)
    case, number, download = send_in_with_a_file(resident(cluster), drawing)

    # As against a production database: a connection string, the password in
    # PGPASSWORD (make backup DSN=...).
    database = Database(dsn(cluster))
    assert "password" not in database.conninfo
    dump = cluster.home / "backups" / "zodb.dump"
    backed_up = run(
        "backup", "--dsn", database.conninfo, "--output", dump, env=database.env()
    )
    assert "Backed up to" in backed_up
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600  # every resident's cases
    cluster.stop()  # the old cluster is gone; its home is not used again

    home = new_home("etjanster-restored-")
    try:
        run("restore", dump, "--home", home)  # a fresh cluster: initdb, pg_restore
        assert not blobs_in(home)
        with cluster_in(home, instances=1) as restored:
            anna = resident(restored)
            mine = anna.get("/@my-cases").json()
            assert [row["registration_number"] for row in mine["ongoing"]] == [number]
            assert mine["ongoing"][0]["@id"] == f"{restored.url}/Plone{case}"
            mina_sidor = anna.get(
                "/e-tjanster/mina-sidor", headers={"Accept": "text/html"}
            )
            assert mina_sidor.status_code == 200 and number in mina_sidor.text
            # The file comes from PostgreSQL: the new instance's blob cache was empty.
            got = anna.get(download)
            assert got.status_code == 200, got.text
            assert got.content == drawing
            assert serial(submit_another(anna)) == serial(number) + 1
    finally:
        shutil.rmtree(home, ignore_errors=True)
