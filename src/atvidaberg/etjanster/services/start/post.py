"""POST <eservice>/@start: the logged-in resident's new draft case (201)."""

from plone import api

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.start import StartRefused
from atvidaberg.etjanster.cases.start import start_case
from atvidaberg.etjanster.services.base import Service


class StartPost(Service):
    def reply(self):
        if api.user.is_anonymous():
            return self.error(401, "Unauthorized", _("Log in first."))
        try:
            case = start_case(self.context, self.request)
        except StartRefused as refusal:
            return self.error(409, "Conflict", refusal.args[0])
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", case.absolute_url())
        return {
            "@id": case.absolute_url(),
            "@type": "Case",
            "title": case.title,
            "review_state": api.content.get_state(case),
            "eservice": self.context.absolute_url(),
        }
