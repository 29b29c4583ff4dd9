"""GET /Plone/@eservices as integrators and anonymous visitors use it."""

import httpx
import pytest
import transaction
from plone import api

from helpers import make_eservice
from helpers import make_portal
from helpers import make_user
from helpers import site_url

PASSWORD = "ett-långt-lösenord-42"
JSON = {"Accept": "application/json"}


@pytest.fixture
def api_url(functional):
    site = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        catalog_page = make_portal(site)
        make_eservice(
            catalog_page,
            "ansokan-om-bygglov",
            title="Ansökan om bygglov",
            description="Sök lov för att bygga nytt.",
            category="Bygga, bo och miljö",
            requires_signature=True,
        )
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
            "tillbud",
            title="Anmälan av tillbud",
            category="Kommun och politik",
            audience="employees",
        )
        make_eservice(catalog_page, "utkast", title="Opublicerad", publish=False)
        make_user("medarbetare", PASSWORD, "Medarbetare")
    transaction.commit()
    return site_url(functional) + "/@eservices"


def fetch(url, auth=None, **params):
    return httpx.get(url, params=params, headers=JSON, auth=auth)


def titles(response):
    return sorted(item["title"] for item in response.json()["items"])


def test_anonymous_gets_the_public_eservices_with_every_field(api_url):
    response = fetch(api_url)
    assert response.status_code == 200
    body = response.json()
    assert titles(response) == ["Ansökan om bygglov", "Boka lokal"]
    assert body["items_total"] == 2
    by_title = {item["title"]: item for item in body["items"]}
    assert by_title["Boka lokal"] == {
        "@id": api_url.replace("/@eservices", "/e-tjanster/boka-lokal"),
        "title": "Boka lokal",
        "description": "",
        "category": "Kultur och fritid",
        "external": True,
        "external_url": "https://boka.example.se/lokaler",
        "requires_eid": False,
        "requires_signature": False,
        "audience": "everyone",
        "available": True,
    }
    bygglov = by_title["Ansökan om bygglov"]
    assert bygglov["external"] is False
    assert bygglov["external_url"] is None
    assert bygglov["requires_signature"] is True


def test_an_employee_also_gets_the_internal_eservice(api_url):
    response = fetch(api_url, auth=("medarbetare", PASSWORD))
    assert titles(response) == [
        "Anmälan av tillbud",
        "Ansökan om bygglov",
        "Boka lokal",
    ]
    [internal] = [
        i for i in response.json()["items"] if i["title"] == "Anmälan av tillbud"
    ]
    assert internal["audience"] == "employees"


def test_filter_by_text(api_url):
    assert titles(fetch(api_url, q="bygg")) == ["Ansökan om bygglov"]
    assert titles(fetch(api_url, q="tillbud")) == []


@pytest.mark.parametrize("category", ["Kultur och fritid", "kultur-och-fritid"])
def test_filter_by_category_name_or_token(api_url, category):
    assert titles(fetch(api_url, category=category)) == ["Boka lokal"]


def test_unknown_category_is_a_clear_400(api_url):
    response = fetch(api_url, category="Finns inte")
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"
    assert response.json()["error"]["message"] == (
        "Okänd kategori; se listan i @controlpanels/etjanster."
    )


def test_overlong_query_is_a_clear_400(api_url):
    response = fetch(api_url, q="a" * 201)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "BadRequest"
    assert response.json()["error"]["message"] == "q är längre än 200 tecken."


def test_repeated_parameter_is_a_clear_400(api_url):
    response = httpx.get(api_url + "?q=a&q=b", headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "q och category får anges en gång var."
    )


@pytest.mark.parametrize("query", ['"', "AND", "(", "*", "NOT bygg"])
def test_query_syntax_never_breaks_the_service(api_url, query):
    assert fetch(api_url, q=query).status_code == 200


def test_eservice_through_the_content_endpoint(api_url):
    url = api_url.replace("/@eservices", "/e-tjanster/ansokan-om-bygglov")
    response = httpx.get(url, headers=JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["@type"] == "EService"
    assert body["requires_signature"] is True
    assert body["category"]["title"] == "Bygga, bo och miljö"


def test_communicator_creates_an_eservice_through_the_api(api_url, functional):
    site = functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        make_user("kommunikator", PASSWORD, "Kommunikatorer")
    transaction.commit()
    url = api_url.replace("/@eservices", "/e-tjanster")
    response = httpx.post(
        url,
        headers=JSON,
        auth=("kommunikator", PASSWORD),
        json={
            "@type": "EService",
            "title": "Ansökan om parkeringstillstånd",
            "external_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 400
    error = response.json()
    assert error["type"] == "BadRequest"
    # plone.restapi reports the field errors as the text of a list.
    assert "'field': 'external_url'" in error["message"]
    assert (
        "Ange en webbadress som börjar med https:// eller http://." in error["message"]
    )
    response = httpx.post(
        url,
        headers=JSON,
        auth=("kommunikator", PASSWORD),
        json={"@type": "EService", "title": "Ansökan om parkeringstillstånd"},
    )
    assert response.status_code == 201
    assert site is not None


def test_rows_indexed_before_a_column_existed_do_not_break_the_service(
    api_url, functional
):
    catalog = functional["portal"].portal_catalog
    catalog.delColumn("requires_signature")
    catalog.addColumn("requires_signature")  # every brain now has Missing.Value
    transaction.commit()
    response = fetch(api_url)
    assert response.status_code == 200
    assert {item["requires_signature"] for item in response.json()["items"]} == {False}
