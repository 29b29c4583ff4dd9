"""The security and caching headers of every answer the portal gives, set in one place.

On every answer (pages, JSON, files, errors):

- ``X-Content-Type-Options: nosniff``: a browser takes the declared type, never guesses
  a script or a page from an uploaded file.
- ``Referrer-Policy: strict-origin-when-cross-origin``: another site learns at most the
  portal's origin, never a case's URL (case ids are unguessable, but still personal).

On HTML pages, a Content-Security-Policy (``CSP``) that Plone's Classic UI, TinyMCE and
the add-on's own pages work with (the browser tests collect violations and expect none).
Classic UI's bundles and TinyMCE need ``'unsafe-inline'`` styles. Scripts come in two
strengths: visitors, residents and officers get ``script-src 'self'`` (no inline script,
no ``eval``: an injected script would not run), while users with Plone's editing UI
(the permission "Show Toolbar": communicators, administrators) get ``'unsafe-inline'
'unsafe-eval'`` too, because the patterns' bundle calls ``eval`` on edit forms
(TinyMCE) and Plone's control panels (z3c.form widgets) have inline scripts and
``on…`` handlers. Both measured in Chromium (tests/e2e/test_content_security_policy.py
and every browser test). What the policy always stops is loading scripts, styles,
images, frames, plugins and form targets from anywhere else, a ``<base>`` that
redirects relative URLs, and framing by other sites. ``form-action 'self'``: every form
of the portal posts to the portal (the eID login posts nothing elsewhere; the BankID
app is opened by a link, ``bankid:///``, which is a navigation, not a form action).

On everything personal, ``Cache-Control: no-store`` (and ``Pragma: no-cache`` for
HTTP/1.0 proxies): every answer to a logged-in user (residents' and officers' pages,
their JSON, receipts and file downloads), every answer of the e-legitimation flow
and of plone.restapi's ``@login`` (anonymous, but bound to one browser or holding a
token), every answer that sets a cookie, every answer to a request that carries a
session cookie (plone.session's, plone.restapi's ``auth_token``, the eID flow's
binding) or an ``Authorization`` header, even when the credential no longer logs
anyone in, and every answer of the add-on's own REST services (``services/``: a
resident's or officer's data, or the e-service catalog's JSON, which no rule of
plone.app.caching keeps apart from the page of the same URL). Anonymous public pages
keep the caching headers plone.app.caching's rules give them (issue 11,
``profiles/default/registry/caching.xml``): this is the one place that decides what is
personal, and it wins over those rules. Static resources (``++plone++``,
``++resource++``, ``++theme++``) are not personal and stay cacheable for logged-in
users too.

The headers are set just before the transaction ends, for a normal answer, an error and
a streamed one (``response.write`` sends the headers early: IPubBeforeStreaming). They
are set after any other caching rule (see the ZCML's order note), and ``no-store``
overrides what such a rule chose.
"""

from AccessControl import getSecurityManager
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from zope.component import adapter
from zope.globalrequest import getRequest
from ZPublisher.interfaces import IPubBeforeAbort
from ZPublisher.interfaces import IPubBeforeCommit
from ZPublisher.interfaces import IPubBeforeStreaming

from atvidaberg.etjanster.httpsecurity.origin import is_logged_in
from atvidaberg.etjanster.httpsecurity.origin import session_cookie_name
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.login.transaction import BINDING_COOKIE

POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
)
# Visitors, residents and officers: only the portal's own script files.
STRICT_SCRIPTS = "script-src 'self'"
# Those with Plone's editing toolbar: its edit forms and control panels need more.
EDITING_SCRIPTS = "script-src 'self' 'unsafe-inline' 'unsafe-eval'"
CONTENT_SECURITY_POLICY = "; ".join((*POLICY, STRICT_SCRIPTS))
EDITING_CONTENT_SECURITY_POLICY = "; ".join((*POLICY, EDITING_SCRIPTS))
# Plone shows its editing UI (toolbar, edit forms, control panels) to those who have
# this permission; the add-on gives it to editing roles only (rolemap.xml).
EDITING_PERMISSION = "Show Toolbar"
REFERRER_POLICY = "strict-origin-when-cross-origin"
NO_STORE = "no-store"
# Parts of a URL that name a login whose answers are personal before anyone is logged
# in: the e-legitimation flow (its REST service and pages), plone.restapi's
# @login (its answer holds a token) and Plone's own login form (kept out of every
# cache, like every page of a login).
LOGIN_PATHS = (
    "/@eid/",
    "/@eid-",
    "/@@eid-",
    "/eid-login",
    "/eid-qr",
    "/@login",
    "/login",
    "/@@login",
    "/require_login",
)
STATIC_PATHS = ("/++plone++", "/++resource++", "/++theme++", "/++webresource++")
# Cookies that carry a credential or a login in progress besides the session cookie
# (whose name the site's session plugin gives): plone.restapi's token cookie and the
# eID flow's browser binding.
CREDENTIAL_COOKIES = ("auth_token", BINDING_COOKIE)
# The add-on's REST services live in this package (each a plone.rest service).
SERVICES_PACKAGE = "atvidaberg.etjanster.services."


def _path(request):
    # ACTUAL_URL: the URL as the client asked it, under a virtual host as well.
    return request.get("ACTUAL_URL", "") or request.get("PATH_INFO", "")


def is_static(request):
    path = _path(request)
    return any(part in path for part in STATIC_PATHS)


def may_edit(request):
    """True when Plone shows this user its editing UI where the request went."""
    if not is_logged_in():
        return False
    published = request.get("PUBLISHED")
    context = getattr(published, "context", None)
    if context is None and published is not None:
        context = aq_parent(aq_inner(published))
    if context is None:
        context = api.portal.get()
    return bool(getSecurityManager().checkPermission(EDITING_PERMISSION, context))


def carries_credentials(request) -> bool:
    """A session cookie, a token cookie, the eID binding or an ``Authorization``
    header: the answer is for this client only, whoever it turns out to be."""
    names = (session_cookie_name(), *CREDENTIAL_COOKIES)
    # Zope moves the Authorization header into ``request._auth``.
    return bool(getattr(request, "_auth", None)) or any(
        request.cookies.get(name) for name in names
    )


def is_addon_service(request) -> bool:
    # plone.rest's ZCML builds a class of its own around each service's class.
    classes = type(request.get("PUBLISHED")).__mro__
    return any(cls.__module__.startswith(SERVICES_PACKAGE) for cls in classes)


def is_personal(request, response) -> bool:
    """True when the answer may hold someone's data and must not be kept anywhere."""
    if is_static(request):
        return False
    path = _path(request)
    return (
        is_logged_in()
        or any(part in path for part in LOGIN_PATHS)
        or bool(response.cookies)
        or carries_credentials(request)
        or is_addon_service(request)
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
        policy = (
            EDITING_CONTENT_SECURITY_POLICY
            if may_edit(request)
            else CONTENT_SECURITY_POLICY
        )
        response.setHeader("Content-Security-Policy", policy)
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
