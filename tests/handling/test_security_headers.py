"""The security and caching headers of the portal's answers (issue 9, item 10), read
over HTTP as a browser or a cache in between would see them: an anonymous public page,
a resident's page, an officer's page, REST JSON holding a personnummer, a receipt, a
file download and the e-legitimation flow. The application is the workspace tests'
(personal details and a drawing, sent in)."""

import httpx
import pytest
from handling_site import ANNA
from handling_site import PASSWORD
from plone.transformchain.interfaces import ITransform
from test_cross_origin_writes import officer_with_cookie
from test_workspace_case import application  # noqa: F401 - the fixture
from zope.component import getGlobalSiteManager
from zope.interface import Interface

PAGE = {"Accept": "text/html"}
SHOWN_NUMBER = f"{ANNA[:8]}-{ANNA[8:]}"  # as the personal-details block keeps it
# What every page's policy must say (docs/administrators.md lists the whole policy).
POLICY = (
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
)


# A page's first rendering on a loaded test machine can take longer than httpx's 5 s.
PATIENCE = httpx.Timeout(60)


def patient(client):
    client.timeout = PATIENCE
    return client


def policy_of(answer):
    return [
        part.strip() for part in answer.headers["content-security-policy"].split(";")
    ]


def assert_secured(answer):
    """The headers every answer carries."""
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def assert_page(answer, scripts="script-src 'self'"):
    """A page, with the policy's fixed part and ``scripts``: visitors, residents and
    officers may run only the portal's own script files."""
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["content-type"].startswith("text/html")
    assert_secured(answer)
    policy = policy_of(answer)
    for directive in (*POLICY, scripts):
        assert directive in policy, (directive, policy)


def assert_not_stored(answer):
    assert "no-store" in answer.headers.get("cache-control", ""), answer.headers
    assert answer.headers.get("pragma") == "no-cache"


def download_of(client, case_url):
    """The drawing's download address, from the case's attachments."""
    [drawing] = client.get(f"{case_url}/@attachments").json()["items"]
    return drawing["download"]


def test_an_anonymous_public_page_is_secured_and_stays_cacheable(handling):
    visitor = httpx.Client(base_url=handling.url, headers=PAGE, timeout=PATIENCE)
    for path in ("/e-tjanster", "/e-tjanster/bygglov"):
        answer = visitor.get(path)
        assert_page(answer)
        assert "no-store" not in answer.headers.get("cache-control", ""), path
        assert "pragma" not in answer.headers, path
        assert "set-cookie" not in answer.headers, path
    # Static resources stay cacheable for everyone, logged in or not.
    anna = patient(handling.resident(ANNA))
    css = anna.get("/++plone++atvidaberg.etjanster/etjanster.css", headers=PAGE)
    assert css.status_code == 200
    assert_secured(css)
    assert "no-store" not in css.headers.get("cache-control", "")
    assert "content-security-policy" not in css.headers


def test_a_residents_pages_and_json_are_not_stored(
    handling,
    application,  # noqa: F811 - the imported fixture
):
    anna, case_url = application
    patient(anna)
    download_url = download_of(anna, case_url)
    for url in ("/e-tjanster/@@mina-sidor", f"{case_url}/@@mitt-arende"):
        answer = anna.get(url, headers=PAGE)
        assert_page(answer)
        assert_not_stored(answer)
        assert "Ekbacken" in answer.text or url == "/e-tjanster/@@mina-sidor"

    form = anna.get(f"{case_url}/@form")
    assert form.status_code == 200
    assert SHOWN_NUMBER in form.text  # the personnummer is in this answer
    assert_secured(form)
    assert_not_stored(form)
    assert "content-security-policy" not in form.headers

    for url in ("/@my-cases", f"{case_url}/@messages", f"{case_url}/@@receipt"):
        answer = anna.get(url)
        assert answer.status_code == 200, (url, answer.text[:300])
        assert_secured(answer)
        assert_not_stored(answer)

    download = anna.get(download_url)
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert_secured(download)
    assert_not_stored(download)


