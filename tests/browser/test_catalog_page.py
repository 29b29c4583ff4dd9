"""The catalog page as a visitor gets it over HTTP."""

import httpx
import pytest
import transaction
from bs4 import BeautifulSoup
from plone import api
from plone.namedfile.file import NamedBlobFile

from helpers import make_eservice
from helpers import make_pdf_bytes
from helpers import make_portal
from helpers import site_url


@pytest.fixture
def portal_url(functional):
    site = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(site)
        bygglov = make_eservice(
            catalog_page,
            "ansokan-om-bygglov",
            title="Ansökan om bygglov",
            description="Sök lov för att bygga nytt eller bygga till.",
            category="Bygga, bo och miljö",
        )
        bygglov.setSubject(["tillbyggnad", "attefallshus"])
        bygglov.reindexObject()
        make_eservice(
            catalog_page,
            "boka-lokal",
            title="Boka lokal",
            category="Kultur och fritid",
            external_url="https://boka.example.se/lokaler",
            requires_eid=False,
        )
        make_eservice(
            catalog_page,
            "forskoleplats",
            title="Ansökan om förskoleplats",
            category="Barn och utbildning",
            available=False,
            unavailable_message="Stängd för underhåll till måndag.",
        )
        make_eservice(
            catalog_page,
            "tillbud",
            title="Anmälan av tillbud",
            category="Kommun och politik",
            audience="employees",
        )
        blankett = api.content.create(
            container=catalog_page,
            type="Blankett",
            id="nybyggnadskarta",
            title="Beställning av nybyggnadskarta",
            category="Bygga, bo och miljö",
            file=NamedBlobFile(make_pdf_bytes(), filename="karta.pdf"),
        )
        api.content.transition(blankett, "publish")
        from z3c.relationfield import RelationValue
        from zope.component import getUtility
        from zope.intid.interfaces import IIntIds

        catalog_page.popular = [RelationValue(getUtility(IIntIds).getId(bygglov))]
    transaction.commit()
    return site_url(functional) + "/e-tjanster"


def get(url, **params):
    response = httpx.get(url, params=params, follow_redirects=True)
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def row_titles(element):
    return [a.get_text(strip=True) for a in element.select(".etjanster-row__title")]


def test_groups_by_category_and_tells_eservices_from_blanketter(portal_url):
    page = get(portal_url)
    groups = {
        section.h2.get_text(strip=True): section
        for section in page.select("section.etjanster-category")
    }
    assert list(groups) == [
        "Barn och utbildning",
        "Bygga, bo och miljö",
        "Kultur och fritid",
    ]
    building = groups["Bygga, bo och miljö"]
    kinds = {
        row.select_one(".etjanster-row__title").get_text(strip=True): row.select_one(
            ".etjanster-badge--kind"
        ).get_text(strip=True)
        for row in building.select("li.etjanster-row")
    }
    assert kinds == {
        "Ansökan om bygglov": "E-tjänst",
        "Beställning av nybyggnadskarta": "Blankett",
    }


def test_rows_show_eid_external_and_unavailable(portal_url):
    page = get(portal_url)
    rows = {
        row.select_one(".etjanster-row__title").get_text(strip=True): row
        for row in page.select("section.etjanster-category li.etjanster-row")
    }
    assert (
        rows["Ansökan om bygglov"]
        .select_one(".etjanster-badge--eid")
        .get_text(strip=True)
        == "Kräver e-legitimation"
    )
    external = rows["Boka lokal"]
    assert external.select_one(".etjanster-badge--external").get_text(strip=True) == (
        "Extern e-tjänst"
    )
    assert external.select_one(".etjanster-badge--eid") is None
    assert rows["Ansökan om förskoleplats"].select_one(".etjanster-badge--unavailable")


def test_internal_eservice_is_not_listed_for_anonymous(portal_url):
    page = get(portal_url)
    assert "Anmälan av tillbud" not in page.get_text()
    assert "Anmälan av tillbud" not in get(portal_url, q="tillbud").get_text()


def test_popular_list_in_communicators_order(portal_url):
    page = get(portal_url)
    popular = page.select_one("section.etjanster-popular")
    assert popular.h2.get_text(strip=True) == "Populära e-tjänster"
    assert row_titles(popular) == ["Ansökan om bygglov"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("bygglov", ["Ansökan om bygglov"]),  # title
        ("bygga till", ["Ansökan om bygglov"]),  # description, two words
        ("attefall", ["Ansökan om bygglov"]),  # keyword, as a prefix
        ("nybyggnad", ["Beställning av nybyggnadskarta"]),  # blanketter too
    ],
)
def test_search_over_title_description_and_keywords(portal_url, query, expected):
    page = get(portal_url, q=query)
    status = page.select_one("#etjanster-results-heading").get_text(" ", strip=True)
    assert status == f"1 träff för ”{query}”"
    assert row_titles(page) == expected


def test_search_with_no_hits_says_so_and_keeps_the_query(portal_url):
    page = get(portal_url, q="xyzzy")
    assert "Ingen e-tjänst eller blankett matchade" in page.get_text()
    assert page.select_one("input[name=q]")["value"] == "xyzzy"


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "(*)", "bygg*lov)", "å" * 500])
def test_search_survives_operator_characters(portal_url, query):
    response = httpx.get(portal_url, params={"q": query})
    assert response.status_code == 200


def test_search_box_has_a_label(portal_url):
    page = get(portal_url)
    field = page.select_one("input[name=q]")
    assert page.select_one(f"label[for={field['id']}]").get_text(strip=True) == (
        "Sök bland e-tjänster och blanketter"
    )


def test_page_is_in_swedish(portal_url):
    response = httpx.get(portal_url)
    assert BeautifulSoup(response.text, "html.parser").html["lang"] == "sv"
