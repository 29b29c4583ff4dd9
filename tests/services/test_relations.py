"""Relation fields in REST answers: plone.restapi's summaries, one request clone.

``services/relations.py`` clones the request once per relation field instead of once
per related item, and keeps the summaries for anonymous visitors until the catalog
changes (issue 11: a GET of an e-service spent half its time on its relations); what
it returns must be exactly what plone.restapi's own serializer returns.
"""

import pytest
from plone import api
from plone.app.testing import logout
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.relationfield import (
    RelationListFieldSerializer as RestRelationListFieldSerializer,
)
from plone.restapi.serializer.summary import DefaultJSONSummarySerializer
from zope.component import getMultiAdapter
from zope.globalrequest import setRequest
from zope.interface import alsoProvides

from atvidaberg.etjanster.content.eservice import IEService
from atvidaberg.etjanster.content.eservice_portal import IEServicePortal
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.services.relations import RelationListFieldSerializer
from atvidaberg.etjanster.services.summaries import PortalSummarySerializer


@pytest.fixture
def request_(demo_integration):
    request = demo_integration["request"]
    alsoProvides(request, IBrowserLayer)
    setRequest(request)
    yield request
    setRequest(None)


@pytest.mark.parametrize(
    ("path", "schema", "name"),
    [
        ("e-tjanster/ansokan-om-bygglov", IEService, "related_blanketter"),
        ("e-tjanster/ansokan-om-bygglov", IEService, "related_faq"),
        ("e-tjanster", IEServicePortal, "popular"),
    ],
)
def test_the_summaries_are_plone_restapis(
    demo_integration, request_, path, schema, name
):
    context = demo_integration["portal"].unrestrictedTraverse(path)
    field = schema[name]
    serializer = getMultiAdapter((field, context, request_), IFieldSerializer)
    assert isinstance(serializer, RelationListFieldSerializer)
    ours = serializer()
    assert len(ours) >= 1
    assert all(item["UID"] and item["@id"].startswith("http") for item in ours)
    assert ours == RestRelationListFieldSerializer(field, context, request_)()
    # The visitor's own request keeps its form.
    assert "metadata_fields" not in request_.form


def test_an_empty_relation_list_is_an_empty_list(demo_integration, request_):
    eservice = demo_integration["portal"].unrestrictedTraverse(
        "e-tjanster/bokning-av-lokal"
    )
    eservice.related_blanketter = []
    field = IEService["related_blanketter"]
    assert RelationListFieldSerializer(field, eservice, request_)() == []


def _related_faq(demo_integration, request_):
    eservice = demo_integration["portal"].unrestrictedTraverse(
        "e-tjanster/ansokan-om-bygglov"
    )
    field = IEService["related_faq"]
    ours = RelationListFieldSerializer(field, eservice, request_)()
    return ours, RestRelationListFieldSerializer(field, eservice, request_)()


def test_anonymous_visitors_get_the_kept_summaries_until_a_target_changes(
    demo_integration, request_
):
    logout()
    first, restapis = _related_faq(demo_integration, request_)
    assert first == restapis
    first[0]["title"] = "changed by a caller"  # a copy: the kept list is not touched
    again, restapis = _related_faq(demo_integration, request_)
    assert again == restapis
    question = api.content.get(UID=again[0]["UID"])
    question.title = "Kan jag logga in med Freja?"
    # Not indexed yet: the kept summaries stand (they follow the catalog).
    assert _related_faq(demo_integration, request_)[0] == again
    question.reindexObject()
    changed, restapis = _related_faq(demo_integration, request_)
    assert changed[0]["title"] == "Kan jag logga in med Freja?"
    assert changed == restapis


def test_logged_in_visitors_get_fresh_summaries(demo_integration, request_):
    first, _ = _related_faq(demo_integration, request_)
    question = api.content.get(UID=first[0]["UID"])
    question.title = "Kan jag logga in med Freja?"  # not indexed
    ours, restapis = _related_faq(demo_integration, request_)
    assert ours[0]["title"] == "Kan jag logga in med Freja?"
    assert ours == restapis


def test_the_portals_summary_is_plone_restapis_and_follows_the_catalog(
    demo_integration, request_
):
    logout()
    folder = demo_integration["portal"]["e-tjanster"]

    def summary():
        return getMultiAdapter((folder, request_), ISerializeToJsonSummary)

    assert isinstance(summary(), PortalSummarySerializer)
    first = summary()()
    assert first == DefaultJSONSummarySerializer(folder, request_)()
    first["title"] = "changed by a caller"
    assert summary()() == DefaultJSONSummarySerializer(folder, request_)()
    folder.title = "Självservice"
    folder.reindexObject()
    assert summary()()["title"] == "Självservice"