def test_an_officers_pages_and_json_are_not_stored(
    handling,
    application,  # noqa: F811 - the imported fixture
):
    anna, case_url = application
    download_url = download_of(anna, case_url)
    hanna = patient(officer_with_cookie(handling))
    for url in ("/@@handlaggning", f"{case_url}/@@handlaggning"):
        answer = hanna.get(url, headers=PAGE)
        assert_page(answer)
        assert_not_stored(answer)
    for url in ("/@case-queue", f"{case_url}/@form", download_url):
        answer = hanna.get(url)
        assert answer.status_code == 200, (url, answer.text[:300])
        assert_secured(answer)
        assert_not_stored(answer)
    assert SHOWN_NUMBER in hanna.get(f"{case_url}/@form").text


def test_editors_get_the_scripts_plones_editing_ui_needs(handling):
    from plone.app.testing import SITE_OWNER_NAME
    from plone.app.testing import SITE_OWNER_PASSWORD

    admin = httpx.Client(
        base_url=handling.url,
        auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
        timeout=PATIENCE,
    )
    editing = "script-src 'self' 'unsafe-inline' 'unsafe-eval'"
    for path in ("/e-tjanster/bygglov/edit", "/@@etjanster-controlpanel"):
        answer = admin.get(path, headers=PAGE)
        assert_page(answer, scripts=editing)
        assert_not_stored(answer)


def test_the_logins_are_not_stored(handling):
    visitor = httpx.Client(base_url=handling.url, timeout=PATIENCE)
    page = visitor.get("/@@eid-login", headers=PAGE)
    assert_page(page)
    assert_not_stored(page)
    started = visitor.post(
        "/@eid/start",
        json={"provider": "bankid", "device": "other"},
        headers={"Accept": "application/json"},
    )
    assert started.status_code == 200, started.text
    assert_secured(started)
    assert_not_stored(started)

    # plone.restapi's login answers a token to a caller not yet logged in.
    token = visitor.post(
        "/@login",
        json={"login": "hanna", "password": PASSWORD},
        headers={"Accept": "application/json"},
    )
    assert token.status_code == 200, token.text
    assert "token" in token.json()
    assert_not_stored(token)


def test_a_refused_request_is_secured_too(handling):
    anna = handling.resident(ANNA)
    refused = anna.post(
        "/e-tjanster/bygglov/@start", headers={"Origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    assert_secured(refused)
    assert_not_stored(refused)


class CachingRule:
    """A caching rule as plone.app.caching applies them: a transform that sets
    Cache-Control on every answer."""

    order = 12000
    value = "public, max-age=3600"

    def __init__(self, published, request):
        self.request = request

    def transformBytes(self, result, encoding):
        self.request.response.setHeader("Cache-Control", self.value)

    transformUnicode = transformIterable = transformBytes


@pytest.fixture
def caching_rule():
    gsm = getGlobalSiteManager()
    required = (Interface, Interface)
    gsm.registerAdapter(CachingRule, required, ITransform, name="test.caching")
    yield CachingRule.value
    gsm.unregisterAdapter(CachingRule, required, ITransform, name="test.caching")


def test_no_store_wins_over_a_caching_rule(handling, caching_rule):
    """Issue 11's caching rules run in plone.transformchain's subscriber: no-store on
    a personal answer must still win, and public pages keep the rule's caching."""
    visitor = httpx.Client(base_url=handling.url, headers=PAGE, timeout=PATIENCE)
    public = visitor.get("/e-tjanster")
    assert public.headers["cache-control"] == caching_rule
    anna = patient(handling.resident(ANNA))
    for answer in (anna.get("/@my-cases"), anna.get("/e-tjanster", headers=PAGE)):
        assert answer.status_code == 200
        assert_not_stored(answer)


def test_a_streamed_answer_gets_its_headers_before_the_first_byte(integration):
    """``response.write`` sends the headers at once (IPubBeforeStreaming): a personal
    answer streamed that way is marked before anything leaves."""
    from plone.app.testing import TEST_USER_ID
    from plone.app.testing import setRoles
    from zope.event import notify
    from zope.globalrequest import setRequest
    from zope.interface import alsoProvides
    from ZPublisher.pubevents import PubBeforeStreaming

    from atvidaberg.etjanster.interfaces import IBrowserLayer

    request = integration["request"]
    alsoProvides(request, IBrowserLayer)
    setRequest(request)
    setRoles(integration["portal"], TEST_USER_ID, ["Member"])  # logged in
    request.response.setHeader("Content-Type", "application/pdf")
    notify(PubBeforeStreaming(request.response))
    headers = request.response.headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in headers
