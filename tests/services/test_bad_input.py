"""Bad input gets a 4xx JSON answer in Swedish, never a 500, and loses nothing.

Each request is sent over HTTP to the live demo portal, as a client would send it
(issue 9, item 9). After a refused request the draft's saved answers are still there.
"""

import pytest
from rest_site import A_REPORT
from rest_site import BYGGLOV
from rest_site import FELANMALAN
from rest_site import OFFICER

from atvidaberg.etjanster.services.limits import MAX_JSON_DEPTH
from atvidaberg.etjanster.services.limits import PAGING

JSON = {"Content-Type": "application/json"}
SAVED = {"fastighetsbeteckning": "Åtvidaberg Mården 4", "atgard": "Rivning"}


def refused(answer, status=400, code=None):
    """The error's message, after checking that it is a JSON error answer."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    error = answer.json()["error"]
    if code is not None:
        assert error["code"] == code, error
    assert error["message"]
    return error["message"]


@pytest.fixture
def resident(demo_site):
    return demo_site.resident()


@pytest.fixture
def draft(demo_site, resident):
    """A bygglov draft with answers saved in its second step."""
    case_url = demo_site.draft(resident)
    saved = resident.patch(
        f"{case_url}/@form", json={"step": "fastighet", "data": SAVED}
    )
    assert saved.status_code == 200, saved.text
    return case_url


def saved_answers(resident, case_url):
    return resident.get(f"{case_url}/@form").json()["data"]


def nested(depth):
    return ("[" * depth + "]" * depth).encode()


# Deeply nested JSON: refused before anything parses it, whoever sends it.

ENDPOINTS_FOR_ANYONE = [
    ("POST", "/@eid/start"),
    ("POST", "/@login"),
    ("PATCH", "/"),
    ("POST", f"{BYGGLOV}/@start"),
    ("POST", "/@querystring-search"),
]
TOO_DEEP = f"Anropets JSON är nästlat i fler än {MAX_JSON_DEPTH} nivåer."


def test_deeply_nested_json_is_refused_for_an_anonymous_client(demo_site):
    anonymous = demo_site.anonymous()
    for method, path in ENDPOINTS_FOR_ANYONE:
        answer = anonymous.request(method, path, content=nested(100_000), headers=JSON)
        assert refused(answer, code="too_deep") == TOO_DEEP, (method, path)


def test_deeply_nested_json_is_refused_whatever_the_headers_say(demo_site):
    """Through ``++api++`` a service parses the body whatever its declared type; a
    browser's form sends text/plain, a script may declare nothing."""
    anonymous = demo_site.anonymous()
    del anonymous.headers["Accept"]
    for headers in ({"Content-Type": "text/plain"}, {}):
        answer = anonymous.post(
            "/++api++/@eid/start", content=nested(100_000), headers=headers
        )
        assert answer.status_code == 400, answer.text[:300]
        assert answer.json()["error"]["code"] == "too_deep"


def test_deeply_nested_json_to_the_form_loses_nothing(resident, draft):
    before = saved_answers(resident, draft)
    body = b'{"step": "fastighet", "data": {"atgard": ' + nested(5000) + b"}}"
    refused(resident.patch(f"{draft}/@form", content=body, headers=JSON), 400)
    # Sent as text/plain, as a cross-origin form would: still refused.
    plain = {"Content-Type": "text/plain"}
    refused(resident.patch(f"{draft}/@form", content=body, headers=plain), 400)
    assert saved_answers(resident, draft) == before

    # As deep as allowed: read, and refused at the field (a list is no choice).
    body = '{"step": "fastighet", "data": {"atgard": %s}}'
    allowed = body % nested(MAX_JSON_DEPTH - 3).decode()
    answer = resident.patch(f"{draft}/@form", content=allowed, headers=JSON)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "atgard"

    # Brackets inside strings do not count.
    text = "[" * 500 + " ett långt beskrivet fall " + "{" * 500
    answer = resident.patch(
        f"{draft}/@form", json={"step": "fastighet", "data": {"beskrivning": text}}
    )
    assert answer.status_code == 200, answer.text
    assert saved_answers(resident, draft)["beskrivning"] == text


# PATCH @form: a wrong value is refused at its field, in Swedish, and nothing saved
# before is lost.

