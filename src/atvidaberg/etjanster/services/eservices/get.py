"""GET /Plone/@eservices: the e-services the caller may see, optionally filtered."""

from atvidaberg.etjanster import _
from atvidaberg.etjanster import listing
from atvidaberg.etjanster.services.base import Service


class EServicesGet(Service):
    def reply(self):
        form = self.request.form
        text = form.get("q") or ""
        category = form.get("category") or ""
        if not isinstance(text, str) or not isinstance(category, str):
            return self._bad_request(_("Each of q and category may be given once."))
        if len(text) > listing.MAX_QUERY_LENGTH:
            return self._bad_request(
                _(
                    "q is longer than ${length} characters.",
                    mapping={"length": listing.MAX_QUERY_LENGTH},
                )
            )
        if category:
            category = listing.category_matching(category)
            if category is None:
                return self._bad_request(
                    _("Unknown category; see @controlpanels/etjanster for the list.")
                )
        brains = listing.find(self.context, ("EService",), text=text, category=category)
        items = [self._item(brain) for brain in brains]
        return {
            "@id": f"{self.context.absolute_url()}/@eservices",
            "items": items,
            "items_total": len(items),
        }

    def _item(self, brain):
        def value(name):
            return listing.metadata(brain, name)

        return {
            "@id": brain.getURL(),
            "title": brain.Title,
            "description": brain.Description,
            "category": value("eservice_category"),
            "external": listing.is_external(brain),
            "external_url": value("external_url"),
            "requires_eid": bool(value("requires_eid")),
            "requires_signature": bool(value("requires_signature")),
            "audience": value("eservice_audience"),
            "available": bool(value("eservice_available")),
        }

    def _bad_request(self, message):
        return self.error(400, "BadRequest", message)
