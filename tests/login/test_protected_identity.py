"""Protected identity end to end: login flagged, e-services not open to it say so."""

import base64
from urllib.parse import quote
from urllib.parse import unquote

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api

from helpers import make_eservice
from helpers import make_portal
from helpers import site_url

CECILIA = "199006229844"  # sekretessmarkering
DAVID = "198509109859"  # skyddad folkbokföring
ANNA = "198001019820"
JSON = {"Accept": "application/json"}


@pytest.fixture
def site(eid_site):
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(eid_site["portal"])
        make_eservice(catalog_page, "bygglov", title="Ansökan om bygglov")
        make_eservice(
            catalog_page,
            "inkomst",
            title="Anmälan om ändrad inkomst",
            allows_protected_identity=True,
        )
    transaction.commit()
    return site_url(eid_site)


def log_in(session, control, personal_number):
    started = session.post(
        "/@eid/start", json={"provider": "bankid", "device": "other"}, headers=JSON
    ).json()
    approved = control.post(
        "/sim/bankid/approve",
        json={"qr": started["qr"], "personalNumber": personal_number},
    )
    assert approved.status_code == 200
    answer = session.post(
        "/@eid/collect", json={"transaction": started["transaction"]}, headers=JSON
    ).json()
    assert answer["status"] == "complete"
    return answer


def start_page_text(session, path):
    response = session.get(f"{path}/@@start", follow_redirects=True)
    assert response.status_code == 200
    return (
        BeautifulSoup(response.text, "html.parser").select_one("#content").get_text(" ")
    )


@pytest.mark.parametrize("personal_number", [CECILIA, DAVID])
def test_eservice_not_open_to_protected_identity_shows_the_contact_centre(
    site, simulators, personal_number
):
    running, _ = simulators
    with (
        httpx.Client(base_url=site) as session,
        httpx.Client(base_url=running.url("control")) as control,
    ):
        answer = log_in(session, control, personal_number)
        assert answer["protectedIdentity"] is True
        text = start_page_text(session, "/e-tjanster/bygglov")
        assert "Kontakta oss i stället" in text
        assert "0120-830 00" in text
        assert "Formuläret kan inte fyllas i" not in text
        # An e-service open to protected identity goes on as for anyone.
        text = start_page_text(session, "/e-tjanster/inkomst")
        assert "Kontakta oss i stället" not in text


def test_an_ordinary_resident_is_not_turned_away(site, simulators):
    running, _ = simulators
    with (
        httpx.Client(base_url=site) as session,
        httpx.Client(base_url=running.url("control")) as control,
    ):
        assert log_in(session, control, ANNA)["protectedIdentity"] is False
        assert "Kontakta oss i stället" not in start_page_text(
            session, "/e-tjanster/bygglov"
        )


def test_the_flag_cannot_be_dropped_by_editing_the_cookie(site, simulators):
    running, _ = simulators
    with (
        httpx.Client(base_url=site) as session,
        httpx.Client(base_url=running.url("control")) as control,
    ):
        log_in(session, control, CECILIA)
        cookie = unquote(session.cookies["__ac"])  # Zope URL-quotes cookie values
        session.cookies.clear()
        ticket = base64.b64decode(cookie)
        # The flag is the user's, not the ticket's; what the ticket says is signed.
        assert b"protected" not in ticket
        forged = base64.b64encode(ticket.replace(b"bankid", b"freja")).decode()
        session.cookies.set("__ac", quote(forged))
        response = session.get("/e-tjanster/bygglov/@@start")
        # A forged ticket is no login at all: back to the login page.
        assert "/@@eid-login" in response.headers.get("location", "")


def test_register_unavailable_means_treated_as_protected(site, simulators, eid_site):
    registry = eid_site["portal"].portal_registry
    registry["atvidaberg.etjanster.eid.spar_url"] = "https://127.0.0.1:9/2021.1/"
    transaction.commit()
    running, _ = simulators
    with (
        httpx.Client(base_url=site) as session,
        httpx.Client(base_url=running.url("control")) as control,
    ):
        answer = log_in(session, control, ANNA)
        assert answer["protectedIdentity"] is True
        assert answer["user"]["fullname"] == "Anna Andersson"
