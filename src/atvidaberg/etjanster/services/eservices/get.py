"""GET /Plone/@eservices: the e-services the caller may see, optionally filtered."""

from plone import api
from plone.restapi.services import Service

from atvidaberg.etjanster import listing
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX


class EServicesGet(Service):
    def reply(self):
        form = self.request.form
        text = form.get("q") or ""
        category = form.get("category") or ""
        if not isinstance(text, str) or not isinstance(category, str):
            return self._bad_request("Each of q and category may be given once.")
        if len(text) > listing.MAX_QUERY_LENGTH:
            return self._bad_request(
                f"q is longer than {listing.MAX_QUERY_LENGTH} characters."
            )
        if category:
            categories = (
                api.portal.get_registry_record(
                    f"{REGISTRY_PREFIX}.categories", default=None
                )
                or []
            )
            category = listing.category_matching(category, categories)
            if category is None:
                return self._bad_request(
                    "Unknown category; see @controlpanels/etjanster for the list."
                )
        brains = listing.find(self.context, ("EService",), text=text, category=category)
        items = [self._item(brain) for brain in brains]
        return {
            "@id": f"{self.context.absolute_url()}/@eservices",
            "items": items,
            "items_total": len(items),
        }

    def _item(self, brain):
        return {
            "@id": brain.getURL(),
            "title": brain.Title,
            "description": brain.Description,
            "category": brain.eservice_category,
            "external": listing.is_external(brain),
            "external_url": brain.external_url,
            "requires_eid": bool(brain.requires_eid),
            "requires_signature": bool(brain.requires_signature),
            "audience": brain.eservice_audience,
            "available": bool(brain.eservice_available),
        }

    def _bad_request(self, message):
        self.request.response.setStatus(400)
        return {"error": {"type": "BadRequest", "message": message}}
