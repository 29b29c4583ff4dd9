"""Cross-origin writes through REST (issue 9, item 4), tried over HTTP as a hostile page
would make the browser send them: with the victim's real session cookie, a hostile
``Origin`` and a ``text/plain`` JSON body (a "simple" request, no CORS preflight).

Each is refused with 403 JSON and changes nothing; the same request from the portal's
own origin, and the same request with a token instead of the cookie, still works."""

import io
import json
from urllib.parse import urlsplit

import httpx
import pytest
import transaction
from handling_site import ANNA
from handling_site import PASSWORD
from Products.SiteAccess.VirtualHostMonster import manage_addVirtualHostMonster

from helpers import eid_login
from helpers import make_pdf_bytes

HOSTILE = "https://evil.example"


def plain_json(body):
    """A JSON body as a cross-site page sends it: text/plain needs no preflight."""
    return {
        "content": json.dumps(body),
        "headers": {"Content-Type": "text/plain;charset=UTF-8"},
    }


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def officer_with_cookie(handling, username="hanna"):
    """An officer logged in through Plone's login form: the ``__ac`` session cookie."""
    client = httpx.Client(base_url=handling.url)
    answer = client.post(
        "/login",
        data={
            "__ac_name": username,
            "__ac_password": PASSWORD,
            "buttons.login": "Logga in",
            "came_from": handling.url,
        },
    )
    assert answer.status_code < 400, answer.text
    assert "__ac" in client.cookies, "the login form set no session cookie"
    client.headers["Accept"] = "application/json"
    return client


def _token(handling, personal_number):
    return eid_login(handling.url, handling.control, personal_number).token


def assert_refused(answer):
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["type"] == "Forbidden"
    assert error["code"] == "cross_origin"
    assert "portalens egna sidor" in error["message"]  # Swedish, for the user


def hostile(client, method, url, origin=HOSTILE, **kwargs):
    headers = {"Origin": origin, **kwargs.pop("headers", {})}
    return client.request(method, url, headers=headers, **kwargs)


def draft_of(client):
    answer = client.post("/e-tjanster/bygglov/@start")
    assert answer.status_code == 201, answer.text
    return answer.json()["@id"]


def my_drafts(client):
    return client.get("/@my-cases").json()["drafts"]


def state(client, case_url):
    return client.get(case_url).json()["review_state"]


def test_a_resident_cannot_be_made_to_start_a_case(handling):
    anna = handling.resident(ANNA)
    before = my_drafts(anna)
    answer = hostile(anna, "POST", "/e-tjanster/bygglov/@start", **plain_json({}))
    assert_refused(answer)
    assert my_drafts(anna) == before


def test_a_resident_cannot_be_made_to_fill_submit_or_write(handling):
    anna = handling.resident(ANNA)
    case_url = draft_of(anna)
    data = {"step": "default", "data": {"fastighet": "Ekbacken 1:23"}}
    assert_refused(hostile(anna, "PATCH", f"{case_url}/@form", **plain_json(data)))
    assert anna.get(f"{case_url}/@form").json()["data"].get("fastighet") is None

    # Filled by the resident herself, then the attacker tries to send it in.
    assert anna.patch(f"{case_url}/@form", json=data).status_code < 300
    assert_refused(hostile(anna, "POST", f"{case_url}/@submit", **plain_json({})))
    assert state(anna, case_url) == "draft"

    upload = hostile(
        anna,
        "POST",
        f"{case_url}/@attachments",
        files={"file": ("plan.pdf", io.BytesIO(make_pdf_bytes()), "application/pdf")},
    )
    assert_refused(upload)
    assert anna.get(f"{case_url}/@attachments").json()["items"] == []

    assert anna.post(f"{case_url}/@submit").status_code == 200
    before = anna.get(f"{case_url}/@messages").json()["items"]
    written = hostile(
        anna, "POST", f"{case_url}/@messages", **plain_json({"text": "Dra tillbaka"})
    )
    assert_refused(written)
    assert anna.get(f"{case_url}/@messages").json()["items"] == before


