"""The catalog queries of the case listings: the officers' queue, the resident's cases.

The queue page (``workspace/queue.py``) and ``@case-queue`` ask here for the same
cases, filters and counts; Mina sidor and ``@my-cases`` for the same resident's cases.
Every listing is answered from metadata. The catalog's security filter
(``allowedRolesAndUsers``, fed by ``handling.localroles``) keeps each officer to their
units' cases, and protected cases to the protected-case group.

The queue's page and counts read that same security index, but its entries per
status (``queue_tokens``): a queued case is indexed under each of its security tokens
and under each again prefixed with its status, so the cases in one status that a user
may see are the union of the user's few entries for that status, one set per unit or
group. Searching the catalog for every case the user may see and intersecting it with
each status (the way before) cost time in proportion to all the cases.
"""

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from AccessControl import getSecurityManager
from BTrees.IIBTree import IISet
from BTrees.IIBTree import IITreeSet
from BTrees.IIBTree import intersection
from BTrees.IIBTree import multiunion
from plone import api
from zope.globalrequest import getRequest
from ZTUtils.Lazy import Lazy
from ZTUtils.Lazy import LazyMap

from atvidaberg.etjanster.handling.status import AWAITING_RESIDENT
from atvidaberg.etjanster.handling.status import CLOSED
from atvidaberg.etjanster.handling.status import IN_REVIEW
from atvidaberg.etjanster.handling.status import SUBMITTED
from atvidaberg.etjanster.handling.units import handles_protected_cases
from atvidaberg.etjanster.handling.units import registrar_group
from atvidaberg.etjanster.handling.units import units_of

QUEUED = (SUBMITTED, IN_REVIEW, AWAITING_RESIDENT, CLOSED)  # never drafts
# One index, exact to the microsecond and then by number (indexers/case.py): the
# catalog sorts a page of it without sorting every case (a second sort index, or the
# date index that counts in minutes, made it sort them all).
QUEUE_SORT = "case_queue_order"
# Cases have no publication window: an effective date comes with a transition, and
# none expires. Without this the catalog would also test every case's effective range
# for users who may not see inactive content (everyone but managers), at a cost that
# grows with the number of cases.
ALWAYS_ACTIVE = {"show_inactive": True}
SECURITY_INDEX = "allowedRolesAndUsers"


def queue_tokens(status: str, allowed: Iterable[str]) -> list[str]:
    """The security index's entries of a case in the queue's ``status``.

    ``allowed`` are the case's own tokens (roles, ``user:<principal>``); each is also
    indexed prefixed with the status (``indexers.case``). No user or role has such a
    token of their own, so they let nobody see more than the plain ones.
    """
    return [f"queue:{status}|{token}" for token in allowed]


def is_registrar(user: Any) -> bool:
    group = registrar_group()
    return bool(group and user is not None and group in (user.getGroups() or ()))


def is_officer(user: Any) -> bool:
    """Whether ``user`` handles or registers cases: the queue is for them."""
    if user is None:
        return False
    return bool(units_of(user) or handles_protected_cases(user) or is_registrar(user))


def queue_query(
    eservice: str | None = None,
    unit: str | None = None,
    assignee: str | None = None,
    review_state: str | None = None,
) -> dict[str, str]:
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


def _search(query: dict, statuses: Iterable[str], **sorting: str) -> Lazy:
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(**query, case_status=list(statuses), **ALWAYS_ACTIVE, **sorting)


def queued_cases(
    query: dict,
    statuses: Sequence[str] = QUEUED,
    order: str = "ascending",
    b_start: int = 0,
    b_size: int | None = None,
) -> Lazy:
    """The brains of the filtered queue in ``statuses``, by the time received.

    With ``b_size`` only that page is found and read; the result's
    ``actual_result_count`` is all of them, as batches expect. The page comes from
    the cases the user may see in those statuses (``_visible_in``) walked in the sort
    index's order: the catalog's own sort would go through every
    matching case in Python.
    """
    if not b_size:
        return _search(query, statuses, sort_on=QUEUE_SORT, sort_order=order)
    candidates = multiunion([_visible_in(query, status) for status in statuses])
    page = _first(candidates, b_start + b_size, descending=order == "descending")
    catalog = api.portal.get_tool("portal_catalog")._catalog
    return LazyMap(
        catalog.__getitem__,
        PageAt(b_start, page[b_start:]),
        actual_result_count=len(candidates),
    )


