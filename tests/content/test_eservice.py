import pytest
from plone import api
from zope.interface import Invalid

from atvidaberg.etjanster.content.eservice import IEService

from helpers import make_eservice
from helpers import make_portal


@pytest.fixture
def catalog_page(integration):
    portal = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        yield make_portal(portal)


def test_eservice_is_addable_only_inside_the_portal(integration, catalog_page):
    site = integration["portal"]
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(
            catalog_page, "ansokan-om-bygglov", title="Ansökan om bygglov"
        )
        assert IEService.providedBy(eservice)
        allowed = [fti.getId() for fti in site.allowedContentTypes()]
    assert "EService" not in allowed
    assert "EServicePortal" in allowed


def test_eservice_fields_roundtrip(integration, catalog_page):
    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(
            catalog_page,
            "forskoleplats",
            title="Ansökan om förskoleplats",
            description="Ansök om plats i förskola eller pedagogisk omsorg.",
            prerequisites=["Barnets personnummer", "Önskat startdatum"],
            steps=["Fyll i uppgifter", "Granska", "Signera och skicka in"],
            processing_time="Fyra månader",
            cost="Avgiften följer maxtaxan",
            contact_name="Förskoleassistent",
            contact_phone="0120-830 00",
            contact_email="forskola@atvidaberg.se",
            category="Barn och utbildning",
            responsible_unit="Barn- och utbildningsförvaltningen",
            requires_signature=True,
        )
    assert eservice.prerequisites == ["Barnets personnummer", "Önskat startdatum"]
    assert eservice.requires_eid is True  # the default
    assert eservice.available is True
    assert eservice.is_external is False
    assert eservice.is_internal is False


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.se/x",
        "data:text/html,hi",
        "www.example.se",
    ],
)
def test_external_url_accepts_only_http_and_https(url):
    with pytest.raises(Invalid) as error:
        IEService["external_url"].validate(url)
    assert "https://" in str(error.value.args[0])


def test_external_url_accepts_https():
    IEService["external_url"].validate("https://boka.atvidaberg.se/lokaler")


@pytest.mark.parametrize("phone", ["12", "ring mig", "0120-830 00 0120-830 00 99 99"])
def test_contact_phone_is_validated(phone):
    with pytest.raises(Invalid):
        IEService["contact_phone"].validate(phone)


def test_contact_email_is_validated():
    with pytest.raises(Invalid):
        IEService["contact_email"].validate("inte en adress")
    IEService["contact_email"].validate("bygglov@atvidaberg.se")


def test_category_must_come_from_the_control_panel(integration, catalog_page):
    from zope.schema.interfaces import ConstraintNotSatisfied

    with api.env.adopt_roles(["Manager"]):
        eservice = make_eservice(catalog_page, "x")
    field = IEService["category"].bind(eservice)
    field.validate("Bygga, bo och miljö")
    with pytest.raises(ConstraintNotSatisfied):
        field.validate("Ingen sådan kategori")


def test_catalog_metadata_describes_the_row(integration, catalog_page):
    with api.env.adopt_roles(["Manager"]):
        make_eservice(
            catalog_page,
            "boka-lokal",
            title="Boka lokal",
            external_url="https://boka.example.se",
            requires_eid=False,
            available=False,
            category="Kultur och fritid",
        )
    [brain] = api.content.find(portal_type="EService", id="boka-lokal")
    assert brain.external_url == "https://boka.example.se"
    assert brain.requires_eid is False
    assert brain.eservice_available is False
    assert brain.eservice_category == "Kultur och fritid"
    assert brain.eservice_audience == "everyone"


def test_the_login_marker_says_what_starting_asks(integration, catalog_page):
    """Every e-service with a form here asks for e-legitimation (a draft needs an
    owner); one in another system follows the communicator's setting."""
    with api.env.adopt_roles(["Manager"]):
        felanmalan = make_eservice(catalog_page, "felanmalan", requires_eid=False)
        boka = make_eservice(
            catalog_page,
            "boka-lokal",
            external_url="https://boka.example.se",
            requires_eid=False,
        )
    assert felanmalan.needs_login and not boka.needs_login
    brains = {b.getId: b for b in api.content.find(portal_type="EService")}
    assert brains["felanmalan"].requires_eid is True
    assert brains["boka-lokal"].requires_eid is False
