"""Tell a visitor who followed a link to an internal e-service how to get in."""

from urllib.parse import urlsplit

from plone import api
from plone.app.layout.viewlets import ViewletBase

from atvidaberg.etjanster.content.eservice import IEService


def eservice_behind(url):
    """The e-service that ``url`` shows, or None; ``url`` may also be a bare path.

    Only places inside the portal are looked at.
    """
    portal = api.portal.get()
    portal_path = urlsplit(portal.absolute_url()).path.rstrip("/")
    parts = urlsplit(url)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != _origin(portal):
        return None
    if not parts.path.startswith(portal_path + "/"):
        return None
    relative = parts.path[len(portal_path) :].strip("/")
    # The link may name a view of the e-service, such as …/e-tjanst/view.
    for candidate in (relative, relative.rpartition("/")[0]):
        obj = portal.unrestrictedTraverse(candidate, None) if candidate else None
        if IEService.providedBy(obj):
            return obj
    return None


def _origin(portal):
    parts = urlsplit(portal.absolute_url())
    return f"{parts.scheme}://{parts.netloc}"


class InternalLoginHint(ViewletBase):
    def update(self):
        super().update()
        eservice = eservice_behind(self.request.form.get("came_from") or "")
        # Only a published internal e-service: a private one is nobody's business.
        self.show = (
            eservice is not None
            and eservice.is_internal
            and api.content.get_state(eservice, default=None) == "internal"
        )

    def render(self):
        return self.index() if self.show else ""
