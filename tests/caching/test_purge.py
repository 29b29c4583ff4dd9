"""A communicator's edit purges the caching proxy (issue 11).

plone.cachepurging sends its PURGE requests to a real HTTP server started here on
127.0.0.1, named as the caching proxy in the registry: the edit of an e-service
purges its page and the catalog (and the front page that shows it); with no proxy
named (the default) nothing is sent.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import httpx
import pytest
import transaction
from plone.cachepurging.interfaces import ICachePurgingSettings

from helpers import site_url

ESERVICE = "/e-tjanster/ansokan-om-bygglov"
FAQ = "/e-tjanster/fragor-och-svar"
COMMUNICATOR = ("kommunikator", "kommunikator-demo")
JSON = {"Accept": "application/json"}


class Proxy(BaseHTTPRequestHandler):
    """Answers PURGE with 200 and keeps the paths it was asked to purge."""

    def do_PURGE(self):
        self.server.purged.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def name_proxy(portal, url):
    portal.portal_registry.forInterface(ICachePurgingSettings).cachingProxies = (
        (url,) if url else ()
    )
    transaction.commit()


def edit_eservice(site):
    answer = httpx.patch(
        f"{site}{ESERVICE}",
        headers=JSON,
        auth=COMMUNICATOR,
        json={"description": "Ny beskrivning av bygglovet."},
    )
    assert answer.status_code == 204, answer.text


def wait_for(paths, wanted, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not wanted <= set(paths):
        time.sleep(0.1)
    return set(paths)


def test_an_edit_of_an_eservice_purges_its_page_and_the_catalog(demo_functional, proxy):
    portal = demo_functional["portal"]
    path = "/".join(portal.getPhysicalPath())  # /plone
    name_proxy(portal, f"http://127.0.0.1:{proxy.server_address[1]}")
    edit_eservice(site_url(demo_functional))
    wanted = {
        f"{path}{ESERVICE}/",  # the e-service's start page
        f"{path}{ESERVICE}/view",
        f"{path}/e-tjanster/",  # the catalog
        f"{path}/",  # the front page: the catalog is the site's default page
    }
    purged = wait_for(proxy.purged, wanted)
    assert wanted <= purged, "\n".join(sorted(purged))
    # Only pages of the portal (and plone.restapi's ++api++ views of them): no
    # case, no Mina sidor.
    assert all(p.removeprefix("/++api++").startswith(path) for p in purged)
    assert not [p for p in purged if "arenden" in p or "mina-sidor" in p]


def test_an_edit_of_the_faq_page_purges_the_catalog_that_lists_it(
    demo_functional, proxy
):
    portal = demo_functional["portal"]
    path = "/".join(portal.getPhysicalPath())
    name_proxy(portal, f"http://127.0.0.1:{proxy.server_address[1]}")
    answer = httpx.patch(
        f"{site_url(demo_functional)}{FAQ}",
        headers=JSON,
        auth=COMMUNICATOR,
        json={"title": "Vanliga frågor"},
    )
    assert answer.status_code == 204, answer.text
    wanted = {f"{path}{FAQ}/", f"{path}/e-tjanster/", f"{path}/"}
    purged = wait_for(proxy.purged, wanted)
    assert wanted <= purged, "\n".join(sorted(purged))


def test_nothing_is_purged_while_no_proxy_is_named(demo_functional, proxy):
    portal = demo_functional["portal"]
    assert not portal.portal_registry.forInterface(
        ICachePurgingSettings
    ).cachingProxies  # the default
    edit_eservice(site_url(demo_functional))
    time.sleep(2)
    assert proxy.purged == []
