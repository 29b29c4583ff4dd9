"""POST <case>/@attachments (multipart: file, field) → 201; DELETE …/@attachments/<id>."""

from plone.restapi.services import Service
from zope.i18n import translate

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.cases.attachments import add_attachment
from atvidaberg.etjanster.cases.attachments import attachments_of
from atvidaberg.etjanster.cases.attachments import describe
from atvidaberg.etjanster.cases.content import eservice_of
from atvidaberg.etjanster.services.base import PathParamsService
from atvidaberg.etjanster.services.handling.errors import error


class AttachmentsGet(Service):
    def reply(self):
        return {
            "items": [
                describe(self.context, a) for a in attachments_of(self.context).values()
            ]
        }


class AttachmentsPost(Service):
    def reply(self):
        upload = self.request.form.get("file")
        if upload is None or not hasattr(upload, "read"):
            return self._error(
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
        except AttachmentRefused as refusal:
            text = translate(refusal.message, context=self.request)
            return self._error(400, "AttachmentRefused", text, code=refusal.code)
        self.request.response.setStatus(201)
        return describe(self.context, attachment)

    def _error(self, status, kind, message, **extra):
        self.request.response.setStatus(status)
        return {"error": {"type": kind, "message": message, **extra}}


class AttachmentDelete(PathParamsService):
    def reply(self):
        stored = attachments_of(self.context)
        if len(self.params) != 1 or self.params[0] not in stored:
            return error(self.request, 404, "NotFound", _("No such attachment."))
        del stored[self.params[0]]
        self.request.response.setStatus(204)
        return None