def test_an_officer_cannot_be_made_to_take_move_or_annotate_a_case(handling):
    _, case_url = handling.submitted_case(ANNA)
    hanna = officer_with_cookie(handling)
    assert_refused(hostile(hanna, "POST", f"{case_url}/@assign", **plain_json({})))
    assert hanna.get("/@case-queue").json()["items"][0]["assignee"] is None

    moved = hostile(
        hanna, "POST", f"{case_url}/@workflow/start_review", **plain_json({})
    )
    assert_refused(moved)
    assert state(hanna, case_url) == "submitted"

    note = {"text": "Anteckning från en annan webbplats", "internal": True}
    assert_refused(hostile(hanna, "POST", f"{case_url}/@messages", **plain_json(note)))
    assert hanna.get(f"{case_url}/@messages").json()["items"] == []

    # Basic auth is what a browser remembers once the ZMI asked for it: checked too.
    remembered = handling.staff("hanna")
    assert_refused(hostile(remembered, "POST", f"{case_url}/@assign", json={}))
    assert hanna.get("/@case-queue").json()["items"][0]["assignee"] is None

    # plone.restapi's own services are covered too: her own profile, say.
    profile = {"fullname": "Hanna från evil.example"}
    assert_refused(hostile(hanna, "PATCH", "/@users/hanna", **plain_json(profile)))
    assert hanna.get("/@users/hanna").json()["fullname"] != profile["fullname"]
    changed = hanna.patch("/@users/hanna", json=profile)
    assert changed.status_code == 204, changed.text
    assert hanna.get("/@users/hanna").json()["fullname"] == profile["fullname"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "null"},
        {"Origin": "http://evil.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": HOSTILE},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://evil.example/page"},
    ],
    ids=["null", "http", "cross-site", "same-site", "referer"],
)
def test_every_browser_sign_of_another_origin_is_refused(handling, headers):
    anna = handling.resident(ANNA)
    before = my_drafts(anna)
    answer = anna.post(
        "/e-tjanster/bygglov/@start",
        headers={"Content-Type": "text/plain", **headers},
        content=b"{}",
    )
    assert_refused(answer)
    assert my_drafts(anna) == before


def test_the_portals_own_pages_and_token_clients_still_write(handling):
    own = origin_of(handling.url)
    anna = handling.resident(ANNA)
    for headers in (
        {"Origin": own},
        {"Sec-Fetch-Site": "same-origin", "Origin": own},
        {"Sec-Fetch-Site": "same-origin"},
        {"Referer": f"{handling.url}/e-tjanster/bygglov"},
        {},  # no browser at all: a script with the cookie
    ):
        started = anna.post("/e-tjanster/bygglov/@start", headers=headers)
        assert started.status_code == 201, (headers, started.text)

    hanna = officer_with_cookie(handling)
    _, case_url = handling.submitted_case(ANNA)
    taken = hanna.post(f"{case_url}/@assign", json={}, headers={"Origin": own})
    assert taken.status_code == 200, taken.text
    moved = hanna.post(
        f"{case_url}/@workflow/start_review", json={}, headers={"Origin": own}
    )
    assert moved.status_code == 200, moved.text


def test_a_token_client_writes_from_any_origin(handling):
    token = _token(handling, ANNA)
    client = httpx.Client(
        base_url=handling.url,
        headers={"Accept": "application/json", "Authorization": f"Bearer {token}"},
    )
    started = hostile(client, "POST", "/e-tjanster/bygglov/@start", json={})
    assert started.status_code == 201, started.text
    case_url = started.json()["@id"]
    data = {"step": "default", "data": {"fastighet": "Ekbacken 1:23"}}
    saved = hostile(client, "PATCH", f"{case_url}/@form", json=data)
    assert saved.status_code < 300, saved.text
    sent = hostile(client, "POST", f"{case_url}/@submit")
    assert sent.status_code == 200, sent.text

    # The same token with the session cookie beside it is a browser: checked.
    anna = handling.resident(ANNA)
    anna.headers["Authorization"] = f"Bearer {token}"
    assert_refused(hostile(anna, "POST", "/e-tjanster/bygglov/@start", json={}))


