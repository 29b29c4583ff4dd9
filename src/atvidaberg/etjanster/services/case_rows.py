"""What ``@case-queue`` and ``@my-cases`` tell of a listed case, from its catalog
metadata (never the object: a listing wakes no case up)."""

from plone.restapi.serializer.converters import json_compatible
from zope.i18n import translate
from zope.publisher.interfaces.browser import IBrowserRequest


def case_row(brain, request: IBrowserRequest, labels: dict) -> dict:
    """The fields both listings give; ``labels`` name the status for the reader."""
    label = labels.get(brain.case_status)
    return {
        "@id": brain.getURL(),
        "title": brain.Title,
        "eservice": brain.case_eservice,
        "registration_number": brain.registration_number,
        "review_state": brain.review_state,
        "status": brain.case_status,
        "status_title": translate(label, context=request) if label else None,
        "received": json_compatible(brain.case_received),
        "modified": json_compatible(brain.modified),
    }
