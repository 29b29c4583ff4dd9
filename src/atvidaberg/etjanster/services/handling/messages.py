"""GET and POST <case>/@messages: the dialog between the resident and the officers.

Reading marks the other side's messages as read. Files go with a multipart POST; a
refusal is answered with the reason, in the caller's language.
"""

from AccessControl import Unauthorized
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zope.interface import alsoProvides

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.cases.access import is_owner
from atvidaberg.etjanster.handling.dialog import may_handle
from atvidaberg.etjanster.handling.dialog import post_message
from atvidaberg.etjanster.handling.dialog import read_messages
from atvidaberg.etjanster.handling.messages import MessageRefused
from atvidaberg.etjanster.handling.messages import visible_messages
from atvidaberg.etjanster.services.handling.errors import error
from atvidaberg.etjanster.services.handling.errors import refusal

FILE_VIEW = "@@message-file"
TRUE = ("true", "1", "on", "yes")
FALSE = ("false", "0", "off", "no", "")


class BadInput(ValueError):
    """The request is not a message; the text says what to send instead."""


def describe_file(case, record):
    return {
        "id": record["id"],
        "filename": record["filename"],
        "content_type": record["content_type"],
        "size": record["size"],
        "sha256": record["sha256"],
        "download": f"{case.absolute_url()}/{FILE_VIEW}/{record['id']}",
    }


def describe(case, message):
    return {
        "id": message.id,
        "author": message.author,
        "text": message.text,
        "created": json_compatible(message.created),
        "internal": message.internal,
        "requests_completion": message.requests_completion,
        "read": json_compatible(message.read),
        "files": [describe_file(case, record) for record in message.files],
    }


class MessagesGet(Service):
    def reply(self):
        # Reading is a write (messages marked read, and a case's first look makes its
        # empty message store); a cross-site GET can do no more than that. (Unsafe
        # methods are let through plone.protect by httpsecurity.origin, once checked.)
        alsoProvides(self.request, IDisableCSRFProtection)
        officer = may_handle(self.context)
        items = [
            describe(self.context, m) for m in visible_messages(self.context, officer)
        ]
        # Registrars read without answering: their look marks nothing as read.
        if officer or is_owner(self.context):
            read_messages(self.context)
        return {"@id": f"{self.context.absolute_url()}/@messages", "items": items}


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


def parse_message(request):
    """(text, internal, request_completion, files) from JSON or multipart; BadInput."""
    content_type = request.getHeader("Content-Type") or ""
    if content_type.startswith("multipart/form-data"):
        data, files = request.form, _uploads(request.form)
    else:
        try:
            data = json_body(request)
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
            text, internal, request_completion, files = parse_message(self.request)
        except BadInput as bad:
            return error(self.request, 400, "BadRequest", bad.args[0])
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
            return error(
                self.request,
                403,
                "Forbidden",
                _("Only the case's officers write notes and ask for completion."),
            )
        self.request.response.setStatus(201)
        return describe(self.context, message)
