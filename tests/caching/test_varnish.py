"""The repository's Varnish configuration (cluster/varnish.vcl) in front of a live
portal (issue 11): anonymous pages come from the cache, a communicator's edit is
purged into it within seconds, and nothing personal is ever served from it.

Varnish (Debian's ``varnish``) runs here in front of the test's Zope directly, without
HAProxy; the test is skipped where it is not installed.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import transaction
from plone.cachepurging.interfaces import ICachePurgingSettings

from helpers import eid_login

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = Path(__file__).resolve().parents[2] / "cluster" / "varnish.vcl"
ESERVICE = "/e-tjanster/ansokan-om-bygglov"
PAGE = {"Accept": "text/html"}
ANNA = "198001019820"
BENGT = "197503159837"

pytestmark = pytest.mark.skipif(
    not Path(VARNISHD).exists(), reason="Varnish is not installed (apt install varnish)"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(demo_functional, eid_site, tmp_path):
    """Varnish on a free port in front of the live portal; its base URL."""
    backend = str(demo_functional["port"])
    vcl = tmp_path / "varnish.vcl"
    vcl.write_text(VCL.read_text().replace('"8081"', f'"{backend}"'))
    port = free_port()
    log = (tmp_path / "varnishd.log").open("w")
    process = subprocess.Popen(
        [
            VARNISHD,
            "-F",
            # No switch to the "varnish" user: it could not read the test's files.
            "-j",
            "none",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-n",
            str(tmp_path / "work"),
            "-s",
            "malloc,32m",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "varnishd.log").read_text()
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "Varnish did not start"
                time.sleep(0.2)
        portal = demo_functional["portal"]
        purging = portal.portal_registry.forInterface(ICachePurgingSettings)
        purging.cachingProxies = (url,)
        transaction.commit()
        yield url + "/".join(portal.getPhysicalPath())
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def get(url, **kwargs):
    return httpx.get(url, headers=PAGE, timeout=60, **kwargs)


def test_anonymous_pages_come_from_the_cache_and_an_edit_shows_within_seconds(
    varnish,
):
    first = get(f"{varnish}{ESERVICE}")
    assert first.status_code == 200
    second = get(f"{varnish}{ESERVICE}")
    assert second.headers["x-cache"] == "HIT", second.headers
    assert second.text == first.text
    # No shared cache further on may keep it: s-maxage is for Varnish alone.
    assert "s-maxage" not in second.headers["cache-control"]
    assert get(f"{varnish}/e-tjanster").status_code == 200
    assert get(f"{varnish}/e-tjanster").headers["x-cache"] == "HIT"

    edited = httpx.patch(
        f"{varnish}{ESERVICE}",
        headers={"Accept": "application/json"},
        auth=("kommunikator", "kommunikator-demo"),
        json={"description": "Ändrad beskrivning, syns direkt."},
        timeout=60,
    )
    assert edited.status_code == 204, edited.text
    deadline = time.monotonic() + 10
    while "syns direkt" not in get(f"{varnish}{ESERVICE}").text:
        assert time.monotonic() < deadline, "the edit did not reach the cache"
        time.sleep(0.2)
    catalog = get(f"{varnish}/e-tjanster")
    assert "syns direkt" in catalog.text  # the catalog was purged as well


def test_residents_never_get_each_others_pages_from_the_cache(varnish, simulators):
    running, _ = simulators
    control = running.url("control")
    anna = eid_login(varnish, control, ANNA)
    bengt = eid_login(varnish, control, BENGT)
    for session, other in ((anna, bengt), (bengt, anna)):
        name = session.answer["user"]["fullname"]
        other_name = other.answer["user"]["fullname"]
        for path in ("/e-tjanster/@@mina-sidor", ESERVICE, "/e-tjanster"):
            for _ in range(2):
                answer = session.get(path, headers=PAGE)
                assert answer.status_code == 200, path
                assert answer.headers["x-cache"] == "MISS", path
                assert "no-store" in answer.headers["cache-control"], path
                assert name in answer.text, path  # the header names who is in
                assert other_name not in answer.text, path
        mine = session.get("/@my-cases")
        assert mine.status_code == 200
        assert mine.headers["x-cache"] == "MISS"
    # An anonymous visitor then gets the public page, never a resident's.
    public = get(f"{varnish}/e-tjanster/@@mina-sidor", follow_redirects=False)
    assert public.status_code in (302, 401, 403)
    assert public.headers["x-cache"] == "MISS"


def test_a_purge_from_this_machine_empties_the_page(varnish):
    """From 127.0.0.1, as the instances purge (others get 405: not testable here)."""
    get(f"{varnish}{ESERVICE}")
    assert get(f"{varnish}{ESERVICE}").headers["x-cache"] == "HIT"
    answer = httpx.request("PURGE", f"{varnish}{ESERVICE}/")
    assert answer.status_code == 200
    assert get(f"{varnish}{ESERVICE}").headers["x-cache"] == "MISS"
