"""Catalog queries behind the catalog page and @eservices: metadata only, no wake-ups.

The catalog filters by the View permission, so an internal or private e-service never
reaches someone who may not see it, whatever the listing.
"""

import re

from Missing import Value as MissingValue
from plone import api

from atvidaberg.etjanster.vocabularies.vocabularies import (
    categories as categories_vocabulary,
)

# What a row says when the catalog has no value yet (an object indexed before the
# column was added): the field defaults of the e-service schema.
METADATA_DEFAULTS = {
    "eservice_category": None,
    "eservice_audience": "everyone",
    "external_url": None,
    "requires_eid": True,
    "requires_signature": False,
    "eservice_available": True,
}
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_LENGTH = 200


def searchable_text_query(text):
    """Each word as a prefix, so "bygg" finds "bygglov"; operators are not passed on."""
    words = _WORD.findall(text or "")
    return " AND ".join(f"{w}*" for w in words[:20]) or None


def find(context, portal_types, text=None, category=None, uids=None):
    query = {
        "portal_type": list(portal_types),
        "path": "/".join(context.getPhysicalPath()),
        "sort_on": "sortable_title",
    }
    searchable = searchable_text_query(text)
    if searchable:
        query["SearchableText"] = searchable
        del query["sort_on"]  # relevance first
    if category:
        query["eservice_category"] = category
    if uids is not None:
        query["UID"] = list(uids)
    return api.content.find(**query)


def category_matching(requested):
    """Accept a category by name or by its URL token ("bygga-bo-och-miljo")."""
    for term in categories_vocabulary(None):
        if requested in (term.value, term.token):
            return term.value
    return None


def metadata(brain, name):
    value = getattr(brain, name, None)
    if value is None or value is MissingValue:
        return METADATA_DEFAULTS.get(name)
    return value


def is_external(brain):
    return bool(metadata(brain, "external_url"))
