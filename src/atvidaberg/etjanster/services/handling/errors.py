"""The error answers of the case-handling services: ``{"error": {type, message, code}}``."""

from zope.i18n import translate

from atvidaberg.etjanster.handling.messages import MessageRefused

# MessageRefused codes that describe the case's state rather than the message.
CONFLICTS = ("draft", "closed")
FORBIDDEN = ("not_allowed",)


def error(request, status, kind, message, code=None):
    request.response.setStatus(status)
    body = {"type": kind, "message": translate(message, context=request)}
    if code is not None:
        body["code"] = code
    return {"error": body}


def refusal(request, refused):
    """The answer to a MessageRefused or AttachmentRefused, translated for the caller."""
    if isinstance(refused, MessageRefused) and refused.code in CONFLICTS:
        return error(request, 409, "Conflict", refused.message, refused.code)
    if isinstance(refused, MessageRefused) and refused.code in FORBIDDEN:
        return error(request, 403, "Forbidden", refused.message, refused.code)
    kind = type(refused).__name__
    return error(request, 400, kind, refused.message, refused.code)
