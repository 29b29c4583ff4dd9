"""Every login path, attacked over HTTP: no way off the portal after it, and no
password or session taken from a URL.

An officer's password in a link (``GET /login?__ac_password=…``) ends up in the
browser's history, the proxy's and the server's logs; with ``came_from`` pointing
elsewhere, the same link logged the officer in and sent them to a look-alike site.
"""

from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlencode
from urllib.parse import urlsplit

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api

from helpers import eid_login
from helpers import make_user
from helpers import site_url

OFFICER = ("hanna", "Hemligt-losen-1")
EVIL = "https://evil.example/plone"
# Every way of writing "elsewhere" a browser would follow.
ELSEWHERE = [
    EVIL,
    "//evil.example/plone",
    "/\\evil.example/plone",
    "\\\\evil.example/plone",
    "\\/evil.example/plone",
    "https:evil.example/plone",
    "http://{netloc}@evil.example/plone",
    "javascript:alert(document.cookie)",
    " https://evil.example/plone",
    "https://evil.example%2Fplone",
]
LOGIN_PAGES = ["login", "@@login", "login_form", "failsafe_login"]


@pytest.fixture
def site(functional):
    with api.env.adopt_roles(["Manager"]):
        make_user(*OFFICER)
    transaction.commit()
    return site_url(functional)


def client():
    return httpx.Client(follow_redirects=False, timeout=30)


def stays_on(site, response):
    """The answer sends the browser nowhere, or somewhere on the portal itself."""
    location = response.headers.get("location")
    if location is None:
        return True
    portal = urlsplit(site)
    target = urlsplit(httpx.URL(site + "/").join(location).__str__())
    return (target.scheme, target.netloc) == (portal.scheme, portal.netloc)


def is_logged_in(site, browser):
    """Whether the browser's cookies open a page only a logged-in user may see."""
    return browser.get(f"{site}/@@personal-information").status_code == 200


def elsewhere(site):
    return [target.format(netloc=urlsplit(site).netloc) for target in ELSEWHERE]


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_a_password_in_the_url_does_not_log_in(site, page):
    query = {
        "__ac_name": OFFICER[0],
        "__ac_password": OFFICER[1],
        "buttons.login": "Logga in",
        "came_from": EVIL,
    }
    with client() as browser:
        response = browser.get(f"{site}/{page}?{urlencode(query)}")
        assert response.status_code == 200 or 400 <= response.status_code < 500
        assert stays_on(site, response), response.headers["location"]
        assert "__ac" not in response.cookies
        assert not is_logged_in(site, browser)


def test_a_password_in_the_url_of_a_post_does_not_log_in(site):
    query = urlencode({"__ac_password": OFFICER[1]})
    with client() as browser:
        response = browser.post(
            f"{site}/login?{query}",
            data={"__ac_name": OFFICER[0], "buttons.login": "Logga in"},
        )
        assert response.status_code == 200
        assert "__ac" not in response.cookies
        assert not is_logged_in(site, browser)


def test_a_session_in_the_url_is_not_read(site):
    with client() as browser:
        browser.post(
            f"{site}/login",
            data={
                "__ac_name": OFFICER[0],
                "__ac_password": OFFICER[1],
                "buttons.login": "Logga in",
            },
        )
        session = unquote(browser.cookies["__ac"])  # as Zope reads the cookie
        assert is_logged_in(site, browser)
    with client() as stranger:
        response = stranger.get(
            f"{site}/@@personal-information", params={"__ac": session}
        )
        assert response.status_code == 302
        assert "require_login" in response.headers["location"]


def test_a_password_in_the_url_of_any_page_is_not_read(site):
    query = urlencode({"__ac_name": OFFICER[0], "__ac_password": OFFICER[1]})
    with client() as browser:
        response = browser.get(f"{site}/@@personal-information?{query}")
        assert response.status_code != 200
        assert stays_on(site, response)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_login_form_posted_logs_in_and_stays_on_the_portal(site, page):
    for target in [*elsewhere(site), f"{site}/../../evil"]:
        with client() as browser:
            response = browser.post(
                f"{site}/{page}",
                data={
                    "__ac_name": OFFICER[0],
                    "__ac_password": OFFICER[1],
                    "buttons.login": "Logga in",
                    "came_from": target,
                },
            )
            assert response.status_code == 302, target
            assert stays_on(site, response), (target, response.headers["location"])
            assert is_logged_in(site, browser)


def test_the_login_form_still_returns_to_a_page_of_the_portal(site):
    with client() as browser:
        response = browser.post(
            f"{site}/login",
            data={
                "__ac_name": OFFICER[0],
                "__ac_password": OFFICER[1],
                "buttons.login": "Logga in",
                "came_from": f"{site}/@@personal-information",
            },
        )
        assert response.headers["location"] == f"{site}/@@personal-information"


def test_the_login_form_does_not_carry_an_outside_came_from(site):
    for target in elsewhere(site):
        with client() as browser:
            page = browser.get(f"{site}/login", params={"came_from": target})
            field = BeautifulSoup(page.text, "html.parser").find(
                attrs={"name": "came_from"}
            )
            assert field is None or "evil" not in (field.get("value") or ""), target


@pytest.mark.parametrize("page", ["logout", "@@logout", "logged-out", "require_login"])
def test_logout_and_login_redirects_stay_on_the_portal(site, page):
    for target in elsewhere(site):
        with client() as browser:
            response = browser.get(
                f"{site}/{page}", params={"next": target, "came_from": target}
            )
            assert response.status_code < 500
            assert stays_on(site, response), (target, response.headers["location"])


# The add-on's own e-legitimation login: the page, and the address the REST flow
# hands back at the end (the page's script goes there).
def test_the_eid_login_page_keeps_only_a_place_in_the_portal(site):
    for target in elsewhere(site):
        with client() as browser:
            page = browser.get(f"{site}/@@eid-login", params={"came_from": target})
            soup = BeautifulSoup(page.text, "html.parser")
            assert soup.find(attrs={"data-came-from": True})["data-came-from"] == site
            staff = soup.find("a", href=lambda href: "/login?" in (href or ""))
            assert staff["href"] == f"{site}/login?came_from={quote(site, safe='')}"


@pytest.fixture
def eid(eid_site, simulators):
    running, _ = simulators
    return site_url(eid_site), running.url("control")


def test_the_eid_login_returns_only_to_a_place_in_the_portal(eid):
    url, control = eid
    # A few logins only (the rest of the rule: test_flow_rules); starting logins is
    # limited per client.
    odd = [*elsewhere(url)[1:3], f"{url}/../other-site"]
    for target in [EVIL, *odd, f"{url}/e-tjanster"]:
        resident = eid_login(url, control, "198001019820", came_from=target)
        inside = target if target.endswith("/e-tjanster") else url
        assert resident.came_from == inside, target
