"""POST <case>/@submit: send the application in (200), or say why not (409)."""

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.content import FILL_IN_CASE
from atvidaberg.etjanster.cases.submit import NotReady
from atvidaberg.etjanster.cases.submit import submit_case
from atvidaberg.etjanster.cases.urls import receipt_url
from atvidaberg.etjanster.services.base import Service


class SubmitPost(Service):
    def reply(self):
        if not api.user.has_permission(FILL_IN_CASE, obj=self.context) and (
            not self.context.registration_number
        ):
            return self.error(403, "Forbidden", _("Not your draft."))
        try:
            case = submit_case(self.context, self.request)
        except NotReady as not_ready:
            return self.error(
                409,
                "Conflict",
                _("The case cannot be submitted yet."),
                reasons=not_ready.translated(self.request),
            )
        return {
            "registration_number": case.registration_number,
            "received": case.received.isoformat(),
            "review_state": api.content.get_state(case),
            "receipt": receipt_url(case),
        }
