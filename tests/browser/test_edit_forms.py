"""Communicators edit e-services through the web; bad values are refused at the field."""

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api

from helpers import make_eservice
from helpers import make_portal
from helpers import make_user
from helpers import site_url

PASSWORD = "ett-långt-lösenord-42"
COMMUNICATOR = ("kommunikator", PASSWORD)


@pytest.fixture
def eservice_url(functional):
    site = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(site)
        make_eservice(catalog_page, "boka-lokal", title="Boka lokal")
        make_user("kommunikator", PASSWORD, "Kommunikatorer")
    transaction.commit()
    return site_url(functional) + "/e-tjanster/boka-lokal"


def form_fields(soup):
    data = {}
    for field in soup.select("form#form input[name], form#form textarea[name]"):
        kind = field.get("type")
        if kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        value = field.text if field.name == "textarea" else field.get("value", "")
        data.setdefault(field["name"], []).append(value)
    for select in soup.select("form#form select[name]"):
        chosen = select.select("option[selected]") or select.select("option")[:1]
        data[select["name"]] = [option.get("value", "") for option in chosen]
    return data


def edit(session, url, **changes):
    soup = BeautifulSoup(session.get(f"{url}/edit").text, "html.parser")
    data = form_fields(soup)
    for name, value in changes.items():
        data[f"form.widgets.{name}"] = [value]
    data["form.buttons.save"] = ["Spara"]
    return session.post(f"{url}/edit", data=data)


def field_error(html, name):
    soup = BeautifulSoup(html, "html.parser")
    field = soup.select_one(f'[data-fieldname="form.widgets.{name}"]')
    error = field.select_one(".invalid-feedback")
    return error.get_text(" ", strip=True) if error else None


def test_communicator_edit_form_refuses_a_non_web_address(eservice_url):
    with httpx.Client(auth=COMMUNICATOR, follow_redirects=True) as session:
        response = edit(session, eservice_url, external_url="javascript:alert(1)")
        assert response.status_code == 200
        assert field_error(response.text, "external_url") == (
            "Ange en webbadress som börjar med https:// eller http://."
        )
        # What the communicator typed is still there to correct.
        assert "javascript:alert(1)" in response.text
    page = httpx.get(eservice_url).text
    assert "javascript:" not in page


def test_communicator_makes_an_eservice_external(eservice_url):
    with httpx.Client(auth=COMMUNICATOR, follow_redirects=True) as session:
        response = edit(
            session,
            eservice_url,
            external_url="https://boka.example.se",
            contact_phone="0120-830 00",
        )
        assert response.status_code == 200
        assert str(response.url) == eservice_url  # saved, back on the page
    soup = BeautifulSoup(httpx.get(eservice_url).text, "html.parser")
    button = soup.select_one(".etjanster-start__button--external")
    assert button["href"] == "https://boka.example.se"


def test_bad_phone_number_is_refused_at_the_field(eservice_url):
    with httpx.Client(auth=COMMUNICATOR, follow_redirects=True) as session:
        response = edit(session, eservice_url, contact_phone="ring växeln")
        assert field_error(response.text, "contact_phone").startswith(
            "Ange ett telefonnummer med 7 till 15 siffror"
        )
