"""GET /Plone/@my-cases: the logged-in resident's cases, for Mina sidor.

A catalog query on the caller's own cases (``Creator``), answered from metadata only:
drafts, ongoing and closed cases, newest change first.
"""

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.handling.listings import resident_cases
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import IN_REVIEW
from atvidaberg.etjanster.handling.status import RESIDENT_LABELS
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.services.base import Service
from atvidaberg.etjanster.services.case_rows import case_row

LISTS = {DRAFT: "drafts", SUBMITTED: "ongoing", IN_REVIEW: "ongoing", CLOSED: "closed"}


def resident_row(brain, request):
    return {
        **case_row(brain, request, RESIDENT_LABELS),
        "unread": brain.unread_by_resident or 0,
    }


class MyCasesGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            return self.error(401, "Unauthorized", _("Log in first."))
        answer = {"drafts": [], "ongoing": [], "closed": []}
        for brain in resident_cases(api.user.get_current().getId()):
            listed = LISTS.get(brain.review_state)
            if listed is not None:
                answer[listed].append(resident_row(brain, self.request))
        return {"@id": f"{self.context.absolute_url()}/@my-cases", **answer}
