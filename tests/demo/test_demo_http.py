"""The demo portal over HTTP, as a visitor who has not logged in gets it."""

import httpx
import pytest
from bs4 import BeautifulSoup

from helpers import site_url


@pytest.fixture
def client(demo_functional):
    with httpx.Client(base_url=site_url(demo_functional), timeout=30) as client:
        yield client


def test_site_root_shows_the_catalog_of_eservices(client):
    response = client.get("/")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert page.find("h1").get_text(strip=True) == "Självserviceportal"
    text = page.get_text(" ", strip=True)
    for title in ("Ansökan om bygglov", "Felanmälan gata och park", "Bokning av lokal"):
        assert title in text
    assert "Anmälan av tillbud och arbetsskada" not in text


def test_footer_links_to_the_accessibility_statement(client):
    page = BeautifulSoup(client.get("/").text, "html.parser")
    footer = page.find(id="portal-footer-wrapper")
    links = [
        a
        for a in footer.find_all("a")
        if a.get_text(strip=True) == "Tillgänglighetsredogörelse"
    ]
    assert len(links) == 1
    link = links[0]
    statement = client.get(link["href"])
    assert statement.status_code == 200
    assert "digg.se/tdosanmalan" in statement.text


def test_visitor_downloads_a_blankett_as_pdf(client):
    path = "/e-tjanster/blanketter/fullmakt-i-bygglovsarende"
    response = client.get(f"{path}/@@download/file/fullmakt-i-bygglovsarende.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.content.startswith(b"%PDF-")


def test_internal_eservice_is_not_shown_to_visitors(client):
    response = client.get(
        "/e-tjanster/anmalan-av-tillbud-och-arbetsskada", follow_redirects=False
    )
    assert response.status_code in (302, 401, 403)


PAGES = [
    ("/e-tjanster/ansokan-om-bygglov", "Ansökan om bygglov"),
    ("/e-tjanster/ansokan-om-forskoleplats", "Ansökan om förskoleplats"),
    ("/e-tjanster/anmalan-om-andrad-inkomst", "Anmälan om ändrad inkomst"),
    ("/e-tjanster/felanmalan-gata-och-park", "Felanmälan gata och park"),
    ("/e-tjanster/ansokan-om-fardtjanst", "Ansökan om färdtjänst"),
    ("/e-tjanster/ansokan-om-serveringstillstand", "Ansökan om serveringstillstånd"),
    ("/e-tjanster/bokning-av-lokal", "Bokning av lokal"),
    ("/e-tjanster/ansokan-om-foreningsbidrag", "E-tjänsten är stängd"),
    ("/e-tjanster/fragor-och-svar", "Jag har skyddad identitet. Hur gör jag?"),
    ("/e-tjanster/blanketter/fullmakt-i-bygglovsarende", "Fullmakt i bygglovsärende"),
]


@pytest.mark.parametrize(("path", "text"), PAGES)
def test_demo_pages_render_for_visitors(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in BeautifulSoup(response.text, "html.parser").get_text(" ")


def test_bygglov_start_page_links_its_blankett_and_questions(client):
    page = BeautifulSoup(
        client.get("/e-tjanster/ansokan-om-bygglov").text, "html.parser"
    )
    links = {
        a.get_text(" ", strip=True): a["href"] for a in page.find_all("a", href=True)
    }
    assert links["Fullmakt i bygglovsärende"].endswith(
        "/e-tjanster/blanketter/fullmakt-i-bygglovsarende"
    )
    assert links["Jag kan inte logga in eller skriva under. Vad gör jag?"].endswith(
        "/e-tjanster/fragor-och-svar#problem-med-e-legitimation"
    )
