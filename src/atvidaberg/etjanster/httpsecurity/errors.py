"""The shape of every JSON error the portal answers, in one place.

``{"error": {"type": …, "message": …, "code": …}}``: ``type`` names the kind of refusal
as plone.rest's own error answers do (``BadRequest``, ``Forbidden``…), ``message`` is
for the person (already translated), ``code``, where there is one, is for programs, and
some refusals carry more in the same object. The REST services answer through
``services.errors.error``; the refusals made before a service runs (the WSGI filter of
``wsgi.py``, the cross-origin check) and the one browser view that answers JSON
(``browser.status``) build their bodies here too. No Plone in here: the WSGI filter
runs before Zope.
"""

from typing import Any


def error_body(kind: str, message: str, code: str | None = None, **extra: Any) -> dict:
    """``{"error": {"type": kind, "message": message, "code": code, **extra}}``;
    ``code`` is left out when None."""
    body = {"type": kind, "message": message}
    if code is not None:
        body["code"] = code
    body.update(extra)
    return {"error": body}
