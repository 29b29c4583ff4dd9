"""Caching headers over HTTP on the demo portal (issue 11), as a caching proxy in
front of the portal reads them.

Anonymous public pages carry what lets a shared cache keep them a short while
(``s-maxage``, the browser revalidating every time); the same pages asked by a
logged-in resident, every personal page and every answer of the add-on's REST
services carry ``no-store``; resources are kept by browsers and the proxy.
"""

import re

import httpx
import pytest

from helpers import eid_login
from helpers import site_url

ANNA = "198001019820"
PAGE = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}
ESERVICE = "/e-tjanster/ansokan-om-bygglov"
PUBLIC_PAGES = (
    "",  # the front page: the catalog is the site's default page
    "/e-tjanster",  # the e-service catalog
    ESERVICE,  # an e-service's start page
    "/e-tjanster/fragor-och-svar",  # the FAQ
    "/e-tjanster/blanketter",
    "/e-tjanster/blanketter/fullmakt-i-bygglovsarende",
    "/tillganglighetsredogorelse",  # a Document
)
CASE_PAGES = ("", "/@@steg", "/@@granska", "/@@sparat", "/@@bekraftelse")


def directives(answer):
    """Cache-Control's directives, ``{"s-maxage": "300", "private": None, ...}``."""
    header = answer.headers.get("cache-control", "")
    return {
        name.strip().lower(): value
        for name, _, value in (
            part.partition("=") for part in header.split(",") if part.strip()
        )
    }


def assert_shared_cacheable(answer, path):
    assert answer.status_code == 200, (path, answer.status_code)
    cache = directives(answer)
    assert int(cache.get("s-maxage", 0)) > 0, (path, answer.headers)
    assert cache.get("max-age") == "0", (path, cache)  # the browser revalidates
    assert "private" not in cache, (path, cache)
    assert "no-store" not in cache, (path, cache)
    assert "set-cookie" not in answer.headers, path
    assert "Accept" in answer.headers.get("vary", ""), path


def assert_never_cached(answer, path):
    cache = directives(answer)
    assert "no-store" in cache, (path, answer.status_code, answer.headers)
    assert "s-maxage" not in cache or cache["s-maxage"] == "0", (path, cache)
    assert "public" not in cache, (path, cache)


def assert_not_kept_by_a_proxy(answer, path):
    """An anonymous refusal (a redirect to the login): nothing a proxy may keep."""
    cache = directives(answer)
    assert int(cache.get("s-maxage", "0")) == 0, (path, cache)
    assert "public" not in cache, (path, cache)


@pytest.fixture
def portal(demo_functional, eid_site, simulators):
    running, _ = simulators
    return site_url(demo_functional), running.url("control")


@pytest.fixture
def visitor(portal):
    site, _ = portal
    with httpx.Client(base_url=site, headers=PAGE) as client:
        yield client


@pytest.fixture
def anna(portal):
    site, control = portal
    session = eid_login(site, control, ANNA)
    yield session
    session.close()


def test_anonymous_public_pages_may_be_kept_by_a_shared_cache(visitor):
    for path in PUBLIC_PAGES:
        assert_shared_cacheable(visitor.get(path), path)


def test_the_same_pages_for_a_logged_in_resident_are_never_stored(anna):
    for path in PUBLIC_PAGES:
        answer = anna.get(path, headers=PAGE)
        assert answer.status_code == 200, path
        assert_never_cached(answer, path)


def test_a_request_with_a_credential_is_never_stored_even_when_anonymous(portal):
    """A stale session cookie or an Authorization header that logs nobody in."""
    site, _ = portal
    stale = httpx.get(f"{site}/e-tjanster", headers=PAGE, cookies={"__ac": "gammal"})
    assert stale.status_code == 200
    assert_never_cached(stale, "__ac")
    bearer = httpx.get(
        f"{site}/e-tjanster", headers={**PAGE, "Authorization": "Bearer nonsense"}
    )
    assert_never_cached(bearer, "Authorization")


def test_resources_are_kept_by_browsers_and_the_proxy(visitor):
    page = visitor.get("/e-tjanster").text
    [css] = re.findall(r'href="([^"]+etjanster\.css[^"]*)"', page)[:1]
    answer = visitor.get(css)
    assert answer.status_code == 200
    cache = directives(answer)
    assert int(cache.get("max-age", 0)) >= 86400, answer.headers
    assert "no-store" not in cache
    assert "private" not in cache


def test_personal_pages_and_the_addons_rest_answers_are_never_stored(
    portal, anna, visitor
):
    site, _ = portal
    started = anna.post(f"{ESERVICE}/@start")
    assert started.status_code == 201, started.text
    case = started.headers["location"].removeprefix(site)
    for path in ("/e-tjanster/@@mina-sidor", *(case + page for page in CASE_PAGES)):
        answer = anna.get(path, headers=PAGE)
        assert answer.status_code in (200, 302), (path, answer.status_code)
        assert_never_cached(answer, path)
    for path in ("/@my-cases", f"{case}/@form", f"{case}/@messages"):
        answer = anna.get(path)
        assert answer.status_code == 200, (path, answer.text[:300])
        assert_never_cached(answer, path)
    # The add-on's public REST answers too: the catalog's JSON for anyone.
    catalog = httpx.get(f"{site}/@eservices", headers=JSON)
    assert catalog.status_code == 200
    assert_never_cached(catalog, "@eservices")
    # The login pages, before anyone logs in.
    for path in ("/login", "/@@eid-login"):
        answer = visitor.get(path)
        assert answer.status_code == 200, path
        assert_never_cached(answer, path)
    # An anonymous visitor is sent to the login: nothing a proxy keeps.
    for path in ("/e-tjanster/@@mina-sidor", *(case + page for page in CASE_PAGES)):
        answer = visitor.get(path, follow_redirects=False)
        assert answer.status_code in (302, 401, 403, 404), (path, answer.status_code)
        assert_not_kept_by_a_proxy(answer, path)


def test_the_officers_workspace_is_never_stored(portal):
    site, _ = portal
    officer = httpx.Client(
        base_url=site, headers=PAGE, auth=("handlaggare", "handlaggare-demo")
    )
    for path, accept in (("/@@handlaggning", PAGE), ("/@case-queue", JSON)):
        answer = officer.get(path, headers=accept)
        assert answer.status_code == 200, (path, answer.status_code)
        assert_never_cached(answer, path)
