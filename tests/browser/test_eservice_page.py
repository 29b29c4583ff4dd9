"""An e-service's start page as residents, employees and anonymous visitors get it."""

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


@pytest.fixture
def site(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(portal)
        make_eservice(
            catalog_page,
            "ansokan-om-bygglov",
            title="Ansökan om bygglov",
            description="Sök lov för att bygga nytt.",
            target_group="Du som äger en fastighet i kommunen.",
            prerequisites=["Ritningar", "Situationsplan"],
            steps=["Fyll i", "Bifoga ritningar", "Signera"],
            processing_time="Högst tio veckor",
            cost="Enligt taxa",
            contact_name="Bygglovshandläggare",
            contact_phone="0120-830 00",
            contact_email="bygglov@atvidaberg.se",
            data_controller="Samhällsbyggnadsnämnden",
            processing_purpose="Att pröva din ansökan.",
            legal_basis="Myndighetsutövning",
            requires_signature=True,
        )
        make_eservice(
            catalog_page,
            "boka-lokal",
            title="Boka lokal",
            external_url="https://boka.example.se/lokaler",
            requires_eid=False,
        )
        make_eservice(
            catalog_page,
            "foreningsbidrag",
            title="Ansökan om föreningsbidrag",
            available=False,
            unavailable_message="E-tjänsten öppnar igen den 1 februari.",
        )
        make_eservice(
            catalog_page,
            "tillbud",
            title="Anmälan av tillbud",
            audience="employees",
            introduction=None,
        )
        make_user("medarbetare", PASSWORD, "Medarbetare")
        make_user("fortroendevald", PASSWORD, "Fortroendevalda")
        make_user("invanare", PASSWORD)
    transaction.commit()
    return site_url(functional)


def page(url, auth=None):
    response = httpx.get(url, auth=auth, follow_redirects=True)
    return response, BeautifulSoup(response.text, "html.parser")


def test_start_page_shows_what_a_resident_needs(site):
    response, soup = page(f"{site}/e-tjanster/ansokan-om-bygglov")
    assert response.status_code == 200
    text = soup.get_text(" ", strip=True)
    button = soup.select_one(".etjanster-start__button")
    assert button.get_text(strip=True) == "Starta e-tjänsten"
    assert button["href"].endswith("/ansokan-om-bygglov/@@start")
    headings = [h.get_text(strip=True) for h in soup.select("article h2")]
    for heading in (
        "Vem kan använda e-tjänsten",
        "Det här behöver du innan du börjar",
        "Så går det till",
        "Handläggningstid och kostnad",
        "Frågor om e-tjänsten",
        "Så behandlar vi dina personuppgifter",
    ):
        assert heading in headings
    assert [li.get_text() for li in soup.select(".etjanster-steps li")] == [
        "Fyll i",
        "Bifoga ritningar",
        "Signera",
    ]
    assert soup.select_one('a[href="tel:012083000"]').get_text() == "0120-830 00"
    assert soup.select_one('a[href="mailto:bygglov@atvidaberg.se"]')
    assert "Samhällsbyggnadsnämnden" in text
    assert "Du skriver under med e-legitimation" in text
    assert "Mina sidor" not in text


def test_external_eservice_has_marker_and_says_it_cannot_be_followed(site):
    _, soup = page(f"{site}/e-tjanster/boka-lokal")
    button = soup.select_one(".etjanster-start__button")
    assert button["href"] == "https://boka.example.se/lokaler"
    assert button.select_one("svg[aria-hidden=true]") is not None
    assert (
        button.select_one(".visually-hidden").get_text() == "(öppnar ett annat system)"
    )
    assert (
        button.get_text(" ", strip=True)
        == "Starta e-tjänsten (öppnar ett annat system)"
    )
    assert "Ärendet kan inte följas på Mina sidor" in soup.get_text()


def test_external_start_leads_to_the_other_system(site):
    response = httpx.get(f"{site}/e-tjanster/boka-lokal/@@start")
    assert response.status_code == 302
    assert response.headers["location"] == "https://boka.example.se/lokaler"


def test_unavailable_eservice_says_so_prominently_and_has_no_start_button(site):
    _, soup = page(f"{site}/e-tjanster/foreningsbidrag")
    notice = soup.select_one("#etjanster-unavailable")
    assert notice.h2.get_text(strip=True) == "E-tjänsten är inte tillgänglig just nu"
    assert "öppnar igen den 1 februari" in notice.get_text()
    assert soup.select_one(".etjanster-start__button") is None


def test_starting_an_eid_service_asks_an_anonymous_visitor_to_log_in(site):
    response = httpx.get(f"{site}/e-tjanster/ansokan-om-bygglov/@@start")
    assert response.status_code == 302
    assert response.headers["location"].startswith(f"{site}/@@eid-login?came_from=")


def test_internal_eservice_asks_anonymous_to_log_in_as_employee(site):
    response, soup = page(f"{site}/e-tjanster/tillbud")
    assert "/login" in str(response.url)
    assert "Anmälan av tillbud" not in soup.get_text()
    hint = soup.select_one(".etjanster-internal-hint")
    assert "Logga in som medarbetare eller förtroendevald" in hint.get_text()


def test_internal_eservice_is_refused_to_a_resident(site):
    response, soup = page(f"{site}/e-tjanster/tillbud", auth=("invanare", PASSWORD))
    assert "insufficient-privileges" in str(response.url)
    assert "Anmälan av tillbud" not in soup.get_text()


def test_internal_eservice_is_refused_to_the_other_internal_group(site):
    response, _ = page(f"{site}/e-tjanster/tillbud", auth=("fortroendevald", PASSWORD))
    assert "insufficient-privileges" in str(response.url)


def test_internal_eservice_is_shown_to_an_employee(site):
    response, soup = page(f"{site}/e-tjanster/tillbud", auth=("medarbetare", PASSWORD))
    assert response.status_code == 200
    assert soup.select_one("h1").get_text(strip=True) == "Anmälan av tillbud"
    assert "Intern e-tjänst för medarbetare" in soup.get_text()
    assert soup.select_one(".etjanster-start__button").get_text(strip=True) == (
        "Starta e-tjänsten"
    )


def test_employee_finds_internal_eservice_in_catalog_and_search(site):
    auth = ("medarbetare", PASSWORD)
    _, soup = page(f"{site}/e-tjanster", auth=auth)
    assert "Anmälan av tillbud" in soup.get_text()
    _, soup = page(f"{site}/e-tjanster?q=tillbud", auth=auth)
    assert [a.get_text(strip=True) for a in soup.select(".etjanster-row__title")] == [
        "Anmälan av tillbud"
    ]
    _, soup = page(
        f"{site}/@@search?SearchableText=tillbud", auth=("invanare", PASSWORD)
    )
    assert "Anmälan av tillbud" not in soup.get_text()
