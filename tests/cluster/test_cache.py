"""Varnish in `make cluster` (issue 11): the public entry caches the anonymous pages,
a communicator's edit through the cluster is purged into them within seconds, and
nothing personal is ever served from the cache or kept in it.

One cluster for the module (``conftest.py``), the requests through its public URL
(Varnish → HAProxy → two instances). Varnish marks a hit twice: ``X-Varnish`` carries
two transaction ids (this request's and the one that stored the object);
``X-Cache`` is the repository's VCL's own mark, and must agree. Skipped only where PostgreSQL,
HAProxy or Varnish is not installed (``.ci/run`` installs them).
"""

import time

import httpx
import pytest

from atvidaberg.etjanster.devserver.cluster import binaries_missing

from helpers import eid_login
from helpers import submit_fault_report

ESERVICE = "/e-tjanster/ansokan-om-bygglov"
PAGE = {"Accept": "text/html"}
COMMUNICATOR = ("kommunikator", "kommunikator-demo")
ANNA = "198001019820"
BENGT = "197503159837"

pytestmark = pytest.mark.skipif(
    bool(binaries_missing()),
    reason=f"needs PostgreSQL, HAProxy and Varnish: {', '.join(binaries_missing())} missing",
)


@pytest.fixture(scope="module")
def site(cluster):
    """The demo site through Varnish."""
    return f"{cluster.url}/Plone"


def get(url, **kwargs):
    return httpx.get(url, headers=PAGE, timeout=60, **kwargs)


def is_hit(answer):
    """Varnish served it from its cache (checked by Varnish's own headers)."""
    hit = len(answer.headers["x-varnish"].split()) == 2
    assert hit == (answer.headers["x-cache"] == "HIT"), answer.headers
    return hit


def cached(url):
    """Fetch ``url`` until Varnish serves it from its cache; that answer."""
    first = get(url)
    assert first.status_code == 200, url
    second = get(url)
    assert is_hit(second), (url, second.headers)
    assert second.text == first.text
    return second


def test_an_edit_through_the_cluster_reaches_the_cached_pages_within_seconds(site):
    pages = [f"{site}{ESERVICE}", f"{site}/e-tjanster", site]
    before = {url: cached(url) for url in pages}
    for url, answer in before.items():
        assert "s-maxage" not in answer.headers["cache-control"], url
        assert "Ändrad i klustret" not in answer.text

    edited = httpx.patch(
        f"{site}{ESERVICE}",
        headers={"Accept": "application/json"},
        auth=COMMUNICATOR,
        json={"description": "Ändrad i klustret, syns direkt."},
        timeout=60,
    )
    assert edited.status_code == 204, edited.text
    # The e-service's page, the catalog that lists it and the front page (the
    # catalog again) were purged: each shows the edit within seconds.
    deadline = time.monotonic() + 10
    for url in pages:
        while "Ändrad i klustret" not in (answer := get(url)).text:
            assert time.monotonic() < deadline, f"{url}: the edit did not arrive"
            time.sleep(0.2)
        assert answer.status_code == 200
    # And are cached again, with the edit.
    assert "Ändrad i klustret" in cached(f"{site}{ESERVICE}").text


@pytest.fixture(scope="module")
def residents(cluster, site):
    """Anna and Bengt logged in with e-legitimation through Varnish, each with a case
    of their own (``session.case``)."""
    control = f"http://127.0.0.1:{cluster.settings.simulator_ports['control']}"
    sessions = []
    for number in (ANNA, BENGT):
        session = eid_login(site, control, number)
        session.headers["Origin"] = cluster.url
        session.name = session.answer["user"]["fullname"]
        session.case, _ = submit_fault_report(session)
        sessions.append(session)
    yield sessions
    for session in sessions:
        session.close()


def never_from_the_cache(answer, path):
    assert not is_hit(answer), path
    assert "no-store" in answer.headers["cache-control"], path


def test_residents_get_their_own_pages_never_from_the_cache(residents):
    anna, bengt = residents
    for session, other in ((anna, bengt), (bengt, anna)):
        for path in ("/e-tjanster/@@mina-sidor", f"{session.case}/@@mitt-arende"):
            for _ in range(2):  # a second fetch would be the hit
                answer = session.get(path, headers=PAGE)
                assert answer.status_code == 200, path
                never_from_the_cache(answer, path)
                assert session.name in answer.text, path
                assert other.name not in answer.text, path
        # The other resident's case page is refused (Plone sends to its login page),
        # from the cache or elsewhere.
        theirs = session.get(f"{other.case}/@@mitt-arende", headers=PAGE)
        assert theirs.status_code in (302, 401, 403, 404), theirs.status_code
        assert other.name not in theirs.text
        assert not is_hit(theirs)


def test_a_logged_in_visitor_never_gets_the_anonymous_copy(site, residents):
    anna, _ = residents
    public = cached(f"{site}{ESERVICE}").text
    assert anna.name not in public
    # The same URL for a resident with a session cookie: her personal menu.
    mine = anna.get(ESERVICE, headers=PAGE)
    assert mine.status_code == 200
    never_from_the_cache(mine, ESERVICE)
    assert anna.name in mine.text
    # And for the communicator, with Authorization or logged in (plone.session's
    # cookie, as Plone's login form sets it): Plone's toolbar.
    assert "plone-toolbar" not in public
    with httpx.Client(base_url=site, headers=PAGE, timeout=60) as browser:
        login = browser.post(
            "/@login",
            headers={"Accept": "application/json"},
            json=dict(zip(("login", "password"), COMMUNICATOR, strict=True)),
        )
        assert login.status_code == 200, login.text
        assert "__ac" in browser.cookies
        for theirs in (
            get(f"{site}{ESERVICE}", auth=COMMUNICATOR),
            browser.get(ESERVICE),
        ):
            assert theirs.status_code == 200
            never_from_the_cache(theirs, ESERVICE)
            assert "plone-toolbar" in theirs.text
    # Neither answer was stored over the anonymous one.
    assert is_hit(again := get(f"{site}{ESERVICE}"))
    assert again.text == public
