"""Cross-origin writes through REST are refused when the browser's own credentials carry
them.

A page on another site can make a visitor's browser send a "simple" request (POST with a
``text/plain`` body and ``Accept: application/json``, no preflight) to the portal's REST
services, and the browser attaches whatever credentials it holds for the portal: the
session cookie (only ``SameSite=Lax`` stands in the way) or basic-auth credentials it
cached for the host (the ZMI asks for those). plone.restapi's services turn
plone.protect's CSRF check off: a JSON client has no ``_authenticator`` token, so
that check cannot guard a REST write. So every unsafe REST request (POST, PUT,
PATCH, DELETE) by a logged-in user is checked here, once, right after traversal,
before the service runs:

- ``Authorization: Bearer`` without the session cookie is a token integrator: allowed
  from anywhere. A browser never adds that header by itself, and a script on another
  origin cannot add it without the token and a CORS preflight the portal does not grant.
- Anything else (the session cookie, basic auth) must come from the portal's own origin:
  ``Sec-Fetch-Site: same-origin``; else the ``Origin`` header equal to the portal's
  origin; else, when a browser sent no ``Origin``, the ``Referer``'s origin.
- A request with none of the three headers is allowed: it does not come from a browser
  (every browser the portal supports sends ``Origin`` on a cross-origin POST, PUT, PATCH
  or DELETE, even when it strips ``Referer``), and command-line clients, cron jobs and
  the tests' HTTP clients send none. Go's ``net/http.CrossOriginProtection`` makes the
  same choice.

The portal's origin is the scheme, host and port of ``request["SERVER_URL"]``, which
the Virtual Host Monster sets to the public address behind a front proxy.

When the request passes, plone.protect's CSRF check is turned off for it here, so the
services do not each have to (they did, in about ten places).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from AccessControl import getSecurityManager
from plone import api
from plone.rest.interfaces import IAPIRequest
from plone.rest.interfaces import IService
from zExceptions import Forbidden
from zExceptions import NotFound
from zope.component import adapter
from zope.i18n import translate
from ZPublisher.interfaces import IPubAfterTraversal

from atvidaberg.etjanster import _
from atvidaberg.etjanster.httpsecurity.csrf import write_without_form_token
from atvidaberg.etjanster.interfaces import IBrowserLayer
from atvidaberg.etjanster.traffic.request import bearer_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# plone.session's cookie, unless the site's session plugin names another.
SESSION_COOKIE = "__ac"

REFUSED = _(
    "This change was refused because it did not come from the portal's own pages. "
    "Integrations log in with a token (Authorization: Bearer)."
)


@dataclass(frozen=True)
class Origin:
    """A web origin as browsers compare them: scheme, host and port."""

    scheme: str
    host: str
    port: int

    @classmethod
    def parse(cls, url):
        """The origin of ``url`` (an Origin header or any absolute URL), or None."""
        try:
            parts = urlsplit((url or "").strip())
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        return cls(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme])


class CrossOriginRefused(Forbidden):
    """A cookie-authenticated REST write from another origin (answered 403 in JSON)."""


def is_logged_in():
    user = getSecurityManager().getUser()
    return user is not None and user.getUserName() != "Anonymous User"


def portal_origin(request):
    return Origin.parse(request.get("SERVER_URL", ""))


def session_cookie_name():
    try:
        plugin = api.portal.get_tool("acl_users").session
        return plugin.getProperty("cookie_name") or SESSION_COOKIE
    except (AttributeError, api.exc.CannotGetPortalError):
        return SESSION_COOKIE


def token_authenticated(request):
    """A token client: a Bearer token and no session cookie the browser would add."""
    return bearer_token(request) is not None and not request.cookies.get(
        session_cookie_name()
    )


def from_portal_origin(request):
    """True when the browser says the request comes from the portal's own pages, or
    when no browser header says anything (a non-browser client)."""
    fetch_site = request.getHeader("Sec-Fetch-Site")
    if fetch_site == "same-origin":
        return True
    own = portal_origin(request)
    origin = request.getHeader("Origin")
    if origin is not None:
        # "null" (sandboxed frames, some redirects) parses to None: refused.
        return own is not None and Origin.parse(origin) == own
    if fetch_site is not None:
        # A browser that tells the site but gives no Origin on a write: refuse.
        return False
    referer = request.getHeader("Referer")
    if referer is not None:
        return own is not None and Origin.parse(referer) == own
    return True


def needs_origin_check(request):
    return (
        IBrowserLayer.providedBy(request)
        and IAPIRequest.providedBy(request)
        and request.get("REQUEST_METHOD", "GET").upper() not in SAFE_METHODS
    )


def called_by_view_name(request):
    """A plone.rest service published other than through REST dispatch.

    plone.rest registers each service as a browser view named after its method and
    media type (``POST_application_json_@workflow``) and does not compare the
    request's method with the service's. Called by that name (``@@POST_…`` in a
    link, a GET carrying the Lax cookie) the request is no REST request: neither the
    origin check nor the paging bounds would see it, and services that turn
    plone.protect off themselves would commit. Such a request is not found.
    """
    published = request.get("PUBLISHED")
    if not IService.providedBy(published):
        return False
    if not IAPIRequest.providedBy(request):
        return True
    if getattr(request, "_rest_cors_preflight", False):
        return False  # OPTIONS, answered by the service of the asked method
    method = request.get("REQUEST_METHOD", "GET").upper()
    return getattr(published, "method", method) != method


@adapter(IPubAfterTraversal)
def check_rest_write(event):
    """Refuse a cross-origin REST write made with the browser's credentials."""
    request = event.request
    if IBrowserLayer.providedBy(request) and called_by_view_name(request):
        raise NotFound()
    if not needs_origin_check(request):
        return
    ambient = is_logged_in() and not token_authenticated(request)
    if ambient and not from_portal_origin(request):
        raise CrossOriginRefused(translate(REFUSED, context=request))
    # Same origin, a token, no browser, or nobody logged in (no credential to abuse):
    # plone.protect's form token does not apply to JSON clients.
    write_without_form_token(request)
