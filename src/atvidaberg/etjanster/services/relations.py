"""Relation fields in REST answers: plone.restapi's summaries, kept for anonymous visitors.

plone.restapi serializes each relation value on its own (``relationvalue_converter``)
and clones the request for each, to ask the summary for the ``UID`` besides its
defaults; a clone copies the request's form, cookies, environment and traversal
state. This serializer clones once per field and hands the clone to every summary,
which stay plone.restapi's own (of the woken target). For anonymous visitors the
list is kept in process memory under ``listing.shared.anonymous_key`` and the
relations' target ids (issue 11: the summaries were half of a GET of an e-service);
every change of a target (an edit, a workflow transition, a move, a removal) is an
indexing and so a new key. Summarising the targets' catalog brains instead was
decided against: their metadata differ from the objects' answers (``getObjSize``,
``mime_type`` and ``image_scales`` of plone.volto's summary fields), and an
integrator keeps getting what plone.restapi gives (docs/decisions.md). As
plone.restapi's, it neither checks that the visitor may view a target, nor lists
broken relations.
"""

from plone.dexterity.interfaces import IDexterityContent
from plone.memoize import ram
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.serializer.dxfields import DefaultFieldSerializer
from plone.restapi.serializer.relationfield import (
    RelationListFieldSerializer as RestRelationListFieldSerializer,
)
from z3c.relationfield.interfaces import IRelationList
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer

from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.listing import shared


def _key(method, serializer, relations):
    return shared.anonymous_key(tuple(relation.to_id for relation in relations))


@adapter(IRelationList, IDexterityContent, IBrowserLayer)
@implementer(IFieldSerializer)
class RelationListFieldSerializer(RestRelationListFieldSerializer):
    def __call__(self) -> list:
        # The stored list, before plone.restapi's get_value wakes every target.
        relations = DefaultFieldSerializer.get_value(self)
        if not relations:
            return json_compatible(self.get_value())
        # A copy: the kept list is shared by every request.
        return shared.fresh(self._summaries(relations))

    @ram.cache(_key)
    def _summaries(self, relations) -> list:
        # As plone.restapi's converter: a summary with the UID besides the defaults,
        # of the relations that still resolve.
        request = self.request.clone()
        request.form["metadata_fields"] = ["UID"]
        return [
            json_compatible(
                getMultiAdapter(
                    (relation.to_object, request), ISerializeToJsonSummary
                )()
            )
            for relation in relations
            if relation.to_object
        ]