DATE = "Ange ett datum som ÅÅÅÅ-MM-DD, till exempel 2026-11-27."
WRONG_VALUES = [
    ("fastighet", "atgard", ["Rivning"], "Välj ett av alternativen."),
    ("fastighet", "atgard", {"value": "Rivning"}, "Välj ett av alternativen."),
    ("fastighet", "atgard", "Bergsprängning", "Välj ett av alternativen."),
    ("fastighet", "fastighetsbeteckning", ["Mården 4"], "Skriv en text."),
    ("fastighet", "fastighetsbeteckning", "Mården\n4", "Skriv svaret på en rad."),
    ("byggnaden", "byggnadsarea", 0, "Ange minst 1."),
    ("byggnaden", "byggnadsarea", 2.5, "Ange ett heltal."),
    ("byggnaden", "byggnadsarea", True, "Ange ett heltal."),
    ("byggnaden", "byggnadshojd", -0.5, "Ange minst 0."),
    ("byggnaden", "byggnadshojd", "hög", "Ange ett tal."),
    ("byggnaden", "byggnadshojd", "2,5", "Ange ett tal."),
    ("byggnaden", "byggnadshojd", [1], "Ange ett tal."),
    ("byggnaden", "byggstart", 20270101, DATE),
    ("byggnaden", "byggstart", "2027-02-30", DATE),
    (
        "byggnaden",
        "har_kontrollansvarig",
        "ja",
        "Svara ja eller nej (true eller false).",
    ),
]


def test_a_wrong_value_is_refused_at_the_field_and_nothing_is_lost(resident, draft):
    before = saved_answers(resident, draft)
    for step, field, value, message in WRONG_VALUES:
        answer = resident.patch(
            f"{draft}/@form", json={"step": step, "data": {field: value}}
        )
        assert answer.status_code == 400, (field, value, answer.text)
        expected = [{"field": field, "message": message}]
        assert answer.json()["errors"] == expected, (field, value)
    assert saved_answers(resident, draft) == before


