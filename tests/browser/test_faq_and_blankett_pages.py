"""The FAQ page and a blankett's page, as visitors get them over HTTP."""

import json

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api
from plone.namedfile.file import NamedBlobFile

from helpers import html
from helpers import make_pdf_bytes
from helpers import make_portal
from helpers import site_url


@pytest.fixture
def site(functional):
    portal = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(portal)
        faq = api.content.create(
            container=catalog_page,
            type="FAQ",
            id="fragor-och-svar",
            title="Frågor och svar",
        )
        sections = {}
        for section_id, title in (
            ("mina-sidor", "Mina sidor"),
            ("e-leg", "E-legitimation"),
        ):
            sections[section_id] = api.content.create(
                container=faq, type="FAQSection", id=section_id, title=title
            )
        questions = [
            (
                "mina-sidor",
                "var-ar-arendet",
                "Var hittar jag mitt ärende?",
                "<p>På Mina sidor.</p>",
            ),
            (
                "mina-sidor",
                "extern",
                "Varför syns inte ärendet?",
                "<p>Det är <b>externt</b>.</p>",
            ),
            (
                "e-leg",
                "vilken",
                "Vilken e-legitimation?",
                "<p>BankID eller Freja eID+.</p>",
            ),
            (
                "e-leg",
                "script",
                "Kan svaret bryta sidan?",
                "<p>Nej: </script><script>x</p>",
            ),
        ]
        for section_id, item_id, question, answer in questions:
            api.content.create(
                container=sections[section_id],
                type="FAQItem",
                id=item_id,
                title=question,
                answer=html(answer),
            )
        for obj in [faq, *sections.values()] + [
            item for section in sections.values() for item in section.objectValues()
        ]:
            api.content.transition(obj, "publish")
        blankett = api.content.create(
            container=catalog_page,
            type="Blankett",
            id="nybyggnadskarta",
            title="Beställning av nybyggnadskarta",
            file=NamedBlobFile(make_pdf_bytes(), filename="nybyggnadskarta.pdf"),
            fillable=True,
            postal_address="Åtvidabergs kommun\nSamhällsbyggnad\n597 81 Åtvidaberg",
            submission_email="bygglov@atvidaberg.se",
        )
        api.content.transition(blankett, "publish")
    transaction.commit()
    return site_url(functional) + "/e-tjanster"


def soup_of(url):
    response = httpx.get(url, follow_redirects=True)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def test_each_question_is_a_disclosure_with_an_anchor(site):
    soup = soup_of(f"{site}/fragor-och-svar")
    sections = soup.select("section.etjanster-faq__section")
    assert [s.h2.get_text(strip=True) for s in sections] == [
        "Mina sidor",
        "E-legitimation",
    ]
    items = soup.select("details.etjanster-faq__item")
    assert [d["id"] for d in items] == ["var-ar-arendet", "extern", "vilken", "script"]
    first = items[0]
    assert first.summary.get_text(strip=True) == "Var hittar jag mitt ärende?"
    assert (
        first.select_one(".etjanster-faq__answer").get_text(strip=True)
        == "På Mina sidor."
    )
    assert first.select_one(".etjanster-faq__permalink a")["href"] == "#var-ar-arendet"
    assert not first.has_attr("open")  # closed until the reader opens it


def test_questions_follow_the_communicators_order(site, functional):
    with api.env.adopt_roles(["Manager"]):
        section = functional["portal"]["e-tjanster"]["fragor-och-svar"]["mina-sidor"]
        section.moveObjectsToTop(["extern"])
    transaction.commit()
    soup = soup_of(f"{site}/fragor-och-svar")
    assert [d["id"] for d in soup.select("details")][:2] == ["extern", "var-ar-arendet"]


def test_faq_page_emits_faqpage_json_ld(site):
    soup = soup_of(f"{site}/fragor-och-svar")
    [script] = soup.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert data["@type"] == "FAQPage"
    questions = {q["name"]: q for q in data["mainEntity"]}
    assert len(questions) == 4
    answer = questions["Vilken e-legitimation?"]["acceptedAnswer"]
    assert answer["@type"] == "Answer"
    assert "BankID eller Freja eID+" in answer["text"]


def test_an_answer_cannot_end_the_json_ld_script(site):
    response = httpx.get(f"{site}/fragor-och-svar")
    ld = response.text.split('type="application/ld+json">', 1)[1]
    assert "</script>" in ld  # the element's own end tag ...
    assert "<script>x" not in ld.split("</script>", 1)[0]  # ... is the first one


def test_blankett_page_offers_the_download_and_how_to_hand_it_in(site):
    soup = soup_of(f"{site}/nybyggnadskarta")
    link = soup.select_one("a.etjanster-download")
    assert "Ladda ner blanketten" in link.get_text()
    assert "PDF" in link.get_text()
    text = soup.get_text(" ", strip=True)
    assert "Du kan fylla i blanketten på datorn" in text
    assert "Blanketten måste skrivas under för hand." in text
    assert "597 81 Åtvidaberg" in soup.select_one("address").get_text()
    assert soup.select_one('a[href="mailto:bygglov@atvidaberg.se"]')
    assert "Hos kontaktcenter i Åtvidabergs kommun" in text
    pdf = httpx.get(link["href"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
