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

from plone import api
from plone.memoize.ram import DontCache


def anonymous_key(*parts: object) -> tuple:
    """A ``plone.memoize.ram`` key for an anonymous visitor; ``DontCache`` otherwise."""
    if not api.user.is_anonymous():
        raise DontCache
    portal = api.portal.get()
    return (
        portal.portal_catalog.getCounter(),
        portal.absolute_url(),
        api.portal.get_current_language(),
        *parts,
    )
