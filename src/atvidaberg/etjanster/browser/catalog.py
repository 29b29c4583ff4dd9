"""Självserviceportalen: e-services and blanketter grouped by category, with search.

What an anonymous visitor browses (the popular e-services, the categories and the
help pages) is the same for every such visitor and is drawn from the catalog, the
portal's popular picks and the categories of the control panel: it is drawn once and
kept under ``listing.shared.anonymous_key`` with the page's path and the minute (the
categories are not in the catalog), as the navigation portlet is (issue 11: it was
most of the difference between the front page and plain Plone's). Searches and
logged-in visitors get it drawn for them.
"""

from plone import api
from plone.memoize import ram
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from atvidaberg.etjanster import _
from atvidaberg.etjanster import listing
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX
from atvidaberg.etjanster.listing import shared
from atvidaberg.etjanster.vocabularies.vocabularies import token_for

LISTED_TYPES = ("EService", "Blankett")
# What the page lists when nobody searches: one catalog query for the popular
# e-services, the categories and the help pages (three before; issue 11).
BROWSED_TYPES = (*LISTED_TYPES, "FAQ")


def _shared_key(method, view):
    return shared.anonymous_key(
        method.__name__,
        "/".join(view.context.getPhysicalPath()),
        shared.period(),
    )


class CatalogView(BrowserView):
    _browse = ViewPageTemplateFile("templates/catalog_browse.pt")

    def update(self):
        self.query = (self.request.form.get("q") or "").strip()[
            : listing.MAX_QUERY_LENGTH
        ]

    def __call__(self):
        self.update()
        return self.index()

    def rows(self, brains):
        return [self._row(b) for b in brains]

    def _row(self, brain):
        is_eservice = brain.portal_type == "EService"

        def value(name):
            return is_eservice and listing.metadata(brain, name)

        return {
            "url": brain.getURL(),
            "title": brain.Title,
            "description": brain.Description,
            "is_eservice": is_eservice,
            "kind": _("E-service") if is_eservice else _("Blankett"),
            "requires_eid": bool(value("requires_eid")),
            "external": is_eservice and listing.is_external(brain),
            "unavailable": is_eservice and not value("eservice_available"),
            "internal": is_eservice and value("eservice_audience") != "everyone",
        }

    def results_heading(self, count):
        mapping = {"count": count, "query": self.query}
        if count == 1:
            return _("1 hit for “${query}”", mapping=mapping)
        return _("${count} hits for “${query}”", mapping=mapping)

    def search_results(self):
        return self.rows(listing.find(self.context, LISTED_TYPES, text=self.query))

    @memoize
    def _browsed(self):
        """Every listed item the visitor may see in the portal, by title."""
        return list(listing.find(self.context, BROWSED_TYPES))

    def _browsed_of(self, portal_types):
        return [b for b in self._browsed() if b.portal_type in portal_types]

    def popular(self):
        wanted = [
            rel.to_object for rel in self.context.popular or () if not rel.isBroken()
        ]
        uids = [api.content.get_uuid(obj) for obj in wanted if obj is not None]
        if not uids:
            return []
        # Through the catalog, so an internal or private pick stays hidden from those
        # who may not see it; then back into the communicator's order.
        by_uid = {b.UID: b for b in self._browsed_of(("EService",))}
        return self.rows(by_uid[uid] for uid in uids if uid in by_uid)

    @ram.cache(_shared_key)
    def browse_html(self) -> str:
        """The popular e-services and the categories, as the page shows them."""
        return self._browse()

    @ram.cache(_shared_key)
    def help_pages(self) -> list[dict]:
        """The FAQ pages inside the portal, offered beside the catalog."""
        return [
            {"title": brain.Title, "url": brain.getURL()}
            for brain in self._browsed_of(("FAQ",))
        ]

    def groups(self):
        categories = (
            api.portal.get_registry_record(
                f"{REGISTRY_PREFIX}.categories", default=None
            )
            or []
        )
        grouped = {name: [] for name in categories}
        other = []
        for brain in self._browsed_of(LISTED_TYPES):
            grouped.get(listing.metadata(brain, "eservice_category"), other).append(
                brain
            )
        result = [
            {
                "title": name,
                "id": "kategori-" + token_for(name),
                "rows": self.rows(brains),
            }
            for name, brains in grouped.items()
            if brains
        ]
        if other:
            result.append(
                {"title": _("Other"), "id": "kategori-ovrigt", "rows": self.rows(other)}
            )
        return result
