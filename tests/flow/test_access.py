"""A draft's pages are its owner's alone: nobody else reads or changes it."""

import httpx
import pytest
import transaction
from flow_site import BENGT
from flow_site import soup
from plone import api

from helpers import make_user

PASSWORD = "ett-långt-lösenord-42"

PAGES = (
    "",
    "/@@steg",
    "/@@steg/default",
    "/@@steg/byggnaden",
    "/@@granska",
    "/@@sparat",
    "/@@bekraftelse",
)


@pytest.fixture
def drafted(residents):
    """Anna's draft with an answer in it; (anna, case URL)."""
    anna = residents()
    first = anna.start()
    second = anna.submit(first).headers["location"]
    anna.submit(
        second, {"answer.beskrivning": "Hemlig beskrivning"}, button=("action", "save")
    )
    return anna, first.split("/@@steg")[0]


def refused(response):
    if response.status_code == 302:
        return (
            "login" in response.headers["location"]
            or "require_login" in response.headers["location"]
        )
    return response.status_code in (401, 403, 404)


def test_another_resident_gets_none_of_the_draft(drafted, residents):
    _anna, case = drafted
    bengt = residents(BENGT)
    for page in PAGES:
        response = bengt.get(f"{case}{page}")
        assert refused(response), (page, response.status_code)
        assert "Hemlig beskrivning" not in response.text
        assert "Anna Andersson" not in response.text


def test_an_anonymous_visitor_gets_none_of_the_draft(drafted):
    _, case = drafted
    for page in PAGES:
        response = httpx.get(f"{case}{page}")
        assert refused(response), (page, response.status_code)
        assert "Hemlig beskrivning" not in response.text


def test_another_resident_cannot_change_or_send_in_the_draft(drafted, residents):
    anna, case = drafted
    bengt = residents(BENGT)
    token = soup(bengt.get("/e-tjanster/bygglov/@@start")).select_one(
        "input[name=_authenticator]"
    )["value"]
    for page, data in (
        ("/@@steg/byggnaden", {"answer.beskrivning": "Bengts text", "action": "save"}),
        ("/@@granska", {}),
    ):
        response = bengt.http.post(
            f"{case}{page}", data={"_authenticator": token, **data}
        )
        assert refused(response), (page, response.status_code)
    _, page = anna.page(f"{case}/@@steg/byggnaden")
    assert page.select_one("#falt-beskrivning").get_text() == "Hemlig beskrivning"
    _, review = anna.page(f"{case}/@@granska")
    assert review.select_one(".etjanster-received") is None


def test_a_case_officer_gets_the_case_but_not_the_residents_pages(site, residents):
    """Once sent in, officers may view the case; the resident's pages stay hers."""
    _url, _ = site
    with api.env.adopt_roles(["Manager"]):
        make_user("handlaggare", PASSWORD)
        api.user.grant_roles(username="handlaggare", roles=["CaseOfficer"])
    transaction.commit()
    anna = residents()
    first = anna.start("enkel")
    case = first.split("/@@steg")[0]
    review = anna.submit(first, {"answer.fastighet": "Ekbacken 1:23"}).headers[
        "location"
    ]
    form = anna.page(review)[1].select_one(".etjanster-send form")
    token = form.select_one("input[name=_authenticator]")["value"]
    assert (
        anna.http.post(form["action"], data={"_authenticator": token}).status_code
        == 302
    )

    officer = httpx.Client(auth=("handlaggare", PASSWORD))
    case_page = officer.get(case)
    assert case_page.status_code == 200  # Plone's view of the case, no redirect
    for page in ("/@@bekraftelse", "/@@granska", "/@@steg/default"):
        assert officer.get(f"{case}{page}").status_code == 403, page
