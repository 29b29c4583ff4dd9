"""What listings of cases read from the catalog: no names, no personnummer, no answers.

Mina sidor and the officers' queue are catalog queries on these indexes, and their rows
are these metadata columns; no row wakes its case up. The catalog never learns who
applied: a case's title is its e-service's name (``case_title``).
"""

from plone.indexer import indexer
from Products.CMFPlone.CatalogTool import allowedRolesAndUsers as plone_allowed

from atvidaberg.etjanster.cases.content import ICase
from atvidaberg.etjanster.handling.listings import QUEUED
from atvidaberg.etjanster.handling.listings import queue_tokens
from atvidaberg.etjanster.handling.localroles import unit_of
from atvidaberg.etjanster.handling.messages import OFFICER
from atvidaberg.etjanster.handling.messages import RESIDENT
from atvidaberg.etjanster.handling.messages import unread_count
from atvidaberg.etjanster.handling.status import case_status


@indexer(ICase)
def case_status_indexer(obj):
    return case_status(obj)


@indexer(ICase)
def case_allowed_roles_and_users(obj):
    """Plone's security tokens, and in the queue each again under its status.

    The queue reads a status's cases from these (``handling.listings``). They are
    kept current wherever the security index is reindexed (every transition, a
    change of unit or of the handlers' groups) and where the status changes without
    a transition (``handling.dialog.LISTING_INDEXES``).
    """
    allowed = list(plone_allowed.callable(obj))
    status = case_status(obj)
    if status not in QUEUED:
        return allowed
    return allowed + queue_tokens(status, allowed)


@indexer(ICase)
def case_unit(obj):
    return unit_of(obj)


@indexer(ICase)
def case_eservice(obj):
    return obj.eservice_uid


@indexer(ICase)
def case_received(obj):
    return obj.received


@indexer(ICase)
def case_queue_order(obj):
    """The queue's order: received (UTC, to the microsecond), then the number."""
    if obj.received is None:
        raise AttributeError("a draft is not in the queue")
    return f"{obj.received:%Y%m%dT%H%M%S%f}|{obj.registration_number}"


@indexer(ICase)
def case_assignee(obj):
    return getattr(obj, "assigned_to", None)


@indexer(ICase)
def registration_number(obj):
    return obj.registration_number


@indexer(ICase)
def unread_by_resident(obj):
    return unread_count(obj, RESIDENT)


@indexer(ICase)
def unread_by_officer(obj):
    return unread_count(obj, OFFICER)


@indexer(ICase)
def case_title(obj):
    return obj.title
