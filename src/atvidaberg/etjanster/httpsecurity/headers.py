"""The security and caching headers of every answer the portal gives, set in one place.

On every answer (pages, JSON, files, errors):

- ``X-Content-Type-Options: nosniff``: a browser takes the declared type, never guesses
  a script or a page from an uploaded file.
- ``Referrer-Policy: strict-origin-when-cross-origin``: another site learns at most the
  portal's origin, never a case's URL (case ids are unguessable, but still personal).

On HTML pages, a Content-Security-Policy (``CSP``) that Plone's Classic UI, TinyMCE and
the add-on's own pages work with (the browser tests collect violations and expect none).
Classic UI's bundles and TinyMCE need ``'unsafe-inline'`` styles; the patterns'
bundle (TinyMCE's edit form) calls ``eval``; Plone's control panels (z3c.form widgets)
have inline scripts and ``on…`` handlers: measured in Chromium by
tests/e2e/test_content_security_policy.py (the portal's and the residents' pages alone
would work with ``script-src 'self' 'unsafe-eval'``). What the policy still stops is
loading scripts, styles, images, frames, plugins and form targets from anywhere else, a
``<base>`` that redirects relative URLs, and framing by other sites. ``form-action 'self'``: every form
of the portal posts to the portal (the eID login posts nothing elsewhere; the BankID
app is opened by a link, ``bankid:///``, which is a navigation, not a form action).

On everything personal, ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for
HTTP/1.0 proxies): every answer to a logged-in user (residents' and officers' pages,
their JSON, receipts and file downloads), every answer of the e-legitimation flow
(anonymous but bound to one browser), and every answer that sets a cookie. Anonymous
public pages keep whatever caching headers they have (plone.app.caching may add them).
Static resources (``++plone++``, ``++resource++``, ``++theme++``) are not personal and
stay cacheable for logged-in users too.

The headers are set just before the transaction ends, for a normal answer, an error and
a streamed one (``response.write`` sends the headers early: IPubBeforeStreaming). They
are set after any other caching rule (see the ZCML's order note), and ``no-store``
overrides what such a rule chose.
"""

from AccessControl import getSecurityManager
from zope.component import adapter
from zope.globalrequest import getRequest
from ZPublisher.interfaces import IPubBeforeAbort
from ZPublisher.interfaces import IPubBeforeCommit
from ZPublisher.interfaces import IPubBeforeStreaming

from atvidaberg.etjanster.interfaces import IBrowserLayer

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
    )
)
REFERRER_POLICY = "strict-origin-when-cross-origin"
NO_STORE = "no-store"
# Parts of a URL that name the e-legitimation flow: its REST service and its pages.
EID_PATHS = ("/@eid/", "/@eid-", "/@@eid-", "/eid-login", "/eid-qr", "/@login-renew")
STATIC_PATHS = ("/++plone++", "/++resource++", "/++theme++", "/++webresource++")


def _path(request):
    # ACTUAL_URL: the URL as the client asked it, under a virtual host as well.
    return request.get("ACTUAL_URL", "") or request.get("PATH_INFO", "")


def is_static(request):
    path = _path(request)
    return any(part in path for part in STATIC_PATHS)


def is_logged_in():
    user = getSecurityManager().getUser()
    return user is not None and user.getUserName() != "Anonymous User"


def is_personal(request, response):
    """True when the answer may hold someone's data and must not be kept anywhere."""
    if is_static(request):
        return False
    path = _path(request)
    return (
        is_logged_in()
        or any(part in path for part in EID_PATHS)
        or bool(response.cookies)
    )


def is_page(response):
    """An HTML page, or an answer whose type is not decided yet (an error, before
    Zope renders its page)."""
    content_type = response.getHeader("Content-Type") or "text/html"
    return content_type.split(";")[0].strip().lower() == "text/html"


def set_security_headers(request, response):
    """Set the headers of the module docstring on ``response``."""
    response.setHeader("X-Content-Type-Options", "nosniff")
    response.setHeader("Referrer-Policy", REFERRER_POLICY)
    if is_page(response):
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if is_personal(request, response):
        response.setHeader("Cache-Control", NO_STORE)
        response.setHeader("Pragma", "no-cache")


def _apply(request):
    if IBrowserLayer.providedBy(request):
        set_security_headers(request, request.response)


@adapter(IPubBeforeCommit)
def on_answer(event):
    _apply(event.request)


@adapter(IPubBeforeAbort)
def on_error(event):
    if not event.retry:
        _apply(event.request)


@adapter(IPubBeforeStreaming)
def on_streaming(event):
    request = getRequest()
    if request is not None and request.response is event.response:
        _apply(request)
