"""Relation fields in REST answers: plone.restapi's summaries, one request clone.

plone.restapi serializes each relation value on its own (``relationvalue_converter``)
and clones the request for each, to ask the summary for the ``UID`` besides its
defaults; a clone copies the request's form, cookies, environment and traversal
state. This serializer clones once per field and hands the clone to every summary,
which stay plone.restapi's own (of the woken target). Summarising the targets'
catalog brains instead would be faster still, but their metadata differ from the
objects' answers (``getObjSize``, ``mime_type`` and ``image_scales`` of plone.volto's
summary fields), and the answers must not change. As plone.restapi's, it neither
checks that the visitor may view a target, nor lists broken relations.
"""

from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.interfaces import ISerializeToJsonSummary
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.serializer.relationfield import (
    RelationListFieldSerializer as RestRelationListFieldSerializer,
)
from z3c.relationfield.interfaces import IRelationList
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer

from atvidaberg.etjanster.interfaces import IBrowserLayer


@adapter(IRelationList, IDexterityContent, IBrowserLayer)
@implementer(IFieldSerializer)
class RelationListFieldSerializer(RestRelationListFieldSerializer):
    def __call__(self) -> list:
        relations = self.get_value()
        if not relations:
            return json_compatible(relations)
        # As plone.restapi's converter: a summary with the UID besides the defaults.
        request = self.request.clone()
        request.form["metadata_fields"] = ["UID"]
        return [
            json_compatible(
                getMultiAdapter(
                    (relation.to_object, request), ISerializeToJsonSummary
                )()
            )
            for relation in relations
        ]
