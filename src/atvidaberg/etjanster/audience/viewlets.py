"""Tell a visitor who followed a link to an internal e-service how to get in."""

from urllib.parse import urlsplit

from plone import api
from plone.app.layout.viewlets import ViewletBase

from atvidaberg.etjanster.content.eservice import IEService


def eservice_behind(url):
    """The e-service that ``url`` (inside the portal) shows, or None."""
    portal = api.portal.get()
    portal_url = portal.absolute_url()
    if not url.startswith(portal_url + "/"):
        return None
    relative = urlsplit(url).path[len(urlsplit(portal_url).path) :].strip("/")
    # The link may name a view of the e-service, such as …/e-tjanst/view.
    for candidate in (relative, relative.rpartition("/")[0]):
        obj = portal.unrestrictedTraverse(candidate, None) if candidate else None
        if IEService.providedBy(obj):
            return obj
    return None


class InternalLoginHint(ViewletBase):
    def update(self):
        super().update()
        eservice = eservice_behind(self.request.form.get("came_from") or "")
        self.show = eservice is not None and eservice.is_internal

    def render(self):
        return self.index() if self.show else ""
