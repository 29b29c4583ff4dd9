"""The contact centre's details from the control panel, as a reusable snippet."""

from plone import api

from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX


def contact_centre():
    def record(name):
        return api.portal.get_registry_record(f"{REGISTRY_PREFIX}.{name}", default="")

    phone = record("contact_centre_phone") or ""
    return {
        "municipality": record("municipality_name"),
        "phone": phone,
        "phone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
        "email": record("contact_centre_email"),
        "hours": record("contact_centre_hours"),
    }
