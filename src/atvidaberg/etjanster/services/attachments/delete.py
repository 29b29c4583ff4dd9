"""DELETE <case>/@attachments/<id> → 204."""

from atvidaberg.etjanster import _
from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.services.base import PathParamsService


class AttachmentDelete(PathParamsService):
    def reply(self):
        stored = attachments_of(self.context)
        if len(self.params) != 1 or self.params[0] not in stored:
            return self.error(404, "NotFound", _("No such attachment."))
        del stored[self.params[0]]
        self.request.response.setStatus(204)
        return None
