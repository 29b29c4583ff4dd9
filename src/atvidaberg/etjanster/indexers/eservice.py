"""What the catalog knows about e-services, so listings never wake the objects up."""

from plone.indexer import indexer

from atvidaberg.etjanster.content.blankett import IBlankett
from atvidaberg.etjanster.content.eservice import IEService


@indexer(IEService)
def eservice_category(obj):
    return obj.category


@indexer(IBlankett)
def blankett_category(obj):
    return obj.category


@indexer(IEService)
def eservice_audience(obj):
    return obj.audience


@indexer(IEService)
def external_url(obj):
    return obj.external_url or None


@indexer(IEService)
def requires_eid(obj):
    """The marker of the catalog and ``@eservices``: whether starting asks for a login."""
    return obj.needs_login


@indexer(IEService)
def requires_signature(obj):
    return bool(obj.requires_signature)


@indexer(IEService)
def eservice_available(obj):
    return bool(obj.available)


def _searchable(obj, *extra):
    """Title, summary, keywords and category: what a resident types into the search."""
    parts = (obj.id, obj.title, obj.description, " ".join(obj.Subject()), obj.category)
    return " ".join(part for part in (*parts, *extra) if part)


@indexer(IEService)
def eservice_searchable_text(obj):
    return _searchable(obj, obj.target_group)


@indexer(IBlankett)
def blankett_searchable_text(obj):
    return _searchable(obj)
