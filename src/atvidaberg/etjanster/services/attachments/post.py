"""POST <case>/@attachments (multipart: file, field) → 201, or 400 with the reason."""

from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.cases.attachments import add_attachment
from atvidaberg.etjanster.cases.attachments import describe
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.services.base import Service
from atvidaberg.etjanster.services.errors import refusal


class AttachmentsPost(Service):
    def reply(self):
        upload = self.request.form.get("file")
        if upload is None or not hasattr(upload, "read"):
            # Not yet a message id: answered in English, as it always was.
            return self.error(
                400, "BadRequest", "Send the file as multipart field 'file'."
            )
        data = upload.read()
        try:
            attachment = add_attachment(
                self.context,
                upload.filename or "",
                data,
                self.request.form.get("field"),
                eservice=eservice_of(self.context),
            )
        except AttachmentRefused as refused:
            return refusal(self.request, refused)
        self.request.response.setStatus(201)
        return describe(self.context, attachment)
