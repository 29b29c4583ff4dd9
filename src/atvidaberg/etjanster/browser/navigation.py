"""The navigation portlet, drawn once per catalog change for anonymous visitors.

Inside the portal, Plone's navigation portlet queried the catalog for its tree and
drew it on every page, a quarter of the difference between an e-service's start page
and a plain Plone Document (issue 11). The tree and the drawn portlet are the same
for every visitor who is not logged in, so they are kept in process memory under
``listing.shared.anonymous_key`` (the catalog's counter, the portal's URL, the
language), the page's path, the portlet's settings and the current minute: what the
catalog does not see (the portlet's or the navigation settings, an item's publishing
date arriving) shows within a minute, as it would through the caching proxy. A
logged-in visitor's tree depends on their roles and is drawn as Plone draws it.
"""

from Acquisition import aq_inner
from plone.app.portlets.portlets.navigation import INavigationPortlet
from plone.app.portlets.portlets.navigation import Renderer
from plone.memoize import ram
from plone.memoize.instance import memoize

from atvidaberg.etjanster.listing import shared


def _key(method, renderer):
    data = renderer.data
    return shared.anonymous_key(
        "/".join(aq_inner(renderer.context).getPhysicalPath()),
        renderer.manager.__name__,
        getattr(data, "__name__", None),
        tuple(getattr(data, name, None) for name in INavigationPortlet.names()),
        shared.period(),
    )


class NavigationRenderer(Renderer):
    """Plone's renderer; for anonymous visitors its result comes from the RAM cache."""

    @property
    def available(self) -> bool:
        return self._drawn()[0]

    def render(self) -> str:
        return self._drawn()[1]

    @memoize
    def _drawn(self) -> tuple[bool, str]:
        return self._draw()

    @ram.cache(_key)
    def _draw(self) -> tuple[bool, str]:
        available = Renderer.available.fget(self)
        return available, Renderer.render(self) if available else ""
