"""Drafts nobody has touched for a while are deleted (gallring), counting only.

Run daily by cron (``@@purge-drafts`` as an administrator, see the administrators'
guide). The log says how many drafts went, never whose or which.
"""

import logging
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from DateTime import DateTime
from plone import api

from atvidaberg.etjanster.cases.access import DRAFT
from atvidaberg.etjanster.controlpanel.settings import REGISTRY_PREFIX

logger = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 90


def retention_days() -> int:
    days = api.portal.get_registry_record(
        f"{REGISTRY_PREFIX}.draft_retention_days", default=None
    )
    return days or DEFAULT_RETENTION_DAYS


def purge_old_drafts(now: datetime | None = None) -> int:
    """Delete drafts last modified before the retention period; return how many."""
    now = now or datetime.now(UTC)
    cutoff = DateTime(now - timedelta(days=retention_days()))
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="Case",
        review_state=DRAFT,
        modified={"query": cutoff, "range": "max"},
    )
    count = 0
    for brain in brains:
        case = brain._unrestrictedGetObject()
        case.aq_parent._delObject(case.getId(), suppress_events=False)
        count += 1
    logger.info("Purged %d draft(s) untouched for %d days", count, retention_days())
    return count
