"""Catalog queries behind the catalog page and @eservices: metadata only, no wake-ups.

The catalog filters by the View permission, so an internal or private e-service never
reaches someone who may not see it, whatever the listing.
"""

import re

from plone import api

from atvidaberg.etjanster.vocabularies.vocabularies import token_for

EXTERNAL_FIELDS = (
    "eservice_category",
    "eservice_audience",
    "external_url",
    "requires_eid",
    "requires_signature",
    "eservice_available",
)
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


def category_matching(requested, categories):
    """Accept a category by name or by its URL token ("bygga-bo-och-miljo")."""
    for name in categories:
        if requested in (name, token_for(name)):
            return name
    return None


def is_external(brain):
    return bool(brain.external_url)
