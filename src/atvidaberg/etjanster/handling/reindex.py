"""When administrators change who handles what, the catalog learns who may see what."""

from typing import TYPE_CHECKING

from plone import api

from atvidaberg.etjanster.handling.status import HANDLED_STATES
from atvidaberg.etjanster.handling.units import HANDLERS_RECORD
from atvidaberg.etjanster.handling.units import PROTECTED_GROUP_RECORD
from atvidaberg.etjanster.handling.units import REGISTRAR_GROUP_RECORD

if TYPE_CHECKING:
    from plone.registry.events import RecordModifiedEvent

RECORDS = (HANDLERS_RECORD, PROTECTED_GROUP_RECORD, REGISTRAR_GROUP_RECORD)


def reindex_case_security() -> int:
    """Reindex who may see each sent-in case; returns how many were reindexed."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case", review_state=list(HANDLED_STATES)
    )
    count = 0
    for brain in brains:
        brain._unrestrictedGetObject().reindexObject(
            idxs=["allowedRolesAndUsers", "case_unit"]
        )
        count += 1
    return count


def mapping_changed(event: "RecordModifiedEvent") -> None:
    if event.record.__name__ in RECORDS:
        reindex_case_security()
