"""`make start`'s site creation, run for real against a throwaway instance."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from atvidaberg.etjanster.devserver import instance

BIN = Path(sys.executable).parent
CREATE_SITE = Path(instance.__file__).with_name("create_site.py")
COUNT_SCRIPT = """
from zope.component.hooks import setSite
site = app.Plone
setSite(site)
print("language", site.portal_registry["plone.default_language"])
print("eservices", len(site.portal_catalog.unrestrictedSearchResults(portal_type="EService")))
print("marker", site.get("e-tjanster") and site["e-tjanster"].Title())
print("bankid", site.portal_registry["atvidaberg.etjanster.eid.bankid_url"])
print("testmode", site.portal_registry["atvidaberg.etjanster.eid.test_mode"])
"""


def zconsole(home, script):
    result = subprocess.run(
        [str(BIN / "zconsole"), "run", str(home / "etc" / "zope.conf"), str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "INSTANCE_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("instance")
    instance.render(home, "127.0.0.1", 18080)
    return home


def test_render_writes_the_configuration_and_keeps_data(home):
    conf = (home / "etc" / "zope.conf").read_text()
    assert f"%define INSTANCE {home.resolve()}" in conf
    assert "blob-dir $INSTANCE/var/blobstorage" in conf
    assert "listen = 127.0.0.1:18080" in (home / "etc" / "zope.ini").read_text()
    (home / "var" / "filestorage" / "keep.txt").write_text("data")
    instance.render(home, "127.0.0.1", 18081)
    assert "listen = 127.0.0.1:18081" in (home / "etc" / "zope.ini").read_text()
    assert (home / "var" / "filestorage" / "keep.txt").read_text() == "data"


def test_waitress_hands_x_forwarded_for_on_to_the_portal(home):
    """Waitress 3 drops proxy headers it was not told to trust; the portal judges
    X-Forwarded-For itself (the setting "trusted proxies"). Without it every resident
    behind HAProxy was 127.0.0.1: one rate limit of e-ID starts for the whole town."""
    from configparser import ConfigParser

    from waitress.adjustments import Adjustments

    ini = ConfigParser(interpolation=None)
    ini.read(home / "etc" / "zope.ini")
    server = {k: v for k, v in ini["server:main"].items() if k != "use"}
    assert Adjustments(**server).clear_untrusted_proxy_headers is False


def test_create_site_twice_creates_once_and_keeps_the_data(home, tmp_path):
    first = zconsole(home, CREATE_SITE)
    assert "Created the site /Plone" in first
    assert "now uses the local simulators" not in first

    # Something a communicator did between two `make start`s must survive the second.
    edit = tmp_path / "edit.py"
    edit.write_text(
        "import transaction\n"
        "app.Plone['e-tjanster'].title = 'Ändrad av kommunikatör'\n"
        "transaction.commit()\n"
    )
    zconsole(home, edit)

    second = zconsole(home, CREATE_SITE)
    assert "exists; its data is kept" in second
    # Configured at creation already: the second run has nothing to change.
    assert "now uses the local simulators" not in second

    count = tmp_path / "count.py"
    count.write_text(COUNT_SCRIPT)
    report = dict(
        line.split(" ", 1) for line in zconsole(home, count).splitlines() if " " in line
    )
    assert report["language"] == "sv"
    assert int(report["eservices"]) >= 8
    assert report["marker"] == "Ändrad av kommunikatör"
    # The demo uses the local simulators, and says so.
    assert report["bankid"] == "https://127.0.0.1:8441/rp/v6.0"
    assert report["testmode"] == "True"
    assert (home / "var" / "eid-sim" / "rp.pem").exists()


def test_a_second_start_while_running_is_refused_clearly(tmp_path):
    import zc.lockfile

    home = tmp_path / "instance"
    instance.render(home, "127.0.0.1", 18082)
    lock = zc.lockfile.LockFile(str(home / "var" / "filestorage" / "Data.fs.lock"))
    try:
        result = subprocess.run(
            [str(BIN / "etjanster-instance"), "--home", str(home)],
            capture_output=True,
            text=True,
        )
    finally:
        lock.close()
    assert result.returncode == 1
    assert "is already running" in result.stderr
    assert "Traceback" not in result.stderr
