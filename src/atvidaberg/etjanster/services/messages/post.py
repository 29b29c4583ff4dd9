"""POST <case>/@messages: write to the other side, with files (multipart) or without
(JSON); a refusal is answered with the reason, in the caller's language."""

from collections.abc import Callable

from AccessControl import Unauthorized
from plone.restapi.exceptions import DeserializationError

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.handling.dialog import post_message
from atvidaberg.etjanster.handling.messages import MessageRefused
from atvidaberg.etjanster.services.base import Service
from atvidaberg.etjanster.services.errors import refusal
from atvidaberg.etjanster.services.messages.serializer import describe

TRUE = ("true", "1", "on", "yes")
FALSE = ("false", "0", "off", "no", "")


class BadInput(ValueError):
    """The request is not a message; the text says what to send instead."""


def _flag(value, name):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE + FALSE:
        return value.strip().lower() in TRUE
    if value is None:
        return False
    raise BadInput(_("'${name}' must be true or false.", mapping={"name": name}))


def _uploads(form):
    uploads = form.get("file")
    if uploads is None:
        return []
    if not isinstance(uploads, list):
        uploads = [uploads]
    files = []
    for upload in uploads:
        if not hasattr(upload, "read"):
            raise BadInput(_("Send each file as a multipart field 'file'."))
        files.append((upload.filename or "", upload.read()))
    return files


def parse_message(
    request, json_body: Callable[[], dict]
) -> tuple[str, bool, bool, list[tuple[str, bytes]]]:
    """(text, internal, request_completion, files) from JSON (read with the service's
    ``json_body``) or multipart; BadInput."""
    content_type = request.getHeader("Content-Type") or ""
    if content_type.startswith("multipart/form-data"):
        data, files = request.form, _uploads(request.form)
    else:
        try:
            data = json_body()
        except DeserializationError:
            raise BadInput(
                _('Send {"text": "…"} as JSON, or multipart/form-data with files.')
            ) from None
        files = []
    text = data.get("text") or ""
    if not isinstance(text, str):
        raise BadInput(_("'text' must be a string."))
    internal = _flag(data.get("internal"), "internal")
    request_completion = _flag(data.get("request_completion"), "request_completion")
    if internal and request_completion:
        raise BadInput(_("An internal note cannot ask the resident for completion."))
    return text, internal, request_completion, files


class MessagesPost(Service):
    def reply(self):
        try:
            text, internal, request_completion, files = parse_message(
                self.request, self.json_body
            )
        except BadInput as bad:
            return self.error(400, "BadRequest", bad.args[0])
        try:
            message = post_message(
                self.context,
                text,
                files=files,
                internal=internal,
                request_completion=request_completion,
            )
        except (MessageRefused, AttachmentRefused) as refused:
            return refusal(self.request, refused)
        except Unauthorized:
            return self.error(
                403,
                "Forbidden",
                _("Only the case's officers write notes and ask for completion."),
            )
        self.request.response.setStatus(201)
        return describe(self.context, message)
