"""GET <case>/@attachments: the files of the application."""

from atvidaberg.etjanster.cases.attachments import attachment_records
from atvidaberg.etjanster.cases.attachments import describe
from atvidaberg.etjanster.services.base import Service


class AttachmentsGet(Service):
    def reply(self):
        return {
            "items": [
                describe(self.context, a) for a in attachment_records(self.context)
            ]
        }
