"""Plone's own login (officers, administrators): no password from a URL, no way off
the portal after it.

Plone's cookie plugins read their credentials from the request's form, and Zope's form
holds the query string too: ``GET /login?__ac_name=…&__ac_password=…`` logged in
(leaving the password in histories and logs), and so did ``?__ac=<session>`` on any
page. Plone's login form then sent the browser to ``came_from`` after comparing only
its path with the site's, so ``https://evil.example/plone`` passed.

- ``credentials_only_where_they_belong`` runs when a request enters a Plone site,
  before Zope authenticates it: the password counts only in the body of a POST, the
  session only in its cookie. Anything else is dropped, and the request goes on as
  anonymous (the login form answers with its form).
- ``RedirectAfterLogin`` keeps the address the login form returns to inside the
  portal, with the same rule as the e-legitimation login (``flow.safe_came_from``).
"""

import logging
from urllib.parse import parse_qsl

from plone.base.interfaces import IRedirectAfterLogin
from zope.interface import implementer

from atvidaberg.etjanster.login.flow import safe_came_from

logger = logging.getLogger(__name__)

# The names of Plone's cookie plugins (credentials_cookie_auth, session).
PASSWORD_FIELD = "__ac_password"  # noqa: S105 (a field name, not a password)
SESSION_FIELD = "__ac"


def _drop(request, key):
    request.form.pop(key, None)
    request.taintedform.pop(key, None)


def credentials_only_where_they_belong(site, event):
    """Drop a password that is not in a POST's body, and a session not in a cookie."""
    request = event.request
    form = getattr(request, "form", None)
    if not form:
        return
    if SESSION_FIELD in form:
        _drop(request, SESSION_FIELD)
    if PASSWORD_FIELD in form:
        in_url = any(
            key.split(":", 1)[0] == PASSWORD_FIELD
            for key, _ in parse_qsl(
                request.environ.get("QUERY_STRING", ""), keep_blank_values=True
            )
        )
        if in_url or request.get("REQUEST_METHOD", "GET").upper() != "POST":
            _drop(request, PASSWORD_FIELD)
            logger.warning(
                "A password sent in a URL was ignored (%s %s)",
                request.get("REQUEST_METHOD"),
                request.get("PATH_INFO", ""),
            )


@implementer(IRedirectAfterLogin)
class RedirectAfterLogin:
    """Plone's login form goes back only to a place inside the portal."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, came_from=None, is_initial_login=False):
        return safe_came_from(came_from)
