"""POST <eservice>/@start: the logged-in resident's new draft case (201)."""

from plone import api
from plone.restapi.services import Service

from atvidaberg.etjanster.cases.start import StartRefused
from atvidaberg.etjanster.cases.start import start_case


class StartPost(Service):
    def reply(self):
        if api.user.is_anonymous():
            self.request.response.setStatus(401)
            return {"error": {"type": "Unauthorized", "message": "Log in first."}}
        try:
            case = start_case(self.context, self.request)
        except StartRefused as refusal:
            self.request.response.setStatus(409)
            return {"error": {"type": "Conflict", "message": str(refusal)}}
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", case.absolute_url())
        return {
            "@id": case.absolute_url(),
            "@type": "Case",
            "title": case.title,
            "review_state": api.content.get_state(case),
            "eservice": self.context.absolute_url(),
        }
