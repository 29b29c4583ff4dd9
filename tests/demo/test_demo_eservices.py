"""The demo e-services, as residents, staff and communicators meet them."""

import re

import pytest
from plone import api
from zc.relation.interfaces import ICatalog
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

from atvidaberg.etjanster.controlpanel.settings import DEFAULT_CATEGORIES
from atvidaberg.etjanster.controlpanel.settings import DEFAULT_UNITS

PUBLIC_IDS = {
    "ansokan-om-bygglov",
    "ansokan-om-forskoleplats",
    "anmalan-om-andrad-inkomst",
    "felanmalan-gata-och-park",
    "ansokan-om-fardtjanst",
    "ansokan-om-serveringstillstand",
    "bokning-av-lokal",
    "ansokan-om-foreningsbidrag",
}
FOR_EMPLOYEES = "anmalan-av-tillbud-och-arbetsskada"
FOR_ELECTED_OFFICIALS = "ersattning-for-forlorad-arbetsinkomst"
START_PAGE_TEXT_FIELDS = (
    "description",
    "target_group",
    "processing_time",
    "cost",
    "contact_name",
    "contact_phone",
    "contact_email",
    "responsible_unit",
    "data_controller",
    "processing_purpose",
    "legal_basis",
    "category",
)


@pytest.fixture
def etjanster(portal):
    return portal["e-tjanster"]


@pytest.fixture
def eservices(manager, etjanster):
    return etjanster.listFolderContents({"portal_type": "EService"})


def test_portal_is_the_sites_start_page(portal, etjanster):
    assert portal.getDefaultPage() == "e-tjanster"
    assert etjanster.portal_type == "EServicePortal"
    assert etjanster.Title() == "Självserviceportal"
    assert api.content.get_state(etjanster) == "published"
    assert "0120-830 00" in etjanster.introduction.output


def test_at_least_eight_eservices_in_four_registry_categories(eservices):
    assert len(eservices) >= 8
    categories = {e.category for e in eservices}
    assert len(categories) >= 4
    assert categories <= set(DEFAULT_CATEGORIES)
    assert {e.responsible_unit for e in eservices} <= set(DEFAULT_UNITS)


def test_every_start_page_is_filled_in(eservices):
    for eservice in eservices:
        empty = [f for f in START_PAGE_TEXT_FIELDS if not getattr(eservice, f)]
        assert not empty, (eservice.getId(), empty)
        assert "<p>" in eservice.introduction.output, eservice.getId()
        assert len(eservice.prerequisites) >= 1, eservice.getId()
        assert len(eservice.steps) >= 2, eservice.getId()
        assert eservice.Subject(), eservice.getId()
        assert "nämnd" in eservice.data_controller or eservice.data_controller == (
            "Kommunstyrelsen"
        )


def test_ids_are_readable_in_urls(eservices, portal):
    ids = [e.getId() for e in eservices] + list(portal["e-tjanster"].objectIds())
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids


def test_anonymous_visitors_find_the_public_eservices_only(find_as):
    found = {b.getId for b in find_as(None, portal_type="EService")}
    assert found == PUBLIC_IDS


def test_internal_eservices_reach_their_own_audience_only(find_as):
    employee = {b.getId for b in find_as("medarbetare", portal_type="EService")}
    official = {b.getId for b in find_as("fortroendevald", portal_type="EService")}
    assert FOR_EMPLOYEES in employee and FOR_ELECTED_OFFICIALS not in employee
    assert FOR_ELECTED_OFFICIALS in official and FOR_EMPLOYEES not in official


def test_internal_eservices_are_published_internally(etjanster, manager):
    tillbud = etjanster[FOR_EMPLOYEES]
    assert tillbud.audience == "employees"
    assert api.content.get_state(tillbud) == "internal"
    ersattning = etjanster[FOR_ELECTED_OFFICIALS]
    assert ersattning.audience == "elected_officials"
    assert api.content.get_state(ersattning) == "internal"


def test_one_external_eservice_links_to_https(find_as):
    external = [b for b in find_as(None, portal_type="EService") if b.external_url]
    assert [b.getId for b in external] == ["bokning-av-lokal"]
    assert external[0].external_url.startswith("https://")


def test_one_eservice_is_unavailable_with_a_message(eservices):
    unavailable = [e for e in eservices if not e.available]
    assert [e.getId() for e in unavailable] == ["ansokan-om-foreningsbidrag"]
    assert "0120-830 00" in unavailable[0].unavailable_message


def test_the_mix_of_login_and_signing_requirements(etjanster, find_as):
    brains = {b.getId: b for b in find_as(None, portal_type="EService")}
    assert brains["ansokan-om-bygglov"].requires_signature is True
    # Its setting says no e-legitimation, but a draft needs an owner until e-services
    # without login exist (issue 14): the marker says what starting asks (issue 12).
    assert brains["felanmalan-gata-och-park"].requires_eid is True
    assert brains["ansokan-om-forskoleplats"].requires_signature is False
    assert etjanster["felanmalan-gata-och-park"].allows_protected_identity is True
    assert etjanster["ansokan-om-bygglov"].allows_protected_identity is False


def test_popular_eservices_in_the_chosen_order(etjanster):
    assert [r.to_object.getId() for r in etjanster.popular] == [
        "ansokan-om-forskoleplats",
        "ansokan-om-bygglov",
        "felanmalan-gata-och-park",
        "ansokan-om-fardtjanst",
    ]


def _related_ids(eservice, field):
    return [r.to_object.getId() for r in getattr(eservice, field)]


def test_start_pages_link_blanketter_and_questions(etjanster):
    bygglov = etjanster["ansokan-om-bygglov"]
    assert _related_ids(bygglov, "related_blanketter") == ["fullmakt-i-bygglovsarende"]
    assert "problem-med-e-legitimation" in _related_ids(bygglov, "related_faq")
    fardtjanst = etjanster["ansokan-om-fardtjanst"]
    assert _related_ids(fardtjanst, "related_blanketter") == [
        "ansokan-om-fardtjanst-och-riksfardtjanst"
    ]
    assert "skyddad-identitet" in _related_ids(fardtjanst, "related_faq")


def test_relation_catalog_knows_the_links(etjanster):
    """Back-references need the relation catalog to know, not only the field."""
    intids = getUtility(IIntIds)
    relations = getUtility(ICatalog)
    blankett = etjanster["blanketter"]["fullmakt-i-bygglovsarende"]
    sources = [
        r.from_object.getId()
        for r in relations.findRelations(
            {"to_id": intids.getId(blankett), "from_attribute": "related_blanketter"}
        )
    ]
    assert sources == ["ansokan-om-bygglov"]
    popular = list(
        relations.findRelations(
            {"from_id": intids.getId(etjanster), "from_attribute": "popular"}
        )
    )
    assert len(popular) == 4
