"""Keys for what anonymous visitors share, kept in process memory across requests.

What a visitor who is not logged in sees of catalogued content (the navigation
portlet's tree, the summaries of related items in REST answers) is the same for every
such visitor; recomputing it on every request made the portal's pages slower than
plain Plone's (issue 11). ``plone.memoize.ram`` keeps it under a key that changes
whenever the answer may: the catalog's counter (every indexing, workflow change,
move or removal bumps it), the portal's URL as this request reaches it (virtual
hosting), the language, and what the caller adds. A logged-in visitor's answer may
depend on their roles: it is never kept (``DontCache``).
"""

import time

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SpecialUsers import nobody
from plone import api
from plone.memoize.ram import DontCache
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest

_KEY = "atvidaberg.etjanster.anonymous_key"
SECONDS = 60  # how long a change the catalog does not see may take to show


def period() -> int:
    """The current minute, for keys of what also reads the registry or the clock."""
    return int(time.time() // SECONDS)


def anonymous_key(*parts: object) -> tuple:
    """A ``plone.memoize.ram`` key for an anonymous visitor; ``DontCache`` otherwise.

    Who the visitor is and the catalog's counter are read on each call (the request
    may log in, adopt a user or index); the portal, its URL and the language once per
    request (a page asks for several keys).
    """
    if not is_anonymous():
        raise DontCache
    request = getRequest()
    annotations = IAnnotations(request) if request is not None else {}
    site = annotations.get(_KEY)
    if site is None:
        portal = api.portal.get()
        site = annotations[_KEY] = (
            portal,
            portal.absolute_url(),
            api.portal.get_current_language(),
        )
    portal, url, language = site
    return (portal.portal_catalog.getCounter(), url, language, *parts)


def is_anonymous() -> bool:
    """As ``portal_membership.isAnonymousUser``, without looking the tool up."""
    user = getSecurityManager().getUser()
    return user is None or user.getUserName() == nobody.getUserName()


def fresh(value):
    """A copy of a kept JSON-like value (dicts, lists, tuples and what they hold), for
    a caller that may change it; faster than ``copy.deepcopy`` for these."""
    if isinstance(value, dict):
        return {key: fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [fresh(item) for item in value]
    if isinstance(value, tuple):
        return tuple(fresh(item) for item in value)
    return value
