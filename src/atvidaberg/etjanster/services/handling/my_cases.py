"""GET /Plone/@my-cases: the logged-in resident's cases, for Mina sidor.

A catalog query on the caller's own cases (``Creator``), answered from metadata only:
drafts, ongoing and closed cases, newest change first.
"""

from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import DRAFT
from atvidaberg.etjanster.handling.status import IN_REVIEW
from atvidaberg.etjanster.handling.status import RESIDENT_LABELS
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.services.handling.errors import error

LISTS = {DRAFT: "drafts", SUBMITTED: "ongoing", IN_REVIEW: "ongoing", CLOSED: "closed"}


def my_cases(user_id):
    """The brains of ``user_id``'s cases, newest change first.

    Sorted on the metadata, not the index: the ``modified`` index counts in minutes,
    and a resident's few cases are read anyway.
    """
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(portal_type="Case", Creator=user_id)
    return sorted(brains, key=lambda brain: brain.modified, reverse=True)


def resident_row(brain, request):
    label = RESIDENT_LABELS.get(brain.case_status)
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
        "unread": brain.unread_by_resident or 0,
    }


class MyCasesGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            return error(self.request, 401, "Unauthorized", _("Log in first."))
        answer = {"drafts": [], "ongoing": [], "closed": []}
        for brain in my_cases(api.user.get_current().getId()):
            listed = LISTS.get(brain.review_state)
            if listed is not None:
                answer[listed].append(resident_row(brain, self.request))
        return {"@id": f"{self.context.absolute_url()}/@my-cases", **answer}
