"""The error answers of the add-on's REST services, in one shape.

Every refusal is ``{"error": {"type": …, "message": …, "code": …}}`` with the status
set on the response: ``type`` names the kind of refusal as plone.rest's own error
answers do (``BadRequest``, ``Forbidden``, ``Conflict``…), ``message`` is for the
person, translated into the portal's language (Swedish), and ``code``, where the
add-on gives one, is for programs. Some refusals carry more for the client
(``reasons`` of a case that cannot be sent in, ``retryAfter`` of too many starts,
BankID's ``text`` of an unavailable eID service): they go in the same object.

``services.base.Service.error`` is this helper for a service; ``services.limits``
answers the refusals raised before a service runs with it too.
"""

from typing import Any

from plone import api
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.publisher.interfaces.browser import IBrowserRequest

from atvidaberg.etjanster import _
from atvidaberg.etjanster.attachments import AttachmentRefused
from atvidaberg.etjanster.eid.types import EidError
from atvidaberg.etjanster.handling.messages import MessageRefused
from atvidaberg.etjanster.httpsecurity.errors import error_body
from atvidaberg.etjanster.login import flow
from atvidaberg.etjanster.login.limits import TOO_MANY_STARTS
from atvidaberg.etjanster.login.limits import TooManyStarts

# MessageRefused codes that describe the case's state rather than the message.
CONFLICTS = ("draft", "closed")
FORBIDDEN = ("not_allowed",)


def error(
    request: IBrowserRequest,
    status: int,
    kind: str,
    message: Message | str,
    code: str | None = None,
    **extra: Any,
) -> dict:
    """Set ``status`` and answer ``{"error": {"type", "message", "code", **extra}}``.

    ``message`` is a message id of the add-on (or a text already translated);
    ``code`` is left out when None.
    """
    request.response.setStatus(status)
    return error_body(kind, translate(message, context=request), code, **extra)


def refusal(
    request: IBrowserRequest, refused: MessageRefused | AttachmentRefused
) -> dict:
    """The answer to a MessageRefused or AttachmentRefused, translated for the caller."""
    if isinstance(refused, MessageRefused) and refused.code in CONFLICTS:
        return error(request, 409, "Conflict", refused.message, refused.code)
    if isinstance(refused, MessageRefused) and refused.code in FORBIDDEN:
        return error(request, 403, "Forbidden", refused.message, refused.code)
    kind = type(refused).__name__
    return error(request, 400, kind, refused.message, refused.code)


def too_many_starts(request: IBrowserRequest, limited: TooManyStarts) -> dict:
    """429 with ``Retry-After`` (and ``retryAfter``), for ``@eid/start`` and ``@sign``."""
    request.response.setHeader("Retry-After", str(limited.seconds))
    # In the language of the login's messages (BankID's texts), as the login page.
    text = api.portal.translate(
        _(TOO_MANY_STARTS, mapping={"seconds": limited.seconds}),
        domain="atvidaberg.etjanster",
        lang=flow.language(),
    )
    return error(request, 429, "TooManyRequests", text, retryAfter=limited.seconds)


def eid_unavailable(request: IBrowserRequest, failure: EidError) -> dict:
    """503 when an order cannot be started at BankID or Freja: BankID's recommended
    message (``code`` RFA…, ``text``) for the client to show, as ``message`` too."""
    message = flow.user_message(failure.message_code)
    return error(request, 503, "EidUnavailable", message["text"], **message)
