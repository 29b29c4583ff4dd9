"""What a caching proxy must forget when a public item of the portal changes.

plone.app.caching purges an edited item's own pages (``ContentPurgePaths``) and its
parent's only when the item is that parent's default page. The portal's pages list
their children, though: the e-service catalog shows every e-service's title and
description, the FAQ page shows its sections' questions, and the site's front page
is the catalog, which also lists the FAQ pages. So an edit of an e-service, a blankett,
an FAQ page, section or question also purges the
pages of every folder above it, up to the site (a handful of URLs per edit).
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.app.caching.purge import ContentPurgePaths
from plone.dexterity.interfaces import IDexterityContent
from z3c.caching.interfaces import IPurgePaths
from zope.interface import implementer


@implementer(IPurgePaths)
class ListingPurgePaths:
    """The pages of the folders that list ``context`` (registered in ZCML for the
    portal's public types)."""

    def __init__(self, context: object) -> None:
        self.context = context

    def getRelativePaths(self) -> list[str]:
        paths: list[str] = []
        parent = aq_parent(aq_inner(self.context))
        while IDexterityContent.providedBy(parent):
            paths.extend(ContentPurgePaths(parent).getRelativePaths())
            parent = aq_parent(parent)
        return paths

    def getAbsolutePaths(self) -> list[str]:
        return []