def test_a_json_integer_is_a_valid_decimal_number(resident, draft):
    for sent, saved in ((1, 1.0), (1.5, 1.5), (0, 0.0)):
        answer = resident.patch(
            f"{draft}/@form", json={"step": "byggnaden", "data": {"byggnadshojd": sent}}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"] == {"byggnadshojd": saved}
        assert saved_answers(resident, draft)["byggnadshojd"] == saved


def test_a_malformed_form_body_is_refused_in_swedish(resident, draft):
    before = saved_answers(resident, draft)
    for body in (b"{bad", b"[1]", b'{"step": "fastighet"}'):
        message = refused(resident.patch(f"{draft}/@form", content=body, headers=JSON))
        assert message.startswith("Skicka {")
    message = refused(
        resident.patch(f"{draft}/@form", json={"step": "inget", "data": {}})
    )
    assert message == "Formuläret har inget steg 'inget'."
    assert saved_answers(resident, draft) == before


# plone.restapi's own services


def test_malformed_json_to_workflow_close_is_a_400(demo_site, resident):
    case_url = demo_site.submitted_report(resident)
    officer = demo_site.staff(*OFFICER)
    # In review, where the officer may close the case (before, the transition is
    # refused as not available, whatever the body).
    taken = officer.post(f"{case_url}/@workflow/start_review", json={})
    assert taken.status_code == 200, taken.text
    for body in (b"{bad", b"[1, 2]", b'"text"'):
        answer = officer.post(f"{case_url}/@workflow/close", content=body, headers=JSON)
        message = refused(answer, code="bad_json")
        assert message == "Skicka anropets innehåll som ett JSON-objekt."
    state = officer.get(f"{case_url}/@workflow").json()["state"]["id"]
    assert state == "in_review"


BAD_PAGING = [
    {"b_start": "-1"},
    {"b_start": "x"},
    {"b_start": "1.5"},
    {"b_start": "99999999999"},
    {"b_start": str(PAGING["b_start"].maximum + 1)},
    {"b_size": "-1"},
    {"b_size": "0"},
    {"b_size": "många"},
    {"b_size": str(PAGING["b_size"].maximum + 1)},
    [("b_size", "1"), ("b_size", "2")],
]


def test_paging_is_bounded_on_every_listing(demo_site, resident):
    demo_site.submitted_report(resident)
    officer = demo_site.staff(*OFFICER)
    for path in ("/@search", "/@case-queue", "/@my-cases", "/@eservices"):
        for params in BAD_PAGING:
            message = refused(officer.get(path, params=params), code="bad_paging")
            assert "ska vara ett heltal från" in message, (path, params)
    last = {"b_start": PAGING["b_start"].maximum, "b_size": PAGING["b_size"].maximum}
    for path in ("/@search", "/@case-queue"):
        answer = officer.get(path, params=last)
        assert answer.status_code == 200, answer.text
        assert answer.json()["items"] == []
    # Far beyond the queue's end, for one case: no page padded to its place.
    answer = officer.get("/@case-queue", params={"b_start": 999_999, "b_size": 1})
    assert answer.status_code == 200, answer.text
    assert answer.json()["items"] == []
    assert answer.json()["items_total"] >= 1


BAD_SEARCHES = [
    {"path.depth": "x"},
    {"created.query": "x", "created.range": "min"},
    {"sort_limit": "x"},
]


def test_a_search_the_catalog_cannot_run_is_a_400(demo_site):
    anonymous = demo_site.anonymous()
    answer = anonymous.get("/@search", params={"SearchableText": "and"})
    message = refused(answer, code="bad_query")
    assert message == "Det går inte att söka på den texten. Använd andra ord."
    for params in BAD_SEARCHES:
        message = refused(anonymous.get("/@search", params=params), code="bad_query")
        assert message == "Sökningen kan inte göras med de här parametrarna.", params
    answer = anonymous.post("/@querystring-search", json={"query": "x"})
    assert refused(answer, code="bad_query").startswith("Sökningen kan inte")
    # A search the catalog can run is answered as before.
    assert anonymous.get("/@search", params={"SearchableText": "bygglov"}).is_success


# An address that is not UTF-8 never reaches Plone.


def test_an_address_that_is_not_utf8_is_a_400(demo_site):
    anonymous = demo_site.anonymous()
    paths = ("/%ff%fe", "/%ff/@eservices", f"{FELANMALAN}/%c3")
    queries = ("/@search?SearchableText=%ff", "/?%ff=1", "/@eservices?q=%c3")
    for path in paths + queries:
        message = refused(anonymous.get(path), code="bad_path")
        assert "inte giltig UTF-8" in message
    answer = anonymous.get("/%ff", headers={"Accept": "text/html"})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert "inte giltig UTF-8" in answer.text


def test_the_report_is_still_sendable_after_refusals(demo_site, resident):
    """Refused requests change nothing on the way to a real submission."""
    case_url = demo_site.draft(resident, FELANMALAN)
    resident.patch(f"{case_url}/@form", json={"step": "felet", "data": {"typ": [1]}})
    resident.patch(f"{case_url}/@form", content=nested(1000), headers=JSON)
    saved = resident.patch(
        f"{case_url}/@form", json={"step": "felet", "data": A_REPORT}
    )
    assert saved.status_code == 200
    assert resident.post(f"{case_url}/@submit").status_code == 200


# The endpoints' own refusals are in Swedish too, whatever the endpoint.


def test_the_endpoints_own_refusals_are_in_swedish(demo_site, resident, draft):
    anonymous = demo_site.anonymous()
    expected = [
        (anonymous.post("/@eid/login"), 400, "Använd @eid/start"),
        (
            anonymous.post("/@eid/start", content=b"[1]", headers=JSON),
            400,
            "JSON-objekt",
        ),
        (
            anonymous.post("/@eid/start", json={"provider": "bankid", "device": "x"}),
            400,
            "ska vara bankid eller freja",
        ),
        (
            anonymous.post("/@eid/collect", json={"transaction": "förfalskad"}),
            400,
            "okänd eller har gått ut",
        ),
        (anonymous.post(f"{BYGGLOV}/@start"), 401, "Logga in först."),
        (resident.post(f"{draft}/@submit"), 409, "kan inte skickas in ännu"),
        (
            resident.delete(f"{draft}/@attachments/finns-inte"),
            404,
            "Bilagan finns inte.",
        ),
        (
            resident.post(f"{draft}/@sign", content=b"[1]", headers=JSON),
            400,
            "JSON-objekt",
        ),
    ]
    for answer, status, swedish in expected:
        assert swedish in refused(answer, status), answer.request.url
    case_url = demo_site.submitted_report(resident)
    officer = demo_site.staff(*OFFICER)
    officer.headers["Origin"] = demo_site.url.split("/plone")[0]
    for body, swedish in (
        ({"text": 5}, "'text' ska vara en text."),
        (
            {"text": "Hej", "internal": "kanske"},
            "'internal' ska vara true eller false.",
        ),
        (
            {"text": "Hej", "internal": True, "request_completion": True},
            "intern anteckning kan inte be",
        ),
    ):
        assert swedish in refused(officer.post(f"{case_url}/@messages", json=body))
    assert "som JSON" in refused(
        officer.post(f"{case_url}/@assign", content=b"inte json", headers=JSON)
    )
