"""The catalog queries of the case listings: the officers' queue, the resident's cases.

The queue page (``workspace/queue.py``) and ``@case-queue`` ask here for the same
cases, filters and counts; Mina sidor and ``@my-cases`` for the same resident's cases.
Every listing is answered from metadata. The catalog's security filter
(``allowedRolesAndUsers``, fed by ``handling.localroles``) keeps each officer to their
units' cases, and protected cases to the protected-case group.
"""

from plone import api

from atvidaberg.etjanster.handling.status import AWAITING_RESIDENT
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import IN_REVIEW
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.handling.units import handles_protected_cases
from atvidaberg.etjanster.handling.units import registrar_group
from atvidaberg.etjanster.handling.units import units_of

QUEUED = (SUBMITTED, IN_REVIEW, AWAITING_RESIDENT, CLOSED)  # never drafts
# The date index counts in minutes; the number orders a minute's cases.
QUEUE_SORT = ["case_received", "registration_number"]


def is_registrar(user):
    group = registrar_group()
    return bool(group and user is not None and group in (user.getGroups() or ()))


def is_officer(user):
    """Whether ``user`` handles or registers cases: the queue is for them."""
    if user is None:
        return False
    return bool(units_of(user) or handles_protected_cases(user) or is_registrar(user))


def queue_query(eservice=None, unit=None, assignee=None, review_state=None):
    """The catalog query of the queue's filters; the status is given apart."""
    query = {"portal_type": "Case"}
    for index, value in (
        ("case_eservice", eservice),
        ("case_unit", unit),
        ("case_assignee", assignee),
        ("review_state", review_state),
    ):
        if value:
            query[index] = value
    return query


def _search(query, statuses, **sorting):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(**query, case_status=list(statuses), **sorting)


def queued_cases(query, statuses=QUEUED, order="ascending"):
    """The brains of the filtered queue in ``statuses``, by the time received."""
    return _search(query, statuses, sort_on=QUEUE_SORT, sort_order=order)


def count(query, statuses=QUEUED):
    return len(_search(query, statuses))


def status_counts(query):
    """``{status: number of cases}`` of the filtered queue, for every listed status."""
    return {status: count(query, (status,)) for status in QUEUED}


def resident_cases(user_id):
    """The brains of ``user_id``'s cases (drafts too), newest change first.

    Sorted on the metadata, not the index: the ``modified`` index counts in minutes,
    and a resident's few cases are read anyway.
    """
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(portal_type="Case", Creator=user_id)
    return sorted(brains, key=lambda brain: brain.modified, reverse=True)