@dataclass
class PageAt:
    """The record ids of one page, at its place in the listing.

    A batch reads only its own slice, so the places before the page hold no ids of
    their own (the page's first stands in): a list padded to the place would cost
    memory in proportion to ``b_start`` (150 MB at ten million).
    """

    start: int
    ids: list[int]

    def __len__(self) -> int:
        return self.start + len(self.ids)

    def __getitem__(self, index: int) -> int:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index >= self.start:
            return self.ids[index - self.start]
        return self.ids[0] if self.ids else 0


def _first(candidates: IISet | IITreeSet, wanted: int, descending: bool) -> list[int]:
    """The first ``wanted`` of ``candidates`` (record ids) in the queue's order."""
    index = _index(QUEUE_SORT)
    # indexSize counts the index's distinct keys, one per case, without walking them.
    if len(candidates) * 20 < index.indexSize():  # few: sort them
        key = index._unindex.get
        return sorted(candidates, key=key, reverse=descending)[:wanted]
    in_order = index._index.values()  # a record id, or a set of them, per key
    entries = in_order
    if descending:  # a BTree has no reverse iterator: by position, from the end
        entries = (in_order[p] for p in range(len(in_order) - 1, -1, -1))
    found = []
    for entry in entries:
        for rid in (entry,) if isinstance(entry, int) else entry:
            if rid in candidates:
                found.append(rid)
        if len(found) >= wanted:
            break
    return found[:wanted]


def count(query: dict, statuses: Sequence[str] = QUEUED) -> int:
    return len(_search(query, statuses))


def _request_cache() -> dict[Any, IISet | IITreeSet]:
    request = getRequest()
    cache = getattr(request, "_etjanster_visible_cases", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._etjanster_visible_cases = cache
    return cache


def _allowed_in(status: str) -> IISet | IITreeSet:
    """The record ids of the cases in ``status`` that the user may see.

    The same as the catalog's security filter on all cases, intersected with the
    status: the user's tokens are those the catalog itself searches for, looked up
    in their status's entries (``queue_tokens``). An officer of one unit has one
    such set per status, used as it is.
    """
    catalog = api.portal.get_tool("portal_catalog")
    user = getSecurityManager().getUser()
    index = catalog._catalog.getIndex(SECURITY_INDEX)
    tokens = queue_tokens(status, catalog._listAllowedRolesAndUsers(user))
    sets = [_entry_set(index, token) for token in tokens if token in index._index]
    if not sets:
        return IISet()
    return sets[0] if len(sets) == 1 else multiunion(sets)


def _visible_in(query: dict, status: str) -> IISet | IITreeSet:
    """The cases matching ``query`` in one status that the user may see, once per
    request (the counts and the page share it)."""
    cache = _request_cache()
    key = (repr(sorted(query.items())), status)
    if key not in cache:
        found = _allowed_in(status)
        for name, value in sorted(query.items()):
            if name != "portal_type":  # only cases have queue tokens
                found = intersection(found, _entry_set(_index(name), value))
        cache[key] = found
    return cache[key]


def _entry_set(index: Any, value: str) -> IISet | IITreeSet:
    """The record ids an index keeps for ``value`` (a field index keeps one as an int)."""
    entry = index._index.get(value)
    if entry is None:
        return IISet()
    return IISet((entry,)) if isinstance(entry, int) else entry


def _index(name: str) -> Any:
    return api.portal.get_tool("portal_catalog")._catalog.getIndex(name)


def status_counts(query: dict) -> dict[str, int]:
    """``{status: number of cases}`` of the filtered queue, for every listed status."""
    return {status: len(_visible_in(query, status)) for status in QUEUED}


def eservices_with_cases(user: Any) -> list[str]:
    """The UIDs of the e-services whose cases ``user`` works with, for a filter.

    Every e-service with cases for the protected-case group and registrars; for a
    unit's officers those of their units (e-services are few: read, not searched).
    Counting each e-service's visible cases instead grew with the number of cases.
    """
    catalog = api.portal.get_tool("portal_catalog")
    uids = [uid for uid in catalog.uniqueValuesFor("case_eservice") if uid]
    if handles_protected_cases(user) or is_registrar(user):
        return uids
    units = set(units_of(user))
    return [
        brain.UID
        for brain in catalog.unrestrictedSearchResults(portal_type="EService", UID=uids)
        if getattr(brain._unrestrictedGetObject(), "responsible_unit", None) in units
    ]


def resident_cases(user_id: str) -> list[Any]:
    """The brains of ``user_id``'s cases (drafts too), newest change first.

    Sorted on the metadata, not the index: the ``modified`` index counts in minutes,
    and a resident's few cases are read anyway.
    """
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog(portal_type="Case", Creator=user_id, **ALWAYS_ACTIVE)
    return sorted(brains, key=lambda brain: brain.modified, reverse=True)