def with_virtual_hosting(layer):
    """The Zope root's Virtual Host Monster, as a production instance has it."""
    app = layer["app"]
    if "virtual_hosting" not in app.objectIds():
        manage_addVirtualHostMonster(app, "virtual_hosting")
        transaction.commit()


def test_behind_a_virtual_host_the_public_origin_is_the_portals(handling, eid_site):
    """Behind a front proxy the Virtual Host Monster gives the portal its public
    address: that origin is the portal's, the back end's own address is not."""
    with_virtual_hosting(eid_site)
    anna = handling.resident(ANNA)
    site_path = urlsplit(handling.url).path.strip("/")
    public = "https://etjanster.atvidaberg.se"
    vhm = f"/VirtualHostBase/https/etjanster.atvidaberg.se:443/{site_path}/VirtualHostRoot"
    start = f"{origin_of(handling.url)}{vhm}/e-tjanster/bygglov/@start"
    before = my_drafts(anna)
    assert_refused(hostile(anna, "POST", start, origin=origin_of(handling.url)))
    assert_refused(hostile(anna, "POST", start))
    assert my_drafts(anna) == before
    started = hostile(anna, "POST", start, origin=public)
    assert started.status_code == 201, started.text
    assert started.json()["@id"].startswith(f"{public}/arenden/")


def test_anonymous_logins_are_not_affected(handling):
    """The eID login's own POSTs carry no session: a hostile origin changes nothing
    for them (the transaction is bound to a SameSite=Strict cookie instead)."""
    client = httpx.Client(base_url=handling.url, headers={"Accept": "application/json"})
    started = hostile(
        client, "POST", "/@eid/start", json={"provider": "bankid", "device": "other"}
    )
    assert started.status_code == 200, started.text


# plone.rest registers each service as a browser view too, named after its method and
# media type (``POST_application_json_@workflow``). Called by that name the request is
# no REST request: a link on another site (a GET, which carries the Lax cookie) must
# not run a write service.

SERVICE_VIEWS = [
    ("GET", "@@POST_application_json_@workflow/start_review"),
    ("POST", "@@POST_application_json_@workflow/start_review"),
    ("GET", "@@POST_application_json_@assign"),
    ("GET", "@@POST_application_json_@messages"),
]


@pytest.mark.parametrize("method,view", SERVICE_VIEWS)
def test_a_write_service_is_not_run_by_its_view_name(handling, method, view):
    _, case_url = handling.submitted_case(ANNA)
    hanna = officer_with_cookie(handling)
    before = hanna.get(f"{case_url}/@messages").json()["items"]
    answer = hanna.request(
        method,
        f"{case_url}/{view}",
        headers={"Accept": "text/html", "Sec-Fetch-Site": "cross-site"},
        follow_redirects=True,
    )
    assert answer.status_code == 404, answer.text[:500]
    assert state(hanna, case_url) == "submitted"
    assert hanna.get("/@case-queue").json()["items"][0]["assignee"] is None
    assert hanna.get(f"{case_url}/@messages").json()["items"] == before


def test_a_service_answers_only_its_own_method_by_its_view_name(handling):
    """The portal's own REST calls still work; only the by-name routes are closed."""
    _, case_url = handling.submitted_case(ANNA)
    hanna = officer_with_cookie(handling)
    listed = hanna.get(
        f"{case_url}/@@GET_application_json_@messages",
        headers={"Accept": "text/html"},
    )
    assert listed.status_code == 404
    assert hanna.get(f"{case_url}/@messages").status_code == 200
    # A REST request may still name the service of its own method (it is the same
    # dispatch), but not another method's.
    own = hanna.get(f"{case_url}/@@GET_application_json_@messages")
    assert own.status_code == 200
    other = hanna.get(f"{case_url}/++api++/@@POST_application_json_@assign")
    assert other.status_code == 404
    assert hanna.get("/@case-queue").json()["items"][0]["assignee"] is None
